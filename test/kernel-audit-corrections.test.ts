/**
 * The audit's corrections (kernel-semantics-audit.md; Errata X1–X10) as unit tests from
 * hand-built states (models/kernel/harness.ts runs one context to completion, nothing interleaved) and
 * the standard runs (models/kernel/scenarios/runs/pmu-interrupt-platforms.ts), each scenario on both platforms.
 *   - the arm64 handler (X1, X2, D1): a stopped member's latched overflow is accounted (wrap / new window);
 *     the PMU is re-enabled inside another context's perf_pmu_disable; the x86 handler does neither;
 *   - the platform switch (X9): where the PMU interrupt may be taken;
 *   - pending_disable (X10, D6.3): its setters (zero-space begin, TRUNCATED end, event_limit), the
 *     irq_work self-IPI, event_sched_out's conversion, the whole group OFF;
 *   - each PMBIRQ outcome (X4, D4) as seen by the pending-disable machinery, and the sched-out leak;
 *   - software siblings (D6.7), frequency mode (D1), closing the AUX leader (D6.6), IOC_PERIOD on it (D6.5).
 */
import test from "ava";
import { Immer } from "immer";
import { configFor, edit, installed, latch, pmuInterrupt, runContext, type RunResult } from "../models/kernel/harness.ts";
import { buildKernelModel, type KAction } from "../models/kernel/model.ts";
import { runStep } from "../models/kernel/interpreter/machine.ts";
import type { Config } from "../models/kernel/interpreter/config.ts";
import { etmTracing, MAX_INTERRUPTS, PERF_HES_STOPPED, THROTTLE_PAUSE_GUARD, type KState } from "../models/kernel/interpreter/state.ts";
import { throttlePauseLost } from "../invariants/kernel/throttle-no-rb.ts";
import { platformRuns } from "../models/kernel/scenarios/runs/pmu-interrupt-platforms.ts";
import { kernelRuns } from "../models/kernel/scenarios/runs/index.ts";
import { explore } from "../src/explore.ts";
import { matchesExpectation, verdictOf, violatedSet } from "../src/runner.ts";
import type { Params } from "../src/registry.ts";

const warns = (r: RunResult): string[] => r.hits.map((h) => h.property);
const immer = new Immer({ autoFreeze: false });

function enabledActions(params: Params, s: KState): string[] {
  const out: KAction[] = [];
  const model = buildKernelModel(params);
  model.actions(model.codec.encode(s), out);
  return out.map((a) => a.name);
}

/** Runs `cpu0`'s innermost context step by step until `stop(state)` holds (or the context ends). */
function runUntil(cfg: Config, s: KState, stop: (k: KState) => boolean): KState {
  let state = s;
  for (let n = 0; n < 10_000 && state.cpu[0]!.ctx.length > 0 && !stop(state); n++) {
    state = immer.produce(state, (k) => void runStep(k, 0, cfg, () => undefined));
  }
  return state;
}

// ---------------------------------------------------------------------------------------------
// The arm64 handler (audit X1, X2, D1, 4c) and the x86 handler
// ---------------------------------------------------------------------------------------------

// {L = cs_etm, C = cycles (counter 31), C2 = instructions (counter 0)}, max_samples_per_tick = 1
const e5 = configFor({ scenario: "e5-double-throttle-irq" });
const e5x86 = configFor({ scenario: "e5-double-throttle-irq", pmu_irq_handler: "x86" });
const e5On = installed(e5);

