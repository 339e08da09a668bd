/**
 * throttle-guard-drop — F3's mechanism as a property (kernel-semantics.md §5 F3, audit X5; sashiko-bot
 * finding 3: "Throttle requests from NMIs can be silently dropped due to the recursion guard in
 * perf_event_aux_pause()").
 *
 * An assertion raised by Leo Yan's perf_event_throttle() when the perf_event_aux_pause(event, true)
 * it calls finds `rb->aux_in_pause_resume` held by the interrupted context and breaks out: the
 * throttle pause is dropped while `hw.interrupts == MAX`. Whether the trace then keeps running is R6's
 * business (and R3's at the next quiescent state); this property says which route reached the drop.
 * Who can hold the guard (§5 F3): (a) the tick's / __perf_event_period's unthrottle
 * perf_event_aux_pause(L, false) — the audit says unreachable as written, because every sibling is
 * stopped and the core PMU disabled while the leader is resumed; (b) a software/tracepoint sibling's
 * aux action in task/IRQ context (software siblings are modelled); (c) AUX sampling with the
 * [LY-core] guard (not modelled: no snapshot_aux). Fix A records the intent in the mask instead of
 * dropping it, so it never raises this; mainline and fixes B/C do not throttle through aux_pause.
 */
import type { Property } from "../../src/model.ts";
import type { KState } from "../../models/kernel/interpreter/state.ts";

export const THROTTLE_GUARD_DROP: Property<KState> = {
  name: "throttle-guard-drop",
  kind: "assertion",
  description: "F3: an NMI throttle's perf_event_aux_pause() found the recursion guard held and dropped the pause — kernel-semantics.md §5 F3, audit X5",
};
