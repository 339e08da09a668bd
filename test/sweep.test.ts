/**
 * Budget sweeps (src/sweep.ts, src/sweep-output.ts, `check --sweep`): the order of the budget steps, the
 * per-property bounds, a cut step never counted as a bound nor as "ok", the exit codes; and the CLI's sweep
 * of the kernel's all-operations scenario on a few seconds' budget.
 */
import test from "ava";
import type { RunOutcome } from "../src/runner.ts";
import { budgetSteps, sweep, type SweepDimension } from "../src/sweep.ts";
import { sweepExitCode, sweepText, sweepVerdict } from "../src/sweep-output.ts";
import { EXIT } from "../src/exit-codes.ts";
import { cliAsync } from "./helpers/cli.ts";
import { kernelEntry } from "../models/kernel/index.ts";
import { resolveParams } from "../src/registry.ts";

const DIMS: readonly SweepDimension[] = [
  { param: "a", start: 0, max: 2 },
  { param: "b", start: 1, max: 2 },
];

test("budget steps: the start vector, then one dimension raised at a time, round-robin, skipping those at their maximum", (t) => {
  t.deepEqual(budgetSteps(DIMS), [
    { a: 0, b: 1 },
    { a: 1, b: 1 },
    { a: 1, b: 2 },
    { a: 2, b: 2 },
  ]);
});

/** A fake run: P is violated once a + b >= 3 (at depth 10 + a), Q holds; a step with a + b > cutAt is cut. */
function fakeRun(cutAt: number, vacuousAt: number | null = null) {
  return async (params: Readonly<Record<string, unknown>>): Promise<RunOutcome> => {
    const a = Number(params.a);
    const b = Number(params.b);
    const complete = a + b <= cutAt;
    const violated = a + b >= 3;
    const vacuous = vacuousAt !== null && a + b === vacuousAt;
    return {
      verdict: violated ? "violation" : !complete ? "incomplete" : vacuous ? "vacuous" : "ok",
      result: {
        complete,
        stopReason: complete ? "complete" : "timeout",
        distinct: 10 * (a + b + 1),
        generated: 12 * (a + b + 1),
        depth: 5 + a + b,
        seconds: 0.5,
        goals: vacuous ? [{ name: "throttle", description: "a throttle", reached: false }] : [],
        properties: [
          { name: "P", verdict: violated ? "violated" : complete ? "ok" : "incomplete", violation: violated ? { depth: 10 + a } : undefined },
          { name: "Q", verdict: complete ? "ok" : "incomplete" },
        ],
      },
    } as unknown as RunOutcome;
  };
}

test("per property: the smallest violating bound with its depth, the largest complete holding bound", async (t) => {
  const r = await sweep({}, { dimensions: DIMS, seconds: 60 }, fakeRun(9));
  t.is(r.stopReason, "max-budgets");
  t.deepEqual(r.largestComplete, { a: 2, b: 2 });
  const p = r.verdicts.find((v) => v.property === "P")!;
  t.deepEqual(p.violatedAt, { a: 1, b: 2 });
  t.is(p.depth, 11);
  t.deepEqual(p.holdsUpTo, { a: 1, b: 1 });
  t.deepEqual(r.verdicts.find((v) => v.property === "Q")!.holdsUpTo, { a: 2, b: 2 });
  t.is(sweepVerdict(r), "violation");
  t.is(sweepExitCode(r), EXIT.violation);
});

test("a step cut by the time limit is not a bound: the largest completed one is, the verdict is incomplete (exit 3), never ok", async (t) => {
  const dims: readonly SweepDimension[] = [{ param: "a", start: 0, max: 2 }, { param: "b", start: 0, max: 0 }];
  const r = await sweep({}, { dimensions: dims, seconds: 60 }, fakeRun(1));
  t.is(r.stopReason, "time");
  t.is(r.steps.length, 3);
  t.false(r.steps[2]!.complete);
  t.deepEqual(r.largestComplete, { a: 1, b: 0 });
  t.is(sweepVerdict(r), "incomplete");
  t.is(sweepExitCode(r), EXIT.incomplete);
  const text = sweepText(r, { title: "fake", dimensions: dims, machine: "1 CPU", leftOut: [], seconds: 60, maxStates: null }, { property: null, steps: false });
  t.regex(text, /largest budget completed: a ≤ 1 \(the other budgets 0\), 1 CPU/);
  t.regex(text, /the step a ≤ 2 \(the other budgets 0\) was cut at 30 states \(not a bound\)/);
  t.regex(text, /verdict: INCOMPLETE: no violation up to a ≤ 1 \(the other budgets 0\)/);
  t.notRegex(text, /verdict: no violation/);
  // the table lists only the budgets above 0, and its heading says so
  t.regex(text, /bound \(budgets not listed: 0\) +distinct/);
  t.notRegex(text, /b ≤ 0/);
});

