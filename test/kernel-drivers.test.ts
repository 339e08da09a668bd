/**
 * The AUX drivers (SPE, PT), function by function from hand-built states (models/kernel/harness.ts runs one
 * context to completion, nothing interleaved), compared with kernel-semantics.md §3.3 (Arm SPE, audit D4
 * for the PMBIRQ outcomes) and §3.4 (Intel PT, audit D5).
 */
import test from "ava";
import { configFor, edit, installed, pmuInterrupt, runContext, type RunResult } from "../models/kernel/harness.ts";
import { MAX_INTERRUPTS, PERF_EF_PAUSE, PERF_EF_RESUME, PERF_EF_START, PERF_EF_UPDATE, PERF_HES_STOPPED, PERF_HES_UPTODATE, speTracing, type KState } from "../models/kernel/interpreter/state.ts";
import { r2Violation } from "../invariants/kernel/R2-transaction-balance.ts";

const warns = (r: RunResult): string[] => r.hits.map((h) => h.property);

// ---------------------------------------------------------------------------------------------
// Arm SPE
// ---------------------------------------------------------------------------------------------

const spe = configFor({ scenario: "f5-throttle-tick", pmu: "arm_spe" }); // {L = arm_spe, C = cycles}, max_samples_per_tick = 1
const speOn = installed(spe);
/** A throttle: C's overflow reaches max_samples_per_tick = 1; mainline stop(L, 0). */
const speThrottled = pmuInterrupt(spe, speOn, "C");

test("SPE add(START) → start(RELOAD): a transaction, PMBLIMITR.E and PMSCR on, hw.state 0", (t) => {
  const s = speOn;
  t.is(s.ev.L!.state, "ACTIVE");
  t.is(s.ev.L!.hw.state, 0);
  t.deepEqual([s.cpu[0]!.spe.handle.event, s.rb[0]!.aux_nest, s.rb[0]!.aux_refcount], ["L", 1, 2]);
  t.true(s.cpu[0]!.spe.pmscr && s.cpu[0]!.spe.pmblimitr_e);
  t.true(speTracing(s.cpu[0]!));
  t.is(r2Violation(s), null);
});

