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
}

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
    runs: ["i4-f1-sched-in-leak-leo-yan-v1-cs_etm", "i4-f1-sched-in-leak-leo-yan-v1-intel_pt"],
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
    runs: ["i4-f2-user-pause-override-leo-yan-v1-cs_etm", "i4-f2-user-pause-override-leo-yan-v1-intel_pt"],
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
    properties: ["R3", "R6"],
    expected: "confirmed",
    // route (b), a software sibling holding the guard, under leo-yan-v1 on both platforms (scenarios/runs/pmu-interrupt-platforms.ts)
    runs: ["fid-f3-b-leo-nmi", "fid-f3-b-leo-irq", "fid-f3-a-leo-irq"],
    disagreement:
      "Route (b) is confirmed as the audit says, and only where the PMU interrupt is an NMI. Route (a), which the audit calls unreachable, is reachable through PERF_EVENT_IOC_PERIOD rather than the tick: __perf_event_period() restarts the target counter (start(RELOAD)) before perf_event_unthrottle_group(), and an NMI latched before the ioctl's perf_pmu_disable re-enables PMCR.E on exit (audit D1). The counter then overflows twice while the leader's resume holds rb->aux_in_pause_resume, and the re-throttle's pause is dropped (throttle-guard-drop in i4-f3-guard-ioc-leo-yan-v1-*). It needs a pseudo-NMI and max_samples_per_tick = 1: reachable, improbable. Through the tick the audit is right: no tick-only run drops the guard.",
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
      "munmap, detach and PERF_EVENT_IOC_SET_OUTPUT(fd, -1) modelled; an address filter whose restart can land inside ring_buffer_attach()",
    ],
    references: ["kernel-semantics.md §2.6, §2.9, §5 F4", "kernel/events/core.c ring_buffer_attach(), perf_mmap_close()"],
    // throttle-no-rb: the patch's throttle returns at `if (!rb)` while the AUX hardware traces (invariants/kernel/throttle-no-rb.ts)
    properties: ["throttle-no-rb"],
    expected: "refuted",
    runs: ["i4-f4-munmap-detach-leo-yan-v1-cs_etm", "i4-f4-munmap-detach-leo-yan-v1-intel_pt", "i4-f4-set-output-leo-yan-v1-cs_etm", "i4-f4-set-output-leo-yan-v1-intel_pt"],
    disagreement:
      "The munmap and detach paths hold, as the reference says (no throttle-no-rb in the f4-munmap-detach runs). PERF_EVENT_IOC_SET_OUTPUT does not: ring_buffer_attach() runs `if (has_aux(event)) perf_event_stop(event, 0);` and then `rcu_assign_pointer(event->rb, rb);` with IRQs on between them, and an address-filter restart (perf_event_addr_filters_exec / perf_addr_filters_adjust, which take neither the ctx mutex nor mmap_mutex) landing there re-begins L on the old rb, whose aux_mmap_count is not 0. After the swap event->rb is NULL and the patch's throttle returns at `if (!rb)` with L tracing. The reference's section F4 flags SET_OUTPUT as 'not analysed in full' and the audit calls it 'a theoretical edge'; the model finds it reachable, so 'not a bug' is too strong. It needs an address filter and a SET_OUTPUT of a running AUX event that has no mmap of its own.",
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
    runs: ["i4-f5-throttle-tick-leo-yan-v1-arm_spe", "i4-aux-irq-throttled-leo-yan-v1-arm_spe", "i4-f1-sched-in-leak-leo-yan-v1-arm_spe"],
  },
  {
    id: "E1",
    title: "the same NMI's aux_resume undoes the throttle pause (patch only)",
    claim: "In __perf_event_overflow, aux_resume runs at out: after __perf_event_account_interrupt has throttled the group, so a resume overflow that crosses the threshold pauses L (throttle) and immediately resumes it.",
    source: "kernel-semantics.md",
    referenceVerdict: "REAL, introduced by the patch (§5 F2/E1; audit: wider than stated — a different member latched in the same arm64 interrupt also resumes)",
    preconditions: ["leo-yan-v1 applied", "an aux-action=resume sibling whose overflow throttles the group"],
    references: ["kernel-semantics.md §2.2, §5 E1"],
    properties: ["R3", "R6"],
    expected: "confirmed",
    runs: ["i4-seed-coresight-warn-leo-yan-v1-cs_etm", "i4-seed-coresight-warn-leo-yan-v1-intel_pt"],
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
    runs: ["fid-e2-nmi", "fid-e2-irq"],
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
    runs: ["kernel-switch-before-tick-mstp1", "fid-e3-nmi", "fid-e3-irq"],
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
    runs: ["kernel-seed-coresight-warn-mstp1", "fid-e5-i-nmi", "fid-e5-i-irq", "fid-e5-ii-nmi", "fid-e5-ii-irq"],
  },
];
