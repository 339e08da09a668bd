/**
 * The `auxcheck` command line.
 *
 *   auxcheck check [--model NAME] [--scenario S] [--patch P] [--pmu X] [--events STR]
 *                  [--param KEY=VALUE ...] [--json] [--itf FILE] [--max-states N]
 *                  [--max-depth N] [--timeout SECONDS] [--por] [--symmetry] [--coverage] [--quiet]
 *   auxcheck list
 *   auxcheck report
 *
 * Exit codes: 0 all verdicts as expected (standard set) / no violation (single run);
 * 1 a verdict differs from its expectation / a violation was found; 2 bad input;
 * 3 a single run was cut by a bound (incomplete); 130 interrupted.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fullMatrixRuns, modelEntries, reportGenerators, standardRuns } from "../models/index.ts";
import { formatCoverage, formatRun, runJson } from "./format.ts";
import { matricesText } from "./matrix.ts";
import { toItf } from "./itf.ts";
import { InputError, resolveParams, type ModelEntry, type ParamValue } from "./registry.ts";
import { runPool, type JobResult } from "./run-pool.ts";
import { runOne, runStandard, standardJob, type RunJob, type RunOutcome } from "./runner.ts";
import { writeReports } from "./reports.ts";
import type { Progress } from "./explore.ts";

const HELP = `auxcheck: exhaustive interleaving model checker for the perf core's AUX-trace throttling paths

Usage:
  auxcheck check                          run the standard set (every scenario with its expected verdicts)
  auxcheck check --matrix full            the standard set and the full kernel verdict matrix (every scenario ×
                                          patch × AUX PMU × platform where it applies, models/kernel/scenarios/runs/full-matrix.ts)
  auxcheck check --model NAME [--param KEY=VALUE ...]
  auxcheck check --scenario S [--patch P] [--pmu X] [--events '-e ...']
  auxcheck check --patch P [--pmu X]      the patch against every scenario (and AUX PMU): a clean bill or the
                                          shortest violations; exit 0 clean, 1 violated, 3 incomplete
  auxcheck list                           models, their parameters and the standard runs
  auxcheck report                         regenerate reports/*.md

Options for check:
  --model NAME         model to check (see 'auxcheck list')
  --scenario NAME      kernel scenario (implies its model)
  --patch NAME         kernel patch file from models/patches/ (default: none = mainline)
  --pmu NAME           AUX PMU driver (cs_etm, arm_spe, intel_pt)
  --events STRING      perf event string overriding the scenario's, e.g. '-e cs_etm//k -e cycles/period=3000/'
  --param KEY=VALUE    model parameter (repeatable)
  --json               print one JSON document on stdout and nothing else
  --itf FILE           write the counterexample as ITF JSON (first violated property, or --itf-property)
  --itf-property NAME  which violated property --itf writes
  --max-states N       stop after N distinct states (verdict: incomplete)
  --max-depth N        stop at BFS depth N (verdict: incomplete)
  --timeout SECONDS    stop after SECONDS (verdict: incomplete)
  --workers N          threads (default: the number of cores, ${availableParallelism()} here). The standard set and a
                       patch sweep run whole runs on N worker threads at once; a single run is searched by N
                       threads (the main one and N - 1 helpers that join once booted) only when --workers is
                       given (on this machine it is no faster than one thread: see the README).
                       Output is identical for any N.
  --por                partial-order reduction with the independence the model declares (ample sets; every
                       violated property is still found; a trace is the shortest in the reduced graph)
  --symmetry           symmetry reduction with the canonical form the model declares (same verdicts and depths)
                       A model that declares no independence / symmetry is searched unreduced (said in the output).
  --coverage           print per-action generated/distinct counts
  --quiet              only the summary lines (standard set)
  -h, --help           this text

Exit codes: 0 as expected / no violation; 1 mismatch / violation; 2 bad input; 3 incomplete; 130 interrupted.`;

interface Parsed {
  readonly command: string;
  readonly values: Record<string, string | boolean | string[] | undefined>;
}

/** `--events '-e cs_etm//'`: a value that starts with '-' is the option's value, not an option. */
function joinDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--events" && i + 1 < argv.length) out.push(`--events=${argv[++i]}`);
    else out.push(a);
  }
  return out;
}

