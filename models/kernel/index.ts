/** The kernel model's entry for the CLI, and its standard runs. */
import type { ModelEntry, StandardRun } from "../../src/registry.ts";
import { refineKernelParams } from "./environment/event-params.ts";
import { fullMatrixRuns } from "./scenarios/runs/full-matrix.ts";
import { buildKernelModel, KERNEL_PARAMS } from "./model.ts";
import { kernelBudgetSweep } from "./budget-sweep.ts";

export const kernelEntry: ModelEntry = {
  name: "kernel",
  description: "mainline perf core (v7.1-rc1) + AUX ring buffer + CoreSight ETM over the arm64 PMU, contexts task/tick/IPI/NMI per CPU",
  params: KERNEL_PARAMS,
  matrixDimensions: ["patch", "pmu", "platform", "pmu_irq_handler", "etm_variant", "aux_in_sampling_guard"],
  build: (p) => buildKernelModel(p),
  refineParams: refineKernelParams,
  budgetSweep: kernelBudgetSweep,
};

export { kernelRuns } from "./scenarios/runs/index.ts";

/** The full verdict matrix's cells that no standard run explores already (same parameters, defaults filled in). */
export function kernelFullMatrixRuns(standard: readonly StandardRun[]): StandardRun[] {
  const full = (p: Readonly<Record<string, unknown>>): string => JSON.stringify(KERNEL_PARAMS.map((s) => p[s.name] ?? s.default));
  const taken = new Set(standard.filter((r) => r.model === "kernel").map((r) => full(r.params)));
  return fullMatrixRuns((params) => taken.has(full(params)));
}
