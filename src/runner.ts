/**
 * Runs one configuration (a model with parameters and bounds) and compares its verdicts with
 * the expectation kept as data. Used by the CLI, the report generators and the tests.
 */
import { exploreAsync, type ExploreOptions } from "./explore.ts";
import { exploreParallel } from "./parallel.ts";
import { type Expectation, type ModelEntry, type Params, type StandardRun, type Verdict } from "./registry.ts";
import type { ExploreResult } from "./result.ts";

export interface RunOutcome {
  readonly id: string | null;
  readonly model: string;
  readonly scenario: string | null;
  readonly patch: string | null;
  readonly pmu: string | null;
  readonly params: Params;
  readonly verdict: Verdict;
  readonly expected: Expectation | null;
  /** null when there is no expectation; otherwise whether verdict and violated set both match. */
  readonly matches: boolean | null;
  readonly result: ExploreResult;
  /** The model's extra figures for these parameters (ModelEntry.figures), or null. */
  readonly figures: { readonly text: string; readonly data: unknown } | null;
}

/** ok / violation / incomplete: a violation is definite even from a cut search; "ok" needs a complete one. */
export function verdictOf(r: ExploreResult): Verdict {
  if (r.properties.some((p) => p.verdict === "violated")) return "violation";
  return r.complete ? "ok" : "incomplete";
}

export function violatedSet(r: ExploreResult): string[] {
  return r.properties.filter((p) => p.verdict === "violated").map((p) => p.name);
}

export function matchesExpectation(r: ExploreResult, e: Expectation): boolean {
  const v = verdictOf(r);
  if (v !== e.verdict) return false;
  if (v === "violation" && e.violated) {
    const got = violatedSet(r).sort();
    const want = [...e.violated].sort();
    if (got.length !== want.length || got.some((x, i) => x !== want[i])) return false;
    // every property expected to hold must have been decided (not left incomplete)
    if (!r.complete && r.stopReason !== "all-violated") return false;
  }
  return true;
}

export interface RunOptions extends ExploreOptions {
  readonly id?: string;
  readonly expected?: Expectation | null;
  readonly scenario?: string | null;
  readonly patch?: string | null;
  readonly pmu?: string | null;
  /** More than 1: the parallel engine (identical results), whose helper threads import `modulePath`. */
  readonly workers?: number;
  readonly modulePath?: string;
}

export async function runOne(entry: ModelEntry, params: Params, options: RunOptions): Promise<RunOutcome> {
  const model = entry.build(params);
  const workers = options.workers ?? 1;
  if (workers > 1 && !options.modulePath) throw new Error("parallel search needs the models' module path");
  const result =
    workers > 1
      ? await exploreParallel(model, { modulePath: options.modulePath!, entryName: entry.name, params, workers, waitForHelpers: process.env.AUXCHECK_WAIT_FOR_HELPERS === "1" }, options)
      : await exploreAsync(model, options);
  const expected = options.expected ?? null;
  return {
    id: options.id ?? null,
    model: entry.name,
    scenario: options.scenario ?? (typeof params.scenario === "string" ? params.scenario : null),
    patch: options.patch ?? (typeof params.patch === "string" ? params.patch : null),
    pmu: options.pmu ?? (typeof params.pmu === "string" ? params.pmu : null),
    params,
    verdict: verdictOf(result),
    expected,
    matches: expected ? matchesExpectation(result, expected) : null,
    result,
    figures: entry.figures ? entry.figures(params) : null,
  };
}

/** One run: a model, its parameters and plain-data options (bounds, reductions, expectation, id). */
export interface RunJob {
  readonly model: string;
  readonly params: Params;
  readonly options: RunOptions;
}

/** What a standard run explores: its model's defaults overridden by its parameters, its expectation and bounds. */
export function standardJob(entries: readonly ModelEntry[], run: StandardRun, options: RunOptions = {}): RunJob {
  const entry = entries.find((e) => e.name === run.model);
  if (!entry) throw new Error(`standard run ${run.id}: no model ${run.model}`);
  const params = { ...Object.fromEntries(entry.params.map((p) => [p.name, p.default])), ...run.params };
  return {
    model: run.model,
    params,
    options: {
      ...options,
      id: run.id,
      expected: run.expected,
      scenario: run.scenario ?? null,
      patch: run.patch ?? null,
      pmu: run.pmu ?? null,
      ...(run.maxStates !== undefined ? { maxStates: run.maxStates } : {}),
      ...(run.maxDepth !== undefined ? { maxDepth: run.maxDepth } : {}),
    },
  };
}

export function runStandard(entries: readonly ModelEntry[], run: StandardRun, options: RunOptions = {}): Promise<RunOutcome> {
  const job = standardJob(entries, run, options);
  return runOne(entries.find((e) => e.name === job.model)!, job.params, job.options);
}
