/**
 * What the KVM SPE model does not model, as data for the report's scope section: each limit, what
 * could go wrong there, and whether a parameter covers part of it.
 */
export interface ScopeLimit {
  readonly id: string;
  readonly topic: string;
  /** what the model leaves out */
  readonly limit: string;
  /** what a reviewer should expect there */
  readonly risk: string;
}

export const SCOPE_LIMITS: readonly ScopeLimit[] = [
  {
    id: "S1",
    topic: "More than two AUX buffers; LRU of dormant sets",
    limit: "At most two profiled tasks with their own buffers (`buffers=2`, per-task only; a reopen then stays at the same VA). §7 item 4's remedy, an LRU of N dormant sets, is not a policy here.",
    risk: "With two tasks the §7 heuristic as stated thrashes (workload `two-tasks`): each switch unpins the other buffer, which is \"no longer covered\". An LRU would keep both, bounded by RLIMIT_MEMLOCK.",
  },
  {
    id: "S2",
    topic: "The guest changing PMBPTR or its stage 1 while the buffer is enabled",
    limit: "The guest writes PTR/LIMIT only with E = 0 or from its PMBIRQ handler (S = 1), and remaps the AUX pages only while the buffer is disabled — what arm_spe_pmu.c does.",
    risk: "A guest that remaps a page of an enabled buffer makes KVM's pins stale until the next enable: the SPU translates through the new stage-1 entry to an IPA that is not mapped, a blackout of the guest's own making. Stage 2 is per IPA, so the host is not at risk (P-OwnedPage).",
  },
  {
    id: "S3",
    topic: "Memslot changes",
    limit: "KVM_SET_USER_MEMORY_REGION (delete or move the memslot holding the buffer) is not modelled: it flushes stage 2 through `kvm_arch_flush_shadow_memslot`, not through the MMU notifier (whether `mmu_invalidate_seq` moves on that path was not re-read here).",
    risk: "If it does not, a pin operation between its walk and its install would not see the change through the sequence check; the series must then hold the memslots' SRCU read lock across both steps or re-check the slot. Pins of a deleted slot must be dropped by the series itself.",
  },
  {
    id: "S4",
    topic: "Dirty logging and live migration",
    limit: "Stage 2 is never write-protected.",
    risk: "With dirty logging on, KVM write-protects stage 2: SPU writes then take stage-2 permission faults (blackouts), or, if the SPE buffer is exempt, SPU writes bypass dirty tracking and the destination gets a stale buffer.",
  },
  {
    id: "S5",
    topic: "hugetlb backing (patch 34)",
    limit: "Host pages are 4 KiB; a pin, an unpin and a walk are priced per 4 KiB page.",
    risk: "With hugetlb the pin count per buffer drops by 512 (2 MiB pages), so the pin cost per context switch falls; the guest's stage-1 walk stays per guest page.",
  },
  {
    id: "S6",
    topic: "RLIMIT_MEMLOCK shared across vCPUs",
    limit: "One vCPU; `rlimit_pages` is that vCPU's budget (at least one AUX area, so the §7 heuristic never evicts for it).",
    risk: "RLIMIT_MEMLOCK is per process: N vCPUs each profiling with a 256 MiB buffer need N × 256 MiB locked, and the lazy policies keep that locked while idle (§7 item 2); patch 32's KVM_EXIT_RLIMIT then fires for the last vCPU to pin.",
  },
  {
    id: "S7",
    topic: "What KVM does with an SPU stage-2 fault (patch 24)",
    limit: "The fault is passed to the guest, whose driver reports \"Unexpected buffer fault\" (EC = FAULT_S2 → SPE_PMU_BUF_FAULT_ACT_FATAL, `arm_spe_pmu_buf_get_fault_act`) and disables the buffer until the next start.",
    risk: "If KVM instead fixes the fault up and hides it, a blackout lasts only until the fix-up; the P-Blackout verdicts do not change (they are about the fault happening at all).",
  },
  {
    id: "S8",
    topic: "Guest CPU accesses to the buffer",
    limit: "Guest CPU faults that fill stage 2 on demand (`user_mem_abort`) are not modelled.",
    risk: "They map pages at stage 2 without pinning them: the `none` baseline would then fault only on pages the guest has not touched lately (its blackouts are random, as Clark says); P-Blackout still fails for it, since nothing is pinned.",
  },
  {
    id: "S9",
    topic: "Several vCPUs, SMP races inside KVM",
    limit: "One vCPU; KVM's handling of one trapped write is two steps (walk, map); the release paths serialise with it (M6).",
    risk: "Two vCPUs sharing one buffer (a guest per-CPU session uses one per CPU, so not the driver's case) are out of scope.",
  },
];
