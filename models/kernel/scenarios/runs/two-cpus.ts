/**
 * Standard runs: the kernel model on TWO CPUs (`ncpus = 2`, models/kernel/linux/kernel/smp.ts). Spread into the
 * kernel model's runs (scenarios/runs/index.ts), so they run with the default `npm run check`.
 *
 * Every expected set is the exact violated set of a complete exploration, each property's shortest trace read
 * and checked against the kernel code (kernel/events/core.c [LY-core] @01b0793e: remote_function,
 * task_function_call, event_function(_call), perf_event_stop, __perf_event_stop, __perf_addr_filters_adjust;
 * kernel/smp.c smp_call_function_single) and the reference (kernel-semantics.md §2.3 caller 3, §2.4, §2.5,
 * §2.6, §4.1–§4.4; its audit). The mechanism of each property is named (mechanisms.ts); NOTE.md "Two CPUs" has the
 * figures and the one place where two CPUs change a one-CPU verdict (intel_pt: -EBUSY becomes the WARN).
 */
import type { StandardRun } from "../../../../src/registry.ts";
import { mechanismText } from "./mechanisms.ts";


const base = { model: "kernel" } as const;

interface Spec {
  readonly id: string;
  readonly scenario: string;
  readonly pmu: "cs_etm" | "intel_pt" | "arm_spe";
  readonly extra?: Readonly<Record<string, number | string | boolean>>;
  readonly violated: readonly string[];
  readonly mech: readonly string[];
  readonly source: string;
}

function run(s: Spec): StandardRun {
  const params: Record<string, number | string | boolean> = { scenario: s.scenario, ...(s.pmu !== "cs_etm" ? { pmu: s.pmu } : {}), ...(s.extra ?? {}) };
  const mech = mechanismText(s.mech);
  return {
    ...base,
    pmu: s.pmu,
    id: s.id,
    scenario: s.scenario,
    patch: null,
    params,
    expected: s.violated.length === 0 ? { verdict: "ok", source: `${s.source}; ${mech}` } : { verdict: "violation", violated: s.violated, source: `${s.source}; ${mech}` },
  };
}

const SPECS: readonly Spec[] = [
  // (a) a per-task event migrating between CPUs across context switches
  { id: "smp-migrate-cs_etm", scenario: "smp-migrate-throttled", pmu: "cs_etm", violated: ["R1", "R2", "R6-aux", "etm-tracking-stop"], mech: ["LEAK_ETM_X", "STOP_RACE"], source: "kernel-semantics.md §4.1, §2.5, §2.9; scenarios/runs/patch-matrix.ts f1-sched-in-leak (same set on one CPU)" },
  { id: "smp-migrate-intel_pt", scenario: "smp-migrate-throttled", pmu: "intel_pt", violated: ["R1", "R2"], mech: ["LEAK_PT_X"], source: "kernel-semantics.md §4.2, §2.9; audit D5; arch/x86/events/intel/pt.c pt_event_add (per-CPU pt_ctx) — one CPU: R2 only" },
  { id: "smp-migrate-arm_spe", scenario: "smp-migrate-throttled", pmu: "arm_spe", violated: ["R1", "R2", "R7"], mech: ["LEAK_SPE_X"], source: "audit D4, X4; kernel-semantics.md §3.3, §2.9" },
  // (b) the tick on one CPU while the task runs on the other
  { id: "smp-tick-cs_etm", scenario: "smp-tick-other-cpu", pmu: "cs_etm", violated: ["R1", "R2", "stuck-stopped"], mech: ["TICK_OWN", "START_FAIL"], source: "kernel-semantics.md §2.4, §4 steps 3-4" },
  // (c) the IPI paths from the other CPU
  { id: "smp-ioc-period-remote", scenario: "smp-ioc-period-remote", pmu: "cs_etm", violated: ["R1", "R2", "R3", "R6", "stuck-stopped", "counter-orphan"], mech: ["IOC_REMOTE", "START_FAIL", "IOC_ORPHAN"], source: "kernel-semantics.md §2.3 caller 3, §4.4; audit D1, X2; mainline.ts kernel-ioc-period-throttled (same set on one CPU)" },
  { id: "smp-ioc-period-task", scenario: "smp-ioc-period-task", pmu: "cs_etm", violated: ["R1", "R2", "R6-aux", "stuck-stopped", "etm-tracking-stop"], mech: ["IOC_TASK", "LEAK_ETM_X", "STOP_RACE", "START_FAIL"], source: "kernel-semantics.md §2.3 caller 3, §4.1, §4.4" },
  { id: "smp-addr-filter-remote", scenario: "smp-addr-filter-remote", pmu: "cs_etm", violated: ["R1", "R2", "R3-aux", "R6-aux", "stuck-stopped", "etm-tracking-stop", "etm-tracking-start"], mech: ["FILTER_REMOTE", "START_FAIL"], source: "kernel-semantics.md §2.6, §4.3; audit X6" },
  { id: "smp-addr-filter-migrate", scenario: "smp-addr-filter-migrate", pmu: "cs_etm", violated: ["R1", "R2", "R3-aux", "R6-aux", "etm-tracking-stop"], mech: ["FILTER_MIGRATE", "LEAK_ETM_X", "STOP_RACE"], source: "kernel-semantics.md §2.6 (__perf_event_stop's oncpu re-check), §4.3, §4.1" },
  // control: !CONFIG_PREEMPT_RCU — no preemption inside perf_addr_filters_adjust's rcu_read_lock(), so no -EAGAIN; same set
  { id: "smp-addr-filter-migrate-nopreempt", scenario: "smp-addr-filter-migrate", pmu: "cs_etm", extra: { preempt_rcu: false }, violated: ["R1", "R2", "R3-aux", "R6-aux", "etm-tracking-stop"], mech: ["FILTER_REMOTE", "LEAK_ETM_X", "STOP_RACE"], source: "kernel-semantics.md §2.6, §4.3, §4.1 (preempt_rcu = false)" },
];

export const twoCpuRuns: readonly StandardRun[] = SPECS.map(run);
