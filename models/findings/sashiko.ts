/**
 * The review findings on Leo Yan's "perf/core: Use AUX pause/resume for throttling": sashiko-bot's
 * five (F1–F5, quoted from ../shared/seeds/leo-yan-aux-throttle-patch-and-review.txt), and the
 * reference's additional ones (E1–E5, kernel-semantics.md §5 and the audit's X8). This is what the
 * reports say about each claim; the verdicts come from the checker's runs, compared with the
 * reference verdict recorded here (data, not what the code returns).
 */

export interface Finding {
  readonly id: string;
  readonly title: string;
  /** The reviewer's words (sashiko) or the reference's summary (E-findings). */
  readonly claim: string;
  readonly source: "sashiko-bot" | "kernel-semantics.md" | "kernel-semantics-audit.md";
  /** The reference's verdict, with the audit's correction where it made one. */
  readonly referenceVerdict: string;
  readonly preconditions: readonly string[];
  readonly references: readonly string[];
  /** The properties whose violation is the claim (e.g. F1: R5). */
  readonly properties: readonly string[];
  /** The reference's outcome: the claim holds (a violation exists) or is refuted (none, after a complete search). */
  readonly expected: "confirmed" | "refuted";
  /** Standard runs (ids) that test the claim. */
  readonly runs: readonly string[];
  /** Where the model and the reference disagreed, which one the kernel code supports, and why. */
  readonly disagreement?: string;
  /** The kernel lines the verdict rests on: file, function, the tree read, and the line(s) quoted. */
  readonly kernelLines: readonly string[];
}

const LY_CORE = "kernel/events/core.c ([LY-core] Leo-Yan/linux @01b0793e, the patch applied)";
const LY_RB = "kernel/events/ring_buffer.c ([LY-rb])";
const ETM = "drivers/hwtracing/coresight/coresight-etm-perf.c (mainline, gregkh/linux @faa8f38f)";

