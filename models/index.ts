/**
 * Every model the CLI offers, the standard runs of the default `auxcheck check` (each with
 * its expected verdict kept as data), and the report generators of `npm run report`.
 * Each model family owns its own file and exports an entry, its runs and (optionally) reports.
 */
import type { ModelEntry, PatchTools, SetRun, StandardRun } from "../src/registry.ts";
import type { ReportGenerator } from "../src/report-api.ts";
import { classicEntries, classicRuns } from "./classic/index.ts";
import { kvmSpeEntry, kvmSpeReports, kvmSpeRuns } from "./kvm-spe/index.ts";
import { kernelEntry, kernelFullMatrixRuns, kernelRuns } from "./kernel/index.ts";
import { registeredPatchRuns } from "./kernel/scenarios/runs/registered-patches.ts";
import { findingsReports } from "./findings/reports/index.ts";
import { loadPatchFiles } from "./patches/index.ts";
import { kernelPatchTools } from "./patch-tools/index.ts";

// patch files of one's own (models/patches/, $AUXCHECK_PATCHES): registered before anything reads the patch list
await loadPatchFiles();

export const modelEntries: readonly ModelEntry[] = [...classicEntries, kernelEntry, kvmSpeEntry];

/** The standard runs, then a run per scenario and AUX PMU of each registered patch that has none (no expectation: in the matrix, not judged). */
export const standardRuns: readonly SetRun[] = [...classicRuns, ...kernelRuns, ...registeredPatchRuns(kernelRuns), ...kvmSpeRuns];

/** `auxcheck check --matrix full`: the runs of the full verdict matrices besides the standard ones (read on demand). */
export function fullMatrixRuns(): StandardRun[] {
  return kernelFullMatrixRuns(kernelRuns);
}

export const reportGenerators: readonly ReportGenerator[] = [...findingsReports, ...kvmSpeReports];

/** Models whose code is changed by patch files: auxcheck new-patch / check-patch. */
export const patchTools: readonly PatchTools[] = [kernelPatchTools];
