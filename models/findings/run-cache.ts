/**
 * Standard runs by id, each explored once per process: several reports show the same run.
 * Exploration is deterministic, so a cached outcome is the outcome. A batch of missing runs
 * (`outcomesWhere`) is dealt out to one worker thread per core (src/run-pool.ts).
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { SetRun } from "../../src/registry.ts";
import { runPool } from "../../src/run-pool.ts";
import { runStandard, standardJob, type RunOutcome } from "../../src/runner.ts";

const MODELS_MODULE = fileURLToPath(new URL("../index.ts", import.meta.url));

// models/index.ts registers the report generators that use this cache: import it lazily.
const registry = async () => await import("../index.ts");

const cache = new Map<string, RunOutcome>();

export async function outcomeOf(id: string): Promise<RunOutcome> {
  const hit = cache.get(id);
  if (hit) return hit;
  const { modelEntries, standardRuns } = await registry();
  const run = standardRuns.find((r) => r.id === id);
  if (!run) throw new Error(`no standard run '${id}'`);
  const o = await runStandard(modelEntries, run);
  cache.set(id, o);
  return o;
}

export async function outcomesWhere(pred: (r: SetRun) => boolean): Promise<RunOutcome[]> {
  const { modelEntries, standardRuns } = await registry();
  const missing = standardRuns.filter((r) => pred(r) && !cache.has(r.id));
  if (missing.length > 1) {
    const results = await runPool(
      missing.map((r) => standardJob(modelEntries, r)),
      { workers: availableParallelism(), modulePath: MODELS_MODULE },
    );
    results.forEach((r, i) => {
      if ("inputError" in r) throw new Error(`standard run ${missing[i]!.id}: ${r.inputError}`);
      cache.set(missing[i]!.id, r.outcome);
    });
  }
  const out: RunOutcome[] = [];
  for (const r of standardRuns) if (pred(r)) out.push(await outcomeOf(r.id));
  return out;
}
