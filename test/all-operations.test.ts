/**
 * The all-operations matrix (models/kernel/scenarios/runs/all-operations.json) and the rediscovery table, checked
 * without re-exploring the sweeps: every cell recorded, each sweep consistent with the sweep order and with itself
 * (a property violated at a budget stays violated at every larger one; the bounds are the steps'), its first step
 * explored again (same counts), and every finding not rediscovered explained in NOTE.md.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { kernelEntry } from "../models/kernel/index.ts";
import { KERNEL_PARAMS } from "../models/kernel/model.ts";
import { allOpsGrid, recordedSweeps } from "../models/kernel/scenarios/runs/all-operations-matrix.ts";
import { FINDINGS, NEEDS, rediscoveries } from "../models/kernel/scenarios/runs/rediscovery.ts";
import { MECHANISMS } from "../models/kernel/scenarios/runs/mechanisms.ts";
import { budgetSteps } from "../src/sweep.ts";
import { runOne } from "../src/runner.ts";
import { SCENARIO_NAMES, HAND_MADE_SCENARIO_NAMES } from "../models/kernel/scenarios/scenarios.ts";

const sweeps = recordedSweeps();
const paramsOf = (p: Readonly<Record<string, string | number>>) => ({ ...Object.fromEntries(KERNEL_PARAMS.map((s) => [s.name, s.default])), ...p });

test("every cell of the all-operations matrix is recorded", (t) => {
  const missing = allOpsGrid().filter((c) => !sweeps.has(c.id)).map((c) => c.id);
  t.deepEqual(missing, [], "re-record: node --import=tsx models/kernel/scenarios/runs/record-all-operations.ts ID...");
});

test("each recorded sweep follows the sweep order of its dimensions, and its bounds are its steps'", (t) => {
  for (const c of allOpsGrid()) {
    const s = sweeps.get(c.id);
    if (!s) continue;
    const dims = kernelEntry.budgetSweep!.dimensions(paramsOf(c.params));
    const order = budgetSteps(dims);
    t.deepEqual(s.steps.map((x) => x.bound), order.slice(0, s.steps.length), `${c.id}: steps in sweep order`);
    // only the last step may be cut; a sweep with every step complete stopped at the maxima
    s.steps.slice(0, -1).forEach((x) => t.true(x.complete, `${c.id}: only the last step is cut`));
    const done = s.steps.filter((x) => x.complete);
    t.deepEqual(s.largestComplete, done.length > 0 ? done[done.length - 1]!.bound : null, `${c.id}: largest complete`);
    if (s.stopReason === "max-budgets") t.is(s.steps.length, order.length, `${c.id}: max-budgets means every step`);
    for (const [p, v] of Object.entries(s.violated)) {
      const first = s.steps.findIndex((x) => x.violated[p] !== undefined);
      t.deepEqual(v.bound, s.steps[first]!.bound, `${c.id} ${p}: smallest violating bound`);
      t.is(v.depth, s.steps[first]!.violated[p]!, `${c.id} ${p}: depth`);
      // budgets are upper bounds: every later complete step violates it too
      for (const later of s.steps.slice(first + 1)) if (later.complete) t.true(later.violated[p] !== undefined, `${c.id} ${p}: violated at ${JSON.stringify(later.bound)} too`);
    }
    for (const [p, b] of Object.entries(s.holds)) {
      t.is(s.violated[p], undefined);
      t.deepEqual(b, s.largestComplete, `${c.id} ${p}: holds up to the largest complete bound`);
    }
    t.is(s.verdict, Object.keys(s.violated).length > 0 ? "violation" : s.stopReason === "max-budgets" ? "ok" : done.length === 0 ? "incomplete" : s.verdict, c.id);
  }
});

test("the first step of each PMU's fix-c sweep explored again gives the recorded counts and violations", async (t) => {
  for (const c of allOpsGrid().filter((x) => x.patch === "fix-c" && x.ncpus === 1 && x.scenario.endsWith("task"))) {
    const s = sweeps.get(c.id);
    if (!s) continue;
    const first = s.steps[0]!;
    const o = await runOne(kernelEntry, { ...paramsOf(c.params), ...first.bound }, {});
    t.is(o.result.distinct, first.distinct, c.id);
    t.is(o.result.depth, first.depth, c.id);
    t.deepEqual(Object.fromEntries(o.result.properties.filter((p) => p.violation).map((p) => [p.name, p.violation!.depth])), first.violated, c.id);
  }
});

test("the findings: known mechanisms and scenarios; each not rediscovered in some cell is explained in NOTE.md", (t) => {
  for (const f of FINDINGS) {
    t.true(MECHANISMS[f.mechanism] !== undefined, `${f.name}: mechanism ${f.mechanism}`);
    t.true(NEEDS[f.mechanism] !== undefined, `${f.name}: what ${f.mechanism} needs`);
    t.true(HAND_MADE_SCENARIO_NAMES.includes(f.scenario), `${f.name}: scenario ${f.scenario}`);
  }
  const note = readFileSync(fileURLToPath(new URL("../models/kernel/NOTE.md", import.meta.url)), "utf8");
  const section = note.slice(note.indexOf("## All operations: findings not rediscovered"));
  t.true(note.includes("## All operations: findings not rediscovered"));
  const missed = new Set(rediscoveries(sweeps).filter((r) => r.status !== "rediscovered").map((r) => r.mechanism));
  for (const m of missed) t.regex(section, new RegExp(`\\b${m}\\b`), `${m} is not rediscovered somewhere: NOTE.md must say why`);
});

test("the all-operations scenarios are run by sweeps only: not in the full matrix's rows nor the patch sweep", (t) => {
  for (const s of kernelEntry.budgetSweep!.scenarios) {
    t.true(SCENARIO_NAMES.includes(s));
    t.false(HAND_MADE_SCENARIO_NAMES.includes(s));
  }
});
