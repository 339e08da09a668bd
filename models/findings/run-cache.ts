/**
 * Standard runs by id, each explored once per process: several reports show the same run.
 * Exploration is deterministic, so a cached outcome is the outcome.
 */
import type { StandardRun } from "../../src/registry.ts";
import { runStandard, type RunOutcome } from "../../src/runner.ts";

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

export async function outcomesWhere(pred: (r: StandardRun) => boolean): Promise<RunOutcome[]> {
  const { standardRuns } = await registry();
  const out: RunOutcome[] = [];
  for (const r of standardRuns) if (pred(r)) out.push(await outcomeOf(r.id));
  return out;
}