test("every step complete to the maxima, nothing violated: ok with its bound (exit 0); a vacuous largest step makes it vacuous (exit 4)", async (t) => {
  const dims: readonly SweepDimension[] = [{ param: "a", start: 0, max: 1 }, { param: "b", start: 0, max: 1 }];
  const ok = await sweep({}, { dimensions: dims, seconds: 60 }, fakeRun(9));
  t.is(sweepVerdict(ok), "ok");
  t.is(sweepExitCode(ok), EXIT.ok);
  const text = sweepText(ok, { title: "fake", dimensions: dims, machine: "1 CPU", leftOut: [], seconds: 60, maxStates: null }, { property: null, steps: false });
  t.regex(text, /verdict: no violation of P, Q under every interleaving with a ≤ 1, b ≤ 1, 1 CPU \(complete, 30 states\)/);
  const vac = await sweep({}, { dimensions: dims, seconds: 60 }, fakeRun(9, 2));
  t.is(sweepVerdict(vac), "vacuous");
  t.is(sweepExitCode(vac), EXIT.vacuous);
  // a smaller step that missed a goal does not make the largest one's claim vacuous
  t.is(sweepVerdict(await sweep({}, { dimensions: dims, seconds: 60 }, fakeRun(9, 0))), "ok");
});

test("the kernel's budget dimensions: the all-operations scenario of each PMU, in the documented order, with what each leaves out", (t) => {
  const spec = kernelEntry.budgetSweep!;
  const params = (given: Record<string, string>) => {
    const base = resolveParams(kernelEntry, given);
    return resolveParams(kernelEntry, { ...spec.defaults(base), ...given });
  };
  const etm = params({ pmu: "cs_etm" });
  t.is(etm.scenario, "all-ops-task");
  t.deepEqual(spec.dimensions(etm).map((d) => d.param), ["overflows", "ticks", "switches", "ioctls", "restarts", "closes", "sw_events", "munmaps", "detaches", "fills"]);
  const spe = params({ pmu: "arm_spe" });
  t.is(spe.scenario, "all-ops-plain-task");
  t.deepEqual(spec.dimensions(spe).map((d) => d.param), ["overflows", "ticks", "switches", "ioctls", "sw_events", "munmaps", "detaches", "auxirqs"]);
  const pt = params({ pmu: "intel_pt" });
  t.is(pt.pmu_irq_handler, "x86");
  t.true(spec.dimensions(pt).some((d) => d.param === "auxirqs"));
  const smp = params({ pmu: "cs_etm", ncpus: "2" });
  t.is(smp.scenario, "all-ops-smp");
  t.deepEqual(spec.dimensions(smp).map((d) => d.param), ["overflows", "ticks", "switches", "ioctls", "restarts", "munmaps", "detaches"]);
  // every budget refused with two CPUs is named as left out, one line each
  const left = spec.leftOut(smp).join("\n");
  for (const b of ["auxirqs", "sw_events", "fills", "closes", "setoutputs"]) t.regex(left, new RegExp(`\\(${b}\\)`));
  t.throws(() => spec.dimensions(resolveParams(kernelEntry, { scenario: "seed-coresight-warn" })), { message: /hand-made/ });
});

test("check --sweep on the kernel: the table, the verdict with its bound, exit 1 (fix-c's R3 through the frequency counter at the start vector)", async (t) => {
  const r = await cliAsync(["check", "--sweep", "--pmu", "cs_etm", "--patch", "fix-c", "--timeout", "4", "--workers", "1"]);
  t.is(r.code, EXIT.violation, r.stderr);
  t.regex(r.stdout, /^== sweep: kernel \(scenario all-ops-task, patch fix-c, pmu cs_etm\), 1 CPU/m);
  t.regex(r.stdout, /^bound \(budgets not listed: 0\) +distinct +generated +depth +seconds +states\/s +step verdict/m);
  t.regex(r.stdout, /largest budget completed: overflows ≤ \d/);
  t.regex(r.stdout, /R3: violated from overflows ≤ 1, switches ≤ 1 \(the other budgets 0\)/);
  t.regex(r.stdout, /-- at the smallest budget that shows it: /);
  t.regex(r.stderr, /sweep step 1: overflows ≤ 1, .*states\/s/);
});

test("check --sweep --json: one document with the steps and the per-property bounds", async (t) => {
  const r = await cliAsync(["check", "--sweep", "--pmu", "arm_spe", "--patch", "leo-yan-v1", "--timeout", "3", "--workers", "1", "--json"]);
  t.is(r.code, EXIT.violation, r.stderr);
  const doc = JSON.parse(r.stdout) as { sweep: { steps: { bound: Record<string, number>; complete: boolean }[]; verdict: string; properties: { property: string }[] } };
  t.is(doc.sweep.verdict, "violation");
  t.deepEqual(Object.keys(doc.sweep.steps[0]!.bound), ["overflows", "ticks", "switches", "ioctls", "sw_events", "munmaps", "detaches", "auxirqs"]);
  t.true(doc.sweep.properties.some((p) => p.property === "R7"));
});