export const FINDINGS: readonly Finding[] = [
  {
    id: "F1",
    title: "hw.aux_paused leaked when the event is unthrottled at sched-in",
    claim:
      "If a task is scheduled out, the throttled event is stopped. When scheduled back in, event_sched_in() detects the throttle state and calls perf_event_unthrottle(event, false). Because start is false, the call to perf_event_aux_pause(event, false) is skipped, meaning event->hw.aux_paused is never cleared.",
    source: "sashiko-bot",
    referenceVerdict: "REAL (§5 F1; audit agrees)",
    preconditions: [
      "an AUX_PAUSE PMU (cs_etm, intel_pt) leads the group",
      "the group throttles",
      "a sched-out before the next tick that would unthrottle (per-task event, or rotation/IOC_DISABLE/ctx_resched for per-CPU)",
    ],
    references: ["kernel-semantics.md §2.3, §2.5, §5 F1", "kernel/events/core.c event_sched_in(), perf_event_unthrottle()"],
    properties: ["R5"],
    expected: "confirmed",
    runs: ["cell-f1-sched-in-leak-leo-yan-v1-cs_etm", "cell-f1-sched-in-leak-leo-yan-v1-intel_pt"],
    kernelLines: [
      `${LY_CORE} event_sched_in(): "if (event->hw.interrupts == MAX_INTERRUPTS) perf_event_unthrottle(event, false);" before pmu->add(event, PERF_EF_START)`,
      `${LY_CORE} perf_event_unthrottle(event, start) (the patch): "if (start) { if (event->pmu->capabilities & PERF_PMU_CAP_AUX_PAUSE) perf_event_aux_pause(event, false); else event->pmu->start(event, 0); }" — with start = false hw.aux_paused stays 1`,
      `${ETM} etm_event_start(): the source is enabled paused while hw.aux_paused is set (intel_pt: pt_event_start leaves TraceEn clear)`,
    ],
  },
  {
    id: "F2",
    title: "unthrottle overrides a user pause",
    claim:
      "If a user or BPF program explicitly pauses an AUX event (e.g., via aux-action=pause), event->hw.aux_paused is set to 1. If a sibling event overflows, the kernel throttles the group. When the group is subsequently unthrottled, this calls perf_event_aux_pause(event, false) which clears hw.aux_paused and resumes the PMU.",
    source: "sashiko-bot",
    referenceVerdict: "REAL (§5 F2; audit agrees)",
    preconditions: ["AUX_PAUSE leader paused by the user (aux-action=start-paused, or the last pause overflow)", "the group throttles while paused, then the tick (or IOC_PERIOD) unthrottles it"],
    references: ["kernel-semantics.md §2.8, §5 F2"],
    properties: ["R4"],
    expected: "confirmed",
    runs: ["cell-f2-user-pause-override-leo-yan-v1-cs_etm", "cell-f2-user-pause-override-leo-yan-v1-intel_pt"],
    kernelLines: [
      `${LY_CORE} perf_event_unthrottle(event, true) → perf_event_aux_pause(event, false): clears hw.aux_paused whatever set it, the user pause (aux_pause, aux_start_paused) included`,
      `${LY_CORE} perf_adjust_freq_unthr_events() (the tick): "if (hwc->interrupts == MAX_INTERRUPTS) perf_event_unthrottle_group(event, is_event_in_freq_mode(event));"`,
    ],
  },
  {
    id: "F3",
    title: "an NMI throttle dropped by the pause/resume recursion guard",
    claim:
      "If an event group is unthrottled in timer context (e.g., sched_tick()) and is executing perf_event_aux_pause(), an NMI from a sibling event overflow can interrupt it. [...] Since this breaks out early without pausing the hardware, and the fallback to pmu->stop() was removed here, does the hardware event continue running despite hw.interrupts == MAX_INTERRUPTS?",
    source: "sashiko-bot",
    referenceVerdict:
      "real mechanism, overstated impact (§5 F3). Audit X5: route (a), the tick's unthrottle, is unreachable as written (siblings stopped, PMU disabled); the realistic route is (b), a software sibling holding the guard when a hardware sibling's NMI throttles. Vanishes where the PMU interrupt is an ordinary IRQ (X9).",
    preconditions: ["PMU interrupt is an NMI (x86; arm64 with GICv3 pseudo-NMI)", "a software/tracepoint sibling with an aux action holds rb->aux_in_pause_resume", "a hardware sibling's overflow throttles the group"],
    references: ["kernel-semantics.md §2.8, §5 F3", "kernel-semantics-audit.md 10 (F3), X5, X9"],
    properties: ["throttle-guard-drop"],
    expected: "confirmed",
    // route (b), a software sibling holding the guard, on both platforms (scenarios/runs/pmu-interrupt-platforms.ts); route (a)
    // through IOC_PERIOD on arm64 pNMI and on x86 (intel_pt); the tick route with its budget
    runs: ["platform-f3-b-leo-nmi", "platform-f3-b-leo-irq", "platform-f3-a-leo-irq", "cell-f3-guard-ioc-leo-yan-v1-cs_etm", "cell-f3-guard-ioc-leo-yan-v1-intel_pt", "cell-switch-before-tick-leo-yan-v1-cs_etm-tick-route"],
    disagreement:
      "Route (b) is confirmed as the audit says, and only where the PMU interrupt is an NMI. Route (a), which the audit calls unreachable, is reachable through PERF_EVENT_IOC_PERIOD rather than the tick: __perf_event_period() restarts the target counter (start(RELOAD)) before perf_event_unthrottle_group(), and an NMI latched before the ioctl's perf_pmu_disable re-enables PMCR.E on exit (audit D1). The counter then overflows twice while the leader's resume holds rb->aux_in_pause_resume, and the re-throttle's pause is dropped (throttle-guard-drop in cell-f3-guard-ioc-leo-yan-v1-cs_etm). It needs arm64 with a pseudo-NMI and max_samples_per_tick = 1: reachable, improbable. On x86 (intel_pt) route (a) does not exist: intel_pmu_handle_irq re-enables the PMU only if it was enabled, so no second overflow happens inside the ioctl (cell-f3-guard-ioc-leo-yan-v1-intel_pt, pmu_irq_handler=x86: clean). Through the tick the audit is wrong too, but only with more budget than the standard tick scenarios have: two ticks, four overflows, max_samples_per_tick = 1 (cell-switch-before-tick-leo-yan-v1-cs_etm-tick-route, depth 293): R's overflow, latched before the task context's perf_pmu_disable, is taken inside the tick's perf_event_aux_pause(L, false), re-throttles the group, and its pause is dropped (R's own resume too: user-pause-dropped); the loop then unthrottles P and R but not L, which traces with interrupts == MAX until the next tick.",
    kernelLines: [
      `${LY_CORE} perf_event_aux_pause(): "if (READ_ONCE(rb->aux_in_pause_resume)) break; WRITE_ONCE(rb->aux_in_pause_resume, 1); ... __perf_event_aux_pause(event, pause); ... WRITE_ONCE(rb->aux_in_pause_resume, 0);" — the NMI throttle pause breaks out while task, IPI or tick code holds it`,
      `${LY_CORE} __perf_event_period(): "perf_pmu_disable(event->pmu); ... event->pmu->stop(event, PERF_EF_UPDATE); ... event->pmu->start(event, PERF_EF_RELOAD); if (event->hw.interrupts == MAX_INTERRUPTS) perf_event_unthrottle_group(event, true);" — the counter restarts before the group unthrottle (route a)`,
      "drivers/perf/arm_pmuv3.c armv8pmu_handle_irq(): armv8pmu_start(cpu_pmu) at the end, unconditionally (audit D1: an NMI inside a perf_pmu_disable section re-enables PMCR_EL0.E); arch/x86/events/intel/core.c intel_pmu_handle_irq(): the global enable is restored only if (cpuc->enabled) — no route (a) on x86",
      "kernel/events/core.c perf_swevent_event() (route b): the software sibling aux action runs with IRQs off, NMIs on, holding the guard",
    ],
  },
  {
    id: "F4",
    title: "throttle does nothing without a mapped ring buffer",
    claim:
      "Furthermore, if an AUX event is active but has no mapped ring buffer (event->rb == NULL), perf_event_aux_pause() immediately returns early. Since the unconditional call to event->pmu->stop(event, 0) was removed, does this silently fail to stop the PMU if there's no mapped ring buffer?",
    source: "sashiko-bot",
    referenceVerdict: "NOT A BUG for current drivers: unreachable (§5 F4; audit agrees). Teardown stops the event before the rb is detached.",
    preconditions: [
      "an ACTIVE AUX_PAUSE event whose hardware runs while ring_buffer_get() returns NULL",
      "a per-task AUX event bound to a CPU whose rb belongs to another thread's event on that CPU (perf record -p of a multi-threaded process: each thread's event SET_OUTPUTs to the first one's)",
      "PERF_EVENT_IOC_SET_OUTPUT(L, -1) from another CPU while the task is switched in on its CPU (or restarts L itself: perf_addr_filters_adjust)",
    ],
    references: ["kernel-semantics.md §2.6, §2.9, §5 F4", "kernel/events/core.c ring_buffer_attach(), perf_mmap_close()"],
    // throttle-no-rb: the patch's throttle returns at `if (!rb)` while the AUX hardware traces (invariants/kernel/throttle-no-rb.ts)
    properties: ["throttle-no-rb"],
    expected: "refuted",
    runs: ["cell-f4-munmap-detach-leo-yan-v1-cs_etm", "cell-f4-munmap-detach-leo-yan-v1-intel_pt", "cell-f4-set-output-leo-yan-v1-cs_etm", "cell-f4-set-output-leo-yan-v1-intel_pt", "cell-f4-set-output-fix-a-cs_etm"],
    disagreement:
      "The munmap and detach paths hold, as the reference says (no throttle-no-rb in the f4-munmap-detach runs). PERF_EVENT_IOC_SET_OUTPUT does not, but only in the form the kernel allows (errata X13): not per CPU — perf record mmaps the first AUX event itself (mmap_count refuses its SET_OUTPUT) and cs_etm / intel_pt are exclusive PMUs, so no second AUX event of the CPU context owns the rb it could write to — and not with a file-based address-filter restart from another task (SET_FILTER holds the same ctx->mutex as SET_OUTPUT). It is reachable for a per-task event bound to a CPU that writes into another thread's rb (perf record -p of a multi-threaded process redirects every thread's event on a CPU into the first thread's): the tool's SET_OUTPUT(L, -1) on another CPU runs ring_buffer_attach(), whose list_del_rcu and perf_event_stop(L, 0) come before rcu_assign_pointer(L->rb, NULL) with IRQs on; T1's switch-in on L's CPU in between begins L on the OLD rb, whose aux_mmap_count is not 0, so the comment's protection does not apply. After the swap event->rb is NULL and Leo Yan's throttle (fix A's too) returns at `if (!rb)` with L tracing (f4-set-output, depth 57). 'Not a bug' is too strong; it needs a SET_OUTPUT(-1) of a running, redirected AUX event — a corner no perf tool issues today.",
    kernelLines: [
      `${LY_CORE} ring_buffer_attach(): "list_del_rcu(&event->rb_entry);" ... "if (has_aux(event)) perf_event_stop(event, 0);" then "rcu_assign_pointer(event->rb, rb);" — preemptible, IRQs on, between the stop and the swap`,
      `${LY_CORE} perf_event_set_output(event, NULL): "mutex_lock(&event->mmap_mutex); goto set;" ... "if (refcount_read(&event->mmap_count)) goto unlock;" — only an event without an mmap of its own; the earlier redirection: "if (output_event->cpu != event->cpu) goto out;", "if (output_event->cpu == -1 && output_event->hw.target != event->hw.target) goto out;", one PMU for two AUX events`,
      `${LY_CORE} exclusive_event_installable(): two events of an exclusive PMU (cs_etm, intel_pt) with matching cpu (or -1) refused in one context — the per-CPU form has no second AUX event to redirect to`,
      `${LY_RB} perf_aux_output_begin(): "rb = ring_buffer_get(output_event); if (!rb) return NULL;" ... "if (!refcount_read(&rb->aux_mmap_count)) goto err;" — a switch-in inside the window begins on the OLD rb, still mapped by its owner`,
      `${LY_CORE} perf_event_aux_pause() (the patch, from perf_event_throttle): "rb = ring_buffer_get(event); if (!rb) return;" — after the swap the throttle does nothing while L traces`,
    ],
  },
  {
    id: "F5",
    title: "AUX PMUs without PERF_PMU_CAP_AUX_PAUSE stay broken",
    claim:
      "This isn't a bug introduced by this patch, but doesn't restricting this fix to PMUs with PERF_PMU_CAP_AUX_PAUSE leave other AUX PMUs broken? They still fall back to the original event->pmu->stop(event, 0) logic and will suffer from the exact same unmatched perf_aux_output_begin() cycle and subsequent kernel warning when unthrottled.",
    source: "sashiko-bot",
    referenceVerdict: "REAL, pre-existing since 9734e25fbf5a (§5 F5; audit agrees, adds the SPE sched-out-after-throttle variant D4)",
    preconditions: ["Arm SPE (no AUX_PAUSE) leads a group with a fast sampling sibling", "the group throttles, then the tick unthrottles it"],
    references: ["kernel-semantics.md §3.3, §4.5, §5 F5", "kernel-semantics-audit.md D4"],
    properties: ["R1", "R7"],
    expected: "confirmed",
    runs: ["cell-f5-throttle-tick-leo-yan-v1-arm_spe", "cell-aux-irq-throttled-leo-yan-v1-arm_spe", "cell-f1-sched-in-leak-leo-yan-v1-arm_spe"],
    kernelLines: [
      `${LY_CORE} perf_event_throttle() (the patch): "if (event->pmu->capabilities & PERF_PMU_CAP_AUX_PAUSE) perf_event_aux_pause(event, true); else event->pmu->stop(event, 0);" — arm_spe keeps stop(0)/start(0)`,
      "drivers/perf/arm_spe_pmu.c arm_spe_pmu_stop(event, 0): no arm_spe_perf_aux_output_end() without PERF_EF_UPDATE — the transaction stays open; arm_spe_pmu_start() → arm_spe_perf_aux_output_begin() → perf_aux_output_begin()",
      `${LY_RB} perf_aux_output_begin(): "if (WARN_ON_ONCE(nest)) goto err_put;"`,
    ],
  },
  {
    id: "E1",
    title: "the same NMI's aux_resume undoes the throttle pause (patch only)",
    claim: "In __perf_event_overflow, aux_resume runs at out: after __perf_event_account_interrupt has throttled the group, so a resume overflow that crosses the threshold pauses L (throttle) and immediately resumes it.",
    source: "kernel-semantics.md",
    referenceVerdict: "REAL, introduced by the patch (§5 F2/E1; audit: wider than stated — a different member latched in the same arm64 interrupt also resumes)",
    preconditions: ["leo-yan-v1 applied", "an aux-action=resume sibling whose overflow throttles the group"],
    references: ["kernel-semantics.md §2.2, §5 E1"],
    properties: ["R3-aux", "R6-aux"],
    expected: "confirmed",
    runs: ["cell-seed-coresight-warn-leo-yan-v1-cs_etm", "cell-seed-coresight-warn-leo-yan-v1-intel_pt"],
    kernelLines: [
      `${LY_CORE} __perf_event_overflow(): "ret = __perf_event_account_interrupt(event, throttle);" (may throttle the group: perf_event_aux_pause(L, true)) ... "out: if (event->attr.aux_resume) perf_event_aux_pause(event->aux_event, false);" — the resume runs after the throttle`,
    ],
  },
  {
    id: "E2",
    title: "a pause lost in the driver's start window",
    claim: "An NMI stop(PAUSE) inside etm_event_start after the source is enabled but before ctxt.event_data is stored (PT: before pause_allowed = 1) is dropped, leaving aux_paused = 1 while tracing.",
    source: "kernel-semantics.md",
    referenceVerdict: "pre-existing; audit X6: the route is the address-filter restart perf_event_stop(L, 1), not the tick; needs an NMI PMU interrupt",
    preconditions: ["PMU interrupt is an NMI", "address-filter restart while siblings count"],
    references: ["kernel-semantics.md §3.1, §3.4, §5 E2", "kernel-semantics-audit.md X6"],
    // R5, not R4 — R4 excludes exactly E2's lossy pause window ("modulo documented lossy NMI windows
    // (E2)", §6 R4; invariants/kernel/R4-user-pause-respected.ts); the window shows as the lost RESUME (R5).
    properties: ["R5"],
    expected: "confirmed",
    runs: ["platform-e2-nmi", "platform-e2-irq"],
    kernelLines: [
      `${ETM} etm_event_start(): the source is enabled (paused) before "ctxt->event_data = event_data;", stored last; etm_event_resume() / etm_event_pause() return while ctxt->event_data is NULL`,
      "arch/x86/events/intel/pt.c pt_event_start(): WRITE_ONCE(pt->resume_allowed, 1) before the start, pause_allowed last — the resume is not lost on PT",
      `${LY_CORE} __perf_event_stop(restart = 1): "event->pmu->stop(event, PERF_EF_UPDATE); ... if (sd->restart) event->pmu->start(event, 0);" — no perf_pmu_disable around them`,
    ],
  },
  {
    id: "E3",
    title: "an NMI inside the tick's unthrottle loop re-throttles mid-loop",
    claim: "The tick's perf_event_unthrottle_group loop can be interrupted by a PMU NMI that re-throttles the group; the loop then restarts the remaining siblings with interrupts = 0.",
    source: "kernel-semantics.md",
    referenceVerdict: "pre-existing, conditional (audit X7): an NMI latched before perf_pmu_disable, the arm64 handler re-enabling the PMU mid-loop, max_samples_per_tick == 1, NMI platform",
    preconditions: ["PMU interrupt is an NMI", "max_samples_per_tick = 1", "an overflow latched before the tick's perf_pmu_disable"],
    references: ["kernel-semantics.md §2.4, §5 E3", "kernel-semantics-audit.md X7, D1"],
    properties: ["R3", "R6"],
    expected: "confirmed",
    runs: ["kernel-switch-before-tick-mstp1", "platform-e3-nmi", "platform-e3-irq"],
    kernelLines: [
      `${LY_CORE} perf_adjust_freq_unthr_context(): perf_pmu_disable(ctx->pmu) around the loop; perf_event_unthrottle_group() restarts the members one by one`,
      "drivers/perf/arm_pmuv3.c armv8pmu_handle_irq(): armv8pmu_start() re-enables PMCR_EL0.E inside the tick disabled section (audit D1)",
    ],
  },
  {
    id: "E4",
    title: "the orphaned transaction surfaces again at munmap",
    claim: "After the seed WARN, aux_nest stays 1 and one aux_refcount is leaked; perf_mmap_close's WARN_ON_ONCE(refcount_read(&rb->aux_refcount)) fires and the AUX pages leak.",
    source: "kernel-semantics.md",
    referenceVerdict: "REAL, mainline (§4 step 6, §5 E4; audit agrees)",
    preconditions: ["the seed WARN happened", "perf unmaps the AUX area"],
    references: ["kernel-semantics.md §2.9, §4 step 6, §5 E4"],
    properties: ["munmap-warn"],
    expected: "confirmed",
    runs: ["kernel-munmap-orphan"],
    kernelLines: [
      `${LY_CORE} perf_mmap_close(): "rb_free_aux(rb); WARN_ON_ONCE(refcount_read(&rb->aux_refcount));"`,
      `${LY_RB} perf_aux_output_begin(): the failed begin (WARN_ON_ONCE(nest)) clears handle->event of the still open transaction: aux_nest stays 1 and its aux_refcount is never dropped`,
    ],
  },
  {
    id: "E5",
    title: "a second throttle of a throttled group hits the ETM tracking WARN",
    claim:
      "Two members overflowing in one arm64 PMU interrupt with max_samples_per_tick == 1, or a restarted freq-mode sibling that keeps overflowing, re-throttle the group: stop(L, 0) finds handle->event set but ctxt->event_data NULL and fires WARN_ON(perf_get_aux(handle) != ctxt->event_data) in etm_event_stop.",
    source: "kernel-semantics-audit.md",
    referenceVerdict: "REAL, mainline (audit X8, code-derived); Leo Yan's patch makes the second throttle a no-op",
    preconditions: ["cs_etm leader (variant A)", "route (i): the arm64 PMU interrupt handler (x86 skips stopped counters) — either platform", "route (ii): a freq-mode sibling restarted by perf_adjust_period — any handler, either platform", "max_samples_per_tick = 1"],
    references: ["kernel-semantics-audit.md 10 (E5), X8, D1, D6.2"],
    properties: ["etm-tracking-stop"],
    expected: "confirmed",
    runs: ["kernel-seed-coresight-warn-mstp1", "platform-e5-i-nmi", "platform-e5-i-irq", "platform-e5-ii-nmi", "platform-e5-ii-irq"],
    kernelLines: [
      `${ETM} etm_event_stop(): "if (handle->event && WARN_ON(perf_get_aux(handle) != ctxt->event_data)) return;" after the first throttle set ctxt->event_data = NULL with the handle still open`,
      "drivers/perf/arm_pmuv3.c armv8pmu_handle_irq(): every latched counter is handled, stopped ones included (route i); arch/x86/events/intel/core.c handle_pmi_common() skips counters not in cpuc->active_mask",
      `${LY_CORE} __perf_event_account_interrupt() → perf_adjust_period(event, .., true): stop(UPDATE) + start(RELOAD) of a freq-mode sibling after the throttle (route ii)`,
    ],
  },
  {
    id: "X14",
    title: "after the SET_OUTPUT window the owner's munmap cannot stop the AUX event (mainline)",
    claim:
      "Output stop follows the event's current rb: perf_pmu_output_stop walks event->rb->event_list and __perf_event_output_stop checks rcu_dereference(parent->rb) == rb. After the X13 window the owner's munmap may reach WARN_ON_ONCE(refcount_read(&rb->aux_refcount)) in perf_mmap_close, and perf_aux_output_end → __rb_free_aux in atomic context — UNCONFIRMED whether reachable.",
    source: "kernel-semantics.md",
    referenceVerdict: "UNCONFIRMED (errata X14 asks whether it is reachable)",
    preconditions: [
      "the F4 (X13) window: L's transaction open on rb while L->rb is NULL and L is off rb->event_list",
      "the rb owner's munmap of the AUX area while L runs; then L's transaction ends in atomic context (its switch-out, a throttle's stop)",
    ],
    references: ["kernel-semantics.md errata X13, X14, §2.6, §2.9"],
    properties: ["munmap-warn", "rb-free-aux-atomic"],
    expected: "confirmed",
    runs: ["cell-f4-set-output-munmap-none-cs_etm"],
    disagreement:
      "The reference leaves it open; the model reaches both WARNs on mainline (no patch needed): munmap-warn at depth 71, rb-free-aux-atomic at depth 84 (the switch-out's perf_aux_output_end drops the last aux_refcount with IRQs off), in every column of the full matrix.",
    kernelLines: [
      `${LY_CORE} perf_pmu_output_stop(): "list_for_each_entry_rcu(iter, &event->rb->event_list, rb_entry) { ... cpu = iter->cpu; if (cpu == -1) cpu = READ_ONCE(iter->oncpu); ... err = cpu_function_call(cpu, __perf_pmu_output_stop, event); if (err == -EAGAIN) { rcu_read_unlock(); goto restart; } }" — L left the list in ring_buffer_attach`,
      `${LY_CORE} __perf_event_output_stop(): "if (rcu_dereference(parent->rb) == rb) ro->err = __perf_event_stop(&sd);" — L->rb is NULL: skipped`,
      `${LY_CORE} perf_mmap_close(): "perf_pmu_output_stop(event); ... rb_free_aux(rb); WARN_ON_ONCE(refcount_read(&rb->aux_refcount));"`,
      "kernel/events/ring_buffer.c (torvalds/linux @0e8a6621) __rb_free_aux(): \"WARN_ON_ONCE(in_atomic())\" — \"Should never happen, the last reference should be dropped from perf_mmap_close() path, which first stops aux transactions\"",
    ],
  },
];
