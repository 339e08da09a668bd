/**
 * Re-validation of a liveness counterexample after its replay (src/trace.ts), independent of
 * the graph analysis that found it: the lasso closes (its last state is the loop's first, by
 * fingerprint), or ends in a terminal state; no state is out of the property's budget; the
 * property fails on it (P ~> Q: some state with P, after which Q never holds through the cycle;
 * []<>P: P false on the whole cycle); and the cycle is fair for every constraint that applies
 * (enabledness recomputed from `actions` at each state of the cycle).
 */
import type { Action, Model, Property } from "../model.ts";
import { fingerprinter } from "../reduction/symmetry.ts";
import { fairnessName, fairnessOf, inFamily, instanceOf } from "./fairness.ts";

/** Null when the lasso is a genuine violation, else what is wrong with it. */
export function validateLasso<S, A extends Action>(
  model: Model<S, A>,
  prop: Property<S, A>,
  states: readonly S[],
  taken: readonly A[],
  loop: { readonly start: number; readonly stutter: boolean },
): string | null {
  const last = states.length - 1;
  const enabled = (s: S): A[] => {
    const out: A[] = [];
    model.actions(s, out);
    return out;
  };
  if (loop.stutter) {
    if (loop.start !== last) return "a stutter loop must start at the last state";
    if (enabled(states[last]!).length > 0) return "the last state has enabled actions, so it does not repeat forever";
  } else {
    if (loop.start < 0 || loop.start >= last) return `no cycle (loop starts at state ${loop.start} of ${last})`;
    const fp = fingerprinter(model, false);
    const a = new Uint32Array(2);
    const b = new Uint32Array(2);
    fp(states[last]!, a);
    fp(states[loop.start]!, b);
    if (a[0] !== b[0] || a[1] !== b[1]) return `the cycle does not close: the last state differs from state ${loop.start}`;
  }
  if (prop.outOfBudget) {
    const i = states.findIndex((s) => prop.outOfBudget!(s));
    if (i >= 0) return `state ${i} is out of the property's budget`;
  }
  const from = prop.kind === "leads-to" ? prop.from! : (): boolean => true;
  const to = prop.kind === "leads-to" ? prop.to! : prop.holds!;
  let pending = false;
  for (let i = 0; i <= last; i++) {
    pending = (pending || from(states[i]!)) && !to(states[i]!);
    if (i >= loop.start && !pending) return `the property holds: state ${i} of the cycle is not pending`;
  }
  if (loop.stutter) return null; // nothing is enabled at a terminal state: every constraint is met
  const cycle = last - loop.start;
  for (const f of fairnessOf(model, prop)) {
    const enabledAt = new Map<string, number>();
    const tookIt = new Set<string>();
    const key = (a: A): string => String(instanceOf(f, a));
    for (let j = loop.start; j < last; j++) {
      const here = new Set(enabled(states[j]!).filter((a) => inFamily(f, a)).map(key));
      for (const k of here) enabledAt.set(k, (enabledAt.get(k) ?? 0) + 1);
      if (inFamily(f, taken[j]!)) tookIt.add(key(taken[j]!));
    }
    for (const [k, n] of enabledAt) {
      if (tookIt.has(k)) continue;
      const name = `${fairnessName(f)}${k === "null" ? "" : `[${k}]`}`;
      if (f.kind === "weak" && n === cycle) return `the cycle is unfair: ${name} is enabled at each of its states and never taken`;
      if (f.kind === "strong") return `the cycle is unfair: ${name} is enabled on it and never taken`;
    }
  }
  return null;
}
