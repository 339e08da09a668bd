/**
 * Constructors for liveness properties and fairness, so that a model declares them in one line:
 *
 *   properties: [
 *     leadsTo("Returns[NMI]", (s) => hasContext(s, "NMI"), (s) => !hasContext(s, "NMI"), {
 *       description: "an NMI that is entered returns (hard lockup otherwise)",
 *     }),
 *     alwaysEventually("Idle", (s) => s.cpu.every((c) => c.ctx.length === 0)),
 *   ],
 *   fairness: [weakFairness((a) => a.name !== "tick", { per: (a) => a.params[0], name: "WF(cpu steps)" })],
 *
 * The semantics (behaviours, fairness, budgets, what a lasso is) are in src/liveness/check.ts.
 */
import type { Action, ActionPredicate, Fairness, Property } from "../model.ts";

export interface LivenessOptions<S, A extends Action> {
  readonly description?: string;
  /** Fairness assumed for this property only, on top of the model's. */
  readonly fairness?: readonly Fairness<A>[];
  /** States where the budgets have cut the behaviour for this property (see Property.outOfBudget). */
  readonly outOfBudget?: (state: S) => boolean;
}

/** P ~> Q: every state where `from` holds is followed (or met) by one where `to` holds. */
export function leadsTo<S, A extends Action = Action>(name: string, from: (s: S) => boolean, to: (s: S) => boolean, options: LivenessOptions<S, A> = {}): Property<S, A> {
  return { name, kind: "leads-to", from, to, ...options };
}

/** []<>P: P holds again and again. */
export function alwaysEventually<S, A extends Action = Action>(name: string, p: (s: S) => boolean, options: LivenessOptions<S, A> = {}): Property<S, A> {
  return { name, kind: "always-eventually", holds: p, ...options };
}

export interface FairnessOptions<A extends Action> {
  /** One constraint per value (TLA+'s \A p: WF_vars(A(p))). */
  readonly per?: ActionPredicate<A, string | number>;
  readonly name?: string;
}

/** WF: the family (action names, or a predicate) is not enabled at every state from some point on without being taken. */
export function weakFairness<A extends Action = Action>(actions: readonly string[] | ActionPredicate<A, boolean>, options: FairnessOptions<A> = {}): Fairness<A> {
  return { kind: "weak", actions, ...options };
}

/** SF: the family is not enabled again and again without being taken. */
export function strongFairness<A extends Action = Action>(actions: readonly string[] | ActionPredicate<A, boolean>, options: FairnessOptions<A> = {}): Fairness<A> {
  return { kind: "strong", actions, ...options };
}
