/**
 * P-NoStalePin (always, while the buffer is in use) — the other reading of §7's P-Fresh ("no stale
 * translation used"), checked on the pins rather than on the range.
 *
 * While ProfilingBufferEnabled() holds and the vCPU runs guest code, no pin KVM holds refers to a
 * translation the guest no longer has: for every pin, the guest stage 1 still maps the pin's VA page
 * to the pin's IPA.
 *
 * What it protects: §7 "What can go wrong" item 1 — after a close and reopen, the new AUX pages are
 * `vmap`ped at the same VA with different IPAs; a policy that trusts the old pins keeps them
 * ("the old pages stay pinned (leak)") and believes the buffer is pinned. It fails on the pin
 * itself, even where the window avoids the page; it does not see a missing pin (P-Fresh does).
 * Why "while in use": a disabled buffer may legitimately keep dormant pins of an old translation
 * (the lazy policies); the translation is checked again at the next enable.
 */
import type { Property } from "../../src/model.ts";
import { bufferInUse, s1, vaName, type SpeState } from "../../models/kvm-spe/state.ts";

export function noStalePinViolation(s: SpeState): string | null {
  if (!bufferInUse(s)) return null;
  for (const p of s.k.pins) {
    const now = s1(s, p.va);
    if (now !== p.ipa) return `pin ${vaName(p.va)}→ipa${p.ipa} is stale: the guest stage 1 maps ${vaName(p.va)} to ${now === null ? "nothing" : `ipa${now}`}`;
  }
  return null;
}

export const P_NO_STALE_PIN: Property<SpeState> = {
  name: "P-NoStalePin",
  kind: "always",
  description: "P-NoStalePin: buffer enabled (E ∧ ¬S, vCPU in the guest) ⇒ every pin's VA still translates (guest stage 1) to the pin's IPA — no stale pin — kernel-semantics.md §7 item 1",
  holds: (s) => noStalePinViolation(s) === null,
};
