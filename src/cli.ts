/**
 * The `auxcheck` command line: `check` (the standard set, a patch sweep, or one run), `list`,
 * `report`. Every answer is a result or a refusal: bad input is found before any search and
 * named on one line (exit 2), and a run's exit code is its verdict (EXIT_CODES, the README's
 * table). Comparing with expectations is the standard set's job, or `--expect`'s.
 *
 * This file runs what `check` selected and prints it; the words of the command line are in
 * cli-arguments.ts, the selection in cli-selection.ts, --sweep in cli-sweep.ts, the patch commands in
 * cli-patches.ts, the progress line and Ctrl-C in cli-progress.ts.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fullMatrixRuns, modelEntries, reportGenerators, standardRuns } from "../models/index.ts";
import { helpText, one, parse, positiveInt, positiveSeconds, workersOf, type Opts } from "./cli-arguments.ts";
import { checkPatch, checkPatchesUsed, newPatch, PatchRefused, warnUnreachedOverrides } from "./cli-patches.ts";
import { ProgressLine, type Signal } from "./cli-progress.ts";
import { checkItfProperty, expectationOf, findEntry, select, type Selection } from "./cli-selection.ts";
import { budgetSweep } from "./cli-sweep.ts";
import { checksLiveness } from "./explore.ts";
import { formatCoverage, formatRun, runJson, verdictText, type RunTextOptions } from "./format.ts";
import { isLiveness } from "./liveness/check.ts";
import { ModelError } from "./model.ts";
import { toItf } from "./itf.ts";
import { loadModelFile } from "./model-file.ts";
import { EXIT, SIGNAL_EXIT } from "./exit-codes.ts";
import { checkWritableFile } from "./output-files.ts";
import { InputError, type ModelEntry, type Params, type Verdict } from "./registry.ts";
import { REPORTS_DIR, writeReports } from "./reports.ts";
import { runPool, type JobResult } from "./run-pool.ts";
import { runOne, standardJob, type RunJob, type RunOptions, type RunOutcome } from "./runner.ts";
import { standardSummary, sweepSummary, type SummaryOptions } from "./summary.ts";
import { compareRuns, comparisonJson, comparisonText, madeVacuous } from "./baseline.ts";

const MODELS_MODULE = fileURLToPath(new URL("../models/index.ts", import.meta.url));

async function check(opts: Opts, signal: Signal): Promise<number> {
  checkPatchesUsed(opts);
  const json = opts.has("json");
  const workers = workersOf(opts);
  const common: RunOptions = {
    ...definedOnly({ maxStates: positiveInt(opts, "max-states"), maxDepth: positiveInt(opts, "max-depth"), timeoutSeconds: positiveSeconds(opts, "timeout") }),
    por: opts.has("por"),
    symmetry: opts.has("symmetry"),
    ...(opts.has("check-model") ? { checkStates: Infinity } : {}),
    ...(opts.has("no-deadlock") ? { deadlock: false } : {}),
    ...(opts.has("no-liveness") ? { liveness: false } : {}),
  };
  // --model-file: the file's entry; helper threads and the run pool import the file itself
  const file = opts.has("model-file") ? await loadModelFile(one(opts, "model-file")!) : null;
  const modulePath = file?.modulePath ?? MODELS_MODULE;
  const findModel = (name: string): ModelEntry => (file && name === file.entry.name ? file.entry : findEntry(name));
  if (opts.has("sweep")) return budgetSweep(opts, file?.entry ?? null, common, workers.search, modulePath, signal);
  const sel = select(opts, file?.entry ?? null);
  if (sel.kind !== "single" && opts.has("expect")) throw new InputError("--expect applies to a single run (the standard set compares each run with its own expectation)");
  if (sel.kind === "standard" && opts.has("itf")) throw new InputError("--itf writes one run's counterexample: give a single run (--model, --scenario) or a sweep (--patch)");
  checkItfProperty(opts, sel.kind === "single" ? sel.model.properties.map((p) => p.name) : sel.kind === "sweep" ? sel.properties : []);
  const itf = one(opts, "itf");
  if (itf !== undefined) checkWritableFile(itf, "--itf");
  const expected = sel.kind === "single" && opts.has("expect") ? expectationOf(one(opts, "expect")!, sel.model) : null;
  const property = one(opts, "property") ?? null;
  if (property !== null) {
    if (sel.kind === "standard") throw new InputError("--property selects the trace of a single run or a sweep: give --scenario, --patch or --model");
    const names = sel.kind === "single" ? sel.model.properties.map((p) => p.name) : sel.properties;
    if (!names.includes(property)) throw new InputError(`--property: no property '${property}'; valid: ${names.join(", ")}`);
  }
  const matrix = one(opts, "matrix");
  if (matrix !== undefined && matrix !== "full") throw new InputError(`--matrix: valid: full, got '${matrix}'`);
  if (matrix !== undefined && sel.kind !== "standard") throw new InputError("--matrix full extends the standard set: give no --scenario, --patch, --pmu or --model");
  if (matrix !== undefined && opts.has("baseline")) throw new InputError("--matrix full and --baseline: compare a patch with --patch P --baseline Q instead");
  const runs = matrix === "full" ? [...standardRuns, ...fullMatrixRuns()] : standardRuns;
  const text: RunTextOptions = { steps: opts.has("steps"), coverage: opts.has("coverage"), property };
  if (opts.has("baseline")) return compareWithBaseline(opts, sel, common, workers.pool, signal, modulePath, findModel);

  let outcomes: RunOutcome[];
  if (sel.kind === "single") {
    const progress = new ProgressLine(sel.entry.name);
    const parallel = workers.search > 1 ? { workers: workers.search, modulePath } : {};
    if (workers.search > 1 && checksLiveness(common) && sel.model.properties.some(isLiveness)) {
      // src/parallel.ts: liveness is decided on the sequential engine's state graph
      process.stderr.write(`auxcheck: --workers ${workers.search}: this run checks liveness properties, which are decided on one thread's state graph, so one thread searches it (--no-liveness shares the search among ${workers.search})\n`);
    }
    outcomes = [await runOne(sel.entry, sel.params, { ...common, ...parallel, signal, expected, onProgress: progress.update }, sel.model)];
    progress.clear();
    if (json) printJson(outcomes, common);
    else printOutcome(outcomes[0]!, opts, text);
  } else {
    if (!json && sel.kind === "sweep" && sel.notApplicable.length > 0) {
      if (opts.has("verbose")) for (const line of sel.notApplicable) console.log(`-- ${line}`);
      else console.log(`-- ${sel.notApplicable.length} scenario × PMU combinations do not apply (--verbose says why), ${sel.jobs.length} runs`);
    }
    const jobs = sel.kind === "sweep" ? sel.jobs.map((j) => ({ ...j, options: { ...common, ...j.options } })) : runs.map((run) => standardJob(modelEntries, run, common));
    const each = json || !(opts.has("verbose") || opts.has("quiet")) ? null : (o: RunOutcome): void => printOutcome(o, opts, text);
    outcomes = await runJobs(jobs, workers.pool, signal, each, modulePath, findModel);
    if (sel.kind === "sweep" && !signal.aborted) warnUnreachedOverrides(one(opts, "patch"), outcomes);
    if (json) printJson(outcomes, common);
    else {
      const summary: SummaryOptions = {
        dimensionsOf: (m) => modelEntries.find((e) => e.name === m)?.matrixDimensions,
        cut: signal.aborted ? ` (interrupted: ${jobs.length - outcomes.length} runs not started)` : "",
        property,
        steps: opts.has("steps"),
        quiet: opts.has("quiet"),
      };
      if (each) console.log("");
      console.log(sel.kind === "standard" ? standardSummary(outcomes, summary, reportGenerators.map((g) => g.file)) : sweepSummary(outcomes, summary));
    }
  }
  if (itf !== undefined) writeItf(outcomes, itf, one(opts, "itf-property"), findModel);
  if (signal.by !== null) return SIGNAL_EXIT[signal.by]!;
  if (sel.kind === "standard" || expected !== null) {
    const judged = outcomes.filter((o) => o.expected !== null);
    return judged.some((o) => o.matches === false) ? EXIT.violation : judged.some((o) => o.matches === null) ? EXIT.incomplete : EXIT.ok;
  }
  const has = (v: Verdict): boolean => outcomes.some((o) => o.verdict === v);
  return has("violation") ? EXIT.violation : has("vacuous") ? EXIT.vacuous : has("incomplete") ? EXIT.incomplete : EXIT.ok;
}

/**
 * --patch P --baseline B: the same runs under P and under B, in one pool; the comparison per run
 * and property (src/baseline.ts). Exit 1 when P newly violates something, else 3 when a pair is
 * undecided, 4 when a run is vacuous under P but not under B, 0.
 */
