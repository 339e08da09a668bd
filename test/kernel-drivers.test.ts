/**
 * The AUX drivers (SPE, PT), function by function from hand-built states (models/kernel/harness.ts runs one
 * context to completion, nothing interleaved), compared with kernel-semantics.md §3.3 (Arm SPE, audit D4
 * for the PMBIRQ outcomes) and §3.4 (Intel PT, audit D5).
 */
import test from "ava";
import { configFor, edit, finish, installed, pmuInterrupt, runContext, type RunResult } from "../models/kernel/harness.ts";
import { MAX_INTERRUPTS, PERF_EF_PAUSE, PERF_EF_RESUME, PERF_EF_START, PERF_EF_UPDATE, PERF_HES_STOPPED, PERF_HES_UPTODATE, speTracing, type KState } from "../models/kernel/interpreter/state.ts";
import { r2Violation } from "../invariants/kernel/R2-transaction-balance.ts";
import { initialState } from "../models/kernel/model.ts";
import { counterOrphanViolation } from "../invariants/kernel/counter-orphan.ts";
import { RTIT_CTL_TRACEEN } from "../models/kernel/linux/arch/x86/events/intel/pt.ts";

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
  const cfgSteps = runContext(pt, initialLike(ptOn), "task", "pt_event_start", { e: "L", flags: 0 }).steps.filter((l) => l.startsWith("pt_config"));
  t.deepEqual(cfgSteps, ["pt_config:entry", "pt_config:handle_nmi", "pt_config_start:entry", "pt_config_start:aux_config", "pt_config:allow_pause"]);
  t.is(ptOn.ev.L!.hw.aux_config, RTIT_CTL_TRACEEN);
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

// ---------------------------------------------------------------------------------------------
// The arm64 core PMU (drivers/perf/arm_pmu.c): armpmu_start's window
// ---------------------------------------------------------------------------------------------

const arm = configFor({ scenario: "e5-double-throttle-irq" }); // {L = cs_etm, C = cycles, C2 = instructions}, max_samples_per_tick = 1
const armOn = installed(arm);

test("armpmu_start is two steps: hwc->state = 0 (+ set_period), then armpmu->enable(event)", (t) => {
  const stopped = runContext(arm, armOn, "task", "armpmu_stop", { e: "C", flags: PERF_EF_UPDATE }).state;
  const r = runContext(arm, stopped, "tick", "armpmu_start", { e: "C", flags: 0 });
  t.deepEqual(r.steps, ["armpmu_start:entry", "armpmu_start:enable"]);
  t.is(r.state.ev.C!.hw.state, 0);
  t.true(r.state.cpu[0]!.pmu.ctr[String(r.state.ev.C!.hw.idx)]!.en);
  t.is(counterOrphanViolation(r.state, arm), null);
});

test("a throttle NMI inside armpmu_start (after hwc->state = 0, before the enable) leaves the counter enabled behind STOPPED, and after del (counter-orphan)", (t) => {
  const c = String(armOn.ev.C!.hw.idx);
  const stopped = runContext(arm, armOn, "task", "armpmu_stop", { e: "C", flags: PERF_EF_UPDATE }).state;
  // the tick's unthrottle has run armpmu_start(C, 0)'s first step: hw.state = 0, C not enabled yet
  const inside = edit(stopped, (k) => {
    k.ev.C!.hw.state = 0;
    k.cpu[0]!.ctx.push({ kind: "tick", irqoff: 0, frames: [{ fn: "armpmu_start", pc: "enable", a: { e: "C", flags: 0 } }] });
  });
  // C2's latched overflow is taken here and throttles the group (max_samples_per_tick = 1)
  const nmi = pmuInterrupt(arm, inside, "C2");
  t.is(nmi.state.ev.C!.hw.interrupts, MAX_INTERRUPTS);
  t.is(nmi.state.ev.C!.hw.state, PERF_HES_STOPPED | PERF_HES_UPTODATE, "armpmu_stop found hw.state == 0 and marked C stopped");
  t.false(nmi.state.cpu[0]!.pmu.ctr[c]!.en, "nothing to disable yet");
  const done = finish(arm, nmi.state);
  t.true(done.state.cpu[0]!.pmu.ctr[c]!.en, "the interrupted start enables C");
  t.regex(counterOrphanViolation(done.state, arm) ?? "", /hw\.state says STOPPED/);
  // every later stop is a no-op: del leaves the counter counting for an INACTIVE event
  const del = runContext(arm, done.state, "task", "armpmu_del", { e: "C" });
  t.true(del.state.cpu[0]!.pmu.ctr[c]!.en);
  t.regex(counterOrphanViolation(edit(del.state, (k) => void (k.ev.C!.state = "INACTIVE")), arm) ?? "", /no ACTIVE event owns it/);
});

