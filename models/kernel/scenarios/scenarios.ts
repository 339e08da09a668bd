/**
 * Scenarios: data. Each is a perf command line's events (perf's own syntax), whether the events
 * are per CPU (`-a`) or per task, the task-level operations and interrupts that may happen, and
 * budgets that keep the state space finite. Expected verdicts live in scenarios/runs/.
 *
 * The seed is `perf record -a -e cs_etm/aux-action=start-paused/k -e cycles/aux-action=pause,period=3000/
 * -e cycles/aux-action=resume,period=1500/` (seeds/leo-yan-aux-throttle-patch-and-review.txt);
 * kernel-semantics.md §4 replays it, §4.1, §4.3, §4.4 and step 6 (E4) vary it.
 *
 * Budgets count: `ticks` scheduler ticks (perf_event_task_tick), `overflows` counter overflows
 * latched by the hardware, `switches` context switches of the profiled task (per-task only),
 * `ioctls` PERF_EVENT_IOC_PERIOD calls, `restarts` address-filter restarts
 * (perf_event_stop(L, 1)), `munmaps` munmaps of the AUX area. Enabling the events (the
 * `enable` operation, perf record's PERF_EVENT_IOC_ENABLE) is not budgeted: it happens once.
 */
import type { Scenario } from "../interpreter/config.ts";
import type { Budgets } from "../interpreter/state.ts";
import { ALL_OPERATIONS_SCENARIOS } from "./all-operations.ts";

export const SEED_EVENTS =
  "-e cs_etm/aux-action=start-paused/k -e cycles/aux-action=pause,period=3000/ -e cycles/aux-action=resume,period=1500/";

/** an AUX leader and one sampling counter, no aux-action (valid for every AUX PMU, arm_spe included). */
export const PLAIN_GROUP = "-e {cs_etm//k,cycles/period=1000/}";
const PLAIN_GROUP_CPU = `-a ${PLAIN_GROUP}`;

const NONE: Budgets = { ticks: 0, overflows: 0, switches: 0, ioctls: 0, restarts: 0, munmaps: 0, auxirqs: 0, setoutputs: 0, detaches: 0, sw_events: 0, fills: 0, closes: 0 };

/**
 * The per-task SET_OUTPUT set-up (errata X13): thread T1 pinned to CPU0 with its events bound to CPU0, the rb owned
 * by another thread's event, the tool's ioctls from the other CPU.
 */
