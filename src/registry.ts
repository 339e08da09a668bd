/**
 * How a model is offered to the CLI: its parameters (with defaults and valid values) and a
 * builder, plus the standard runs (with their expected verdicts, kept as data) that make up
 * the default `auxcheck check`. The engine knows nothing of perf: models register here.
 */
import type { Model } from "./model.ts";
import type { SweepDimension } from "./sweep.ts";

export type ParamValue = number | string | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

export interface ParamSpec {
  readonly name: string;
  /** `set`: a set of model values (src/define-model.ts), held as its names joined by commas. */
  readonly type: "int" | "bool" | "enum" | "string" | "set";
  readonly default: ParamValue;
  readonly description: string;
  /** For `enum`: the valid choices. */
  readonly choices?: readonly string[];
  /** For `enum`: what each choice is, one line each (`auxcheck list`). */
  readonly choiceDescriptions?: Readonly<Record<string, string>>;
  /** For `int`: inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
}

export interface ModelEntry {
  /** `--model NAME` */
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  build(params: Params): Model<any, any>;
  /**
   * Checks the parameters the user gave together and completes them (e.g. a value implied by
   * another), after each was parsed; throws InputError for a combination that makes no sense.
   * `given`: only what the user gave; `params`: every parameter, defaults filled in.
   */
  refineParams?(given: Readonly<Record<string, string | ParamValue>>, params: Params): Params;
  /**
   * Parameters that make the rows of the verdict matrix (e.g. patch, pmu, platform); the
   * other parameters (scenario, budgets) vary within a row. Only those taking more than one
   * value over the runs are shown.
   */
  readonly matrixDimensions?: readonly string[];
  /**
   * Figures the model computes besides the verdicts (e.g. a cost per context switch), for the
   * same parameters: printed after the run and given as `figures` in --json. Deterministic.
   */
  figures?(params: Params): { readonly text: string; readonly data: unknown };
  /** Budget sweeps (`check --sweep`, src/sweep.ts); absent: the model has no budget dimensions and --sweep is refused. */
  readonly budgetSweep?: BudgetSweepSpec;
}

/** How a model is swept over its budgets. */
export interface BudgetSweepSpec {
  /** Scenarios run only by sweeps: left out of a patch sweep (`--patch P` without --scenario). */
  readonly scenarios: readonly string[];
  /** The parameters a sweep that names no run gets (e.g. the all-operations scenario of the chosen PMU). */
  defaults(params: Params): Readonly<Record<string, string>>;
  /** The run's budget dimensions, in the order the sweep raises them; InputError when the run has none. */
  dimensions(params: Params): readonly SweepDimension[];
  /** One line each: what the run leaves out of "every operation", and why. */
  leftOut(params: Params): readonly string[];
  /** A short description of the run's machine (e.g. "1 CPU") for the verdict line. */
  machine(params: Params): string;
}

/**
 * ok: a complete search, no violation, every goal reached; violation: some property violated
 * (definite even from a cut search); incomplete: cut before either; vacuous: a complete search
 * with no violation that never reached one of the model's goals (it checked nothing worth "ok").
 */
export type Verdict = "ok" | "violation" | "incomplete" | "vacuous";

/** What a standard run is expected to give: data to compare against, never what the code returns. */
export interface Expectation {
  readonly verdict: Verdict;
  /** Properties expected to be violated (exactly this set), when verdict is `violation`. */
  readonly violated?: readonly string[];
  /** Why: the reference section or finding this expectation comes from. */
  readonly source?: string;
}

/**
 * A run of the standard set: a StandardRun, or one without an expectation (`expected: null`), such
 * as a registered patch's that nobody has set expectations for: it is in the verdict matrix, not judged.
 */
export type SetRun = StandardRun | (Omit<StandardRun, "expected"> & { readonly expected: null });

export interface StandardRun {
  /** Unique id, e.g. `twophase-rm3`. */
  readonly id: string;
  readonly model: string;
  readonly params: Params;
  readonly expected: Expectation;
  /** Printed columns (kernel runs); null where they do not apply. */
  readonly scenario?: string | null;
  readonly patch?: string | null;
  readonly pmu?: string | null;
  readonly maxStates?: number;
  readonly maxDepth?: number;
}