// ---------------------------------------------------------------------------------------------
// The x86 core PMU (arch/x86/events/core.c), selected with pmu_irq_handler=x86
// ---------------------------------------------------------------------------------------------

const x86 = configFor({ scenario: "freq-sibling-tick", pmu: "intel_pt", pmu_irq_handler: "x86" }); // {L = intel_pt, C = cycles/freq}
const x86On = installed(x86);
const slot = (s: KState, e: string) => s.cpu[0]!.pmu.ctr[String(s.ev[e]!.hw.idx)]!;

test("pmu_irq_handler=x86 selects the x86 counters: x86_pmu_* callbacks and intel_pmu_handle_irq", (t) => {
  t.deepEqual(x86.byId.C!.pmu.ops, { add: "x86_pmu_add", del: "x86_pmu_del", start: "x86_pmu_start", stop: "x86_pmu_stop" });
  t.is(x86.byId.C!.pmu.driver, "x86");
  t.is(configFor({ scenario: "freq-sibling-tick" }).byId.C!.pmu.ops.add, "armpmu_add");
});

test("x86_pmu_add only collects (STOPPED|UPTODATE, n_added); x86_pmu_enable at the outermost perf_pmu_enable starts it", (t) => {
  // inside a perf_pmu_disable section (x86_pmu_disable: cpuc->enabled = 0, n_added = 0, GLOBAL_CTRL = 0)
  const section = edit(initialState(x86), (k) => {
    k.cpu[0]!.pmu.disable_count = 1;
    k.cpu[0]!.pmu.enabled = false;
    k.ev.C!.state = "ACTIVE";
    k.ev.C!.oncpu = 0;
  });
  const add = runContext(x86, section, "task", "x86_pmu_add", { e: "C", flags: PERF_EF_START });
  t.deepEqual(add.steps, ["x86_pmu_add:entry"], "no x86_pmu_start");
  t.is(add.state.ev.C!.hw.state, PERF_HES_STOPPED | PERF_HES_UPTODATE);
  t.true(add.state.cpu[0]!.pmu.added.C);
  t.false(slot(add.state, "C").en);
  t.is(slot(add.state, "C").event, null, "not in active_mask");
  const en = runContext(x86, edit(add.state, (k) => void (k.cpu[0]!.pmu.disable_count = 0)), "task", "x86_pmu_enable");
  t.deepEqual(en.steps, ["x86_pmu_enable:entry", "x86_pmu_start:entry", "x86_pmu_start:active", "x86_pmu_start:enable", "x86_pmu_enable:loop"]);
  t.is(en.state.ev.C!.hw.state, 0);
  t.true(slot(en.state, "C").en && slot(en.state, "C").event === "C");
  t.true(en.state.cpu[0]!.pmu.enabled && en.state.cpu[0]!.pmu.pmcr_e);
  t.false(en.state.cpu[0]!.pmu.added.C, "n_added = 0");
});

test("installing the x86 group starts C in x86_pmu_enable, after the whole group was added", (t) => {
  t.is(x86On.ev.C!.hw.state, 0);
  t.true(slot(x86On, "C").en);
  t.true(x86On.cpu[0]!.pmu.enabled);
});

test("a throttle between x86_pmu_add and x86_pmu_enable finds nothing to stop; the late start then runs the throttled counter", (t) => {
  const section = edit(initialState(x86), (k) => {
    k.cpu[0]!.pmu.disable_count = 1;
    k.cpu[0]!.pmu.enabled = false;
    k.ev.C!.state = "ACTIVE";
    k.ev.C!.oncpu = 0;
  });
  const added = runContext(x86, section, "task", "x86_pmu_add", { e: "C", flags: PERF_EF_START }).state;
  const stop = runContext(x86, added, "NMI", "x86_pmu_stop", { e: "C", flags: 0 });
  t.deepEqual(stop.steps, ["x86_pmu_stop:entry"], "test_bit(idx, active_mask) is clear: nothing done");
  const throttled = edit(stop.state, (k) => {
    k.ev.C!.hw.interrupts = MAX_INTERRUPTS;
    k.cpu[0]!.pmu.disable_count = 0;
  });
  const en = runContext(x86, throttled, "task", "x86_pmu_enable");
  t.true(slot(en.state, "C").en, "started with interrupts == MAX");
});

