/**
 * P-Release (always, bounded response) — kernel-semantics.md §7 "Properties": "a pin not used by an
 * enabled buffer is released within K steps or under memory pressure, and locked pages ≤ RLIMIT
 * budget".
 *
 * Checked as a bounded response on the ghost age of models/kvm-spe/release-clock.ts: the age counts
 * the consecutive steps (outside KVM buffer operations) in which KVM holds a pin the enabled buffer
 * does not use; memory pressure (the shrinker) may release the dormant pins at any step, the
 * dormant timeout releases them at its deadline. The property fails when the age exceeds K
 * (`release_k`): a pin no release path reaches (a leak: marked in use, so the timeout, the shrinker
 * and the notifier skip it — §7 item 1 "the old pages stay pinned (leak)"), or a dormant timeout
 * longer than K. Also: the locked-page count equals the number of pins and stays within
 * RLIMIT_MEMLOCK (patch 33).
 *
 * Reading: "within K steps or under memory pressure" as "within K steps at the latest; memory
 * pressure may release earlier". A liveness check ("every unused pin is eventually released", with
 * fairness for the timeout) would replace the step bound once the engine has one.
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kvm-spe/config.ts";
import { pinUsed, vaName, type SpeState } from "../../models/kvm-spe/state.ts";

export function releaseViolation(s: SpeState, cfg: Config): string | null {
  if (s.k.locked !== s.k.pins.length) return `locked-page count ${s.k.locked} ≠ ${s.k.pins.length} pins`;
  if (s.k.locked > cfg.rlimitPages) return `locked pages ${s.k.locked} exceed RLIMIT_MEMLOCK budget ${cfg.rlimitPages}`;
  if (s.k.age <= cfg.releaseK) return null;
  const p = s.k.pins.find((q) => !pinUsed(s, q))!;
  const why = p.st === "dormant" ? "dormant, and the timeout has not run" : "marked in use, so no release path reaches it (leaked)";
  return `pin ${vaName(p.va)}→ipa${p.ipa} is not used by the enabled buffer and has been held ${s.k.age} steps > K = ${cfg.releaseK}: ${why}`;
}

export function P_RELEASE(cfg: Config): Property<SpeState> {
  return {
    name: "P-Release",
    kind: "always",
    description: `P-Release: a pin not used by the enabled buffer is released within K = ${cfg.releaseK} steps (dormant timeout at ${cfg.dormantTimeout}) or earlier under memory pressure; locked pages = pins ≤ RLIMIT — kernel-semantics.md §7`,
    holds: (s) => releaseViolation(s, cfg) === null,
  };
}
