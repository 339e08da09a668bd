/**
 * Leo Yan's patch, the five sashiko-bot findings, the candidate fixes, the verdict matrix.
 *
 * - Each finding's scenario: its verdict matches the expectation data (models/kernel/scenarios/runs/patch-matrix.ts),
 *   its shortest trace replays by action name from the initial state and ends in the violation, and the
 *   trace has the finding's shape (F1: a switch-out then a switch-in, ending with the trace unit off; ...).
 * - The matrix: every cell of scenarios/runs/patch-matrix.ts explored completely (freezeStates on) and compared with its
 *   expectation; the cells cover every patch × AUX PMU for every scenario that PMU accepts.
 */
import test, { type ExecutionContext } from "ava";
import { explore } from "../src/explore.ts";
import { formatAction, type AssertionHit } from "../src/model.ts";
import type { ExploreResult, Violation } from "../src/result.ts";
import { matchesExpectation, verdictOf, violatedSet } from "../src/runner.ts";
import type { StandardRun } from "../src/registry.ts";
import { CELLS, patchRuns } from "../models/kernel/scenarios/runs/patch-matrix.ts";
import { MECHANISMS } from "../models/kernel/scenarios/runs/mechanisms.ts";
import { kernelRuns } from "../models/kernel/scenarios/runs/index.ts";
import { buildKernelModel, type KAction } from "../models/kernel/model.ts";
import { PATCH_NAMES } from "../models/patches/index.ts";
import { etmTracing, MAX_INTERRUPTS, THROTTLE_PAUSE_GUARD, type KState } from "../models/kernel/interpreter/state.ts";

const results = new Map<string, ExploreResult>();
function runById(id: string): StandardRun {
  const r = patchRuns.find((x) => x.id === id);
  if (!r) throw new Error(`no run ${id}`);
  return r;
}
function resultOf(id: string): ExploreResult {
  let r = results.get(id);
  if (!r) {
    r = explore(buildKernelModel(runById(id).params), { freezeStates: true, timeoutSeconds: 120 });
    results.set(id, r);
  }
  return r;
}
function violation(id: string, property: string): Violation {
  const p = resultOf(id).properties.find((x) => x.name === property);
  if (!p?.violation) throw new Error(`${id}: ${property} not violated`);
  return p.violation;
}

/** Replays a violation's trace by action name; returns the final state and the hits of the last step. */
function replay(t: ExecutionContext, id: string, property: string): { final: KState; lastHits: AssertionHit[]; v: Violation } {
  const model = buildKernelModel(runById(id).params);
  const v = violation(id, property);
  let s = model.initStates()[0]!;
  const acts: KAction[] = [];
  let lastHits: AssertionHit[] = [];
  v.trace.forEach((step, i) => {
    acts.length = 0;
    model.actions(s, acts);
    const a = acts.find((x) => formatAction(x) === step.action);
    if (!a) throw new Error(`${id} ${property}: step ${i + 1} ${step.action} not enabled`);
    const hits: AssertionHit[] = [];
    s = model.next(s, a, { fail: (h) => void hits.push(h) });
    lastHits = hits;
  });
  const prop = model.properties.find((p) => p.name === property)!;
  if (prop.kind === "assertion") t.true(lastHits.some((h) => h.property === property), `${id}: the replay's last step raises ${property}`);
  else {
    t.false(prop.holds!(s), `${id}: the replay ends in a state violating ${property}`);
    if (prop.kind === "quiescent") t.true(model.quiescent!(s), "at a quiescent state");
  }
  return { final: model.codec.decode(s), lastHits, v };
}

function assertExpected(t: ExecutionContext, id: string): void {
  const run = runById(id);
  const r = resultOf(id);
  t.true(r.complete || r.stopReason === "all-violated", `${id}: ${r.stopReason}`);
  t.true(matchesExpectation(r, run.expected), `${id}: got ${verdictOf(r)} ${violatedSet(r).join(", ")}; expected ${run.expected.verdict} ${run.expected.violated?.join(", ") ?? ""}`);
}

