/**
 * `npm run bench`: figures, not timed tests (every figure printed with what it is measured against).
 *   1. One search per model in this process: distinct, generated, depth, seconds, states/s, and bytes per
 *      state of the visited set (fingerprint table + parent links; target at most 24).
 *   2. The parallel search, 2 searchers against 1 thread (medians of --repeat N fresh processes, default
 *      3), on the classic models and the largest kernel scenarios (identical counts required), and the
 *      ceilings (two independent searches as two processes and as two threads).
 *   3. CPU seconds in fresh processes, engines taking turns (bench/kernel-speed.mts): three engines on the
 *      model of the engine before the packed kernel state (--baseline REF to pick another commit;
 *      --baseline-two-cpus to also time it and this engine on the two-CPU run: the old engine takes a
 *      quarter of an hour there), this engine on today's model, the two-CPU run, peak
 *      RSS on a larger one, --workers 2 against the ceiling, counters against SPIN (plain and -DHC4).
 * Usage: npm run bench [-- --only NAME] [--repeat N] [--baseline REF] [--baseline-two-cpus] [--standard-set]
 *        --standard-set                      also the whole standard set on one thread against the run pool
 *        npm run bench -- --reduction        distinct / generated / depth / seconds with and without --por and
 *                                            --symmetry (classic models, every kernel scenario)
 *        npm run bench -- --reduction-sweep  every standard run with --por, --symmetry and both: the violated
 *                                            sets must equal the unreduced ones (the full version of test/reduction.test.ts)
 *        npm run bench -- --liveness         only the cost of liveness checking against safety alone (also part of
 *                                            the default run): LIVENESS_CASES below, one row each
 *        npm run bench -- --ab REF           this checkout against commit REF in one process, searches alternating:
 *                                            changes of a few percent (bench/ab.mts)
 */
import { fileURLToPath } from "node:url";
import { explore } from "../src/explore.ts";
import { isLiveness } from "../src/liveness/check.ts";
import { alwaysEventually, weakFairness } from "../src/liveness/properties.ts";
import type { Action, Model } from "../src/model.ts";
import type { ExploreResult } from "../src/result.ts";
import { counters } from "../models/classic/counters.ts";
import { twoPhase } from "../models/classic/twophase.ts";
import { outputOf } from "./child.mts";
import { median } from "./kernel-speed.mts";

interface Case {
  readonly name: string;
  readonly model: () => Model<any, any>;
  readonly expect: readonly [number, number, number];
  /** For the parallel engine: the registered entry and its parameters. */
  readonly entry: string;
  readonly params: Record<string, number>;
}

const CASES: readonly Case[] = [
  { name: "counters n=4 max=49", model: () => counters(4, 49), expect: [6_250_000, 25_000_001, 197], entry: "counters", params: { n: 4, max: 49 } },
  { name: "TwoPhase rm=7", model: () => twoPhase(7), expect: [296_448, 2_744_706, 23], entry: "twophase", params: { rm: 7 } },
];
const MODELS = fileURLToPath(new URL("../models/index.ts", import.meta.url));
/** The largest kernel scenarios (one and two CPUs), for the parallel search's speed-up. */
const KERNEL_CASES: readonly { readonly name: string; readonly params: Record<string, string | number> }[] = [
  { name: "kernel switch-before-tick mstp=1 (1 CPU, the largest)", params: { scenario: "switch-before-tick", max_samples_per_tick: 1, ticks: 2 } },
  { name: "kernel smp-ioc-period-task (2 CPUs)", params: { scenario: "smp-ioc-period-task" } },
];

/**
 * The cost of liveness: a run with its liveness properties against the same run with them removed
 * (safety only), medians of 3 in this process. `extend` adds liveness to a model that has none
 * (the classic case below); a model that declares its own (the kernel's) needs none.
 */
