/**
 * Standard runs: every scenario × patch × AUX PMU cell of the verdict matrix, each with its
 * expected verdict (the exact violated-property set) kept as data, and a `source` that names the
 * reference section and, per violated property, the mechanism (MECH below) that produces it. They are
 * spread into the kernel model's runs (scenarios/runs/index.ts) and so run with the default `npm run check`.
 *
 * How the expectations were set. The reference's row-level expectations (kernel-semantics.md §5, §6;
 * the issue): mainline violates R1 on cs_etm, arm_spe and intel_pt; leo-yan-v1 removes R1 for cs_etm and
 * intel_pt but violates R5 (F1), R4 (F2), R3/R6 (E1, F3) and on arm_spe R7 (F5); F4 shows no violation;
 * fix C passes everything; each single partial fix fails a specific invariant. Each cell was then
 * explored completely and every violation's shortest trace read; where the model and the reference
 * disagreed the kernel code was re-read and the expectation set to the truth (models/kernel/NOTE.md,
 * "where the model and the reference disagreed"). Mechanisms that the reference lists for
 * mainline only (E2, §4.3, the STOP_RACE of mainline.ts) recur under the patches and are named as such.
 *
 * Scenarios (scenarios.ts) and where they run: the seed (E1, F2 with P's pause) and f2-user-pause-override
 * need aux-actions, which only AUX_PAUSE PMUs accept (cs_etm, intel_pt); addr-filter-restart (§4.3, E2)
 * needs address filters (not arm_spe) and runs with overflows = 2 here (the same violated sets as with 3,
 * a third of the states); aux-irq-throttled needs an AUX interrupt (arm_spe, intel_pt; ETM over ETR has
 * none); the f4 scenarios run on arm_spe without the address-filter restart. E4 (the leaked transaction
 * at munmap) is the munmap-warn of the f4-munmap-detach cells; E3 (the tick loop re-throttled mid-way) is
 * kernel-switch-before-tick-mstp1 (mainline.ts) and fid-e3-* (pmu-interrupt-platforms.ts).
 */
import type { StandardRun } from "../../../../src/registry.ts";

