import test from "ava";
import { fileURLToPath } from "node:url";
import { explore } from "../src/explore.ts";
import { exploreParallel } from "../src/parallel.ts";
import { modelEntries } from "../models/index.ts";
import { cli, withoutSeconds } from "./helpers/cli.ts";

const MODELS = fileURLToPath(new URL("../models/index.ts", import.meta.url));

// The whole --json output apart from `seconds` must not depend on the number of workers:
// counts, depth, per-action coverage and every counterexample (TLC and Stateright
// lose shortest traces or stable counts when parallel).
const CASES: string[][] = [
  ["--model", "twophase", "--param", "rm=4"],
  ["--model", "diehard"],
  ["--model", "counters", "--param", "n=3", "--param", "max=12"],
  ["--model", "twophase", "--param", "rm=4", "--max-states", "700"],
  ["--model", "counters", "--param", "n=3", "--param", "max=20", "--max-states", "5000"],
  ["--model", "twophase", "--param", "rm=4", "--max-depth", "5"],
  // kernel scenarios: packed states (sent between workers with their string table), assertions raised
  // inside steps, quiescent invariants, several violations each with its shortest trace; without the
  // liveness properties (decided on one thread's graph) so that the searchers share the work, and once
  // with them (the search then runs on one thread, with the same output)
  ["--model", "kernel", "--scenario", "seed-coresight-warn", "--pmu", "cs_etm", "--no-liveness"],
  ["--model", "kernel", "--scenario", "f1-sched-in-leak", "--patch", "leo-yan-v1", "--pmu", "intel_pt", "--no-liveness"],
  ["--model", "kernel", "--scenario", "f5-throttle-tick", "--patch", "leo-yan-v1", "--pmu", "arm_spe", "--no-liveness"],
  ["--model", "kernel", "--scenario", "seed-coresight-warn", "--pmu", "cs_etm", "--max-states", "4000", "--no-liveness"],
  ["--model", "kernel", "--scenario", "seed-coresight-warn", "--pmu", "cs_etm"],
  // two CPUs, and the reductions (the same ample sets and canonical fingerprints in every worker)
  ["--scenario", "smp-addr-filter-remote", "--por"],
  ["--scenario", "smp-ioc-period-task", "--por", "--max-states", "9000"],
  ["--model", "twophase", "--param", "rm=5", "--symmetry", "--por"],
  ["--model", "counters", "--param", "n=3", "--param", "max=20", "--por", "--max-states", "3000"],
];

// The helpers take part from the first level (AUXCHECK_WAIT_FOR_HELPERS=1): by default the main
// thread starts alone, and these models are small enough to finish before a helper has booted.
const WITH_HELPERS = { AUXCHECK_WAIT_FOR_HELPERS: "1" };

for (const args of CASES) {
  // three searchers on the classic models (uneven splits); one and two on the slower kernel ones
  const counts = args.includes("--model") && !args.includes("kernel") ? [1, 2, 3] : [1, 2];
  test(`${counts.join(", ")} workers give identical JSON: ${args.join(" ")}`, (t) => {
    const outs = counts.map((w) => cli(["check", ...args, "--json", "--workers", String(w)], WITH_HELPERS));
    for (const o of outs) t.true(o.stdout.startsWith("{"), o.stderr);
    const [first, ...rest] = outs.map((o) => withoutSeconds(o.stdout));
    for (const r of rest) t.deepEqual(r, first);
  });
}

test("a patch sweep on the run pool (2 workers) gives the same runs, in the same order, as on one thread", (t) => {
  const sweep = (w: number) => cli(["check", "--patch", "leo-yan-v1", "--pmu", "arm_spe", "--json", "--workers", String(w)]);
  const [a, b] = [sweep(1), sweep(2)].map((o) => withoutSeconds(o.stdout) as { runs: unknown[] });
  t.true(a!.runs.length > 5);
  t.deepEqual(b, a);
});

test("every state is expanded exactly once, by one of the searchers, and the helper steals its share", async (t) => {
  const params = { scenario: "seed-coresight-warn", pmu: "cs_etm" };
  const entry = modelEntries.find((e) => e.name === "kernel")!;
  let expanded: readonly number[] = [];
  let stolen: readonly number[] = [];
  const r = await exploreParallel(entry.build(params), {
    modulePath: MODELS,
    entryName: "kernel",
    params,
    workers: 2,
    waitForHelpers: true,
    onSearcherStats: (stats) => {
      expanded = stats.expanded;
      stolen = stats.stolen;
    },
  }, { liveness: false });
  t.true(r.complete);
  t.is(expanded.reduce((a, b) => a + b, 0), r.distinct, "each distinct state expanded once in all");
  t.true(expanded[1]! > 0, "the helper expanded states");
  t.true(stolen[1]! > 0, "the helper started with none: what it expanded it stole");
});

test("a search that ends about when its helper boots (it may join or not: timing) gives the one-thread result", async (t) => {
  const entry = modelEntries.find((e) => e.name === "counters")!;
  const params = { n: 2, max: 5 };
  const seq = explore(entry.build(params));
  let expanded: readonly number[] = [];
  const par = await exploreParallel(entry.build(params), { modulePath: MODELS, entryName: "counters", params, workers: 2, onSearcherStats: (stats) => (expanded = stats.expanded) });
  t.is(expanded.reduce((a, b) => a + b, 0), seq.distinct, "each state expanded once, by whichever searcher");
  t.deepEqual({ ...par, seconds: 0, visitedBytes: 0 }, { ...seq, seconds: 0, visitedBytes: 0 });
});

test("a level that overflows the shared table is redone in a bigger one, with the same result", async (t) => {
  const entry = modelEntries.find((e) => e.name === "counters")!;
  const params = { n: 3, max: 40 };
  const seq = explore(entry.build(params));
  let redone = 0;
  let expanded: readonly number[] = [];
  // no sizing ahead: the table (65,536 slots) fills up at 68,921 states, mid-level, with 3 searchers stealing
  const par = await exploreParallel(entry.build(params), {
    modulePath: MODELS,
    entryName: "counters",
    params,
    workers: 3,
    waitForHelpers: true,
    presize: false,
    onSearcherStats: (stats) => {
      redone = stats.redone;
      expanded = stats.expanded;
    },
  });
  t.true(redone > 0, "at least one level was redone");
  t.is(expanded.reduce((a, b) => a + b, 0), seq.distinct, "a redone level's completed expansion covers each of its states once (stolen ones included)");
  t.deepEqual({ ...par, seconds: 0, visitedBytes: 0 }, { ...seq, seconds: 0, visitedBytes: 0 });
});

test("the default start: a helper that joins mid-search changes nothing (largest kernel scenario)", async (t) => {
  const entry = modelEntries.find((e) => e.name === "kernel")!;
  const params = { ...Object.fromEntries(entry.params.map((p) => [p.name, p.default])), scenario: "switch-before-tick", max_samples_per_tick: 1, ticks: 2 };
  const seq = explore(entry.build(params), { liveness: false });
  let expanded: readonly number[] = [];
  const par = await exploreParallel(entry.build(params), { modulePath: MODELS, entryName: "kernel", params, workers: 2, onSearcherStats: (stats) => (expanded = stats.expanded) }, { liveness: false });
  t.true(expanded[0]! > 0 && expanded[1]! > 0, `both searchers expanded states (${expanded.join(" / ")}): the helper joined within the run's ${par.depth} levels`);
  t.deepEqual({ ...par, seconds: 0, visitedBytes: 0 }, { ...seq, seconds: 0, visitedBytes: 0 });
});
