/**
 * The CLI's contract with its users, run as a user would (a child process per command): every
 * answer is a result with the exit code of its verdict, or a refusal on one line (exit 2) found
 * before any search. INPUTS (helpers/inputs.ts) is the table of bad and edge inputs tried, each with
 * its exit code and the first line a user sees.
 */
import test from "ava";
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { EXIT_CODES } from "../src/exit-codes.ts";
import { INPUTS, NO_AUX_TASK, TMP } from "./helpers/inputs.ts";
import { cliAsync, firstLine, PROGRESS_LINE, ROOT, withoutSeconds, type CliResult } from "./helpers/cli.ts";

test.after.always(() => rmSync(TMP, { recursive: true, force: true }));

/** Runs the table a few commands at a time (each is a node process). */
async function runAll<T>(items: readonly T[], width: number, f: (x: T) => Promise<CliResult>): Promise<CliResult[]> {
  const out: CliResult[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

test(`${INPUTS.length} bad and edge inputs: each gives its exit code and first line; a refusal is one line on stderr and nothing on stdout`, async (t) => {
  t.true(INPUTS.length >= 50);
  const results = await runAll(INPUTS, 3, ([args]) => cliAsync(args));
  INPUTS.forEach(([args, code, re], i) => {
    const r = results[i]!;
    const label = `auxcheck ${args.map((a) => (a.includes(" ") || a === "" ? `'${a}'` : a)).join(" ")}`;
    t.is(r.code, code, `${label}: ${firstLine(r)}`);
    t.regex(firstLine(r), re, label);
    if (code === 2) {
      t.is(r.stderr.trim().split("\n").length, 1, `${label}: one line`);
      t.is(r.stdout, "", `${label}: nothing on stdout`);
    }
    t.false(/at .*\.ts:\d+/.test(r.stdout + r.stderr), `${label}: no stack trace`);
    if (!args.includes("--expect")) t.false((r.stdout + r.stderr).includes("MISMATCH"), `${label}: an ad-hoc run is never judged against a stored run`);
  });
});

test("--workers 2 on a run with liveness properties says that one thread searches it; with --no-liveness it is shared, and says nothing", async (t) => {
  const [live, safety] = await Promise.all([
    cliAsync(["check", "--scenario", "seed-coresight-warn", "--workers", "2", "--json"]),
    cliAsync(["check", "--scenario", "seed-coresight-warn", "--workers", "2", "--no-liveness", "--json"]),
  ]);
  t.regex(live.stderr, /^auxcheck: --workers 2: this run checks liveness properties, which are decided on one thread's state graph, so one thread searches it \(--no-liveness shares the search among 2\)$/m);
  t.false(safety.stderr.includes("one thread searches it"));
  t.is(live.code, safety.code);
});

test("a vacuous run says what never happened, in one line, and exits 4; its goals are the same on two threads", async (t) => {
  const one = await cliAsync(["check", "--events", NO_AUX_TASK, "--json"]);
  t.is(one.code, 4);
  // on two threads: --no-liveness on both sides, since a run that checks liveness properties is searched by one
  // thread whatever --workers says (its liveness verdicts then unchecked: exit 3, undecided, on both)
  const [safetyOne, safetyTwo] = await Promise.all([cliAsync(["check", "--events", NO_AUX_TASK, "--json", "--no-liveness"]), cliAsync(["check", "--events", NO_AUX_TASK, "--json", "--no-liveness", "--workers", "2"])]);
  t.is(safetyTwo.code, safetyOne.code);
  t.deepEqual(withoutSeconds(safetyTwo.stdout), withoutSeconds(safetyOne.stdout));
  t.deepEqual(
    (JSON.parse(safetyTwo.stdout) as { runs: { goals: { name: string; reached: boolean }[] }[] }).runs[0]!.goals.filter((g) => !g.reached).map((g) => g.name),
    ["enabled", "overflow", "throttle", "overflows"],
  );
  const run = (JSON.parse(one.stdout) as { runs: { verdict: string; goals: { name: string; reached: boolean }[] }[] }).runs[0]!;
  t.is(run.verdict, "vacuous");
  t.deepEqual(run.goals.filter((g) => !g.reached).map((g) => g.name), ["enabled", "overflow", "throttle", "overflows"]);
  const text = await cliAsync(["check", "--events", NO_AUX_TASK]);
  t.regex(text.stdout.split("\n")[1]!, /^verdict: vacuous: never happened: the events enabled \(an event ACTIVE\); an overflow \(__perf_event_overflow\); a throttle/);
});

test("an --events string that names an AUX PMU runs on it (it was silently rewritten to cs_etm)", async (t) => {
  const r = await cliAsync(["check", "--events", "-a -e arm_spe//k -e cycles/period=3000/", "--json"]);
  const run = (JSON.parse(r.stdout) as { runs: { pmu: string; verdict: string }[] }).runs[0]!;
  t.is(run.pmu, "arm_spe");
  t.not(run.verdict, "vacuous");
});

test("a single run's exit code is its verdict, not whether a stored run with these parameters matches", async (t) => {
  // the standard run kernel-fix-leo... expects this violation; an ad-hoc run still reports it as one
  const r = await cliAsync(["check", "--scenario", "seed-coresight-warn", "--patch", "leo-yan-v1", "--pmu", "cs_etm", "--json"]);
  t.is(r.code, 1);
  const run = (JSON.parse(r.stdout) as { runs: { verdict: string; expected: string | null; matches: boolean | null }[] }).runs[0]!;
  t.is(run.verdict, "violation");
  t.is(run.expected, null);
  t.is(run.matches, null);
});

test("the standard set cut by a bound is undecided (exit 3), never MISMATCH", async (t) => {
  const r = await cliAsync(["check", "--quiet", "--max-depth", "3", "--workers", "2"]);
  t.is(r.code, 3, r.stderr);
  t.false(r.stdout.includes("MISMATCH"));
  t.regex(r.stdout, /\d+ runs, \d+ as expected, 0 not, \d+ undecided \(cut before they could tell\)/);
});

/** Spawns a search, sends `signal` once it is under way, and collects what it printed. */
async function interrupted(signal: NodeJS.Signals): Promise<CliResult> {
  const child = spawn(process.execPath, ["--import=tsx", join(ROOT, "src/cli.ts"), "check", "--model", "counters", "--param", "n=4", "--param", "max=49", "--json"], { cwd: ROOT });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  // the first progress line says the search is under way (its handlers are in place)
  await new Promise<void>((r) => child.stderr.on("data", () => (PROGRESS_LINE.test(stderr.trim().split("\n")[0]!) ? r() : undefined)));
  child.kill(signal);
  const code = await new Promise<number | null>((r) => child.on("close", r));
  return { code: code ?? -1, stdout, stderr };
}

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  test(`${signal} stops the search with its partial statistics, as incomplete, exit ${code}`, async (t) => {
    const r = await interrupted(signal);
    t.is(r.code, code, r.stderr);
    const run = (JSON.parse(r.stdout) as { runs: { verdict: string; stopReason: string; distinct: number; matches: unknown }[] }).runs[0]!;
    t.is(run.verdict, "incomplete");
    t.is(run.stopReason, "interrupted");
    t.true(run.distinct > 0 && run.distinct < 6_250_000);
    t.regex(r.stderr, signal === "SIGINT" ? /interrupted; finishing with partial statistics/ : /terminated; finishing with partial statistics/);
  });
}

test("a closed stdout ends the run quietly (exit 141, no stack trace)", async (t) => {
  const child = spawn(process.execPath, ["--import=tsx", join(ROOT, "src/cli.ts"), "check", "--model", "diehard"], { cwd: ROOT });
  child.stdout.destroy(); // the reader went away, as `| head` does
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.on("close", r));
  t.is(code, 141);
  t.is(stderr, "");
});

test("a long run talks: a progress line on stderr after a few seconds, while --json keeps stdout pure JSON", async (t) => {
  const r = await cliAsync(["check", "--model", "counters", "--param", "n=4", "--param", "max=49", "--timeout", "6", "--json"]);
  t.is(r.code, 3);
  t.regex(r.stderr, /^auxcheck: counters: [\d,]+ distinct, [\d,]+ generated, depth \d+, queue [\d,]+, [\d,]+ states\/s, \d+ MB \(heap \d+ % of its limit\)$/m);
  t.is((JSON.parse(r.stdout) as { runs: { stopReason: string }[] }).runs[0]!.stopReason, "timeout");
});

test("the README's exit-code table is the CLI's", (t) => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const rows = [...readme.matchAll(/^\s*\| (\d+) \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2]!] as const);
  t.deepEqual(rows, EXIT_CODES.map(([c, what]) => [c, what] as const));
});
