/**
 * Every model the CLI offers, the standard runs of the default `auxcheck check` (each with
 * its expected verdict kept as data), and the report generators of `npm run report`.
 * Each model family owns its own file and exports an entry, its runs and (optionally) reports.
 */
import type { ModelEntry, StandardRun } from "../src/registry.ts";
import type { ReportGenerator } from "../src/report-api.ts";
import { classicEntries, classicRuns } from "./classic/index.ts";
import { kvmSpeEntry, kvmSpeReports, kvmSpeRuns } from "./kvm-spe/index.ts";
import { kernelEntry, kernelFullMatrixRuns, kernelRuns } from "./kernel/index.ts";
import { findingsReports } from "./findings/reports/index.ts";

export const modelEntries: readonly ModelEntry[] = [...classicEntries, kernelEntry, kvmSpeEntry];

export const standardRuns: readonly StandardRun[] = [...classicRuns, ...kernelRuns, ...kvmSpeRuns];

/** `auxcheck check --matrix full`: the runs of the full verdict matrices besides the standard ones (read on demand). */
export function fullMatrixRuns(): StandardRun[] {
  return kernelFullMatrixRuns(kernelRuns);
}

export const reportGenerators: readonly ReportGenerator[] = [...findingsReports, ...kvmSpeReports];
