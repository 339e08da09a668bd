/**
 * The `auxcheck` command line: `check` (the standard set, a patch sweep, or one run), `list`,
 * `report`. Every answer is a result or a refusal: bad input is found before any search and
 * named on one line (exit 2), and a run's exit code is its verdict (EXIT_CODES, the README's
 * table). Comparing with expectations is the standard set's job, or `--expect`'s.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { fullMatrixRuns, modelEntries, patchTools, reportGenerators, standardRuns } from "../models/index.ts";
import { formatCoverage, formatRun, runJson, verdictText, type RunTextOptions } from "./format.ts";
import { memoryText } from "./memory.ts";
import { ModelError, type Action, type Model } from "./model.ts";
import { DEFAULT_CHECKED_STATES } from "./model-check.ts";
import { toItf } from "./itf.ts";
import { loadModelFile } from "./model-file.ts";
import { EXIT, EXIT_CODES, SIGNAL_EXIT } from "./exit-codes.ts";
import { checkWritableFile } from "./output-files.ts";
import { InputError, resolveParams, type Expectation, type ModelEntry, type Params, type Verdict } from "./registry.ts";
import { REPORTS_DIR, writeReports } from "./reports.ts";
import { runPool, type JobResult } from "./run-pool.ts";
import { runOne, standardJob, type RunJob, type RunOptions, type RunOutcome } from "./runner.ts";
import type { Progress } from "./explore.ts";
import { standardSummary, sweepSummary, type SummaryOptions } from "./summary.ts";
import { compareRuns, comparisonJson, comparisonText, madeVacuous } from "./baseline.ts";
import { sweep } from "./sweep.ts";
import { stepProgressLine, sweepExitCode, sweepJson, sweepText, type SweepContext } from "./sweep-output.ts";
import type { PatchProblem, PatchTools } from "./registry.ts";

type Command = "check" | "list" | "report" | "new-patch" | "check-patch";
const COMMANDS: readonly Command[] = ["check", "list", "report", "new-patch", "check-patch"];
/** Commands that take one NAME after them. */
const NAMED: readonly Command[] = ["new-patch", "check-patch"];

interface OptionSpec {
  readonly name: string;
  /** The value's name in --help; absent for a flag. */
  readonly value?: string;
  /** May be given more than once (each --param key still once). */
  readonly multiple?: boolean;
  readonly commands: readonly Command[];
  readonly help: string;
}

/** At most this many threads per core: more only cost memory (a helper thread takes about 100 MB). */
const WORKERS_PER_CORE = 2;
const CORES = availableParallelism();

