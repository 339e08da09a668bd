/**
 * R3 — throttle stops everything (kernel-semantics.md §6 R3; §2.1, §2.3: 9734e25fbf5a's group
 * throttle).
 *
 * At a quiescent state: if an ACTIVE event has `hw.interrupts == MAX_INTERRUPTS`, no ACTIVE member
 * of its group runs — no counter enabled, no AUX hardware tracing (ETM trace unit, SPE sampling into
 * an enabled buffer, PT TraceEn). An AUX member is exempt only under a patch that exempts AUX events
 * from group throttling (fix C: common.ts throttleExempt).
 * Why quiescent only: the throttle and unthrottle loops stop/start the members one by one.
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import { MAX_INTERRUPTS, type KState } from "../../models/kernel/interpreter/state.ts";
import { runningMembers } from "./common.ts";

/** `only` (R7): count only these members as running (e.g. the AUX event). */
export function r3Violation(s: KState, cfg: Config, only?: (id: string) => boolean): string | null {
  for (const [id, e] of Object.entries(s.ev)) {
    if (e.state !== "ACTIVE" || e.hw.interrupts !== MAX_INTERRUPTS) continue;
    const run = runningMembers(s, cfg, id).filter((m) => !only || only(m));
    if (run.length > 0) return `${id} is throttled (interrupts = MAX) while ${run.join(", ")} of its group run(s)`;
  }
  return null;
}

export function R3(cfg: Config): Property<KState> {
  return {
    name: "R3",
    kind: "quiescent",
    description: "R3 throttle stops everything: an ACTIVE event with interrupts == MAX ⇒ no member of its group counts or traces — kernel-semantics.md §6 R3, §2.3",
    holds: (s) => r3Violation(s, cfg) === null,
  };
}
