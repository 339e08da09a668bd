/** The reports about the seed WARN, the review findings and the patch matrix (reports/*.md). */
import type { ReportGenerator } from "../../../src/report-api.ts";
import { matrixReport } from "./patch-matrix.ts";
import { findingsReport } from "./sashiko-findings.ts";
import { seedReport } from "./seed-coresight-warn.ts";

export const findingsReports: readonly ReportGenerator[] = [seedReport, findingsReport, matrixReport];
