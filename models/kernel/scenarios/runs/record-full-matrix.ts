/**
 * Records the full verdict matrix (full-matrix.ts): every cell of the grid explored completely on one worker
 * per core, written to full-matrix.json — each cell's figures and violated set with shortest depths, or the
 * reason it does not apply. Run: `node --import=tsx models/kernel/scenarios/runs/record-full-matrix.ts`.
 * Refuses to write if a cell's exploration is incomplete (no expectation from a cut search).
 */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { InputError } from "../../../../src/registry.ts";
import { runPool } from "../../../../src/run-pool.ts";
import type { RunJob } from "../../../../src/runner.ts";
import { buildKernelModel, KERNEL_PARAMS } from "../../model.ts";
import { matrixGrid, RECORD_FILE, type RecordedCell } from "./full-matrix.ts";
import { persistenceOf, WINDOW_PROPERTIES } from "../../violation-persistence.ts";

const MODELS_MODULE = fileURLToPath(new URL("../../../index.ts", import.meta.url));

export async function recordFullMatrix(log: (s: string) => void): Promise<RecordedCell[]> {
  const grid = matrixGrid();
  const cells = new Map<string, RecordedCell>();
  const jobs: RunJob[] = [];
  for (const c of grid) {
    try {
      buildKernelModel(c.params);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      cells.set(c.id, { id: c.id, notApplicable: e.message });
      continue;
    }
    const params = { ...Object.fromEntries(KERNEL_PARAMS.map((p) => [p.name, p.default])), ...c.params };
    jobs.push({ model: "kernel", params, options: { id: c.id } });
  }
  log(`${grid.length} cells, ${jobs.length} applicable`);
  const t0 = Date.now();
  let done = 0;
  const results = await runPool(jobs, {
    workers: availableParallelism(),
    modulePath: MODELS_MODULE,
    onResult: () => {
      if (++done % 25 === 0) log(`${done}/${jobs.length} (${Math.round((Date.now() - t0) / 1000)} s)`);
    },
  });
  results.forEach((r, i) => {
    const id = jobs[i]!.options.id!;
    if ("inputError" in r) throw new Error(`${id}: ${r.inputError}`);
    const res = r.outcome.result;
    if (!res.complete && res.stopReason !== "all-violated") throw new Error(`${id}: incomplete (${res.stopReason})`);
    // a cell that never reaches what its scenario exists to test is not a verdict: make it not applicable instead
    if (r.outcome.verdict === "vacuous") throw new Error(`${id}: vacuous (${r.outcome.result.goals?.filter((g) => !g.reached).map((g) => g.name).join(", ")})`);
    const violations = res.properties.filter((p) => p.verdict === "violated").map((p) => p.violation!);
    const violated = Object.fromEntries(violations.map((v) => [v.property, v.depth]));
    const windows = violations.filter((v) => WINDOW_PROPERTIES.includes(v.property));
    const persistence = Object.fromEntries(windows.map((v) => [v.property, persistenceOf(jobs[i]!.params, v)]));
    cells.set(id, { id, distinct: res.distinct, depth: res.depth, seconds: Math.round(res.seconds * 10) / 10, violated, ...(windows.length > 0 ? { persistence } : {}) });
  });
  log(`explored in ${Math.round((Date.now() - t0) / 1000)} s`);
  return grid.map((c) => cells.get(c.id)!);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cells = await recordFullMatrix((s) => process.stderr.write(`${s}\n`));
  writeFileSync(RECORD_FILE, `{"cells":[\n${cells.map((c) => JSON.stringify(c)).join(",\n")}\n]}\n`);
  process.stderr.write(`wrote ${RECORD_FILE}\n`);
}
