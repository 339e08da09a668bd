/**
 * The model as both engines check it: the deadlock property that TLC checks by default, added
 * when the model declares none, and the declarations the engine refuses rather than misread.
 * (Liveness under --por or --symmetry is not refused but left unchecked: src/explore.ts.) Idempotent, so that every entry point (sequential search, parallel main thread, its
 * helper threads) can call it and all see the same property list.
 */
import { isLiveness } from "./liveness/check.ts";
import type { Action, Fairness, Model, Property } from "./model.ts";
import { InputError } from "./registry.ts";

export interface CheckOptions {
  /** false: no deadlock checking (TLC's -deadlock), whatever the model says. Default true. */
  readonly deadlock?: boolean;
  readonly por?: boolean;
  readonly symmetry?: boolean;
}

/** The property the engine adds for deadlock checking. */
export const DEADLOCK: Property<never> = {
  name: "deadlock",
  kind: "deadlock",
  description: "a reachable state with no enabled action is final (TLC's deadlock check; the model declares `final`, or turns it off with `deadlock: false`)",
};

export function checkedModel<S, A extends Action>(model: Model<S, A>, options: CheckOptions = {}): Model<S, A> {
  validateDeclarations(model);
  let properties = model.properties;
  if (options.deadlock === false) properties = properties.filter((p) => p.kind !== "deadlock");
  else if (model.deadlock !== false && !properties.some((p) => p.kind === "deadlock")) properties = [...properties, DEADLOCK as Property<S, A>];
  if (properties === model.properties) return model;
  // a plain copy (fast property access in the search loop); a class-based model keeps its methods through its prototype
  if (Object.getPrototypeOf(model) === Object.prototype) return { ...model, properties };
  return Object.create(model, { properties: { value: properties, enumerable: true } }) as Model<S, A>;
}

const KINDS = new Set(["always", "quiescent", "assertion", "deadlock", "always-eventually", "leads-to"]);

/**
 * A declaration that the engine would otherwise read in a way its author did not mean is an error
 * (one line): a property whose kind lacks its predicate or carries fields of another kind, two
 * properties with one name, a fairness family that names no action of the model.
 */
function validateDeclarations<S, A extends Action>(model: Model<S, A>): void {
  const fail = (what: string): never => {
    throw new InputError(`${model.name}: ${what}`);
  };
  const names = new Set<string>();
  const actionNames = new Set(model.actionNames);
  const checkFairness = (where: string, fs: readonly Fairness<A>[] | undefined): void => {
    for (const f of fs ?? []) {
      if (f.kind !== "weak" && f.kind !== "strong") fail(`${where}: fairness kind '${String(f.kind)}'; valid: weak, strong`);
      if (typeof f.actions !== "function") {
        const unknown = f.actions.filter((n) => !actionNames.has(n));
        if (unknown.length > 0) fail(`${where}: fairness of '${unknown.join("', '")}', which is not in actionNames`);
      }
    }
  };
  for (const p of model.properties) {
    if (names.has(p.name)) fail(`two properties named '${p.name}'`);
    names.add(p.name);
    if (!KINDS.has(p.kind)) fail(`property '${p.name}' has kind '${p.kind}'; valid: ${[...KINDS].join(", ")}`);
    const needs = p.kind === "leads-to" ? ["from", "to"] : p.kind === "always" || p.kind === "quiescent" || p.kind === "always-eventually" ? ["holds"] : [];
    for (const f of needs) if (typeof (p as unknown as Record<string, unknown>)[f] !== "function") fail(`${p.kind} property '${p.name}' needs '${f}'`);
    const foreign = (["holds", "from", "to", "fairness", "outOfBudget"] as const).filter(
      (f) => p[f] !== undefined && !needs.includes(f) && !(isLiveness(p) && (f === "fairness" || f === "outOfBudget")),
    );
    if (foreign.length > 0) fail(`${p.kind} property '${p.name}' has '${foreign.join("', '")}', which ${p.kind} does not use`);
    checkFairness(`property '${p.name}'`, p.fairness);
  }
  checkFairness("the model", model.fairness);
  if (model.key !== undefined && model.fingerprint !== undefined) fail("declares both 'key' and 'fingerprint'; a key is its own fingerprint: keep one");
}