/** Parse and validate `KEY=VALUE` against a model's parameter specs. Throws `InputError`. */
export function resolveParams(entry: ModelEntry, given: Readonly<Record<string, string | ParamValue>>): Params {
  const out: Record<string, ParamValue> = {};
  for (const p of entry.params) out[p.name] = p.default;
  for (const [key, raw] of Object.entries(given)) {
    const spec = entry.params.find((p) => p.name === key);
    if (!spec) {
      const valid = entry.params.map((p) => p.name).join(", ") || "(none)";
      throw new InputError(`unknown parameter '${key}' for model ${entry.name}; valid: ${valid}`);
    }
    out[key] = parseParam(spec, raw, entry.name);
  }
  return entry.refineParams ? entry.refineParams(given, out) : out;
}

function parseParam(spec: ParamSpec, raw: string | ParamValue, model: string): ParamValue {
  const text = String(raw);
  switch (spec.type) {
    case "int": {
      if (!/^-?\d+$/.test(text)) throw new InputError(`parameter ${spec.name} of ${model} must be an integer, got '${text}'`);
      const v = Number(text);
      if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
        throw new InputError(`parameter ${spec.name} of ${model} must be in ${spec.min ?? "-inf"}..${spec.max ?? "inf"}, got ${v}`);
      }
      return v;
    }
    case "bool":
      if (text === "true" || text === "1") return true;
      if (text === "false" || text === "0") return false;
      throw new InputError(`parameter ${spec.name} of ${model} must be true or false, got '${text}'`);
    case "string":
      if (text === "") throw new InputError(`parameter ${spec.name} of ${model} must not be empty`);
      return text;
    case "set": {
      const body = /^\{.*\}$/s.test(text.trim()) ? text.trim().slice(1, -1) : text;
      const names = body.split(",").map((x) => x.trim()).filter((x) => x !== "");
      const bad = names.find((x) => !/^[A-Za-z_][\w.-]*$/.test(x));
      if (bad !== undefined) throw new InputError(`parameter ${spec.name} of ${model} is a set of model values like {r1,r2}; '${bad}' is not a name`);
      if (new Set(names).size !== names.length) throw new InputError(`parameter ${spec.name} of ${model}: a set names each value once, got '${text}'`);
      return names.join(",");
    }
    case "enum":
      if (!spec.choices?.includes(text)) {
        throw new InputError(`unknown ${spec.name} '${text}' for model ${model}; valid: ${(spec.choices ?? []).join(", ")}`);
      }
      return text;
  }
}

/** Bad user input: the CLI prints the message on one line and exits 2. */
export class InputError extends Error {
  override name = "InputError";
}

/** A mistake (or a warning) in a model's source patch, found without a search: `file:line` and one line of text. */
export interface PatchProblem {
  readonly where: string;
  readonly message: string;
  readonly warning: boolean;
}

/**
 * A model family whose code is changed by patch files (the kernel's models/patches/): the CLI's
 * `new-patch` and `check-patch`, and the check `check` runs before it uses a patch.
 */
export interface PatchTools {
  /** The model, and its parameter that selects a patch. */
  readonly model: string;
  readonly param: string;
  /** Writes patch NAME overriding `functions` with their text in `from` (a patch, or the unpatched code); returns the file. InputError on a bad request. */
  create(name: string, from: string, functions: readonly string[] | null): string;
  /** The problems of patch NAME (InputError when there is no such patch); `typecheck: false` leaves the type checker out. */
  check(name: string, opts: { readonly typecheck: boolean }): PatchProblem[];
  /** The functions patch NAME overrides, each with the action names of its steps (coverage: which never ran). */
  overrides(name: string): readonly { readonly fn: string; readonly actions: readonly string[] }[];
  /** Whether NAME is a patch file (loaded or not). */
  exists(name: string): boolean;
  /** Patches whose files the project type-checks itself (`npm test`): `check` before a run leaves their type check out. */
  isBuiltIn(name: string): boolean;
}
