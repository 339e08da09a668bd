/**
 * The kernel model's standard runs: each explored completely (freezeStates on, and every state
 * re-fingerprinted around its steps, so a step that mutated its input would throw), verdicts compared
 * with the expectations kept as data (models/kernel/scenarios/runs/); the seed WARN's call chain and
 * trace; the revert; coverage.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { explore } from "../src/explore.ts";
import { formatAction, type AssertionHit } from "../src/model.ts";
import type { ExploreResult } from "../src/result.ts";
import { matchesExpectation, verdictOf, violatedSet } from "../src/runner.ts";
import { kernelRuns } from "../models/kernel/scenarios/runs/index.ts";
import { buildKernelModel, type KAction } from "../models/kernel/model.ts";
import { allLabels, executedLabels } from "../models/kernel/interpreter/machine.ts";
import { buildKernelConfig } from "../models/kernel/model.ts";
import { modelEntries, standardRuns } from "../models/index.ts";

const SEED_CHAIN = [
  "perf_aux_output_begin",
  "etm_event_start",
  "perf_event_unthrottle",
  "perf_event_unthrottle_group",
  "perf_adjust_freq_unthr_events",
  "perf_adjust_freq_unthr_context",
  "perf_event_task_tick",
];

const results = new Map<string, ExploreResult>();
function resultOf(id: string): ExploreResult {
  let r = results.get(id);
  if (!r) {
    const run = kernelRuns.find((x) => x.id === id)!;
    r = explore(buildKernelModel(run.params), { freezeStates: true, checkStates: Infinity, timeoutSeconds: 120 });
    results.set(id, r);
  }
  return r;
}

test.serial("the kernel entry and its runs are registered in models/index.ts", (t) => {
  t.truthy(modelEntries.find((e) => e.name === "kernel"));
  for (const r of kernelRuns) t.truthy(standardRuns.find((s) => s.id === r.id));
  t.deepEqual(new Set(kernelRuns.map((r) => r.id)).size, kernelRuns.length, "unique ids");
});

for (const run of kernelRuns) {
  test.serial(`${run.id}: explored completely, verdicts as expected (${run.expected.violated?.join(", ") || run.expected.verdict})`, (t) => {
    const r = resultOf(run.id);
    t.true(r.complete || r.stopReason === "all-violated", r.stopReason);
    t.true(r.distinct < 200_000, `${r.distinct} states`);
    t.true(matchesExpectation(r, run.expected), `got ${verdictOf(r)} ${violatedSet(r).join(", ")}; expected ${run.expected.verdict} ${run.expected.violated?.join(", ") ?? ""}`);
    for (const p of r.properties) if (p.verdict === "violated") t.truthy(p.violation, `${p.name} has a replayed counterexample`);
  });
}

test.serial("seed: R1's shortest violation ends in the seed's call trace, innermost first, and its trace shows task, NMI and tick", (t) => {
  const r = resultOf("kernel-seed-coresight-warn");
  const v = r.properties.find((p) => p.name === "R1")!.violation!;
  t.deepEqual([...v.callChain], SEED_CHAIN);
  t.regex(v.message ?? "", /WARN_ON_ONCE\(nest\)/);
  const contexts = new Set(v.trace.map((s) => s.context));
  for (const c of ["task", "NMI", "tick"]) t.true(contexts.has(c), `a ${c} step`);
  const last = v.trace[v.trace.length - 1]!;
  t.is(last.actionName, "perf_aux_output_begin:nest");
  t.is(last.context, "tick");
  t.deepEqual([...last.callChain], SEED_CHAIN);
  // every step names its context and call chain (entry actions and steps alike; hardware steps have none)
  for (const s of v.trace) if (s.context !== "hw") t.true(s.callChain.length > 0, `step ${s.index} has a call chain`);
});

test.serial("seed: the R1 trace replays by action name from the initial state, and only its last step WARNs", (t) => {
  const run = kernelRuns.find((x) => x.id === "kernel-seed-coresight-warn")!;
  const model = buildKernelModel(run.params);
  const v = resultOf(run.id).properties.find((p) => p.name === "R1")!.violation!;
  let s = model.initStates()[0]!;
  const acts: KAction[] = [];
  v.trace.forEach((step, i) => {
    acts.length = 0;
    model.actions(s, acts);
    const a = acts.find((x) => formatAction(x) === step.action);
    if (!a) throw new Error(`step ${i + 1}: ${step.action} not enabled`);
    const hits: AssertionHit[] = [];
    s = model.next(s, a, { fail: (h) => void hits.push(h) });
    if (i < v.trace.length - 1) t.false(hits.some((h) => h.property === "R1"), `no WARN before the last step (step ${i + 1})`);
    else t.deepEqual(hits.map((h) => [h.property, [...(h.callChain ?? [])]]), [["R1", SEED_CHAIN]]);
  });
});

test.serial("revert-9734e25fbf5a on the seed scenario: explored completely, no R1 violation", (t) => {
  const r = resultOf("kernel-seed-revert-9734e25fbf5a");
  t.true(r.complete);
  t.is(r.properties.find((p) => p.name === "R1")!.verdict, "ok");
  t.is(r.properties.find((p) => p.name === "etm-tracking-stop")!.verdict, "ok");
});

/**
 * Steps no standard run reaches, each with the reason. Everything else must fire.
 */
