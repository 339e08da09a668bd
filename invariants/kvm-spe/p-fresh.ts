/**
 * P-Fresh (always, while the buffer is in use) — kernel-semantics.md §7 "Properties", as the
 * reference defines it: "the pinned set is a superset of the current S1 translation of the enabled
 * range (no stale translation used)".
 *
 * While ProfilingBufferEnabled() holds and the vCPU runs guest code, every IPA the guest's current
 * stage 1 gives a page of [PTR, LIMIT) is pinned.
 *
 * What it protects: the pin half of P-Blackout, checked as soon as the buffer is enabled rather than
 * when the SPU first writes — every page the SPU may write is held by KVM, so the host cannot move
 * or reclaim it. A policy that reuses pins of an old translation (§7 item 1) or installs a page the
 * notifier released meanwhile (§7 item 3) breaks it. Stale pins *outside* the translation do not
 * break it: that concern is P-NoStalePin's.
 * Why "while in use": the vCPU out of the guest cannot use the buffer, and the lazy policies may
 * hold pins of an old translation while the buffer is disabled.
 */
import type { Property } from "../../src/model.ts";
import { bufferInUse, s1, vaName, windowVas, type SpeState } from "../../models/kvm-spe/state.ts";

export function freshViolation(s: SpeState): string | null {
  if (!bufferInUse(s)) return null;
  const pinned = s.k.pins.map((p) => `ipa${p.ipa}`).join(", ") || "none";
  for (const va of windowVas(s)) {
    const ipa = s1(s, va);
    if (ipa === null) return `window page ${vaName(va)} has no guest stage-1 translation`;
    if (!s.k.pins.some((p) => p.ipa === ipa)) return `window page ${vaName(va)} translates to ipa${ipa}, which is not pinned (pinned: ${pinned})`;
  }
  return null;
}

export const P_FRESH: Property<SpeState> = {
  name: "P-Fresh",
  kind: "always",
  description:
    "P-Fresh: buffer enabled (E ∧ ¬S, vCPU in the guest) ⇒ the pinned set ⊇ the current stage-1 translation of [PTR, LIMIT) — the reference's definition — kernel-semantics.md §7",
  holds: (s) => freshViolation(s) === null,
};
