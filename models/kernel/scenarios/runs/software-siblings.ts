/**
 * Standard runs: an AUX leader resumed by a SOFTWARE sibling's aux-action — perf_swevent_event → ... →
 * perf_event_aux_pause(L, false) → start(L, PERF_EF_RESUME) in task context with IRQs off, where a hardware
 * sibling's PMU NMI can land (§5 F3 route (b), audit X5, D6.7) — on every patch of the verdict matrix, for
 * intel_pt with x86 counters and cs_etm with arm64 ones.
 *
 * - sw-resume-throttle: the leader is start-paused, so the software sibling's resume really runs the driver's
 *   resume path; Intel PT's pt_event_start(PERF_EF_RESUME) is four steps (resume_allowed | RTIT_STATUS |
 *   resume_allowed + pt_config_start's aux_paused, RTIT_CTL | aux_config: linux/arch/x86/events/intel/pt.ts).
 * - f3-sw-sibling on intel_pt: the F3 route (b) scenario, so far run on cs_etm only (pmu-interrupt-platforms.ts
 *   fid-f3-b-*): the leader is not paused, the resume only takes the guard.
 *
 * Every expected set is the exact violated set of a complete exploration, each shortest trace read against pt.c
 * (linux-riscv/linux @bcd078dd pt_event_start, pt_config_start, pt_config_stop, pt_event_stop), the ETM driver
 * and the patches.
 */
import type { StandardRun } from "../../../../src/registry.ts";

/** The mechanisms behind the expected verdicts, by tag. */
export const SW_SIBLING_MECH: Readonly<Record<string, string>> = {
  PT_RESUME_WINDOW:
    "Intel PT's resume window (arch/x86/events/intel/pt.c pt_event_start, PERF_EF_RESUME): S's resume runs in task context with IRQs off; C overflows and its NMI lands after the second READ_ONCE(pt->resume_allowed) and before pt_config_start; the throttle's pt_event_stop(L, 0) clears resume_allowed and, since pt_config left RTIT_CTL_TRACEEN in event->hw.aux_config, writes RTIT_CTL off; back in the resume, pt_config_start reads aux_paused == 0 and sets TraceEn: L traces while its group is throttled (R6 at once, R3 at quiescence). Fixes B1/B2 do not touch the resume branch, so they keep it",
  ETM_RESUME_OK:
    "the ETM's resume is robust here: a throttle NMI inside etm_event_start(RESUME) clears ctxt->event_data and disables the source (etm_event_stop), so the interrupted etm_event_resume either returns on !event_data or resumes a source no longer in perf mode: nothing traces",
  GUARD_DROP:
    "F3 route (b) (audit X5): under leo-yan-v1 the throttle is perf_event_aux_pause(L, true), which finds rb->aux_in_pause_resume held by S's resume and breaks out (throttle-guard-drop): L keeps tracing with interrupts == MAX (R6 at once, R3 at quiescence)",
  FIX_A_DEFER:
    "fix A by design: the NMI's throttle records THROTTLE in the aux_paused mask while S's resume holds the guard, and the guard holder re-applies the mask only after its callback returns; between the NMI's return and that re-apply L traces with interrupts == MAX (R6); at quiescence it is paused (no R3)",
  NO_GUARD: "mainline and fixes B1/B2/C throttle with stop(L, 0), which takes no guard; with the leader not paused the resume has nothing to start: clean",
  FIX_C: "fix C exempts the AUX leader from group throttling: its resume is not a throttle matter (R3/R6 exempt it)",
};

const PATCHES = ["none", "leo-yan-v1", "fix-a", "fix-b1", "fix-b2", "fix-c"] as const;
type Patch = (typeof PATCHES)[number];

interface Spec {
  readonly scenario: "sw-resume-throttle" | "f3-sw-sibling";
  readonly pair: "intel_pt-x86" | "cs_etm-arm64";
  readonly patch: Patch;
  readonly violated: readonly string[];
  readonly mech: readonly string[];
}

function run(s: Spec): StandardRun {
  const pmu = s.pair === "intel_pt-x86" ? "intel_pt" : "cs_etm";
  const params: Record<string, string> = { scenario: s.scenario, patch: s.patch, pmu, ...(s.pair === "intel_pt-x86" ? { pmu_irq_handler: "x86" } : {}) };
  const source = `kernel-semantics.md §5 F3 (b), §3.4, §3.1; audit X5, D6.7; ${s.mech.map((m) => SW_SIBLING_MECH[m]!).join(" | ")}`;
  return {
    model: "kernel",
    id: `sib-${s.scenario}-${s.patch}-${s.pair}`,
    scenario: s.scenario,
    patch: s.patch,
    pmu,
    params,
    expected: s.violated.length === 0 ? { verdict: "ok", source } : { verdict: "violation", violated: s.violated, source },
  };
}

/** Per patch: [violated, mechanisms] for intel_pt + x86 and cs_etm + arm64 (sw-resume-throttle), and intel_pt + x86 (f3-sw-sibling). */
const RESUME: Readonly<Record<Patch, readonly [readonly [readonly string[], readonly string[]], readonly [readonly string[], readonly string[]]]>> = {
  none: [[["R3", "R6"], ["PT_RESUME_WINDOW"]], [[], ["ETM_RESUME_OK"]]],
  "leo-yan-v1": [[["R3", "R6", "throttle-guard-drop"], ["GUARD_DROP"]], [["R3", "R6", "throttle-guard-drop"], ["GUARD_DROP"]]],
  "fix-a": [[["R6"], ["FIX_A_DEFER"]], [["R6"], ["FIX_A_DEFER"]]],
  "fix-b1": [[["R3", "R6"], ["PT_RESUME_WINDOW"]], [[], ["ETM_RESUME_OK"]]],
  "fix-b2": [[["R3", "R6"], ["PT_RESUME_WINDOW"]], [[], ["ETM_RESUME_OK"]]],
  "fix-c": [[[], ["FIX_C"]], [[], ["FIX_C"]]],
};
const F3_PT: Readonly<Record<Patch, readonly [readonly string[], readonly string[]]>> = {
  none: [[], ["NO_GUARD"]],
  "leo-yan-v1": [["R3", "R6", "throttle-guard-drop"], ["GUARD_DROP"]],
  "fix-a": [["R6"], ["FIX_A_DEFER"]],
  "fix-b1": [[], ["NO_GUARD"]],
  "fix-b2": [[], ["NO_GUARD"]],
  "fix-c": [[], ["FIX_C"]],
};

const SPECS: readonly Spec[] = PATCHES.flatMap((patch): Spec[] => {
  const [[ptV, ptM], [etmV, etmM]] = RESUME[patch];
  const [f3V, f3M] = F3_PT[patch];
  return [
    { scenario: "sw-resume-throttle", pair: "intel_pt-x86", patch, violated: ptV, mech: ptM },
    { scenario: "sw-resume-throttle", pair: "cs_etm-arm64", patch, violated: etmV, mech: etmM },
    { scenario: "f3-sw-sibling", pair: "intel_pt-x86", patch, violated: f3V, mech: f3M },
  ];
});

export const softwareSiblingRuns: readonly StandardRun[] = SPECS.map(run);
