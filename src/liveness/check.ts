/**
 * Liveness under fairness, checked on the state graph of a finished BFS (src/explore.ts records
 * it: src/liveness/graph.ts).
 *
 * SEMANTICS. A behaviour is a maximal path of the model from an initial state: infinite, or
 * finite and ending in a terminal state (no enabled action), which then repeats forever (TLA+ and
 * SPIN read a finished behaviour the same way). There is no other stuttering: in a state with an
 * enabled action, some action is taken (unlike TLA+, where a behaviour may stutter anywhere unless
 * fairness forbids it). A step that leaves the state unchanged (a self-loop) is a step.
 * A behaviour is fair when it satisfies every fairness constraint that applies (the model's
 * `fairness` and the property's own): weak: the family is not enabled at every state from some
 * point on while never taken; strong: the family is not enabled at infinitely many states while
 * taken finitely often. Per-instance constraints (`per`) are one constraint per instance.
 *
 *   always-eventually P ([]<>P)  violated iff some fair behaviour has a suffix on which P is false;
 *   P leads-to Q (P ~> Q)        violated iff some fair behaviour has a state where P holds, after
 *                                which (that state included) Q never holds.
 * []<>P is TRUE ~> P, and both are checked as a leads-to.
 *
 * A violation is a lasso: a stem from an initial state, then a cycle back to the stem's last
 * state (or, for a behaviour that ends, the terminal state repeating: a "stutter" loop).
 *
 * ALGORITHM, for P ~> Q. Each state s gets a *pending* bit: pending(s0) = P(s0) ∧ ¬Q(s0) and
 * pending(t) = (pending(s) ∨ P(t)) ∧ ¬Q(t) along an edge s → t; the product of the graph with
 * this one-bit monitor has the nodes (s, bit), explored breadth-first from the initial states
 * (so the stem found later is a shortest one). P ~> Q is violated iff a fair cycle (or a terminal
 * state) lies among the product nodes with bit 1: the pending set R. Edges between states of R
 * stay in R (a ¬Q target keeps the bit), so the cycles within bit 1 are the cycles of the
 * subgraph induced by R. Fair cycles are found by SCCs (Tarjan, iterative), with the refinement
 * of Emerson–Lei / Streett emptiness for strong fairness: for each non-trivial SCC C (more than
 * one state, or a self-loop, or a terminal state),
 *   - a weak class enabled at every state of C and taken by no edge inside C: no cycle within C
 *     is fair (each of its states has the class enabled, none of its edges takes it): drop C;
 *   - a strong class enabled at some state of C and taken by no edge inside C: a fair cycle
 *     within C must avoid the states where it is enabled: remove those states, recompute the
 *     SCCs of the rest and go on (each round removes a state, so this ends);
 *   - otherwise C is fair: a cycle through all of C's states and edges satisfies every class
 *     (a weak class is taken on it or disabled at one of its states; a strong class is taken on
 *     it or disabled everywhere on it).
 * Conversely a fair cycle lies in one SCC of R, survives every refinement that contains it (it
 * never visits a removed state: those have an untaken strong class enabled), and makes that SCC
 * pass both tests. So on a complete graph the check has no false negatives and no false
 * positives. (Stateright's `eventually` carries the unmet properties along each search path and
 * reports them at terminal states only: a cycle that never meets the property, or a state first
 * reached along a path that met it, goes unreported, as stateright/stateright PR #3 says.)
 * The lasso's cycle is built inside the fair SCC nearest to an initial state: from the stem's end,
 * a breadth-first walk to each fairness witness in turn (an edge of a taken class, a state where a
 * weak class is disabled), then back.
 *
 * BOUNDS AND BUDGETS. States for which the property's `outOfBudget` holds are removed from its
 * graph: a behaviour that reaches one is not judged. An edge to a successor that broke the state
 * constraint is cut the same way (the action still counts as enabled for fairness, and the state
 * it leaves is not terminal). When the search was cut by --max-states or --max-depth, the states
 * not yet expanded are left out likewise: a lasso found among the expanded states is a real
 * violation (every state on its cycle has all its edges), and finding none leaves the verdict
 * incomplete. After a timeout or Ctrl-C the analysis does not run: incomplete.
 *
 * COST. O(states + edges) per property and per SF refinement round. Memory: 20 bytes a state for
 * the product's queue and parents and the pending states (the stem's edges are found again from
 * the parents, not stored), and 33 more (Tarjan's arrays, component ids) once a property
 * has pending states; the properties share these arrays (one analysis runs at a time), so the
 * peak is one analysis's whatever the number of properties. Determinism: everything follows state
 * ids and edge order, which the BFS fixes.
 */
