/**
 * The KVM SPE standard runs (part of the default `auxcheck check`). Expected verdicts are DATA,
 * derived from kernel-semantics.md §7, the seed thread and the kernel code before the runs — never
 * from what the model returns. Each `source` says where the expectation comes from; one recorded
 * after the model found it says so.
 */
import type { StandardRun } from "../../src/registry.ts";

const base = { model: "kvm-spe", patch: null, pmu: "arm_spe (guest, KVM arm64)", maxStates: 500_000 } as const;

/** One run per policy, default parameters (per-task, reopens 1, invalidations 1, all windows, unmap events while disabled, K = 3). */
export const kvmSpeVariantRuns: readonly StandardRun[] = [
  {
    ...base,
    id: "kvm-spe-none",
    scenario: "none / per-task",
    params: { variant: "none" },
    expected: {
      verdict: "violation",
      violated: ["P-Blackout", "P-Fresh"],
      source:
        "seed 001 (the series' commit message): without pinning the SPU takes stage-2 faults, the blackout (P-Blackout) and nothing is pinned (P-Fresh); no pin, so P-NoStalePin and P-Release hold; no stage-2 entry, so no stray write (P-OwnedPage)",
    },
  },
  {
    ...base,
    id: "kvm-spe-eager",
    scenario: "eager / per-task",
    params: { variant: "eager" },
    expected: {
      verdict: "ok",
      source:
        "§7 'the series as described': pin on enable, unpin on disable; the sequence check makes a page replaced during the pin retry; no pin outlives the enable, so P-NoStalePin and P-Release hold",
    },
  },
  {
    ...base,
    id: "kvm-spe-lazy-va",
    scenario: "lazy-va / per-task",
    params: { variant: "lazy-va" },
    expected: {
      verdict: "violation",
      violated: ["P-Blackout", "P-Fresh", "P-NoStalePin", "P-Release"],
      source:
        "§7 item 1: after a close and reopen at the same VA the VA-only check reuses the old pins: the new IPAs are neither pinned (P-Fresh) nor mapped (P-Blackout), the old pins are stale (P-NoStalePin) and, marked in use, reached by no release path ('the old pages stay pinned (leak)': P-Release)",
    },
  },
  {
    ...base,
    id: "kvm-spe-lazy-rewalk",
    scenario: "lazy-rewalk / per-task",
    params: { variant: "lazy-rewalk" },
    expected: {
      verdict: "ok",
      source: "§7 item 1: a re-walk of guest stage 1 on every enable detects the changed buffer; §7 item 3: the sequence check closes the notifier race; the timeout (at K) releases the dormant pins",
    },
  },
  {
    ...base,
    id: "kvm-spe-lazy-rewalk-noseq",
    scenario: "lazy-rewalk-noseq / per-task",
    params: { variant: "lazy-rewalk-noseq" },
    expected: {
      verdict: "violation",
      violated: ["P-Blackout", "P-Fresh", "P-OwnedPage"],
      source:
        "§7 item 3: an invalidation between the reuse decision and the stage-2 install leaves stage 2 naming the old page (P-Blackout), unpinned (P-Fresh); a present stage-2 entry does not fault, so the SPU writes into it (P-OwnedPage); the guest stage 1 is unchanged, so P-NoStalePin holds",
    },
  },
];

