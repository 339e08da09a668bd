/** The kernel model's entry for the CLI, and its standard runs. */
import type { ModelEntry } from "../../src/registry.ts";
import { refineKernelParams } from "./environment/event-params.ts";
import { buildKernelModel, KERNEL_PARAMS } from "./model.ts";

export const kernelEntry: ModelEntry = {
  name: "kernel",
  description: "mainline perf core (v7.1-rc1) + AUX ring buffer + CoreSight ETM over the arm64 PMU, contexts task/tick/IPI/NMI per CPU",
  params: KERNEL_PARAMS,
  matrixDimensions: ["patch", "pmu", "platform", "pmu_irq_handler", "etm_variant", "aux_in_sampling_guard"],
  build: (p) => buildKernelModel(p),
  refineParams: refineKernelParams,
};

export { kernelRuns } from "./scenarios/runs/index.ts";
