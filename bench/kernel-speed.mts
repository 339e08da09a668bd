/**
 * `npm run bench`'s figures for the kernel model's search and for SPIN, each search in a fresh process
 * timed in CPU seconds (bench/search-cpu.mts for auxcheck, the shell's `times` for SPIN's pan), the
 * engines taking turns, each figure the median of `repeat` runs with its range:
 *
 *  - the 79,008-state kernel run on one model (PACKED_REF's, whose counts are BASELINE_REF's) by three engines:
 *    the engine before the packed kernel state (BASELINE_REF, or --baseline REF), the packed engine as PACKED_REF
 *    had it, and this checkout's engine (engineOverlayTree), each checked out with `git archive` beside this one,
 *    cold, warm and settled (searches of one process), and search by search; same counts required; where the CPU of
 *    this engine's cold search goes (one profiled search); then this engine on today's model;
 *  - the two-CPU run (733,624 states) and a larger one (peak RSS against 150 MB + 50 B per state);
 *  - two searchers on the two-CPU run and on the larger one against the ceiling this machine gives two independent
 *    searches, in wall seconds, and in the CPU of the whole process against what two cores give in the time the
 *    target allows;
 *  - counters n=4 max=49 against SPIN's BFS, with and without hash compaction (-DHC4).
 */
