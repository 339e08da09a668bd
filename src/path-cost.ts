/**
 * Which shortest counterexample the search prints. Breadth-first search gives every violation at
 * its minimal depth; among the paths of that depth there are often many, and the one a reader gets
 * should not suggest more than the property needs. A model that has execution contexts declares
 * `Model.nesting(state)` (how many contexts run nested inside another: an NMI inside the tick is
 * one); the cost of a path is the number of its steps that raise the nesting. Among the violations
 * of minimal depth the search keeps one of least cost, and among those the first in its canonical
 * order (the order a sequential BFS finds them: the parent with the smaller id, then the earlier
 * action). The depth stays the BFS minimum.
 *
 * How: each state keeps the least cost of a shortest path to it and the parent link of that path.
 * A state's cost is final once the level before it is expanded, so while a level is expanded a
 * successor found again through a cheaper transition takes that transition as its parent link
 * (ids, and so the canonical order, are those of first discovery, as without costs). A property's
 * candidates are gathered for the whole level at which it is first violated and decided when that
 * level is done. Without `nesting` every cost is 0 and the first candidate found is kept, which is
 * the plain BFS's choice.
 */

/** Costs and nestings saturate at this value (a byte each per state). */
const MAX = 255;

/** A state's nesting, saturated. */
export function saturatedNesting<S>(nestingOf: (state: S) => number, s: S): number {
  return Math.min(MAX, Math.max(0, nestingOf(s) | 0));
}

/** The cost of a path one step longer than a path of cost `cost`: `raises` when the step raises the nesting. */
export function costAfter(cost: number, raises: boolean): number {
  return Math.min(MAX, cost + (raises ? 1 : 0));
}

/** Per state id: its nesting and the least cost of a shortest path to it. */
export class PathCosts {
  private nest = new Uint8Array(1 << 12);
  private cost = new Uint8Array(1 << 12);

  constructor(private readonly nestingOf: (state: never) => number) {}

  get bytes(): number {
    return this.nest.byteLength + this.cost.byteLength;
  }

  /** The nesting of a state, saturated. */
  nesting<S>(s: S): number {
    return saturatedNesting(this.nestingOf as (state: S) => number, s);
  }

  /** An initial state. */
  root<S>(id: number, s: S): void {
    this.ensure(id);
    this.nest[id] = this.nesting(s);
    this.cost[id] = 0;
  }

  /** A new state `id` first found from `parent`. */
  child<S>(id: number, parent: number, s: S): void {
    this.ensure(id);
    const n = this.nesting(s);
    this.nest[id] = n;
    this.cost[id] = this.via(parent, n);
  }

  /** The cost of reaching a state of nesting `n` from `parent` in one step. */
  via(parent: number, n: number): number {
    return costAfter(this.cost[parent]!, n > this.nest[parent]!);
  }

  /** A state of this level found again from `parent`: true when that is cheaper (the caller re-links it). */
  lower(id: number, parent: number): boolean {
    const c = this.via(parent, this.nest[id]!);
    if (c >= this.cost[id]!) return false;
    this.cost[id] = c;
    return true;
  }

  costOf(id: number): number {
    return this.cost[id]!;
  }

  private ensure(id: number): void {
    if (id < this.nest.length) return;
    let n = this.nest.length;
    while (n <= id) n *= 2;
    const nest = new Uint8Array(n);
    nest.set(this.nest);
    const cost = new Uint8Array(n);
    cost.set(this.cost);
    this.nest = nest;
    this.cost = cost;
  }
}

/**
 * The violations of one property found while one level is expanded (or among the initial states):
 * each a state (actionIndex -1) or a transition, with its cost once known. `best` decides.
 */
export class Candidates<F extends { readonly stateId: number; readonly actionIndex: number }> {
  private readonly found: F[] = [];
  /** The cost of a transition candidate, fixed when found; null for a state (its cost may still drop in this level). */
  private readonly fixed: (number | null)[] = [];

  get size(): number {
    return this.found.length;
  }

  add(f: F, cost: number | null): void {
    this.found.push(f);
    this.fixed.push(cost);
  }

  /** The candidate of least cost, the first found among equals; `stateCost` gives a state's final cost. */
  best(stateCost: (stateId: number) => number): F {
    let best = 0;
    let bestCost = Infinity;
    for (let i = 0; i < this.found.length; i++) {
      const f = this.found[i]!;
      const c = this.fixed[i] ?? (f.stateId >= 0 ? stateCost(f.stateId) : 0);
      if (c < bestCost) {
        best = i;
        bestCost = c;
      }
    }
    return this.found[best]!;
  }
}