const OPTIONS: readonly OptionSpec[] = [
  { name: "model", value: "NAME", commands: ["check"], help: "model to check (see 'auxcheck list')" },
  {
    name: "model-file",
    value: "FILE",
    commands: ["check"],
    help: "a model of your own: FILE's default export is defineModel({ name, params, build }) (src/define-model.ts); no need to edit models/index.ts",
  },
  { name: "scenario", value: "NAME", commands: ["check"], help: "kernel scenario (implies its model)" },
  { name: "patch", value: "NAME", commands: ["check"], help: "kernel patch from models/patches/ (default none = mainline); without --scenario: the patch against every scenario and AUX PMU" },
  {
    name: "baseline",
    value: "PATCH",
    commands: ["check"],
    help: "compare --patch with this patch (none = mainline) on the same runs: per run and property fixed, newly violated, still violated or still holds; exit 1 exactly when something is newly violated",
  },
  { name: "pmu", value: "NAME", commands: ["check"], help: "AUX PMU driver (cs_etm, arm_spe, intel_pt); an --events string that names one chooses it" },
  { name: "events", value: "STRING", commands: ["check"], help: "perf event string overriding the scenario's, e.g. '-a -e cs_etm//k -e cycles/period=3000/'" },
  { name: "param", value: "KEY=VALUE", multiple: true, commands: ["check"], help: "model parameter (repeatable, each key once); a set of model values is written {r1,r2,r3}" },
  { name: "json", commands: ["check"], help: "print one JSON document on stdout and nothing else (progress and notes go to stderr)" },
  {
    name: "expect",
    value: "VERDICT[:PROP,...]",
    commands: ["check"],
    help: "a single run's expected verdict (ok, violation, incomplete, vacuous; for violation, optionally the exact violated properties): exit 0 as expected, 1 not, 3 cut before it could tell",
  },
  { name: "itf", value: "FILE", commands: ["check"], help: "write the counterexample as ITF JSON (first violated property, or --itf-property); checked writable before the search" },
  { name: "itf-property", value: "NAME", commands: ["check"], help: "which violated property --itf writes" },
  { name: "max-states", value: "N", commands: ["check"], help: "stop after N distinct states (verdict: incomplete)" },
  { name: "max-depth", value: "N", commands: ["check"], help: "stop at BFS depth N (verdict: incomplete)" },
  { name: "timeout", value: "SECONDS", commands: ["check"], help: "stop after SECONDS (verdict: incomplete)" },
  {
    name: "workers",
    value: "N|auto",
    commands: ["check"],
    help: `threads (default auto: one per core for whole runs, ${CORES} here, one search thread for a single run; at most ${WORKERS_PER_CORE} per core, ${CORES * WORKERS_PER_CORE} here). The standard set and a sweep run whole runs on N threads at once; a single run is searched by N threads only when --workers is given (no faster on this machine: see the README). Output is identical for any N`,
  },
  { name: "por", commands: ["check"], help: "partial-order reduction with the independence the model declares (every violated property is still found; a trace is the shortest in the reduced graph)" },
  { name: "symmetry", commands: ["check"], help: "symmetry reduction with the canonical form the model declares (same verdicts and depths); under --por or --symmetry the liveness properties are unchecked, so the run is incomplete, never ok" },
  {
    name: "no-liveness",
    commands: ["check"],
    help: "do not check the liveness properties (their verdict is then 'unchecked'); a search with --workers N > 1 is then shared among N threads (liveness is decided on one thread's graph)",
  },
  {
    name: "no-deadlock",
    commands: ["check"],
    help: "do not report states without an enabled action (TLC's -deadlock); deadlock checking is on by default, except where a model declares final states or turns it off",
  },
  { name: "check-model", commands: ["check"], help: `check on every state that the model's next leaves its input unchanged (the first ${DEFAULT_CHECKED_STATES} expansions are checked anyway)` },
  { name: "property", value: "NAME", commands: ["check"], help: "the race diagram of this violated property only (a single run, a sweep)" },
  { name: "steps", commands: ["check"], help: "after each race diagram, the call trace and every step: context, action, call chain, changed fields" },
  { name: "coverage", commands: ["check"], help: "name the actions that never fired (otherwise counted) and print per-action generated/distinct counts" },
  { name: "verbose", commands: ["check"], help: "each run of the standard set or a sweep in full, as a single run prints it" },
  { name: "quiet", commands: ["check"], help: "one line per run (standard set, sweep)" },
  {
    name: "matrix",
    value: "full",
    commands: ["check"],
    help: "with the standard set: also the full kernel verdict matrix, every scenario × patch × AUX PMU × platform where it applies (models/kernel/scenarios/runs/full-matrix.ts), each run against its recorded verdict",
  },
  {
    name: "sweep",
    commands: ["check"],
    help: "budget sweep (src/sweep.ts): one run (default: the kernel's all-operations scenario of --pmu; --param ncpus=2 for two CPUs) at growing budgets, raised one at a time round-robin, each explored completely, until --timeout (default 300 s) or a step reaches --max-states; prints each step's bound, states and states/s, then the verdict with its bound (a cut step is not a bound). A budget given with --param stays fixed",
  },
  { name: "out", value: "DIR", commands: ["report"], help: "write the reports into DIR instead of reports/" },
  { name: "from", value: "PATCH", commands: ["new-patch"], help: "start from this patch's text of the functions (none = mainline, the default)" },
  { name: "functions", value: "F,G", commands: ["new-patch"], help: "the kernel functions the patch overrides (default with --from: the ones that patch overrides)" },
  { name: "help", commands: COMMANDS, help: "this text (also -h)" },
];

