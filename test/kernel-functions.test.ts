/**
 * Each modelled kernel function stepped from a hand-built state (models/kernel/harness.ts runs one
 * context to completion, nothing interleaved), and the state after compared with the reference:
 * kernel-semantics.md §4's table rows for steps 1-4 and 6, §4.1, §4.3, §4.4, and the functions'
 * own branches (§2.1-§2.9, §3.1, §3.2, audit X2 / 4c).
 */
import test from "ava";
import { configFor, edit, installed, pmuInterrupt, runContext, type RunResult } from "../models/kernel/harness.ts";
import { etmTracing, MAX_INTERRUPTS, PERF_EF_PAUSE, PERF_EF_UPDATE, PERF_HES_STOPPED, type KState } from "../models/kernel/interpreter/state.ts";
import { r2Violation } from "../invariants/kernel/R2-transaction-balance.ts";
import { r3Violation } from "../invariants/kernel/R3-throttle-stops-group.ts";
import { r5Violation } from "../invariants/kernel/R5-no-pause-leak.ts";
import { r6Violation } from "../invariants/kernel/R6-nmi-throttle-sticks.ts";

const SEED_CHAIN = [
  "perf_aux_output_begin",
  "etm_event_start",
  "perf_event_unthrottle",
  "perf_event_unthrottle_group",
  "perf_adjust_freq_unthr_events",
  "perf_adjust_freq_unthr_context",
  "perf_event_task_tick",
];

const seedCfg = configFor({ scenario: "seed-coresight-warn" }); // max_samples_per_tick = 2

/** §4 step 0: the group scheduled in by perf record's enable. */
const step0 = installed(seedCfg);
/** §4 step 1: an R overflow below the threshold resumes L. */
const step1 = pmuInterrupt(seedCfg, step0, "R");
/** §4 step 2: a P overflow below the threshold pauses L (ETR: update, end + begin). */
const step2 = pmuInterrupt(seedCfg, step1.state, "P");
/** §4 step 3: the next overflow (R's second in this tick window) reaches max_samples_per_tick and throttles the group. */
const step3 = pmuInterrupt(seedCfg, step2.state, "R");
/** §4 step 4: the tick unthrottles the group. */
const step4 = runContext(seedCfg, step3.state, "tick", "perf_event_task_tick");

function warns(r: RunResult): string[] {
  return r.hits.map((h) => h.property);
}

test("§4 step 0: L ACTIVE with hw.state 0, aux_paused 1, transaction open, event_data set, not tracing; P and R counting", (t) => {
  const s = step0;
  t.is(s.ev.L!.state, "ACTIVE");
  t.is(s.ev.L!.hw.state, 0);
  t.is(s.ev.L!.hw.aux_paused, 1);
  t.is(s.ev.L!.hw.interrupts, 0);
  t.is(s.cpu[0]!.etm.handle.event, "L");
  t.is(s.rb[0]!.aux_nest, 1);
  t.is(s.rb[0]!.aux_refcount, 2);
  t.is(s.cpu[0]!.etm.event_data, 0);
  t.false(etmTracing(s.cpu[0]!), "ETM4x enable read aux_paused = 1: trace unit not enabled");
  t.is(s.cpu[0]!.etm.drvdata.mode, "PERF");
  for (const c of ["P", "R"]) t.true(s.cpu[0]!.pmu.ctr[String(s.ev[c]!.hw.idx)]!.en, `${c} counting`);
  t.is(s.ev.P!.hw.idx, 31, "cycles takes the dedicated cycle counter first");
  t.is(s.ev.R!.hw.idx, 0);
  t.true(s.cpu[0]!.pmu.pmcr_e);
  t.is(s.cpu[0]!.pmu.disable_count, 0);
  t.is(r2Violation(s), null);
});

test("§4 step 1: R's overflow resumes L (aux_paused 1→0, coresight_resume_source)", (t) => {
  t.deepEqual(warns(step1), []);
  const s = step1.state;
  t.is(s.ev.L!.hw.aux_paused, 0);
  t.true(etmTracing(s.cpu[0]!));
  t.is(s.ev.R!.hw.interrupts, 1);
  t.false(s.ghost.userPaused.L!);
  t.true(s.cpu[0]!.pmu.pmcr_e, "armv8pmu_start at the end of the handler");
});