interface LivenessCase {
  readonly label: string;
  readonly entry: string;
  readonly params: Record<string, string | number | boolean>;
  readonly extend?: (m: Model<any, Action>) => Model<any, Action>;
}
const LIVENESS_CASES: readonly LivenessCase[] = [
  {
    label: "counters n=4 max=20, []<>(counter i = 0) for each i under WF per counter (holds)",
    entry: "counters",
    params: { n: 4, max: 20 },
    extend: (m) => ({
      ...m,
      properties: [
        ...m.properties,
        // counters packs counter i into 6 bits at 64^i (models/classic/counters.ts)
        ...[0, 1, 2, 3].map((i) => alwaysEventually<number>(`Resets[${i}]`, (s) => Math.floor(s / 64 ** i) % 64 === 0)),
      ],
      fairness: [weakFairness<Action>(() => true, { per: (a) => a.params![0] as number, name: "WF(counter)" })],
    }),
  },
  {
    // the kernel's own: hard-lockup, soft-lockup, eventually-unthrottled, eventually-resumed
    label: "kernel switch-before-tick mstp=1 ticks=2, its four liveness properties (hold)",
    entry: "kernel",
    params: { scenario: "switch-before-tick", max_samples_per_tick: 1, ticks: 2 },
  },
  {
    label: "kernel seed-coresight-warn, ticks unbounded, its four liveness properties (eventually-resumed violated)",
    entry: "kernel",
    params: { scenario: "seed-coresight-warn", ticks_unbounded: true },
  },
];
async function livenessCost(c: LivenessCase): Promise<string[]> {
  const { modelEntries } = await import("../models/index.ts");
  const entry = modelEntries.find((e) => e.name === c.entry)!;
  const full = (c.extend ?? ((m) => m))(entry.build({ ...Object.fromEntries(entry.params.map((p) => [p.name, p.default])), ...c.params }));
  const safety = { ...full, properties: full.properties.filter((p) => !isLiveness(p)) };
  const live = full.properties.filter(isLiveness);
  const times: [number[], number[]] = [[], []];
  let rs!: ExploreResult;
  let rl!: ExploreResult;
  for (let i = 0; i < 3; i++) {
    rs = explore(safety);
    times[0].push(rs.seconds);
    rl = explore(full);
    times[1].push(rl.seconds);
  }
  const [s, l] = times.map(median) as [number, number];
  const verdicts = rl.properties.filter(isLiveness).map((p) => p.verdict);
  return [
    c.label,
    rl.distinct.toLocaleString("en-US"),
    (rl.generated - 1).toLocaleString("en-US"),
    `${live.length}`,
    s.toFixed(2),
    l.toFixed(2),
    `×${(l / s).toFixed(2)}`,
    (rs.visitedBytes / rs.distinct).toFixed(1),
    (rl.visitedBytes / rl.distinct).toFixed(1),
    [...new Set(verdicts)].join("/"),
  ];
}
function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join("  "));
}
const LIVENESS_HEADER = ["liveness cost", "distinct", "edges", "props", "safety s", "+liveness s", "cost", "B/state safety", "B/state +liveness", "verdicts"];
if (process.argv.includes("--ab")) {
  const ref = process.argv[process.argv.indexOf("--ab") + 1];
  if (ref === undefined || ref.startsWith("--")) throw new Error("--ab takes a commit (e.g. --ab HEAD~1)");
  const { abBench } = await import("./ab.mts");
  process.exit(await abBench(ref));
}
if (process.argv.includes("--liveness")) {
  printTable([LIVENESS_HEADER, ...(await Promise.all(LIVENESS_CASES.map(livenessCost)))]);
  process.exit(0);
}

if (process.argv.includes("--reduction") || process.argv.includes("--reduction-sweep")) {
  await reductionBench(process.argv.includes("--reduction-sweep"));
  process.exit(process.exitCode ?? 0);
}

