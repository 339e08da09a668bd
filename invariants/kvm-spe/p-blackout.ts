/**
 * P-Blackout (always) — kernel-semantics.md §7 "Properties".
 *
 * Whenever the SPU can write (`canWrite = vcpuRunning ∧ E ∧ ¬S ∧ PMSCR≠0`), every page of the
 * programmed window [PTR, LIMIT) is pinned and mapped at stage 2 to the host page behind the IPA
 * the guest's CURRENT stage 1 names for it.
 *
 * What it protects: the series exists to remove the profiling blackout — a stage-2 fault on an
 * SPU record write stops profiling until PMBIRQ is delivered and handled (seed 001, Elisei's
 * commit message). A state that breaks this predicate is one where the next record write is a
 * stage-2 fault, or lands in a page the host no longer backs the IPA with (what that write does
 * is P-OwnedPage's concern), or relies on a page KVM does not pin (the host may take it any time).
 * Why `always`: the SPU may write at any instant its enable conditions hold; there is no
 * intermediate step of a kernel function in which the hardware waits.
 */
import type { Property } from "../../src/model.ts";
import { canWrite, pageBacked, s1, vaName, windowVas, type SpeState } from "../../models/kvm-spe/state.ts";

export function blackoutViolation(s: SpeState): string | null {
  if (!canWrite(s)) return null;
  for (const va of windowVas(s)) {
    if (pageBacked(s, va)) continue;
    const ipa = s1(s, va);
    if (ipa === null) return `window page ${vaName(va)} has no guest stage-1 translation`;
    const pinned = s.k.pins.some((p) => p.ipa === ipa);
    const s2 = s.k.s2[ipa]!;
    const pfn = s.host.pfn[ipa]!;
    return `window page ${vaName(va)} → ipa${ipa}: ${pinned ? "pinned" : "NOT pinned"}, stage 2 ${s2 < 0 ? "NOT mapped" : s2 === pfn ? "mapped" : `maps stale pfn${s2} (host page is pfn${pfn})`}`;
  }
  return null;
}

export const P_BLACKOUT: Property<SpeState> = {
  name: "P-Blackout",
  kind: "always",
  description:
    "P-Blackout: SPU can write ⇒ every page of [PTR, LIMIT) is pinned and stage-2-mapped to the host page behind the guest's current stage-1 IPA (no stage-2 fault, no profiling blackout) — kernel-semantics.md §7",
  holds: (s) => blackoutViolation(s) === null,
};
