/**
 * "Is my patch better?": `check --patch P --baseline B` classifies each run's properties as fixed,
 * newly violated, still violated or still holds. Where the answer is known (the standard runs'
 * expected violated sets, kept as data), the classification must be that set algebra, and the exit
 * code 1 exactly when something is newly violated.
 */
import test from "ava";
import { standardRuns } from "../models/index.ts";
import { compareRuns } from "../src/baseline.ts";
import type { RunOutcome } from "../src/runner.ts";
import { cliAsync } from "./helpers/cli.ts";

/** The expected violated set of the standard run of (scenario, patch, pmu) with default parameters. */
function expectedViolated(scenario: string, patch: string, pmu: string): string[] {
  const run = standardRuns.find((r) => r.model === "kernel" && r.params.scenario === scenario && r.params.patch === patch && r.params.pmu === pmu && Object.keys(r.params).length === 3);
  if (!run) throw new Error(`no standard run for ${scenario} ${patch} ${pmu}`);
  return run.expected?.verdict === "violation" ? [...run.expected.violated!] : [];
}

interface CompareDoc {
  comparison: { run: string; property: string; change: string }[];
}

const CASES: [string, string, string, string][] = [
  // [scenario, pmu, patch, baseline]
  ["seed-coresight-warn", "cs_etm", "leo-yan-v1", "none"], // the seed WARN fixed (R1, R2); E1 and F2 new (R3, R4, R6)
  ["f1-sched-in-leak", "cs_etm", "leo-yan-v1", "none"],
  ["f2-user-pause-override", "cs_etm", "fix-c", "leo-yan-v1"], // F2 fixed
  ["f1-sched-in-leak", "cs_etm", "fix-c", "leo-yan-v1"], // F1 fixed
];

for (const [scenario, pmu, patch, baseline] of CASES) {
  test(`${patch} against ${baseline} on ${scenario}/${pmu}: fixed / new / still as the expectations say`, async (t) => {
    const r = await cliAsync(["check", "--scenario", scenario, "--pmu", pmu, "--patch", patch, "--baseline", baseline, "--json"]);
    const mine = expectedViolated(scenario, patch, pmu);
    const base = expectedViolated(scenario, baseline, pmu);
    const doc = JSON.parse(r.stdout) as CompareDoc;
    const by = (change: string): string[] => doc.comparison.filter((c) => c.change === change).map((c) => c.property).sort();
    t.deepEqual(by("fixed"), base.filter((p) => !mine.includes(p)).sort());
    t.deepEqual(by("newly violated"), mine.filter((p) => !base.includes(p)).sort());
    t.deepEqual(by("still violated"), mine.filter((p) => base.includes(p)).sort());
    t.is(by("undecided").length, 0);
    t.is(r.code, by("newly violated").length > 0 ? 1 : 0, r.stderr);
  });
}

test("the text names the new violations first, with their race diagrams, and says NOT BETTER", async (t) => {
  const r = await cliAsync(["check", "--scenario", "seed-coresight-warn", "--pmu", "cs_etm", "--patch", "leo-yan-v1", "--baseline", "none"]);
  t.is(r.code, 1);
  t.regex(r.stdout, /newly violated: 3, fixed: 3, still violated: 0/);
  const first = r.stdout.indexOf("-- R3-aux newly violated");
  t.true(first >= 0 && first < r.stdout.indexOf("NOT BETTER"));
  t.regex(r.stdout, /CPU0 NMI/);
});

test("a search cut before it could tell leaves the pair undecided, never fixed", (t) => {
  const run = (verdicts: Record<string, "ok" | "violated" | "incomplete">, patch: string): RunOutcome =>
    ({
      id: "s/x",
      model: "m",
      scenario: "s",
      patch,
      pmu: "x",
      params: { scenario: "s", pmu: "x", patch },
      verdict: "violation",
      expected: null,
      matches: null,
      figures: null,
      result: { properties: Object.entries(verdicts).map(([name, verdict]) => ({ name, kind: "always", verdict, description: null, violation: null })) },
    }) as unknown as RunOutcome;
  const cs = compareRuns([run({ A: "incomplete", B: "ok", C: "violated" }, "p")], [run({ A: "violated", B: "incomplete", C: "incomplete" }, "b")], "patch");
  t.deepEqual(
    cs.map((c) => [c.property, c.change]),
    [
      ["A", "undecided"],
      ["B", "undecided"],
      ["C", "undecided"],
    ],
  );
});
