/** The reports about the seed WARN, the review findings and the patch matrix (reports/*.md). */
import type { ReportGenerator } from "../../../src/report-api.ts";
import { allOperationsReport } from "./all-operations.ts";
import { matrixReport } from "./patch-matrix.ts";
import { findingsReport } from "./sashiko-findings.ts";
import { seedReport } from "./seed-coresight-warn.ts";
import { validatingReport } from "./validating-a-patch.ts";

// The matrix first: it explores every kernel run at once (one worker per core), the others then read the cache.
export const findingsReports: readonly ReportGenerator[] = [matrixReport, seedReport, findingsReport, validatingReport, allOperationsReport];