function helpText(): string {
  const opt = (o: OptionSpec): string => `--${o.name}${o.value ? ` ${o.value}` : ""}`;
  const w = Math.max(...OPTIONS.map((o) => opt(o).length)) + 2;
  const wrap = (text: string, indent: number): string => {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && indent + line.length + word.length + 1 > 100) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines.join(`\n${" ".repeat(indent)}`);
  };
  const section = (c: Command): string =>
    OPTIONS.filter((o) => o.commands.includes(c) && o.name !== "help")
      .map((o) => `  ${opt(o).padEnd(w)}${wrap(o.help, w + 2)}`)
      .join("\n");
  return `auxcheck: exhaustive interleaving model checker for the perf core's AUX-trace throttling paths

Usage:
  auxcheck check                          the standard set: each run compared with its expectation
  auxcheck check --matrix full            the standard set and the full kernel verdict matrix
  auxcheck check --sweep --pmu X [--patch P]   every operation at once, growing budgets: a verdict with its bound
  auxcheck check --model NAME [--param KEY=VALUE ...]
  auxcheck check --model-file FILE [--param KEY=VALUE ...]
  auxcheck check --scenario S [--patch P] [--pmu X] [--events '-e ...']
  auxcheck check --patch P [--pmu X]      the patch against every scenario (and AUX PMU)
  auxcheck list                           models, their parameters and the standard runs
  auxcheck check --patch P --baseline B   is P better than B? per run and property: fixed, newly violated, ...
  auxcheck new-patch NAME [--from P] --functions F,G   a patch file overriding F and G, ready to edit
  auxcheck check-patch NAME               a patch's mistakes (types, names, labels), one line each
  auxcheck report [--out DIR]             regenerate reports/*.md
  npm run -s check -- ARGS                = auxcheck check ARGS (-s: no npm banner on stdout)

Options for check:
${section("check")}

Options for report:
${section("report")}

Options for new-patch:
${section("new-patch")}

  -h, --help${" ".repeat(Math.max(1, w - 10))}this text

Exit codes:
${EXIT_CODES.map(([c, what]) => `  ${String(c).padEnd(5)}${wrap(what, 7)}`).join("\n")}`;
}

type Opts = ReadonlyMap<string, readonly string[]>;

interface Parsed {
  readonly command: Command | "help";
  readonly opts: Opts;
  /** The NAME of new-patch and check-patch. */
  readonly name: string | null;
}

/**
 * Options take their value from the next argument even when it starts with '-' (`--events '-e
 * cs_etm//'`, `--max-states -3` gets a real message), unless it is itself an option.
 */
