/**
 * `npm run bench`'s figures for the kernel model's search and for SPIN, each search in a fresh process
 * timed in CPU seconds (bench/search-cpu.mts for auxcheck, the shell's `times` for SPIN's pan), the
 * engines taking turns, each figure the median of `repeat` runs with its range:
 *
 *  - the 79,008-state kernel run against the previous engine (the commit before the packed kernel
 *    state, or --baseline REF), checked out with `git archive` beside this one: same counts required;
 *  - the two-CPU run (733,624 states) and a larger one (peak RSS against 150 MB + 50 B per state);
 *  - two searchers on the two-CPU run against the ceiling this machine gives two independent searches;
 *  - counters n=4 max=49 against SPIN's BFS, with and without hash compaction (-DHC4).
 */
import { execFileSync, execSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

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
  readonly wall: number;
  readonly rssMB: number;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: readonly number[]): string => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
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

/** One search of `model` with `params` in a fresh process, the engine and models loaded from `root`. */
export function searchIn(root: string, model: string, params: Record<string, unknown>, options: Record<string, unknown> = {}): Promise<Search> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import=tsx", SEARCH_CPU, root, model, JSON.stringify(params), "1", JSON.stringify(options)], { cwd: root });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!) as Search) : reject(new Error(`search-cpu ${model} in ${root}: ${err.trim()}`))));
  });
}

/** The CLI's search time (wall, the search only) of one run in a fresh process. */
function cliSeconds(args: readonly string[]): Promise<{ seconds: number; distinct: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import=tsx", CLI, "check", ...args, "--json"], { cwd: ROOT });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", () => {
      try {
        const r = (JSON.parse(out) as { runs: { seconds: number; distinct: number }[] }).runs[0]!;
        resolve({ seconds: r.seconds, distinct: r.distinct });
      } catch (e) {
        reject(new Error(`auxcheck ${args.join(" ")}: ${String(e)}`));
      }
    });
  });
}

const E3 = { scenario: "switch-before-tick", max_samples_per_tick: 1, ticks: 2 };
/** Safety only (no liveness graph): what the engine before liveness did, and what `--no-liveness` does. */
const SAFETY = { liveness: false };
const TWO_CPUS = { ...E3, ncpus: 2 };
const LARGE = { ...E3, ncpus: 2, ticks: 3 };

export interface KernelSpeedOptions {
  readonly repeat: number;
  readonly baseline: string;
  /** the packed engine on the baseline's model (PACKED_REF) */
  readonly packed: string;
  /** also run the baseline engine once on the two-CPU run (about 2 minutes) */
  readonly baselineTwoCpus: boolean;
}

