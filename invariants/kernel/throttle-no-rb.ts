/**
 * throttle-no-rb — F4's claim as a property (kernel-semantics.md §5 F4, errata X13; sashiko-bot finding 4:
 * "Throttling silently fails to stop the PMU if the event does not have a mapped ring buffer").
 *
 * At a quiescent state: an ACTIVE AUX event whose current throttle paused it through perf_event_aux_pause() while
 * `event->rb` was NULL (ghost `throttlePause` = NO_RB, recorded by a probe on perf_event_aux_pause's entry with
 * perf_event_throttle on the stack: interpreter/ghost.ts) traces: perf_event_aux_pause() returned at
 * `if (!rb) return;` and nothing stopped the trace. The ghost is cleared when the event is unthrottled.
 *
 * Defined from the state, the same for every patch: a throttle that does not go through perf_event_aux_pause()
 * (mainline's and fixes B's stop(event, 0), fix C's exemption) never records NO_RB, so the property cannot fail
 * there; a throttle that does (Leo Yan's patch, fix A, any new patch that pauses through it) is judged by it.
 * Whether the trace runs while throttled for another reason is R3-aux's and R6-aux's business.
 * Why quiescent only: the throttle's own steps (and an interrupted context that re-applies a pause, fix A) are
 * in progress until the contexts finish.
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import { THROTTLE_PAUSE_GUARD, THROTTLE_PAUSE_NO_RB, type KState } from "../../models/kernel/interpreter/state.ts";
import { running } from "./running.ts";

/** An ACTIVE AUX event whose current throttle's pause found `what`, and which traces. */
export function throttlePauseLost(s: KState, cfg: Config, what: number): string | null {
  for (const info of cfg.events) {
    if (!info.pmu.aux || s.ghost.throttlePause[info.id] !== what) continue;
    if (s.ev[info.id]!.state === "ACTIVE" && running(s, cfg, info.id)) {
      const why = what === THROTTLE_PAUSE_NO_RB ? "found event->rb == NULL and returned" : what === THROTTLE_PAUSE_GUARD ? "found rb->aux_in_pause_resume held and broke out" : "was lost";
      return `${info.id}: the throttle's perf_event_aux_pause(${info.id}, true) ${why}; ${info.id} traces with interrupts == MAX`;
    }
  }
  return null;
}

export function THROTTLE_NO_RB(cfg: Config): Property<KState> {
  return {
    name: "throttle-no-rb",
    kind: "quiescent",
    description: "F4: a throttle's perf_event_aux_pause() found event->rb == NULL and the AUX hardware still traces — kernel-semantics.md §5 F4, X13",
    holds: (s) => throttlePauseLost(s, cfg, THROTTLE_PAUSE_NO_RB) === null,
  };
}
