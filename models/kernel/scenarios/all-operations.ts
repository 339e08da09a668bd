/**
 * The all-operations scenarios: the AUX group with every modelled operation enabled at once, the scenarios
 * of budget sweeps (`auxcheck check --sweep`, src/sweep.ts). Where the hand-made scenarios (scenarios.ts) each
 * enable the few operations of one finding, these enable all that the kernel allows for the group, and the
 * sweep raises their budgets until a time or state limit: the verdict then holds under every interleaving
 * of all of them up to the bound reached.
 *
 * The group. With aux-action siblings (cs_etm, intel_pt: PERF_PMU_CAP_AUX_PAUSE): the AUX leader L
 * (start-paused), the pause counter P, the resume counter R, the software sibling S (resume on a page fault;
 * PERF_EVENT_IOC_REFRESH(S, 1) at open: its event_limit branch) and, alone, a frequency-mode counter F
 * (perf_adjust_period, the tick's nr_freq pass). Without (arm_spe, which refuses aux-actions): L, a sampling
 * counter C, the software sibling S and the lone frequency-mode counter. Every sibling of the aux-action group
 * has an aux-action, so close() of L applies (validateClose: a plain sibling would be promoted to a leader,
 * which the model's static groups cannot express); the frequency counter is therefore its own group.
 *
 * max_samples_per_tick = 1: one overflow throttles the group, so each overflow budget step is a throttle
 * (most hand-made scenarios use 1; the seed's 2 is `--param max_samples_per_tick=2`).
 *
 * The scenarios' own budgets are the sweep's start vector (a single run without --sweep runs it); the sweep
 * raises the dimensions of `allOperationsDimensions` from there.
 */
import type { Config, Scenario } from "../interpreter/config.ts";
import type { Budgets } from "../interpreter/state.ts";

const NONE: Budgets = { ticks: 0, overflows: 0, switches: 0, ioctls: 0, restarts: 0, munmaps: 0, auxirqs: 0, setoutputs: 0, detaches: 0, sw_events: 0, fills: 0, closes: 0 };

/** The aux-action group and the lone frequency-mode counter (cs_etm, intel_pt). */
export const ALL_OPS_EVENTS =
  "-e {cs_etm/aux-action=start-paused/k,cycles/aux-action=pause,period=3000/,cycles/aux-action=resume,period=1500/,page-faults/aux-action=resume,period=1/} -e instructions/freq=4000/";

/** Without aux-actions (arm_spe): the AUX leader, a sampling counter, a software sibling; the lone frequency-mode counter. */
export const ALL_OPS_PLAIN_EVENTS = "-e {cs_etm//k,cycles/period=1000/,page-faults/period=1/} -e instructions/freq=4000/";

/** Two CPUs: the plain group, no software sibling (sw_events is refused with ncpus = 2), the lone frequency-mode counter. */
export const ALL_OPS_SMP_EVENTS = "-e {cs_etm//k,cycles/period=1000/} -e instructions/freq=4000/";

const common = { section: "every operation at once (all-operations scenarios: every modelled operation the kernel allows)", maxSamplesPerTick: 1, eventLimit: { S: 1 } } as const;

export const ALL_OPERATIONS_SCENARIOS: readonly Scenario[] = [
  {
    ...common,
    name: "all-ops-cpu",
    description:
      "every operation at once, perf record -a on one CPU: the aux-action group {L,P,R,S} and a lone freq counter; enable, ticks, overflows, IOC_PERIOD on L, P and R, IOC_REFRESH(S), address-filter restarts, munmap, the last munmap, close(L), S's events, AUX buffer-full / PMBIRQ / ToPA PMI",
    events: `-a ${ALL_OPS_EVENTS}`,
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 1 },
    iocPeriodTarget: ["L", "P", "R"],
  },
  {
    ...common,
    name: "all-ops-task",
    description:
      "every operation at once, per task on one CPU: the aux-action group {L,P,R,S} and a lone freq counter; context switches, ticks, overflows, IOC_PERIOD on L, P and R, IOC_REFRESH(S), address-filter restarts, munmap, the last munmap, close(L), S's events, AUX buffer-full / PMBIRQ / ToPA PMI",
    events: ALL_OPS_EVENTS,
    mode: "per-task",
    budgets: { ...NONE, overflows: 1, switches: 1 },
    iocPeriodTarget: ["L", "P", "R"],
  },
  {
    ...common,
    name: "all-ops-plain-cpu",
    description:
      "all-ops-cpu without aux-actions (arm_spe): {L,C,S} and a lone freq counter; enable, ticks, overflows, IOC_PERIOD on L and C, IOC_REFRESH(S), munmap, the last munmap, S's events, PMBIRQ / ToPA PMI",
    events: `-a ${ALL_OPS_PLAIN_EVENTS}`,
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 1 },
    iocPeriodTarget: ["L", "C"],
  },
  {
    ...common,
    name: "all-ops-plain-task",
    description:
      "all-ops-task without aux-actions (arm_spe): {L,C,S} and a lone freq counter, per task; switches, ticks, overflows, IOC_PERIOD on L and C, IOC_REFRESH(S), munmap, the last munmap, S's events, PMBIRQ / ToPA PMI",
    events: ALL_OPS_PLAIN_EVENTS,
    mode: "per-task",
    budgets: { ...NONE, overflows: 1, switches: 1 },
    iocPeriodTarget: ["L", "C"],
  },
  {
    ...common,
    name: "all-ops-smp",
    description:
      "every operation two CPUs allow, per task: {L,C} and a lone freq counter migrating between CPU0 and CPU1; switches (migration), ticks on both CPUs, overflows, the tool's IOC_PERIOD on L and C and SET_FILTER from either CPU, munmap, the last munmap",
    events: ALL_OPS_SMP_EVENTS,
    mode: "per-task",
    budgets: { ...NONE, overflows: 1, switches: 1 },
    iocPeriodTarget: ["L", "C"],
    eventLimit: {},
    ncpus: 2,
    issuer: "tool",
  },
];