const only = process.argv.indexOf("--only") >= 0 ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
/** Is the part named `name` measured? Every part with --only NAME's text in its name. */
const picks = (name: string): boolean => only === undefined || name.includes(only);
// --only that selects nothing would print empty tables: refused (one line, exit 2), naming the parts
const PARTS = [...CASES.map((c) => c.name), ...KERNEL_CASES.map((c) => c.name), ...LIVENESS_CASES.map((c) => c.label), "kernel", "counters"];
if (only === undefined ? process.argv.includes("--only") : only.startsWith("--") || !PARTS.some(picks)) {
  process.stderr.write(`bench: --only takes part of a name; valid: ${PARTS.map((x) => `'${x}'`).join(", ")}\n`);
  process.exit(2);
}
const rows: string[][] = [["model", "distinct", "generated", "depth", "seconds", "distinct/s", "generated/s", "bytes/state | speed-up", "counts"]];
const row = (label: string, r: ExploreResult, last: string, counts: string): string[] => [
  label,
  r.distinct.toLocaleString("en-US"),
  r.generated.toLocaleString("en-US"),
  String(r.depth),
  r.seconds.toFixed(2),
  Math.round(r.distinct / r.seconds).toLocaleString("en-US"),
  Math.round(r.generated / r.seconds).toLocaleString("en-US"),
  last,
  counts,
];
const published = (c: Case, r: ExploreResult): string =>
  r.distinct === c.expect[0] && r.generated === c.expect[1] && r.depth === c.expect[2] ? "as published" : `WRONG (expected ${c.expect.join(" / ")})`;
for (const c of CASES) {
  if (!picks(c.name)) continue;
  const r = explore(c.model());
  rows.push(row(c.name, r, (r.visitedBytes / r.distinct).toFixed(1), published(c, r)));
}
// Issue 6: the parallel search, 2 searchers (the main thread and one helper) against one thread.
// This VM is noisy (one-thread times vary by ±25 % from run to run, and a search run after another
// in the same process inherits its heap), so every timing is a fresh CLI process, the two engines
// take turns, and each figure is the median of --repeat runs (default 3).
const REPEAT = Math.max(1, Number(process.argv[process.argv.indexOf("--repeat") + 1]) || 3);
const range = (xs: readonly number[]): string => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
/** What a TypeScript script run in a fresh node process prints on stdout. */
async function stdoutOf(script: string, args: readonly string[]): Promise<string> {
  return (await outputOf(process.execPath, ["--import=tsx", script, ...args])).out;
}
/** One search in a fresh process: its result (seconds = the search's own time, not node's start-up). */
async function cliRun(args: readonly string[]): Promise<ExploreResult> {
  const out = await stdoutOf(CLI, ["check", ...args, "--json"]);
  try {
    return (JSON.parse(out) as { runs: ExploreResult[] }).runs[0]!;
  } catch (e) {
    throw new Error(`bench: auxcheck ${args.join(" ")} printed no JSON (${String(e)})`);
  }
}
const paramArgs = (params: Record<string, unknown>): string[] =>
  Object.entries(params).flatMap(([k, v]) => (k === "scenario" ? ["--scenario", String(v)] : ["--param", `${k}=${v}`]));
