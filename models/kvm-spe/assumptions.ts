/**
 * Every assumption of the KVM SPE model, as data for the report. `unconfirmed` entries are the
 * ones kernel-semantics.md §7 marks UNCONFIRMED or that no source settles (each has an
 * `ASSUMPTION` comment at the code that models it); the others are modelling choices of this model.
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
    effect: "No verdict changes (runs kvm-spe-*-vcpu-put-unpins). A pin cost per host deschedule is added, which the workloads do not count.",
  },
  {
    id: "A2",
    unconfirmed: true,
    text: "What the MMU-notifier handler of patch 31 does to the stage-2 entry of a page pinned by an ENABLED buffer (§7: 'the notifier behaviour while profiling is enabled … UNCONFIRMED'; patch 30 passes the MMU event to the handlers).",
    modelled:
      "parameter `notifier_pinned`: `by-event` (default: keep on MMU_NOTIFY_CLEAR, zap on MMU_NOTIFY_UNMAP), `keep`, `zap`. A migration and MADV_DONTNEED both carry MMU_NOTIFY_CLEAR (`try_to_migrate_one`, `zap_page_range_single`); munmap carries MMU_NOTIFY_UNMAP (`unmap_vmas`).",
    effect:
      "With `zap` every policy, eager included, blacks out on a migration attempt of an enabled buffer's page (run kvm-spe-eager-notifier-zap). With pages taken from an enabled buffer (`unmap_events=any-time`), `by-event` keeps the entry on MADV_DONTNEED and the SPU writes into the replaced page (kvm-spe-eager-unmap-any-time); `zap` still lets a later window move re-install the pinned old page (kvm-spe-eager-unmap-any-time-zap).",
  },
  {
    id: "A3",
    unconfirmed: true,
    text: "The exact unpin trigger conditions of the series (§7).",
    modelled: "eager unpins the whole buffer on every PMBLIMITR_EL1 write with E = 0 and, when the guest moves the window while E stays 1 (PMBIRQ re-programming), unpins the pages leaving [PTR, LIMIT) and pins those entering it.",
    effect: "Only the cost with buffer-full interrupts (workload with-pmbirq) depends on the second half; safety does not, except that a re-install of a kept pin is where kvm-spe-eager-unmap-any-time-zap writes into a replaced page.",
  },
  {
    id: "A4",
    unconfirmed: true,
    text: "That the series installs the pinned pages at stage 2 with the `mmu_invalidate_seq` / `mmu_invalidate_retry` check of `user_mem_abort` (patch 29 body not read).",
    modelled: "eager, lazy-va and lazy-rewalk check it (parameter `seq_check`, default true); lazy-rewalk-noseq is the variant without it.",
    effect:
      "Without it eager breaks P-Blackout and P-OwnedPage (run kvm-spe-eager-noseq): a munmap or MADV_DONTNEED between the walk and the install replaces the page although it is pinned, and the install maps the old one.",
  },
  {
    id: "A5",
    unconfirmed: true,
    text: "What James Clark's 'each pin/unpin taking about 0.2s' means (one pin plus one unpin, or each), and how it scales to a normal kernel build.",
    modelled: "both readings as prices (models/kvm-spe/pricing.ts): 'pair' (default, 1.53 µs per page per pin or unpin) and 'each' (3.05 µs); the normal build scales the pin cost by 4 s / 20 s (the reference's arithmetic, §7), 0.31 µs.",
    effect: "Seconds scale linearly; the counts per context switch do not depend on it.",
  },
  {
    id: "A6",
    unconfirmed: true,
    text: "The cost of a guest stage-1 walk that does not lead to a pin ('cheaper than pinning; cost UNCONFIRMED', §7 item 1), and that Clark's pin cost includes the walk that finds the pages.",
    modelled: "0.4 µs per 4 KiB page by default, 0.04–1.5 µs as the range (models/kvm-spe/pricing.ts gives the reasoning from `walk_s1`); a walk followed by a pin is priced as part of the pin.",
    effect: "lazy-rewalk's cost per context switch is its walks only; the cost section compares it with eager's at the same prices.",
  },
  {
    id: "A7",
    unconfirmed: true,
    text: "Whether the series keeps the buffer pinned while PMBSR_EL1.S = 1. The series keeps it mapped 'while ProfilingBufferEnabled() is true', which is PMBLIMITR_EL1.E == 1 && PMBSR_EL1.S == 0 (Arm ARM), but the thread does not say it unpins when S becomes 1.",
    modelled:
      "parameter `service_unpins` (default false: only E counts). With true, the SPU's maintenance interrupt (patch 24) releases the pins (eager unpins, the lazy policies park) and the guest's trapped PMBSR_EL1 = 0 write pins again; the PMBIRQ handler's new window is then not pinned while S = 1.",
    effect: "No verdict changes (runs kvm-spe-*-service-unpins). Cost with PMBIRQs: eager pins and unpins the whole window once more per buffer-full interrupt (the with-pmbirq rows).",
  },
  {
    id: "M1",
    unconfirmed: false,
    text: "Granularity: an AUX area has 2 pages; the guest maps page o of a buffer of generation g to IPA 2g + o (new IPAs on every reopen) at the same VA or at the other of two areas; with two profiled tasks, each has its own area.",
    modelled: "fixed; `reopens` and `buffers` bound the generations.",
    effect: "Two pages are the fewest in which the window can move inside the area (§7 item 5). Costs scale per page (models/kvm-spe/pricing.ts).",
  },
  {
    id: "M2",
    unconfirmed: false,
    text: "A trapped PMBPTR/PMBLIMITR/PMBSR write is handled while the guest waits: the SPU cannot write during KVM's handling. Pinning is two steps (walk + pin_user_pages without mmu_lock; then mmu_lock, sequence check, stage-2 map); unpinning and parking are one step each.",
    modelled: "fixed; the MMU notifier may land between the two pinning steps.",
    effect: "This split is where the notifier race of §7 item 3 lives.",
  },
  {
    id: "M3",
    unconfirmed: false,
    text: "An MMU-notifier invalidation is one atomic step (range_start, unmap, the page changes, range_end with seq++).",
    modelled: "fixed; `invalidations` bounds them. Sound for the retry check: `mmu_invalidate_retry` also fails while an invalidation is in progress.",
    effect: "—",
  },
  {
    id: "M4",
    unconfirmed: false,
    text: "The §7 heuristic keys on the whole AUX mapping when the window moves while enabled (§7 item 5): pins outside the new window are kept for later windows of the same area, within the RLIMIT_MEMLOCK budget. When the buffer becomes enabled it follows §7: reuse everything if [PTR, LIMIT) ⊆ dormant range and the translation is unchanged, else pin the delta and unpin what is no longer covered.",
    modelled: "fixed; `rlimit_pages` (default one AUX area). The stage-2 install marks only the window's pins as in use.",
    effect: "Without the first half the lazy policies re-pin on every PMBIRQ (§7 item 5); the second half is why a reopen at a new VA (kvm-spe-lazy-va-new-va) leaks nothing and why two alternating buffers thrash (workload two-tasks).",
  },
  {
    id: "M5",
    unconfirmed: false,
    text: "lazy-rewalk re-walks every page it still pins, not only [PTR, LIMIT): a stale pin outside the new window is found and released at the enable.",
    modelled: "fixed.",
    effect: "Not run: a re-walk limited to the window could not see a stale pin outside it (e.g. reopen at the same VA, then enable with the window [A1] only), which would then be kept while the buffer is enabled (P-NoStalePin).",
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
    text: "Guest driver outcomes of `arm_spe_pmu_buf_get_fault_act`: buffer full (ACT_OK) re-programs the window; buffer full with TRUNCATED leaves the event OFF (audit X4: `irq_work_run()` schedules it out; only a new session restarts it); a stage-2 fault is 'Unexpected buffer fault' (FATAL): PMBLIMITR_EL1 = 0 until the next start. Not modelled: SPURIOUS, discard mode.",
    modelled: "fixed; the stop's PMBSR_EL1 = 0 write is folded into its trapped PMBLIMITR_EL1 = 0 write (KVM acts on E = 0 alone), and after FATAL the next sched-out's second E = 0 write is folded into the first.",
    effect: "Only behaviour after a P-Blackout violation depends on the FATAL path.",
  },
  {
    id: "M8",
    unconfirmed: false,
    text: "When the host may replace a buffer page (munmap, MADV_DONTNEED, balloon): by default only while the guest's PMBLIMITR_EL1.E is 0, which includes KVM's handling of the E = 1 write (the race window). A page taken from an enabled buffer ends the guest's buffer whatever KVM does.",
    modelled: "parameter `unmap_events`: none, while-disabled (default), any-time. Migration attempts may come at any time.",
    effect: "With any-time no policy can keep P-Blackout; the runs kvm-spe-eager-unmap-any-time(-zap) then check P-OwnedPage, which must hold against any VMM.",
  },
  {
    id: "M9",
    unconfirmed: false,
    text: "Time for P-Release: one model step is one unit; the dormant timeout fires at the latest `dormant_timeout` steps after a pin fell out of use (it is then the only step), K = `release_k` (models/kvm-spe/release-clock.ts). KVM operations in flight stop the clock.",
    modelled: "parameters `release_k` (default 3) and `dormant_timeout` (default 3).",
    effect: "A timeout longer than K fails P-Release (run kvm-spe-lazy-rewalk-slow-timeout); a leaked pin fails it whatever the timeout.",
  },
  {
    id: "M10",
    unconfirmed: false,
    text: "The unit of the cost: a context switch of the profiled task is one switch out and back in (Clark's unit); per-task that is one `event_sched_out` and one `event_sched_in`.",
    modelled: "each workload runs a first sched-in, 100 context switches and a last sched-out; 'per context switch' divides the 100 switches' counts (models/kvm-spe/cost.ts).",
    effect: "—",
  },
];
