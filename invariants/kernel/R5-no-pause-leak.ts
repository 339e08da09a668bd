/**
 * R5 — no pause leak (kernel-semantics.md §6 R5; §5 F1, E2).
 *
 * At a quiescent state, for each AUX event X (every AUX PMU, with or without
 * PERF_PMU_CAP_AUX_PAUSE — R7; without it the user never pauses, so this reads "a running
 * transaction is traced into"): if the user's
 * last intent is "resumed" (ghost `userPaused`: aux_start_paused, then each aux_pause/aux_resume
 * action of a sibling's overflow), X is not throttled (`interrupts != MAX`), X is ACTIVE and its
 * CPU's driver handle holds X's own transaction (on X's current rb: a transaction orphaned on another rb is R2's
 * case (d), not R5's), then X traces. A resume that was dropped or undone
 * (the ETM start window, where resume is a no-op because event_data is still NULL; a
 * sched-in that does not clear the throttle pause, F1) leaves the event silently paused.
 * Why quiescent only: pause/resume and start run in several steps.
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import { MAX_INTERRUPTS, type KState } from "../../models/kernel/interpreter/state.ts";
import { handleFor, running } from "./running.ts";

export function r5Violation(s: KState, cfg: Config): string | null {
  for (const info of cfg.events) {
    if (!info.pmu.aux) continue;
    const e = s.ev[info.id]!;
    if (s.ghost.userPaused[info.id] || e.hw.interrupts === MAX_INTERRUPTS || e.state !== "ACTIVE" || e.oncpu < 0) continue;
    const cpu = s.cpu[e.oncpu]!;
    const h = handleFor(cpu, cfg, info.id);
    if (h.event !== info.id || h.rb !== e.rb) continue;
    if (!running(s, cfg, info.id)) return `${info.id}: resumed by the user, not throttled, ACTIVE with its transaction open, but not tracing`;
  }
  return null;
}

export function R5(cfg: Config): Property<KState> {
  return {
    name: "R5",
    kind: "quiescent",
    description: "R5 no pause leak: ¬userPaused ∧ ¬throttled ∧ ACTIVE ∧ transaction open ⇒ tracing — kernel-semantics.md §6 R5",
    holds: (s) => r5Violation(s, cfg) === null,
  };
}
