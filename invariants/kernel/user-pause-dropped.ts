/**
 * user-pause-dropped — a user aux-action dropped by the recursion guard (kernel-semantics.md §2.8, §5 F3's
 * second interleaving: "a user aux_pause NMI is dropped during the tick's unthrottle resume").
 *
 * At every state: the last aux_pause / aux_resume of a P/R sibling's overflow on an AUX event returned while another
 * context held `rb->aux_in_pause_resume`, and the event's recorded pause state (`hw.aux_paused` & USER) is not what
 * the user asked for (ghost `userDropped`, written by a probe on perf_event_aux_pause's return when its caller is
 * __perf_event_overflow: interpreter/ghost.ts). The AUX pause commit accepts this loss between two user actions
 * ("Pause/resume in NMI context will miss out if it coincides with another pause/resume"); the property shows where
 * a patch adds guard holders (Leo Yan's unthrottle) and where a fix keeps the intent (fix A's mask).
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import type { KState } from "../../models/kernel/interpreter/state.ts";

export function userPauseDroppedViolation(s: KState, cfg: Config): string | null {
  for (const info of cfg.events) {
    if (info.pmu.aux && s.ghost.userDropped[info.id]) {
      return `${info.id}: the user's ${s.ghost.userPaused[info.id] ? "pause" : "resume"} returned while another context held rb->aux_in_pause_resume, and hw.aux_paused does not record it`;
    }
  }
  return null;
}

export function USER_PAUSE_DROPPED(cfg: Config): Property<KState> {
  return {
    name: "user-pause-dropped",
    kind: "always",
    description: "a user aux-action (a P/R sibling's aux_pause / aux_resume) dropped by the aux_in_pause_resume guard — kernel-semantics.md §2.8, §5 F3",
    holds: (s) => userPauseDroppedViolation(s, cfg) === null,
  };
}
