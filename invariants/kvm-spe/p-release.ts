/**
 * P-Release (always) — kernel-semantics.md §7 "Properties" (P-Release: "a pin not used by an
 * enabled buffer is released within K steps or under memory pressure, and locked pages ≤ RLIMIT
 * budget"); issue 5 ("released within a bounded number of steps or on the events §7 lists").
 *
 * Choice: "release on events", not an age counter. Every pin must be in one of three situations:
 *   (a) it backs the enabled buffer: E = 1, KVM marked it in use, and the guest stage 1 still maps
 *       its VA to its IPA;
 *   (b) it is dormant: registered where every release event of §7 reaches it — MMU-notifier
 *       invalidation, host memory pressure (shrinker), the dormant timeout, vCPU/VM teardown, an
 *       RLIMIT exit. The model has the notifier, the shrinker and the timeout as actions, enabled
 *       whenever a dormant pin exists and no pin operation is in flight (teardown and the RLIMIT
 *       exit release the same set and are not separate actions); test/kvm-spe.test.ts checks that
 *       each of them releases every dormant pin;
 *   (c) it is in flight: held by a pin operation that either installs it (→ a) or releases it (retry).
 * and the locked-page count equals the number of pins and stays within RLIMIT_MEMLOCK (patch 33).
 * A pin that breaks this is leaked: KVM counts it as in use, so no release event touches it, yet the
 * enabled buffer does not use it (§7 item 1: "The old pages stay pinned (leak)").
 *
 * Why not an age counter ("released within K steps"): BFS checks safety without fairness, so a
 * step bound would be broken by any path on which the timeout simply has not fired yet — every lazy
 * policy would fail by construction, which says nothing. The bound is the dormant timeout's period;
 * checking that it eventually fires needs liveness with weak fairness in the engine (a hook noted in
 * the report). An age counter in the state would also multiply the state space by K.
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kvm-spe/config.ts";
import { s1, vaName, type SpeState } from "../../models/kvm-spe/state.ts";

export function releaseViolation(s: SpeState, cfg: Config): string | null {
  if (s.k.locked !== s.k.pins.length) return `locked-page count ${s.k.locked} ≠ ${s.k.pins.length} pins`;
  if (s.k.locked > cfg.rlimitPages) return `locked pages ${s.k.locked} exceed RLIMIT_MEMLOCK budget ${cfg.rlimitPages}`;
  for (const p of s.k.pins) {
    const name = `${vaName(p.va)}→ipa${p.ipa}`;
    switch (p.st) {
      case "inflight":
        if (s.k.op === null) return `pin ${name} is in flight with no pin operation running`;
        break;
      case "dormant":
        break;
      case "pinned":
        if (!s.g.E) return `pin ${name} is marked in use but the buffer is disabled`;
        if (s1(s, p.va) !== p.ipa) return `pin ${name} is marked in use but the enabled buffer does not use it (leaked: no release event reaches it)`;
        break;
    }
  }
  return null;
}

export function P_RELEASE(cfg: Config): Property<SpeState> {
  return {
    name: "P-Release",
    kind: "always",
    description:
      "P-Release: every pin backs the enabled buffer, or is dormant (released by notifier / shrinker / timeout / teardown / RLIMIT exit), or belongs to a pin operation in flight; locked pages = pins ≤ RLIMIT — kernel-semantics.md §7",
    holds: (s) => releaseViolation(s, cfg) === null,
  };
}
