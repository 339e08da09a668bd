/**
 * Scenarios: data. Each is a perf command line's events (perf's own syntax), whether the events
 * are per CPU (`-a`) or per task, the task-level operations and interrupts that may happen, and
 * budgets that keep the state space finite. Expected verdicts live in runs.ts.
 *
 * The seed is `perf record -a -e cs_etm/aux-action=start-paused/k -e cycles/aux-action=pause,period=3000/
 * -e cycles/aux-action=resume,period=1500/` (seeds/leo-yan-aux-throttle-patch-and-review.txt);
 * kernel-semantics.md §4 replays it, §4.1, §4.3, §4.4 and step 6 (E4) vary it.
 *
 * Budgets count: `ticks` scheduler ticks (perf_event_task_tick), `overflows` counter overflows
 * latched by the hardware, `switches` context switches of the profiled task (per-task only),
 * `ioctls` PERF_EVENT_IOC_PERIOD calls, `restarts` address-filter restarts
 * (perf_event_stop(L, 1)), `munmaps` munmaps of the AUX area. Enabling the events (the
 * `enable` operation, perf record's PERF_EVENT_IOC_ENABLE) is not budgeted: it happens once.
 */
import type { Budgets } from "./state.ts";

export type Mode = "per-cpu" | "per-task";

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** kernel-semantics.md section the scenario replays */
  readonly section: string;
  readonly events: string;
  readonly mode: Mode;
  readonly budgets: Budgets;
  /**
   * The throttle threshold the scenario needs (the max_samples_per_tick parameter overrides it).
   * ASSUMPTION (UNCONFIRMED, kernel-semantics.md §1.4: the initialiser text was not re-read; the value is
   * DIV_ROUND_UP(100000, HZ) and perf_sample_event_took() can lower it to 1): a small value, 1 or 2,
   * stands for a threshold reached within one tick window.
   */
  readonly maxSamplesPerTick: number;
  /** PERF_EVENT_IOC_PERIOD target (by id: L, P, R, ...), when `ioctls` > 0 */
  readonly iocPeriodTarget: string | null;
}

export const SEED_EVENTS =
  "-e cs_etm/aux-action=start-paused/k -e cycles/aux-action=pause,period=3000/ -e cycles/aux-action=resume,period=1500/";

const NONE: Budgets = { ticks: 0, overflows: 0, switches: 0, ioctls: 0, restarts: 0, munmaps: 0 };

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "seed-coresight-warn",
    description: "the seed: perf record -a with the start-paused ETM group; a throttle then the tick's unthrottle (the CoreSight WARN)",
    section: "§4 steps 0-5",
    events: SEED_EVENTS,
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 2, overflows: 3 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: null,
  },
  {
    name: "switch-before-tick",
    description: "per-task session: the task is switched out after the throttle and before the tick, then back in",
    section: "§4.1",
    events: SEED_EVENTS,
    mode: "per-task",
    budgets: { ...NONE, ticks: 1, overflows: 3, switches: 3 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: null,
  },
  {
    name: "addr-filter-restart",
    description: "address-filter update (perf_event_stop(L, 1), stop(UPDATE) then start(0)) while the group may be throttled",
    section: "§4.3, §2.6, audit X6",
    events: SEED_EVENTS,
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 3, restarts: 1 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: null,
  },
  {
    name: "ioc-period-throttled",
    description: "PERF_EVENT_IOC_PERIOD on the pause sibling P while the group may be throttled (__perf_event_period unthrottles the group)",
    section: "§4.4, §2.3",
    events: SEED_EVENTS,
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 3, ioctls: 1 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: "P",
  },
  {
    name: "munmap-orphan",
    description: "the seed WARN's orphaned transaction surfaces again when perf unmaps the AUX area",
    section: "§4 step 6, §2.9, E4",
    events: SEED_EVENTS,
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 3, munmaps: 1 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: null,
  },
];

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

export function scenarioByName(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