const names = (v: Violation): string[] => v.trace.map((s) => s.actionName);

test.serial("F1 (leo-yan-v1, cs_etm and intel_pt): R5 — a switch-out, then a switch-in, ending with the trace off while unthrottled", (t) => {
  for (const pmu of ["cs_etm", "intel_pt"]) {
    const id = `cell-f1-sched-in-leak-leo-yan-v1-${pmu}`;
    assertExpected(t, id);
    const { final, v } = replay(t, id, "R5");
    const n = names(v);
    const out = n.indexOf("sched_out");
    t.true(out >= 0 && n.indexOf("sched_in", out) > out, "sched_out then sched_in");
    t.true(n.includes("nmi"), "a throttle NMI");
    t.is(final.ev.L!.state, "ACTIVE");
    t.is(final.ev.L!.hw.interrupts, 0, "unthrottled by event_sched_in");
    t.is(final.ev.L!.hw.aux_paused, 1, "the throttle pause leaked");
    t.false(final.ghost.userPaused.L!, "the user never paused");
    if (pmu === "cs_etm") t.false(etmTracing(final.cpu[0]!), "the ETM trace unit is not tracing");
    else t.false(final.cpu[0]!.pt.trace_en, "TraceEn clear");
  }
  // fix A and fix C (and B1, B2: no aux_paused in the throttle) do not leak the pause
  for (const p of ["fix-a", "fix-b1", "fix-b2", "fix-c"]) t.is(resultOf(`cell-f1-sched-in-leak-${p}-cs_etm`).properties.find((x) => x.name === "R5")!.verdict, "ok", p);
});

test.serial("F2 (leo-yan-v1): R4 — the tick's unthrottle resumes a user-paused event through perf_event_aux_pause(L, false)", (t) => {
  for (const pmu of ["cs_etm", "intel_pt"]) {
    const id = `cell-f2-user-pause-override-leo-yan-v1-${pmu}`;
    assertExpected(t, id);
    const { final, v } = replay(t, id, "R4");
    t.true(names(v).includes("tick"));
    t.true(
      v.trace.some((s) => s.actionName === "__perf_event_aux_pause:entry" && s.context === "tick" && s.callChain.includes("perf_event_unthrottle")),
      "the unthrottle's aux resume",
    );
    t.true(final.ghost.userPaused.L!);
    t.is(final.ev.L!.hw.aux_paused, 0, "the user's flag was cleared");
  }
  t.deepEqual(violatedSet(resultOf("cell-f2-user-pause-override-fix-a-cs_etm")), [], "fix A keeps USER");
});