test("SPE stop(0) (the throttle): sampling and buffer off, hw.state STOPPED, the transaction stays OPEN (§3.3)", (t) => {
  t.deepEqual(warns(speThrottled), []);
  const s = speThrottled.state;
  t.is(s.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  t.is(s.ev.L!.hw.state, PERF_HES_STOPPED, "no UPTODATE: flags 0");
  t.false(s.cpu[0]!.spe.pmscr || s.cpu[0]!.spe.pmblimitr_e);
  t.deepEqual([s.cpu[0]!.spe.handle.event, s.rb[0]!.aux_nest], ["L", 1]);
  t.true(speThrottled.steps.includes("arm_spe_pmu_stop:entry") && !speThrottled.steps.includes("arm_spe_pmu_buf_get_fault_act:entry"));
});

test("SPE start(0) after the throttle (F5, §4.5): the tick's unthrottle WARNs in perf_aux_output_begin and leaves L STOPPED", (t) => {
  const r = runContext(spe, speThrottled.state, "tick", "perf_event_task_tick");
  t.deepEqual(warns(r), ["R1"]);
  t.deepEqual([...r.hits[0]!.callChain].slice(0, 5), ["perf_aux_output_begin", "arm_spe_perf_aux_output_begin", "arm_spe_pmu_start", "perf_event_unthrottle", "perf_event_unthrottle_group"]);
  t.is(r.state.ev.L!.hw.state, PERF_HES_STOPPED, "arm_spe_perf_aux_output_begin: !buf → STOPPED");
  t.false(r.state.cpu[0]!.spe.pmblimitr_e, "PMBLIMITR = 0");
  t.false(r.state.cpu[0]!.spe.pmscr, "start returned before PMSCR");
  t.deepEqual([r.state.cpu[0]!.spe.handle.event, r.state.rb[0]!.aux_nest], [null, 1], "orphaned");
});

test("SPE stop(UPDATE) of a running event ends the transaction (UPTODATE|STOPPED)", (t) => {
  const r = runContext(spe, speOn, "task", "arm_spe_pmu_stop", { e: "L", flags: PERF_EF_UPDATE });
  t.deepEqual(warns(r), []);
  t.is(r.state.ev.L!.hw.state, PERF_HES_STOPPED | PERF_HES_UPTODATE);
  t.deepEqual([r.state.cpu[0]!.spe.handle.event, r.state.rb[0]!.aux_nest, r.state.rb[0]!.aux_refcount], [null, 0, 1]);
});

test("SPE sched-out after a throttle (audit D4): stop(UPDATE) returns at once, the transaction leaks; the next add WARNs and fails", (t) => {
  const del = runContext(spe, speThrottled.state, "task", "arm_spe_pmu_del", { e: "L" });
  t.deepEqual(warns(del), []);
  t.deepEqual([del.state.cpu[0]!.spe.handle.event, del.state.rb[0]!.aux_nest], ["L", 1], "never ended");
  t.false(del.steps.includes("arm_spe_pmu_buf_get_fault_act:entry"));
  const add = runContext(spe, del.state, "task", "arm_spe_pmu_add", { e: "L", flags: PERF_EF_START });
  t.deepEqual(warns(add), ["R1"]);
  t.is(add.state.ev.L!.hw.state & PERF_HES_STOPPED, PERF_HES_STOPPED, "add returns -EINVAL");
});

function pmbirq(s: KState, pmbsr: "FULL" | "FULL_DL" | "FAULT", noSpace = false): RunResult {
  const t0 = edit(s, (k) => {
    k.cpu[0]!.spe.pmbsr = pmbsr;
    if (noSpace) k.rb[0]!.aux_full = true;
  });
  return runContext(spe, t0, "IRQ", "arm_spe_pmu_irq_handler");
}

test("SPE PMBIRQ after a throttle, buffer full (OK): ends and RE-OPENS the transaction without checking hw.state; the tick then WARNs", (t) => {
  const r = pmbirq(speThrottled.state, "FULL");
  t.deepEqual(warns(r), []);
  const s = r.state;
  t.true(r.steps.includes("irq_work_run:entry"), "irq_work_run() runs synchronously");
  t.deepEqual([s.cpu[0]!.spe.handle.event, s.rb[0]!.aux_nest, s.rb[0]!.aux_refcount], ["L", 1, 2], "re-opened");
  t.true(s.cpu[0]!.spe.pmblimitr_e, "PMBLIMITR.E = 1");
  t.false(s.cpu[0]!.spe.pmscr, "PMSCR = 0: no samples");
  t.is(s.ev.L!.hw.state, PERF_HES_STOPPED);
  t.is(s.cpu[0]!.spe.pmbsr, null, "PMBSR = 0");
  t.deepEqual(warns(runContext(spe, s, "tick", "perf_event_task_tick")), ["R1"]);
});

test("SPE PMBIRQ after a throttle, TRUNCATED (DL): the end queues pending_disable, irq_work_run disables the group: OFF, no re-open, no WARN later", (t) => {
  const r = pmbirq(speThrottled.state, "FULL_DL");
  t.deepEqual(warns(r), []);
  const s = r.state;
  t.true(r.steps.includes("perf_pending_disable:entry") && r.steps.includes("group_sched_out:entry"));
  t.is(s.ev.L!.state, "OFF");
  t.is(s.ev.C!.state, "INACTIVE");
  t.false(s.ev.L!.pending_disable);
  t.deepEqual([s.cpu[0]!.spe.handle.event, s.rb[0]!.aux_nest], [null, 0], "left closed");
  t.false(r.steps.includes("arm_spe_perf_aux_output_begin:entry"), "no re-begin on TRUNCATED");
  const tick = runContext(spe, s, "tick", "perf_event_task_tick");
  t.deepEqual(warns(tick), []);
  t.is(tick.state.ev.L!.state, "OFF", "no restart either");
  t.is(r2Violation(s), null);
});

test("SPE PMBIRQ after a throttle, FATAL (S1/S2 fault): ended and drained, nothing disabled; the tick's start(0) then succeeds", (t) => {
  const r = pmbirq(speThrottled.state, "FAULT");
  t.deepEqual(warns(r), []);
  t.deepEqual([r.state.cpu[0]!.spe.handle.event, r.state.rb[0]!.aux_nest, r.state.ev.L!.state], [null, 0, "ACTIVE"]);
  t.false(r.state.ev.L!.pending_disable);
  const tick = runContext(spe, r.state, "tick", "perf_event_task_tick");
  t.deepEqual(warns(tick), []);
  t.true(speTracing(tick.state.cpu[0]!), "sampling again");
  t.is(tick.state.ev.L!.hw.interrupts, 0);
});

test("SPE PMBIRQ after a throttle, OK but no AUX space: the re-begin hits the zero-space branch: closed, pending_disable queued, PMBLIMITR = 0", (t) => {
  const r = pmbirq(speThrottled.state, "FULL", true);
  t.deepEqual(warns(r), []);
  const s = r.state;
  t.deepEqual([s.cpu[0]!.spe.handle.event, s.rb[0]!.aux_nest, s.rb[0]!.aux_refcount], [null, 0, 1]);
  t.true(s.ev.L!.pending_disable, "perf_event_disable_inatomic(): waits for the irq_work");
  t.false(s.cpu[0]!.spe.pmblimitr_e);
  t.is(s.ev.L!.hw.state & PERF_HES_STOPPED, PERF_HES_STOPPED);
  t.true(r.steps.includes("perf_aux_output_begin:err_put"));
});

test("SPE PMBIRQ on a running event (OK): the buffer is re-armed and sampling goes on; a spurious IRQ does nothing", (t) => {
  const r = pmbirq(speOn, "FULL");
  t.deepEqual(warns(r), []);
  t.true(speTracing(r.state.cpu[0]!));
  t.deepEqual([r.state.cpu[0]!.spe.handle.event, r.state.rb[0]!.aux_nest, r.state.rb[0]!.refcount], ["L", 1, 2]);
  const spurious = runContext(spe, speOn, "IRQ", "arm_spe_pmu_irq_handler");
  t.deepEqual(spurious.state, speOn);
  t.deepEqual(spurious.steps, ["arm_spe_pmu_irq_handler:entry", "arm_spe_pmu_buf_get_fault_act:entry", "arm_spe_pmu_irq_handler:act"]);
});

// ---------------------------------------------------------------------------------------------
// Intel PT
// ---------------------------------------------------------------------------------------------

const pt = configFor({ scenario: "f5-throttle-tick", pmu: "intel_pt" });
const ptOn = installed(pt);
const ptThrottled = pmuInterrupt(pt, ptOn, "C");

test("PT add(START) → start(0): a transaction, TraceEn, handle_nmi / pause_allowed / resume_allowed set (pt_config order)", (t) => {
  const p = ptOn.cpu[0]!.pt;
  t.deepEqual([p.handle.event, p.trace_en, p.handle_nmi, p.pause_allowed, p.resume_allowed], ["L", true, true, true, true]);
  t.is(ptOn.ev.L!.hw.state, 0);
  const cfgSteps = runContext(pt, initialLike(ptOn), "task", "pt_event_start", { e: "L", flags: 0 }).steps.filter((l) => l.startsWith("pt_config:"));
  t.deepEqual(cfgSteps, ["pt_config:entry", "pt_config:handle_nmi", "pt_config:start", "pt_config:allow_pause"]);
});

/** ptOn with the transaction ended and the event stopped (to start again by hand). */
function initialLike(s: KState): KState {
  return runContext(pt, s, "task", "pt_event_stop", { e: "L", flags: PERF_EF_UPDATE }).state;
}

test("PT stop(0) (the throttle): handle_nmi / pause_allowed / resume_allowed and TraceEn cleared, STOPPED, transaction OPEN", (t) => {
  t.deepEqual(warns(ptThrottled), []);
  const s = ptThrottled.state;
  const p = s.cpu[0]!.pt;
  t.deepEqual([p.handle_nmi, p.pause_allowed, p.resume_allowed, p.trace_en], [false, false, false, false]);
  t.is(s.ev.L!.hw.state, PERF_HES_STOPPED);
  t.deepEqual([p.handle.event, s.rb[0]!.aux_nest], ["L", 1]);
});

test("PT stop(UPDATE) after the throttle returns at the STOPPED check; the re-add fails with -EBUSY, silently (§3.4, §4.2)", (t) => {
  const del = runContext(pt, ptThrottled.state, "task", "pt_event_del", { e: "L" });
  t.deepEqual(warns(del), []);
  t.false(del.steps.includes("perf_aux_output_end:entry"), "never ended");
  t.is(del.state.cpu[0]!.pt.handle.event, "L");
  const s1 = edit(del.state, (k) => {
    k.ev.L!.state = "INACTIVE";
    k.ev.L!.oncpu = -1;
  });
  const add = runContext(pt, s1, "task", "event_sched_in", { e: "L" });
  t.deepEqual(warns(add), [], "no WARN: -EBUSY");
  t.false(add.steps.includes("pt_event_start:entry"), "pt_event_add returned before starting");
  t.is(add.state.ev.L!.state, "INACTIVE", "event_sched_in rolled back");
  t.regex(r2Violation(add.state) ?? "", /holds a transaction of L, which is INACTIVE/);
});

test("PT PMI (NMI): ends and re-opens the transaction when !hw.state; pt_config_start respects aux_paused", (t) => {
  const withPmi = edit(ptOn, (k) => void (k.cpu[0]!.pt.pmi = true));
  const r = runContext(pt, withPmi, "NMI", "intel_pt_interrupt");
  t.deepEqual(warns(r), []);
  t.true(r.steps.includes("perf_aux_output_end:entry") && r.steps.includes("perf_aux_output_begin:handle"));
  t.deepEqual([r.state.cpu[0]!.pt.handle.event, r.state.cpu[0]!.pt.trace_en, r.state.cpu[0]!.pt.pmi], ["L", true, false]);
  const paused = runContext(pt, edit(withPmi, (k) => void (k.ev.L!.hw.aux_paused = 1)), "NMI", "intel_pt_interrupt");
  t.deepEqual([paused.state.cpu[0]!.pt.handle.event, paused.state.cpu[0]!.pt.trace_en], ["L", false], "re-opened, not traced while paused");
});

test("PT PMI after the throttle does nothing (handle_nmi == 0: the dangling-bit guard)", (t) => {
  const r = runContext(pt, edit(ptThrottled.state, (k) => void (k.cpu[0]!.pt.pmi = true)), "NMI", "intel_pt_interrupt");
  t.deepEqual(r.steps, ["intel_pt_interrupt:entry"]);
  t.deepEqual([r.state.cpu[0]!.pt.handle.event, r.state.rb[0]!.aux_nest], ["L", 1]);
});

test("PT PAUSE / RESUME are gated by pause_allowed / resume_allowed", (t) => {
  const pause = runContext(pt, ptOn, "NMI", "pt_event_stop", { e: "L", flags: PERF_EF_PAUSE });
  t.false(pause.state.cpu[0]!.pt.trace_en);
  t.deepEqual([pause.state.cpu[0]!.pt.handle.event, pause.state.cpu[0]!.pt.handle_nmi], ["L", true], "pause keeps the transaction and the PMI");
  const resume = runContext(pt, pause.state, "NMI", "pt_event_start", { e: "L", flags: PERF_EF_RESUME });
  t.true(resume.state.cpu[0]!.pt.trace_en);
  const blockedPause = runContext(pt, edit(ptOn, (k) => void (k.cpu[0]!.pt.pause_allowed = false)), "NMI", "pt_event_stop", { e: "L", flags: PERF_EF_PAUSE });
  t.true(blockedPause.state.cpu[0]!.pt.trace_en, "the lossy window: pause dropped");
  const blockedResume = runContext(pt, ptThrottled.state, "NMI", "pt_event_start", { e: "L", flags: PERF_EF_RESUME });
  t.false(blockedResume.state.cpu[0]!.pt.trace_en, "no resume after stop(0): resume_allowed == 0");
});

test("PT start(0) after the throttle (mainline tick): the seed WARN in pt_event_start", (t) => {
  const r = runContext(pt, ptThrottled.state, "tick", "perf_event_task_tick");
  t.deepEqual(warns(r), ["R1"]);
  t.deepEqual([...r.hits[0]!.callChain].slice(0, 3), ["perf_aux_output_begin", "pt_event_start", "perf_event_unthrottle"]);
  t.is(r.state.ev.L!.hw.state, PERF_HES_STOPPED);
});
