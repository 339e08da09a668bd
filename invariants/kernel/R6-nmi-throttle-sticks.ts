/**
 * R6 — an NMI throttle is never dropped (kernel-semantics.md §6 R6; §5 F3, E2, E3; audit X5–X7).
 *
 * Stated precisely for this model. Ghost `nmiMax[E]`: an NMI (the PMU interrupt) set E's
 * `hw.interrupts` to MAX, and it has not left MAX since. R6 is checked at EVERY state of a CPU
 * (not only quiescent ones), except
 *   - while an NMI runs on the CPU (the throttle itself is in progress), and
 *   - while the CPU is inside a path that legitimately unthrottles or restarts a throttled group
 *     — "before the next unthrottle": event_sched_in, perf_event_unthrottle(_group),
 *     perf_adjust_freq_unthr_events (the tick's loop), __perf_event_period (its restart of the
 *     event precedes its group unthrottle by design);
 * and it says: for every ACTIVE event E with nmiMax[E], no ACTIVE member of E's group runs.
 * So an interrupted context that, after the NMI returns, restarts hardware the NMI stopped
 * (the address-filter restart's start(L, 0), §4.3 / X6; a pause/resume guard holder, F3(b)) or
 * lets the NMI's stop be skipped violates R6 at once; the tick loop that restarts siblings an NMI
 * re-throttled mid-loop (E3) violates it when the loop has finished.
 *
 * Split like R3 (running.ts Members): R6 for the counters, R6-aux for the AUX member. Checked at every state, R6
 * also flags windows that close within the same operation (an interrupted stop(UPDATE) that disables the source
 * anyway a few steps later); the reports say, for each R6 counterexample, whether the group is still wrong once the
 * interrupted operations finish (models/findings/r6-windows.ts).
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import type { Context, KState } from "../../models/kernel/interpreter/state.ts";
import { runningMembers, type Members } from "./running.ts";
import { isPmuInterruptContext } from "../../models/kernel/interpreter/ghost.ts";

export const THROTTLE_CLEARING_PATHS: ReadonlySet<string> = new Set([
  "event_sched_in",
  "perf_event_unthrottle",
  "perf_event_unthrottle_group",
  "perf_adjust_freq_unthr_events",
  "__perf_event_period",
]);

export function r6Violation(s: KState, cfg: Config, members: Members = "all"): string | null {
  for (let c = 0; c < s.cpu.length; c++) {
    // the events first (an NMI throttle is rare), the CPU's exemptions only for one that qualifies
    let exempt: boolean | null = null;
    for (const { id } of cfg.events) {
      if (!s.ghost.nmiMax[id]) continue;
      const e = s.ev[id]!;
      if (e.state !== "ACTIVE" || e.oncpu !== c) continue;
      exempt ??= cpuExempt(s.cpu[c]!.ctx);
      if (exempt) break;
      const run = runningMembers(s, cfg, id, members);
      if (run.length > 0) return `cpu${c}: ${id} was throttled by an NMI and not unthrottled since, yet ${run.join(", ")} of its group run(s)`;
    }
  }
  return null;
}

/** An NMI (or the PMU interrupt as an IRQ, platform=irq) runs on the CPU, or one of its contexts is inside a path that clears the throttle. */
function cpuExempt(ctx: readonly Context[]): boolean {
  if (ctx.some((x) => isPmuInterruptContext(x))) return true;
  return ctx.some((x) => x.frames.some((f) => THROTTLE_CLEARING_PATHS.has(f.fn)));
}

export function R6(cfg: Config): Property<KState> {
  return {
    name: "R6",
    kind: "always",
    description:
      "R6 NMI throttle never dropped (counters): outside NMIs and unthrottle paths, an ACTIVE event whose MAX was set by an NMI (and not cleared since) has no counting counter in its group — kernel-semantics.md §6 R6",
    holds: (s) => r6Violation(s, cfg, "counters") === null,
  };
}

export function R6_AUX(cfg: Config): Property<KState> {
  return {
    name: "R6-aux",
    kind: "always",
    description:
      "R6 for the AUX member: outside NMIs and unthrottle paths, an ACTIVE event whose MAX was set by an NMI (and not cleared since) has no tracing AUX member in its group — kernel-semantics.md §6 R6",
    holds: (s) => r6Violation(s, cfg, "aux") === null,
  };
}
