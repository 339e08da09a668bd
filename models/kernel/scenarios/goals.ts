/**
 * What a kernel run exists to reach (its goals, src/model.ts): the events enabled, an overflow
 * handled, a throttle, and each operation the scenario budgets. A complete search that misses one
 * checked nothing worth an "ok" (say, per-task events whose task is never scheduled in): its
 * verdict is `vacuous`, naming what never happened. Read from the state by plain field access.
 */
import type { Goal } from "../../../src/model.ts";
import type { Config } from "../interpreter/config.ts";
import type { Budgets, KState } from "../interpreter/state.ts";

/** The operation each budget counts (state.ts Budgets), as "never happened: ..." names it. */
const OPERATION: Readonly<Record<keyof Budgets, string>> = {
  ticks: "a scheduler tick",
  overflows: "a counter overflow latched by the hardware",
  switches: "a context switch of the profiled task",
  ioctls: "a PERF_EVENT_IOC_PERIOD",
  restarts: "an address-filter restart",
  munmaps: "a munmap of the AUX area",
  auxirqs: "an AUX buffer interrupt",
  setoutputs: "a PERF_EVENT_IOC_SET_OUTPUT",
  detaches: "the munmap that detaches the ring buffer",
  sw_events: "a software event",
  fills: "the AUX buffer filling up",
  closes: "a close of the AUX leader",
};

/** Scenarios whose point is elsewhere than a throttle (kernel-semantics.md §5 E2: "E2 without throttling"). */
const NO_THROTTLE: ReadonlySet<string> = new Set(["e2-filter-window"]);

export function kernelGoals(cfg: Config): Goal<KState>[] {
  const ids = cfg.events.map((e) => e.id);
  const goals: Goal<KState>[] = [
    { name: "enabled", description: "the events enabled (an event ACTIVE)", reached: (s) => ids.some((id) => s.ev[id]!.state === "ACTIVE") },
    { name: "overflow", description: "an overflow (__perf_event_overflow)", action: "__perf_event_overflow:entry" },
  ];
  if (!NO_THROTTLE.has(cfg.scenario.name)) {
    goals.push({ name: "throttle", description: "a throttle (hw.interrupts == MAX)", reached: (s) => ids.some((id) => s.ev[id]!.hw.interrupts === "MAX") });
  }
  for (const b of Object.keys(OPERATION) as (keyof Budgets)[]) {
    const budget = cfg.budgets[b];
    // ticks_unbounded: the tick spends no budget; its goal is the tick taken
    if (b === "ticks" && cfg.params.ticksUnbounded) goals.push({ name: b, description: `${OPERATION[b]} (ticks_unbounded)`, action: "tick" });
    else if (budget > 0) goals.push({ name: b, description: `${OPERATION[b]} (budget ${b})`, reached: (s) => s.budget[b] < budget });
  }
  return goals;
}