async function speedUp(name: string, args: readonly string[], counts: (r: ExploreResult) => string): Promise<void> {
  const ones: number[] = [];
  const pars: number[] = [];
  let one!: ExploreResult;
  let par!: ExploreResult;
  for (let i = 0; i < REPEAT; i++) {
    one = await cliRun([...args, "--workers", "1"]);
    ones.push(one.seconds);
    par = await cliRun([...args, "--workers", "2"]);
    pars.push(par.seconds);
  }
  const same = par.distinct === one.distinct && par.generated === one.generated && par.depth === one.depth;
  rows.push(row(`${name}, 1 thread (median; ${range(ones)})`, { ...one, seconds: median(ones) }, "-", counts(one)));
  rows.push(row(`${name}, 2 searchers (median; ${range(pars)})`, { ...par, seconds: median(pars) }, `×${(median(ones) / median(pars)).toFixed(2)}`, same ? "identical" : "DIFFERENT"));
}
for (const c of CASES) {
  if (!picks(c.name)) continue;
  await speedUp(c.name, ["--model", c.entry, ...paramArgs(c.params)], (r) => published(c, r));
}
// The largest kernel scenarios: expensive steps, a few hundred states per level. Safety only, here and in the
// ceilings below: a run that checks liveness properties is searched by one thread whatever --workers says.
const { modelEntries, standardRuns } = await import("../models/index.ts");
for (const c of KERNEL_CASES) {
  if (!picks(c.name)) continue;
  await speedUp(`${c.name}, --no-liveness`, [...paramArgs(c.params), "--no-liveness"], () => "-");
}
// The ceilings: two independent one-thread searches of the largest kernel scenario at once, as two
// processes and as two threads of one process (bench/two-searches.mts), against one alone. No
// 2-searcher search can beat the throughput this machine gives two searches that share nothing;
// threads, which the shared visited table needs, also share one V8 process.
if (picks("kernel")) {
  const largest = [...paramArgs(KERNEL_CASES[0]!.params), "--no-liveness"];
  const processes = async (n: number): Promise<number> => Math.max(...(await Promise.all(Array.from({ length: n }, () => cliRun([...largest, "--workers", "1"])))).map((r) => r.seconds));
  const threads = async (n: number): Promise<number> =>
    Number(await stdoutOf(fileURLToPath(new URL("./two-searches.mts", import.meta.url)), [String(n), JSON.stringify(KERNEL_CASES[0]!.params)]));
  for (const [label, run] of [["2 processes", processes], ["2 threads of one process", threads]] as const) {
    const alone: number[] = [];
    const together: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      alone.push(await run(1));
      together.push(await run(2));
    }
    const ceiling = (2 * median(alone)) / median(together);
    rows.push([`ceiling, ${label}: 2 independent searches of the largest kernel scenario`, "-", "-", "-", `${median(alone).toFixed(2)} alone, ${median(together).toFixed(2)} both`, "-", "-", `×${ceiling.toFixed(2)}`, "-"]);
  }
}
// The standard set (npm run check): one thread against the run pool (whole runs on each worker).
if (process.argv.includes("--standard-set")) {
  const { runPool } = await import("../src/run-pool.ts");
  const { runStandard, standardJob } = await import("../src/runner.ts");
  let t = performance.now();
  for (const run of standardRuns) await runStandard(modelEntries, run);
  const seq = (performance.now() - t) / 1000;
  t = performance.now();
  await runPool(
    standardRuns.map((run) => standardJob(modelEntries, run)),
    { workers: 2, modulePath: MODELS },
  );
  const pool = (performance.now() - t) / 1000;
  rows.push([`standard set (${standardRuns.length} runs), 1 thread`, "-", "-", "-", seq.toFixed(1), "-", "-", "-", "-"]);
  rows.push([`standard set, run pool of 2`, "-", "-", "-", pool.toFixed(1), "-", "-", `×${(seq / pool).toFixed(2)}`, "-"]);
}
printTable(rows);
console.log("\nTargets: at most 24 bytes/state (fingerprint table + parent links).\n");
// Liveness against safety alone, on the same runs (LIVENESS_CASES).
const liveRows: string[][] = [LIVENESS_HEADER];
for (const c of LIVENESS_CASES) if (picks(c.label)) liveRows.push(await livenessCost(c));
printTable(liveRows);
console.log();

// CPU seconds, fresh processes, engines taking turns (bench/kernel-speed.mts).
const cpuRows: string[][] = [["run", "distinct", "generated", "depth", `CPU s, median of ${REPEAT} (range)`, "distinct/s", "against"]];
if (picks("kernel")) {
  const { kernelSpeedRows, BASELINE_REF, PACKED_REF } = await import("./kernel-speed.mts");
  const at = process.argv.indexOf("--baseline");
  cpuRows.push(...(await kernelSpeedRows({ repeat: REPEAT, baseline: at >= 0 ? process.argv[at + 1]! : BASELINE_REF, packed: PACKED_REF, baselineTwoCpus: process.argv.includes("--baseline-two-cpus") })));
}
if (picks("counters")) {
  const { spinRows } = await import("./kernel-speed.mts");
  const spin = await spinRows(REPEAT);
  if (spin) cpuRows.push(...spin);
  else console.log("(SPIN not installed: apt-get install -y spin gcc, to compare side by side)\n");
}
if (cpuRows.length > 1) printTable(cpuRows);