async function compareWithBaseline(
  opts: Opts,
  sel: Selection,
  common: RunOptions,
  poolSize: number,
  signal: Signal,
  modulePath: string,
  findModel: (name: string) => ModelEntry,
): Promise<number> {
  const baseline = one(opts, "baseline")!;
  const patch = one(opts, "patch");
  if (sel.kind === "standard" || patch === undefined) throw new InputError("--baseline compares a patch with another: give --patch P (and --scenario or --pmu to narrow the runs)");
  for (const o of ["expect", "itf", "property"]) if (opts.has(o)) throw new InputError(`--${o} does not go with --baseline: run the patch on its own for it`);
  const choices = sel.entry.params.find((p) => p.name === "patch")?.choices ?? [];
  if (!choices.includes(baseline)) throw new InputError(`unknown baseline patch '${baseline}'; valid: ${choices.join(", ")}`);
  const withPatch = (params: Params, p: string): Params => ({ ...params, patch: p });
  const mine: RunJob[] = sel.kind === "single" ? [{ model: sel.entry.name, params: sel.params, options: {} }] : [...sel.jobs];
  const base = mine.map((j) => ({ ...j, params: withPatch(j.params, baseline) }));
  for (const j of base.slice(0, 1)) sel.entry.build(j.params); // a baseline that does not build is refused before any search
  const jobs = [...mine, ...base].map((j) => ({ ...j, options: { ...common, ...j.options } }));
  const json = opts.has("json");
  if (!json && sel.kind === "sweep") console.log(`-- ${mine.length} runs under ${patch} and the same under ${baseline}${sel.notApplicable.length > 0 ? ` (${sel.notApplicable.length} scenario × PMU combinations do not apply)` : ""}`);
  const outcomes = await runJobs(jobs, poolSize, signal, null, modulePath, findModel);
  const cs = compareRuns(outcomes.slice(0, mine.length), outcomes.slice(mine.length), "patch");
  if (sel.kind === "sweep" && !signal.aborted) warnUnreachedOverrides(patch, outcomes.slice(0, mine.length));
  if (json) {
    const runs = (xs: readonly RunOutcome[]): unknown[] => xs.map((o) => runJsonWithReduction(o, { por: common.por === true, symmetry: common.symmetry === true }));
    process.stdout.write(
      JSON.stringify({ runs: runs(outcomes.slice(0, mine.length)), baseline: { patch: baseline, runs: runs(outcomes.slice(mine.length)) }, comparison: comparisonJson(cs) }, null, 2) + "\n",
    );
  } else console.log(comparisonText(cs, { mine: patch, baseline }, { steps: opts.has("steps"), every: opts.has("verbose") }));
  if (signal.by !== null) return SIGNAL_EXIT[signal.by]!;
  if (cs.some((c) => c.change === "newly violated")) return EXIT.violation;
  if (cs.some((c) => c.change === "undecided") || outcomes.length < jobs.length) return EXIT.incomplete;
  return madeVacuous(cs).length > 0 ? EXIT.vacuous : EXIT.ok;
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Whole runs: on a pool of worker threads (results in the jobs' order), or one after another here; `each` prints a run as it ends. */
async function runJobs(
  jobs: readonly RunJob[],
  poolSize: number,
  signal: Signal,
  each: ((o: RunOutcome) => void) | null,
  modulePath: string,
  findModel: (name: string) => ModelEntry,
): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  const progress = new ProgressLine("runs");
  const started = performance.now();
  const take = (r: JobResult, i: number): void => {
    if ("inputError" in r) throw new InputError(`${jobs[i]!.options.id}: ${r.inputError}`);
    outcomes.push(r.outcome);
    progress.clear();
    each?.(r.outcome);
    if (i + 1 < jobs.length) progress.runs(i + 1, jobs.length, (performance.now() - started) / 1000);
  };
  if (poolSize > 1 && jobs.length > 1) {
    await runPool(jobs, { workers: poolSize, modulePath, signal, onResult: take });
  } else {
    for (let i = 0; i < jobs.length && !signal.aborted; i++) {
      const job = jobs[i]!;
      const each = new ProgressLine(job.options.id ?? job.model);
      const entry = findModel(job.model);
      const outcome = await runOne(entry, job.params, { ...job.options, signal, onProgress: each.update });
      each.clear();
      take({ outcome }, i);
    }
  }
  progress.clear();
  return outcomes;
}

function printJson(outcomes: readonly RunOutcome[], options: RunOptions): void {
  const reductions = { por: options.por === true, symmetry: options.symmetry === true };
  process.stdout.write(JSON.stringify({ runs: outcomes.map((o) => runJsonWithReduction(o, reductions)) }, null, 2) + "\n");
}

function printOutcome(o: RunOutcome, opts: Opts, text: RunTextOptions): void {
  if (opts.has("quiet")) {
    const mark = o.expected === null ? "" : o.matches === false ? "MISMATCH " : o.matches === null ? "UNDECIDED " : "ok ";
    console.log(`${mark}${o.id ?? o.model}: ${o.matches === true ? o.verdict : verdictText(o, false)}`);
    return;
  }
  console.log(formatRun(o, text));
  const red = reductionText(o);
  if (red) console.log(red);
  if (opts.has("coverage")) console.log(formatCoverage(o));
  console.log("");
}

/** The reduction line of a run (null without --por / --symmetry). */
export function reductionText(o: RunOutcome): string | null {
  const r = o.result.reduction;
  if (!r) return null;
  const parts: string[] = [];
  if (r.por === "on") {
    parts.push(
      `--por: ${r.ampleStates.toLocaleString("en-US")} states expanded with an ample set, ${r.provisoExpansions.toLocaleString("en-US")} fully expanded by the cycle proviso` +
        (o.result.properties.some((p) => p.violation) ? "; counterexamples above: shortest in the reduced graph (the full graph may have shorter ones)" : ""),
    );
  } else if (r.por === "not-declared") parts.push(`--por: model ${o.model} declares no independence: the search is unreduced`);
  if (r.symmetry === "on") parts.push("--symmetry: one state per orbit of the model's symmetry (traces concrete, depths unchanged)");
  else if (r.symmetry === "not-declared") parts.push(`--symmetry: model ${o.model} declares no symmetry: the search is unreduced`);
  return parts.map((p) => `  ${p}`).join("\n");
}

/** runJson plus the reduction options and what they did (`reduction`: null without the flags or with the parallel engine). */
function runJsonWithReduction(o: RunOutcome, options: { por: boolean; symmetry: boolean }): Record<string, unknown> {
  const r = o.result.reduction ?? null;
  return {
    ...runJson(o),
    options,
    reduction: r && { ...r, tracesShortestIn: r.por === "on" ? "reduced graph" : "full graph" },
  };
}

function writeItf(outcomes: readonly RunOutcome[], file: string, property: string | undefined, findModel: (name: string) => ModelEntry): void {
  for (const o of outcomes) {
    const chosen = o.result.properties.find((p) => p.violation && (property === undefined || p.name === property));
    if (chosen) {
      const { itf, hiddenSteps } = toItf(findModel(o.model).build(o.params), chosen.violation!);
      writeFileSync(file, JSON.stringify(itf, null, 2) + "\n");
      if (hiddenSteps.length > 0) {
        process.stderr.write(
          `auxcheck: ITF: ${hiddenSteps.length} of ${chosen.violation!.steps} steps change the state but not its ITF view (steps ${hiddenSteps.slice(0, 8).join(", ")}${hiddenSteps.length > 8 ? ", ..." : ""}): the model's itfView (or view) leaves out part of the state, so the ITF trace cannot be replayed\n`,
        );
      }
      return;
    }
  }
  process.stderr.write(`auxcheck: ${property ? `${property} not violated` : "no violation"}, so no ITF trace written to ${file}\n`);
}

function list(): void {
  for (const e of modelEntries) {
    console.log(`${e.name}: ${e.description}`);
    for (const p of e.params) {
      const described = p.choiceDescriptions !== undefined;
      const range = p.choices ? (described ? ", one of those below" : ` {${p.choices.join(", ")}}`) : p.min !== undefined || p.max !== undefined ? ` [${p.min ?? ""}..${p.max ?? ""}]` : "";
      const dflt = p.type === "set" ? `{${String(p.default)}}` : String(p.default);
      console.log(`  --param ${p.name}=${dflt}  (${p.type === "set" ? "set of model values" : p.type}${range}) ${p.description}`);
      if (described) {
        const w = Math.max(...p.choices!.map((c) => c.length));
        for (const c of p.choices!) console.log(`      ${c.padEnd(w)}  ${p.choiceDescriptions![c] ?? ""}`);
      }
    }
  }
  console.log("\nstandard runs:");
  for (const r of standardRuns) {
    const e = r.expected;
    console.log(`  ${r.id}: ${r.model} ${JSON.stringify(r.params)} → ${e ? `expected ${e.verdict}${e.violated ? ` [${e.violated.join(", ")}]` : ""}` : "no expectation (in the matrix, not judged)"}`);
  }
}

function internalError(e: unknown): never {
  process.stderr.write(`auxcheck: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(EXIT.error);
}

export async function main(argv: readonly string[]): Promise<number> {
  const signal: Signal = { aborted: false, by: null };
  const onSignal = (name: string): void => {
    if (signal.aborted) process.exit(SIGNAL_EXIT[name]);
    signal.aborted = true;
    signal.by = name;
    process.stderr.write(`\nauxcheck: ${name === "SIGINT" ? "interrupted" : "terminated"}; finishing with partial statistics (${name === "SIGINT" ? "Ctrl-C" : name} again to quit now)\n`);
  };
  const handlers = Object.keys(SIGNAL_EXIT).map((name) => [name, () => onSignal(name)] as const);
  for (const [name, h] of handlers) process.on(name, h);
  // A closed stdout (`| head`): stop at once, quietly. Any error that escapes is an internal one
  // (exit 70), never Node's default exit code 1, which means "violation" here.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" ? process.exit(EXIT.stdoutClosed) : internalError(e)));
  process.on("uncaughtException", internalError);
  process.on("unhandledRejection", internalError);
  try {
    const { command, opts, name } = parse(argv);
    switch (command) {
      case "new-patch":
        return newPatch(name!, opts);
      case "check-patch":
        return checkPatch(name!);
      case "help":
        console.log(helpText());
        return EXIT.ok;
      case "check":
        return await check(opts, signal);
      case "list":
        list();
        return EXIT.ok;
      default:
        for (const f of await writeReports(reportGenerators, one(opts, "out") ?? REPORTS_DIR)) console.log(`wrote ${f}`);
        return EXIT.ok;
    }
  } catch (e) {
    if (e instanceof PatchRefused) return EXIT.input;
    if (e instanceof InputError) {
      process.stderr.write(`auxcheck: ${e.message.split("\n")[0]}\n`);
      return EXIT.input;
    }
    if (e instanceof ModelError) {
      process.stderr.write(`auxcheck: model error: ${e.message.split("\n")[0]}\n`);
      return EXIT.error;
    }
    return internalError(e);
  } finally {
    for (const [name, h] of handlers) process.off(name, h);
  }
}

process.exitCode = await main(process.argv.slice(2));