/** The mechanisms behind the violations, by tag (kernel-semantics.md sections, audit items, model findings). */
export const MECH: Readonly<Record<string, string>> = {
  SEED: "the seed WARN (§4 steps 3-4, §4.5): throttle stop(L,0) keeps the AUX transaction open, the tick's unthrottle start(L,0) begins a second one → WARN_ON_ONCE(nest) (R1); the failed begin orphans the first (R2, §2.9)",
  F5: "F5 (§5): the patch branches on PERF_PMU_CAP_AUX_PAUSE, so arm_spe keeps stop(0)/start(0) and the seed WARN (R1, R2)",
  E1: "E1 (§5): the R overflow that throttles the group pauses L through aux_pause, then its own aux_resume at out: resumes it (event_data / resume_allowed still set): L traces while throttled (R6 at once, R3 at quiescence)",
  F2: "F2 (§5): the unthrottle's perf_event_aux_pause(L, false) clears the user's pause (aux-action=start-paused, or P's pause) and starts the trace (R4)",
  F1: "F1 (§5): the throttle's pause (aux_paused = 1) survives a switch-out and event_sched_in's perf_event_unthrottle(L, false); add(START) leaves the ETM trace unit off / PT TraceEn clear with interrupts = 0 (R5)",
  F3A:
    "F3 route (a) (§5; audit X5 says unreachable): PERF_EVENT_IOC_PERIOD on the throttled group's counter C restarts C (start(RELOAD)) BEFORE perf_event_unthrottle_group; an NMI latched before the ioctl's perf_pmu_disable re-enables PMCR.E on exit (audit D1); C overflows twice while L's resume holds rb->aux_in_pause_resume (MAX wraps to 0, then 1 ≥ max_samples_per_tick = 1) and the re-throttle's pause is dropped (throttle-guard-drop)",
  F4_SETOUTPUT:
    "F4 in the form the kernel allows (errata X13; §5 F4 'not analysed in full'): thread T1's L, bound to CPU0, writes into another thread's rb through perf record's SET_OUTPUT (no mmap of its own). The tool's PERF_EVENT_IOC_SET_OUTPUT(L, -1) on CPU1 → ring_buffer_attach(L, NULL): list_del_rcu, perf_event_stop(L, 0) (L not yet ACTIVE: nothing to stop), then — preemptible, IRQs on — T1's switch-in on CPU0 begins L on the OLD rb (its owner still maps it: aux_mmap_count > 0), then rcu_assign_pointer(L->rb, NULL). The next throttle's perf_event_aux_pause() returns at `if (!rb)` while L traces (throttle-no-rb; R3-aux at quiescence, R6-aux)",
  X14_OUTPUT_STOP:
    "errata X14 (model finding, mainline): after the X13 window L's transaction is on rb 0 while L->rb is NULL and L is off rb->event_list. The owner's munmap of the AUX area: perf_pmu_output_stop walks rb->event_list (the owner's and C's entries: cpu_function_call(0)), __perf_event_output_stop skips L (`rcu_dereference(parent->rb) == rb` fails), rb_free_aux drops the allocation's reference while L's handle keeps one: WARN_ON_ONCE(refcount_read(&rb->aux_refcount)) (munmap-warn); L's next perf_aux_output_end (T1's switch-out, IRQs off) drops the last one: __rb_free_aux's WARN_ON_ONCE(in_atomic()) (rb-free-aux-atomic)",
  LEAK_ETM: "§4.1: after a throttle the switch-out's etm_event_stop(UPDATE) hits the tracking WARN and returns; the transaction stays open on an INACTIVE event (R2); the switch-in's start(0) WARNs (R1)",
  LEAK_SPE: "audit D4's sched-out leak: after a throttle arm_spe_pmu_stop(UPDATE) returns at once (STOPPED): the transaction stays open on an INACTIVE event (R2); the next add → start(RELOAD) WARNs in perf_aux_output_begin (R1)",
  LEAK_PT: "§4.2 / audit D5: pt_event_stop(UPDATE) returns at the STOPPED check before its UPDATE branch: the transaction stays open on an INACTIVE event (R2); pt_event_add then fails -EBUSY, silently (no R1)",
  DETACH_LEAK: "the same leak through another stop(UPDATE) (munmap's perf_pmu_output_stop, ring_buffer_attach's perf_event_stop): after the throttle the stop returns without ending (STOPPED / tracking WARN), the event is detached, the unthrottle's start(0) fails (no rb) and L is ACTIVE, unthrottled, with a transaction open and nothing traced (R5)",
  E4_LEAK: "E4 (§4 step 6): a transaction leaked by a throttled stop(UPDATE) (or orphaned by the WARN) still holds an aux_refcount at the last munmap: WARN_ON_ONCE(refcount_read(&rb->aux_refcount)) (munmap-warn)",
  STOP_RACE:
    "mainline.ts STOP_RACE (§6 R6, §8.2): an NMI throttle inside a switch-out's stop(UPDATE), after the driver dropped its session state (ETM event_data = NULL; PT pause_allowed = 0): the throttle's stop/pause does nothing and the trace runs with interrupts == MAX until the interrupted stop disables it (R6; ETM: the throttle's stop(0) takes the tracking WARN)",
  RESTART:
    "§4.3 / §2.6 / audit X6 (and E2's windows): the address-filter restart's stop(UPDATE) + start(0) on a throttled L — mainline: tracking WARN / early return, then start(0) begins a second transaction (R1, R2); with balanced stop/start (B1, B2) it restarts L with interrupts == MAX (R3, R6); an NMI throttle in the restart's start window is lost (R3, R6; ETM: the tracking WARNs)",
  E2: "E2 (§5, audit X6): the address-filter restart's driver start window (ETM: event_data stored last; PT: pause_allowed set last) loses a resume (R5, ETM only: PT sets resume_allowed first) or the throttle's pause (R3, R6) — pre-existing, not throttle-specific",
  "E1+E2": "E1 and E2 together (see both)",
  START_WINDOW_B:
    "model finding (E2-class, PT under B1): an NMI throttle between pt_event_start's begin and `hw.state = 0` returns at pt_event_stop's STOPPED check without ending; start then configures the trace with interrupts == MAX and the tick's start(0) begins a second transaction (R1, R2)",
  IOC_SEED: "§4.4: __perf_event_period(C) → perf_event_unthrottle_group(C, true) → start(L, 0) → the seed WARN in IPI context (R1, R2)",
  IOC_WRAP:
    "mainline.ts ioc-period finding (audit D1 + X2): a throttle NMI inside __perf_event_period re-enables PMCR.E, the restarted C overflows again in the same tick window, interrupts wraps MAX → 0 and `if (interrupts == MAX) perf_event_unthrottle_group()` is skipped: C counts while L is throttled (R3, R6) — counters only, so every patch, fix C included",
  "IOC_WRAP+F3A": "IOC_WRAP, and the F3 route (a) drop (see both)",
  RETHROTTLE: "E5-like (audit X8): a second throttle of the already-throttled group inside the ioctl finds the ETM handle open with event_data NULL (etm-tracking-stop)",
  B1_DOUBLE_END:
    "model finding (fix B1 on arm_spe): B1's stop(0) from the throttle NMI ends the transaction while a stop(UPDATE) or the PMBIRQ handler is ending it (arm_spe_pmu_stop sets STOPPED only at its end), so arm_spe_perf_aux_output_end runs with no transaction: NULL buf dereference / double release (aux-double-end); PT sets STOPPED before its end and ETM has its tracking check",
  B1_PMBIRQ_RACE:
    "model finding (fix B1 on arm_spe): candidate B's `!(hw.state & STOPPED)` test in the PMBIRQ handler is not enough: an NMI throttle between the test and perf_aux_output_begin's handle store finds no transaction to end, the re-opened transaction stays open on the throttled event and the tick's start(0) WARNs (R1, R2)",
  R7: "R7 (derived, invariants/kernel/R7-every-aux-pmu.ts): one of R1, R2, R3-aux, R4, R5, R6-aux on arm_spe, a PMU without PERF_PMU_CAP_AUX_PAUSE",
  START_FAIL:
    "a start(L, 0) that fails — on the nested begin's WARN_ON_ONCE(nest) (kernel/events/ring_buffer.c perf_aux_output_begin → goto err_put), on ETM's `if (WARN_ON(ctxt->event_data)) goto fail` or on a missing rb — ends at `fail: event->hw.state = PERF_HES_STOPPED` (coresight-etm-perf.c etm_event_start; arm_spe_perf_aux_output_begin; pt_event_start's fail_stop) while the core has just unthrottled L (interrupts = 0): nothing restarts it until the group is rescheduled (stuck-stopped, errata X15's consequence for the AUX event)",
  IOC_STUCK:
    "errata X15: __perf_event_period(C) restarts C; an NMI re-throttles the group (stop(C, 0)); C's next latched overflow wraps MAX → 0, and the ioctl's `if (interrupts == MAX)` unthrottle is skipped or unthrottles with start = false for C: C is ACTIVE, STOPPED, interrupts = 0 (stuck-stopped)",
  C_TRADE:
    "fix C by design (kernel-semantics.md §6 C: \"the group is no longer 'all members stopped'\"): perf_event_throttle skips stop() for has_aux events, so L traces with interrupts == MAX (R3-aux at quiescence, R6-aux at once; R7 on arm_spe, whose R3-aux/R6-aux are the same trade)",
  UNTHROTTLE_WINDOW:
    "model finding (R3-aux, hidden before the split by the counters' IOC_WRAP): perf_event_unthrottle(L, true) writes interrupts = 0, then (a separate step, IRQs off but NMIs on) starts/resumes L; an NMI in between re-throttles the group (C restarted by __perf_event_period overflows again) and its throttle of L is a no-op or is undone by the start/resume that follows (fix A: the THROTTLE bit the re-throttle found still set is then cleared by the unthrottle's perf_event_aux_pause(L, false, THROTTLE); B1/B2/Leo Yan: start(L, 0)/aux_pause(L, false) restart L): L traces with interrupts == MAX",
  ORPHAN:
    "R2 (d): the transaction L holds was begun on the rb that ring_buffer_attach then took away (event->rb swapped to NULL by the last munmap or SET_OUTPUT -1 after a throttle left the transaction open or a restart re-opened it): an orphaned transaction, which output stop (it follows event->rb) can no longer end",
  B2_REUSE_FREE:
    "model finding (fix B2): start(0) reuses the still-open transaction instead of calling perf_aux_output_begin, so it bypasses begin's `aux_mmap_count == 0` refusal; after the owner's munmap (munmap-warn / ORPHAN) the reused transaction keeps the last aux_refcount, and its end in a stop from atomic context frees the AUX pages there: WARN_ON_ONCE(in_atomic()) in __rb_free_aux",
  B1_FAIL_BEGIN:
    "model finding (fix B1 on arm_spe): perf_aux_output_begin's zero-space path sets handle->event before it fails (`handle->event = event; ... if (!handle->size) { ...; goto err_put; }`); B1's stop(0) from a throttle NMI in that window ends the non-existent transaction, dropping an aux_refcount twice: the failing begin's err_put then drops the last one in IRQ context (rb-free-aux-atomic)",
};