import type { Action, Fairness, Model } from "../model.ts";
import { FairnessLabels } from "./fairness.ts";
import { CUT, StateGraph } from "./graph.ts";

export const LIVENESS_KINDS: ReadonlySet<string> = new Set(["always-eventually", "leads-to"]);

export function isLiveness(p: { readonly kind: string }): boolean {
  return LIVENESS_KINDS.has(p.kind);
}

/** A lasso, as state ids and action indices: the root, then stem and cycle (the cycle starts after `loopStart` steps). */
export interface Lasso {
  readonly root: number;
  readonly actionIndices: readonly number[];
  readonly loopStart: number;
  /** The behaviour ends in a terminal state, which repeats forever (no cycle steps). */
  readonly stutter: boolean;
}

const FROM = 1;
const TO = 2;
const OUT = 4;

/**
 * Records what the liveness properties need while the BFS runs (the graph, each state's P / Q /
 * out-of-budget bits, each edge's fairness label), and finds a lasso per property afterwards.
 */
export class LivenessRecorder<S, A extends Action> {
  readonly graph = new StateGraph();
  readonly labels: FairnessLabels<A>;
  /** Indices of the liveness properties in `model.properties`. */
  readonly props: readonly number[];
  /** applies[k][c]: the constraint c applies to the k-th liveness property. */
  private readonly applies: readonly Uint8Array[];
  private readonly tests: readonly { readonly from: (s: S) => boolean; readonly to: (s: S) => boolean; readonly out: ((s: S) => boolean) | null }[];
  private flags: Uint8Array[];
  private states = 0;
  private workspace: Workspace | null = null;

  constructor(model: Model<S, A>) {
    const props: number[] = [];
    const constraints: Fairness<A>[] = [...(model.fairness ?? [])];
    const own: number[][] = [];
    model.properties.forEach((p, i) => {
      if (!isLiveness(p)) return;
      props.push(i);
      const mine: number[] = [];
      for (const f of p.fairness ?? []) {
        let c = constraints.indexOf(f);
        if (c < 0) c = constraints.push(f) - 1;
        mine.push(c);
      }
      own.push(mine);
    });
    this.props = props;
    this.labels = new FairnessLabels(constraints);
    const shared = model.fairness?.length ?? 0;
    this.applies = own.map((mine) => {
      const a = new Uint8Array(constraints.length);
      a.fill(1, 0, shared);
      for (const c of mine) a[c] = 1;
      return a;
    });
    // the predicates are there: src/checked-model.ts refused the model otherwise
    this.tests = props.map((i) => {
      const p = model.properties[i]!;
      return p.kind === "leads-to" ? { from: p.from!, to: p.to!, out: p.outOfBudget ?? null } : { from: () => true, to: p.holds!, out: p.outOfBudget ?? null };
    });
    this.flags = props.map(() => new Uint8Array(1 << 12));
  }

  get bytes(): number {
    return this.graph.bytes + this.flags.reduce((n, f) => n + f.byteLength, 0);
  }

  /** A new state, in id order: evaluates each property's predicates on it. */
  found(s: S): void {
    const id = this.states++;
    for (let k = 0; k < this.tests.length; k++) {
      const t = this.tests[k]!;
      let f = this.flags[k]!;
      if (id === f.length) {
        const g = new Uint8Array(f.length * 2);
        g.set(f);
        this.flags[k] = f = g;
      }
      f[id] = (t.from(s) ? FROM : 0) | (t.to(s) ? TO : 0) | (t.out?.(s) ? OUT : 0);
    }
  }

  begin(id: number): void {
    this.graph.begin(id);
  }