/** The kernel rows: [label, figures...]. */
export async function kernelSpeedRows(o: KernelSpeedOptions): Promise<string[][]> {
  const rows: string[][] = [];
  const old = baselineTree(o.baseline);
  // 1. The 79,008-state run: the packed engine and the baseline on the same model, taking turns, then HEAD.
  const packed = baselineTree(o.packed);
  const mine: Search[] = [];
  const same: Search[] = [];
  const theirs: Search[] = [];
  // safety only: the engine of 3b6ab0e checks no liveness, so the engines are compared on the same work
  for (let i = 0; i < o.repeat; i++) {
    mine.push(await searchIn(ROOT, "kernel", E3, SAFETY));
    if (packed) same.push(await searchIn(packed, "kernel", E3, SAFETY));
    if (old) theirs.push(await searchIn(old, "kernel", E3));
  }
  const m = mine[0]!;
  const mc = median(mine.map((r) => r.cpu));
  rows.push(["kernel E3 (switch-before-tick mstp=1 ticks=2), this engine and model, safety only", fmt(m.distinct), fmt(m.generated), String(m.depth), `${mc.toFixed(2)} (${range(mine.map((r) => r.cpu))})`, fmt(m.distinct / mc), "-"]);
  const pc = same.length ? median(same.map((r) => r.cpu)) : 0;
  if (packed) {
    const p = same[0]!;
    rows.push([`kernel E3, packed engine of ${o.packed} (the model of ${o.baseline}), safety only`, fmt(p.distinct), fmt(p.generated), String(p.depth), `${pc.toFixed(2)} (${range(same.map((r) => r.cpu))})`, fmt(p.distinct / pc), "-"]);
  }
  if (old) {
    const t = theirs[0]!;
    const tc = median(theirs.map((r) => r.cpu));
    const ref = packed ? same : mine;
    const rc = packed ? pc : mc;
    const identical = ref.concat(theirs).every((r) => sameCounts(r, ref[0]!));
    rows.push([
      `kernel E3, engine of ${o.baseline}`,
      fmt(t.distinct),
      fmt(t.generated),
      String(t.depth),
      `${tc.toFixed(2)} (${range(theirs.map((r) => r.cpu))})`,
      fmt(t.distinct / tc),
      `${packed ? o.packed : "this engine"} ×${(tc / rc).toFixed(1)} (target ≥ ×10); counts and violations ${identical ? "identical" : "DIFFERENT"}; this engine and model: ×${(m.distinct / mc / (t.distinct / tc)).toFixed(1)} the states/s`,
    ]);
  }
  // 2. Two CPUs, 733,624 states: CPU time against the 15 s target.
  const two: Search[] = [];
  for (let i = 0; i < o.repeat; i++) two.push(await searchIn(ROOT, "kernel", TWO_CPUS));
  const tc2 = median(two.map((r) => r.cpu));
  rows.push(["kernel E3 on 2 CPUs (ncpus=2 ticks=2)", fmt(two[0]!.distinct), fmt(two[0]!.generated), String(two[0]!.depth), `${tc2.toFixed(2)} (${range(two.map((r) => r.cpu))})`, fmt(two[0]!.distinct / tc2), `target < 15 s CPU; peak RSS ${Math.round(two[0]!.rssMB)} MB`]);
  if (old && o.baselineTwoCpus) {
    const t = await searchIn(old, "kernel", TWO_CPUS);
    rows.push([`kernel E3 on 2 CPUs, engine of ${o.baseline} (once)`, fmt(t.distinct), fmt(t.generated), String(t.depth), t.cpu.toFixed(2), fmt(t.distinct / t.cpu), `×${(t.cpu / tc2).toFixed(1)}; peak RSS ${Math.round(t.rssMB)} MB`]);
  }
  // 3. A larger run, once with the liveness properties and once without: peak RSS against 150 MB + 50 B per state.
  for (const [label, options] of [["", {}], [", --no-liveness", SAFETY]] as const) {
    const big = await searchIn(ROOT, "kernel", LARGE, options);
    const budget = 150 + (50 * big.distinct) / 2 ** 20;
    rows.push([`kernel E3 on 2 CPUs, ticks=3${label} (once)`, fmt(big.distinct), fmt(big.generated), String(big.depth), big.cpu.toFixed(2), fmt(big.distinct / big.cpu), `peak RSS ${Math.round(big.rssMB)} MB (target ≤ ${Math.round(budget)} MB = 150 MB + 50 B/state)${big.complete ? "" : " INCOMPLETE"}`]);
  }
  // 4. Two searchers against the ceiling, on the two-CPU run (wall seconds of the search).
  const args = ["--scenario", "switch-before-tick", "--param", "max_samples_per_tick=1", "--param", "ticks=2", "--param", "ncpus=2"];
  const one: number[] = [];
  const par: number[] = [];
  const both: number[] = [];
  for (let i = 0; i < o.repeat; i++) {
    one.push((await cliSeconds([...args, "--workers", "1"])).seconds);
    par.push((await cliSeconds([...args, "--workers", "2"])).seconds);
    both.push(Math.max(...(await Promise.all([cliSeconds([...args, "--workers", "1"]), cliSeconds([...args, "--workers", "1"])])).map((r) => r.seconds)));
  }
  const speedUp = median(one) / median(par);
  const ceiling = (2 * median(one)) / median(both);
  rows.push([
    "kernel E3 on 2 CPUs, --workers 2 (wall s of the search)",
    "-",
    "-",
    "-",
    `${median(par).toFixed(2)} (${range(par)}); 1 thread ${median(one).toFixed(2)} (${range(one)})`,
    "-",
    `×${speedUp.toFixed(2)}; ceiling (2 independent searches at once: ${median(both).toFixed(2)} s) ×${ceiling.toFixed(2)}; ${(speedUp / ceiling).toFixed(2)} of it (target ≥ 0.85)`,
  ]);
  return rows;
}

/** CPU seconds (user + sys) of a command run by the shell, from `times`. */
function cpuOfCommand(cmd: string, cwd: string): { cpu: number; out: string } {
  const out = execFileSync("bash", ["-c", `${cmd} > out.txt; times`], { cwd, encoding: "utf8" });
  // `times` prints the shell's then its children's user and system times: "0m1.234s 0m0.010s"
  const lines = out.trim().split("\n");
  const secs = (s: string): number => {
    const m = /(\d+)m([\d.]+)s/.exec(s)!;
    return Number(m[1]) * 60 + Number(m[2]);
  };
  const [u, s] = lines[lines.length - 1]!.split(/\s+/);
  return { cpu: secs(u!) + secs(s!), out: execFileSync("cat", ["out.txt"], { cwd, encoding: "utf8" }) };
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
    ["counters n=4 max=49, auxcheck (1 thread)", fmt(mine[0]!.distinct), fmt(mine[0]!.generated), String(mine[0]!.depth), `${mc.toFixed(2)} (${range(mine.map((r) => r.cpu))})`, fmt(mine[0]!.distinct / mc), "-"],
    ["counters, SPIN BFS", fmt(states), "-", "-", `${pc.toFixed(2)} (${range(plain)})`, fmt(states / pc), `auxcheck ×${(pc / mc).toFixed(2)} SPIN's states/s (target ≥ ×1.5)`],
    ["counters, SPIN BFS -DHC4 (hash compaction)", fmt(states), "-", "-", `${hc.toFixed(2)} (${range(hc4)})`, fmt(states / hc), `auxcheck ×${(hc / mc).toFixed(2)}`],
  ];
}
