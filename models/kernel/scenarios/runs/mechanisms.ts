/**
 * The mechanisms behind the expected violations of every kernel run list (mainline.ts, patch-matrix.ts,
 * pmu-interrupt-platforms.ts, two-cpus.ts, full-matrix-rows.ts), by tag: one definition each. A run's
 * expectation names, for each violated property, the tag of the mechanism that produces it; the text says
 * how, citing kernel-semantics.md, its audit and the kernel code it rests on.
 */

export const MECHANISMS: Readonly<Record<string, string>> = {
  SEED:
    "the seed WARN (§4 steps 3-4, §4.5): throttle stop(L,0) keeps the AUX transaction open, the tick's unthrottle start(L,0) begins a second one → WARN_ON_ONCE(nest) (R1); the failed begin orphans the first (R2, §2.9)",
  F5:
    "F5 (§5): the patch branches on PERF_PMU_CAP_AUX_PAUSE, so arm_spe keeps stop(0)/start(0) and the seed WARN (R1, R2)",
  E1:
    "E1 (§5): the R overflow that throttles the group pauses L through aux_pause, then its own aux_resume at out: resumes it (event_data / resume_allowed still set): L traces while throttled (R6 at once, R3 at quiescence)",
  F2:
    "F2 (§5): the unthrottle's perf_event_aux_pause(L, false) clears the user's pause (aux-action=start-paused, or P's pause) and starts the trace (R4)",
  F1:
    "F1 (§5): the throttle's pause (aux_paused = 1) survives a switch-out and event_sched_in's perf_event_unthrottle(L, false); add(START) leaves the ETM trace unit off / PT TraceEn clear with interrupts = 0 (R5)",
  F3A:
    "F3 route (a) (§5; audit X5 says unreachable): PERF_EVENT_IOC_PERIOD on the throttled group's counter C restarts C (start(RELOAD)) BEFORE perf_event_unthrottle_group; an NMI latched before the ioctl's perf_pmu_disable re-enables PMCR.E on exit (audit D1); C overflows twice while L's resume holds rb->aux_in_pause_resume (MAX wraps to 0, then 1 ≥ max_samples_per_tick = 1) and the re-throttle's pause is dropped (throttle-guard-drop)",
  F4_SETOUTPUT:
    "F4 in the form the kernel allows (errata X13; §5 F4 'not analysed in full'): thread T1's L, bound to CPU0, writes into another thread's rb through perf record's SET_OUTPUT (no mmap of its own). The tool's PERF_EVENT_IOC_SET_OUTPUT(L, -1) on CPU1 → ring_buffer_attach(L, NULL): list_del_rcu, perf_event_stop(L, 0) (L not yet ACTIVE: nothing to stop), then — preemptible, IRQs on — T1's switch-in on CPU0 begins L on the OLD rb (its owner still maps it: aux_mmap_count > 0), then rcu_assign_pointer(L->rb, NULL). The next throttle's perf_event_aux_pause() returns at `if (!rb)` while L traces (throttle-no-rb; R3-aux at quiescence, R6-aux)",
  X14_OUTPUT_STOP:
    "errata X14 (model finding, mainline): after the X13 window L's transaction is on rb 0 while L->rb is NULL and L is off rb->event_list. The owner's munmap of the AUX area: perf_pmu_output_stop walks rb->event_list (the owner's and C's entries: cpu_function_call(0)), __perf_event_output_stop skips L (`rcu_dereference(parent->rb) == rb` fails), rb_free_aux drops the allocation's reference while L's handle keeps one: WARN_ON_ONCE(refcount_read(&rb->aux_refcount)) (munmap-warn); L's next perf_aux_output_end (T1's switch-out, IRQs off) drops the last one: __rb_free_aux's WARN_ON_ONCE(in_atomic()) (rb-free-aux-atomic)",
  LEAK_ETM:
    "§4.1: after a throttle the switch-out's etm_event_stop(UPDATE) hits the tracking WARN and returns; the transaction stays open on an INACTIVE event (R2); the switch-in's start(0) WARNs (R1)",
  LEAK_SPE:
    "audit D4's sched-out leak: after a throttle arm_spe_pmu_stop(UPDATE) returns at once (STOPPED): the transaction stays open on an INACTIVE event (R2); the next add → start(RELOAD) WARNs in perf_aux_output_begin (R1)",
  LEAK_PT:
    "§4.2 / audit D5: pt_event_stop(UPDATE) returns at the STOPPED check before its UPDATE branch: the transaction stays open on an INACTIVE event (R2); pt_event_add then fails -EBUSY, silently (no R1)",
  DETACH_LEAK:
    "the same leak through another stop(UPDATE) (munmap's perf_pmu_output_stop, ring_buffer_attach's perf_event_stop): after the throttle the stop returns without ending (STOPPED / tracking WARN), the event is detached, the unthrottle's start(0) fails (no rb) and L is ACTIVE, unthrottled, with a transaction open and nothing traced (R5)",
  E4_LEAK:
    "E4 (§4 step 6): a transaction leaked by a throttled stop(UPDATE) (or orphaned by the WARN) still holds an aux_refcount at the last munmap: WARN_ON_ONCE(refcount_read(&rb->aux_refcount)) (munmap-warn)",
  STOP_RACE:
    "mainline.ts STOP_RACE (§6 R6, §8.2): an NMI throttle inside a switch-out's stop(UPDATE), after the driver dropped its session state (ETM event_data = NULL; PT pause_allowed = 0): the throttle's stop/pause does nothing and the trace runs with interrupts == MAX until the interrupted stop disables it (R6; ETM: the throttle's stop(0) takes the tracking WARN)",
  RESTART:
    "§4.3 / §2.6 / audit X6 (and E2's windows): the address-filter restart's stop(UPDATE) + start(0) on a throttled L — mainline: tracking WARN / early return, then start(0) begins a second transaction (R1, R2); with balanced stop/start (B1, B2) it restarts L with interrupts == MAX (R3, R6); an NMI throttle in the restart's start window is lost (R3, R6; ETM: the tracking WARNs)",
  E2:
    "E2 (§5, audit X6): the address-filter restart's driver start window (ETM: event_data stored last; PT: pause_allowed set last) loses a resume (R5, ETM only: PT sets resume_allowed first) or the throttle's pause (R3, R6) — pre-existing, not throttle-specific",
  "E1+E2":
    "E1 and E2 together (see both)",
  START_WINDOW_B:
    "model finding (E2-class, PT under B1): an NMI throttle between pt_event_start's begin and `hw.state = 0` returns at pt_event_stop's STOPPED check without ending; start then configures the trace with interrupts == MAX and the tick's start(0) begins a second transaction (R1, R2)",
  IOC_SEED:
    "§4.4: __perf_event_period(C) → perf_event_unthrottle_group(C, true) → start(L, 0) → the seed WARN in IPI context (R1, R2)",
  IOC_WRAP:
    "mainline.ts ioc-period finding (audit D1 + X2): a throttle NMI inside __perf_event_period re-enables PMCR.E, the restarted C overflows again in the same tick window, interrupts wraps MAX → 0 and `if (interrupts == MAX) perf_event_unthrottle_group()` is skipped: C counts while L is throttled (R3, R6) — counters only, so every patch, fix C included",
  "IOC_WRAP+F3A":
    "IOC_WRAP, and the F3 route (a) drop (see both)",
  RETHROTTLE:
    "E5-like (audit X8): a second throttle of the already-throttled group inside the ioctl finds the ETM handle open with event_data NULL (etm-tracking-stop)",
  B1_DOUBLE_END:
    "model finding (fix B1 on arm_spe): B1's stop(0) from the throttle NMI ends the transaction while a stop(UPDATE) or the PMBIRQ handler is ending it (arm_spe_pmu_stop sets STOPPED only at its end), so arm_spe_perf_aux_output_end runs with no transaction: NULL buf dereference / double release (aux-double-end); PT sets STOPPED before its end and ETM has its tracking check",
  B1_PMBIRQ_RACE:
    "model finding (fix B1 on arm_spe): candidate B's `!(hw.state & STOPPED)` test in the PMBIRQ handler is not enough: an NMI throttle between the test and perf_aux_output_begin's handle store finds no transaction to end, the re-opened transaction stays open on the throttled event and the tick's start(0) WARNs (R1, R2)",
  R7:
    "R7 (derived, invariants/kernel/R7-every-aux-pmu.ts): one of R1, R2, R3-aux, R4, R5, R6-aux on arm_spe, a PMU without PERF_PMU_CAP_AUX_PAUSE",
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
  E5_I:
    "E5 route (i) (audit X8, D1, X2, 4c): after a tick (new window), two counters overflow and one arm64 PMU interrupt handles both: the first throttles the group (stop(L, 0) clears event_data, keeps the transaction); the handler still processes the second, stopped counter (no hw.state test), whose account sets interrupts = 1 ≥ max_samples_per_tick = 1 and throttles again: stop(L, 0) finds handle->event set and event_data NULL → WARN_ON(perf_get_aux(handle) != ctxt->event_data) (etm-tracking-stop). One interrupt pass: NMI and IRQ alike.",
  E5_I_X86:
    "audit 4c: \"x86 skips them, because it checks active_mask\" — intel_pmu_handle_irq/handle_pmi_common skip the counter the throttle stopped earlier in the pass, so E5 route (i) does not exist with the x86 handler; only the seed WARN remains.",
  E5_II:
    "E5 route (ii) (audit X8, D1): the freq-mode counter F throttles the group, then __perf_event_account_interrupt's perf_adjust_period(F, .., disable = true) finds period_left > 8*sample_period and does stop(F, UPDATE) + start(F, RELOAD): F counts with interrupts == MAX (R3 at quiescence, R6 at once — D1: \"keeps counting while interrupts == MAX. That violates R3 for that counter\"); its next overflows wrap MAX → 0 → 1 (X2) and re-throttle the group: stop(L, 0) → etm-tracking-stop. Inside interrupt passes only: NMI and IRQ alike.",
  E5_LEO:
    "audit X8: \"Leo Yan's patch makes the second throttle a no-op (already paused)\": the re-throttle's perf_event_aux_pause(L, true) finds aux_paused = 1; no tracking WARN. The tick's unthrottle resumes through aux_pause: no second transaction (no R1).",
  E5_II_LEO:
    "with leo-yan-v1 route (ii)'s second throttle is a no-op (X8), but F itself still counts with interrupts == MAX after perf_adjust_period restarted it (audit D1: R3 for that counter; R6) — the patch does not touch counters",
  F3_B:
    "F3 route (b) (audit X5): the software sibling S's aux_resume runs in perf_swevent_event with IRQs off and takes rb->aux_in_pause_resume; a hardware sibling's PMU NMI throttles the group; under leo-yan-v1 the throttle is perf_event_aux_pause(L, true), which finds the guard held and breaks out (throttle-guard-drop): L keeps tracing with interrupts == MAX (R6 at once, R3 at quiescence). On mainline the throttle is stop(L, 0), which takes no guard: clean.",
  F3_A_IRQ:
    "audit X9: route (a) needs the PMU interrupt inside __perf_event_period (an IPI, IRQs off) to re-enable the PMU and re-throttle while L's resume holds the guard; an ordinary IRQ cannot land there: clean",
  SPE_IRQ:
    "audit D4 / X4 and F5 (§4.5): SPE's throttle stop(0) keeps the transaction; the tick's start(0) WARNs (R1, R2; R7: a PMU without AUX_PAUSE); the PMBIRQ outcomes (TRUNCATED → synchronous irq_work_run → group OFF; FATAL; OK re-begin, with or without space) need no NMI: the same set as on the NMI platform (scenarios/runs/patch-matrix.ts cell-aux-irq-throttled-none-arm_spe)",
  F3_IRQ:
    "audit X9: \"F3 ... vanish[es]\" on the ordinary-IRQ platform: the PMU interrupt cannot land inside perf_swevent_event's guard(irqsave) / perf_event_aux_pause's irqsave section",
  E2_FILTER_WINDOW:
    "E2 (audit X6): the address-filter restart (perf_event_stop(L, 1) → __perf_event_stop: stop(L, UPDATE) + start(L, 0), no perf_pmu_disable) runs while P and R count; an R resume lands in etm_event_start after the source was enabled paused and before `ctxt->event_data = event_data` (stored last, §3.1): etm_event_resume is a no-op, L stays paused though the user resumed it (R5). (The pause side is R4's documented lossy window, excluded from R4.) No throttle in this scenario (max_samples_per_tick = 3, two overflows).",
  E2_IRQ:
    "audit X6/X9: the restart runs as an IPI with IRQs off; an ordinary-IRQ PMU interrupt cannot land in the start window: clean",
  E3:
    "E3 (audit X7, all three conditions): after a throttle, a switch-out and a switch-in (event_sched_in unthrottles without a start of its own), an overflow latched before the tick's perf_pmu_disable is taken as an NMI mid-tick; its armv8pmu_start re-enables PMCR.E (D1), the counter the loop just restarted overflows again and re-throttles the group, and the loop then restarts the remaining counter with interrupts = 0 while L and the first counter are MAX (R3)",
  E3_IRQ:
    "audit X7/X9: E3 needs an NMI platform; on the IRQ platform the latched overflow waits for the tick to finish: no R3/R6 (only §4.1's R1, R2, etm-tracking-stop)",
  E3_X86:
    "audit D1 vs the x86 code: intel_pmu_handle_irq restores the global enable only \"when it's active\" (cpuc->enabled, cleared by x86_pmu_disable), and x86_pmu_handle_irq never touches it: an NMI inside the tick's perf_pmu_disable does not re-enable the PMU, so no counter can overflow mid-loop: E3's R3 does not appear with the x86 handler (the STOP_RACE R6 of the switch-out remains, it needs no re-enable)",
  D64:
    "audit D6.4 (ETM A pause re-begin failure) and X10 (pending_disable): after the trace filled the AUX buffer, a P pause's ETR update flags TRUNCATED (tmc_update_etr_buffer) and its re-begin takes the zero-space branch: pending_disable queued, handle.event = NULL, event_data kept; an R resume then re-enables the source with no open handle, and the next P pause reaches WARN_ON_ONCE(handle->event != event) in etm_event_pause (etm-misc-warn) before the irq_work takes the group OFF. Between interrupt passes: both platforms.",
  D64_RACE:
    "STOP_RACE through the pending disable (model finding): a throttle NMI lands inside the irq_work's group_sched_out → etm_event_stop(UPDATE) after event_data = NULL; the throttle's stop(L, 0) hits WARN_ON(!event_data) and returns while the source runs (R6). NMI platform only.",
  IOC_L:
    "audit D6.5: PERF_EVENT_IOC_PERIOD on the throttled AUX leader: __perf_event_period(L) → stop(L, UPDATE) finds the open transaction and event_data NULL (etm-tracking-stop) → start(L, RELOAD) → begin WARN (R1) and orphan (R2); unthrottle_group(L, true) restarts the siblings",
  IOC_L_E2:
    "model finding (E2-class, beyond audit X6): __perf_event_period does perf_pmu_disable(event->pmu), which for L is the ETM PMU's no-op, so the counters keep running while start(L, RELOAD) is in its window (event_data stored last): an R resume NMI there is lost (R5). NMI platform only (the ioctl runs as an IPI).",
  CLOSE:
    "audit D6.6 / X10: close() of L → __perf_remove_from_context → __event_disable(L, DEAD) → event_sched_out → etm_event_stop(UPDATE); after a throttle that stop hits the tracking WARN and returns with the transaction open, so the DEAD L still owns it (R2, etm-tracking-stop, as §4.1); perf_put_aux_event then puts P and R into ERROR",
  LIMIT:
    "audit claim 4 / X10: PERF_EVENT_IOC_REFRESH(S, 1) on the software sibling: S's overflow takes the event_limit branch — perf_event_disable_inatomic(S) + stop(S, 0); the irq_work (or the next sched-out) puts S, a sibling, OFF alone (__perf_event_disable: only a leader takes its group out). Nothing an invariant forbids; the run's R1/R2 are the seed WARN of C's throttle and the tick.",
  FREQ_LEADER:
    "audit D1 (\"keeps counting while interrupts == MAX. That violates R3 for that counter\"): a lone freq-mode counter throttles itself and perf_adjust_period(.., disable = true) restarts it inside the same interrupt (R6 at once, R3 at quiescence); the tick (ctx->nr_freq > 0, so it walks even without a throttle) unthrottles it with skip_start_event = true and re-adjusts it with stop(UPDATE) + start(RELOAD) (§2.4). Every platform: it all happens inside one interrupt pass.",
  X2_WRAP:
    "audit X2 (same tick window) + §4.4: R's overflow throttles the group and, in the same arm64 pass, P's latched overflow wraps MAX → 0; __perf_event_period(P) then restarts P and skips `if (interrupts == MAX) perf_event_unthrottle_group()`: P counts while L and R are throttled (R3, R6). This needs no interrupt inside the ioctl, so it stays on the IRQ platform (mainline.ts's NMI-inside-the-ioctl route is the NMI platform's second route).",
  LEAK_ETM_X:
    "§4.1 across CPUs: after a throttle on CPU A, the switch-out's etm_event_stop(UPDATE) on A hits the tracking WARN (event_data NULL, handle open) and returns with A's handle holding L's transaction (R2: the owner is INACTIVE, then ACTIVE on the other CPU — R2(b) per CPU); the switch-in on B (or A) opens a second transaction on the same rb: WARN_ON_ONCE(nest), rb->aux_nest being per rb (R1)",
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

  FIXA_IOC_L:
    "model finding (fix A): PERF_EVENT_IOC_PERIOD on the throttled AUX leader — __perf_event_period(L) restarts L with start(L, PERF_EF_RELOAD) while hw.aux_paused still holds THROTTLE (the driver starts it paused), then perf_event_unthrottle_group(L, true) calls perf_event_unthrottle(L, false), which under fix A only clears the THROTTLE bit (it counts on a later add(START) reading the mask, as in event_sched_in): L stays paused with interrupts = 0 and a transaction open (R5). No interrupt inside the ioctl needed: both platforms",
  IOC_L_STUCK:
    "errata X15 for the AUX leader (model finding): __perf_event_period(L)'s perf_pmu_disable(L's PMU) leaves the core PMU running (IOC_L_E2); a throttle NMI after its start(L, PERF_EF_RELOAD) stops L (stop(L, 0) / the patch's pause), and the ioctl's `if (interrupts == MAX_INTERRUPTS) perf_event_unthrottle_group(event, true)` unthrottles L without a start (skip_start_event): L is ACTIVE, interrupts = 0, its transaction open and the trace stopped (R5). NMI platforms",
  USER_GUARD_DROP:
    "§2.8 / §5 F3 (model finding for the user side): perf_event_aux_pause()'s recursion guard (rb->aux_in_pause_resume) also drops a USER aux-action: while the unthrottle's perf_event_aux_pause(L, false) holds it (the tick, or __perf_event_period restarting the group), an NMI's P pause / R resume finds it held and returns — the user's intent is lost (user-pause-dropped; L traces though P paused it: R4 when nothing else pauses it). leo-yan-v1; fix A records the intent in the mask and the guard holder re-applies it",
  F3_TICK:
    "F3 through the tick (errata X11; NOTE.md: a budget matter, not unreachability): the second tick's perf_event_unthrottle_group(L) resumes L through perf_event_aux_pause(L, false) and holds rb->aux_in_pause_resume; R's overflow, latched before the task context's perf_pmu_disable, is taken as an NMI inside that resume and re-throttles the group (max_samples_per_tick = 1: one overflow throttles): its perf_event_aux_pause(L, true) finds the guard held and breaks out (throttle-guard-drop), R's own resume is dropped too (user-pause-dropped); the loop then unthrottles P and R but not L (it was handled before the NMI): L traces with interrupts == MAX until the next tick. Needs ticks = 2, overflows = 4, max_samples_per_tick = 1",
  B2_MIGRATE:
    "model finding (fix B2 on two CPUs): B2's throttle stop(L, 0) keeps the transaction on CPU A's handle for start(0) to reuse; a throttle NMI inside the switch-out's event_sched_out makes the stop(UPDATE) that follows return at the STOPPED check, so the transaction stays on A; the task's switch-in on CPU B finds B's handle empty and begins a second transaction on the shared rb: WARN_ON_ONCE(nest) (R1). On one CPU the same leak is R2 only (the add on A reuses nothing: f1-sched-in-leak)",
  X86_NO_REENABLE:
    "audit D1 against the x86 code: intel_pmu_handle_irq restores the global enable only when the PMU was enabled (cpuc->enabled, cleared by x86_pmu_disable), so an NMI inside __perf_event_period's perf_pmu_disable section does not restart the counters: the second overflow inside the ioctl that IOC_WRAP, F3 route (a), UNTHROTTLE_WINDOW and IOC_STUCK need does not happen on x86 (intel_pt); only the ioctl's own unthrottle (IOC_SEED on mainline) remains",
  REVERT:
    "the revert of 9734e25fbf5a (kernel-semantics.md §2.1, §2.3): no group throttle — only the overflowing counter is marked MAX and the other members, the AUX leader included, keep counting / tracing (R3, R3-aux, R6, R6-aux; R7 on arm_spe); on v7.1-rc1 not even the overflowing counter stops, since the PMU handlers no longer stop it when perf_event_overflow() returns 1 (audit D1/X1)",
  E3_ORPHAN:
    "armpmu_start's window inside E3 (drivers/perf/arm_pmu.c armpmu_start: hwc->state = 0; armpmu_event_set_period(); armpmu->enable()): the mid-loop re-throttle NMI lands after the loop's armpmu_start(C2) wrote hwc->state = 0 and before the enable; its throttle marks C2 STOPPED|UPTODATE without disabling anything, then the enable turns C2 on: a counter counting for an event its driver believes stopped (counter-orphan). NMI platform, arm64 handler (the re-enable is E3's)",
  X86_STOP_RACE:
    "arch/x86/events/core.c x86_pmu_stop(): C2's overflow latched before the switch-out's perf_ctx_disable is taken inside the switch-out's x86_pmu_stop(C), after its disable and before __clear_bit(idx, active_mask): the handler still sees C2 (and C) active, C2 throttles the group, the nested x86_pmu_stop(C) clears the bit and sets STOPPED, and the interrupted stop then reaches WARN_ON_ONCE(hwc->state & PERF_HES_STOPPED) (x86-stop-warn). NMI platform (x86 is always one)",
  X86_E5_II:
    "E5 route (ii) with x86 counters and Intel PT (audit X8, D1): the freq-mode counter throttles the group and perf_adjust_period restarts it (R3, R6, as on arm64); its next overflows re-throttle the group, but pt_event_stop(L, 0) returns at the STOPPED check: no WARN (the ETM's tracking WARN is ETM's)",
  X86_FREQ_LEADER: "as FREQ_LEADER with x86 counters and Intel PT: the tick's freq re-adjustment is stop(UPDATE) + start(RELOAD), so x86_pmu_start finds STOPPED and does not WARN",
  IOC_ORPHAN:
    "armpmu_start's window inside the IPI (mainline.ts ARMPMU_START_WINDOW): R's overflow latched before __perf_event_period's perf_pmu_disable is taken inside armpmu_start(P, RELOAD) after `hwc->state = 0`; its throttle marks P STOPPED and the start enables P anyway (counter-orphan), as on one CPU (kernel-ioc-period-throttled)",
  FREQ_RESTART:
    "audit D1: C's overflow throttles the group, then __perf_event_account_interrupt's perf_adjust_period(C, .., disable = true) finds period_left > 8*sample_period and does stop(C, UPDATE) + start(C, RELOAD): C counts with interrupts == MAX (R6 at once, R3 at quiescence); the PMI handlers no longer stop it (X1). The patches touch only the AUX member, so every patch keeps it",
  X86_START:
    "arch/x86/events/core.c x86_pmu_start(): `if (WARN_ON_ONCE(!(event->hw.state & PERF_HES_STOPPED))) return;` — the tick (ctx->nr_freq > 0, or a throttle since the last tick) walks L's group: L's interrupts == MAX → perf_event_unthrottle_group(L, false) → perf_event_unthrottle(C, true) → start(C, 0) of the counter perf_adjust_period restarted (hw.state 0): WARN, and the start returns. Every patch: they change only the AUX member's throttle/unthrottle (core-pmu.ts)",
  ARM_SILENT:
    "drivers/perf/arm_pmu.c armpmu_start() has no STOPPED check: the same start(C, 0) rewrites hw.state = 0 and re-enables the running counter silently (no WARN); only the restarted counter's R3/R6 remain",
  PT_RESUME_WINDOW:
    "Intel PT's resume window (arch/x86/events/intel/pt.c pt_event_start, PERF_EF_RESUME): S's resume runs in task context with IRQs off; C overflows and its NMI lands after the second READ_ONCE(pt->resume_allowed) and before pt_config_start; the throttle's pt_event_stop(L, 0) clears resume_allowed and, since pt_config left RTIT_CTL_TRACEEN in event->hw.aux_config, writes RTIT_CTL off; back in the resume, pt_config_start reads aux_paused == 0 and sets TraceEn: L traces while its group is throttled (R6-aux at once, R3-aux at quiescence). Fixes B1/B2 do not touch the resume branch, so they keep it",
  ETM_RESUME_OK:
    "the ETM's resume is robust here: a throttle NMI inside etm_event_start(RESUME) clears ctxt->event_data and disables the source (etm_event_stop), so the interrupted etm_event_resume either returns on !event_data or resumes a source no longer in perf mode: nothing traces",
  GUARD_DROP:
    "F3 route (b) (audit X5): under leo-yan-v1 the throttle is perf_event_aux_pause(L, true), which finds rb->aux_in_pause_resume held by S's resume and breaks out (throttle-guard-drop): L keeps tracing with interrupts == MAX (R6-aux at once, R3-aux at quiescence)",
  FIX_A_DEFER:
    "fix A by design: the NMI's throttle records THROTTLE in the aux_paused mask while S's resume holds the guard, and the guard holder re-applies the mask only after its callback returns; between the NMI's return and that re-apply L traces with interrupts == MAX (R6); at quiescence it is paused (no R3)",
  NO_GUARD: "mainline and fixes B1/B2/C throttle with stop(L, 0), which takes no guard; with the leader not paused the resume has nothing to start: clean",
  X86_START_WINDOW:
    "x86_pmu_start's window (arch/x86/events/core.c: `hwc->state = 0; cpuc->events[idx] = event; __set_bit(idx, cpuc->active_mask); static_call(x86_pmu_enable)(event);`): R's overflow latched before __perf_event_period's perf_pmu_disable is taken as an NMI after the active_mask bit is set and before the EVENTSEL write; the throttle's x86_pmu_stop(P, 0) finds P active, disables a counter not yet enabled, clears the bit and sets STOPPED; the interrupted start then enables P's counter, which counts (GLOBAL_CTRL is restored for every counter by the outermost perf_pmu_enable) for an event its driver believes stopped (counter-orphan) — arm64's ARMPMU_START_WINDOW on x86",
  REVERT_X86_START:
    "REVERT on x86: the throttle marks the lone overflowing counter MAX but nothing stops it (the handlers no longer do); the tick's unthrottle then calls x86_pmu_start(C, 0) on a counter whose hw.state is 0: WARN_ON_ONCE(!(hwc->state & PERF_HES_STOPPED)) (x86-start-warn)",
};

/** The texts of some tags, joined for a run's `source`. Throws on an unknown tag. */
export function mechanismText(tags: readonly string[]): string {
  return tags
    .map((t) => {
      const m = MECHANISMS[t];
      if (m === undefined) throw new Error(`unknown mechanism ${t}`);
      return m;
    })
    .join(" | ");
}
