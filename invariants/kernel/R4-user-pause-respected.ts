/**
 * R4 — user pause respected (kernel-semantics.md §6 R4; §5 F2).
 *
 * What it protects: while the user's last AUX action paused the event (ghost `userPaused`:
 * aux_start_paused, then each aux_pause/aux_resume of a sibling's overflow), the AUX hardware does
 * not trace — in particular, an unthrottle must not resume it (F2: Leo Yan's unthrottle calls
 * perf_event_aux_pause(L, false), which clears the flag the user set and starts the trace).
 *
 * "modulo documented lossy NMI windows (E2)": a pause that a driver drops in its start window
 * (ETM A before `ctxt->event_data` is stored, PT before `pause_allowed = 1`, §3.1/§3.4, E2) leaves
 * `hw.aux_paused`'s USER bit set while the hardware traces. The core kept the user's intent; the
 * driver lost the hardware action. Those states are excluded: R4 fails only when the user paused,
 * the hardware traces AND the USER bit of `hw.aux_paused` is clear, i.e. someone other than the user
 * cleared the user's pause. (Mainline and Leo Yan's patch use aux_paused = 1, which is the USER bit;
 * fix A's reason mask keeps USER = 1 and adds THROTTLE = 2.)
 *
 * "A user resume while throttled must be deferred, not dropped" is R5's half (after the unthrottle the
 * event must trace).
 * Why quiescent only: pause/resume write the flag before the driver callback (§2.8).
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import { AUX_PAUSE_USER, type KState } from "../../models/kernel/interpreter/state.ts";
import { running } from "./running.ts";

export function r4Violation(s: KState, cfg: Config): string | null {
  for (const info of cfg.events) {
    if (!info.pmu.aux) continue;
    if (!s.ghost.userPaused[info.id]) continue;
    const e = s.ev[info.id]!;
    if (e.hw.aux_paused & AUX_PAUSE_USER) continue; // the driver's lossy window (E2), not the core's override
    if (running(s, cfg, info.id)) return `${info.id}: paused by the user, but tracing with hw.aux_paused = ${e.hw.aux_paused} (the user's pause was cleared)`;
  }
  return null;
}

export function R4(cfg: Config): Property<KState> {
  return {
    name: "R4",
    kind: "quiescent",
    description: "R4 user pause respected: userPaused ⇒ ¬tracing, except the drivers' documented lossy windows (E2: USER bit still set) — kernel-semantics.md §6 R4, §5 F2",
    holds: (s) => r4Violation(s, cfg) === null,
  };
}
