/**
 * Standard runs: the kernel model on TWO CPUs (`ncpus = 2`, models/kernel/linux/kernel/smp.ts). Spread into the
 * kernel model's runs (scenarios/runs/index.ts), so they run with the default `npm run check`.
 *
 * Every expected set is the exact violated set of a complete exploration, each property's shortest trace read
 * and checked against the kernel code (kernel/events/core.c [LY-core] @01b0793e: remote_function,
 * task_function_call, event_function(_call), perf_event_stop, __perf_event_stop, __perf_addr_filters_adjust;
 * kernel/smp.c smp_call_function_single) and the reference (kernel-semantics.md §2.3 caller 3, §2.4, §2.5,
 * §2.6, §4.1–§4.4; its audit). The mechanism of each property is named (SMP_MECH); NOTE.md "Two CPUs" has the
 * figures and the one place where two CPUs change a one-CPU verdict (intel_pt: -EBUSY becomes the WARN).
 */
import type { StandardRun } from "../../../../src/registry.ts";

/** The mechanisms behind the expected violations, by tag. */
export const SMP_MECH: Readonly<Record<string, string>> = {
  START_FAIL:
    "a start(L, 0) that fails (the nested begin's WARN_ON_ONCE(nest), ETM's WARN_ON(ctxt->event_data), or no rb) ends at `fail: event->hw.state = PERF_HES_STOPPED` while the core has just unthrottled L (interrupts = 0): nothing restarts it until the group is rescheduled (stuck-stopped, errata X15)",
  LEAK_ETM_X:
    "§4.1 across CPUs: after a throttle on CPU A, the switch-out's etm_event_stop(UPDATE) on A hits the tracking WARN (event_data NULL, handle open) and returns with A's handle holding L's transaction (R2: the owner is INACTIVE, then ACTIVE on the other CPU — R2(b) per CPU); the switch-in on B (or A) opens a second transaction on the same rb: WARN_ON_ONCE(nest), rb->aux_nest being per rb (R1)",
  STOP_RACE:
    "mainline.ts STOP_RACE (§6 R6, §8.2): a throttle NMI inside the IRQs-off switch-out's etm_event_stop(UPDATE) after `ctxt->event_data = NULL`: its stop(L, 0) returns at the tracking WARN while the source runs (R6)",
  LEAK_PT_X:
    "§4.2 / audit D5 across CPUs (model finding): pt_event_stop(UPDATE) returns at the STOPPED check, so CPU A's pt->handle keeps the transaction (R2). On one CPU the next pt_event_add() fails -EBUSY silently (\"if (pt->handle.event) goto fail\", §4.2); but pt_ctx is per CPU: switched in on CPU B, pt_event_add finds B's handle empty, pt_event_start → perf_aux_output_begin → WARN_ON_ONCE(nest) on the shared rb (R1)",
  LEAK_SPE_X:
    "audit D4's sched-out leak across CPUs: arm_spe_pmu_stop(UPDATE) returns at once on STOPPED, the transaction stays on CPU A's handle (R2); the add on either CPU begins again: WARN_ON_ONCE(nest) (R1); R7: the same for an AUX PMU without AUX_PAUSE",
  TICK_OWN:
    "§2.4: perf_event_task_tick walks this CPU's cpuctx and current's ctx only; the seed WARN (tick → unthrottle → start(L, 0) → begin: R1; the failed begin orphans the open transaction: R2) needs the tick on the CPU where the task is current and where the throttle counted (perf_throttled_count is per CPU); a tick on the other CPU unthrottles nothing",
  IOC_REMOTE:
    "§4.4 / §2.3 caller 3 through the IPI: the tool's PERF_EVENT_IOC_PERIOD → event_function_call → cpu_function_call(event->cpu = 0) (a csd + IPI from CPU1, a local call from CPU0) → event_function → __perf_event_period(P) → unthrottle_group(P, true) → start(L, 0) → begin WARN (R1, R2); R3/R6 as mainline.ts kernel-ioc-period-throttled (audit D1 + X2: a throttle NMI inside the IPI re-enables the PMU, P wraps MAX → 0, the group unthrottle is skipped)",
  IOC_TASK:
    "§2.3 caller 3 for a task event: task_function_call(task_cpu(p)) → remote_function (task_cpu / current re-checks) → event_function → __perf_event_period(C) on the task's CPU; C throttled → unthrottle_group(C, true) → start(L, 0) → begin WARN (R1, R2). -ESRCH (task not current) → the fallback under ctx->lock: ctx inactive → the period only",
  FILTER_REMOTE:
    "§4.3 / §2.6 through the IPI: the tool's PERF_EVENT_IOC_SET_FILTER → perf_event_addr_filters_apply → perf_event_stop(L, 1) → __perf_event_stop on L's CPU (stop(UPDATE), start(0), no perf_pmu_disable): while throttled the stop hits the tracking WARN and the start opens a second transaction (R1, R2); an NMI throttle between the stop and the start (or in etm_event_start's window) leaves L restarted with interrupts == MAX (R3, R6; audit X6); after such a throttle event_data is stored anyway and the tick's start(L, 0) finds it set (etm-tracking-start)",
  FILTER_MIGRATE:
    "§2.6 with the -EAGAIN re-check: the task's own mmap → __perf_addr_filters_adjust → perf_event_stop(L, 1): READ_ONCE(oncpu) = A, preempted (CONFIG_PREEMPT_RCU), switched in on B, cpu_function_call(A) → __perf_event_stop on A: ACTIVE but oncpu = B → -EAGAIN → retry on B (local). The violations are those of the restart itself (R1, R2, R3, R6 as FILTER_REMOTE) and of the switches (etm-tracking-stop and R6 as LEAK_ETM_X / STOP_RACE)",
};

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
  const mech = s.mech.map((m) => SMP_MECH[m] ?? m).join(" | ");
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
  { id: "smp-ioc-period-remote", scenario: "smp-ioc-period-remote", pmu: "cs_etm", violated: ["R1", "R2", "R3", "R6", "stuck-stopped"], mech: ["IOC_REMOTE", "START_FAIL"], source: "kernel-semantics.md §2.3 caller 3, §4.4; audit D1, X2; mainline.ts kernel-ioc-period-throttled (same set on one CPU)" },
  { id: "smp-ioc-period-task", scenario: "smp-ioc-period-task", pmu: "cs_etm", violated: ["R1", "R2", "R6-aux", "stuck-stopped", "etm-tracking-stop"], mech: ["IOC_TASK", "LEAK_ETM_X", "STOP_RACE", "START_FAIL"], source: "kernel-semantics.md §2.3 caller 3, §4.1, §4.4" },
  { id: "smp-addr-filter-remote", scenario: "smp-addr-filter-remote", pmu: "cs_etm", violated: ["R1", "R2", "R3-aux", "R6-aux", "stuck-stopped", "etm-tracking-stop", "etm-tracking-start"], mech: ["FILTER_REMOTE", "START_FAIL"], source: "kernel-semantics.md §2.6, §4.3; audit X6" },
  { id: "smp-addr-filter-migrate", scenario: "smp-addr-filter-migrate", pmu: "cs_etm", violated: ["R1", "R2", "R3-aux", "R6-aux", "etm-tracking-stop"], mech: ["FILTER_MIGRATE", "LEAK_ETM_X", "STOP_RACE"], source: "kernel-semantics.md §2.6 (__perf_event_stop's oncpu re-check), §4.3, §4.1" },
  // control: !CONFIG_PREEMPT_RCU — no preemption inside perf_addr_filters_adjust's rcu_read_lock(), so no -EAGAIN; same set
  { id: "smp-addr-filter-migrate-nopreempt", scenario: "smp-addr-filter-migrate", pmu: "cs_etm", extra: { preempt_rcu: false }, violated: ["R1", "R2", "R3-aux", "R6-aux", "etm-tracking-stop"], mech: ["FILTER_REMOTE", "LEAK_ETM_X", "STOP_RACE"], source: "kernel-semantics.md §2.6, §4.3, §4.1 (preempt_rcu = false)" },
];

export const twoCpuRuns: readonly StandardRun[] = SPECS.map(run);
