/**
 * throttle-no-rb — F4's claim as a property (kernel-semantics.md §5 F4; sashiko-bot finding 4:
 * "Throttling silently fails to stop the PMU if the event does not have a mapped ring buffer").
 *
 * An assertion raised by a throttle that goes through perf_event_aux_pause() (Leo Yan's patch, fix A)
 * when, at the end of perf_event_throttle(event), the event has no ring buffer (`event->rb == NULL`:
 * ring_buffer_attach(event, NULL) ran — last munmap, or SET_OUTPUT -1) and its AUX hardware still
 * traces: perf_event_aux_pause() returned at `if (!rb) return;` and nothing stopped the trace.
 * Mainline's (and fixes B/C's) throttle is pmu->stop(event, 0), which does not look at the rb, so the
 * property cannot fail there by construction; it is listed for every run so that the matrix shows it.
 *
 * The reference's verdict (F4: not reachable) is that an rb-less ACTIVE event is always already
 * stopped: add/start fail without an rb, ring_buffer_attach stops the event before it swaps
 * event->rb, and the last munmap detaches only after the AUX area is gone (aux_mmap_count == 0
 * refuses any re-begin). The model checks that claim with the munmap, detach and SET_OUTPUT actions.
 *
 * (A state invariant "throttled ∧ rb == NULL ⇒ stopped" was tried first and rejected: it also fires
 * when the throttle was lost for a reason that has nothing to do with the rb — e.g. the ETM start
 * window (E2) — and the rb is detached afterwards, which says nothing about F4.)
 */
import type { Draft } from "immer";
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import type { KState } from "../../models/kernel/interpreter/state.ts";
import { running } from "./common.ts";

export const THROTTLE_NO_RB: Property<KState> = {
  name: "throttle-no-rb",
  kind: "assertion",
  description: "F4: a throttle through perf_event_aux_pause() found event->rb == NULL and left the AUX hardware tracing — kernel-semantics.md §5 F4",
};

/** Called at the end of an aux_pause-based perf_event_throttle(): the message, or null when F4's failure did not happen. */
export function throttleNoRbHit(k: Draft<KState>, cfg: Config, id: string): string | null {
  const s = k as unknown as KState;
  if (s.ev[id]!.rb !== null || !running(s, cfg, id)) return null;
  return `perf_event_throttle(${id}): event->rb == NULL, perf_event_aux_pause() returned early and the AUX hardware still traces with interrupts == MAX`;
}
