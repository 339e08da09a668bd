/**
 * `defineModel`: a model's CLI entry with parameters typed for the model. Each parameter is
 * declared by its kind, and `build` receives them with their TypeScript types, validated:
 *
 *   export default defineModel({
 *     name: "twophase",
 *     description: "two-phase commit",
 *     params: { rm: int(1, 7, 3, "number of resource managers"), RM: modelValues(["r1", "r2"], "...") },
 *     build: (p) => twoPhase(p.rm),          // p.rm: number, p.RM: readonly string[]
 *   });
 *
 * Kinds: `int(min, max, default)`, `bool(default)`, `oneOf([...choices], default)` (a string
 * literal union), `text(default)`, and `modelValues([...])`: a set of model values, TLA+'s
 * `RM = {r1, r2, r3}`, given on the command line as `--param RM={r1,r2,r3}` (or `r1,r2,r3`).
 * A value out of range, of the wrong kind or unknown is refused with one line (exit 2), also
 * when `build` is called directly with parameters that bypass the command line.
 *
 * The same object is what `auxcheck check --model-file FILE` expects as the file's default
 * export (src/model-file.ts).
 */
import type { Action, Model } from "./model.ts";
import { InputError, type ModelEntry, type ParamSpec, type Params, type ParamValue } from "./registry.ts";

/** A parameter's declaration: its spec for the CLI and how to read a value into the model's type. */
export interface ParamKind<T> {
  readonly spec: Omit<ParamSpec, "name">;
  read(value: ParamValue, name: string, model: string): T;
}

export function int(min: number, max: number, dflt: number, description = ""): ParamKind<number> {
  return {
    spec: { type: "int", default: dflt, min, max, description },
    read(v, name, model) {
      if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw new InputError(`parameter ${name} of ${model} must be an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
      return v;
    },
  };
}

export function bool(dflt: boolean, description = ""): ParamKind<boolean> {
  return {
    spec: { type: "bool", default: dflt, description },
    read(v, name, model) {
      if (typeof v !== "boolean") throw new InputError(`parameter ${name} of ${model} must be true or false, got ${JSON.stringify(v)}`);
      return v;
    },
  };
}

export function oneOf<const C extends readonly string[]>(choices: C, dflt: C[number], description = ""): ParamKind<C[number]> {
  return {
    spec: { type: "enum", default: dflt, choices, description },
    read(v, name, model) {
      if (typeof v !== "string" || !choices.includes(v)) throw new InputError(`unknown ${name} ${JSON.stringify(v)} for model ${model}; valid: ${choices.join(", ")}`);
      return v;
    },
  };
}

export function text(dflt: string, description = ""): ParamKind<string> {
  return {
    spec: { type: "string", default: dflt, description },
    read(v, name, model) {
      if (typeof v !== "string") throw new InputError(`parameter ${name} of ${model} must be a string, got ${JSON.stringify(v)}`);
      return v;
    },
  };
}

/** A set of model values (TLA+'s `RM = {r1, r2, r3}`): distinct names, kept in the order given. */
export function modelValues(dflt: readonly string[], description = ""): ParamKind<readonly string[]> {
  return {
    spec: { type: "set", default: dflt.join(","), description },
    read(v, name, model) {
      if (typeof v !== "string") throw new InputError(`parameter ${name} of ${model} must be a set of model values like {r1,r2}, got ${JSON.stringify(v)}`);
      return v === "" ? [] : v.split(",");
    },
  };
}

type ParamKinds = Readonly<Record<string, ParamKind<unknown>>>;

/** The parameters as `build` receives them. */
export type ParamsOf<P extends ParamKinds> = { readonly [K in keyof P]: P[K] extends ParamKind<infer T> ? T : never };

export interface ModelDefinition<P extends ParamKinds, S, A extends Action> {
  /** `--model NAME` */
  readonly name: string;
  readonly description?: string;
  readonly params?: P;
  build(params: ParamsOf<P>): Model<S, A>;
  readonly matrixDimensions?: readonly string[];
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export function defineModel<S, A extends Action, P extends ParamKinds = {}>(def: ModelDefinition<P, S, A>): ModelEntry {
  const kinds = Object.entries(def.params ?? {}) as [string, ParamKind<unknown>][];
  return {
    name: def.name,
    description: def.description ?? "",
    params: kinds.map(([name, k]) => ({ name, ...k.spec })),
    ...(def.matrixDimensions ? { matrixDimensions: def.matrixDimensions } : {}),
    build(given: Params) {
      for (const key of Object.keys(given)) {
        if (!kinds.some(([name]) => name === key)) throw new InputError(`unknown parameter '${key}' for model ${def.name}; valid: ${kinds.map(([n]) => n).join(", ") || "(none)"}`);
      }
      const typed = Object.fromEntries(kinds.map(([name, k]) => [name, k.read(given[name] ?? k.spec.default, name, def.name)]));
      return def.build(typed as ParamsOf<P>);
    },
  };
}