/** Why a cell holds everything, by patch (for `ok` cells). */
const OK_WHY: Readonly<Record<string, string>> = {
  none: "nothing reachable in this scenario breaks an invariant on mainline",
  "leo-yan-v1": "the AUX_PAUSE throttle is a pause that keeps the transaction balanced, and this scenario has none of F1-F4/E1/E2's triggers",
  "fix-a": "fix A: the THROTTLE bit survives user resumes and sched-in, the guard holder re-applies dropped intents",
  "fix-b1": "fix B1: stop(0) ends the transaction, start(0) begins a fresh one",
  "fix-b2": "fix B2: start(0) reuses the open transaction of the same event",
  "fix-c": "fix C: AUX events are exempt from group throttling (no stop/start of the AUX event at all)",
};

const SECTION: Readonly<Record<string, string>> = {
  "seed-coresight-warn": "kernel-semantics.md §4, §5 E1, F2",
  "f2-user-pause-override": "kernel-semantics.md §5 F2",
  "f5-throttle-tick": "kernel-semantics.md §4.5, §5 F5",
  "aux-irq-throttled": "kernel-semantics.md §3.3, §3.4, audit D4",
  "f1-sched-in-leak": "kernel-semantics.md §5 F1, §4.1, §4.2, audit D4",
  "f3-guard-ioc": "kernel-semantics.md §5 F3 (a), §2.3 caller 3, audit X5, D1",
  "addr-filter-restart": "kernel-semantics.md §4.3, §5 E2, audit X6",
  "f4-munmap-detach": "kernel-semantics.md §5 F4, §2.9, §4 step 6 (E4)",
  "f4-set-output": "kernel-semantics.md §5 F4 (edge case), §2.9, errata X13",
  "f4-set-output-munmap": "kernel-semantics.md §5 F4 (edge case), §2.9, errata X13, X14",
};

type Cell = readonly [scenario: string, patch: string, pmu: string, extra: Readonly<Record<string, number>>, violated: readonly string[], mechanisms: string];

