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
 *   platform-f3-b-*): the leader is not paused, the resume only takes the guard.
 *
 * Every expected set is the exact violated set of a complete exploration, each shortest trace read against pt.c
 * (linux-riscv/linux @bcd078dd pt_event_start, pt_config_start, pt_config_stop, pt_event_stop), the ETM driver
 * and the patches.
 */
import type { StandardRun } from "../../../../src/registry.ts";
import { mechanismText } from "./mechanisms.ts";

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
  const source = `kernel-semantics.md §5 F3 (b), §3.4, §3.1; audit X5, D6.7; ${mechanismText(s.mech)}`;
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
  none: [[["R3-aux", "R6-aux"], ["PT_RESUME_WINDOW"]], [[], ["ETM_RESUME_OK"]]],
  "leo-yan-v1": [[["R3-aux", "R6-aux", "throttle-guard-drop"], ["GUARD_DROP"]], [["R3-aux", "R6-aux", "throttle-guard-drop"], ["GUARD_DROP"]]],
  "fix-a": [[["R6-aux"], ["FIX_A_DEFER"]], [["R6-aux"], ["FIX_A_DEFER"]]],
  "fix-b1": [[["R3-aux", "R6-aux"], ["PT_RESUME_WINDOW"]], [[], ["ETM_RESUME_OK"]]],
  "fix-b2": [[["R3-aux", "R6-aux"], ["PT_RESUME_WINDOW"]], [[], ["ETM_RESUME_OK"]]],
  "fix-c": [[["R3-aux", "R6-aux"], ["C_TRADE"]], [["R3-aux", "R6-aux"], ["C_TRADE"]]],
};
const F3_PT: Readonly<Record<Patch, readonly [readonly string[], readonly string[]]>> = {
  none: [[], ["NO_GUARD"]],
  "leo-yan-v1": [["R3-aux", "R6-aux", "throttle-guard-drop"], ["GUARD_DROP"]],
  "fix-a": [["R6-aux"], ["FIX_A_DEFER"]],
  "fix-b1": [[], ["NO_GUARD"]],
  "fix-b2": [[], ["NO_GUARD"]],
  "fix-c": [["R3-aux", "R6-aux"], ["C_TRADE"]],
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
