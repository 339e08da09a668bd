/**
 * The kernel model's budget sweeps (`auxcheck check --sweep`): which scenario a sweep runs when none is named,
 * the budget dimensions it raises and in which order (scenarios/all-operations.ts), and what the run leaves out.
 */
import { InputError, type BudgetSweepSpec, type Params } from "../../src/registry.ts";
import { buildKernelConfig } from "./model.ts";
import { ALL_OPERATIONS_NAMES, allOperationsDimensions, defaultAllOperationsScenario, ONE_CPU_LEFT_OUT, SMP_LEFT_OUT } from "./scenarios/all-operations.ts";

export const kernelBudgetSweep: BudgetSweepSpec = {
  scenarios: ALL_OPERATIONS_NAMES,
  // intel_pt exists on x86 only: its counters' interrupt is intel_pmu_handle_irq (the full matrix's intel_pt-x86 column)
  defaults: (p: Params) => ({ scenario: defaultAllOperationsScenario(String(p.pmu), Number(p.ncpus)), ...(p.pmu === "intel_pt" ? { pmu_irq_handler: "x86" } : {}) }),
  dimensions(p: Params) {
    const cfg = buildKernelConfig(p);
    if (!ALL_OPERATIONS_NAMES.includes(cfg.scenario.name)) {
      throw new InputError(`--sweep: scenario ${cfg.scenario.name} is hand-made (its budgets are its finding's); sweep an all-operations scenario: ${ALL_OPERATIONS_NAMES.join(", ")}`);
    }
    return allOperationsDimensions(cfg);
  },
  leftOut(p: Params) {
    const cfg = buildKernelConfig(p);
    const dims = new Set(allOperationsDimensions(cfg).map((d) => d.param));
    const lines = [...(cfg.ncpus > 1 ? SMP_LEFT_OUT : ONE_CPU_LEFT_OUT)];
    const L = cfg.events.find((e) => e.pmu.aux)!;
    if (!dims.has("restarts")) lines.push(`address-filter restarts (restarts): ${L.pmu.name} has no address filters (nr_addr_filters = 0)`);
    if (cfg.ncpus === 1 && !dims.has("closes")) lines.push("close(L) (closes): a sibling without an aux-action would be promoted to a leader, which the model's static groups cannot express");
    if (cfg.ncpus === 1 && !L.pmu.capAuxPause) lines.push(`the aux-action siblings P, R: ${L.pmu.name} lacks PERF_PMU_CAP_AUX_PAUSE (perf_event_open refuses them)`);
    if (cfg.ncpus === 1 && L.pmu.driver === "etm") lines.push("the AUX buffer interrupt (auxirqs): ETM over ETR has none; the fill (fills) is ETM's buffer-full");
    if (cfg.ncpus === 1 && L.pmu.driver !== "etm") lines.push("the ETM fill (fills): ETM's; this PMU's buffer-full is its AUX interrupt (auxirqs)");
    if (cfg.mode === "per-cpu") lines.push("context switches (switches): a per-CPU session has no task to switch; the per-task scenario has them");
    if (cfg.mode === "per-task") lines.push("perf record's PERF_EVENT_IOC_ENABLE (enable): a per-task session starts enabled; the per-CPU scenario has it");
    return lines;
  },
  machine: (p: Params) => {
    const n = buildKernelConfig(p).ncpus;
    return n === 1 ? "1 CPU" : `${n} CPUs`;
  },
};
