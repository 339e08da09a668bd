/**
 * Partial-order reduction (`--por`): ample sets driven by the independence the model declares
 * (`Model.partialOrder`, src/model.ts). A small addition to a breadth-first engine; the parallel
 * engine can call it too.
 *
 * CONTRACT of `ampleSet(model, state, enabled, successor, isOld)`:
 *   - `enabled`: the state's enabled actions, in the model's order (`model.actions`).
 *   - `successor(k)`: the successor under `enabled[k]`, with the assertions the step raised and
 *     its (reduced, see symmetry.ts) fingerprint. The caller computes it and should cache it:
 *     `ampleSet` asks only for the actions of the candidates it examines, and on a full expansion
 *     the caller reuses what was computed.
 *   - `isOld(hi, lo)`: true when the fingerprint is already visited at a BFS level <= the level of
 *     `state` (NOT when it was first found while expanding the current level: those states are of
 *     the next level). Sequential engine: visited and not in the set of states found during this
 *     level. With parent-link ids in BFS order: id < first id of the next level.
 *   - Returns the indices (ascending, into `enabled`) of the ample set to expand, or null for a
 *     full expansion. Deterministic: depends only on the state, its enabled actions and `isOld`.
 *
 * CONDITIONS, for a candidate = the enabled actions of one process p (processes tried in the
 * order of their first enabled action):
 *   C0  non-empty, and a proper subset of `enabled` (otherwise nothing is gained: full expansion);
 *   C1  `partialOrder.safe(state, p)`: the model's declaration (see PartialOrder);
 *   C2  every action of the candidate is declared `invisible`, and at this state it really is:
 *       it raises no assertion and leaves the truth of every `always` property, of `quiescent`
 *       and (at quiescent states) of every `quiescent` property unchanged (a declaration that
 *       fails this check is a model bug: ModelError). A state goal (Model.goals) counts as such
 *       a property ("the goal is never reached" is an `always` property for the proof below), so
 *       an invisible action leaves whether each is reached unchanged too (declared, and
 *       re-checked here). An action goal needs nothing: a step of its family taken anywhere
 *       reaches it, and the proof's paths keep their steps;
 *   C3  (cycle proviso, BFS form) no successor of the candidate is old (`isOld`). A candidate that
 *       fails C3 is dropped; when none is left the state is fully expanded.
 *
 * SOUNDNESS (safety: which properties are violated, from a complete search). Let D be the number
 * of BFS levels of the reduced search. Every expanded state s is either fully expanded or its
 * ample successors are all at level(s) + 1 (C3). Let P be a property violated in the full graph
 * and n(s) the length of a shortest path of the full graph from s to a violation of P (a state
 * that breaks an `always` invariant, a quiescent state that breaks a `quiescent` one, a step
 * that raises the assertion, or a deadlock). Claim: from every explored s with n(s) finite the
 * reduced search finds a violation of P. Induction on (n(s), D - level(s)), lexicographic:
 *   - n(s) = 0: s itself is checked (state properties, deadlock: an ample set is never empty).
 *   - s fully expanded: the first step of the shortest path σ is expanded; its target t (or, with
 *     --symmetry, the representative π(t) kept for its orbit, with π(σ) as short a path to a
 *     violation of the same P, properties and steps being symmetric) has n = n(s) - 1; if that
 *     first step itself raises the assertion P, it is found when s is expanded.
 *   - s reduced with ample set A, and σ contains an action a of A, the first at position k: by
 *     C1 a is independent of σ1..σk-1, so a·σ1..σk-1·σk+1..σn is a path from s ending in the same
 *     state, with the same last step (k < n, since a raises nothing by C2) raising the same
 *     assertions (independence includes the assertions): a(s) has n <= n(s) - 1.
 *   - s reduced, σ contains no action of A: by C1 every action of σ is independent of every a in
 *     A, so a·σ is a path from s; by C2 a changes neither a state property's truth nor
 *     quiescence at σ's end, nor the assertions of σ's last step. So n(a(s)) <= n(s), and
 *     level(a(s)) = level(s) + 1 by C3.
 *   Each case lowers the measure, so a violation of P is found. For `quiescent` invariants C2
 *   covers the predicate Q ∧ ¬P evaluated at quiescent states, which is why an ample action must
 *   leave `quiescent` unchanged as well as the invariants (the kernel's declaration: a step that
 *   keeps its CPU inside a context, so that Q is false before and after). For assertions, the
 *   violation is a step, not a state: C2 forbids ample actions that raise one, and independence
 *   carries the raising step unchanged through the reordering (for a derived assertion such as
 *   the kernel's R7, "this step produced a state breaking R6", C2 must also keep R6's truth).
 * The proviso is checked on the reduced graph the search builds (levels are its own), so every
 * cycle of it contains a fully expanded state: an edge that does not go one level down starts
 * at a fully expanded state, and a cycle cannot go down at every edge.
 * Traces: the recorded action index is the index into the FULL enabled list, so a trace found
 * with --por replays with `model.actions` as usual; it is the shortest in the reduced graph,
 * which may be longer than the shortest in the full graph.
 */
import { ModelError, type Action, type AssertionHit, type Model } from "../model.ts";

export interface Successor<S> {
  readonly state: S;
  /** Assertions the step raised, or null. */
  readonly hits: readonly AssertionHit[] | null;
  /** Its (reduced) fingerprint. */
  readonly hi: number;
  readonly lo: number;
}

