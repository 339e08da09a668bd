/**
 * throttle-guard-drop — F3's mechanism as a property (kernel-semantics.md §5 F3, audit X5, errata X11; sashiko-bot
 * finding 3: "Throttle requests from NMIs can be silently dropped due to the recursion guard in
 * perf_event_aux_pause()").
 *
 * At a quiescent state: an ACTIVE AUX event whose current throttle paused it through perf_event_aux_pause() while the
 * interrupted context held `rb->aux_in_pause_resume` (ghost `throttlePause` = GUARD, recorded by a probe on
 * perf_event_aux_pause's entry with perf_event_throttle on the stack: interpreter/ghost.ts) traces: the pause was
 * dropped and nobody re-applied it. The same for every patch: fix A's guard holder re-applies the recorded intent,
 * so its drop leaves nothing tracing at quiescence; mainline and fixes B/C do not throttle through the guard.
 * Who can hold the guard (§5 F3): (a) the unthrottle's perf_event_aux_pause(L, false) in the tick or
 * __perf_event_period (errata X11: reachable through IOC_PERIOD, and through the tick with budget); (b) a software
 * sibling's aux action in task context; (c) AUX sampling with the [LY-core] guard (not modelled: no snapshot_aux).
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import { THROTTLE_PAUSE_GUARD, type KState } from "../../models/kernel/interpreter/state.ts";
import { throttlePauseLost } from "./throttle-no-rb.ts";

export function THROTTLE_GUARD_DROP(cfg: Config): Property<KState> {
  return {
    name: "throttle-guard-drop",
    kind: "quiescent",
    description: "F3: a throttle's perf_event_aux_pause() found the recursion guard held, and the AUX hardware still traces — kernel-semantics.md §5 F3, audit X5",
    holds: (s) => throttlePauseLost(s, cfg, THROTTLE_PAUSE_GUARD) === null,
  };
}
