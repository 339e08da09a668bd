/**
 * Throttling makes progress: a throttle is undone by the tick (perf_adjust_freq_unthr_context →
 * perf_event_unthrottle_group, kernel-semantics.md §2.3, §2.4), or the group is scheduled out; and
 * the AUX trace that a throttle paused (Leo Yan's patch: PERF_EF_PAUSE) or stopped (mainline: stop(0))
 * is resumed or restarted when the group is unthrottled. R3 and R6 check what holds *during* a throttle
 * at each state; these check that the throttle ends (leads-to, src/liveness/check.ts).
 *
 * Both assume weak fairness of each CPU's tick (the timer keeps firing while interrupts are on). With a
 * tick budget (the default) a behaviour whose ticks ran out is not judged from there on (`outOfBudget`):
 * a group still throttled then is no violation, since the next tick would come. So under budgets these
 * properties only catch a throttle that outlives the ticks that do come (a cycle, or an end with ticks
 * left); with `ticks_unbounded` every state is judged.
 */
import type { Property } from "../../src/model.ts";
import { leadsTo, weakFairness } from "../../src/liveness/properties.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import type { KAction } from "../../models/kernel/interpreter/machine.ts";
import { MAX_INTERRUPTS, type KState } from "../../models/kernel/interpreter/state.ts";
import { running } from "./running.ts";

/** Each CPU's tick is taken whenever it stays enabled (the CPU of an action is its `cpuN` parameter with two CPUs). */
function tickFairness(cfg: Config) {
  return weakFairness<KAction>(["tick"], { per: (a) => (cfg.ncpus > 1 ? String(a.params[0]) : "cpu0"), name: "WF(tick) per CPU" });
}

const ticksSpent = (cfg: Config) => (s: KState) => !cfg.params.ticksUnbounded && s.budget.ticks === 0;

export function EVENTUALLY_UNTHROTTLED(cfg: Config): Property<KState, KAction> {
  const throttled = (s: KState): boolean => cfg.events.some((e) => s.ev[e.id]!.state === "ACTIVE" && s.ev[e.id]!.hw.interrupts === MAX_INTERRUPTS);
  return leadsTo("eventually-unthrottled", throttled, (s) => !throttled(s), {
    description:
      "a throttled event is eventually unthrottled or scheduled out (some ACTIVE event with interrupts == MAX ~> none), under weak fairness of the tick; with a tick budget, judged only while ticks remain — kernel-semantics.md §2.3, §2.4",
    fairness: [tickFairness(cfg)],
    outOfBudget: ticksSpent(cfg),
  });
}

export function EVENTUALLY_RESUMED(cfg: Config): Property<KState, KAction> {
  const aux = cfg.events.filter((e) => e.pmu.aux).map((e) => e.id);
  // the AUX hardware is off on an ACTIVE event whose user wants it on (no aux-action pause in force)
  const held = (s: KState): boolean => aux.some((id) => s.ev[id]!.state === "ACTIVE" && !s.ghost.userPaused[id] && !running(s, cfg, id));
  return leadsTo("eventually-resumed", held, (s) => !held(s), {
    description:
      "the AUX trace a throttle paused or stopped is eventually resumed or restarted (or the event is scheduled out, disabled, or paused by the user's aux-action), under weak fairness of the tick; with a tick budget, judged only while ticks remain — kernel-semantics.md §2.3, §2.8",
    fairness: [tickFairness(cfg)],
    outOfBudget: ticksSpent(cfg),
  });
}
