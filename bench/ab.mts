/**
 * `npm run bench -- --ab REF`: this checkout against commit REF, side by side in one process, for changes too
 * small for fresh-process timings to tell apart on this shared machine (they move by a fifth from run to run).
 *
 * Both engines and their models are loaded into this process (REF's tree from `git archive`, as the baseline
 * of bench/kernel-speed.mts): each module graph is its own (its own JIT code, its own string table). Each round
 * times --reps pairs of searches, A then B, then B then A, and so on (the second search of a pair pays for
 * the first one's garbage; a full GC before each search, tried, made V8 drop and recompile the other side's
 * code), and gives the median of the ratios B/A of its pairs (CPU time of the process: the searching thread,
 * the compiler's and the GC's). Before the first round each side searches --warmup times untimed: V8 takes four
 * or five searches of E3 to settle its compiled code (the first costs twice the fifth). The rounds' medians are
 * printed with their median and range. Below 1: this checkout is faster.
 *
 * Its resolution, measured with the same code on both sides (`--ab HEAD` on a clean tree, 2026-12-04): rounds of
 * 0.97-1.07, median 1.04 (the side loaded second ran a little slower). A difference below about 5% is not told
 * apart from that: compare with a run of `--ab HEAD` before believing one.
 * V8's flags are the process's: the interrupt budget that the engine sets at its first search
 * (src/v8-tuning.ts, since 97cca05) then holds for both sides, so the harness cannot measure that setting
 * itself (fresh processes can: bench/search-cpu.mts).
 *
 *   npm run bench -- --ab REF [--model NAME] [--params JSON] [--rounds N] [--reps M] [--warmup W]
 *   default: the kernel's E3 (switch-before-tick mstp=1 ticks=2), safety only, 4 warm-up searches a side, then
 *   3 rounds of 6 pairs.
 * The counts (distinct, generated, depth) of both sides must be equal, or it says so and exits 1.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ExploreResult } from "../src/result.ts";
import { baselineTree, E3, median } from "./kernel-speed.mts";

type Search = () => { cpu: number; r: ExploreResult };

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const arg = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const count = (name: string, dflt: number, min: number): number => {
  const v = arg(name);
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new AbInput(`${name} takes an integer of at least ${min}, got '${v}'`);
  return Number(v);
};

/** One search of `modelName` with `params`, safety only, by the engine and models of `root`. */
async function searcher(root: string, modelName: string, params: Record<string, unknown>): Promise<Search> {
  const { explore } = (await import(pathToFileURL(join(root, "src/explore.ts")).href)) as typeof import("../src/explore.ts");
  const { modelEntries } = (await import(pathToFileURL(join(root, "models/index.ts")).href)) as typeof import("../models/index.ts");
  const entry = modelEntries.find((e) => e.name === modelName);
  if (!entry) throw new AbInput(`no model ${modelName} in ${root}; valid: ${modelEntries.map((e) => e.name).join(", ")}`);
  const unknown = Object.keys(params).filter((k) => !entry.params.some((p) => p.name === k));
  if (unknown.length > 0) throw new AbInput(`${modelName} has no parameter ${unknown.join(", ")}; valid: ${entry.params.map((p) => p.name).join(", ")}`);
  const full = { ...Object.fromEntries(entry.params.map((p) => [p.name, p.default])), ...params };
  return () => {
    const model = entry.build(full as never);
    const c0 = process.cpuUsage();
    const r = explore(model, { liveness: false });
    const c = process.cpuUsage(c0);
    return { cpu: (c.user + c.system) / 1e6, r };
  };
}

/** Bad input: one line on stderr, exit code 2. */
class AbInput extends Error {}

export async function abBench(ref: string): Promise<number> {
  try {
    return await ab(ref);
  } catch (e) {
    if (!(e instanceof AbInput)) throw e;
    console.error(`bench: --ab: ${e.message}`);
    return 2;
  }
}

async function ab(ref: string): Promise<number> {
  const modelName = arg("--model") ?? "kernel";
  const paramsJson = arg("--params") ?? JSON.stringify(modelName === "kernel" ? E3 : {});
  let params: Record<string, unknown>;
  try {
    params = JSON.parse(paramsJson) as Record<string, unknown>;
  } catch {
    throw new AbInput(`--params takes a JSON object, e.g. '{"n":4,"max":20}', got '${paramsJson}'`);
  }
  const rounds = count("--rounds", 3, 1);
  const reps = count("--reps", 6, 1);
  const warmup = count("--warmup", 4, 0);
  // a commit, not a name: the tree is kept in the temporary directory under the name given
  let commit: string;
  try {
    commit = execFileSync("git", ["rev-parse", "--verify", `${ref}^{commit}`], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    throw new AbInput(`${ref} is not a commit of this repository`);
  }
  const tree = baselineTree(commit);
  if (tree === null) return 2; // (baselineTree said why)
  const a = await searcher(tree, modelName, params);
  const b = await searcher(ROOT, modelName, params);
  console.log(`A = ${ref} (${commit.slice(0, 12)}), B = this checkout; ${modelName} ${JSON.stringify(params)}, safety only; ${warmup} warm-up searches a side, then ${rounds} rounds of ${reps} pairs`);
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const perRound: number[] = [];
  let counts: string | null = null;
  for (let round = 0; round < rounds; round++) {
    const ratios: number[] = [];
    const times: string[] = [];
    for (let i = 0; i < reps; i++) {
      // A then B, then B then A: the second search of a pair pays for the first one's garbage and is not always B
      const bFirst = (round * reps + i) % 2 === 1;
      const x = (bFirst ? b : a)();
      const y = (bFirst ? a : b)();
      const [ra, rb] = bFirst ? [y, x] : [x, y];
      for (const s of [ra, rb]) {
        const c = `${s.r.distinct} / ${s.r.generated} / ${s.r.depth}`;
        if (counts !== null && c !== counts) {
          console.log(`counts differ: ${counts} against ${c}`);
          return 1;
        }
        counts = c;
      }
      times.push(`${ra.cpu.toFixed(2)}/${rb.cpu.toFixed(2)}`);
      ratios.push(rb.cpu / ra.cpu);
    }
    const m = median(ratios);
    perRound.push(m);
    console.log(`round ${round + 1}: A/B CPU s ${times.join(" ")}; B/A median ${m.toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`);
  }
  console.log(`counts ${counts} (distinct / generated / depth) on both sides`);
  console.log(`B/A: median of the rounds ${median(perRound).toFixed(3)}, range ${Math.min(...perRound).toFixed(3)}–${Math.max(...perRound).toFixed(3)} (below 1: this checkout spends less CPU)`);
  return 0;
}