test.serial("E1 (leo-yan-v1, the seed): R6-aux — one NMI throttles (pauses) L and its own aux_resume resumes it", (t) => {
  const id = "cell-seed-coresight-warn-leo-yan-v1-cs_etm";
  assertExpected(t, id);
  const { final, v } = replay(t, id, "R6-aux");
  const lastNmi = v.trace.map((s) => s.actionName).lastIndexOf("nmi");
  const tail = v.trace.slice(lastNmi);
  const pause = tail.findIndex((s) => s.actionName === "__perf_event_aux_pause:entry" && s.callChain.includes("perf_event_throttle"));
  const resume = tail.findIndex((s) => s.actionName === "etm4_resume_perf:entry" && s.callChain.includes("__perf_event_overflow"));
  t.true(pause >= 0 && resume > pause, "throttle pause, then the same NMI's aux_resume reaches the ETM");
  t.is(final.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  t.true(etmTracing(final.cpu[0]!));
});

test.serial("F3 (leo-yan-v1, route (a) via IOC_PERIOD, arm64 pNMI): the NMI's throttle pause is dropped while __perf_event_period's unthrottle holds the guard; not on x86", (t) => {
  for (const pmu of ["cs_etm"]) {
    const id = `cell-f3-guard-ioc-leo-yan-v1-${pmu}`;
    assertExpected(t, id);
    const { final, v } = replay(t, id, "throttle-guard-drop");
    t.true(names(v).includes("ioc_period"));
    const held = v.trace.findIndex((s) => s.actionName === "perf_event_aux_pause:entry" && s.context === "IPI" && s.callChain.includes("__perf_event_period"));
    t.true(held >= 0, "the ioctl's unthrottle takes the guard");
    const unguard = v.trace.findIndex((s, i) => i > held && s.actionName === "perf_event_aux_pause:unguard" && s.context === "IPI");
    const drop = v.trace.findIndex((s, i) => i > held && s.actionName === "perf_event_aux_pause:entry" && s.context === "NMI" && s.callChain.includes("perf_event_throttle"));
    t.true(drop > held && drop < unguard, "the NMI throttle's perf_event_aux_pause runs while the ioctl holds the guard");
    t.is(final.ghost.throttlePause.L, THROTTLE_PAUSE_GUARD);
    t.is(final.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  }
  for (const p of ["fix-a", "none", "fix-c"]) t.is(resultOf(`cell-f3-guard-ioc-${p}-cs_etm`).properties.find((x) => x.name === "throttle-guard-drop")!.verdict, "ok", p);
  // x86: intel_pmu_handle_irq restores the PMU only if it was enabled — no second overflow inside the ioctl
  assertExpected(t, "cell-f3-guard-ioc-leo-yan-v1-intel_pt");
  t.deepEqual(violatedSet(resultOf("cell-f3-guard-ioc-leo-yan-v1-intel_pt")), []);
});

test.serial("F3 through the tick (leo-yan-v1, two ticks, four overflows, max_samples_per_tick = 1): the re-throttle inside the tick's resume is dropped", (t) => {
  const id = "cell-switch-before-tick-leo-yan-v1-cs_etm-tick-route";
  assertExpected(t, id);
  const { final, v } = replay(t, id, "throttle-guard-drop");
  t.false(names(v).includes("ioc_period"));
  t.is(names(v).filter((n) => n === "tick").length, 2);
  const drop = v.trace.findLastIndex((s) => s.actionName === "perf_event_aux_pause:entry" && s.context === "NMI" && s.callChain.includes("perf_event_throttle"));
  const held = v.trace.findLastIndex((s, i) => i < drop && s.actionName === "perf_event_aux_pause:entry" && s.context === "tick");
  const released = v.trace.findIndex((s, i) => i > held && i < drop && s.actionName === "perf_event_aux_pause:unguard" && s.context === "tick");
  t.true(held >= 0 && drop > held && released === -1, "the NMI throttle's pause runs while the tick's unthrottle holds the guard");
  t.is(final.ghost.throttlePause.L, THROTTLE_PAUSE_GUARD);
  t.is(final.ev.L!.hw.interrupts, MAX_INTERRUPTS);
  t.is(resultOf("cell-f1-sched-in-leak-leo-yan-v1-cs_etm").properties.find((x) => x.name === "throttle-guard-drop")!.verdict, "ok", "the standard budgets do not reach it");
});

test.serial("F4 (leo-yan-v1): no violation through munmap + detach; the per-task SET_OUTPUT stop-then-swap window loses a throttle", (t) => {
  for (const pmu of ["cs_etm", "intel_pt"]) {
    const clean = resultOf(`cell-f4-munmap-detach-leo-yan-v1-${pmu}`);
    t.true(clean.complete, "complete exploration with munmap, detach, restart, tick");
    t.is(clean.properties.find((x) => x.name === "throttle-no-rb")!.verdict, "ok");
    for (const a of ["munmap", "detach", "addr_filter_restart", "perf_mmap_close_data:locked", "ring_buffer_attach:assign"]) {
      t.true(clean.actions.some((x) => x.name === a && x.generated > 0), `${a} explored`);
    }
    const id = `cell-f4-set-output-leo-yan-v1-${pmu}`;
    assertExpected(t, id);
    const { v } = replay(t, id, "throttle-no-rb");
    const n = names(v);
    const so = n.indexOf("set_output");
    const del = n.indexOf("ring_buffer_attach:entry", so);
    const assign = n.indexOf("ring_buffer_attach:assign", del);
    const nmi = n.lastIndexOf("nmi");
    t.true(so >= 0 && del > so && assign > del && nmi > del, "SET_OUTPUT's list_del and stop, a begin on the old rb, the swap, the throttle");
    t.true(v.trace.slice(del, assign).some((s) => s.actionName === "perf_aux_output_begin:handle" && s.params[0] === "cpu0"), "the switch-in on CPU0 opens a transaction in the window");
    t.true(v.trace.filter((s) => s.actionName === "set_output").every((s) => s.params[0] === "cpu1"), "the tool runs on CPU1");
  }
  t.is(resultOf("cell-f4-set-output-none-cs_etm").properties.find((x) => x.name === "throttle-no-rb")!.verdict, "ok", "mainline's stop(0) does not need the rb");
});

test.serial("X14: after the SET_OUTPUT window the owner's munmap WARNs and the AUX pages are freed in atomic context (mainline)", (t) => {
  const id = "cell-f4-set-output-munmap-none-cs_etm";
  assertExpected(t, id);
  const warn = names(replay(t, id, "munmap-warn").v);
  t.true(warn.indexOf("ring_buffer_attach:assign") < warn.indexOf("munmap"), "the munmap after the swap");
  t.false(warn.includes("nmi"), "no throttle needed");
  const { v, lastHits } = replay(t, id, "rb-free-aux-atomic");
  t.true(names(v).includes("munmap"));
  t.is(lastHits.find((h) => h.property === "rb-free-aux-atomic")!.callChain![0], "perf_aux_output_end");
});

test.serial("F5 (leo-yan-v1 on arm_spe): R1 with the SPE call trace, and R7; cs_etm and intel_pt are fixed", (t) => {
  const id = "cell-f5-throttle-tick-leo-yan-v1-arm_spe";
  assertExpected(t, id);
  const { lastHits } = replay(t, id, "R1");
  t.deepEqual(
    [...lastHits.find((h) => h.property === "R1")!.callChain!],
    ["perf_aux_output_begin", "arm_spe_perf_aux_output_begin", "arm_spe_pmu_start", "perf_event_unthrottle", "perf_event_unthrottle_group", "perf_adjust_freq_unthr_events", "perf_adjust_freq_unthr_context", "perf_event_task_tick"],
  );
  const r7 = replay(t, id, "R7");
  t.is(r7.v.depth, violation(id, "R1").depth, "R7 at R1's depth");
  for (const pmu of ["cs_etm", "intel_pt"]) t.deepEqual(violatedSet(resultOf(`cell-f5-throttle-tick-leo-yan-v1-${pmu}`)), [], pmu);
  for (const pmu of ["cs_etm", "intel_pt", "arm_spe"]) t.true(violatedSet(resultOf(`cell-f5-throttle-tick-none-${pmu}`)).includes("R1"), `mainline ${pmu}: R1`);
});

test.serial("the SPE sched-out leak (audit D4) and the PT -EBUSY (§4.2) under mainline: R2, with R1 only for SPE", (t) => {
  assertExpected(t, "cell-f1-sched-in-leak-none-arm_spe");
  const { v } = replay(t, "cell-f1-sched-in-leak-none-arm_spe", "R1");
  t.deepEqual(v.callChain.slice(0, 4), ["perf_aux_output_begin", "arm_spe_perf_aux_output_begin", "arm_spe_pmu_start", "arm_spe_pmu_add"]);
  assertExpected(t, "cell-f1-sched-in-leak-none-intel_pt");
  t.deepEqual(violatedSet(resultOf("cell-f1-sched-in-leak-none-intel_pt")), ["R2"]);
  replay(t, "cell-f1-sched-in-leak-none-intel_pt", "R2");
});

test.serial("fix C: its trade shows in R3-aux / R6-aux (and R7 on arm_spe) and nowhere else among the AUX requirements", (t) => {
  for (const c of CELLS.filter((x) => x[1] === "fix-c")) {
    const id = `cell-${c[0]}-fix-c-${c[2]}`;
    assertExpected(t, id);
    const got = violatedSet(resultOf(id));
    for (const p of ["R1", "R4", "throttle-no-rb", "throttle-guard-drop", "aux-double-end", "munmap-warn"]) t.false(got.includes(p), `${id}: ${p}`);
    if (got.includes("R7")) t.true(got.includes("R3-aux") || got.includes("R6-aux"), `${id}: R7 is the trade`);
    if (got.some((p) => p === "R3-aux" || p === "R6-aux")) t.true(c[5].includes("C_TRADE") || c[5].includes("E2"), `${id}: named as the trade`);
  }
});

test.serial("expectation data: every cell's mechanisms are named, and the cells cover patch × PMU × the scenarios each PMU accepts", (t) => {
  const patches = PATCH_NAMES.filter((p) => p !== "revert-9734e25fbf5a");
  const accepts: Record<string, readonly string[]> = {
    cs_etm: ["seed-coresight-warn", "f2-user-pause-override", "addr-filter-restart", "f5-throttle-tick", "f1-sched-in-leak", "f3-guard-ioc", "f4-munmap-detach"],
    intel_pt: ["seed-coresight-warn", "f2-user-pause-override", "addr-filter-restart", "f5-throttle-tick", "f1-sched-in-leak", "f3-guard-ioc", "aux-irq-throttled", "f4-munmap-detach"],
    arm_spe: ["f5-throttle-tick", "f1-sched-in-leak", "f3-guard-ioc", "aux-irq-throttled", "f4-munmap-detach"],
  };
  for (const [pmu, scens] of Object.entries(accepts)) {
    for (const s of scens) for (const p of patches) t.truthy(patchRuns.find((r) => r.scenario === s && r.patch === p && r.pmu === pmu), `${s} × ${p} × ${pmu}`);
  }
  // the per-task SET_OUTPUT cells (two CPUs, a few seconds each): the F4 cells only
  const f4 = patchRuns.filter((r) => r.scenario?.startsWith("f4-set-output"));
  t.is(f4.length, 5);
  const extras = CELLS.filter((c) => c[6] !== undefined).length; // runs with other budgets (the F3 tick route)
  t.is(patchRuns.length, patches.length * Object.values(accepts).reduce((n, x) => n + x.length, 0) + f4.length + extras);
  for (const c of CELLS) {
    const tags = c[5] === "" ? [] : c[5].split(" ").map((m) => m.split(":")[0]!);
    for (const tag of tags) t.truthy(MECHANISMS[tag], `${tag} is described`);
    const covered = c[5] === "" ? [] : c[5].split(" ").flatMap((m) => m.split(":")[1]!.split("+")).filter((p) => p !== "");
    t.deepEqual([...covered].sort(), [...c[4]].sort(), `${c[0]} ${c[1]} ${c[2]}: each violated property has its mechanism`);
  }
  for (const r of patchRuns) t.truthy(kernelRuns.find((k) => k.id === r.id), `${r.id} is a standard run`);
});

test.serial("the verdict matrix: every patch-matrix cell explored completely and as expected", (t) => {
  for (const run of patchRuns) {
    const r = resultOf(run.id);
    t.true(r.complete || r.stopReason === "all-violated", `${run.id}: ${r.stopReason}`);
    t.true(r.distinct < 200_000, `${run.id}: ${r.distinct} states`);
    t.true(matchesExpectation(r, run.expected), `${run.id}: got ${verdictOf(r)} [${violatedSet(r).join(", ")}]; expected ${run.expected.verdict} [${run.expected.violated?.join(", ") ?? ""}]`);
    for (const p of r.properties) if (p.verdict === "violated") t.truthy(p.violation?.trace.length, `${run.id}: ${p.name} has a trace`);
  }
});
