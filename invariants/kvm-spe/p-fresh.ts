/**
 * P-Fresh (always, while the buffer is enabled) — kernel-semantics.md §7 "Properties"; issue 5.
 *
 * While ProfilingBufferEnabled() holds (E = 1 and KVM's handling of the last write is complete),
 * no pin KVM holds for the buffer refers to a translation the guest no longer has: for every pin,
 * the guest stage 1 still maps the pin's VA page to the pin's IPA.
 *
 * What it protects: §7 "What can go wrong" item 1 — after a close and reopen, the new AUX pages are
 * `vmap`ped at the same VA with different IPAs; a policy that trusts the old pins uses a stale
 * translation. It differs from P-Blackout in not waiting for the SPU: it fails as soon as the stale
 * pin is adopted by an enabled buffer, even if sampling is still off or the window avoids the page.
 * Why "while enabled": a disabled buffer may legitimately keep dormant pins of an old translation
 * (the lazy policies); the translation is checked again at the next enable.
 */
import type { Property } from "../../src/model.ts";
import { bufferEnabled, s1, vaName, type SpeState } from "../../models/kvm-spe/state.ts";

export function freshViolation(s: SpeState): string | null {
  if (!bufferEnabled(s)) return null;
  for (const p of s.k.pins) {
    const now = s1(s, p.va);
    if (now !== p.ipa) return `pin ${vaName(p.va)}→ipa${p.ipa} is stale: the guest stage 1 maps ${vaName(p.va)} to ${now === null ? "nothing" : `ipa${now}`}`;
  }
  return null;
}

export const P_FRESH: Property<SpeState> = {
  name: "P-Fresh",
  kind: "always",
  description: "P-Fresh: buffer enabled ⇒ every pin's VA still translates (guest stage 1) to the pin's IPA — no stale translation — kernel-semantics.md §7",
  holds: (s) => freshViolation(s) === null,
};