  /** An edge by `action` to state `target` (or to CUT: the successor broke the state constraint). */
  edge(target: number, action: A): void {
    this.graph.push(target, this.labels.constraints.length === 0 ? 0 : this.labels.label(action));
  }

  end(): void {
    this.graph.end();
  }

  /** The lasso of the k-th liveness property with the shortest stem, or null when it holds on the recorded graph. */
  analyse(k: number, roots: readonly number[]): Lasso | null {
    if (this.workspace?.n !== this.graph.expanded) this.workspace = new Workspace(this.graph.expanded);
    return new Analysis(this.graph, this.flags[k]!, this.labels, this.applies[k]!, this.workspace).run(roots);
  }
}

/** The product's BFS: each node's predecessor and the queue (nodes 2s + bit), and the pending states found. */
interface ProductArrays {
  readonly prev: Int32Array;
  readonly queue: Int32Array;
  readonly pending: Int32Array;
}

/**
 * The analyses' per-state arrays, shared by the properties (one analysis runs at a time) and made
 * when first needed: the product's for every property, the SCC search's only once a property has
 * pending states. Each call hands them out initialised as an analysis expects them.
 */
class Workspace {
  private productArrays: ProductArrays | null = null;
  private sccArrays: {
    readonly compOf: Int32Array;
    readonly mark: Int32Array;
    readonly sccOf: Int32Array;
    readonly index: Int32Array;
    readonly low: Int32Array;
    readonly onStack: Uint8Array;
    readonly stack: Int32Array;
    readonly callStack: Int32Array;
    readonly edgeAt: Uint32Array;
  } | null = null;

  constructor(readonly n: number) {}

  /** The product's arrays (node 2s + bit): prev all -2 (unvisited). */
  product(): ProductArrays {
    const n = this.n;
    this.productArrays ??= { prev: new Int32Array(2 * n), queue: new Int32Array(2 * n), pending: new Int32Array(n) };
    this.productArrays.prev.fill(-2);
    return this.productArrays;
  }

  /** The SCC search's arrays: compOf, mark and sccOf all -1 (onStack is all 0 between searches: every state pushed is popped). */
  scc(): NonNullable<Workspace["sccArrays"]> {
    const n = this.n;
    this.sccArrays ??= {
      compOf: new Int32Array(n),
      mark: new Int32Array(n),
      sccOf: new Int32Array(n),
      index: new Int32Array(n),
      low: new Int32Array(n),
      onStack: new Uint8Array(n),
      stack: new Int32Array(n),
      callStack: new Int32Array(n),
      edgeAt: new Uint32Array(n),
    };
    this.sccArrays.compOf.fill(-1);
    this.sccArrays.mark.fill(-1);
    this.sccArrays.sccOf.fill(-1);
    return this.sccArrays;
  }
}

/** One property's analysis (see the top of this file). */
class Analysis {
  private readonly n: number;
  private readonly start: Uint32Array;
  private readonly targets: Uint32Array;
  private readonly edgeLabels: Uint16Array;
  // The SCC search's arrays (from the workspace, once there are pending states):
  /** Fair component of each state (-1: none). */
  private compOf!: Int32Array;
  private readonly comps: (readonly number[])[] = [];
  /** Region mark of each state during the SCC search (-1: outside every region). */
  private mark!: Int32Array;
  /** SCC stamp of each state (membership of the current SCC). */
  private sccOf!: Int32Array;
  private sccCount = 0;
  /** Tarjan's per-state numbers and stacks. */
  private index!: Int32Array;
  private low!: Int32Array;
  private onStack!: Uint8Array;
  private stack!: Int32Array;
  private callStack!: Int32Array;
  private edgeAt!: Uint32Array;
  /** The census's scratch, indexed by fairness class. */
  private readonly perClass: { readonly enabledAt: Int32Array; readonly taken: Uint8Array; readonly lastAt: Int32Array };