/** scenario, patch, AUX PMU, extra parameters, expected violated set (exactly), "MECH:properties ...". */
// prettier-ignore
export const CELLS: readonly Cell[] = [
  ["seed-coresight-warn", "none", "cs_etm", {}, ["R1", "R2", "stuck-stopped"], "SEED:R1+R2 START_FAIL:stuck-stopped"],
  ["seed-coresight-warn", "leo-yan-v1", "cs_etm", {}, ["R3-aux", "R4", "R6-aux"], "E1:R3-aux+R6-aux F2:R4"],
  ["seed-coresight-warn", "fix-a", "cs_etm", {}, [], ""],
  ["seed-coresight-warn", "fix-b1", "cs_etm", {}, [], ""],
  ["seed-coresight-warn", "fix-b2", "cs_etm", {}, [], ""],
  ["seed-coresight-warn", "fix-c", "cs_etm", {}, ["R3-aux", "R6-aux"], "C_TRADE:R3-aux+R6-aux"],
  ["seed-coresight-warn", "none", "intel_pt", {}, ["R1", "R2", "stuck-stopped"], "SEED:R1+R2 START_FAIL:stuck-stopped"],
  ["seed-coresight-warn", "leo-yan-v1", "intel_pt", {}, ["R3-aux", "R4", "R6-aux"], "E1:R3-aux+R6-aux F2:R4"],
  ["seed-coresight-warn", "fix-a", "intel_pt", {}, [], ""],
  ["seed-coresight-warn", "fix-b1", "intel_pt", {}, [], ""],
  ["seed-coresight-warn", "fix-b2", "intel_pt", {}, [], ""],
  ["seed-coresight-warn", "fix-c", "intel_pt", {}, ["R3-aux", "R6-aux"], "C_TRADE:R3-aux+R6-aux"],
  ["f2-user-pause-override", "none", "cs_etm", {}, ["R1", "R2", "stuck-stopped"], "SEED:R1+R2 START_FAIL:stuck-stopped"],
  ["f2-user-pause-override", "leo-yan-v1", "cs_etm", {}, ["R4"], "F2:R4"],
  ["f2-user-pause-override", "fix-a", "cs_etm", {}, [], ""],
  ["f2-user-pause-override", "fix-b1", "cs_etm", {}, [], ""],
  ["f2-user-pause-override", "fix-b2", "cs_etm", {}, [], ""],
  ["f2-user-pause-override", "fix-c", "cs_etm", {}, [], ""],
  ["f2-user-pause-override", "none", "intel_pt", {}, ["R1", "R2", "stuck-stopped"], "SEED:R1+R2 START_FAIL:stuck-stopped"],
  ["f2-user-pause-override", "leo-yan-v1", "intel_pt", {}, ["R4"], "F2:R4"],
  ["f2-user-pause-override", "fix-a", "intel_pt", {}, [], ""],
  ["f2-user-pause-override", "fix-b1", "intel_pt", {}, [], ""],
  ["f2-user-pause-override", "fix-b2", "intel_pt", {}, [], ""],
  ["f2-user-pause-override", "fix-c", "intel_pt", {}, [], ""],
  ["addr-filter-restart", "none", "cs_etm", {overflows: 2}, ["R1", "R2", "R3-aux", "R5", "R6-aux", "stuck-stopped", "etm-tracking-stop", "etm-tracking-start"], "RESTART:R1+R2+R3-aux+R6-aux+etm-tracking-stop+etm-tracking-start E2:R5 START_FAIL:stuck-stopped"],
  ["addr-filter-restart", "leo-yan-v1", "cs_etm", {overflows: 2}, ["R3-aux", "R4", "R5", "R6-aux"], "E1+E2:R3-aux+R6-aux F2:R4 E2:R5"],
  ["addr-filter-restart", "fix-a", "cs_etm", {overflows: 2}, ["R3-aux", "R5", "R6-aux"], "E2:R3-aux+R5+R6-aux"],
  ["addr-filter-restart", "fix-b1", "cs_etm", {overflows: 2}, ["R3-aux", "R5", "R6-aux", "stuck-stopped", "etm-tracking-stop", "etm-tracking-start"], "RESTART:R3-aux+R6-aux+etm-tracking-stop+etm-tracking-start E2:R5 START_FAIL:stuck-stopped"],
  ["addr-filter-restart", "fix-b2", "cs_etm", {overflows: 2}, ["R3-aux", "R5", "R6-aux", "stuck-stopped", "etm-tracking-stop", "etm-tracking-start"], "RESTART:R3-aux+R6-aux+etm-tracking-stop+etm-tracking-start E2:R5 START_FAIL:stuck-stopped"],
  ["addr-filter-restart", "fix-c", "cs_etm", {overflows: 2}, ["R3-aux", "R5", "R6-aux"], "E2:R5 C_TRADE:R3-aux+R6-aux"],
  ["addr-filter-restart", "none", "intel_pt", {overflows: 2}, ["R1", "R2", "R3-aux", "R6-aux", "stuck-stopped"], "RESTART:R1+R2+R3-aux+R6-aux START_FAIL:stuck-stopped"],
  ["addr-filter-restart", "leo-yan-v1", "intel_pt", {overflows: 2}, ["R3-aux", "R4", "R6-aux"], "E1+E2:R3-aux+R6-aux F2:R4"],
  ["addr-filter-restart", "fix-a", "intel_pt", {overflows: 2}, ["R3-aux", "R6-aux"], "E2:R3-aux+R6-aux"],
  ["addr-filter-restart", "fix-b1", "intel_pt", {overflows: 2}, ["R1", "R2", "R3-aux", "R6-aux", "stuck-stopped"], "START_WINDOW_B:R1+R2 RESTART:R3-aux+R6-aux START_FAIL:stuck-stopped"],
  ["addr-filter-restart", "fix-b2", "intel_pt", {overflows: 2}, ["R3-aux", "R6-aux"], "RESTART:R3-aux+R6-aux"],
  ["addr-filter-restart", "fix-c", "intel_pt", {overflows: 2}, ["R3-aux", "R6-aux"], "C_TRADE:R3-aux+R6-aux"],
  ["f5-throttle-tick", "none", "cs_etm", {}, ["R1", "R2", "stuck-stopped"], "SEED:R1+R2 START_FAIL:stuck-stopped"],
  ["f5-throttle-tick", "leo-yan-v1", "cs_etm", {}, [], ""],
  ["f5-throttle-tick", "fix-a", "cs_etm", {}, [], ""],
  ["f5-throttle-tick", "fix-b1", "cs_etm", {}, [], ""],
  ["f5-throttle-tick", "fix-b2", "cs_etm", {}, [], ""],
  ["f5-throttle-tick", "fix-c", "cs_etm", {}, ["R3-aux", "R6-aux"], "C_TRADE:R3-aux+R6-aux"],
  ["f5-throttle-tick", "none", "intel_pt", {}, ["R1", "R2", "stuck-stopped"], "SEED:R1+R2 START_FAIL:stuck-stopped"],
  ["f5-throttle-tick", "leo-yan-v1", "intel_pt", {}, [], ""],
  ["f5-throttle-tick", "fix-a", "intel_pt", {}, [], ""],
  ["f5-throttle-tick", "fix-b1", "intel_pt", {}, [], ""],
  ["f5-throttle-tick", "fix-b2", "intel_pt", {}, [], ""],
  ["f5-throttle-tick", "fix-c", "intel_pt", {}, ["R3-aux", "R6-aux"], "C_TRADE:R3-aux+R6-aux"],
  ["f5-throttle-tick", "none", "arm_spe", {}, ["R1", "R2", "R7", "stuck-stopped"], "SEED:R1+R2 R7:R7 START_FAIL:stuck-stopped"],
  ["f5-throttle-tick", "leo-yan-v1", "arm_spe", {}, ["R1", "R2", "R7", "stuck-stopped"], "F5:R1+R2 R7:R7 START_FAIL:stuck-stopped"],
  ["f5-throttle-tick", "fix-a", "arm_spe", {}, ["R1", "R2", "R7", "stuck-stopped"], "F5:R1+R2 R7:R7 START_FAIL:stuck-stopped"],
  ["f5-throttle-tick", "fix-b1", "arm_spe", {}, [], ""],
  ["f5-throttle-tick", "fix-b2", "arm_spe", {}, [], ""],
  ["f5-throttle-tick", "fix-c", "arm_spe", {}, ["R3-aux", "R6-aux", "R7"], "C_TRADE:R3-aux+R6-aux+R7"],
  ["f1-sched-in-leak", "none", "cs_etm", {}, ["R1", "R2", "R6-aux", "etm-tracking-stop"], "LEAK_ETM:R1+R2 STOP_RACE:R6-aux+etm-tracking-stop"],
  ["f1-sched-in-leak", "leo-yan-v1", "cs_etm", {}, ["R5", "R6-aux"], "F1:R5 STOP_RACE:R6-aux"],
  ["f1-sched-in-leak", "fix-a", "cs_etm", {}, ["R6-aux"], "STOP_RACE:R6-aux"],
  ["f1-sched-in-leak", "fix-b1", "cs_etm", {}, ["R6-aux", "etm-tracking-stop"], "STOP_RACE:R6-aux+etm-tracking-stop"],
  ["f1-sched-in-leak", "fix-b2", "cs_etm", {}, ["R2", "R6-aux", "etm-tracking-stop"], "LEAK_ETM:R2+etm-tracking-stop STOP_RACE:R6-aux"],
  ["f1-sched-in-leak", "fix-c", "cs_etm", {}, ["R3-aux", "R6-aux"], "C_TRADE:R3-aux+R6-aux"],
  ["f1-sched-in-leak", "none", "intel_pt", {}, ["R2"], "LEAK_PT:R2"],
  ["f1-sched-in-leak", "leo-yan-v1", "intel_pt", {}, ["R5", "R6-aux"], "F1:R5 STOP_RACE:R6-aux"],
  ["f1-sched-in-leak", "fix-a", "intel_pt", {}, ["R6-aux"], "STOP_RACE:R6-aux"],
  ["f1-sched-in-leak", "fix-b1", "intel_pt", {}, [], ""],
  ["f1-sched-in-leak", "fix-b2", "intel_pt", {}, ["R2"], "LEAK_PT:R2"],
  ["f1-sched-in-leak", "fix-c", "intel_pt", {}, ["R3-aux", "R6-aux"], "C_TRADE:R3-aux+R6-aux"],
  ["f1-sched-in-leak", "none", "arm_spe", {}, ["R1", "R2", "R7"], "LEAK_SPE:R1+R2 R7:R7"],
  ["f1-sched-in-leak", "leo-yan-v1", "arm_spe", {}, ["R1", "R2", "R7"], "LEAK_SPE:R1+R2 R7:R7"],
  ["f1-sched-in-leak", "fix-a", "arm_spe", {}, ["R1", "R2", "R7"], "LEAK_SPE:R1+R2 R7:R7"],
  ["f1-sched-in-leak", "fix-b1", "arm_spe", {}, ["aux-double-end"], "B1_DOUBLE_END:aux-double-end"],
  ["f1-sched-in-leak", "fix-b2", "arm_spe", {}, ["R2", "R7"], "LEAK_SPE:R2 R7:R7"],
  ["f1-sched-in-leak", "fix-c", "arm_spe", {}, ["R3-aux", "R6-aux", "R7"], "C_TRADE:R3-aux+R6-aux+R7"],
  ["f3-guard-ioc", "none", "cs_etm", {}, ["R1", "R2", "R3", "R6", "stuck-stopped", "etm-tracking-stop"], "IOC_SEED:R1+R2 IOC_WRAP:R3+R6 RETHROTTLE:etm-tracking-stop START_FAIL:stuck-stopped"],
  ["f3-guard-ioc", "leo-yan-v1", "cs_etm", {}, ["R3", "R3-aux", "R6", "R6-aux", "stuck-stopped", "throttle-guard-drop"], "IOC_WRAP+F3A:R3+R3-aux+R6+R6-aux F3A:throttle-guard-drop IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "fix-a", "cs_etm", {}, ["R3", "R3-aux", "R6", "R6-aux", "stuck-stopped"], "IOC_WRAP:R3+R6 UNTHROTTLE_WINDOW:R3-aux+R6-aux IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "fix-b1", "cs_etm", {}, ["R3", "R3-aux", "R6", "R6-aux", "stuck-stopped", "etm-tracking-stop"], "IOC_WRAP:R3+R6 RETHROTTLE:etm-tracking-stop UNTHROTTLE_WINDOW:R3-aux+R6-aux IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "fix-b2", "cs_etm", {}, ["R3", "R3-aux", "R6", "R6-aux", "stuck-stopped", "etm-tracking-stop"], "IOC_WRAP:R3+R6 RETHROTTLE:etm-tracking-stop UNTHROTTLE_WINDOW:R3-aux+R6-aux IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "fix-c", "cs_etm", {}, ["R3", "R3-aux", "R6", "R6-aux", "stuck-stopped"], "IOC_WRAP:R3+R6 C_TRADE:R3-aux+R6-aux IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "none", "intel_pt", {}, ["R1", "R2", "R3", "R6", "stuck-stopped"], "IOC_SEED:R1+R2 IOC_WRAP:R3+R6 START_FAIL:stuck-stopped"],
  ["f3-guard-ioc", "leo-yan-v1", "intel_pt", {}, ["R3", "R3-aux", "R6", "R6-aux", "stuck-stopped", "throttle-guard-drop"], "IOC_WRAP+F3A:R3+R3-aux+R6+R6-aux F3A:throttle-guard-drop IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "fix-a", "intel_pt", {}, ["R3", "R3-aux", "R6", "R6-aux", "stuck-stopped"], "IOC_WRAP:R3+R6 UNTHROTTLE_WINDOW:R3-aux+R6-aux IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "fix-b1", "intel_pt", {}, ["R3", "R3-aux", "R6", "R6-aux", "stuck-stopped"], "IOC_WRAP:R3+R6 UNTHROTTLE_WINDOW:R3-aux+R6-aux IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "fix-b2", "intel_pt", {}, ["R3", "R3-aux", "R6", "R6-aux", "stuck-stopped"], "IOC_WRAP:R3+R6 UNTHROTTLE_WINDOW:R3-aux+R6-aux IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "fix-c", "intel_pt", {}, ["R3", "R3-aux", "R6", "R6-aux", "stuck-stopped"], "IOC_WRAP:R3+R6 C_TRADE:R3-aux+R6-aux IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "none", "arm_spe", {}, ["R1", "R2", "R3", "R6", "R7", "stuck-stopped"], "IOC_SEED:R1+R2 IOC_WRAP:R3+R6 R7:R7 START_FAIL:stuck-stopped"],
  ["f3-guard-ioc", "leo-yan-v1", "arm_spe", {}, ["R1", "R2", "R3", "R6", "R7", "stuck-stopped"], "IOC_SEED:R1+R2 IOC_WRAP:R3+R6 R7:R7 START_FAIL:stuck-stopped"],
  ["f3-guard-ioc", "fix-a", "arm_spe", {}, ["R1", "R2", "R3", "R6", "R7", "stuck-stopped"], "IOC_SEED:R1+R2 IOC_WRAP:R3+R6 R7:R7 START_FAIL:stuck-stopped"],
  ["f3-guard-ioc", "fix-b1", "arm_spe", {}, ["R3", "R3-aux", "R6", "R6-aux", "R7", "stuck-stopped"], "IOC_WRAP:R3+R6 R7:R7 UNTHROTTLE_WINDOW:R3-aux+R6-aux IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "fix-b2", "arm_spe", {}, ["R3", "R3-aux", "R6", "R6-aux", "R7", "stuck-stopped"], "IOC_WRAP:R3+R6 R7:R7 UNTHROTTLE_WINDOW:R3-aux+R6-aux IOC_STUCK:stuck-stopped"],
  ["f3-guard-ioc", "fix-c", "arm_spe", {}, ["R3", "R3-aux", "R6", "R6-aux", "R7", "stuck-stopped"], "IOC_WRAP:R3+R6 C_TRADE:R3-aux+R6-aux+R7 IOC_STUCK:stuck-stopped"],
  ["aux-irq-throttled", "none", "intel_pt", {}, ["R1", "R2", "stuck-stopped"], "SEED:R1+R2 START_FAIL:stuck-stopped"],
  ["aux-irq-throttled", "leo-yan-v1", "intel_pt", {}, [], ""],
  ["aux-irq-throttled", "fix-a", "intel_pt", {}, [], ""],
  ["aux-irq-throttled", "fix-b1", "intel_pt", {}, [], ""],
  ["aux-irq-throttled", "fix-b2", "intel_pt", {}, [], ""],
  ["aux-irq-throttled", "fix-c", "intel_pt", {}, ["R3-aux", "R6-aux"], "C_TRADE:R3-aux+R6-aux"],
  ["aux-irq-throttled", "none", "arm_spe", {}, ["R1", "R2", "R7", "stuck-stopped"], "SEED:R1+R2 R7:R7 START_FAIL:stuck-stopped"],
  ["aux-irq-throttled", "leo-yan-v1", "arm_spe", {}, ["R1", "R2", "R7", "stuck-stopped"], "F5:R1+R2 R7:R7 START_FAIL:stuck-stopped"],
  ["aux-irq-throttled", "fix-a", "arm_spe", {}, ["R1", "R2", "R7", "stuck-stopped"], "F5:R1+R2 R7:R7 START_FAIL:stuck-stopped"],
  ["aux-irq-throttled", "fix-b1", "arm_spe", {}, ["R1", "R2", "R7", "stuck-stopped", "rb-free-aux-atomic", "aux-double-end"], "B1_PMBIRQ_RACE:R1+R2 R7:R7 B1_DOUBLE_END:aux-double-end B1_FAIL_BEGIN:rb-free-aux-atomic START_FAIL:stuck-stopped"],
  ["aux-irq-throttled", "fix-b2", "arm_spe", {}, [], ""],
  ["aux-irq-throttled", "fix-c", "arm_spe", {}, ["R3-aux", "R6-aux", "R7"], "C_TRADE:R3-aux+R6-aux+R7"],
  ["f4-munmap-detach", "none", "cs_etm", {}, ["R1", "R2", "R3-aux", "R6-aux", "stuck-stopped", "etm-tracking-stop", "etm-tracking-start", "munmap-warn"], "RESTART:R1+R2+R3-aux+R6-aux+etm-tracking-stop+etm-tracking-start E4_LEAK:munmap-warn START_FAIL:stuck-stopped"],
  ["f4-munmap-detach", "leo-yan-v1", "cs_etm", {}, ["R3-aux", "R6-aux"], "E2:R3-aux+R6-aux"],
  ["f4-munmap-detach", "fix-a", "cs_etm", {}, ["R3-aux", "R6-aux"], "E2:R3-aux+R6-aux"],
  ["f4-munmap-detach", "fix-b1", "cs_etm", {}, ["R2", "R3-aux", "R6-aux", "stuck-stopped", "etm-tracking-stop", "etm-tracking-start", "munmap-warn"], "RESTART:R3-aux+R6-aux+etm-tracking-stop+etm-tracking-start E4_LEAK:munmap-warn ORPHAN:R2 START_FAIL:stuck-stopped"],
  ["f4-munmap-detach", "fix-b2", "cs_etm", {}, ["R2", "R3-aux", "R6-aux", "stuck-stopped", "etm-tracking-stop", "etm-tracking-start", "munmap-warn", "rb-free-aux-atomic"], "RESTART:R3-aux+R6-aux+etm-tracking-stop+etm-tracking-start E4_LEAK:munmap-warn ORPHAN:R2 B2_REUSE_FREE:rb-free-aux-atomic START_FAIL:stuck-stopped"],
  ["f4-munmap-detach", "fix-c", "cs_etm", {}, ["R3-aux", "R6-aux"], "C_TRADE:R3-aux+R6-aux"],
  ["f4-munmap-detach", "none", "intel_pt", {}, ["R1", "R2", "R3-aux", "R6-aux", "stuck-stopped", "munmap-warn"], "RESTART:R1+R2+R3-aux+R6-aux E4_LEAK:munmap-warn START_FAIL:stuck-stopped"],
  ["f4-munmap-detach", "leo-yan-v1", "intel_pt", {}, ["R3-aux", "R6-aux"], "E2:R3-aux+R6-aux"],
  ["f4-munmap-detach", "fix-a", "intel_pt", {}, ["R3-aux", "R6-aux"], "E2:R3-aux+R6-aux"],
  ["f4-munmap-detach", "fix-b1", "intel_pt", {}, ["R1", "R2", "R3-aux", "R6-aux", "stuck-stopped", "munmap-warn"], "START_WINDOW_B:R1+R2 RESTART:R3-aux+R6-aux E4_LEAK:munmap-warn START_FAIL:stuck-stopped"],
  ["f4-munmap-detach", "fix-b2", "intel_pt", {}, ["R2", "R3-aux", "R6-aux", "munmap-warn", "rb-free-aux-atomic"], "RESTART:R3-aux+R6-aux E4_LEAK:munmap-warn ORPHAN:R2 B2_REUSE_FREE:rb-free-aux-atomic"],
  ["f4-munmap-detach", "fix-c", "intel_pt", {}, ["R3-aux", "R6-aux"], "C_TRADE:R3-aux+R6-aux"],
  ["f4-munmap-detach", "none", "arm_spe", {restarts: 0}, ["R1", "R2", "R7", "stuck-stopped", "munmap-warn"], "SEED:R1+R2 R7:R7 E4_LEAK:munmap-warn START_FAIL:stuck-stopped"],
  ["f4-munmap-detach", "leo-yan-v1", "arm_spe", {restarts: 0}, ["R1", "R2", "R7", "stuck-stopped", "munmap-warn"], "F5:R1+R2 R7:R7 E4_LEAK:munmap-warn START_FAIL:stuck-stopped"],
  ["f4-munmap-detach", "fix-a", "arm_spe", {restarts: 0}, ["R1", "R2", "R7", "stuck-stopped", "munmap-warn"], "F5:R1+R2 R7:R7 E4_LEAK:munmap-warn START_FAIL:stuck-stopped"],
  ["f4-munmap-detach", "fix-b1", "arm_spe", {restarts: 0}, ["aux-double-end"], "B1_DOUBLE_END:aux-double-end"],
  ["f4-munmap-detach", "fix-b2", "arm_spe", {restarts: 0}, ["R2", "R7", "munmap-warn", "rb-free-aux-atomic"], "E4_LEAK:munmap-warn ORPHAN:R2 R7:R7 B2_REUSE_FREE:rb-free-aux-atomic"],
  ["f4-munmap-detach", "fix-c", "arm_spe", {restarts: 0}, ["R3-aux", "R6-aux", "R7"], "C_TRADE:R3-aux+R6-aux+R7"],
  ["f4-set-output", "none", "cs_etm", {}, ["R1", "R2", "R6-aux", "stuck-stopped", "etm-tracking-stop"], "SEED:R1 ORPHAN:R2 STOP_RACE:R6-aux+etm-tracking-stop START_FAIL:stuck-stopped"],
  ["f4-set-output", "leo-yan-v1", "cs_etm", {}, ["R2", "R3-aux", "R6-aux", "throttle-no-rb"], "ORPHAN:R2 F4_SETOUTPUT:R3-aux+R6-aux+throttle-no-rb"],
  ["f4-set-output", "fix-a", "cs_etm", {}, ["R2", "R3-aux", "R6-aux", "throttle-no-rb"], "ORPHAN:R2 F4_SETOUTPUT:R3-aux+R6-aux+throttle-no-rb"],
  ["f4-set-output", "leo-yan-v1", "intel_pt", {}, ["R2", "R3-aux", "R6-aux", "throttle-no-rb"], "ORPHAN:R2 F4_SETOUTPUT:R3-aux+R6-aux+throttle-no-rb"],
  ["f4-set-output-munmap", "none", "cs_etm", {}, ["R2", "R6-aux", "etm-tracking-stop", "munmap-warn", "rb-free-aux-atomic"], "ORPHAN:R2 STOP_RACE:R6-aux+etm-tracking-stop X14_OUTPUT_STOP:munmap-warn+rb-free-aux-atomic"],
];

function source(c: Cell): string {
  const [scenario, patch, , , violated, mechs] = c;
  if (violated.length === 0) return `${SECTION[scenario]}; ok: ${OK_WHY[patch]}`;
  const parts = mechs.split(" ").map((m) => {
    const [tag, props] = m.split(":") as [string, string];
    const text = MECH[tag];
    if (!text) throw new Error(`patch-matrix: unknown mechanism ${tag}`);
    return `${props.replace(/\+/g, ", ")} — ${text}`;
  });
  return `${SECTION[scenario]}; ${parts.join(" | ")}`;
}

export const patchRuns: readonly StandardRun[] = CELLS.map((c) => {
  const [scenario, patch, pmu, extra, violated] = c;
  return {
    id: `i4-${scenario}-${patch}-${pmu}`,
    model: "kernel",
    scenario,
    patch,
    pmu,
    params: { scenario, patch, pmu, ...extra },
    expected: violated.length === 0 ? { verdict: "ok", source: source(c) } : { verdict: "violation", violated, source: source(c) },
  };
});
