/** `check --sweep`: the options it refuses, the run it sweeps, and its output (src/sweep.ts, src/sweep-output.ts). */
import { one, type Opts } from "./cli-arguments.ts";
import { ProgressLine, type Signal } from "./cli-progress.ts";
import { entryForFlags, findEntry, givenParams, PARAM_FLAGS } from "./cli-selection.ts";
import { SIGNAL_EXIT } from "./exit-codes.ts";
import { InputError, resolveParams, type ModelEntry } from "./registry.ts";
import { runOne, type RunOptions } from "./runner.ts";
import { sweep } from "./sweep.ts";
import { stepProgressLine, sweepExitCode, sweepJson, sweepText, type SweepContext } from "./sweep-output.ts";

/** --sweep without --timeout: five minutes (the target for a sweep on one CPU). */
const DEFAULT_SWEEP_SECONDS = 300;

/** Options that do not go with --sweep, and why. */
const NOT_WITH_SWEEP: readonly [string, string][] = [
  ["matrix", "--matrix full runs the standard set's matrix; a sweep is one run at growing budgets"],
  ["baseline", "--baseline compares runs of two patches; sweep each patch on its own"],
  ["expect", "a sweep's verdict is its bound, not one run's verdict"],
  ["itf", "--itf writes one run's counterexample; run the step's budgets as a single run for it"],
  ["itf-property", "--itf-property goes with --itf"],
  ["max-depth", "a depth cut makes every step incomplete (no bound); give --timeout or --max-states"],
  ["verbose", "a sweep prints its table and verdict"],
  ["quiet", "a sweep prints its table and verdict"],
];

/**
 * --sweep: the run at growing budgets (src/sweep.ts), each step explored completely, until the time or
 * state limit; the verdict with its bound (src/sweep-output.ts).
 */
export async function budgetSweep(opts: Opts, fileEntry: ModelEntry | null, common: RunOptions, searchers: number, modulePath: string, signal: Signal): Promise<number> {
  for (const [o, why] of NOT_WITH_SWEEP) if (opts.has(o)) throw new InputError(`--sweep does not go with --${o}: ${why}`);
  const given = givenParams(opts);
  const flags = PARAM_FLAGS.filter((f) => opts.has(f));
  const entry = fileEntry ?? (opts.has("model") ? findEntry(one(opts, "model")!) : flags.length > 0 ? entryForFlags(opts, flags) : findEntry("kernel"));
  const spec = entry.budgetSweep;
  if (spec === undefined) throw new InputError(`--sweep: model ${entry.name} declares no budget dimensions (only the kernel model does)`);
  const base0 = resolveParams(entry, given);
  // the model's defaults for a sweep (its all-operations scenario, the PMU's platform); a run named by --scenario / --events keeps its own
  const { scenario: defaultScenario, ...defaults } = spec.defaults(base0);
  const named = given.scenario !== undefined || given.events !== undefined;
  const params = resolveParams(entry, { ...defaults, ...(named || defaultScenario === undefined ? {} : { scenario: defaultScenario }), ...given });
  const fixed = new Set(Object.keys(given));
  const dimensions = spec.dimensions(params).filter((d) => !fixed.has(d.param));
  if (dimensions.length === 0) throw new InputError("--sweep: every budget dimension is fixed by --param; nothing to raise");
  const start = Object.fromEntries(dimensions.map((d) => [d.param, d.start]));
  entry.build({ ...params, ...start }); // the start vector is refused before any search if it does not build
  const seconds = common.timeoutSeconds ?? DEFAULT_SWEEP_SECONDS;
  const maxStates = common.maxStates ?? null;
  const property = one(opts, "property") ?? null;
  if (property !== null) {
    const names = entry.build({ ...params, ...start }).properties.map((p) => p.name);
    if (!names.includes(property)) throw new InputError(`--property: no property '${property}'; valid: ${names.join(", ")}`);
  }
  const title = `${entry.name} (${[params.scenario && `scenario ${String(params.scenario)}`, params.patch && `patch ${String(params.patch)}`, params.pmu && `pmu ${String(params.pmu)}`].filter(Boolean).join(", ")})`;
  const context: SweepContext = { title, dimensions, machine: spec.machine(params), leftOut: spec.leftOut(params), seconds, maxStates };
  const parallel = searchers > 1 ? { workers: searchers, modulePath } : {};
  let index = 0;
  const result = await sweep(
    params,
    {
      dimensions,
      seconds,
      ...(maxStates !== null ? { maxStates } : {}),
      onStep: (step) => process.stderr.write(`auxcheck: ${stepProgressLine(step, index++)}\n`),
    },
    async (p, left) => {
      const progress = new ProgressLine(`sweep step ${index + 1}`);
      const o = await runOne(entry, p, { ...common, ...parallel, timeoutSeconds: left, signal, onProgress: progress.update });
      progress.clear();
      return o;
    },
    signal,
  );
  if (opts.has("json")) process.stdout.write(JSON.stringify(sweepJson(result, context, params), null, 2) + "\n");
  else console.log(sweepText(result, context, { property, steps: opts.has("steps") }));
  if (signal.by !== null) return SIGNAL_EXIT[signal.by]!;
  return sweepExitCode(result);
}
