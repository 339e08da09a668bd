/**
 * R3 — throttle stops everything (kernel-semantics.md §6 R3; §2.1, §2.3: 9734e25fbf5a's group throttle).
 *
 * At a quiescent state: if an ACTIVE event has `hw.interrupts == MAX_INTERRUPTS`, no ACTIVE member of its group
 * runs. Split in two by the kind of member that runs (running.ts Members), one definition for every patch:
 *   R3      the group's counters (hardware counters, software events) — e.g. the IOC_PERIOD wrap (audit X2),
 *           a freq counter restarted by perf_adjust_period (audit D1), E3;
 *   R3-aux  the AUX member (ETM trace unit, SPE sampling into an enabled buffer, PT TraceEn) — e.g. E1, F3, F4.
 * kernel-semantics.md §6 R3 reads "For the AUX member: not tracing, or explicitly exempted (fix C)": fix C keeps the
 * trace running while the counters are throttled by design, and shows that trade as R3-aux (and R6-aux) only.
 * Why quiescent only: the throttle and unthrottle loops stop/start the members one by one.
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import { MAX_INTERRUPTS, type KState } from "../../models/kernel/interpreter/state.ts";
import { runningMembers, type Members } from "./running.ts";

export function r3Violation(s: KState, cfg: Config, members: Members = "all"): string | null {
  for (const [id, e] of Object.entries(s.ev)) {
    if (e.state !== "ACTIVE" || e.hw.interrupts !== MAX_INTERRUPTS) continue;
    const run = runningMembers(s, cfg, id, members);
    if (run.length > 0) return `${id} is throttled (interrupts = MAX) while ${run.join(", ")} of its group run(s)`;
  }
  return null;
}

export function R3(cfg: Config): Property<KState> {
  return {
    name: "R3",
    kind: "quiescent",
    description: "R3 throttle stops the counters: an ACTIVE event with interrupts == MAX ⇒ no counter of its group counts — kernel-semantics.md §6 R3, §2.3",
    holds: (s) => r3Violation(s, cfg, "counters") === null,
  };
}

export function R3_AUX(cfg: Config): Property<KState> {
  return {
    name: "R3-aux",
    kind: "quiescent",
    description: "R3 for the AUX member: an ACTIVE event with interrupts == MAX ⇒ its group's AUX hardware does not trace — kernel-semantics.md §6 R3",
    holds: (s) => r3Violation(s, cfg, "aux") === null,
  };
}
