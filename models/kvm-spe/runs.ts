/**
 * The KVM SPE standard runs (part of the default `auxcheck check`). Expected verdicts are DATA taken
 * from issue 5's "Expected" paragraph and kernel-semantics.md §7 — never from what the model
 * returns. Where a property's expectation is not in the issue, the source line says where it
 * comes from.
 */
import type { StandardRun } from "../../src/registry.ts";

const base = { model: "kvm-spe", patch: null, pmu: "arm_spe (guest, KVM arm64)", maxStates: 500_000 } as const;

/** One run per variant, default parameters (per-task, reopens 1, invalidations 1, all windows). */
export const kvmSpeVariantRuns: readonly StandardRun[] = [
  {
    ...base,
    id: "kvm-spe-eager",
    scenario: "eager / per-task",
    params: { variant: "eager" },
    expected: {
      verdict: "ok",
      source: "issue 5 Expected: eager holds P-Blackout (pin on enable, unpin on disable: §7 'the series as described'); no pin outlives the enable, so P-Fresh and P-Release hold",
    },
  },
  {
    ...base,
    id: "kvm-spe-lazy-va",
    scenario: "lazy-va / per-task",
    params: { variant: "lazy-va" },
    expected: {
      verdict: "violation",
      violated: ["P-Blackout", "P-Fresh", "P-Release"],
      source:
        "issue 5 Expected: lazy-va breaks P-Blackout (close and reopen at the same VA); §7 item 1: the VA-only check uses the stale translation (P-Fresh) and 'the old pages stay pinned (leak)' (P-Release)",
    },
  },
  {
    ...base,
    id: "kvm-spe-lazy-rewalk",
    scenario: "lazy-rewalk / per-task",
    params: { variant: "lazy-rewalk" },
    expected: {
      verdict: "ok",
      source: "issue 5 Expected: lazy-rewalk holds P-Blackout; §7 item 1: a re-walk of guest stage 1 on every enable detects the changed buffer; §7 item 3: the sequence check closes the notifier race",
    },
  },
  {
    ...base,
    id: "kvm-spe-lazy-rewalk-noseq",
    scenario: "lazy-rewalk-noseq / per-task",
    params: { variant: "lazy-rewalk-noseq" },
    expected: {
      verdict: "violation",
      violated: ["P-Blackout"],
      source: "issue 5 Expected: lazy-rewalk-noseq breaks P-Blackout with a notifier race; §7 item 3 (a host invalidate during Dormant → Pinned); the guest stage 1 is unchanged, so P-Fresh and P-Release hold",
    },
  },
];

/** Sensitivity runs: the UNCONFIRMED assumptions and the other mode, each with an expectation derived before running. */
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
    id: "kvm-spe-eager-notifier-zap",
    scenario: "eager / per-task, notifier_pinned=zap",
    params: { variant: "eager", notifier_pinned: "zap" },
    expected: {
      verdict: "violation",
      violated: ["P-Blackout"],
      source: "§7 UNCONFIRMED (notifier behaviour while profiling is enabled): a stage-2 unmap of an enabled buffer's page is the stage-2 fault the series exists to remove (seed 001)",
    },
  },
  {
    ...base,
    id: "kvm-spe-eager-noseq",
    scenario: "eager / per-task, seq_check=false",
    params: { variant: "eager", seq_check: false },
    expected: {
      verdict: "ok",
      source: "derived before running from §7 item 3 and A4: the race is on Dormant → Pinned; eager pins fresh pages, which a long-term pin keeps from moving, so an invalidation between pin and install changes nothing the install uses",
    },
  },
  {
    ...base,
    id: "kvm-spe-lazy-va-new-va",
    scenario: "lazy-va / per-task, reopen only at a new VA",
    params: { variant: "lazy-va", reopen_va: "new" },
    expected: {
      verdict: "violation",
      violated: ["P-Fresh", "P-Release"],
      source:
        "RECORDED AFTER THE MODEL FOUND IT (not in issue 5): with a one-page window the RLIMIT budget has room, so the old area's dormant pin is adopted as in use while the new buffer is enabled — §7 item 1 'the old pages stay pinned (leak)'; the new VA has no pin, so it is walked and pinned: no blackout",
    },
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