test("x86_pmu_start of a running counter WARNs and returns (arm64's armpmu_start re-enables it silently)", (t) => {
  const r = runContext(x86, x86On, "tick", "x86_pmu_start", { e: "C", flags: 0 });
  t.deepEqual(warns(r), ["x86-start-warn"]);
  t.deepEqual(r.steps, ["x86_pmu_start:entry"]);
  t.deepEqual(r.state.cpu[0]!.pmu, x86On.cpu[0]!.pmu, "nothing changed");
  const armCfg = configFor({ scenario: "freq-sibling-tick" });
  t.deepEqual(warns(runContext(armCfg, installed(armCfg), "tick", "armpmu_start", { e: "C", flags: 0 })), []);
});

test("freq-mode C restarted by perf_adjust_period while throttled, then the tick's unthrottle: WARN in x86_pmu_start (and the seed WARN on L)", (t) => {
  const latched = edit(x86On, (k) => {
    const c = k.cpu[0]!.pmu.ctr[String(k.ev.C!.hw.idx)]!;
    c.ovf = true;
    c.adj = true; // the overflow after which perf_adjust_period restarts C (period_left > 8*sample_period)
  });
  const nmi = runContext(x86, latched, "NMI", "intel_pmu_handle_irq");
  t.is(nmi.state.ev.C!.hw.interrupts, MAX_INTERRUPTS);
  t.is(nmi.state.ev.C!.hw.state, 0, "restarted by perf_adjust_period: stop(UPDATE) + start(RELOAD)");
  t.true(slot(nmi.state, "C").en);
  const tick = runContext(x86, nmi.state, "tick", "perf_event_task_tick");
  t.deepEqual(warns(tick), ["R1", "x86-start-warn"]);
  t.deepEqual([...tick.hits[1]!.callChain].slice(0, 4), ["x86_pmu_start", "perf_event_unthrottle", "perf_event_unthrottle_group", "perf_adjust_freq_unthr_events"]);
});

test("x86_pmu_stop is gated on active_mask, not hw.state: a counter active while STOPPED reaches its WARN", (t) => {
  const stop = runContext(x86, x86On, "task", "x86_pmu_stop", { e: "C", flags: PERF_EF_UPDATE });
  t.deepEqual(warns(stop), []);
  t.is(stop.state.ev.C!.hw.state, PERF_HES_STOPPED | PERF_HES_UPTODATE);
  t.false(slot(stop.state, "C").en);
  t.is(slot(stop.state, "C").event, null);
  const inconsistent = edit(x86On, (k) => void (k.ev.C!.hw.state = PERF_HES_STOPPED));
  t.deepEqual(warns(runContext(x86, inconsistent, "task", "x86_pmu_stop", { e: "C", flags: 0 })), ["x86-stop-warn"]);
});

test("x86 start window: a throttle NMI after __set_bit(active_mask) and before x86_pmu_enable(event) leaves C counting behind STOPPED (counter-orphan)", (t) => {
  const stopped = runContext(x86, x86On, "task", "x86_pmu_stop", { e: "C", flags: PERF_EF_UPDATE }).state;
  const inside = edit(stopped, (k) => {
    k.ev.C!.hw.state = 0;
    k.cpu[0]!.pmu.ctr[String(k.ev.C!.hw.idx)]!.event = "C"; // cpuc->events[idx] = event; __set_bit(idx, active_mask)
    k.cpu[0]!.ctx.push({ kind: "tick", irqoff: 0, frames: [{ fn: "x86_pmu_start", pc: "enable", a: { e: "C", flags: 0 } }] });
  });
  const nmi = runContext(x86, inside, "NMI", "perf_event_throttle", { e: "C" });
  t.is(nmi.state.ev.C!.hw.state, PERF_HES_STOPPED);
  const done = finish(x86, nmi.state);
  t.true(slot(done.state, "C").en);
  t.is(slot(done.state, "C").event, null);
  t.regex(counterOrphanViolation(done.state, x86) ?? "", /STOPPED/);
});

// ---------------------------------------------------------------------------------------------
// Intel PT: the resume's steps, RTIT_CTL against its software copy event->hw.aux_config
// ---------------------------------------------------------------------------------------------

/** A paused PT event (aux_paused = 1, pt_config_stop ran: TraceEn and the copy clear), group running. */
const ptPaused = runContext(pt, edit(ptOn, (k) => void (k.ev.L!.hw.aux_paused = 1)), "NMI", "pt_event_stop", { e: "L", flags: PERF_EF_PAUSE }).state;