function parse(argv: string[]): Parsed {
  const { values, positionals } = parseArgs({
    args: joinDashValues(argv),
    allowPositionals: true,
    strict: true,
    options: {
      model: { type: "string" },
      scenario: { type: "string" },
      patch: { type: "string" },
      pmu: { type: "string" },
      events: { type: "string" },
      param: { type: "string", multiple: true },
      json: { type: "boolean" },
      itf: { type: "string" },
      "itf-property": { type: "string" },
      "max-states": { type: "string" },
      "max-depth": { type: "string" },
      timeout: { type: "string" },
      workers: { type: "string" },
      por: { type: "boolean" },
      symmetry: { type: "boolean" },
      coverage: { type: "boolean" },
      quiet: { type: "boolean" },
      matrix: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (positionals.length > 1) throw new InputError(`unexpected argument '${positionals[1]}'; see --help`);
  return { command: positionals[0] ?? (values.help ? "help" : "check"), values };
}

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new InputError(`--${name} must be a positive integer, got '${v}'`);
  return Number(v);
}

function positiveNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new InputError(`--${name} must be a positive number of seconds, got '${v}'`);
  return x;
}

/** The model a kernel flag (--scenario, --patch, --pmu, --events) refers to. */
function entryForKernelFlags(values: Parsed["values"]): ModelEntry {
  const flag = (["scenario", "patch", "pmu", "events"] as const).find((f) => values[f] !== undefined)!;
  const withParam = modelEntries.filter((e) => e.params.some((p) => p.name === flag));
  if (withParam.length === 0) throw new InputError(`--${flag}: no model has kernel scenarios yet; models: ${modelEntries.map((e) => e.name).join(", ")}`);
  if (flag === "scenario") {
    const want = String(values.scenario);
    const owner = withParam.find((e) => e.params.find((p) => p.name === "scenario")?.choices?.includes(want));
    if (!owner) {
      const all = withParam.flatMap((e) => e.params.find((p) => p.name === "scenario")?.choices ?? []);
      throw new InputError(`unknown scenario '${want}'; valid: ${all.join(", ")}`);
    }
    return owner;
  }
  return withParam[0]!;
}

function findEntry(name: string): ModelEntry {
  const e = modelEntries.find((m) => m.name === name);
  if (!e) throw new InputError(`unknown model '${name}'; valid: ${modelEntries.map((m) => m.name).join(", ")}`);
  return e;
}

function paramArgs(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list ?? []) {
    const i = kv.indexOf("=");
    if (i <= 0) throw new InputError(`--param expects KEY=VALUE, got '${kv}'`);
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

function progressPrinter(label: string): ((p: Progress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => {
    const rate = Math.round(p.distinct / Math.max(p.seconds, 1e-9)).toLocaleString("en-US");
    process.stderr.write(
      `\r${label}: ${p.distinct.toLocaleString("en-US")} states, ${rate} states/s, depth ${p.depth}, queue ${p.queued.toLocaleString("en-US")}   `,
    );
  };
}

/** Wraps a pool's in-order result callback with a "[k/N runs]" line on a terminal's stderr. */
function poolProgress(total: number, json: boolean, each: (r: JobResult, i: number) => void): (r: JobResult, i: number) => void {
  return (r, i) => {
    clearProgress();
    each(r, i);
    if (!json && process.stderr.isTTY && i + 1 < total) process.stderr.write(`[${i + 1}/${total} runs]`);
  };
}

function clearProgress(): void {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
}

const MODELS_MODULE = fileURLToPath(new URL("../models/index.ts", import.meta.url));

async function check(values: Parsed["values"], signal: { aborted: boolean }): Promise<number> {
  // --workers: whole runs on a pool (standard set, sweep; default one per core); a single run is
  // searched by several threads only when asked for (src/parallel.ts).
  const askedWorkers = positiveInt("workers", values.workers as string | undefined);
  const poolSize = askedWorkers ?? availableParallelism();
  const workers = askedWorkers ?? 1;
  const reductions = { por: values.por === true, symmetry: values.symmetry === true };
  const parallel = { workers, modulePath: MODELS_MODULE, ...reductions };
  const bounds = {
    maxStates: positiveInt("max-states", values["max-states"] as string | undefined),
    maxDepth: positiveInt("max-depth", values["max-depth"] as string | undefined),
    timeoutSeconds: positiveNumber("timeout", values.timeout as string | undefined),
  };
  const explicitBounds = Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined));
  const json = values.json === true;
  const kernelFlags = (["scenario", "patch", "pmu", "events"] as const).some((f) => values[f] !== undefined);
  const given = paramArgs(values.param as string[] | undefined);

  if (values.matrix !== undefined && values.matrix !== "full") throw new InputError(`--matrix: valid: full, got '${String(values.matrix)}'`);
  const runs = values.matrix === "full" ? [...standardRuns, ...fullMatrixRuns()] : standardRuns;
  let outcomes: RunOutcome[];
  let single = false;
  const sweep = values.scenario === undefined && values.events === undefined && (values.patch !== undefined || values.pmu !== undefined);
  if (sweep) {
    // A patch (or a PMU) against every scenario and AUX PMU: a clean bill, or the shortest violations.
    const entry = values.model !== undefined ? findEntry(String(values.model)) : entryForKernelFlags(values);
    const choices = (name: string): readonly string[] => entry.params.find((p) => p.name === name)?.choices ?? [];
    const pmus = values.pmu !== undefined ? [String(values.pmu)] : choices("pmu");
    const jobs: RunJob[] = [];
    for (const scenario of choices("scenario")) {
      for (const pmu of pmus) {
        const raw: Record<string, string | ParamValue> = { ...given, scenario, pmu };
        if (values.patch !== undefined) raw.patch = String(values.patch);
        const params = resolveParams(entry, raw);
        const expected = standardRuns.find((r) => r.model === entry.name && sameParams(entry, r.params, params))?.expected ?? null;
        jobs.push({ model: entry.name, params, options: { ...explicitBounds, ...reductions, expected, id: `${scenario}/${pmu}` } });
      }
    }
    outcomes = [];
    const take = (r: JobResult, i: number): void => {
      if ("inputError" in r) {
        if (!json) console.log(`-- ${jobs[i]!.options.id?.replace("/", " on ")}: not applicable (${r.inputError})`);
        return;
      }
      outcomes.push(r.outcome);
      if (!json) printOutcome(r.outcome, values);
    };
    if (poolSize > 1 && jobs.length > 1) {
      await runPool(jobs, { workers: poolSize, modulePath: MODELS_MODULE, signal, onResult: poolProgress(jobs.length, json, take) });
    } else {
      for (let i = 0; i < jobs.length && !signal.aborted; i++) {
        const job = jobs[i]!;
        let r: JobResult;
        try {
          const onProgress = json ? undefined : progressPrinter(job.options.id!);
          r = { outcome: await runOne(entry, job.params, { ...job.options, signal, ...(onProgress ? { onProgress } : {}) }) };
          clearProgress();
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          r = { inputError: e.message };
        }
        take(r, i);
      }
    }
    if (!json) {
      const matrices = matricesText(outcomes, (m) => modelEntries.find((e) => e.name === m)?.matrixDimensions);
      if (matrices) console.log(matrices);
      const violated = outcomes.filter((o) => o.verdict === "violation");
      const incomplete = outcomes.filter((o) => o.verdict === "incomplete");
      console.log(
        violated.length > 0
          ? `${violated.length} of ${outcomes.length} runs violate a property: ${violated.map((o) => o.id).join(", ")}`
          : incomplete.length > 0
            ? `no violation, but ${incomplete.length} of ${outcomes.length} runs are INCOMPLETE: no clean bill`
            : `clean bill: ${outcomes.length} complete explorations, no property violated`,
      );
    } else {
      process.stdout.write(JSON.stringify({ runs: outcomes.map((o) => runJsonWithReduction(o, reductions)) }, null, 2) + "\n");
    }
    if (values.itf !== undefined) writeItf(outcomes, String(values.itf), values["itf-property"] as string | undefined);
    if (signal.aborted) return 130;
    return outcomes.some((o) => o.verdict === "violation") ? 1 : outcomes.some((o) => o.verdict === "incomplete") ? 3 : 0;
  }
  if (values.model !== undefined || kernelFlags || Object.keys(given).length > 0) {
    if (values.model === undefined && !kernelFlags) throw new InputError("--param needs --model or --scenario");
    const entry = values.model !== undefined ? findEntry(String(values.model)) : entryForKernelFlags(values);
    const raw: Record<string, string | ParamValue> = { ...given };
    for (const f of ["scenario", "patch", "pmu", "events"] as const) if (values[f] !== undefined) raw[f] = String(values[f]);
    const params = resolveParams(entry, raw);
    const expected = standardRuns.find((r) => r.model === entry.name && sameParams(entry, r.params, params))?.expected ?? null;
    const onProgress = json ? undefined : progressPrinter(entry.name);
    outcomes = [await runOne(entry, params, { ...explicitBounds, ...parallel, signal, expected, ...(onProgress ? { onProgress } : {}) })];
    clearProgress();
    single = true;
  } else {
    outcomes = [];
    if (poolSize > 1) {
      const jobs = runs.map((run) => standardJob(modelEntries, run, { ...explicitBounds, ...reductions }));
      await runPool(jobs, {
        workers: poolSize,
        modulePath: MODELS_MODULE,
        signal,
        onResult: poolProgress(jobs.length, json, (r) => {
          if ("inputError" in r) throw new Error(r.inputError);
          outcomes.push(r.outcome);
          if (!json) printOutcome(r.outcome, values);
        }),
      });
    } else {
      for (const run of runs) {
        if (signal.aborted) break;
        const onProgress = json ? undefined : progressPrinter(run.id);
        outcomes.push(await runStandard(modelEntries, run, { ...explicitBounds, ...parallel, signal, ...(onProgress ? { onProgress } : {}) }));
        clearProgress();
        if (!json) printOutcome(outcomes[outcomes.length - 1]!, values);
      }
    }
  }

  if (json) {
    process.stdout.write(JSON.stringify({ runs: outcomes.map((o) => runJsonWithReduction(o, reductions)) }, null, 2) + "\n");
  } else if (single) {
    printOutcome(outcomes[0]!, values);
  } else {
    const matrices = matricesText(outcomes, (m) => modelEntries.find((e) => e.name === m)?.matrixDimensions);
    if (matrices) console.log(`\n${matrices}`);
    const bad = outcomes.filter((o) => o.matches === false);
    const cut = signal.aborted ? ` (interrupted: ${runs.length - outcomes.length} runs not started; a run cut short is incomplete, hence not as expected)` : "";
    console.log(`\n${outcomes.length} runs, ${outcomes.length - bad.length} as expected, ${bad.length} not${bad.length ? ": " + bad.map((o) => o.id).join(", ") : ""}${cut}`);
  }

  if (values.itf !== undefined) writeItf(outcomes, String(values.itf), values["itf-property"] as string | undefined);
  if (signal.aborted) return 130;
  if (single) {
    const o = outcomes[0]!;
    if (o.expected) return o.matches ? 0 : 1;
    return o.verdict === "violation" ? 1 : o.verdict === "incomplete" ? 3 : 0;
  }
  return outcomes.every((o) => o.matches !== false) ? 0 : 1;
}

function sameParams(entry: ModelEntry, a: Record<string, ParamValue>, b: Record<string, ParamValue>): boolean {
  return entry.params.every((p) => (a[p.name] ?? p.default) === (b[p.name] ?? p.default));
}

function printOutcome(o: RunOutcome, values: Parsed["values"]): void {
  if (values.quiet) {
    console.log(`${o.matches === false ? "MISMATCH" : o.matches ? "ok      " : "        "} ${o.id ?? o.model}: ${o.verdict}`);
    return;
  }
  console.log(formatRun(o));
  const red = reductionText(o);
  if (red) console.log(red);
  if (values.coverage) console.log(formatCoverage(o));
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

function writeItf(outcomes: RunOutcome[], file: string, property: string | undefined): void {
  for (const o of outcomes) {
    const violated = o.result.properties.filter((p) => p.violation);
    const chosen = property ? violated.find((p) => p.name === property) : violated[0];
    if (property && !chosen) {
      throw new InputError(`--itf-property ${property}: not violated; violated: ${violated.map((p) => p.name).join(", ") || "(none)"}`);
    }
    if (chosen) {
      writeFileSync(file, JSON.stringify(toItf(o.result.model, chosen.violation!), null, 2) + "\n");
      return;
    }
  }
  process.stderr.write(`auxcheck: no violation, so no ITF trace written to ${file}\n`);
}

function list(): void {
  for (const e of modelEntries) {
    console.log(`${e.name}: ${e.description}`);
    for (const p of e.params) {
      const range = p.choices ? ` {${p.choices.join(", ")}}` : p.min !== undefined || p.max !== undefined ? ` [${p.min ?? ""}..${p.max ?? ""}]` : "";
      console.log(`  --param ${p.name}=${String(p.default)}  (${p.type}${range}) ${p.description}`);
    }
  }
  console.log("\nstandard runs:");
  for (const r of standardRuns) console.log(`  ${r.id}: ${r.model} ${JSON.stringify(r.params)} → expected ${r.expected.verdict}${r.expected.violated ? ` [${r.expected.violated.join(", ")}]` : ""}`);
}

export async function main(argv: string[]): Promise<number> {
  const signal = { aborted: false };
  const onSigint = (): void => {
    if (signal.aborted) process.exit(130);
    signal.aborted = true;
    process.stderr.write("\nauxcheck: interrupted; finishing with partial statistics (Ctrl-C again to quit now)\n");
  };
  process.on("SIGINT", onSigint);
  try {
    const { command, values } = parse(argv);
    if (values.help || command === "help") {
      console.log(HELP);
      return 0;
    }
    switch (command) {
      case "check":
        return await check(values, signal);
      case "list":
        list();
        return 0;
      case "report":
        for (const f of await writeReports(reportGenerators)) console.log(`wrote ${f}`);
        return 0;
      default:
        throw new InputError(`unknown command '${command}'; valid: check, list, report`);
    }
  } catch (e) {
    if (e instanceof InputError || (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) {
      process.stderr.write(`auxcheck: ${(e as Error).message.split("\n")[0]}\n`);
      return 2;
    }
    throw e;
  } finally {
    process.off("SIGINT", onSigint);
  }
}

process.exitCode = await main(process.argv.slice(2));