const F4_SETOUTPUT_SETUP = {
  events: PLAIN_GROUP,
  mode: "per-task",
  maxSamplesPerTick: 1,
  iocPeriodTarget: null,
  ncpus: 2,
  issuer: "tool",
  taskEventCpu: 0,
  taskCpus: [0],
  rbOwner: "other-task",
} as const;

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "seed-coresight-warn",
    description: "the seed: perf record -a with the start-paused ETM group; a throttle then the tick's unthrottle (the CoreSight WARN)",
    section: "§4 steps 0-5",
    events: SEED_EVENTS,
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 2, overflows: 3 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: null,
  },
  {
    name: "switch-before-tick",
    description: "per-task session: the task is switched out after the throttle and before the tick, then back in",
    section: "§4.1",
    events: SEED_EVENTS,
    mode: "per-task",
    budgets: { ...NONE, ticks: 1, overflows: 3, switches: 3 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: null,
  },
  {
    name: "addr-filter-restart",
    description: "address-filter update (perf_event_stop(L, 1), stop(UPDATE) then start(0)) while the group may be throttled",
    section: "§4.3, §2.6, audit X6",
    events: SEED_EVENTS,
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 3, restarts: 1 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: null,
  },
  {
    name: "ioc-period-throttled",
    description: "PERF_EVENT_IOC_PERIOD on the pause sibling P while the group may be throttled (__perf_event_period unthrottles the group)",
    section: "§4.4, §2.3",
    events: SEED_EVENTS,
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 3, ioctls: 1 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: "P",
  },
  {
    name: "munmap-orphan",
    description: "the seed WARN's orphaned transaction surfaces again when perf unmaps the AUX area",
    section: "§4 step 6, §2.9, E4",
    events: SEED_EVENTS,
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 3, munmaps: 1 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: null,
  },
  // ---- Leo Yan's patch, the five sashiko-bot findings, Arm SPE and Intel PT (scenarios/runs/patch-matrix.ts) ----
  // PLAIN_GROUP: an AUX leader with one sampling counter and no aux-action, so that every AUX PMU
  // (arm_spe has no AUX_PAUSE and refuses aux-actions) runs the same scenario; max_samples_per_tick = 1:
  // one overflow throttles the group.
  {
    name: "f5-throttle-tick",
    description: "plain AUX group {L, cycles}: a throttle, then the tick's unthrottle (the seed WARN without aux-actions; on arm_spe: F5)",
    section: "§4.5, §5 F5, §4 steps 3-4",
    events: PLAIN_GROUP_CPU,
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  {
    name: "f1-sched-in-leak",
    description: "per-task plain AUX group: a throttle, the task switched out, then back in (F1; arm_spe: audit D4's sched-out leak; intel_pt: §4.2's -EBUSY)",
    section: "§5 F1, §4.1, §4.2, audit D4",
    events: PLAIN_GROUP,
    mode: "per-task",
    budgets: { ...NONE, overflows: 1, switches: 3 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  {
    name: "f2-user-pause-override",
    description: "a start-paused AUX leader with one counter: a throttle while paused by the user, then the tick's unthrottle (F2)",
    section: "§5 F2",
    events: "-a -e {cs_etm/aux-action=start-paused/k,cycles/period=1000/}",
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  {
    name: "aux-irq-throttled",
    description: "plain AUX group: the AUX hardware's buffer interrupt (SPE PMBIRQ: the four outcomes of audit D4; PT ToPA PMI) around a throttle and the tick",
    section: "§3.3, §3.4, §4.5, audit D4",
    events: PLAIN_GROUP_CPU,
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 1, auxirqs: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  {
    name: "f4-munmap-detach",
    description: "plain AUX group: munmap of the AUX area, then of the data area (ring_buffer_attach(event, NULL)), around a throttle, the tick and an address-filter restart (F4)",
    section: "§5 F4, §2.9, §2.6",
    events: PLAIN_GROUP_CPU,
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 1, restarts: 1, munmaps: 1, detaches: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  {
    name: "f3-guard-ioc",
    description:
      "F3 route (a): PERF_EVENT_IOC_PERIOD on the group's counter C restarts C, then resumes the throttled L through perf_event_aux_pause (guard held); an NMI latched before the ioctl re-enables the PMU (D1)",
    section: "§5 F3 (a), audit X5, D1, §2.3 caller 3",
    events: PLAIN_GROUP_CPU,
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 3, ioctls: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: "C",
  },
  // ---- fidelity to the audit (X1-X10); scenarios/runs/pmu-interrupt-platforms.ts runs each on both platforms ----
  {
    name: "e5-double-throttle-irq",
    description: "E5 route (i): two counters of an AUX group overflow in one arm64 PMU interrupt with max_samples_per_tick = 1; the second re-throttles the already-throttled group",
    section: "audit X8 (E5 i), D1, X2, 4c",
    events: "-a -e {cs_etm//k,cycles/period=1000/,instructions/period=1000/}",
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 2 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  {
    name: "e5-freq-sibling",
    description: "E5 route (ii): a frequency-mode sibling throttles the group, perf_adjust_period restarts it, and it keeps overflowing until it re-throttles the group",
    section: "audit X8 (E5 ii), D1 (perf_adjust_period), X2",
    events: "-a -e {cs_etm//k,cycles/freq=4000/}",
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 3 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  {
    name: "f3-sw-sibling",
    description: "F3 route (b): a software sibling's aux-action (perf_swevent_event, IRQs off) holds rb->aux_in_pause_resume when a hardware sibling's PMU interrupt throttles the group",
    section: "§5 F3, audit X5 (b), X9, D6.7",
    events: "-a -e {cs_etm//k,page-faults/aux-action=resume,period=1/,cycles/period=1000/}",
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 1, sw_events: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  {
    name: "e2-filter-window",
    description: "E2 without throttling: an address-filter restart (perf_event_stop(L, 1), no perf_pmu_disable) while P and R count below the threshold; a pause/resume lands in etm_event_start's window",
    section: "§5 E2, audit X6, §2.6, §3.1",
    events: `-a ${SEED_EVENTS}`,
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 2, restarts: 1 },
    maxSamplesPerTick: 3,
    iocPeriodTarget: null,
  },
  {
    name: "e3-tick-rethrottle",
    description: "E3: per-task plain group with two counters; a throttle, switch-out, switch-in (event_sched_in unthrottles), then an overflow latched before the tick's perf_pmu_disable re-enables the PMU mid-loop",
    section: "§5 E3, audit X7, D1",
    events: "-e {cs_etm//k,cycles/period=1000/,instructions/period=1000/}",
    mode: "per-task",
    budgets: { ...NONE, ticks: 1, overflows: 3, switches: 3 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  {
    name: "etm-buffer-full",
    description: "the ETM trace fills the AUX buffer: the pause's ETR update TRUNCATES, its re-begin takes the zero-space branch (pending_disable, handle.event = NULL, event_data kept), then a second pause/resume before the irq_work, which takes the group OFF",
    section: "audit X10, D6.3, D6.4; §2.9",
    events: `-a ${SEED_EVENTS}`,
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 4, fills: 1 },
    maxSamplesPerTick: 3,
    iocPeriodTarget: null,
  },
  {
    name: "ioc-period-leader",
    description: "PERF_EVENT_IOC_PERIOD on the AUX leader itself while the group may be throttled: stop(L, UPDATE), start(L, RELOAD), unthrottle_group(L, true)",
    section: "audit X10, D6.5; §2.3 caller 3",
    events: `-a ${SEED_EVENTS}`,
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 3, ioctls: 1 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: "L",
  },
  {
    name: "close-aux-leader",
    description: "close() of the AUX leader (perf_release → perf_remove_from_context(DETACH_GROUP | DETACH_DEAD)): its aux-action siblings go to ERROR (perf_put_aux_event), around a throttle",
    section: "audit X10, D6.6",
    events: `-a ${SEED_EVENTS}`,
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 2, closes: 1 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: null,
  },
  {
    name: "event-limit",
    description: "PERF_EVENT_IOC_REFRESH(S, 1) on a software sibling: S's overflow takes __perf_event_overflow's event_limit branch (pending_disable + stop(S, 0)); the irq_work then disables S alone (a sibling); C may throttle the group and the tick unthrottle it",
    section: "audit claim 4, X10, D6.3, D6.7",
    events: "-a -e {cs_etm//k,page-faults/aux-action=resume,period=1/,cycles/period=1000/}",
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 2, sw_events: 1 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: null,
    eventLimit: { S: 1 },
  },
  {
    name: "freq-leader-tick",
    description: "a lone frequency-mode counter next to the AUX event: it throttles itself, perf_adjust_period may restart it, and the tick (nr_freq > 0) unthrottles it without a start and re-adjusts its period (stop(UPDATE) + start(RELOAD))",
    section: "§2.4, audit D1, D2",
    events: "-a -e cs_etm//k -e instructions/freq=4000/",
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 2, overflows: 2 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  // ---- the core PMU's counters, arm64 and x86 (scenarios/runs/core-pmu.ts) ----
  {
    name: "freq-sibling-tick",
    description:
      "a frequency-mode sibling throttles the group and perf_adjust_period restarts it while throttled (audit D1); the tick then unthrottles the group: start(C, 0) of a counter that already runs (x86: WARN_ON_ONCE(!(hw.state & PERF_HES_STOPPED)) in x86_pmu_start, which returns; arm64: armpmu_start re-enables it silently)",
    section: "audit D1, X8 (E5 ii); §2.3, §2.4; arch/x86/events/core.c x86_pmu_start",
    events: "-a -e {cs_etm//k,cycles/freq=4000/}",
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  {
    name: "sw-resume-throttle",
    description:
      "a start-paused AUX leader resumed by a software sibling's aux_resume (perf_swevent_event, task context, IRQs off) while a hardware sibling's PMU NMI throttles the group: the NMI can land inside the driver's resume (PT: between pt_event_start's second resume_allowed read and pt_config_start, or between RTIT_CTL and aux_config; ETM: etm_event_resume)",
    section: "§5 F3 (b), audit X5, D6.7; §3.4 (pt_event_start PERF_EF_RESUME), §3.1",
    events: "-a -e {cs_etm/aux-action=start-paused/k,page-faults/aux-action=resume,period=1/,cycles/period=1000/}",
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 1, sw_events: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
  },
  // ---- two CPUs (ncpus = 2; scenarios/runs/two-cpus.ts). Per-CPU events are CPU0's; per-task events go where the
  // task is switched in (it starts on neither CPU); the tool's ioctls run on either CPU (environment/user-space.ts) ----
  {
    name: "smp-migrate-throttled",
    description: "per-task plain AUX group on two CPUs: a throttle on one CPU, the task switched out there and in on the other (event_sched_out / event_sched_in on different CPUs, per-CPU driver state)",
    section: "§2.5, §4.1, §4.2, audit D4 (two CPUs)",
    events: PLAIN_GROUP,
    mode: "per-task",
    budgets: { ...NONE, overflows: 1, switches: 3 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
    ncpus: 2,
  },
  {
    name: "smp-tick-other-cpu",
    description: "per-task plain AUX group on two CPUs: a throttle, then one timer tick on either CPU — perf_event_task_tick only walks its own CPU's contexts and current's",
    section: "§2.4, §2.5 (two CPUs)",
    events: PLAIN_GROUP,
    mode: "per-task",
    budgets: { ...NONE, ticks: 1, overflows: 1, switches: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
    ncpus: 2,
  },
  {
    name: "smp-ioc-period-remote",
    description: "the seed group on CPU0 (perf record -a); the perf tool's PERF_EVENT_IOC_PERIOD on P from either CPU: event_function_call → cpu_function_call(event->cpu) → the IPI runs __perf_event_period on CPU0",
    section: "§2.3 caller 3, §4.4 (two CPUs)",
    events: `-a ${SEED_EVENTS}`,
    mode: "per-cpu",
    budgets: { ...NONE, overflows: 3, ioctls: 1 },
    maxSamplesPerTick: 2,
    iocPeriodTarget: "P",
    ncpus: 2,
    issuer: "tool",
  },
  {
    name: "smp-ioc-period-task",
    description: "per-task plain AUX group on two CPUs; the perf tool's PERF_EVENT_IOC_PERIOD on C from the CPU the task is not on: task_function_call(task_cpu(p)) with remote_function's re-checks, -ESRCH → the ctx-inactive fallback",
    section: "§2.3 caller 3 (two CPUs)",
    events: PLAIN_GROUP,
    mode: "per-task",
    budgets: { ...NONE, overflows: 1, switches: 2, ioctls: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: "C",
    ncpus: 2,
    issuer: "tool",
  },
  {
    name: "smp-addr-filter-remote",
    description: "plain AUX group on CPU0 (perf record -a); the perf tool's PERF_EVENT_IOC_SET_FILTER from either CPU: perf_event_stop(L, 1) → cpu_function_call(event->oncpu) → __perf_event_stop on CPU0, around a throttle and the tick",
    section: "§2.6, §4.3, audit X6 (two CPUs)",
    events: PLAIN_GROUP_CPU,
    mode: "per-cpu",
    budgets: { ...NONE, ticks: 1, overflows: 1, restarts: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
    ncpus: 2,
    issuer: "tool",
  },
  {
    name: "smp-addr-filter-migrate",
    description: "per-task plain AUX group on two CPUs; the task's own mmap restarts L (perf_addr_filters_adjust → perf_event_stop(L, 1)), and the task may be preempted after reading event->oncpu and migrate: the IPI finds L ACTIVE on the other CPU (-EAGAIN) and perf_event_stop retries",
    section: "§2.6 (the -EAGAIN re-check), §2.5 (two CPUs)",
    events: PLAIN_GROUP,
    mode: "per-task",
    budgets: { ...NONE, overflows: 1, switches: 3, restarts: 1 },
    maxSamplesPerTick: 1,
    iocPeriodTarget: null,
    ncpus: 2,
    issuer: "self",
  },
  {
    name: "f4-set-output",
    description:
      "per-task plain AUX group of thread T1 (pinned to CPU0, events bound to CPU0: perf record -p of a multi-threaded process) writing into another thread's rb through SET_OUTPUT; the tool on CPU1 issues PERF_EVENT_IOC_SET_OUTPUT(L, -1) while T1 is switched in and out on CPU0 (a restart inside ring_buffer_attach), around a throttle and the tick (F4, errata X13)",
    section: "§5 F4 (edge case), §2.9, §2.6, errata X13",
    ...F4_SETOUTPUT_SETUP,
    budgets: { ...NONE, ticks: 1, overflows: 1, switches: 2, setoutputs: 1 },
  },
  {
    name: "f4-set-output-munmap",
    description:
      "f4-set-output, then the rb owner's munmap of the AUX area from CPU1: the output stop follows each event's current rb (errata X14)",
    section: "§5 F4 (edge case), §2.9, errata X13, X14",
    ...F4_SETOUTPUT_SETUP,
    budgets: { ...NONE, overflows: 1, switches: 2, setoutputs: 1, munmaps: 1 },
  },
];

/** The hand-made scenarios' names: the verdict matrix's rows, the patch sweep's runs. */
export const HAND_MADE_SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

/** Every scenario a run may name: the hand-made ones, then the all-operations ones (all-operations.ts, run by --sweep). */
export const SCENARIO_NAMES: readonly string[] = [...SCENARIOS, ...ALL_OPERATIONS_SCENARIOS].map((s) => s.name);

export function scenarioByName(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name) ?? ALL_OPERATIONS_SCENARIOS.find((s) => s.name === name);
}
