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
];

for (const args of CASES) {
  test(`1, 2 and 3 workers give identical JSON: ${args.join(" ")}`, (t) => {
    const outs = [1, 2, 3].map((w) => cli(["check", ...args, "--json", "--workers", String(w)]));
    for (const o of outs) t.true(o.stdout.startsWith("{"), o.stderr);
    const [a, b, c] = outs.map((o) => withoutSeconds(o.stdout));
    t.deepEqual(b, a);
    t.deepEqual(c, a);
  });
}
