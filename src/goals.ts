/**
 * The goals of a model (Model.goals) during a search: which were reached. A state goal is checked
 * on every new state until reached; an action goal is reached when a step of its family was taken,
 * which the per-action counts tell at the end. Both engines use it, so they agree.
 */
import { ModelError, type Action, type Goal, type Model } from "./model.ts";
import type { ActionCount, GoalResult } from "./result.ts";

export class GoalTracker<S> {
  private readonly goals: readonly Goal<S>[];
  /** Indices of the state goals not reached yet. */
  private pending: number[];
  private readonly reachedByState: boolean[];

  constructor(model: Model<S, Action>) {
    this.goals = model.goals ?? [];
    for (const g of this.goals) {
      if ((g.reached === undefined) === (g.action === undefined)) throw new ModelError(`${model.name}: goal ${g.name} must give either reached(state) or action`);
      if (g.action !== undefined && !model.actionNames.includes(g.action)) throw new ModelError(`${model.name}: goal ${g.name} names action ${g.action}, which is not in actionNames`);
    }
    this.pending = this.goals.flatMap((g, i) => (g.reached ? [i] : []));
    this.reachedByState = this.goals.map(() => false);
  }

  /** Are state goals left to reach (else `check` has nothing to do)? */
  get pendingStates(): boolean {
    return this.pending.length > 0;
  }

  /** Checks a newly reached state against the goals not reached yet. */
  check(s: S): void {
    const pending = this.pending;
    for (let j = pending.length - 1; j >= 0; j--) {
      const i = pending[j]!;
      if (this.goals[i]!.reached!(s)) {
        this.reachedByState[i] = true;
        pending.splice(j, 1);
      }
    }
  }

  /** The state goals reached so far, by index (the parallel engine merges its searchers'). */
  get reachedIndices(): number[] {
    return this.reachedByState.flatMap((r, i) => (r ? [i] : []));
  }

  markReached(indices: Iterable<number>): void {
    for (const i of indices) this.reachedByState[i] = true;
    this.pending = this.pending.filter((i) => !this.reachedByState[i]);
  }

  results(actions: readonly ActionCount[]): GoalResult[] {
    return this.goals.map((g, i) => ({
      name: g.name,
      description: g.description,
      reached: g.action !== undefined ? (actions.find((a) => a.name === g.action)?.generated ?? 0) > 0 : this.reachedByState[i]!,
    }));
  }
}