test("§4 step 2: P's overflow pauses L; the ETR pause ends and re-begins the transaction", (t) => {
  t.deepEqual(warns(step2), []);
  const s = step2.state;
  t.is(s.ev.L!.hw.aux_paused, 1);
  t.false(etmTracing(s.cpu[0]!));
  t.is(s.cpu[0]!.etm.handle.event, "L");
  t.is(s.rb[0]!.aux_nest, 1);
  t.is(s.rb[0]!.aux_refcount, 2);
  t.is(s.rb[0]!.refcount, 2);
  t.true(step2.steps.includes("perf_aux_output_end:entry") && step2.steps.includes("perf_aux_output_begin:nest"));
});

test("§4 step 3 (row): throttle stops L with stop(L,0) and keeps its transaction open; P, R stopped", (t) => {
  t.deepEqual(warns(step3), []);
  const s = step3.state;
  t.is(s.ev.L!.state, "ACTIVE");
  t.is(s.ev.L!.hw.state, PERF_HES_STOPPED);
  t.is(s.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  t.is(s.cpu[0]!.etm.handle.event, "L", "transaction still open");
  t.is(s.rb[0]!.aux_nest, 1);
  t.is(s.rb[0]!.aux_refcount, 2, "refs held");
  t.is(s.rb[0]!.refcount, 2);
  t.is(s.cpu[0]!.etm.event_data, null);
  t.is(s.cpu[0]!.etm.drvdata.mode, "DISABLED");
  for (const c of ["P", "R"]) {
    t.is(s.ev[c]!.hw.interrupts, MAX_INTERRUPTS);
    t.false(s.cpu[0]!.pmu.ctr[String(s.ev[c]!.hw.idx)]!.en, `${c} stopped`);
  }
  t.is(s.cpu[0]!.perf_throttled_count, 1);
  // the same NMI then ran R's own aux_resume at out: aux_paused 1→0, etm_event_resume → event_data == NULL → nothing
  t.is(s.ev.L!.hw.aux_paused, 0);
  t.true(step3.steps.includes("etm_event_resume:entry") && !step3.steps.includes("etm4_resume_perf:entry"));
  t.false(etmTracing(s.cpu[0]!));
  // audit X1: the handler did not stop P on the return of 1; only the group throttle did, via stop(P, 0)
  t.true(step3.steps.includes("armpmu_stop:entry"));
  t.is(r2Violation(s), null);
  t.is(r3Violation(s, seedCfg), null);
  t.is(r6Violation(s, seedCfg), null);
});

test("§4 step 4 (row): the tick's start(L,0) WARNs in perf_aux_output_begin with the seed's call trace; the transaction is orphaned", (t) => {
  t.deepEqual(warns(step4), ["R1"]);
  t.deepEqual([...step4.hits[0]!.callChain], SEED_CHAIN);
  const s = step4.state;
  t.is(s.ev.L!.state, "ACTIVE");
  t.is(s.ev.L!.hw.state, PERF_HES_STOPPED);
  t.is(s.ev.L!.hw.interrupts, 0);
  t.is(s.rb[0]!.aux_nest, 1, "aux_nest = 1 forever");
  t.is(s.cpu[0]!.etm.handle.event, null, "handle.event cleared by the failed begin");
  t.is(s.rb[0]!.aux_refcount, 2, "the first transaction's aux_refcount is leaked");
  t.is(s.rb[0]!.refcount, 2, "and its rb reference");
  for (const c of ["P", "R"]) {
    t.is(s.ev[c]!.hw.interrupts, 0);
    t.true(s.cpu[0]!.pmu.ctr[String(s.ev[c]!.hw.idx)]!.en, `${c} counting again`);
  }
  t.is(s.cpu[0]!.perf_throttled_count, 0);
  t.is(s.cpu[0]!.perf_throttled_seq, 1);
  t.true(s.cpu[0]!.pmu.pmcr_e);
  t.regex(r2Violation(s) ?? "", /aux_nest = 1 but 0 handle/);
});

test("§4 step 5: later NMIs: resume finds event_data NULL and does nothing; ETM trace is dead", (t) => {
  const r = pmuInterrupt(seedCfg, edit(step4.state, (k) => void (k.ev.L!.hw.aux_paused = 1)), "R");
  t.true(r.steps.includes("etm_event_resume:entry") && !r.steps.includes("etm4_resume_perf:entry"));
  t.deepEqual(warns(r), []);
  t.false(etmTracing(r.state.cpu[0]!));
  t.is(r.state.ev.L!.hw.aux_paused, 0, "the flag flips even though the driver does nothing");
});

test("§4 step 6 / E4: munmap after the orphan: perf_mmap_close WARNs on aux_refcount", (t) => {
  const r = runContext(seedCfg, step4.state, "task", "perf_mmap_close", { rb: 0 }, { irqoff: 0 });
  t.deepEqual(warns(r), ["munmap-warn"]);
  t.deepEqual([...r.hits[0]!.callChain], ["perf_mmap_close"]);
  t.is(r.state.rb[0]!.aux_refcount, 1, "AUX pages leaked");
  t.is(r.state.rb[0]!.aux_mmap_count, 0);
  t.true(r.state.rb[0]!.has_aux);
});

test("munmap of a clean session: the AUX stop ends the transaction, no WARN, pages freed", (t) => {
  const r = runContext(seedCfg, step2.state, "task", "perf_mmap_close", { rb: 0 }, { irqoff: 0 });
  t.deepEqual(warns(r), []);
  t.is(r.state.rb[0]!.aux_refcount, 0);
  t.false(r.state.rb[0]!.has_aux);
  t.is(r.state.cpu[0]!.etm.handle.event, null);
  t.is(r2Violation(r.state), null);
  // a later start cannot re-open: aux_mmap_count == 0
  const t2 = runContext(seedCfg, r.state, "tick", "etm_event_start", { e: "L", flags: 0 });
  t.deepEqual(warns(t2), []);
  t.is(t2.state.cpu[0]!.etm.handle.event, null);
  t.is(t2.state.ev.L!.hw.state, PERF_HES_STOPPED);
});

test("§4.3: address-filter restart while throttled: tracking WARN in stop(UPDATE), then begin WARN from __perf_event_stop", (t) => {
  const r = runContext(seedCfg, step3.state, "IPI", "__perf_event_stop", { e: "L", restart: 1 });
  t.deepEqual(warns(r), ["etm-tracking-stop", "R1"]);
  t.deepEqual([...r.hits[0]!.callChain], ["etm_event_stop", "__perf_event_stop"]);
  t.deepEqual([...r.hits[1]!.callChain], ["perf_aux_output_begin", "etm_event_start", "__perf_event_stop"]);
  t.is(r.state.ev.L!.hw.interrupts, MAX_INTERRUPTS, "restarted without being unthrottled");
});

test("§4.4: PERF_EVENT_IOC_PERIOD on P while throttled unthrottles the group and WARNs in IPI context", (t) => {
  const r = runContext(seedCfg, step3.state, "IPI", "__perf_event_period", { e: "P" });
  t.deepEqual(warns(r), ["R1"]);
  t.deepEqual([...r.hits[0]!.callChain], ["perf_aux_output_begin", "etm_event_start", "perf_event_unthrottle", "perf_event_unthrottle_group", "__perf_event_period"]);
  for (const c of ["L", "P", "R"]) t.is(r.state.ev[c]!.hw.interrupts, 0);
  t.is(r.state.cpu[0]!.pmu.disable_count, 0);
});

test("§4.1: per-task, switched out after the throttle: tracking WARN, transaction left open on an INACTIVE event; switch-in WARNs in begin", (t) => {
  const cfg = configFor({ scenario: "switch-before-tick" });
  const in1 = installed(cfg);
  t.true(in1.cpu[0]!.task_ctx_current);
  const thr = pmuInterrupt(cfg, pmuInterrupt(cfg, in1, "R").state, "R");
  t.is(thr.state.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  const out = runContext(cfg, thr.state, "task", "__perf_event_task_sched_out");
  t.deepEqual(warns(out), ["etm-tracking-stop"]);
  t.deepEqual([...out.hits[0]!.callChain], ["etm_event_stop", "etm_event_del", "event_sched_out", "group_sched_out", "ctx_sched_out", "perf_event_context_sched_out", "__perf_event_task_sched_out"]);
  t.is(out.state.ev.L!.state, "INACTIVE");
  t.is(out.state.cpu[0]!.etm.handle.event, "L", "transaction still open");
  t.regex(r2Violation(out.state) ?? "", /holds a transaction of L, which is INACTIVE/);
  t.is(out.state.ev.L!.hw.interrupts, MAX_INTERRUPTS, "interrupts untouched by sched-out");
  const back = runContext(cfg, out.state, "task", "__perf_event_task_sched_in");
  t.deepEqual(warns(back), ["R1"]);
  t.deepEqual([...back.hits[0]!.callChain].slice(0, 4), ["perf_aux_output_begin", "etm_event_start", "etm_event_add", "event_sched_in"]);
  t.is(back.state.ev.L!.state, "INACTIVE", "add failed: -EINVAL");
  t.is(back.state.ev.L!.hw.interrupts, 0, "event_sched_in unthrottled L (start = false) before add");
  t.is(back.state.ev.P!.state, "INACTIVE", "the group could not be scheduled");
  t.is(back.state.cpu[0]!.pmu.disable_count, 0);
});

test("__perf_event_account_interrupt: new window sets 1, same window increments, MAX wraps to 0 (audit X2)", (t) => {
  const cfg = configFor({ scenario: "seed-coresight-warn", max_samples_per_tick: 3 });
  const s = installed(cfg);
  const acc = (st: KState) => runContext(cfg, st, "NMI", "__perf_event_account_interrupt", { e: "P", throttle: 1 }).state;
  t.is(acc(s).ev.P!.hw.interrupts, 1);
  t.is(acc(acc(s)).ev.P!.hw.interrupts, 2);
  const max = edit(s, (k) => void (k.ev.P!.hw.interrupts = MAX_INTERRUPTS));
  t.is(acc(max).ev.P!.hw.interrupts, 0, "same seq: MAX + 1 wraps to 0");
  const newSeq = edit(max, (k) => void (k.cpu[0]!.perf_throttled_seq = 5));
  const r = acc(newSeq);
  t.is(r.ev.P!.hw.interrupts, 1);
  t.is(r.ev.P!.hw.interrupts_seq, 5);
  // throttle = 0 (software events' first overflow) never throttles
  const noThr = runContext(cfg, edit(s, (k) => void (k.ev.P!.hw.interrupts = 2)), "NMI", "__perf_event_account_interrupt", { e: "P", throttle: 0 });
  t.is(noThr.state.ev.P!.hw.interrupts, 3);
  t.is(noThr.state.cpu[0]!.perf_throttled_count, 0);
});

test("perf_event_throttle / perf_event_unthrottle: the state != ACTIVE guard; unthrottle(start=false) does not start", (t) => {
  const inactive = edit(step0, (k) => void (k.ev.R!.state = "INACTIVE"));
  const r = runContext(seedCfg, inactive, "NMI", "perf_event_throttle", { e: "R" });
  t.deepEqual(r.steps, ["perf_event_throttle:entry"]);
  t.is(r.state.ev.R!.hw.interrupts, 0);
  const u = runContext(seedCfg, step3.state, "task", "perf_event_unthrottle", { e: "P", start: false });
  t.is(u.state.ev.P!.hw.interrupts, 0);
  t.false(u.state.cpu[0]!.pmu.ctr["31"]!.en, "no start");
});

test("perf_event_aux_pause: the aux_in_pause_resume guard drops the later action; aux_in_sampling only with the parameter", (t) => {
  const held = edit(step1.state, (k) => void (k.rb[0]!.aux_in_pause_resume = true));
  const dropped = runContext(seedCfg, held, "NMI", "perf_event_aux_pause", { e: "L", pause: true });
  t.is(dropped.state.ev.L!.hw.aux_paused, 0, "dropped");
  t.true(etmTracing(dropped.state.cpu[0]!));
  t.is(dropped.state.rb[0]!.refcount, held.rb[0]!.refcount, "ring_buffer_get/put balanced");
  const sampling = edit(step1.state, (k) => void (k.rb[0]!.aux_in_sampling = true));
  const off = runContext(seedCfg, sampling, "NMI", "perf_event_aux_pause", { e: "L", pause: true });
  t.is(off.state.ev.L!.hw.aux_paused, 1, "default (audit X3): aux_in_sampling is not checked");
  const cfgOn = configFor({ scenario: "seed-coresight-warn", aux_in_sampling_guard: true });
  const on = runContext(cfgOn, sampling, "NMI", "perf_event_aux_pause", { e: "L", pause: true });
  t.is(on.state.ev.L!.hw.aux_paused, 0, "[LY-core] variant: dropped");
  // task context: irqsave inside, restored after
  const task = runContext(seedCfg, step1.state, "task", "perf_event_aux_pause", { e: "L", pause: true }, { irqoff: 0 });
  t.is(task.state.cpu[0]!.ctx.length, 0);
});

test("armv8pmu_handle_irq walks the whole snapshot: a member the group throttle stopped in this pass is still accounted (audit 4c)", (t) => {
  const cfg = configFor({ scenario: "seed-coresight-warn", max_samples_per_tick: 1 });
  const s = installed(cfg);
  const r = pmuInterrupt(cfg, s, "R", "P");
  // R (counter 0) first: throttles the group; then P (cycle counter 31), already MAX in the same window: wraps to 0
  t.is(r.state.ev.R!.hw.interrupts, MAX_INTERRUPTS);
  t.is(r.state.ev.P!.hw.interrupts, 0);
  t.is(r.state.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  t.deepEqual(warns(r), []);
  t.true(r.state.cpu[0]!.pmu.pmcr_e);
  // E5 (audit X8): in a new tick window both reach 1 and the second throttle hits the ETM tracking WARN
  const next = pmuInterrupt(cfg, edit(s, (k) => void (k.cpu[0]!.perf_throttled_seq = 1)), "R", "P");
  t.deepEqual(warns(next), ["etm-tracking-stop"]);
  t.deepEqual([...next.hits[0]!.callChain], ["etm_event_stop", "perf_event_throttle", "perf_event_throttle_group", "__perf_event_account_interrupt", "__perf_event_overflow", "perf_event_overflow", "armv8pmu_handle_irq"]);
});

test("perf_aux_output_begin / end: refcounts, aux_nest and the handle; a nested begin WARNs and clears the handle", (t) => {
  const clean = runContext(seedCfg, step0, "task", "perf_aux_output_end", { h: "etm" }).state;
  t.deepEqual([clean.rb[0]!.aux_nest, clean.rb[0]!.aux_refcount, clean.rb[0]!.refcount, clean.cpu[0]!.etm.handle.event], [0, 1, 1, null]);
  const begun = runContext(seedCfg, clean, "task", "perf_aux_output_begin", { h: "etm", e: "L" });
  t.deepEqual(warns(begun), []);
  t.deepEqual([begun.state.rb[0]!.aux_nest, begun.state.rb[0]!.aux_refcount, begun.state.rb[0]!.refcount, begun.state.cpu[0]!.etm.handle.event], [1, 2, 2, "L"]);
  const nested = runContext(seedCfg, begun.state, "task", "perf_aux_output_begin", { h: "etm", e: "L" });
  t.deepEqual(warns(nested), ["R1"]);
  t.deepEqual([nested.state.rb[0]!.aux_nest, nested.state.rb[0]!.aux_refcount, nested.state.rb[0]!.refcount, nested.state.cpu[0]!.etm.handle.event], [1, 2, 2, null]);
  const noAux = edit(clean, (k) => void (k.rb[0]!.has_aux = false));
  const failed = runContext(seedCfg, noAux, "task", "perf_aux_output_begin", { h: "etm", e: "L" });
  t.deepEqual([failed.state.rb[0]!.refcount, failed.state.cpu[0]!.etm.handle.event], [1, null]);
});

test("etm_event_stop (variant A): stop(0) keeps the transaction, stop(UPDATE) ends it, stop(PAUSE) only pauses", (t) => {
  const s = step1.state; // tracing
  const z = runContext(seedCfg, s, "NMI", "etm_event_stop", { e: "L", flags: 0 }).state;
  t.deepEqual([z.cpu[0]!.etm.handle.event, z.cpu[0]!.etm.event_data, z.ev.L!.hw.state, etmTracing(z.cpu[0]!)], ["L", null, PERF_HES_STOPPED, false]);
  const u = runContext(seedCfg, s, "task", "etm_event_stop", { e: "L", flags: PERF_EF_UPDATE }).state;
  t.deepEqual([u.cpu[0]!.etm.handle.event, u.rb[0]!.aux_nest, u.ev.L!.hw.state], [null, 0, PERF_HES_STOPPED]);
  const p = runContext(seedCfg, s, "NMI", "etm_event_stop", { e: "L", flags: PERF_EF_PAUSE }).state;
  t.deepEqual([p.cpu[0]!.etm.handle.event, p.cpu[0]!.etm.event_data, p.ev.L!.hw.state, etmTracing(p.cpu[0]!)], ["L", 0, 0, false]);
  // a start while event_data is set: WARN_ON(ctxt->event_data)
  const w = runContext(seedCfg, s, "task", "etm_event_start", { e: "L", flags: 0 });
  t.deepEqual(warns(w), ["etm-tracking-start"]);
  t.is(w.state.ev.L!.hw.state, PERF_HES_STOPPED);
});

test("etm variant B (§3.2): stop(0) ends the transaction, so the tick's start(0) begins cleanly", (t) => {
  const cfg = configFor({ scenario: "seed-coresight-warn", etm_variant: "B" });
  const s0 = installed(cfg);
  const s1 = pmuInterrupt(cfg, s0, "R").state;
  const s3 = pmuInterrupt(cfg, s1, "R").state;
  t.is(s3.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  t.is(s3.cpu[0]!.etm.handle.event, null, "B ends the transaction on stop(0)");
  t.is(s3.rb[0]!.aux_nest, 0);
  const tick = runContext(cfg, s3, "tick", "perf_event_task_tick");
  t.deepEqual(warns(tick), []);
  t.is(tick.state.cpu[0]!.etm.handle.event, "L");
  t.is(tick.state.ev.L!.hw.state & PERF_HES_STOPPED, 0);
  t.true(etmTracing(tick.state.cpu[0]!), "resumed by R before the throttle: enable reads aux_paused = 0");
  t.is(r5Violation(tick.state, cfg), null);
});

test("revert-9734e25fbf5a: the throttle marks only the overflowing event, stops nothing; the tick does not restart the AUX leader", (t) => {
  const cfg = configFor({ scenario: "seed-coresight-warn", patch: "revert-9734e25fbf5a" });
  const s = installed(cfg);
  const r = pmuInterrupt(cfg, pmuInterrupt(cfg, s, "P").state, "P");
  t.is(r.state.ev.P!.hw.interrupts, MAX_INTERRUPTS);
  t.is(r.state.ev.L!.hw.interrupts, 0);
  t.is(r.state.ev.R!.hw.interrupts, 0);
  t.true(r.state.cpu[0]!.pmu.ctr["31"]!.en, "P keeps counting (audit D1: handlers no longer stop it)");
  t.is(r.state.cpu[0]!.etm.handle.event, "L");
  t.regex(r3Violation(r.state, cfg) ?? "", /P is throttled/);
  t.regex(r6Violation(r.state, cfg) ?? "", /P was throttled by an NMI/);
  const tick = runContext(cfg, r.state, "tick", "perf_event_task_tick");
  t.deepEqual(warns(tick), []);
  t.is(tick.state.ev.P!.hw.interrupts, MAX_INTERRUPTS, "siblings are not on the active list: only sched-in or IOC_PERIOD unthrottle them");
  t.false(tick.steps.some((l) => l.startsWith("etm_event_start")));
});

test("R6 is not checked inside an unthrottle path nor while an NMI runs", (t) => {
  // mid-tick, between unthrottle(L) and unthrottle(P): L restarted (failed), P still MAX and nmi-set
  const s = edit(step3.state, (k) => {
    k.cpu[0]!.ctx.push({ kind: "tick", irqoff: 0, frames: [{ fn: "perf_event_task_tick", pc: "task_ctx", a: {} }, { fn: "perf_event_unthrottle_group", pc: "siblings", a: { e: "L", i: 0 } }] });
    k.cpu[0]!.pmu.ctr["0"]!.en = true; // R restarted already (illustrative)
  });
  t.is(r6Violation(s, seedCfg), null);
  const outside = edit(s, (k) => void k.cpu[0]!.ctx.pop());
  t.regex(r6Violation(outside, seedCfg) ?? "", /throttled by an NMI/);
});

test("every modelled kernel function and patch override cites its kernel file and function and the reference section it follows", async (t) => {
  const { everyKernelFunction } = await import("../models/kernel/model.ts");
  const { PATCHES } = await import("../models/patches/index.ts");
  const fns = [...Object.values(everyKernelFunction()), ...PATCHES.flatMap((p) => p.overrides)];
  t.true(fns.length > 100);
  for (const f of fns) {
    t.regex(f.cite, new RegExp(`${f.name.replace(/\$/g, "\\$")}\\(|\\.c\\b`), `${f.name}: the kernel file or function`);
    t.regex(f.cite, /§|audit [A-Z]\d|errata X\d/, `${f.name}: the reference section (kernel-semantics.md §, its audit or errata)`);
  }
});
