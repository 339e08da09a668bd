/**
 * `npm run bench`: figures, not timed tests. Single worker; for each model: distinct,
 * generated, depth, seconds, distinct states/s, and bytes per state of the visited set
 * (fingerprint table + parent links). Targets (issue 2): at least SPIN's ~800K distinct
 * states/s on counters n=4 max=49, and at most 24 bytes per state.
 * Usage: npm run bench [-- --only NAME]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { explore } from "../src/explore.ts";
import { exploreParallel } from "../src/parallel.ts";
import type { Model } from "../src/model.ts";
import { counters } from "../models/classic/counters.ts";
import { twoPhase } from "../models/classic/twophase.ts";

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
const WORKERS = [2];

const only = process.argv.indexOf("--only") >= 0 ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const rows: string[][] = [["model", "distinct", "generated", "depth", "seconds", "distinct/s", "generated/s", "bytes/state | speed-up", "counts"]];
for (const c of CASES) {
  if (only && !c.name.includes(only)) continue;
  const r = explore(c.model());
  const ok = r.distinct === c.expect[0] && r.generated === c.expect[1] && r.depth === c.expect[2];
  rows.push([
    c.name,
    r.distinct.toLocaleString("en-US"),
    r.generated.toLocaleString("en-US"),
    String(r.depth),
    r.seconds.toFixed(2),
    Math.round(r.distinct / r.seconds).toLocaleString("en-US"),
    Math.round(r.generated / r.seconds).toLocaleString("en-US"),
    (r.visitedBytes / r.distinct).toFixed(1),
    ok ? "as published" : `WRONG (expected ${c.expect.join(" / ")})`,
  ]);
}
// Parallel engine: the same counts (asserted identical in test/parallel.test.ts), its speed-up.
for (const c of CASES) {
  if (only && !c.name.includes(only)) continue;
  for (const w of WORKERS) {
    const r = await exploreParallel(c.model(), { modulePath: MODELS, entryName: c.entry, params: c.params, workers: w });
    const ok = r.distinct === c.expect[0] && r.generated === c.expect[1] && r.depth === c.expect[2];
    const single = Number(rows.find((x) => x[0] === c.name)?.[4] ?? NaN);
    rows.push([
      `${c.name}, ${w} workers`,
      r.distinct.toLocaleString("en-US"),
      r.generated.toLocaleString("en-US"),
      String(r.depth),
      r.seconds.toFixed(2),
      Math.round(r.distinct / r.seconds).toLocaleString("en-US"),
      Math.round(r.generated / r.seconds).toLocaleString("en-US"),
      `×${(single / r.seconds).toFixed(2)}`,
      ok ? "as published" : `WRONG (expected ${c.expect.join(" / ")})`,
    ]);
  }
}
// SPIN side by side on the same machine (BFS, same model), when spin and gcc are installed.
function spinCounters(): string[] | null {
  if (spawnSync("spin", ["-V"]).status !== 0 || spawnSync("gcc", ["--version"]).status !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), "auxcheck-spin-"));
  copyFileSync(fileURLToPath(new URL("./spin/counters.pml", import.meta.url)), join(dir, "counters.pml"));
  execFileSync("spin", ["-a", "counters.pml"], { cwd: dir });
  execFileSync("gcc", ["-O2", "-DBFS", "-DSAFETY", "-DNOCLAIM", "-DMEMLIM=8000", "-o", "pan", "pan.c"], { cwd: dir });
  const out = execFileSync("./pan", ["-m100000"], { cwd: dir, encoding: "utf8" });
  const states = Number(/(\d+) states, stored/.exec(out)?.[1]);
  const transitions = Number(/(\d+) transitions/.exec(out)?.[1]);
  const secs = Number(/elapsed time ([\d.]+)/.exec(out)?.[1]);
  return ["SPIN 6.5 BFS, counters n=4 max=49", states.toLocaleString("en-US"), transitions.toLocaleString("en-US"), "", secs.toFixed(2), Math.round(states / secs).toLocaleString("en-US"), Math.round(transitions / secs).toLocaleString("en-US"), "", "side by side"];
}
if (!only || "counters".includes(only)) {
  const spin = spinCounters();
  if (spin) rows.push(spin);
  else console.log("(SPIN not installed: apt-get install -y spin gcc, to compare side by side)\n");
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join("  "));
console.log("\nTargets (issue 2): distinct/s on counters at least SPIN's; at most 24 bytes/state (fingerprint table + parent links).");