/** Counters of what the reduction did, for the output. */
export interface PorStats {
  /** states expanded with a proper ample set */
  reduced: number;
  /** states where a candidate passed C0–C2 but every such candidate failed the proviso C3 */
  provisoExpansions: number;
}

export function newPorStats(): PorStats {
  return { reduced: 0, provisoExpansions: 0 };
}

export function declaresPartialOrder(model: Model<unknown, Action>): boolean {
  return model.partialOrder !== undefined;
}

/** The ample set of `state` (indices into `enabled`), or null for a full expansion. See the contract above. */
export function ampleSet<S, A extends Action>(
  model: Model<S, A>,
  state: S,
  enabled: readonly A[],
  successor: (k: number) => Successor<S>,
  isOld: (hi: number, lo: number) => boolean,
  stats?: PorStats,
): readonly number[] | null {
  const po = model.partialOrder;
  if (!po || enabled.length < 2) return null;
  // Group by process, in the order of each process's first enabled action.
  const order: number[] = [];
  const groups = new Map<number, number[]>();
  for (let k = 0; k < enabled.length; k++) {
    const p = po.process(state, enabled[k]!);
    let g = groups.get(p);
    if (!g) {
      g = [];
      groups.set(p, g);
      order.push(p);
    }
    g.push(k);
  }
  if (groups.size < 2) return null; // C0: the only candidate is the full set
  let here: PropertyTruth | null = null;
  let passedC2 = false;
  for (const p of order) {
    const idx = groups.get(p)!;
    if (!po.safe(state, p)) continue; // C1 (declared)
    if (!idx.every((k) => po.invisible(state, enabled[k]!))) continue; // C2 (declared)
    here ??= truthAt(model, state);
    let ok = true;
    for (const k of idx) {
      const t = successor(k);
      checkInvisible(model, enabled[k]!, here, t); // C2, re-checked at this state
      if (isOld(t.hi, t.lo)) ok = false; // C3
    }
    passedC2 = true;
    if (ok) {
      if (stats) stats.reduced++;
      return idx;
    }
  }
  if (passedC2 && stats) stats.provisoExpansions++;
  return null;
}

/** The truth of every state property (and of `quiescent`, and of the state goals) at one state. */
interface PropertyTruth {
  readonly quiescent: boolean;
  /** per property index: holds (always; quiescent ones only at quiescent states), or null when not evaluated */
  readonly holds: readonly (boolean | null)[];
  /** per goal index: reached at this state (state goals), or null (action goals) */
  readonly goals: readonly (boolean | null)[];
}

function truthAt<S, A extends Action>(model: Model<S, A>, s: S): PropertyTruth {
  const q = model.quiescent ? model.quiescent(s) : true;
  return {
    quiescent: q,
    holds: model.properties.map((p) => (p.kind === "always" || (p.kind === "quiescent" && q) ? p.holds!(s) : null)),
    goals: (model.goals ?? []).map((g) => (g.reached ? g.reached(s) : null)),
  };
}

function checkInvisible<S, A extends Action>(model: Model<S, A>, a: A, before: PropertyTruth, t: Successor<S>): void {
  const bad = (why: string): never => {
    throw new ModelError(`${model.name}: partialOrder declares ${a.name}${a.params?.length ? `(${a.params.join(", ")})` : ""} invisible, but ${why} (a wrong declaration would lose violations)`);
  };
  if (t.hits !== null && t.hits.length > 0) bad(`it raised ${t.hits[0]!.property}`);
  const after = truthAt(model, t.state);
  if (after.quiescent !== before.quiescent) bad("it changes quiescent()");
  model.properties.forEach((p, i) => {
    if (before.holds[i] !== after.holds[i]) bad(`it changes the truth of ${p.name}`);
  });
  (model.goals ?? []).forEach((g, i) => {
    if (before.goals[i] !== after.goals[i]) bad(`it changes whether the goal ${g.name} is reached`);
  });
}

/**
 * The fingerprints found during the current BFS level (the next level's states), for `isOld`:
 * an open-addressing table cleared in O(1) per level by a generation stamp, so that searches
 * with many small levels (a reduced graph is often deep and narrow) do not pay per level.
 */
export class LevelFingerprints {
  private keys = new Uint32Array(2 * 1024);
  private stamps = new Uint32Array(1024);
  private mask = 1023;
  private gen = 1;
  private count = 0;

  /** Forget every fingerprint (a new level starts). */
  clear(): void {
    this.count = 0;
    if (++this.gen === 0xffffffff) {
      this.stamps.fill(0);
      this.gen = 1;
    }
  }

  add(hi: number, lo: number): void {
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    if (this.insert(hi, lo)) this.count++;
  }

  has(hi: number, lo: number): boolean {
    const mask = this.mask;
    for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      if (this.stamps[i] !== this.gen) return false;
      if (this.keys[2 * i] === hi && this.keys[2 * i + 1] === lo) return true;
    }
  }

  private insert(hi: number, lo: number): boolean {
    const mask = this.mask;
    for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      if (this.stamps[i] !== this.gen) {
        this.stamps[i] = this.gen;
        this.keys[2 * i] = hi;
        this.keys[2 * i + 1] = lo;
        return true;
      }
      if (this.keys[2 * i] === hi && this.keys[2 * i + 1] === lo) return false;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldStamps = this.stamps;
    const gen = this.gen;
    const cap = (this.mask + 1) * 2;
    this.keys = new Uint32Array(2 * cap);
    this.stamps = new Uint32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < oldStamps.length; i++) if (oldStamps[i] === gen) this.insert(oldKeys[2 * i]!, oldKeys[2 * i + 1]!);
  }
}
