/**
 * The PMUs of the modelled machine, as their drivers register them (perf_pmu_register from each
 * driver's init function): the `struct pmu` callbacks' kernel names and the capabilities that
 * perf_event_open() and the core test. An event string may name any of them.
 */
import type { PmuSpec } from "../interpreter/config.ts";

const ETM_OPS = { add: "etm_event_add", del: "etm_event_del", start: "etm_event_start", stop: "etm_event_stop" };
const ARMPMU_OPS = { add: "armpmu_add", del: "armpmu_del", start: "armpmu_start", stop: "armpmu_stop" };
const X86_PMU_OPS = { add: "x86_pmu_add", del: "x86_pmu_del", start: "x86_pmu_start", stop: "x86_pmu_stop" };

const SPE_OPS = { add: "arm_spe_pmu_add", del: "arm_spe_pmu_del", start: "arm_spe_pmu_start", stop: "arm_spe_pmu_stop" };
const PT_OPS = { add: "pt_event_add", del: "pt_event_del", start: "pt_event_start", stop: "pt_event_stop" };
/** the software PMU (perf_swevent_*, kernel/events/core.c) — a software sibling with an aux-action (audit X10 / D6.7). */
const SWEVENT_OPS = { add: "perf_swevent_add", del: "perf_swevent_del", start: "perf_swevent_start", stop: "perf_swevent_stop" };

/**
 * The PMUs an event string may name. Capabilities as registered: etm_perf_init and pt_init set
 * PERF_PMU_CAP_AUX_PAUSE; arm_spe_pmu_perf_init sets only EXCLUSIVE | ITRACE (kernel-semantics.md §2.8,
 * [LY-spe] @3824b048). Address filters: ETM and PT have them, SPE not.
 */
export const PMUS: Readonly<Record<string, PmuSpec>> = {
  cs_etm: { name: "cs_etm", aux: true, capAuxPause: true, driver: "etm", ops: ETM_OPS, addrFilters: true },
  arm_spe: { name: "arm_spe", aux: true, capAuxPause: false, driver: "spe", ops: SPE_OPS, addrFilters: false },
  intel_pt: { name: "intel_pt", aux: true, capAuxPause: true, driver: "pt", ops: PT_OPS, addrFilters: true },
  cycles: { name: "cycles", aux: false, capAuxPause: false, driver: "armv8", ops: ARMPMU_OPS, evtype: "CPU_CYCLES" },
  instructions: { name: "instructions", aux: false, capAuxPause: false, driver: "armv8", ops: ARMPMU_OPS, evtype: "INST_RETIRED" },
  // a software event (PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS) overflowing through perf_swevent_event
  "page-faults": { name: "page-faults", aux: false, capAuxPause: false, driver: "swevent", ops: SWEVENT_OPS },
};

/**
 * A counter event on the run's core PMU. The event strings name perf's generic hardware events (`cycles`,
 * `instructions`), which the core PMU of the machine implements: the arm64 PMU (armv8_pmuv3, the table's
 * default) or, with `--param pmu_irq_handler=x86`, the x86 PMU ("cpu": x86_pmu_add/del/start/stop). The
 * parameter selects the whole core PMU — callbacks, pmu_enable/pmu_disable and the interrupt handler — so
 * that an x86 run never mixes the x86 handler with arm64 counter semantics.
 */
export function onCorePmu(spec: PmuSpec, arch: "arm64" | "x86"): PmuSpec {
  if (spec.driver !== "armv8" || arch === "arm64") return spec;
  return { ...spec, driver: "x86", ops: X86_PMU_OPS };
}

/** AUX PMUs selectable with `--pmu` (the scenario's AUX events are rewritten to it). */
export const AUX_PMUS: readonly string[] = Object.values(PMUS)
  .filter((p) => p.aux)
  .map((p) => p.name);