/** Issue 6: the reduction factors, or (sweep) the violated sets of every standard run with each reduction. */
async function reductionBench(sweep: boolean): Promise<void> {
  const { modelEntries, standardRuns } = await import("../models/index.ts");
  const { SCENARIO_NAMES } = await import("../models/kernel/scenarios/scenarios.ts");
  const defaults = (model: string): Record<string, unknown> => Object.fromEntries(modelEntries.find((e) => e.name === model)!.params.map((p) => [p.name, p.default]));
  const build = (model: string, params: Record<string, unknown>) => modelEntries.find((e) => e.name === model)!.build({ ...defaults(model), ...params } as never);
  const violated = (r: ReturnType<typeof explore>): string => r.properties.filter((p) => p.verdict === "violated").map((p) => p.name).sort().join(",");
  const MODES: readonly [string, { por?: boolean; symmetry?: boolean }][] = [["none", {}], ["--por", { por: true }], ["--symmetry", { symmetry: true }], ["both", { por: true, symmetry: true }]];
  if (sweep) {
    let bad = 0;
    for (const run of standardRuns) {
      const full = explore(build(run.model, run.params), { ...(run.maxStates ? { maxStates: run.maxStates } : {}) });
      const got = MODES.slice(1).map(([name, o]) => {
        const r = explore(build(run.model, run.params), { ...o, ...(run.maxStates ? { maxStates: run.maxStates } : {}) });
        return `${name}:${r.distinct}${violated(r) === violated(full) ? "" : ` MISMATCH {${violated(r)}}`}`;
      });
      if (got.some((g) => g.includes("MISMATCH"))) bad++;
      console.log(`${run.id}: ${full.distinct} {${violated(full)}} ${got.join(" ")}`);
    }
    console.log(bad === 0 ? `\n${standardRuns.length} runs: every reduced violated set equals the unreduced one` : `\n${bad} runs with a MISMATCH`);
    if (bad > 0) process.exitCode = 1;
    return;
  }
  const cases: [string, string, Record<string, unknown>][] = [
    ["counters n=3 max=9", "counters", { n: 3, max: 9 }],
    ["counters n=4 max=20", "counters", { n: 4, max: 20 }],
    ["TwoPhase rm=5", "twophase", { rm: 5 }],
    ["TwoPhase rm=7", "twophase", { rm: 7 }],
    ["DieHard", "diehard", {}],
    ...SCENARIO_NAMES.map((sc): [string, string, Record<string, unknown>] => [`kernel ${sc}`, "kernel", { scenario: sc }]),
  ];
  const rows: string[][] = [["model", ...MODES.flatMap(([m]) => [`${m} distinct`, "generated", "depth", "s"]), "factor (distinct)", "violated (same in every mode)"]];
  for (const [name, model, params] of cases) {
    const rs = MODES.map(([, o]) => explore(build(model, params), o));
    const same = rs.every((r) => violated(r) === violated(rs[0]!));
    const best = Math.min(...rs.map((r) => r.distinct));
    rows.push([
      name,
      ...rs.flatMap((r) => [r.distinct.toLocaleString("en-US"), r.generated.toLocaleString("en-US"), String(r.depth), r.seconds.toFixed(2)]),
      `×${(rs[0]!.distinct / best).toFixed(2)}`,
      same ? violated(rs[0]!) || "(none)" : `MISMATCH ${rs.map((r) => violated(r)).join(" | ")}`,
    ]);
    if (!same) process.exitCode = 1;
    console.error(`${name} done`);
  }
  console.log(`| ${rows[0]!.join(" | ")} |`);
  console.log(`|${rows[0]!.map(() => "---").join("|")}|`);
  for (const r of rows.slice(1)) console.log(`| ${r.join(" | ")} |`);
}
