import test from "ava";
import { cli, withoutSeconds } from "./helpers/cli.ts";

// The whole --json output apart from `seconds` must not depend on the number of workers:
// counts, depth, per-action coverage and every counterexample (issue 6; TLC and Stateright
// lose shortest traces or stable counts when parallel).
const CASES: string[][] = [
  ["--model", "twophase", "--param", "rm=4"],
  ["--model", "diehard"],
  ["--model", "counters", "--param", "n=3", "--param", "max=12"],
  ["--model", "twophase", "--param", "rm=4", "--max-states", "700"],
  ["--model", "counters", "--param", "n=3", "--param", "max=20", "--max-states", "5000"],
  ["--model", "twophase", "--param", "rm=4", "--max-depth", "5"],
  // kernel scenarios: object states (cloned when handed between workers), assertions raised
  // inside steps, quiescent invariants, several violations each with its shortest trace
  ["--model", "kernel", "--scenario", "seed-coresight-warn", "--pmu", "cs_etm"],
  ["--model", "kernel", "--scenario", "f1-sched-in-leak", "--patch", "leo-yan-v1", "--pmu", "intel_pt"],
  ["--model", "kernel", "--scenario", "f5-throttle-tick", "--patch", "leo-yan-v1", "--pmu", "arm_spe"],
  ["--model", "kernel", "--scenario", "seed-coresight-warn", "--pmu", "cs_etm", "--max-states", "4000"],
  // two CPUs, and the reductions (the same ample sets and canonical fingerprints in every worker)
  ["--scenario", "smp-addr-filter-remote", "--por"],
  ["--scenario", "smp-ioc-period-task", "--por", "--max-states", "9000"],
  ["--model", "twophase", "--param", "rm=5", "--symmetry", "--por"],
  ["--model", "counters", "--param", "n=3", "--param", "max=20", "--por", "--max-states", "3000"],
];

for (const args of CASES) {
  // three workers on the classic models (uneven splits); one and two on the slower kernel ones
  const counts = args.includes("--model") && !args.includes("kernel") ? [1, 2, 3] : [1, 2];
  test(`${counts.join(", ")} workers give identical JSON: ${args.join(" ")}`, (t) => {
    const outs = counts.map((w) => cli(["check", ...args, "--json", "--workers", String(w)]));
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