  constructor(
    graph: StateGraph,
    private readonly flags: Uint8Array,
    private readonly labels: FairnessLabels<Action>,
    private readonly applies: Uint8Array,
    private readonly workspace: Workspace,
  ) {
    this.n = graph.expanded;
    this.start = graph.start;
    this.targets = graph.targets;
    this.edgeLabels = graph.labels;
    const k = labels.classes.length;
    this.perClass = { enabledAt: new Int32Array(k), taken: new Uint8Array(k), lastAt: new Int32Array(k).fill(-1) };
  }

  /** In the property's graph: expanded and not out of budget. */
  private live(s: number): boolean {
    return s < this.n && (this.flags[s]! & OUT) === 0;
  }

  run(roots: readonly number[]): Lasso | null {
    const n = this.n;
    const { start, targets, flags } = this;
    // The product with the pending bit, breadth-first: node 2s + bit.
    const { prev, queue, pending } = this.workspace.product(); // prev: -2 unvisited, -1 initial
    let qt = 0;
    for (const r of roots) {
      if (!this.live(r)) continue;
      const node = 2 * r + ((flags[r]! & FROM) !== 0 && (flags[r]! & TO) === 0 ? 1 : 0);
      if (prev[node] !== -2) continue;
      prev[node] = -1;
      queue[qt++] = node;
    }
    for (let qh = 0; qh < qt; qh++) {
      const node = queue[qh]!;
      const s = node >> 1;
      const bit = node & 1;
      for (let e = start[s]!; e < start[s + 1]!; e++) {
        const t = targets[e]!;
        if (t === CUT || !this.live(t)) continue;
        const next = this.nodeAfter(bit, t);
        if (prev[next] !== -2) continue;
        prev[next] = node;
        queue[qt++] = next;
      }
    }
    let pendingCount = 0;
    for (let s = 0; s < n; s++) if (prev[2 * s + 1] !== -2) pending[pendingCount++] = s;
    if (pendingCount === 0) return null;
    this.fairComponents(pending.subarray(0, pendingCount));
    if (this.comps.length === 0) return null;

    // The stem: the first pending node, in BFS order, that lies in a fair component.
    let entryNode = -1;
    for (let i = 0; i < qt; i++) {
      const node = queue[i]!;
      if ((node & 1) === 1 && this.compOf[node >> 1]! >= 0) {
        entryNode = node;
        break;
      }
    }
    const stem: number[] = [];
    let node = entryNode;
    while (prev[node]! >= 0) {
      // the edge the BFS took: the first of the predecessor's edges that leads to this node (its
      // later ones found the node visited)
      const from = prev[node]! >> 1;
      let e = start[from]!;
      while (targets[e] === CUT || !this.live(targets[e]!) || this.nodeAfter(prev[node]! & 1, targets[e]!) !== node) e++;
      stem.push(e - start[from]!);
      node = prev[node]!;
    }
    stem.reverse();
    const entry = entryNode >> 1;
    const cycle = this.cycleFrom(entry);
    return { root: node >> 1, actionIndices: [...stem, ...(cycle ?? [])], loopStart: stem.length, stutter: cycle === null };
  }

  /** The product node an edge to t leads to from a node whose pending bit is `bit`. */
  private nodeAfter(bit: number, t: number): number {
    const f = this.flags[t]!;
    return 2 * t + ((bit === 1 || (f & FROM) !== 0) && (f & TO) === 0 ? 1 : 0);
  }

  /** Fills compOf / comps with the fair SCCs within `region`. */
  private fairComponents(region: Int32Array): void {
    ({ compOf: this.compOf, mark: this.mark, sccOf: this.sccOf, index: this.index, low: this.low, onStack: this.onStack, stack: this.stack, callStack: this.callStack, edgeAt: this.edgeAt } = this.workspace.scc());
    const work: { states: Iterable<number>; id: number }[] = [{ states: region, id: 0 }];
    let regions = 1;
    for (const s of region) this.mark[s] = 0;
    while (work.length > 0) {
      const { states, id } = work.pop()!;
      for (const c of this.sccs(states, id)) {
        const verdict = this.judge(c);
        if (verdict === "unfair") continue;
        if (verdict === "fair") {
          const k = this.comps.length;
          this.comps.push(c);
          for (const s of c) this.compOf[s] = k;
          continue;
        }
        // strong classes enabled somewhere in c and never taken in it: avoid the states enabling them
        const keep = c.filter((s) => !verdict.some((cls) => this.enables(s, cls)));
        if (keep.length === 0) continue;
        const rid = regions++;
        for (const s of c) this.mark[s] = -1;
        for (const s of keep) this.mark[s] = rid;
        work.push({ states: keep, id: rid });
      }
    }
  }

