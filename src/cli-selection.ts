/**
 * What `check` is asked to run, from its options: the standard set, a patch (or PMU) against every scenario,
 * or one run, every model built (so validated) before any search; and the options that name a run's
 * properties (--expect, --itf-property), checked against that run's model.
 */
import { modelEntries } from "../models/index.ts";
import type { Action, Model } from "./model.ts";
import { one, type Opts } from "./cli-arguments.ts";
import { InputError, resolveParams, type Expectation, type ModelEntry, type Params, type Verdict } from "./registry.ts";
import type { RunJob } from "./runner.ts";

/** --expect ok | violation[:P,Q] | incomplete | vacuous, checked against the model's properties. */
export function expectationOf(text: string, model: Model<unknown, Action>): Expectation {
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

export function checkItfProperty(opts: Opts, names: readonly string[]): void {
  const prop = one(opts, "itf-property");
  if (prop === undefined) return;
  if (!opts.has("itf")) throw new InputError("--itf-property needs --itf FILE");
  if (!names.includes(prop)) throw new InputError(`--itf-property: no property '${prop}'; valid: ${names.join(", ")}`);
}

/** Model parameters that have an option of their own. */
export const PARAM_FLAGS = ["scenario", "patch", "pmu", "events"] as const;

export function findEntry(name: string): ModelEntry {
  const e = modelEntries.find((m) => m.name === name);
  if (!e) throw new InputError(`unknown model '${name}'; valid: ${modelEntries.map((m) => m.name).join(", ")}`);
  return e;
}

/** The model a parameter option refers to: the one whose scenario it is, or the one that has the parameter. */
export function entryForFlags(opts: Opts, flags: readonly string[]): ModelEntry {
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
export function givenParams(opts: Opts): Record<string, string> {
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
export type Selection =
  | { readonly kind: "standard" }
  | { readonly kind: "sweep"; readonly entry: ModelEntry; readonly jobs: readonly RunJob[]; readonly properties: readonly string[]; readonly notApplicable: readonly string[] }
  | { readonly kind: "single"; readonly entry: ModelEntry; readonly params: Params; readonly model: Model<unknown, Action> };

export function select(opts: Opts, modelFile: ModelEntry | null): Selection {
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
