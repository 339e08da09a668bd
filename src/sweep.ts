/**
 * Budget sweeps (`check --sweep`): the same run at growing budgets, each explored completely, until a
 * time or state limit. Budgets are upper bounds (a run with ticks ≤ 2 contains every behaviour of the
 * run with ticks ≤ 1), so a property violated at one budget is violated at every larger one, and one
 * that holds at a budget holds at every smaller one. The verdict states its bound: for each property,
 * the smallest budget that violates it (with that run's shortest trace), or the largest budget under
 * which it holds on a complete exploration. A budget step cut by the limit is not a bound: the sweep
 * reports the largest step it completed, never "ok" beyond it.
 *
 * The order (iterative deepening): the model declares its budget dimensions, each with a start and a
 * maximum; the sweep starts with every dimension at its start and then raises one dimension at a time,
 * in the declared order, round-robin, skipping those at their maximum. Each step is a superset of the
 * one before (one budget raised, none lowered), so the bound only grows.
 */
import type { ParamValue, Params } from "./registry.ts";
import type { RunOutcome } from "./runner.ts";

/** One budget a sweep raises: a model parameter, from `start` to `max` in steps of 1. */
export interface SweepDimension {
  readonly param: string;
  readonly start: number;
  readonly max: number;
}

export interface SweepOptions {
  readonly dimensions: readonly SweepDimension[];
  /** Stop raising budgets once this many seconds have passed (the step running then is cut). */
  readonly seconds: number;
  /** Cut a step at this many distinct states. */
  readonly maxStates?: number;
  /** Called after each step, for progress output. */
  readonly onStep?: (step: SweepStep) => void;
}

/** One budget step: its bound (the budget vector) and what its exploration gave. */
export interface SweepStep {
  readonly bound: Readonly<Record<string, number>>;
  readonly outcome: RunOutcome;
  readonly complete: boolean;
}

/** Per property: violated from the smallest violating bound on, or holding up to the largest complete bound. */
export interface SweepVerdict {
  readonly property: string;
  /** The smallest bound whose run violates it, or null. */
  readonly violatedAt: Readonly<Record<string, number>> | null;
  readonly depth: number | null;
  /** The largest complete bound under which it holds, or null (none completed). */
  readonly holdsUpTo: Readonly<Record<string, number>> | null;
}

export interface SweepResult {
  readonly steps: readonly SweepStep[];
  readonly verdicts: readonly SweepVerdict[];
  /** The largest bound explored completely, or null. */
  readonly largestComplete: Readonly<Record<string, number>> | null;
  /**
   * Why the sweep stopped: every dimension at its maximum, the time limit, the state limit (a step cut at
   * --max-states), the heap limit, or an interruption (a signal, or a step that stopped for another reason).
   */
  readonly stopReason: "max-budgets" | "time" | "states" | "memory" | "interrupted";
}

/** The budget vectors in sweep order (see the file comment). */
export function budgetSteps(dims: readonly SweepDimension[]): Record<string, number>[] {
  const cur: Record<string, number> = Object.fromEntries(dims.map((d) => [d.param, d.start]));
  const out = [{ ...cur }];
  for (;;) {
    let raised = false;
    for (const d of dims) {
      if (cur[d.param]! >= d.max) continue;
      cur[d.param]!++;
      out.push({ ...cur });
      raised = true;
    }
    if (!raised) return out;
  }
}

/**
 * Runs `run(params)` at each budget step (params = base + the step's budgets) until the budgets are
 * exhausted or the time is up. `run` gets the remaining seconds as its timeout.
 */
export async function sweep(
  base: Params,
  options: SweepOptions,
  run: (params: Params, timeoutSeconds: number) => Promise<RunOutcome>,
  signal: { readonly aborted: boolean } = { aborted: false },
): Promise<SweepResult> {
  const started = performance.now();
  const steps: SweepStep[] = [];
  let stopReason: SweepResult["stopReason"] = "max-budgets";
  for (const bound of budgetSteps(options.dimensions)) {
    const left = options.seconds - (performance.now() - started) / 1000;
    if (left <= 0) {
      stopReason = "time";
      break;
    }
    const params: Record<string, ParamValue> = { ...base, ...bound };
    const outcome = await run(params, left);
    const complete = outcome.result.complete;
    const step = { bound, outcome, complete };
    steps.push(step);
    options.onStep?.(step);
    if (signal.aborted) {
      stopReason = "interrupted";
      break;
    }
    if (!complete) {
      const r = outcome.result.stopReason;
      stopReason = r === "timeout" ? "time" : r === "max-states" ? "states" : r === "memory" ? "memory" : "interrupted";
      break;
    }
  }
  const done = steps.filter((s) => s.complete);
  const largestComplete = done.length > 0 ? done[done.length - 1]!.bound : null;
  const names = steps[0]?.outcome.result.properties.map((p) => p.name) ?? [];
  const verdicts = names.map((property): SweepVerdict => {
    const first = steps.find((s) => s.outcome.result.properties.find((p) => p.name === property)?.verdict === "violated");
    const holding = done.filter((s) => s.outcome.result.properties.find((p) => p.name === property)?.verdict === "ok");
    return {
      property,
      violatedAt: first?.bound ?? null,
      depth: first?.outcome.result.properties.find((p) => p.name === property)?.violation?.depth ?? null,
      holdsUpTo: holding.length > 0 ? holding[holding.length - 1]!.bound : null,
    };
  });
  return { steps, verdicts, largestComplete, stopReason };
}

/**
 * `overflows ≤ 2, ticks ≤ 1 (the other budgets 0)`: the budgets above 0 (a budget at 0 is an operation that never
 * happens; listing them all made every line of a ten-dimension sweep 200–300 columns wide). `others: false` leaves
 * the parenthesis out, where a heading says it once (the sweep's table).
 */
export function boundText(bound: Readonly<Record<string, number>>, opts: { readonly others?: boolean } = {}): string {
  const entries = Object.entries(bound);
  const raised = entries.filter(([, v]) => v !== 0);
  if (raised.length === 0) return entries.length === 0 ? "no budget" : "every budget 0";
  const text = raised.map(([k, v]) => `${k} ≤ ${v}`).join(", ");
  return raised.length < entries.length && opts.others !== false ? `${text} (the other budgets 0)` : text;
}
