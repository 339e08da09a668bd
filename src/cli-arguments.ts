/**
 * The command line's words: the commands, every option with the commands it applies to and its help text,
 * `--help`, and the parser. Options take their value from the next argument even when it starts with '-';
 * an unknown option, a missing value or an option given to the wrong command is an InputError (exit 2).
 */
import { availableParallelism } from "node:os";
import { EXIT_CODES } from "./exit-codes.ts";
import { DEFAULT_CHECKED_STATES } from "./model-check.ts";
import { InputError } from "./registry.ts";

export type Command = "check" | "list" | "report" | "new-patch" | "check-patch";
export const COMMANDS: readonly Command[] = ["check", "list", "report", "new-patch", "check-patch"];
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

export function helpText(): string {
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

export type Opts = ReadonlyMap<string, readonly string[]>;

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
export function parse(argv: readonly string[]): Parsed {
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

export const one = (opts: Opts, name: string): string | undefined => opts.get(name)?.[0];

export function positiveInt(opts: Opts, name: string): number | undefined {
  const v = one(opts, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new InputError(`--${name} must be a positive integer, got '${v}'`);
  if (!Number.isSafeInteger(Number(v))) throw new InputError(`--${name} must be at most ${Number.MAX_SAFE_INTEGER}, got '${v}'`);
  return Number(v);
}

export function positiveSeconds(opts: Opts, name: string): number | undefined {
  const v = one(opts, name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new InputError(`--${name} must be a positive number of seconds, got '${v}'`);
  return x;
}

/** --workers: the pool's size (standard set, sweeps) and a single run's searchers; capped with a note. */
export function workersOf(opts: Opts): { pool: number; search: number } {
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
