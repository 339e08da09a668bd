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

/** The mechanisms behind the expected violations, by tag. */
export const CORE_PMU_MECH: Readonly<Record<string, string>> = {
  FREQ_RESTART:
    "audit D1: C's overflow throttles the group, then __perf_event_account_interrupt's perf_adjust_period(C, .., disable = true) finds period_left > 8*sample_period and does stop(C, UPDATE) + start(C, RELOAD): C counts with interrupts == MAX (R6 at once, R3 at quiescence); the PMI handlers no longer stop it (X1). The patches touch only the AUX member, so every patch keeps it",
  X86_START:
    "arch/x86/events/core.c x86_pmu_start(): `if (WARN_ON_ONCE(!(event->hw.state & PERF_HES_STOPPED))) return;` — the tick (ctx->nr_freq > 0, or a throttle since the last tick) walks L's group: L's interrupts == MAX → perf_event_unthrottle_group(L, false) → perf_event_unthrottle(C, true) → start(C, 0) of the counter perf_adjust_period restarted (hw.state 0): WARN, and the start returns. Every patch: they change only the AUX member's throttle/unthrottle",
  ARM_SILENT:
    "drivers/perf/arm_pmu.c armpmu_start() has no STOPPED check: the same start(C, 0) rewrites hw.state = 0 and re-enables the running counter silently (no WARN); only the restarted counter's R3/R6 remain",
  SEED: "the seed WARN (§4 steps 3-4) on the AUX leader in the same unthrottle: throttle stop(L, 0) kept the transaction, start(L, 0) begins a second one (R1), orphaning the first (R2)",
};

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
  const source = `audit D1, X1; kernel-semantics.md §2.3, §2.4, §2.10; ${s.mech.map((m) => CORE_PMU_MECH[m]!).join(" | ")}`;
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
  const seed = patch === "none" ? ["R1", "R2"] : [];
  const seedMech = patch === "none" ? ["SEED"] : [];
  return [
    { arch: "x86", pmu: "intel_pt", patch, violated: [...seed, "R3", "R6", "x86-start-warn"], mech: [...seedMech, "FREQ_RESTART", "X86_START"] },
    { arch: "arm64", pmu: "cs_etm", patch, violated: [...seed, "R3", "R6"], mech: [...seedMech, "FREQ_RESTART", "ARM_SILENT"] },
  ];
});

export const corePmuRuns: readonly StandardRun[] = SPECS.map(run);
