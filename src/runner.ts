/**
 * Runs one configuration (a model with parameters and bounds) and compares its verdicts with
 * the expectation kept as data. Used by the CLI, the report generators and the tests.
 */
import { exploreAsync, type ExploreOptions } from "./explore.ts";
import type { Action, Model } from "./model.ts";
import { exploreParallel } from "./parallel.ts";
import { type Expectation, type ModelEntry, type Params, type SetRun, type Verdict } from "./registry.ts";
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
  /**
   * Whether verdict and violated set match the expectation: null when there is none, or when the
   * search was cut before it could tell (an incomplete search is never a mismatch unless what it
   * found already contradicts the expectation).
   */
  readonly matches: boolean | null;
  readonly result: ExploreResult;
  /** The model's extra figures for these parameters (ModelEntry.figures), or null. */
  readonly figures: { readonly text: string; readonly data: unknown } | null;
}

/**
 * A violation is definite even from a cut search; "ok" and "vacuous" need a complete one that decided
 * every property (liveness left unchecked under --por, --symmetry or --no-liveness: incomplete).
 */
export function verdictOf(r: ExploreResult): Verdict {
  if (r.properties.some((p) => p.verdict === "violated")) return "violation";
  if (!r.complete || r.properties.some((p) => p.verdict === "unchecked")) return "incomplete";
  return r.goals.some((g) => !g.reached) ? "vacuous" : "ok";
}

export function violatedSet(r: ExploreResult): string[] {
  return r.properties.filter((p) => p.verdict === "violated").map((p) => p.name);
}

/**
 * true / false, or null when a cut search could not tell: it found nothing that contradicts the
 * expectation, but left undecided what the expectation is about.
 */
export function judgeExpectation(r: ExploreResult, e: Expectation): boolean | null {
  const v = verdictOf(r);
  const decided = (r.complete && !r.properties.some((p) => p.verdict === "unchecked")) || r.stopReason === "all-violated";
  if (e.verdict === "incomplete") return v === "incomplete";
  const got = violatedSet(r);
  if (v === "violation") {
    if (e.verdict !== "violation") return false;
    if (!e.violated) return true;
    if (got.some((x) => !e.violated!.includes(x))) return false; // violated, but expected to hold
    // every property expected to hold must have been decided (not left incomplete)
    return decided ? got.length === e.violated.length : null;
  }
  return decided ? v === e.verdict : null;
}

/** Whether a search gave what was expected (a search too cut to tell did not). */
export function matchesExpectation(r: ExploreResult, e: Expectation): boolean {
  return judgeExpectation(r, e) === true;
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

/** Explores one run; `model` is `entry.build(params)`, given when the caller built it already (to validate the input first). */
export async function runOne(entry: ModelEntry, params: Params, options: RunOptions, model: Model<unknown, Action> = entry.build(params)): Promise<RunOutcome> {
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
    matches: expected ? judgeExpectation(result, expected) : null,
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
export function standardJob(entries: readonly ModelEntry[], run: SetRun, options: RunOptions = {}): RunJob {
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

export function runStandard(entries: readonly ModelEntry[], run: SetRun, options: RunOptions = {}): Promise<RunOutcome> {
  const job = standardJob(entries, run, options);
  return runOne(entries.find((e) => e.name === job.model)!, job.params, job.options);
}
