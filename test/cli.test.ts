import test from "ava";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, withoutSeconds } from "./helpers/cli.ts";

test("bad input: one line naming the valid choices, exit code 2", (t) => {
  const cases: [string[], RegExp][] = [
    [["check", "--model", "nosuch"], /unknown model 'nosuch'; valid: .*twophase/],
    [["check", "--model", "twophase", "--param", "rm=x"], /must be an integer/],
    [["check", "--model", "twophase", "--param", "bogus=1"], /unknown parameter 'bogus'.*valid: rm/],
    [["check", "--model", "twophase", "--param", "rm=9"], /rm of twophase must be in 1\.\.7/],
    [["check", "--max-states", "-3"], /./],
    [["check", "--nosuchflag"], /unknown option '--nosuchflag'; valid: --model/],
    [["frobnicate"], /unknown command 'frobnicate'; valid: check, list, report/],
  ];
  for (const [args, re] of cases) {
    const r = cli(args);
    t.is(r.code, 2, args.join(" "));
    t.regex(r.stderr, re);
    t.is(r.stderr.trim().split("\n").length, 1, `one line for ${args.join(" ")}`);
  }
});

test("--json prints one document; two runs are identical apart from seconds", (t) => {
  const a = cli(["check", "--model", "diehard", "--json"]);
  const b = cli(["check", "--model", "diehard", "--json"]);
  t.is(a.code, 1); // a violation (a single run's exit code is its verdict)
  t.deepEqual(withoutSeconds(a.stdout), withoutSeconds(b.stdout));
  const doc = JSON.parse(a.stdout) as { runs: { verdict: string; distinct: number; generated: number; depth: number; violations: { property: string; depth: number; callChain: string[]; trace: { action: string; changes: object }[] }[] }[] };
  const run = doc.runs[0]!;
  t.is(run.verdict, "violation");
  t.deepEqual([run.distinct, run.generated, run.depth], [16, 97, 8]);
  t.is(run.violations[0]!.property, "NotSolved");
  t.is(run.violations[0]!.trace.length, 6);
  t.deepEqual(run.violations[0]!.trace[0]!.changes, { big: [0, 5] });
});

test("--itf writes a parseable ITF trace", (t) => {
  const file = join(mkdtempSync(join(tmpdir(), "auxcheck-")), "diehard.itf.json");
  const r = cli(["check", "--model", "diehard", "--itf", file]);
  t.is(r.code, 1);
  const itf = JSON.parse(readFileSync(file, "utf8")) as { vars: string[]; states: Record<string, unknown>[] };
  t.deepEqual(itf.vars, ["big", "small"]);
  t.is(itf.states.length, 7);
  t.deepEqual(itf.states[6]!.big, { "#bigint": "4" });
  t.is((itf.states[1]!["#meta"] as { action: string }).action, "FillBigJug");
});

test("a bound that cuts the search gives incomplete and exit code 3, never ok", (t) => {
  const r = cli(["check", "--model", "twophase", "--param", "rm=4", "--max-states", "100", "--json"]);
  const run = (JSON.parse(r.stdout) as { runs: { verdict: string; complete: boolean; stopReason: string }[] }).runs[0]!;
  t.is(run.verdict, "incomplete");
  t.is(run.stopReason, "max-states");
  t.is(r.code, 3);
});

test("the standard set runs and every verdict matches its expectation", (t) => {
  const r = cli(["check", "--quiet", "--json"]);
  t.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { runs: { id: string; matches: boolean }[] };
  t.true(doc.runs.length >= 4);
  t.true(doc.runs.every((x) => x.matches), doc.runs.filter((x) => !x.matches).map((x) => x.id).join(", "));
});

test("--help and list work", (t) => {
  t.regex(cli(["--help"]).stdout, /Usage:/);
  t.regex(cli(["list"]).stdout, /twophase/);
});
