/**
 * The WARN sites, as assertions raised from inside the modelled kernel functions (a WARN_ON does
 * not stop the step, and neither does the assertion). One property per WARN site family.
 */
import type { Property } from "../../src/model.ts";
import type { KState } from "../../models/kernel/interpreter/state.ts";

/**
 * R1 — no nested AUX transaction. `WARN_ON_ONCE(nest)` in perf_aux_output_begin
 * (kernel/events/ring_buffer.c:415 in the seed): begin found `rb->aux_nest == 1`, i.e. a driver
 * opened a new AUX transaction while its previous one was never ended. This is the seed's
 * CoreSight WARN. kernel-semantics.md §2.9, §4 step 4, §6 R1 (marked "always": it is checked at
 * the begin itself, whatever else runs).
 */
export const R1: Property<KState> = {
  name: "R1",
  kind: "assertion",
  description: "R1 no nested AUX transaction: WARN_ON_ONCE(nest) in perf_aux_output_begin (ring_buffer.c:415, the seed WARN) — kernel-semantics.md §2.9, §6",
};

/**
 * The ETM's stop-side tracking check: `WARN_ON(perf_get_aux(handle) != ctxt->event_data)` in
 * etm_event_stop ("If we still have access to the event_data via handle, confirm that we haven't
 * messed up the tracking"). It fires when a stop(UPDATE) or a second stop(0) finds the handle
 * still holding a transaction whose event_data the driver already dropped: after a throttle
 * stop(0) (§4.1 switch-out, §4.3 address-filter restart, the munmap stop) or a second throttle
 * (audit X8 / E5). kernel-semantics.md §3.1.
 *
 * The start-side check (`WARN_ON(ctxt->event_data)` in etm_event_start) is a separate property:
 * both guard the same pairing of handle and event_data, but they fire on different paths and a
 * fix can move a failure from one to the other, which one merged property would hide.
 */
export const ETM_TRACKING_STOP: Property<KState> = {
  name: "etm-tracking-stop",
  kind: "assertion",
  description: "ETM tracking: WARN_ON(perf_get_aux(handle) != ctxt->event_data) in etm_event_stop — kernel-semantics.md §3.1, §4.1, §4.3, audit X8 (E5)",
};

/** `WARN_ON(ctxt->event_data)` in etm_event_start ("Have we messed up our tracking ?"): a start while the ETM still traces for a session. kernel-semantics.md §3.1. */
export const ETM_TRACKING_START: Property<KState> = {
  name: "etm-tracking-start",
  kind: "assertion",
  description: "ETM tracking: WARN_ON(ctxt->event_data) in etm_event_start — kernel-semantics.md §3.1",
};

/**
 * The other WARNs of coresight-etm-perf.c: `WARN_ON(!event_data)` in etm_event_stop (a running
 * event without event_data), `WARN_ON_ONCE(handle->event != event)` in etm_event_pause and
 * etm_event_stop (the pause re-begin failure window, audit D6.4), and variant B's
 * `WARN_ON_ONCE(etm_event_resume(ctxt))`. kernel-semantics.md §3.1, §3.2.
 */
export const ETM_MISC_WARN: Property<KState> = {
  name: "etm-misc-warn",
  kind: "assertion",
  description: "other coresight-etm-perf.c WARNs: WARN_ON(!event_data) in stop, WARN_ON_ONCE(handle->event != event) in pause/stop — kernel-semantics.md §3.1, audit D6.4",
};

/**
 * `WARN_ON_ONCE(refcount_read(&rb->aux_refcount))` in perf_mmap_close after the last
 * rb_free_aux: a leaked transaction's reference (the orphan left by the seed WARN's failed begin,
 * or a transaction never ended) surfaces again at munmap, and the AUX pages leak.
 * kernel-semantics.md §2.9, §4 step 6, E4.
 */
export const MUNMAP_WARN: Property<KState> = {
  name: "munmap-warn",
  kind: "assertion",
  description: "munmap: WARN_ON_ONCE(refcount_read(&rb->aux_refcount)) in perf_mmap_close (leaked AUX transaction) — kernel-semantics.md §2.9, §4 step 6, E4",
};

/**
 * The x86 core PMU's start WARNs (arch/x86/events/core.c x86_pmu_start, linux/arch/x86/events/core.ts):
 * `WARN_ON_ONCE(!(event->hw.state & PERF_HES_STOPPED))` — a start of a counter the driver believes running
 * (e.g. a frequency-mode counter that perf_adjust_period restarted while its group was throttled, then the
 * unthrottle's start(C, 0)); the start returns and changes nothing. Also the function's two other WARNs,
 * `WARN_ON_ONCE(idx == -1)` and, with PERF_EF_RELOAD, `WARN_ON_ONCE(!(hw.state & PERF_HES_UPTODATE))` (the
 * message says which). Raised only on runs with the x86 core PMU (`pmu_irq_handler=x86`); kernel-semantics.md §2.10.
 */
export const X86_START_WARN: Property<KState> = {
  name: "x86-start-warn",
  kind: "assertion",
  description: "x86 counters: WARN_ON_ONCE(!(hw.state & PERF_HES_STOPPED)) (or idx == -1, RELOAD without UPTODATE) in x86_pmu_start — arch/x86/events/core.c, kernel-semantics.md §2.10",
};

/**
 * The x86 core PMU's stop WARN: `WARN_ON_ONCE(hwc->state & PERF_HES_STOPPED)` in x86_pmu_stop, reached when
 * a counter is active in `cpuc->active_mask` while its hw.state already says STOPPED — e.g. a throttle NMI
 * taken inside another x86_pmu_stop of the same counter, between its disable and its `__clear_bit`.
 */
export const X86_STOP_WARN: Property<KState> = {
  name: "x86-stop-warn",
  kind: "assertion",
  description: "x86 counters: WARN_ON_ONCE(hwc->state & PERF_HES_STOPPED) in x86_pmu_stop — arch/x86/events/core.c, kernel-semantics.md §2.10",
};

/**
 * `WARN_ON_ONCE(in_atomic())` in __rb_free_aux (kernel/events/ring_buffer.c): the last aux_refcount was dropped in
 * atomic context, by a transaction's perf_aux_output_end (from a driver's stop or its PMI) instead of by
 * perf_mmap_close's rb_free_aux ("Should never happen, the last reference should be dropped from perf_mmap_close()
 * path, which first stops aux transactions ... and then does the last rb_free_aux()"). It follows munmap-warn when
 * the owner's munmap could not stop a transaction (errata X14: one orphaned by SET_OUTPUT), and frees the AUX pages
 * from the interrupt that ends the transaction.
 */
export const RB_FREE_AUX_ATOMIC: Property<KState> = {
  name: "rb-free-aux-atomic",
  kind: "assertion",
  description: "WARN_ON_ONCE(in_atomic()) in __rb_free_aux: the AUX pages freed by a transaction's end in atomic context — kernel/events/ring_buffer.c, errata X14",
};