test("PT pause clears RTIT_CTL.TraceEn and its copy; the resume is four steps: resume_allowed | RTIT_STATUS | resume_allowed + aux_paused, MSR | aux_config", (t) => {
  t.false(ptPaused.cpu[0]!.pt.trace_en);
  t.is(ptPaused.ev.L!.hw.aux_config, 0);
  const r = runContext(pt, edit(ptPaused, (k) => void (k.ev.L!.hw.aux_paused = 0)), "task", "pt_event_start", { e: "L", flags: PERF_EF_RESUME });
  t.deepEqual(r.steps, ["pt_event_start:entry", "pt_event_start:status", "pt_event_start:recheck", "pt_config_start:entry", "pt_config_start:aux_config", "pt_event_start:resumed"]);
  t.true(r.state.cpu[0]!.pt.trace_en);
  t.is(r.state.ev.L!.hw.aux_config, RTIT_CTL_TRACEEN);
  // "Only if the trace is not active": RTIT_STATUS.TriggerEn set (TraceEn on) → no pt_config_start
  const active = runContext(pt, edit(ptOn, (k) => void (k.ev.L!.hw.aux_paused = 0)), "task", "pt_event_start", { e: "L", flags: PERF_EF_RESUME });
  t.false(active.steps.includes("pt_config_start:entry"));
});

/** A software sibling's resume (task context) interrupted at `pc` of pt_event_start / pt_config_start. */
function resumeAt(fn: "pt_event_start" | "pt_config_start", pc: string): KState {
  return edit(ptPaused, (k) => {
    k.ev.L!.hw.aux_paused = 0; // __perf_event_aux_pause(L, false) wrote the flag before start(L, RESUME)
    if (fn === "pt_config_start" && pc === "aux_config") k.cpu[0]!.pt.trace_en = true; // the MSR write done
    const frames = [{ fn: "pt_event_start", pc: fn === "pt_event_start" ? pc : "resumed", a: { e: "L", flags: PERF_EF_RESUME, triggeren: false } }];
    if (fn === "pt_config_start") frames.push({ fn, pc, a: { e: "L" } } as never);
    k.cpu[0]!.ctx.push({ kind: "task", irqoff: 1, frames });
  });
}

test("PT resume window: a throttle NMI after the second resume_allowed read leaves TraceEn on while the group is throttled", (t) => {
  // the NMI lands between pt_event_start's recheck (resume_allowed read again: 1) and pt_config_start
  const nmi = runContext(pt, resumeAt("pt_config_start", "entry"), "NMI", "perf_event_throttle", { e: "L" });
  t.is(nmi.state.ev.L!.hw.state, PERF_HES_STOPPED);
  t.false(nmi.state.cpu[0]!.pt.resume_allowed);
  const done = finish(pt, nmi.state);
  t.true(done.state.cpu[0]!.pt.trace_en, "pt_config_start does not re-read resume_allowed");
  t.is(done.state.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  // landing before the second read instead: the resume sees resume_allowed == 0 and does nothing
  const early = finish(pt, runContext(pt, resumeAt("pt_event_start", "recheck"), "NMI", "perf_event_throttle", { e: "L" }).state);
  t.false(early.state.cpu[0]!.pt.trace_en);
});

test("PT resume window: a stop between pt_config_start's MSR write and its aux_config write finds the copy clear and leaves TraceEn on", (t) => {
  const nmi = runContext(pt, resumeAt("pt_config_start", "aux_config"), "NMI", "perf_event_throttle", { e: "L" });
  t.true(nmi.state.cpu[0]!.pt.trace_en, "pt_config_stop: !(aux_config & TRACEEN) → return");
  const done = finish(pt, nmi.state);
  t.true(done.state.cpu[0]!.pt.trace_en);
  t.is(done.state.ev.L!.hw.aux_config, RTIT_CTL_TRACEEN);
});

test("PT resume window: a ToPA PMI whose re-begin fails leaves TraceEn on with no transaction", (t) => {
  const full = edit(resumeAt("pt_config_start", "entry"), (k) => {
    k.cpu[0]!.pt.pmi = true;
    k.rb[0]!.aux_full = true; // no AUX space: the PMI's re-begin takes perf_aux_output_begin's zero-space branch
  });
  const pmi = runContext(pt, full, "NMI", "intel_pt_interrupt");
  t.deepEqual([pmi.state.cpu[0]!.pt.handle.event, pmi.state.ev.L!.hw.state, pmi.state.cpu[0]!.pt.resume_allowed], [null, PERF_HES_STOPPED, false]);
  const done = finish(pt, pmi.state);
  t.true(done.state.cpu[0]!.pt.trace_en);
  t.is(done.state.cpu[0]!.pt.handle.event, null);
});