function parse(argv: readonly string[]): Parsed {
  const opts = new Map<string, string[]>();
  let command: string | null = null;
  let name: string | null = null;
  const specOf = (token: string): OptionSpec | undefined => (token === "-h" ? OPTIONS.find((o) => o.name === "help") : token.startsWith("--") ? OPTIONS.find((o) => o.name === token.slice(2).split("=")[0]) : undefined);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("-") && a.length > 1) {
      const eq = a.indexOf("=");
      const spec = specOf(a);
      if (!spec) throw new InputError(`unknown option '${eq > 0 ? a.slice(0, eq) : a}'; valid: ${OPTIONS.map((o) => `--${o.name}`).join(", ")}`);
      let value = "";
      if (spec.value === undefined) {
        if (eq > 0) throw new InputError(`--${spec.name} takes no value, got '${a}'`);
      } else if (eq > 0) value = a.slice(eq + 1);
      else if (i + 1 < argv.length && specOf(argv[i + 1]!) === undefined) value = argv[++i]!;
      else throw new InputError(`--${spec.name} needs a value: --${spec.name} ${spec.value}`);
      if (spec.value !== undefined && value.trim() === "") throw new InputError(`--${spec.name} needs a non-empty value: --${spec.name} ${spec.value}`);
      const list = opts.get(spec.name) ?? [];
      if (spec.value !== undefined && !spec.multiple && list.length > 0) throw new InputError(`--${spec.name} given twice ('${list[0]}' and '${value}'); give it once`);
      list.push(value);
      opts.set(spec.name, list);
    } else if (command === null) command = a;
    else if (name === null && (NAMED as readonly string[]).includes(command)) name = a;
    else throw new InputError(`unexpected argument '${a}'; see --help`);
  }
  if (opts.has("help") || command === "help" || (command === null && opts.size === 0)) return { command: "help", opts, name };
  if (command === null) throw new InputError(`no command; valid: ${COMMANDS.join(", ")} (e.g. auxcheck check ${argv.join(" ")})`);
  if (!(COMMANDS as readonly string[]).includes(command)) throw new InputError(`unknown command '${command}'; valid: ${COMMANDS.join(", ")}`);
  for (const o of opts.keys()) {
    const spec = OPTIONS.find((x) => x.name === o)!;
    if (!spec.commands.includes(command as Command)) throw new InputError(`--${o} does not apply to '${command}' (only to: ${spec.commands.join(", ")})`);
  }
  if ((NAMED as readonly string[]).includes(command) && name === null) throw new InputError(`${command} needs a patch NAME: auxcheck ${command} NAME`);
  return { command: command as Command, opts, name };
}

const one = (opts: Opts, name: string): string | undefined => opts.get(name)?.[0];