test("arm64 handler, same tick window: C2 throttles the group; C's latched overflow (C already stopped) is still accounted: MAX wraps to 0 (X2), no second throttle", (t) => {
  const r = pmuInterrupt(e5, e5On, "C", "C2");
  const s = r.state;
  t.deepEqual(warns(r), []);
  t.is(s.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  t.is(s.ev.C2!.hw.interrupts, MAX_INTERRUPTS);
  t.is(s.ev.C!.hw.interrupts, 0, "~0ULL + 1 == 0 (same perf_throttled_seq)");
  t.is(s.cpu[0]!.perf_throttled_count, 1);
  t.true(r.steps.filter((x) => x === "perf_event_overflow:entry").length === 2, "both snapshot bits processed");
  t.false(s.cpu[0]!.pmu.ctr["31"]!.en, "C stays stopped: the handler does not restart it");
});

test("arm64 handler, new tick window (E5 route i): C's latched overflow of a stopped member sets interrupts = 1 and re-throttles: the ETM tracking WARN", (t) => {
  const ticked = runContext(e5, e5On, "tick", "perf_event_task_tick").state; // perf_throttled_seq 0 → 1
  const r = pmuInterrupt(e5, ticked, "C", "C2");
  t.deepEqual(warns(r), ["etm-tracking-stop"]);
  t.is(r.hits[0]!.callChain[0], "etm_event_stop");
  t.true(r.hits[0]!.callChain.includes("armv8pmu_handle_irq"));
  t.is(r.state.cpu[0]!.perf_throttled_count, 2, "two throttles in one interrupt");
  t.is(r.state.cpu[0]!.etm.handle.event, "L", "the first throttle's transaction is still open");
});

test("arm64 handler re-enables the PMU (PMCR_EL0.E) even inside another context's perf_pmu_disable section (D1)", (t) => {
  const inside = edit(latch(e5On, "C"), (k) => {
    k.cpu[0]!.pmu.disable_count = 1; // e.g. the tick's perf_adjust_freq_unthr_context
    k.cpu[0]!.pmu.pmcr_e = false;
  });
  const s = runContext(e5, inside, "NMI", "armv8pmu_handle_irq").state;
  t.is(s.cpu[0]!.pmu.disable_count, 1);
  t.true(s.cpu[0]!.pmu.pmcr_e, "armv8pmu_start(): PMCR.E = 1 unconditionally");
});

test("x86 handler skips a counter the throttle stopped earlier in the same pass (active_mask): no E5 route (i)", (t) => {
  const ticked = runContext(e5x86, installed(e5x86), "tick", "perf_event_task_tick").state;
  const r = runContext(e5x86, latch(latch(ticked, "C"), "C2"), "NMI", "intel_pmu_handle_irq");
  t.deepEqual(warns(r), []);
  t.is(r.state.ev.C!.hw.interrupts, MAX_INTERRUPTS, "C's bit was acked and skipped");
  t.is(r.state.cpu[0]!.perf_throttled_count, 1);
  t.is(r.steps.filter((x) => x === "perf_event_overflow:entry").length, 1);
});

test("x86 handler restores the global enable only if the PMU was enabled on entry (\"Only restore PMU state when it's active\")", (t) => {
  const on = installed(e5x86);
  const inside = edit(latch(on, "C"), (k) => {
    // x86_pmu_disable (perf_pmu_disable's first level): cpuc->enabled = 0, GLOBAL_CTRL = 0
    k.cpu[0]!.pmu.disable_count = 1;
    k.cpu[0]!.pmu.enabled = false;
    k.cpu[0]!.pmu.pmcr_e = false;
  });
  t.false(runContext(e5x86, inside, "NMI", "intel_pmu_handle_irq").state.cpu[0]!.pmu.pmcr_e, "inside perf_pmu_disable: stays disabled");
  t.true(runContext(e5x86, latch(on, "C"), "NMI", "intel_pmu_handle_irq").state.cpu[0]!.pmu.pmcr_e, "outside: re-enabled");
});

// ---------------------------------------------------------------------------------------------
// The platform switch (audit X9)
// ---------------------------------------------------------------------------------------------

test("platform=nmi: the PMU interrupt is offered inside the tick and inside IRQs-off task code; platform=irq: only where IRQs are on, never nested", (t) => {
  const latched = latch(e5On, "C");
  const inTick = edit(latched, (k) => void k.cpu[0]!.ctx.push({ kind: "tick", irqoff: 0, frames: [{ fn: "perf_event_task_tick", pc: "entry", a: {} }] }));
  const inIrqOff = edit(latched, (k) => void k.cpu[0]!.ctx.push({ kind: "task", irqoff: 1, frames: [{ fn: "perf_mmap_close", pc: "entry", a: { rb: 0 } }] }));
  const nmi = { scenario: "e5-double-throttle-irq" };
  const irq = { scenario: "e5-double-throttle-irq", platform: "irq" };
  t.true(enabledActions(nmi, latched).includes("nmi"));
  t.true(enabledActions(nmi, inTick).includes("nmi"));
  t.true(enabledActions(nmi, inIrqOff).includes("nmi"));
  t.true(enabledActions(irq, latched).includes("pmu_irq"));
  t.false(enabledActions(irq, inTick).includes("pmu_irq"));
  t.false(enabledActions(irq, inIrqOff).includes("pmu_irq"));
  t.false(enabledActions(irq, latched).includes("nmi"));
  const inPmuIrq = edit(latched, (k) => void k.cpu[0]!.ctx.push({ kind: "IRQ", irqoff: 0, frames: [{ fn: "armv8pmu_handle_irq", pc: "entry", a: {} }] }));
  t.false(enabledActions(irq, inPmuIrq).includes("pmu_irq"), "an IRQ does not nest");
  t.false(enabledActions(irq, inPmuIrq).includes("tick"));
});

test("platform parameters are validated: the x86 PMI is always an NMI", (t) => {
  t.throws(() => configFor({ scenario: "e5-double-throttle-irq", platform: "irq", pmu_irq_handler: "x86" }), { message: /always an NMI/ });
});

// ---------------------------------------------------------------------------------------------
// pending_disable and its irq_work (audit X10, D6.3, D6.4)
// ---------------------------------------------------------------------------------------------

const full = configFor({ scenario: "etm-buffer-full" }); // the seed group, max_samples_per_tick = 3
/** R resumes L (tracing), then the AUX buffer fills (the consumer is behind). */
const fullTracing = edit(pmuInterrupt(full, installed(full), "R").state, (k) => void (k.rb[0]!.aux_full = true));

test("ETM pause with the AUX buffer full: ETR update TRUNCATES (pending_disable), the re-begin takes the zero-space branch (D6.4)", (t) => {
  const r = pmuInterrupt(full, fullTracing, "P");
  const s = r.state;
  t.deepEqual(warns(r), []);
  t.true(s.ev.L!.pending_disable, "perf_event_disable_inatomic(L)");
  t.is(s.ev.L!.state, "ACTIVE", "nothing disabled yet: that is the irq_work's job");
  t.is(s.cpu[0]!.etm.handle.event, null, "zero-space begin: handle.event = NULL");
  t.is(s.cpu[0]!.etm.event_data, 0, "event_data kept (D6.4's window)");
  t.is(s.rb[0]!.aux_nest, 0);
  t.is(s.rb[0]!.aux_refcount, 1, "balanced: the TRUNCATED end released its ref, the failed begin dropped its own");
  t.true(enabledActions({ scenario: "etm-buffer-full" }, s).includes("irq_work"), "the irq_work self-IPI is pending");
});

test("D6.4: a resume in the window re-enables the source with no open handle; the next pause WARNs (handle->event != event)", (t) => {
  const paused = pmuInterrupt(full, fullTracing, "P").state;
  const resumed = pmuInterrupt(full, paused, "R").state;
  t.true(etmTracing(resumed.cpu[0]!), "tracing without a transaction");
  t.deepEqual(warns(pmuInterrupt(full, resumed, "P")), ["etm-misc-warn"]);
});

test("the irq_work (perf_pending_disable → __perf_event_disable) schedules the whole group out and leaves the leader OFF, the siblings INACTIVE", (t) => {
  const paused = pmuInterrupt(full, fullTracing, "P").state;
  const r = runContext(full, paused, "IPI", "irq_work_run");
  const s = r.state;
  t.deepEqual(warns(r), []);
  t.deepEqual([s.ev.L!.state, s.ev.P!.state, s.ev.R!.state], ["OFF", "INACTIVE", "INACTIVE"]);
  t.false(s.ev.L!.pending_disable);
  t.is(s.cpu[0]!.etm.drvdata.mode, "DISABLED");
  t.false(Object.values(s.cpu[0]!.pmu.ctr).some((c) => c.event !== null), "both counters released");
  t.false(enabledActions({ scenario: "etm-buffer-full" }, s).includes("irq_work"));
  t.false(enabledActions({ scenario: "etm-buffer-full" }, s).includes("nmi"));
});

test("perf_pending_disable acts only on oncpu: an event already scheduled out is left alone; event_sched_out turns pending_disable into OFF", (t) => {
  const flagged = edit(installed(full), (k) => void (k.ev.L!.pending_disable = true));
  const out = runContext(full, flagged, "task", "group_sched_out", { e: "L" }).state;
  t.is(out.ev.L!.state, "OFF", "event_sched_out: pending_disable → OFF");
  t.false(out.ev.L!.pending_disable);
  const gone = edit(flagged, (k) => void (k.ev.L!.oncpu = -1));
  const r = runContext(full, gone, "IPI", "perf_pending_disable", { e: "L" });
  t.deepEqual(r.steps, ["perf_pending_disable:entry"]);
  t.true(r.state.ev.L!.pending_disable);
});

test("event_limit branch (PERF_EVENT_IOC_REFRESH(S, 1)): S's overflow queues pending_disable and stops S; the irq_work takes S alone OFF", (t) => {
  const cfg = configFor({ scenario: "event-limit" });
  const on = installed(cfg);
  t.is(on.ev.S!.event_limit, 1);
  const r = runContext(cfg, on, "task", "perf_swevent_event", { e: "S" }, { irqoff: 0 });
  t.is(r.state.ev.S!.event_limit, 0);
  t.true(r.state.ev.S!.pending_disable);
  t.is(r.state.ev.S!.hw.state, PERF_HES_STOPPED, "event->pmu->stop(event, 0)");
  t.true(r.steps.includes("perf_swevent_stop:entry"));
  const s = runContext(cfg, r.state, "IPI", "irq_work_run").state;
  t.deepEqual([s.ev.L!.state, s.ev.S!.state, s.ev.C!.state], ["ACTIVE", "OFF", "ACTIVE"], "only a leader takes its group out");
});

// ---------------------------------------------------------------------------------------------
// Each PMBIRQ outcome (audit X4 / D4), seen by the pending-disable machinery
// ---------------------------------------------------------------------------------------------

const spe = configFor({ scenario: "aux-irq-throttled", pmu: "arm_spe" }); // {L = arm_spe, C = cycles}, max_samples_per_tick = 1
const speThrottled = pmuInterrupt(spe, installed(spe), "C").state;
function pmbirq(syndrome: "FULL" | "FULL_DL" | "FAULT", noSpace = false): RunResult {
  const s = edit(speThrottled, (k) => {
    k.cpu[0]!.spe.pmbsr = syndrome;
    if (noSpace) k.rb[0]!.aux_full = true;
  });
  return runContext(spe, s, "IRQ", "arm_spe_pmu_irq_handler");
}
const speParams = { scenario: "aux-irq-throttled", pmu: "arm_spe" };

test("PMBIRQ TRUNCATED (FULL_DL): the end queues pending_disable and the handler's synchronous irq_work_run takes the group OFF before it returns", (t) => {
  const r = pmbirq("FULL_DL");
  const s = r.state;
  t.true(r.steps.includes("irq_work_run:entry") && r.steps.includes("__perf_event_disable:entry"));
  t.deepEqual([s.ev.L!.state, s.ev.C!.state, s.ev.L!.pending_disable], ["OFF", "INACTIVE", false]);
  t.deepEqual([s.cpu[0]!.spe.handle.event, s.rb[0]!.aux_nest], [null, 0], "no re-open");
  t.false(enabledActions(speParams, s).includes("irq_work"), "nothing left for the self-IPI");
  t.deepEqual(warns(runContext(spe, s, "tick", "perf_event_task_tick")), [], "the tick never sees the group again");
});

test("PMBIRQ OK with no AUX space: closed, pending_disable still queued after the handler; the self-IPI takes the group OFF; a tick before it hits zero space again", (t) => {
  const r = pmbirq("FULL", true);
  const s = r.state;
  t.deepEqual([s.ev.L!.state, s.ev.L!.pending_disable, s.cpu[0]!.spe.handle.event, s.rb[0]!.aux_nest], ["ACTIVE", true, null, 0]);
  t.true(enabledActions(speParams, s).includes("irq_work"));
  const tick = runContext(spe, s, "tick", "perf_event_task_tick");
  t.deepEqual(warns(tick), [], "start(0) begins into zero space: no nest WARN");
  t.deepEqual([tick.state.rb[0]!.aux_nest, tick.state.ev.L!.pending_disable], [0, true]);
  const off = runContext(spe, s, "IPI", "irq_work_run").state;
  t.deepEqual([off.ev.L!.state, off.ev.C!.state], ["OFF", "INACTIVE"]);
});

test("PMBIRQ FATAL (fault): ended and drained, nothing queued, nothing disabled; the tick's start(0) succeeds", (t) => {
  const s = pmbirq("FAULT").state;
  t.deepEqual([s.ev.L!.state, s.ev.L!.pending_disable, s.rb[0]!.aux_nest], ["ACTIVE", false, 0]);
  t.false(enabledActions(speParams, s).includes("irq_work"));
  const tick = runContext(spe, s, "tick", "perf_event_task_tick");
  t.deepEqual(warns(tick), []);
  t.is(tick.state.cpu[0]!.spe.handle.event, "L");
});

test("PMBIRQ OK with space: the transaction is re-opened (no hw.state check), nothing queued; the tick's start(0) WARNs", (t) => {
  const s = pmbirq("FULL").state;
  t.deepEqual([s.cpu[0]!.spe.handle.event, s.rb[0]!.aux_nest, s.ev.L!.pending_disable], ["L", 1, false]);
  t.deepEqual(warns(runContext(spe, s, "tick", "perf_event_task_tick")), ["R1"]);
});

test("SPE sched-out after a throttle (X4's missing case): stop(UPDATE) returns at once, the transaction leaks; the next add WARNs and fails", (t) => {
  const cfg = configFor({ scenario: "f1-sched-in-leak", pmu: "arm_spe" });
  const thr = pmuInterrupt(cfg, installed(cfg), "C").state;
  const out = runContext(cfg, thr, "task", "__perf_event_task_sched_out").state;
  t.deepEqual([out.ev.L!.state, out.cpu[0]!.spe.handle.event, out.rb[0]!.aux_nest], ["INACTIVE", "L", 1]);
  const back = runContext(cfg, out, "task", "__perf_event_task_sched_in");
  t.deepEqual(warns(back), ["R1"]);
  t.is(back.state.ev.L!.state, "INACTIVE", "add → -EINVAL");
});

// ---------------------------------------------------------------------------------------------
// Software siblings (D6.7, F3 route b), frequency mode (D1), close (D6.6), IOC_PERIOD on L (D6.5)
// ---------------------------------------------------------------------------------------------

const f3 = configFor({ scenario: "f3-sw-sibling" }); // {L, S = page-faults/aux-action=resume, C = cycles}, max_samples_per_tick = 1
const f3leo = configFor({ scenario: "f3-sw-sibling", patch: "leo-yan-v1" });

test("a software sibling's first overflow never throttles (throttle = 0) but runs its aux-action under the guard, with IRQs off", (t) => {
  const r = runContext(f3, installed(f3), "task", "perf_swevent_event", { e: "S" }, { irqoff: 0 });
  t.is(r.state.ev.S!.hw.interrupts, 1, "1 ≥ max_samples_per_tick, yet no throttle");
  t.is(r.state.cpu[0]!.perf_throttled_count, 0);
  t.true(r.steps.includes("perf_event_aux_pause:unguard"), "took and released rb->aux_in_pause_resume");
  const mid = runUntil(f3, edit(installed(f3), (k) => void k.cpu[0]!.ctx.push({ kind: "task", irqoff: 0, frames: [{ fn: "perf_swevent_event", pc: "entry", a: { e: "S" } }] })), (k) => k.rb[0]!.aux_in_pause_resume);
  t.true(mid.rb[0]!.aux_in_pause_resume);
  t.is(mid.cpu[0]!.ctx[0]!.irqoff, 2, "guard(irqsave) in perf_swevent_event + scoped_guard(irqsave) in perf_event_aux_pause");
  t.false(enabledActions({ scenario: "f3-sw-sibling", platform: "irq" }, latch(mid, "C")).includes("pmu_irq"), "platform=irq: no PMU interrupt inside");
});

test("F3 route (b) under leo-yan-v1: the NMI throttle's perf_event_aux_pause(L, true) finds the guard held and is dropped; L traces with interrupts == MAX", (t) => {
  const pushed = edit(installed(f3leo), (k) => void k.cpu[0]!.ctx.push({ kind: "task", irqoff: 0, frames: [{ fn: "perf_swevent_event", pc: "entry", a: { e: "S" } }] }));
  const mid = runUntil(f3leo, pushed, (k) => k.rb[0]!.aux_in_pause_resume);
  const r = runContext(f3leo, latch(mid, "C"), "NMI", "armv8pmu_handle_irq");
  t.deepEqual(warns(r), [], "a dropped pause raises no WARN: the property reads the ghost");
  t.is(r.state.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  t.is(r.state.ghost.throttlePause.L, THROTTLE_PAUSE_GUARD, "the probe on perf_event_aux_pause's entry recorded the held guard");
  t.true(etmTracing(r.state.cpu[0]!));
  t.regex(throttlePauseLost(r.state, f3leo, THROTTLE_PAUSE_GUARD) ?? "", /found rb->aux_in_pause_resume held/);
  const mainline = runContext(f3, latch(runUntil(f3, edit(installed(f3), (k) => void k.cpu[0]!.ctx.push({ kind: "task", irqoff: 0, frames: [{ fn: "perf_swevent_event", pc: "entry", a: { e: "S" } }] })), (k) => k.rb[0]!.aux_in_pause_resume), "C"), "NMI", "armv8pmu_handle_irq");
  t.false(etmTracing(mainline.state.cpu[0]!), "mainline: stop(L, 0) takes no guard");
});

test("frequency mode (D1): the throttling freq sibling is restarted by perf_adjust_period (rate jump) and counts with interrupts == MAX; without the jump it stays stopped", (t) => {
  const cfg = configFor({ scenario: "e5-freq-sibling" });
  const on = installed(cfg);
  const jumped = edit(latch(on, "C"), (k) => void (k.cpu[0]!.pmu.ctr[String(k.ev.C!.hw.idx)]!.adj = true));
  const r = runContext(cfg, jumped, "NMI", "armv8pmu_handle_irq");
  t.true(r.steps.includes("perf_adjust_period:reload"));
  t.is(r.state.ev.C!.hw.interrupts, MAX_INTERRUPTS);
  t.true(r.state.cpu[0]!.pmu.ctr[String(r.state.ev.C!.hw.idx)]!.en, "stop(UPDATE) + start(RELOAD): counting again");
  const plain = runContext(cfg, latch(on, "C"), "NMI", "armv8pmu_handle_irq");
  t.false(plain.state.cpu[0]!.pmu.ctr[String(plain.state.ev.C!.hw.idx)]!.en);
});

test("closing the AUX leader: L DEAD (its transaction ended by del), its aux-action siblings ERROR (perf_put_aux_event), counters freed", (t) => {
  const cfg = configFor({ scenario: "close-aux-leader" });
  const r = runContext(cfg, installed(cfg), "task", "perf_event_release_kernel", { e: "L" });
  const s = r.state;
  t.deepEqual(warns(r), []);
  t.deepEqual([s.ev.L!.state, s.ev.P!.state, s.ev.R!.state], ["DEAD", "ERROR", "ERROR"]);
  t.deepEqual([s.cpu[0]!.etm.handle.event, s.rb[0]!.aux_nest], [null, 0]);
  t.false(Object.values(s.cpu[0]!.pmu.ctr).some((c) => c.event !== null));
  t.false(enabledActions({ scenario: "close-aux-leader" }, s).includes("close"));
});

test("IOC_PERIOD on the throttled AUX leader (D6.5): stop(L, UPDATE) tracking WARN, start(L, RELOAD) nest WARN, then the siblings restart", (t) => {
  const cfg = configFor({ scenario: "ioc-period-leader" }); // max_samples_per_tick = 2
  const thr = pmuInterrupt(cfg, pmuInterrupt(cfg, installed(cfg), "R").state, "R").state;
  t.is(thr.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  const r = runContext(cfg, thr, "IPI", "__perf_event_period", { e: "L" });
  t.deepEqual(warns(r), ["etm-tracking-stop", "R1"]);
  t.deepEqual([r.state.ev.L!.hw.interrupts, r.state.ev.P!.hw.interrupts, r.state.ev.R!.hw.interrupts], [0, 0, 0]);
  t.true(["P", "R"].every((e) => r.state.cpu[0]!.pmu.ctr[String(r.state.ev[e]!.hw.idx)]!.en));
  t.is(r.state.cpu[0]!.pmu.disable_count, 0);
});

// ---------------------------------------------------------------------------------------------
// The standard runs: each new scenario's verdict on both platforms
// ---------------------------------------------------------------------------------------------

test.serial("every platform run is registered in the kernel runs, with a platform, and every scenario it uses runs on both platforms", (t) => {
  for (const r of platformRuns) t.truthy(kernelRuns.find((k) => k.id === r.id), r.id);
  for (const r of platformRuns) t.truthy(r.params.platform, `${r.id} names its platform`);
  // a standard run without `platform` runs on the default, nmi (4 runs)
  const platformsOf = (scenario: string): string[] => [...new Set(kernelRuns.filter((k) => k.scenario === scenario).map((k) => String(k.params.platform ?? "nmi")))].sort();
  for (const scenario of new Set(platformRuns.map((r) => String(r.scenario)))) t.deepEqual(platformsOf(scenario), ["irq", "nmi"], scenario);
});

for (const run of platformRuns) {
  test.serial(`${run.id}: explored completely, verdict as expected (${run.expected.violated?.join(", ") || run.expected.verdict})`, (t) => {
    const r = explore(buildKernelModel(run.params), { freezeStates: true, timeoutSeconds: 60 });
    t.true(r.complete || r.stopReason === "all-violated", r.stopReason);
    t.true(r.distinct < 100_000, `${r.distinct} states`);
    t.true(matchesExpectation(r, run.expected), `got ${verdictOf(r)} ${violatedSet(r).join(", ")}`);
  });
}