import { execFileSync, execSync, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { outputOf } from "./child.mts";
import type { Split } from "./search-cpu.mts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SEARCH_CPU = fileURLToPath(new URL("./search-cpu.mts", import.meta.url));
const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
/** The engine before the kernel state was packed into words (the last commit with immer states). */
export const BASELINE_REF = "3b6ab0e";
/**
 * The packed engine on the model as BASELINE_REF had it: the last commit whose kernel model gives every standard
 * run BASELINE_REF's counts (the driver and fidelity work after it added interleaving points, ghosts and locks,
 * so HEAD's E3 run has other counts). The ×10 target is judged between these two, on identical counts; HEAD's
 * row shows what the model costs now.
 */
export const PACKED_REF = "0905e17";

export interface Search {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly complete: boolean;
  readonly violated: Record<string, number | null>;
  readonly cpu: number;
  /** of `cpu`, the main thread's (the rest: V8's compiler and GC threads); null off Linux */
  readonly mainCpu: number | null;
  /** a profiled search's main-thread samples by where their code lives, ms (bench/search-cpu.mts) */
  readonly profile?: Split;
  readonly wall: number;
  readonly rssMB: number;
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: readonly number[]): string => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
/** "main thread X s, V8's own threads Y s" (medians), or "" when the split is unknown. */
const threadSplit = (r: readonly Search[]): string =>
  r.every((x) => x.mainCpu !== null) ? `main thread ${median(r.map((x) => x.mainCpu!)).toFixed(2)} s, V8's own threads (compiler, GC) ${median(r.map((x) => x.cpu - x.mainCpu!)).toFixed(2)} s` : "";
const sameCounts = (a: Search, b: Search): boolean =>
  a.distinct === b.distinct && a.generated === b.generated && a.depth === b.depth && JSON.stringify(a.violated) === JSON.stringify(b.violated);

/** A checkout of `ref` beside this one (git archive; this checkout's node_modules), or null without git history. */
export function baselineTree(ref: string): string | null {
  const dir = join(tmpdir(), `auxcheck-baseline-${ref}`);
  if (existsSync(join(dir, "src", "explore.ts"))) return dir;
  try {
    mkdirSync(dir, { recursive: true });
    execSync(`git archive ${ref} | tar -x -C ${JSON.stringify(dir)}`, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    return dir;
  } catch (e) {
    console.error(`bench: no baseline ${ref} (${String(e).split("\n")[0]}); its comparison is left out`);
    return null;
  }
}

/**
 * The model of `ref` run by this checkout's engine: `ref`'s tree with this checkout's `src/` (the engine) and its
 * compact state (models/kernel/interpreter/state-codec.ts) copied over it. The engine's gains since `ref` then show
 * on `ref`'s model, whose counts equal the baseline's; null when the overlay does not build or load.
 */
export function engineOverlayTree(ref: string): string | null {
  const dir = join(tmpdir(), `auxcheck-overlay-${ref}-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    execSync(`git archive ${ref} | tar -x -C ${JSON.stringify(dir)}`, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    rmSync(join(dir, "src"), { recursive: true, force: true });
    cpSync(join(ROOT, "src"), join(dir, "src"), { recursive: true });
    copyFileSync(join(ROOT, CODEC), join(dir, CODEC));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true })); // rebuilt by every bench run: the engine may have changed
    return dir;
  } catch (e) {
    console.error(`bench: no engine overlay on ${ref} (${String(e).split("\n")[0]}); its comparison is left out`);
    return null;
  }
}
/** The compact state, which the overlay carries over and a profile counts apart (bench/search-cpu.mts). */
export const CODEC = "models/kernel/interpreter/state-codec.ts";

/**
 * The first `searches` searches of `model` with `params` in a fresh process, in order, each timed alone, the engine
 * and models loaded from `root`. The first (cold) is what a short run costs, V8's compiling of the hot code
 * included; the second (warm) still recompiles much of it (code thrown away at the end of the first, the closures
 * of a new build); V8 settles over the next few (SETTLED). `profile`: the last search is also profiled
 * (bench/search-cpu.mts), and is then slower.
 */
export async function searchesIn(root: string, model: string, params: Record<string, unknown>, options: Record<string, unknown> = {}, searches = 1, profile = false): Promise<Search[]> {
  const args = [SEARCH_CPU, root, model, JSON.stringify(params), String(searches), JSON.stringify(options), ...(profile ? ["profile"] : [])];
  const r = await outputOf(process.execPath, ["--import=tsx", ...args], root);
  if (r.code !== 0) throw new Error(`search-cpu ${model} in ${root}: ${r.err.trim()}`);
  const lines = r.out.trim().split("\n");
  if (lines.length !== searches) throw new Error(`search-cpu ${model} in ${root}: ${searches} searches asked, ${lines.length} lines printed`);
  return lines.map((l) => JSON.parse(l) as Search);
}

/** The one search of a fresh process (cold): see searchesIn. */
export async function searchIn(root: string, model: string, params: Record<string, unknown>, options: Record<string, unknown> = {}, profile = false): Promise<Search> {
  return (await searchesIn(root, model, params, options, 1, profile))[0]!;
}

/**
 * One run of the CLI in a fresh process: its search's wall seconds (from its --json) and the CPU seconds of the
 * whole process (user + sys of every thread, start-up included: bash's `times` after it, on stderr).
 */
async function cliRun(args: readonly string[]): Promise<{ seconds: number; distinct: number; cpu: number }> {
  const node = [process.execPath, "--import=tsx", CLI, "check", ...args, "--json"];
  const r = await outputOf("bash", ["-c", '"$@"; times >&2', "bash", ...node], ROOT);
  try {
    const run = (JSON.parse(r.out) as { runs: { seconds: number; distinct: number }[] }).runs[0]!;
    return { seconds: run.seconds, distinct: run.distinct, cpu: childrenCpu(r.err) };
  } catch (e) {
    throw new Error(`auxcheck ${args.join(" ")}: ${String(e)}`);
  }
}

/** The children's user + sys seconds from bash's `times` (its last line: "0m1.234s 0m0.010s"). */
function childrenCpu(timesOutput: string): number {
  const lines = timesOutput.trim().split("\n");
  const secs = (s: string): number => {
    const m = /^(\d+)m([\d.]+)s$/.exec(s);
    if (!m) throw new Error(`not a time from bash's times: '${s}'`);
    return Number(m[1]) * 60 + Number(m[2]);
  };
  const [u, s] = lines[lines.length - 1]!.split(/\s+/);
  return secs(u!) + secs(s!);
}

export const E3 = { scenario: "switch-before-tick", max_samples_per_tick: 1, ticks: 2 };
/**
 * Settled: the least CPU of searches SETTLED.from to SETTLED.to of a process, the same for every engine. V8 is not
 * done by the fifth search of E3 on this engine: in one process (2026-12-04, 23:40 UTC) its threads used 0.27, 0.36,
 * 0.19, 0.18, 0.12, 0.05, 0.13, 0.02 s in searches 1 to 8, the whole search 0.73 s in the first, 0.41 in the fifth
 * and about 0.25 from the eighth on. The baseline's searches do not settle into a floor (its peak RSS grew to
 * 350-820 MB over a process's searches, and in one process its ninth and tenth searches took 15 and 409 s), so the
 * least of a window, not one later search, is what a state costs each engine once its code is compiled. Eight
 * searches a process cost the bench what the cold, warm and fifth searches in three processes did.
 */
const SETTLED = { from: 3, to: 8 };
/** Safety only (no liveness graph): what the engine before liveness did, and what `--no-liveness` does. */
const SAFETY = { liveness: false };
const TWO_CPUS = { ...E3, ncpus: 2 };
const LARGE = { ...E3, ncpus: 2, ticks: 3 };

export interface KernelSpeedOptions {
  readonly repeat: number;
  readonly baseline: string;
  /** the packed engine on the baseline's model (PACKED_REF) */
  readonly packed: string;
  /** also run the baseline engine and this one once on the two-CPU run (the baseline: a quarter of an hour, 2 GB) */
  readonly baselineTwoCpus: boolean;
}

/** The kernel rows: [label, figures...]. */
export async function kernelSpeedRows(o: KernelSpeedOptions): Promise<string[][]> {
  const rows: string[][] = [];
  const old = baselineTree(o.baseline);
  const packed = baselineTree(o.packed);
  const overlay = engineOverlayTree(o.packed);
  // 1. The 79,008-state run. Safety only: the engine of the baseline checks no liveness, so the engines do the same
  // work. Three engines on the same model (the baseline's), each searching SETTLED.to times in a fresh process,
  // taking turns: cold (the first search: V8 compiles the hot code meanwhile, a fixed cost that weighs on a
  // one-second run), warm (the second) and settled (see SETTLED: what each state costs once V8 is done); then this
  // engine on today's model.
  const engines = [
    { label: `engine of ${o.baseline}`, root: old, options: {} },
    { label: `packed engine of ${o.packed}`, root: packed, options: SAFETY },
    { label: "this engine (src/ and the compact state of this checkout)", root: overlay, options: SAFETY },
  ].filter((e): e is { label: string; root: string; options: Record<string, unknown> } => e.root !== null);
  const cold: Search[][] = engines.map(() => []);
  const warm: Search[][] = engines.map(() => []);
  const settled: Search[][] = engines.map(() => []);
  const mine: Search[] = [];
  // each engine's searches, search by search (their medians show how each settles)
  const bySearch: Search[][][] = engines.map(() => []);
  for (let i = 0; i < o.repeat; i++) {
    for (const [k, e] of engines.entries()) {
      const searches = await searchesIn(e.root, "kernel", E3, e.options, SETTLED.to);
      bySearch[k]!.push(searches);
      cold[k]!.push(searches[0]!);
      warm[k]!.push(searches[1]!);
      settled[k]!.push(searches.slice(SETTLED.from - 1).reduce((a, b) => (b.cpu < a.cpu ? b : a)));
    }
    mine.push(await searchIn(ROOT, "kernel", E3, SAFETY));
  }
  const all = bySearch.flat(2);
  const identical = all.every((r) => sameCounts(r, all[0]!));
  for (const [when, runs] of [["cold", cold], ["warm", warm], [`settled (the least of searches ${SETTLED.from}–${SETTLED.to} of its process)`, settled]] as const) {
    const base = old ? median(runs[0]!.map((r) => r.cpu)) : null;
    for (const [k, e] of engines.entries()) {
      const r = runs[k]!;
      const c = median(r.map((x) => x.cpu));
      // where the CPU went: a cold search's compiler threads alone may exceed the whole ×10 budget
      const split = threadSplit(r);
      const against =
        base === null || (old && k === 0)
          ? split || "-"
          : `×${(base / c).toFixed(1)} the baseline's states/s (target ≥ ×10: ≤ ${(base / 10).toFixed(2)} s); counts and violations ${identical ? "identical" : "DIFFERENT"}${split ? `; ${split}` : ""}`;
      rows.push([`kernel E3 (switch-before-tick mstp=1 ticks=2), model of ${o.baseline}, ${e.label}, ${when}`, fmt(r[0]!.distinct), fmt(r[0]!.generated), String(r[0]!.depth), `${c.toFixed(2)} (${range(r.map((x) => x.cpu))})`, fmt(r[0]!.distinct / c), against]);
    }
  }
  // How each engine settles: the median of each search of its processes, the whole process's CPU and V8's threads'.
  for (const [k, e] of engines.entries()) {
    const nth = (i: number): Search[] => bySearch[k]!.map((searches) => searches[i]!);
    const list = (f: (x: Search) => number): string => bySearch[k]![0]!.map((_, i) => median(nth(i).map(f)).toFixed(2)).join(", ");
    const v8 = bySearch[k]!.flat().every((x) => x.mainCpu !== null) ? `; V8's own threads ${list((x) => x.cpu - x.mainCpu!)}` : "";
    rows.push([`kernel E3, model of ${o.baseline}, ${e.label}, searches 1 to ${SETTLED.to} of a process (medians)`, "-", "-", "-", list((x) => x.cpu), "-", `CPU s of each search${v8}`]);
  }
  // Where this engine's cold search spends its CPU: V8's own threads (the cold rows above: mostly the optimizing
  // compiler, which --no-concurrent-recompilation moves onto the main thread; the GC's helpers), and the main thread
  // by where its code lives (one profiled search). The model's functions are the baseline's: whatever the engine,
  // their time stays, and V8 compiles them (inlined into the engine's loop) in every fresh process.
  const thisCold = overlay ? cold[engines.length - 1]! : null;
  if (old && thisCold && thisCold.every((x) => x.mainCpu !== null)) {
    const p = (await searchIn(overlay!, "kernel", E3, SAFETY, true)).profile!;
    const total = p.model + p.codec + p.engine + p.gc + p.other;
    const share = (x: number): string => `${Math.round((100 * x) / total)}%`;
    const v8 = median(thisCold.map((x) => x.cpu - x.mainCpu!));
    const main = median(thisCold.map((x) => x.mainCpu!));
    const fixed = v8 + (main * p.model) / total;
    const base = median(cold[0]!.map((r) => r.cpu));
    const ready = median(settled[engines.length - 1]!.map((r) => r.cpu));
    const warming = v8 + main - ready;
    rows.push([
      `kernel E3, model of ${o.baseline}, this engine, cold: where the CPU goes (main thread: one profiled search)`,
      "-",
      "-",
      "-",
      `${(v8 + main).toFixed(2)}`,
      "-",
      `V8's own threads ${v8.toFixed(2)} s (compiler, GC helpers); main thread ${main.toFixed(2)} s: the model's functions ${share(p.model)}, the compact state ${share(p.codec)}, the engine ${share(p.engine)}, GC pauses ${share(p.gc)}, other ${share(p.other)}. V8's threads and the model's functions alone: ${fixed.toFixed(2)} s, ${Math.round((100 * fixed) / base)}% of the baseline's cold search (×10 is 10%). Settled, the same search costs ${ready.toFixed(2)} s: compiling and warming up the code cost the cold one ${warming.toFixed(2)} s, against the ×10 budget of ${(base / 10).toFixed(2)} s for all of it`,
    ]);
  }
  const m = mine[0]!;
  const mc = median(mine.map((r) => r.cpu));
  const baseStatesPerS = old ? cold[0]![0]!.distinct / median(cold[0]!.map((r) => r.cpu)) : null;
  rows.push([
    "kernel E3, this engine and today's model (more interleaving points, ghosts, locks), safety only, cold",
    fmt(m.distinct),
    fmt(m.generated),
    String(m.depth),
    `${mc.toFixed(2)} (${range(mine.map((r) => r.cpu))})`,
    fmt(m.distinct / mc),
    [baseStatesPerS === null ? "" : `×${(m.distinct / mc / baseStatesPerS).toFixed(1)} the states/s of ${o.baseline} cold`, threadSplit(mine)].filter((x) => x !== "").join("; ") || "-",
  ]);
  // 2. Two CPUs, 733,624 states: CPU time against the 15 s target.
  const two: Search[] = [];
  for (let i = 0; i < o.repeat; i++) two.push(await searchIn(ROOT, "kernel", TWO_CPUS));
  const tc2 = median(two.map((r) => r.cpu));
  rows.push(["kernel E3 on 2 CPUs (ncpus=2 ticks=2)", fmt(two[0]!.distinct), fmt(two[0]!.generated), String(two[0]!.depth), `${tc2.toFixed(2)} (${range(two.map((r) => r.cpu))})`, fmt(two[0]!.distinct / tc2), `target < 15 s CPU; peak RSS ${Math.round(two[0]!.rssMB)} MB`]);
  if (old && o.baselineTwoCpus) {
    // the same model on a run ten times longer (the JIT's fixed cost amortised): the baseline once, this engine once
    const t = await searchIn(old, "kernel", TWO_CPUS);
    rows.push([`kernel E3 on 2 CPUs, model of ${o.baseline}, engine of ${o.baseline} (once)`, fmt(t.distinct), fmt(t.generated), String(t.depth), t.cpu.toFixed(2), fmt(t.distinct / t.cpu), `peak RSS ${Math.round(t.rssMB)} MB`]);
    if (overlay) {
      const u = await searchIn(overlay, "kernel", TWO_CPUS, SAFETY);
      rows.push([`kernel E3 on 2 CPUs, model of ${o.baseline}, this engine, safety only (once)`, fmt(u.distinct), fmt(u.generated), String(u.depth), u.cpu.toFixed(2), fmt(u.distinct / u.cpu), `×${(t.cpu / u.cpu).toFixed(1)} the baseline's states/s; counts and violations ${sameCounts(t, u) ? "identical" : "DIFFERENT"}; peak RSS ${Math.round(u.rssMB)} MB`]);
    }
  }
  // 3. A larger run, once with the liveness properties and once without: peak RSS against 150 MB + 50 B per state.
  for (const [label, options] of [["", {}], [", --no-liveness", SAFETY]] as const) {
    const big = await searchIn(ROOT, "kernel", LARGE, options);
    const budget = 150 + (50 * big.distinct) / 2 ** 20;
    rows.push([`kernel E3 on 2 CPUs, ticks=3${label} (once)`, fmt(big.distinct), fmt(big.generated), String(big.depth), big.cpu.toFixed(2), fmt(big.distinct / big.cpu), `peak RSS ${Math.round(big.rssMB)} MB (target ≤ ${Math.round(budget)} MB = 150 MB + 50 B/state)${big.complete ? "" : " INCOMPLETE"}`]);
  }
  rows.push(...(await parallelRows(o.repeat)));
  return rows;
}

/**
 * 4. Two searchers against the ceiling: `--workers 2` against one thread and against two independent one-thread
 * searches at once, on the two-CPU run and on the larger one, `repeat` rounds taking turns.
 */
export async function parallelRows(repeat: number): Promise<string[][]> {
  const rows: string[][] = [];
  // Two searchers against the ceiling (wall seconds of the search), on the two-CPU run and on the larger one: the
  // target is for kernel runs of 500 K states or more, and the helper's boot and its compiling of the hot code weigh
  // less on the longer run. Safety only: a run that checks liveness properties is searched by one thread whatever
  // --workers says (src/parallel.ts). Beside the walls, the CPU of each whole process (every thread: the searchers,
  // V8's compiler and GC threads, the loaders), less the start-up's (a run cut at its first state): what the two
  // searchers' search costs against what two cores can give in the time the target allows.
  for (const ticks of [2, 3]) {
    const args = ["--scenario", "switch-before-tick", "--param", "max_samples_per_tick=1", "--param", `ticks=${ticks}`, "--param", "ncpus=2", "--no-liveness"];
    const one: number[] = [];
    const par: number[] = [];
    const both: number[] = [];
    const cpu = { startUp: [] as number[], one: [] as number[], par: [] as number[], both: [] as number[] };
    const distinct = new Set<number>();
    const timed = async (workers: number, cpus: number[]): Promise<number> => {
      const r = await cliRun([...args, "--workers", String(workers)]);
      distinct.add(r.distinct);
      cpus.push(r.cpu);
      return r.seconds;
    };
    for (let i = 0; i < repeat; i++) {
      cpu.startUp.push((await cliRun([...args, "--max-states", "1"])).cpu);
      one.push(await timed(1, cpu.one));
      par.push(await timed(2, cpu.par));
      both.push(Math.max(...(await Promise.all([timed(1, cpu.both), timed(1, cpu.both)]))));
    }
    const speedUp = median(one) / median(par);
    const ceiling = (2 * median(one)) / median(both);
    const label = `kernel E3 on 2 CPUs${ticks === 2 ? "" : `, ticks=${ticks}`}, --no-liveness, --workers 2`;
    rows.push([
      `${label} (wall s of the search)`,
      "-",
      "-",
      "-",
      `${median(par).toFixed(2)} (${range(par)}); 1 thread ${median(one).toFixed(2)} (${range(one)})`,
      "-",
      `×${speedUp.toFixed(2)}; ceiling (2 independent searches at once: ${median(both).toFixed(2)} s) ×${ceiling.toFixed(2)}; ${(speedUp / ceiling).toFixed(2)} of it (target ≥ 0.85); ${distinct.size === 1 ? `every search ${fmt([...distinct][0]!)} states` : `DIFFERENT counts: ${[...distinct].join(", ")}`}`,
    ]);
    const startUp = median(cpu.startUp);
    const search = (xs: readonly number[]): number => median(xs) - startUp;
    const allowed = median(one) / (0.85 * ceiling);
    rows.push([
      `${label} (CPU s of the whole process, less the start-up's ${startUp.toFixed(2)})`,
      "-",
      "-",
      "-",
      `${search(cpu.par).toFixed(2)} (${range(cpu.par.map((x) => x - startUp))}); 1 thread ${search(cpu.one).toFixed(2)} (${range(cpu.one.map((x) => x - startUp))})`,
      "-",
      `×${(search(cpu.par) / search(cpu.one)).toFixed(2)} the CPU of one thread; each of 2 independent searches at once ${search(cpu.both).toFixed(2)}; 0.85 of the ceiling is a search of ${allowed.toFixed(2)} s, in which 2 cores give ${(2 * allowed).toFixed(2)} CPU s`,
    ]);
  }
  return rows;
}

/** CPU seconds (user + sys) of a command run by the shell, from `times`. */
function cpuOfCommand(cmd: string, cwd: string): { cpu: number; out: string } {
  const cpu = childrenCpu(execFileSync("bash", ["-c", `${cmd} > out.txt; times`], { cwd, encoding: "utf8" }));
  return { cpu, out: execFileSync("cat", ["out.txt"], { cwd, encoding: "utf8" }) };
}

/** Counters n=4 max=49 against SPIN's BFS, plain and with hash compaction; null when spin or gcc is missing. */
export async function spinRows(repeat: number): Promise<string[][] | null> {
  if (spawnSync("spin", ["-V"]).status !== 0 || spawnSync("gcc", ["--version"]).status !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), "auxcheck-spin-"));
  copyFileSync(fileURLToPath(new URL("./spin/counters.pml", import.meta.url)), join(dir, "counters.pml"));
  execFileSync("spin", ["-a", "counters.pml"], { cwd: dir });
  execFileSync("gcc", ["-O2", "-DBFS", "-DSAFETY", "-DNOCLAIM", "-DMEMLIM=8000", "-o", "pan", "pan.c"], { cwd: dir });
  execFileSync("gcc", ["-O2", "-DBFS", "-DSAFETY", "-DNOCLAIM", "-DMEMLIM=8000", "-DHC4", "-o", "pan-hc4", "pan.c"], { cwd: dir });
  const mine: Search[] = [];
  const plain: number[] = [];
  const hc4: number[] = [];
  let states = 0;
  for (let i = 0; i < repeat; i++) {
    mine.push(await searchIn(ROOT, "counters", { n: 4, max: 49 }));
    const p = cpuOfCommand("./pan -m100000", dir);
    states = Number(/(\d+) states, stored/.exec(p.out)?.[1]);
    plain.push(p.cpu);
    hc4.push(cpuOfCommand("./pan-hc4 -m100000", dir).cpu);
  }
  const mc = median(mine.map((r) => r.cpu));
  const pc = median(plain);
  const hc = median(hc4);
  return [
    ["counters n=4 max=49, auxcheck (1 thread; exact keys, Model.key)", fmt(mine[0]!.distinct), fmt(mine[0]!.generated), String(mine[0]!.depth), `${mc.toFixed(2)} (${range(mine.map((r) => r.cpu))})`, fmt(mine[0]!.distinct / mc), "-"],
    ["counters, SPIN BFS", fmt(states), "-", "-", `${pc.toFixed(2)} (${range(plain)})`, fmt(states / pc), `auxcheck ×${(pc / mc).toFixed(2)} SPIN's states/s (target ≥ ×1.5)`],
    ["counters, SPIN BFS -DHC4 (hash compaction)", fmt(states), "-", "-", `${hc.toFixed(2)} (${range(hc4)})`, fmt(states / hc), `auxcheck ×${(hc / mc).toFixed(2)}`],
  ];
}
