/**
 * Every assumption of the KVM SPE model, as data for the report. `unconfirmed` entries are the
 * ones kernel-semantics.md §7 marks UNCONFIRMED (each has an `ASSUMPTION (UNCONFIRMED in reference
 * §7)` comment at the code that models it); the others are modelling choices of this model.
 */
export interface Assumption {
  readonly id: string;
  readonly unconfirmed: boolean;
  readonly text: string;
  /** how the model handles it: a parameter, or a fixed choice */
  readonly modelled: string;
  /** what changes if it is wrong, as far as the runs show */
  readonly effect: string;
}

export const ASSUMPTIONS: readonly Assumption[] = [
  {
    id: "A1",
    unconfirmed: true,
    text: "Whether `kvm_arch_vcpu_put` / `kvm_arch_vcpu_load` unpin and re-pin the buffer (§7: patch 29 body not read).",
    modelled: "parameter `vcpu_put_unpins` (default false). With true: eager unpins on put, the lazy policies park the pins dormant; load pins again (walk + map, with the sequence check) before the vCPU re-enters the guest.",
    effect: "No verdict changes (runs kvm-spe-*-vcpu-put-unpins); the noseq race gets a shorter route through put/load. Pin cost per host deschedule is added, which the workload does not count.",
  },
  {
    id: "A2",
    unconfirmed: true,
    text: "What the MMU-notifier handler of patch 31 does to a page pinned by an ENABLED buffer (§7: 'the notifier behaviour while profiling is enabled … UNCONFIRMED'; patch 30 passes the MMU event to the handlers).",
    modelled: "parameter `notifier_pinned`: `keep` (default; the stage-2 entry stays, the long-term-pinned page cannot move) or `zap` (the generic `kvm_unmap_gfn_range`).",
    effect: "With `zap` every policy, eager included, breaks P-Blackout in 5 steps (run kvm-spe-eager-notifier-zap): the series' guarantee rests on patch 31 not unmapping pinned pages.",
  },
  {
    id: "A3",
    unconfirmed: true,
    text: "The exact unpin trigger conditions of the series (§7).",
    modelled: "eager unpins the whole buffer on every PMBLIMITR_EL1 write with E = 0 and, when the guest moves the window while E stays 1 (PMBIRQ re-programming), unpins the pages leaving [PTR, LIMIT) and pins those entering it.",
    effect: "Only the cost with buffer-full interrupts (workload with-pmbirq) depends on the second half; safety does not.",
  },
  {
    id: "A4",
    unconfirmed: true,
    text: "That the series installs the pinned pages at stage 2 with the `mmu_invalidate_seq` / `mmu_invalidate_retry` check of `user_mem_abort` (patch 29 body not read).",
    modelled: "eager, lazy-va and lazy-rewalk check it (parameter `seq_check`, default true); lazy-rewalk-noseq is the variant without it.",
    effect: "Matters only for the heuristic: eager without the check still holds (run kvm-spe-eager-noseq), because a fresh long-term pin keeps the page from moving; only a reused dormant pin, which the notifier releases, exposes the race.",
  },
  {
    id: "A5",
    unconfirmed: true,
    text: "The normal-kernel cost per pin, 0.04 s (4 s / 100 switches): the reference's own arithmetic (§7).",
    modelled: "shown as a second column next to Clark's measured 0.2 s; not used for any verdict.",
    effect: "Scales the seconds column by 0.2.",
  },
  {
    id: "A6",
    unconfirmed: true,
    text: "The cost of re-walking guest stage 1 on every enable ('cheaper than pinning; cost UNCONFIRMED', §7 item 1).",
    modelled: "the workload counts the stage-1 page walks of each policy but gives them no seconds.",
    effect: "lazy-rewalk's ≈ 0 pins per switch is paid for with one walk per buffer page per enable.",
  },
  {
    id: "M1",
    unconfirmed: false,
    text: "Granularity: the AUX area has 2 pages; the guest maps page o of a new buffer to IPA gen·2 + o (new IPAs on every reopen) at the same VA or at the other of two areas.",
    modelled: "fixed; `reopens` bounds the generations.",
    effect: "Two pages are the fewest in which the window can move inside the area (§7 item 5).",
  },
  {
    id: "M2",
    unconfirmed: false,
    text: "A trapped PMBPTR/PMBLIMITR write is handled while the guest waits: the SPU cannot write during KVM's handling. Pinning is two steps (walk + pin_user_pages without mmu_lock; then mmu_lock, sequence check, stage-2 map); unpinning and parking are one step each.",
    modelled: "fixed; the MMU notifier may land between the two pinning steps.",
    effect: "This split is where the notifier race of §7 item 3 lives.",
  },
  {
    id: "M3",
    unconfirmed: false,
    text: "An MMU-notifier invalidation is one atomic step (range_start, unmap, the page moves if nothing pins it, range_end with seq++).",
    modelled: "fixed; `invalidations` bounds them. Sound for the retry check: `mmu_invalidate_retry` also fails while an invalidation is in progress.",
    effect: "—",
  },
  {
    id: "M4",
    unconfirmed: false,
    text: "The lazy policies key on the whole AUX mapping (§7 item 5): pins outside the current window are kept for later windows of the same area, bounded by the RLIMIT_MEMLOCK budget (pins outside the window are evicted before pinning beyond it).",
    modelled: "fixed; `rlimit_pages` (default one AUX area).",
    effect: "Without it the lazy policies re-pin on every PMBIRQ (§7 item 5).",
  },
  {
    id: "M5",
    unconfirmed: false,
    text: "lazy-rewalk re-walks every page it still pins, not only [PTR, LIMIT): a stale pin outside the new window is found and released at the enable.",
    modelled: "fixed.",
    effect: "Not run: a re-walk limited to the window could not see a stale pin outside it (e.g. reopen at the same VA, then enable with the window [A1] only), which would then be kept in use while the buffer is enabled (P-Fresh, P-Release).",
  },
  {
    id: "M6",
    unconfirmed: false,
    text: "The dormant release paths (timeout work, shrinker, teardown, RLIMIT exit) serialise with a pin operation in flight (a per-vCPU lock held from walk to map).",
    modelled: "they are enabled only when no pin operation is in flight. Teardown and the RLIMIT exit release the same set as the shrinker and are not separate actions.",
    effect: "Without that lock they race with the reuse exactly like the notifier, and `mmu_invalidate_seq` does not catch them (they do not bump it).",
  },
  {
    id: "M7",
    unconfirmed: false,
    text: "Guest driver branches not modelled: TRUNCATED / FATAL PMBIRQ (the buffer stays off until the next start, which is a stop for pinning), SPURIOUS, discard mode. After an SPU stage-2 fault the guest's PMBIRQ handler re-programs as for a buffer-full event (what KVM does with the fault, patch 24, is not in the reference).",
    modelled: "fixed.",
    effect: "Only behaviour after a P-Blackout violation depends on the stage-2 fault handling.",
  },
  {
    id: "M8",
    unconfirmed: false,
    text: "Guest CPU accesses that fault buffer pages in at stage 2 without pinning are not modelled.",
    modelled: "fixed.",
    effect: "They could make the 'mapped' half of P-Blackout hold more often, never the 'pinned' half.",
  },
  {
    id: "M9",
    unconfirmed: false,
    text: "Reading of Clark's figures: '100 context switches' counts each switch of the profiled task (in or out), and '0.2 s per pin/unpin' is per whole-buffer pin or unpin.",
    modelled: "seconds = 100 × (whole-buffer pin + unpin operations per switch) × 0.2 s.",
    effect: "The other reading (§7: pins per sched-in, unpins free) gives the same 20 s for eager: 100 sched-ins × 1 pin × 0.2 s.",
  },
];