  /** The non-trivial SCCs (Tarjan, iterative) of the subgraph induced by the states marked `id`. */
  private sccs(states: Iterable<number>, id: number): number[][] {
    const { start, targets, mark, index, low, onStack, stack, callStack, edgeAt } = this;
    const n = this.n;
    for (const s of states) index[s] = -1;
    const out: number[][] = [];
    let counter = 0;
    let sp = 0; // stack height
    let cp = 0; // call stack height
    for (const root of states) {
      if (index[root] !== -1) continue;
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = 1;
      callStack[cp] = root;
      edgeAt[cp++] = start[root]!;
      while (cp > 0) {
        const v = callStack[cp - 1]!;
        const e = edgeAt[cp - 1]!;
        if (e < start[v + 1]!) {
          edgeAt[cp - 1] = e + 1;
          const w = targets[e]!;
          if (w === CUT || w >= n || mark[w] !== id) continue;
          if (index[w] === -1) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = 1;
            callStack[cp] = w;
            edgeAt[cp++] = start[w]!;
          } else if (onStack[w] === 1 && index[w]! < low[v]!) low[v] = index[w]!;
          continue;
        }
        cp--;
        if (cp > 0) {
          const u = callStack[cp - 1]!;
          if (low[v]! < low[u]!) low[u] = low[v]!;
        }
        if (low[v] !== index[v]) continue;
        // v's SCC is the top of the stack down to v
        let from = sp - 1;
        while (stack[from] !== v) from--;
        for (let i = from; i < sp; i++) onStack[stack[i]!] = 0;
        if (sp - from > 1 || this.loops(v)) out.push(Array.from(stack.subarray(from, sp)));
        sp = from;
      }
    }
    return out;
  }

  /** A single state is a (trivial-looking) SCC worth judging when it has a self-loop or is terminal (it repeats forever). */
  private loops(s: number): boolean {
    if (this.start[s] === this.start[s + 1]) return true;
    for (let e = this.start[s]!; e < this.start[s + 1]!; e++) if (this.targets[e] === s) return true;
    return false;
  }

  private enables(s: number, cls: number): boolean {
    const { start, edgeLabels } = this;
    const combos = this.labels.combos;
    for (let e = start[s]!; e < start[s + 1]!; e++) {
      const l = edgeLabels[e]!;
      if (l !== 0 && combos[l]!.includes(cls)) return true;
    }
    return false;
  }

  /**
   * For each applicable class enabled somewhere in c (ascending): the number of c's states that
   * enable it and whether an edge inside c takes it. Typed arrays indexed by class, reset after use.
   */
  private census(c: readonly number[]): { cls: number; enabledAt: number; taken: boolean }[] {
    const { start, targets, edgeLabels, applies, sccOf } = this;
    const combos = this.labels.combos;
    const classes = this.labels.classes;
    const { enabledAt, taken, lastAt } = this.perClass;
    const stamp = this.sccCount++;
    for (const s of c) sccOf[s] = stamp;
    const touched: number[] = [];
    for (const s of c) {
      for (let e = start[s]!; e < start[s + 1]!; e++) {
        const l = edgeLabels[e]!;
        if (l === 0) continue;
        const t = targets[e]!;
        const inside = t !== CUT && t < this.n && sccOf[t] === stamp;
        for (const cls of combos[l]!) {
          if (applies[classes[cls]!.constraint] !== 1) continue;
          if (lastAt[cls] === -1) touched.push(cls);
          if (lastAt[cls] !== s) {
            lastAt[cls] = s;
            enabledAt[cls]!++;
          }
          if (inside) taken[cls] = 1;
        }
      }
    }
    touched.sort((a, b) => a - b);
    const out = touched.map((cls) => ({ cls, enabledAt: enabledAt[cls]!, taken: taken[cls] === 1 }));
    for (const cls of touched) {
      enabledAt[cls] = 0;
      taken[cls] = 0;
      lastAt[cls] = -1;
    }
    return out;
  }

  /** "fair", "unfair" (a weak class fails: no fair cycle within c), or the strong classes to avoid. */
  private judge(c: readonly number[]): "fair" | "unfair" | number[] {
    const avoid: number[] = [];
    for (const r of this.census(c)) {
      if (r.taken) continue;
      if (!this.labels.classes[r.cls]!.strong) {
        if (r.enabledAt === c.length) return "unfair";
      } else avoid.push(r.cls);
    }
    return avoid.length === 0 ? "fair" : avoid;
  }

  /**
   * A fair cycle from `entry` back to it within its fair component, as action indices; null when
   * the component is a terminal state (the behaviour ends there and repeats it).
   */
  private cycleFrom(entry: number): number[] | null {
    const k = this.compOf[entry]!;
    const comp = this.comps[k]!;
    const { start, targets } = this;
    if (comp.length === 1 && start[entry] === start[entry + 1]) return null;
    const inside = (t: number): boolean => t !== CUT && t < this.n && this.compOf[t] === k;
    // The witnesses a fair cycle needs (see the top of this file).
    const census = this.census(comp);
    const combos = this.labels.combos;
    const labelHas = (e: number, cls: number): boolean => combos[this.edgeLabels[e]!]!.includes(cls);
    interface Need {
      readonly cls: number;
      /** an edge taking the class */
      readonly edge: boolean;
      /** a state where the (weak) class is disabled */
      readonly disabled: boolean;
    }
    let needs: Need[] = [];
    for (const { cls, ...r } of census) {
      const weak = !this.labels.classes[cls]!.strong;
      if (r.taken) needs.push({ cls, edge: true, disabled: weak && r.enabledAt < comp.length });
      else if (weak) needs.push({ cls, edge: false, disabled: true });
    }
    const steps: number[] = [];
    const meets = (need: Need, s: number, e: number): boolean => (e >= 0 ? need.edge && labelHas(e, need.cls) : need.disabled && !this.enables(s, need.cls));
    let cur = entry;
    /** Breadth-first within the component from `from`; `goal(state, edge)` (edge -1: the state itself). */
    const walk = (from: number, goal: (s: number, e: number) => boolean, atLeastOneStep: boolean): void => {
      const parent = new Map<number, readonly [state: number, edge: number]>(); // state -> the edge that reached it, from where
      const order: number[] = [from];
      parent.set(from, [-1, -1]);
      let hitState = -1;
      let hitEdge = -1;
      search: for (let i = 0; i < order.length; i++) {
        const s = order[i]!;
        if (!(atLeastOneStep && i === 0) && goal(s, -1)) {
          hitState = s;
          break;
        }
        for (let e = start[s]!; e < start[s + 1]!; e++) {
          const t = targets[e]!;
          if (!inside(t)) continue;
          if (goal(s, e)) {
            hitState = s;
            hitEdge = e;
            break search;
          }
          if (!parent.has(t)) {
            parent.set(t, [s, e]);
            order.push(t);
          }
        }
      }
      if (hitState < 0) throw new Error("liveness: no fairness witness in a fair component (internal error)");
      const edges: number[] = [];
      for (let s = hitState; parent.get(s)![1] >= 0; s = parent.get(s)![0]) edges.push(parent.get(s)![1]);
      edges.reverse();
      if (hitEdge >= 0) edges.push(hitEdge);
      // every need met along the way is met for the cycle
      let s = from;
      const visitState = (x: number): void => void (needs = needs.filter((need) => !meets(need, x, -1)));
      visitState(s);
      for (const e of edges) {
        needs = needs.filter((need) => !meets(need, s, e));
        steps.push(e - start[s]!);
        s = targets[e]!;
        visitState(s);
      }
      cur = s;
    };
    while (needs.length > 0) walk(cur, (s, e) => needs.some((need) => meets(need, s, e)), false);
    if (cur !== entry || steps.length === 0) walk(cur, (_s, e) => e >= 0 && targets[e] === entry, true);
    return steps;
  }
}