/** Sensitivity runs: the UNCONFIRMED assumptions, the other mode, the host events and the bounds, each with an expectation derived before running. */
export const kvmSpeSensitivityRuns: readonly StandardRun[] = [
  {
    ...base,
    id: "kvm-spe-eager-per-cpu",
    scenario: "eager / per-cpu",
    params: { variant: "eager", mode: "per-cpu" },
    expected: { verdict: "ok", source: "§7: per-cpu mode runs the same register writes, only at session start/stop and on PMBIRQ; eager's safety does not depend on how often" },
  },
  {
    ...base,
    id: "kvm-spe-lazy-rewalk-per-cpu",
    scenario: "lazy-rewalk / per-cpu",
    params: { variant: "lazy-rewalk", mode: "per-cpu" },
    expected: { verdict: "ok", source: "as kvm-spe-lazy-rewalk; the mode changes the cost, not the interleavings KVM sees" },
  },
  {
    ...base,
    id: "kvm-spe-eager-vcpu-put-unpins",
    scenario: "eager / per-task, vcpu_put_unpins",
    params: { variant: "eager", vcpu_put_unpins: true },
    expected: { verdict: "ok", source: "§7 UNCONFIRMED (vcpu_put/vcpu_load pin or unpin): the SPU cannot write while the vCPU is out, and load re-pins (with the sequence check) before entering the guest" },
  },
  {
    ...base,
    id: "kvm-spe-lazy-rewalk-vcpu-put-unpins",
    scenario: "lazy-rewalk / per-task, vcpu_put_unpins",
    params: { variant: "lazy-rewalk", vcpu_put_unpins: true },
    expected: { verdict: "ok", source: "§7 UNCONFIRMED (vcpu_put/vcpu_load): put parks the pins dormant, load re-walks and re-checks like an enable" },
  },
  {
    ...base,
    id: "kvm-spe-eager-service-unpins",
    scenario: "eager / per-task, service_unpins",
    params: { variant: "eager", service_unpins: true },
    expected: {
      verdict: "ok",
      source: "ProfilingBufferEnabled() = E ∧ ¬S: while S = 1 the SPU does not write, and the guest's PMBSR_EL1 = 0 write is trapped, so KVM pins again before the SPU can write",
    },
  },
  {
    ...base,
    id: "kvm-spe-lazy-rewalk-service-unpins",
    scenario: "lazy-rewalk / per-task, service_unpins",
    params: { variant: "lazy-rewalk", service_unpins: true },
    expected: { verdict: "ok", source: "as kvm-spe-eager-service-unpins: the pins are parked at S = 1 and re-checked by the walk at PMBSR_EL1 = 0" },
  },
  {
    ...base,
    id: "kvm-spe-eager-notifier-zap",
    scenario: "eager / per-task, notifier_pinned=zap",
    params: { variant: "eager", notifier_pinned: "zap" },
    expected: {
      verdict: "violation",
      violated: ["P-Blackout"],
      source: "§7 UNCONFIRMED (notifier behaviour while profiling is enabled): a stage-2 unmap of an enabled buffer's page is the stage-2 fault the series exists to remove (seed 001); the pin stays, so P-Fresh holds",
    },
  },
  {
    ...base,
    id: "kvm-spe-eager-noseq",
    scenario: "eager / per-task, seq_check=false",
    params: { variant: "eager", seq_check: false },
    expected: {
      verdict: "violation",
      violated: ["P-Blackout", "P-OwnedPage"],
      source:
        "munmap / MADV_DONTNEED replace the page behind the HVA even when it is pinned: one landing between the walk and the install leaves stage 2 naming the old, still pinned page (P-Blackout), into which the SPU then writes (P-OwnedPage); the pinned IPAs are the right ones, so P-Fresh holds",
    },
  },
  {
    ...base,
    id: "kvm-spe-eager-unmap-any-time",
    scenario: "eager / per-task, unmap_events=any-time",
    params: { variant: "eager", unmap_events: "any-time" },
    expected: {
      verdict: "violation",
      violated: ["P-Blackout", "P-OwnedPage"],
      source:
        "a page taken from an enabled buffer is gone whatever KVM does (P-Blackout); MADV_DONTNEED carries MMU_NOTIFY_CLEAR like a migration (mm/memory.c zap_page_range_single, mm/rmap.c try_to_migrate_one), so keeping the entry on CLEAR keeps it naming the replaced page (P-OwnedPage)",
    },
  },
  {
    ...base,
    id: "kvm-spe-eager-unmap-any-time-zap",
    scenario: "eager / per-task, unmap_events=any-time, notifier_pinned=zap",
    params: { variant: "eager", unmap_events: "any-time", notifier_pinned: "zap" },
    expected: {
      verdict: "violation",
      violated: ["P-Blackout", "P-OwnedPage"],
      source:
        "RECORDED AFTER THE MODEL FOUND IT (derived before running: P-Blackout only): zapping the entry is not enough while the pin stays — the next window move (PMBIRQ, E stays 1) keeps the pin, whose translation is unchanged, and installs its old page again; the SPU then writes into it",
    },
  },
  {
    ...base,
    id: "kvm-spe-lazy-rewalk-noseq-migrate-only",
    scenario: "lazy-rewalk-noseq / per-task, unmap_events=none",
    params: { variant: "lazy-rewalk-noseq", unmap_events: "none" },
    expected: {
      verdict: "violation",
      violated: ["P-Blackout", "P-Fresh", "P-OwnedPage"],
      source:
        "§7 item 3 with migration only: the notifier releases the dormant pin being reused, the page migrates, the install maps the old page, which the host has freed: the SPU write is a use-after-free (P-OwnedPage)",
    },
  },
  {
    ...base,
    id: "kvm-spe-lazy-va-new-va",
    scenario: "lazy-va / per-task, reopen only at a new VA",
    params: { variant: "lazy-va", reopen_va: "new" },
    expected: {
      verdict: "ok",
      source: "§7 heuristic: a window at a new VA is not within the dormant range, so lazy-va pins the delta and unpins what is no longer covered: no stale pin, no leak",
    },
  },
  {
    ...base,
    id: "kvm-spe-lazy-rewalk-two-buffers",
    scenario: "lazy-rewalk / per-task, two profiled tasks with their own buffers",
    params: { variant: "lazy-rewalk", buffers: 2 },
    expected: { verdict: "ok", source: "§7 item 4: alternating buffers thrash (a cost), but every enable still walks and pins what it uses" },
  },
  {
    ...base,
    id: "kvm-spe-lazy-rewalk-slow-timeout",
    scenario: "lazy-rewalk / per-task, dormant_timeout=4 > K",
    params: { variant: "lazy-rewalk", dormant_timeout: 4 },
    expected: { verdict: "violation", violated: ["P-Release"], source: "§7 P-Release: a dormant timeout longer than K holds unused pins past K steps when no memory pressure comes" },
  },
  {
    ...base,
    id: "kvm-spe-lazy-rewalk-wide",
    scenario: "lazy-rewalk / per-task, reopens 2, invalidations 2",
    params: { variant: "lazy-rewalk", reopens: 2, invalidations: 2 },
    expected: { verdict: "ok", source: "as kvm-spe-lazy-rewalk with larger budgets (two reopens: back to a VA used two generations ago; two invalidations: a retry that is itself invalidated)" },
  },
];

export const kvmSpeRuns: readonly StandardRun[] = [...kvmSpeVariantRuns, ...kvmSpeSensitivityRuns];