export const ALL_OPERATIONS_NAMES: readonly string[] = ALL_OPERATIONS_SCENARIOS.map((s) => s.name);

/**
 * What the two-CPU scenario leaves out, one line each (models/kernel/NOTE.md "Two CPUs": budgets whose paths
 * assume one CPU are refused with ncpus = 2).
 */
export const SMP_LEFT_OUT: readonly string[] = [
  "AUX buffer-full / PMBIRQ / ToPA PMI (auxirqs): the AUX interrupt paths assume one CPU (refused with ncpus = 2)",
  "the software sibling and IOC_REFRESH (sw_events): perf_swevent's per-CPU hlist is modelled on one CPU (refused with ncpus = 2)",
  "ETM buffer fill (fills): irq_work_queue_on to the event's CPU is not modelled across CPUs (refused with ncpus = 2)",
  "close(L) (closes): perf_remove_from_context's cross-CPU path is not modelled (refused with ncpus = 2)",
  "SET_OUTPUT (setoutputs): needs the rb of another task's CPU-bound event, which pins the task to that CPU (no migration); f4-set-output covers it",
  "the aux-action siblings P, R: left out to keep the two-CPU state space small (a choice made before measuring; not measured with them); the one-CPU scenarios keep them",
  "the task's own mmap (mmap_filter, issuer self): one issuer per scenario; the tool's SET_FILTER is kept (issuer self refuses IOC_PERIOD); smp-addr-filter-migrate covers it",
];

/** What every one-CPU all-operations scenario leaves out. */
export const ONE_CPU_LEFT_OUT: readonly string[] = [
  "PERF_EVENT_IOC_DISABLE and a later ENABLE: not modelled (perf record enables once; the model has no user DISABLE)",
  "exec (perf_event_exec → perf_event_enable_on_exec, address filters re-applied): not modelled; the address-filter restart it ends in is (restarts)",
  "SET_OUTPUT (setoutputs): perf_event_set_output refuses an event with an mmap of its own (the rb owner, L here); the redirected form needs two CPUs (f4-set-output)",
  "migration: one CPU",
];

/** One budget a sweep raises, and its maximum. */
export interface BudgetDimension {
  readonly param: keyof Budgets;
  readonly start: number;
  readonly max: number;
}

/**
 * The sweep's budget dimensions for a run (its configuration: PMU, mode, CPUs), in the order the sweep raises
 * them (round-robin, src/sweep.ts). The order: overflows and ticks first, since every throttle finding needs a
 * throttle (an overflow) and most need the tick's unthrottle; then the context switches (the sched-in/out leaks,
 * F1, E3); then the operations in the order of how many findings they reach — IOC_PERIOD (§4.4, F3 (a), X15),
 * the address-filter restart (§4.3, E2), close (X10), the software sibling (F3 (b), IOC_REFRESH), munmap (E4),
 * the last munmap (F4, R2 (d)), then the AUX buffer interrupts (ETM fill, SPE PMBIRQ, PT ToPA PMI). Maxima: ticks 2,
 * overflows 4, switches 3 (in, out, in: the sched-in leaks need three), one of each other operation. A dimension
 * the run cannot take is left out (its budget stays at 0): restarts without address filters (arm_spe), close with
 * a plain sibling, fills off ETM, auxirqs on ETM (ETR has no AUX interrupt), the one-CPU paths with two CPUs.
 */
export function allOperationsDimensions(cfg: Config): BudgetDimension[] {
  const start = cfg.budgets;
  const one = cfg.ncpus === 1;
  const L = cfg.events.find((e) => e.pmu.aux);
  const drv = L?.pmu.driver;
  const closable = L !== undefined && L.siblings.every((s) => cfg.byId[s]!.auxEvent === L.id);
  const dims: [keyof Budgets, number, boolean][] = [
    ["overflows", 4, true],
    ["ticks", 2, true],
    ["switches", 3, cfg.mode === "per-task"],
    ["ioctls", 1, cfg.iocPeriodTargets.length > 0 || (cfg.scenario.iocPeriodTarget !== null)],
    ["restarts", 1, L?.pmu.addrFilters === true],
    ["closes", 1, one && closable],
    ["sw_events", 1, one && cfg.events.some((e) => e.pmu.driver === "swevent")],
    ["munmaps", 1, true],
    ["detaches", 1, true],
    ["fills", 1, one && drv === "etm"],
    ["auxirqs", 1, one && (drv === "spe" || drv === "pt")],
  ];
  return dims.filter(([, , applies]) => applies).map(([param, max]) => ({ param, start: Math.min(start[param], max), max: Math.max(start[param], max) }));
}

/** The all-operations scenario a sweep runs when none is named: by the AUX PMU's capabilities and the CPUs. */
export function defaultAllOperationsScenario(pmu: string, ncpus: number): string {
  if (ncpus > 1) return "all-ops-smp";
  return pmu === "arm_spe" ? "all-ops-plain-task" : "all-ops-task";
}
