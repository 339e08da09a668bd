/**
 * P-OwnedPage (always) — host safety, separate from P-Blackout.
 *
 * The SPU never writes, through stage 2, into a host page that no longer backs the guest's IPA.
 * Read from the ghost `host.stray`, which the SPU's write step records: a present stage-2 entry does
 * not fault, so a write through an entry that names an old host page lands in that page.
 *
 * What it protects: host memory. If nobody pins the old page any more the host has freed it and
 * reused it: the SPU corrupts host memory (use-after-free) — the reason `user_mem_abort`
 * (arch/arm64/kvm/mmu.c) installs a stage-2 entry only after `mmu_invalidate_retry`
 * (include/linux/kvm_host.h) says no invalidation intervened. If KVM still pins it, the page is
 * detached from the guest (munmap, MADV_DONTNEED, balloon replaced it behind the HVA): the guest's
 * profile goes into a page it cannot read, and the page stays allocated until KVM unpins it.
 * P-Blackout's predicate fails one step earlier in both cases (the page is not the host page behind
 * the IPA); this property says what the write then does. It must hold even against a VMM that
 * unmaps guest memory at any time: user space is not trusted by the kernel.
 */
import type { Property } from "../../src/model.ts";
import type { SpeState } from "../../models/kvm-spe/state.ts";

export function ownedPageViolation(s: SpeState): string | null {
  const st = s.host.stray;
  if (st === null) return null;
  return st.freed
    ? `the SPU wrote ipa${st.ipa}'s records into pfn${st.pfn}, which no pin holds: the host freed it (use-after-free, host memory corruption)`
    : `the SPU wrote ipa${st.ipa}'s records into pfn${st.pfn}, which KVM still pins but which no longer backs ipa${st.ipa} (the guest's records are lost in a detached page)`;
}

export const P_OWNED_PAGE: Property<SpeState> = {
  name: "P-OwnedPage",
  kind: "always",
  description: "P-OwnedPage: no SPU write lands in a host page the guest no longer owns (a stage-2 entry left naming a migrated, freed or replaced page) — host memory safety",
  holds: (s) => ownedPageViolation(s) === null,
};
