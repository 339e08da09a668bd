/**
 * Standard runs: the core PMU's counters — arm64 (drivers/perf/arm_pmu.c) against x86 (arch/x86/events/core.c,
 * `pmu_irq_handler=x86`, which selects the x86 callbacks and intel_pmu_handle_irq together) — on the scenario
 * that tells them apart: a frequency-mode sibling restarted by perf_adjust_period while its group is throttled
 * (audit D1), then the tick's perf_event_unthrottle_group(L, false) → start(C, 0) of a counter that already runs.
 * Each patch of the verdict matrix, on the realistic pairs: intel_pt with x86 counters, cs_etm with arm64 ones.
 *
 * Every expected set is the exact violated set of a complete exploration, each shortest trace read against
 * the code (x86_pmu_start, armpmu_start, perf_adjust_period, perf_adjust_freq_unthr_events, the AUX drivers).
 */
import type { StandardRun } from "../../../../src/registry.ts";
import { mechanismText } from "./mechanisms.ts";

const PATCHES = ["none", "leo-yan-v1", "fix-a", "fix-b1", "fix-b2", "fix-c"] as const;

interface Spec {
  readonly arch: "x86" | "arm64";
  readonly pmu: "intel_pt" | "cs_etm";
  readonly patch: (typeof PATCHES)[number];
  readonly violated: readonly string[];
  readonly mech: readonly string[];
}

function run(s: Spec): StandardRun {
  const scenario = "freq-sibling-tick";
  const params: Record<string, string> = { scenario, patch: s.patch, pmu: s.pmu, ...(s.arch === "x86" ? { pmu_irq_handler: "x86" } : {}) };
  const source = `audit D1, X1; kernel-semantics.md §2.3, §2.4, §2.10; ${mechanismText(s.mech)}`;
  return {
    model: "kernel",
    id: `core-${scenario}-${s.patch}-${s.pmu}-${s.arch}`,
    scenario,
    patch: s.patch,
    pmu: s.pmu,
    params,
    expected: { verdict: "violation", violated: s.violated, source },
  };
}

const SPECS: readonly Spec[] = PATCHES.flatMap((patch): Spec[] => {
  // mainline also hits the seed WARN on L in the same unthrottle; every patch fixes that for these AUX PMUs
  // (and the failed start leaves L STOPPED with interrupts = 0: stuck-stopped); fix C keeps L tracing while
  // its group is throttled, by design (R3-aux, R6-aux)
  const seed = patch === "none" ? ["R1", "R2", "stuck-stopped"] : patch === "fix-c" ? ["R3-aux", "R6-aux"] : [];
  const seedMech = patch === "none" ? ["SEED", "START_FAIL"] : patch === "fix-c" ? ["C_TRADE"] : [];
  return [
    { arch: "x86", pmu: "intel_pt", patch, violated: [...seed, "R3", "R6", "x86-start-warn"], mech: [...seedMech, "FREQ_RESTART", "X86_START"] },
    { arch: "arm64", pmu: "cs_etm", patch, violated: [...seed, "R3", "R6"], mech: [...seedMech, "FREQ_RESTART", "ARM_SILENT"] },
  ];
});

export const corePmuRuns: readonly StandardRun[] = SPECS.map(run);