const UNREACHED: Readonly<Record<string, string>> = {
  "group_sched_in:group_error": "a sibling's pmu->add fails only when the core PMU runs out of counters; no scenario has more counters than the model's PMU",
  "group_sched_in:error": "reached as a step only after group_error (as a jump after a failed leader it does run: see the block check below)",
};

test.serial("coverage: every action of the model fires in at least one standard run; every block runs", (t) => {
  const fired = new Set<string>();
  const all = new Set<string>();
  const labels = new Set<string>();
  for (const run of kernelRuns) {
    const model = buildKernelModel(run.params);
    model.actionNames.forEach((n) => all.add(n));
    allLabels(buildKernelConfig(run.params).fns).forEach((l) => labels.add(l));
    for (const a of resultOf(run.id).actions) if (a.generated > 0) fired.add(a.name);
  }
  const missing = [...all].filter((n) => !fired.has(n) && !(n in UNREACHED));
  t.deepEqual(missing, [], "actions that never fired");
  for (const n of Object.keys(UNREACHED)) t.false(fired.has(n), `${n} is listed as unreached but fires: update UNREACHED`);
  const notRun = [...labels].filter((l) => !executedLabels.has(l) && !(l in UNREACHED) && l !== "group_sched_in:error");
  t.deepEqual(notRun, [], "labels (steps and blocks) never executed");
  t.true(executedLabels.has("group_sched_in:error"), "the failed-leader path runs group_sched_in's error block");
});

test("FIDELITY.md's table of platform runs names every platform-* standard run with its parameters", (t) => {
  const text = readFileSync(new URL("../models/kernel/FIDELITY.md", import.meta.url), "utf8");
  const section = text.slice(text.indexOf("## Runs"), text.indexOf("**Findings that depend on the platform**"));
  const rows = section
    .split("\n")
    .filter((l) => l.startsWith("| platform-"))
    .map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
  const expected = standardRuns
    .filter((r) => r.id.startsWith("platform-"))
    .map((r) => {
      const p = r.params as Record<string, string | number>;
      return [r.id, `${String(p.scenario)}${p.max_samples_per_tick === 1 ? ", mstp 1" : ""}`, String(p.patch ?? "–"), String(p.pmu ?? "cs_etm"), String(p.pmu_irq_handler ?? "arm64"), String(p.platform)];
    });
  t.true(expected.length > 20);
  t.deepEqual(rows, expected);
});