function positiveInt(opts: Opts, name: string): number | undefined {
  const v = one(opts, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new InputError(`--${name} must be a positive integer, got '${v}'`);
  if (!Number.isSafeInteger(Number(v))) throw new InputError(`--${name} must be at most ${Number.MAX_SAFE_INTEGER}, got '${v}'`);
  return Number(v);
}

function positiveSeconds(opts: Opts, name: string): number | undefined {
  const v = one(opts, name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new InputError(`--${name} must be a positive number of seconds, got '${v}'`);
  return x;
}

/** --workers: the pool's size (standard set, sweeps) and a single run's searchers; capped with a note. */
function workersOf(opts: Opts): { pool: number; search: number } {
  // auto (the default): one worker per core for whole runs, one search thread for a single run — two threads of
  // one search were never faster than one here (README, Engine figures), so auto never picks a slower setting
  const w = one(opts, "workers");
  if (w !== undefined && w !== "auto" && !/^\d+$/.test(w)) throw new InputError(`--workers must be a positive integer or auto, got '${w}'`);
  const asked = w === "auto" ? undefined : positiveInt(opts, "workers");
  const cap = CORES * WORKERS_PER_CORE;
  if (asked !== undefined && asked > cap) process.stderr.write(`auxcheck: --workers ${asked} capped at ${cap} (${WORKERS_PER_CORE} per core, ${CORES} cores)\n`);
  const n = asked === undefined ? undefined : Math.min(asked, cap);
  return { pool: n ?? CORES, search: n ?? 1 };
}

/** --expect ok | violation[:P,Q] | incomplete | vacuous, checked against the model's properties. */
function expectationOf(text: string, model: Model<unknown, Action>): Expectation {
  const [verdict, props] = text.split(":", 2) as [string, string | undefined];
  const verdicts: readonly Verdict[] = ["ok", "violation", "incomplete", "vacuous"];
  if (!(verdicts as readonly string[]).includes(verdict)) throw new InputError(`--expect: unknown verdict '${verdict}'; valid: ${verdicts.join(", ")}`);
  if (props === undefined) return { verdict: verdict as Verdict };
  if (verdict !== "violation") throw new InputError(`--expect ${text}: properties go with 'violation' only`);
  const names = model.properties.map((p) => p.name);
  const violated = props.split(",").map((p) => p.trim());
  const unknown = violated.filter((p) => !names.includes(p));
  if (unknown.length > 0 || violated.length === 0) throw new InputError(`--expect: unknown property '${unknown[0] ?? ""}' of ${model.name}; valid: ${names.join(", ")}`);
  return { verdict: "violation", violated };
}

function checkItfProperty(opts: Opts, names: readonly string[]): void {
  const prop = one(opts, "itf-property");
  if (prop === undefined) return;
  if (!opts.has("itf")) throw new InputError("--itf-property needs --itf FILE");
  if (!names.includes(prop)) throw new InputError(`--itf-property: no property '${prop}'; valid: ${names.join(", ")}`);
}

/** Model parameters that have an option of their own. */
const PARAM_FLAGS = ["scenario", "patch", "pmu", "events"] as const;

function findEntry(name: string): ModelEntry {
  const e = modelEntries.find((m) => m.name === name);
  if (!e) throw new InputError(`unknown model '${name}'; valid: ${modelEntries.map((m) => m.name).join(", ")}`);
  return e;
}

/** The model a parameter option refers to: the one whose scenario it is, or the one that has the parameter. */
function entryForFlags(opts: Opts, flags: readonly string[]): ModelEntry {
  const scenario = one(opts, "scenario");
  if (scenario !== undefined) {
    const owner = modelEntries.find((e) => e.params.find((p) => p.name === "scenario")?.choices?.includes(scenario));
    if (owner) return owner;
    const all = modelEntries.flatMap((e) => e.params.find((p) => p.name === "scenario")?.choices ?? []);
    throw new InputError(`unknown scenario '${scenario}'; valid: ${all.join(", ")}`);
  }
  const owner = modelEntries.find((e) => e.params.some((p) => p.name === flags[0]));
  if (!owner) throw new InputError(`--${flags[0]}: no model has this parameter; models: ${modelEntries.map((e) => e.name).join(", ")}`);
  return owner;
}

/** --param KEY=VALUE ..., each key once, none also given as its own option. */
function givenParams(opts: Opts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of opts.get("param") ?? []) {
    const i = kv.indexOf("=");
    if (i <= 0) throw new InputError(`--param expects KEY=VALUE, got '${kv}'`);
    const key = kv.slice(0, i);
    if (out[key] !== undefined) throw new InputError(`--param ${key} given twice ('${out[key]}' and '${kv.slice(i + 1)}'); give it once`);
    out[key] = kv.slice(i + 1);
  }
  for (const f of PARAM_FLAGS) {
    const v = one(opts, f);
    if (v === undefined) continue;
    if (out[f] !== undefined) throw new InputError(`${f} given twice (--${f} ${v} and --param ${f}=${out[f]}); give it once`);
    out[f] = v;
  }
  return out;
}

/** What `check` runs: the standard set, a sweep of one model's scenarios, or one run; every model built (so validated) first. */
type Selection =
  | { readonly kind: "standard" }
  | { readonly kind: "sweep"; readonly entry: ModelEntry; readonly jobs: readonly RunJob[]; readonly properties: readonly string[]; readonly notApplicable: readonly string[] }
  | { readonly kind: "single"; readonly entry: ModelEntry; readonly params: Params; readonly model: Model<unknown, Action> };

function select(opts: Opts, modelFile: ModelEntry | null): Selection {
  const given = givenParams(opts);
  const flags = PARAM_FLAGS.filter((f) => opts.has(f));
  if (modelFile && opts.has("model")) throw new InputError("--model-file and --model: give one of them");
  if (!modelFile && !opts.has("model") && flags.length === 0) {
    if (Object.keys(given).length > 0) throw new InputError("--param needs --model, --model-file or --scenario");
    return { kind: "standard" };
  }
  const entry = modelFile ?? (opts.has("model") ? findEntry(one(opts, "model")!) : entryForFlags(opts, flags));
  const names = entry.params.map((p) => p.name);
  for (const f of flags) if (!names.includes(f)) throw new InputError(`--${f} does not apply to model ${entry.name} (its parameters: ${names.join(", ") || "none"})`);
  const choices = (name: string): readonly string[] => entry.params.find((p) => p.name === name)?.choices ?? [];
  const sweep = choices("scenario").length > 0 && given.scenario === undefined && given.events === undefined && (given.patch !== undefined || given.pmu !== undefined);
  if (!sweep) {
    const params = resolveParams(entry, given);
    return { kind: "single", entry, params, model: entry.build(params) };
  }
  // A patch (or a PMU) against every scenario and AUX PMU: runs the scenario cannot take (say, an
  // SPE scenario on cs_etm) are named as not applicable.
  const jobs: RunJob[] = [];
  const properties = new Set<string>();
  const notApplicable: string[] = [];
  const pmus = given.pmu !== undefined ? [given.pmu] : choices("pmu");
  const sweepOnly = entry.budgetSweep?.scenarios ?? [];
  for (const scenario of choices("scenario").filter((x) => !sweepOnly.includes(x))) {
    for (const pmu of pmus.length > 0 ? pmus : [undefined]) {
      const params = resolveParams(entry, { ...given, scenario, ...(pmu !== undefined ? { pmu } : {}) });
      const id = pmu !== undefined ? `${scenario}/${pmu}` : scenario;
      try {
        for (const p of entry.build(params).properties) properties.add(p.name);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        notApplicable.push(`${id.replace("/", " on ")}: not applicable (${e.message})`);
        continue;
      }
      jobs.push({ model: entry.name, params, options: { id } });
    }
  }
  if (jobs.length === 0) throw new InputError(`the selection selects no run: ${notApplicable[0] ?? `model ${entry.name} has no scenario`}`);
  return { kind: "sweep", entry, jobs, properties: [...properties], notApplicable };
}

const MODELS_MODULE = fileURLToPath(new URL("../models/index.ts", import.meta.url));

interface Signal {
  aborted: boolean;
  /** The signal that interrupted the run. */
  by: string | null;
}

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
async function budgetSweep(opts: Opts, fileEntry: ModelEntry | null, common: RunOptions, searchers: number, modulePath: string, signal: Signal): Promise<number> {
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

/** --sweep without --timeout: five minutes (the issue's target for one CPU). */
const DEFAULT_SWEEP_SECONDS = 300;

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

/**
 * Progress on stderr, after the first few seconds: in place on a terminal (every second), a
 * line every PROGRESS_EVERY seconds otherwise. stdout never sees it (--json stays pure).
 */
const PROGRESS_AFTER = 3;
const PROGRESS_EVERY = 10;
const n = (x: number): string => Math.round(x).toLocaleString("en-US");
const durationText = (s: number): string => (s < 90 ? `${Math.max(1, Math.round(s))} s` : `${Math.round(s / 60)} min`);

class ProgressLine {
  private readonly tty = process.stderr.isTTY === true;
  private last = -Infinity;
  private shown = false;

  constructor(private readonly label: string) {}

  readonly update = (p: Progress): void => {
    this.show(
      p.seconds,
      `${this.label}: ${n(p.distinct)} distinct, ${n(p.generated)} generated, depth ${p.depth}, queue ${n(p.queued)}, ${n(p.distinct / Math.max(p.seconds, 1e-9))} states/s, ${memoryText()}`,
    );
  };

  /** `12 of 66 runs done, 40 s, about 3 min left` (the runs so far at their average pace; runs differ). */
  runs(done: number, total: number, seconds: number): void {
    const left = (seconds / done) * (total - done);
    this.show(seconds, `${done} of ${total} runs done, ${seconds.toFixed(0)} s, about ${durationText(left)} left`);
  }

  private show(seconds: number, text: string): void {
    if (seconds < PROGRESS_AFTER || seconds - this.last < (this.tty ? 1 : PROGRESS_EVERY)) return;
    this.last = seconds;
    this.shown = true;
    process.stderr.write(this.tty ? `\r\x1b[K${text}` : `auxcheck: ${text}\n`);
  }

  clear(): void {
    if (this.shown && this.tty) process.stderr.write("\r\x1b[K");
    this.shown = false;
  }
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

/** The patch tools of the one model that has them (the kernel's). */
function toolsFor(): PatchTools {
  const t = patchTools[0];
  if (!t) throw new InputError("no model here takes patch files");
  return t;
}

/** Prints patch problems, one line each on stderr; true when one is an error. */
function reportProblems(problems: readonly PatchProblem[]): boolean {
  for (const p of problems) process.stderr.write(`auxcheck: ${p.warning ? "warning: " : ""}${p.where}: ${p.message}\n`);
  return problems.some((p) => !p.warning);
}

function newPatch(name: string, opts: Opts): number {
  const t = toolsFor();
  const from = one(opts, "from") ?? "none";
  const functions = one(opts, "functions")?.split(",").map((f) => f.trim()).filter(Boolean) ?? null;
  const file = t.create(name, from, functions);
  console.log(`wrote ${file}`);
  console.log(`next: edit it (its header says how), then  npx auxcheck check-patch ${name}  and  npx auxcheck check --patch ${name} --baseline ${from}`);
  return EXIT.ok;
}

function checkPatch(name: string): number {
  const problems = toolsFor().check(name, { typecheck: true });
  if (reportProblems(problems)) return EXIT.input;
  console.log(`${name}: no mistakes found (types, function names, step labels)${problems.length > 0 ? `; ${problems.length} warning${problems.length === 1 ? "" : "s"} above` : ""}`);
  return EXIT.ok;
}

/**
 * Before a check that uses patch files: each one's mistakes, found without a search (its type
 * check too, unless the project type-checks it itself). Warnings are printed; an error refuses the
 * run (exit 2), one line per mistake.
 */
function checkPatchesUsed(opts: Opts): void {
  const t = patchTools[0];
  if (!t) return;
  const given = [one(opts, "patch"), one(opts, "baseline"), ...(opts.get("param") ?? []).filter((kv) => kv.startsWith(`${t.param}=`)).map((kv) => kv.slice(t.param.length + 1))];
  // a built-in patch is type-checked with the project, and its warnings are the project's to read (check-patch prints them)
  const problems = given
    .filter((p): p is string => p !== undefined && p !== "none" && t.exists(p))
    .flatMap((p) => t.check(p, { typecheck: !t.isBuiltIn(p) }).filter((x) => !(x.warning && t.isBuiltIn(p))));
  if (reportProblems(problems)) throw new PatchRefused();
}

/** After a sweep of a patch: a warning for each override none of its runs ever entered (no scenario reaches it). */
function warnUnreachedOverrides(patch: string | undefined, outcomes: readonly RunOutcome[]): void {
  const t = patchTools[0];
  if (!t || patch === undefined || patch === "none" || outcomes.length === 0) return;
  const ran = new Set(outcomes.flatMap((o) => o.result.actions.filter((a) => a.generated > 0).map((a) => a.name)));
  for (const o of t.overrides(patch)) {
    if (!o.actions.some((a) => ran.has(a))) process.stderr.write(`auxcheck: warning: patch ${patch}: no run of this sweep reaches its override of ${o.fn}\n`);
  }
}

/** A patch with mistakes: they are printed already, one line each. */
class PatchRefused extends Error {}

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
