/**
 * Counterexamples: rebuilt by replaying the recorded action indices from an initial state
 * (Stateright's approach: the visited set keeps only fingerprints and parent links), then
 * re-validated before anyone sees them.
 */
import { fairnessName, fairnessOf } from "./liveness/fairness.ts";
import { validateLasso } from "./liveness/lasso.ts";
import { formatAction, lasting, type Action, type AssertionHit, type Model, type StepContext } from "./model.ts";
import type { TraceStep, Violation } from "./result.ts";

/** How to reach a violation: an initial state, then action indices into each state's enabled list. */
export interface TracePath {
  readonly initIndex: number;
  readonly actionIndices: readonly number[];
  /**
   * Liveness: the path is a lasso whose cycle starts at state `start` (states counted from the
   * initial one, 0) and ends back in that state; `stutter`: no cycle, the last state is terminal
   * and repeats forever (start is then the last state).
   */
  readonly loop?: { readonly start: number; readonly stutter: boolean };
}

export class TraceReplayError extends Error {
  override name = "TraceReplayError";
}

class Collector implements StepContext {
  hits: AssertionHit[] = [];
  fail(hit: AssertionHit): void {
    this.hits.push(hit);
  }
}

/** A state reached by replaying a path: its view, flattened for diffs, and the step that led to it. */
interface ReplayNode<S, A> {
  readonly state: S;
  readonly view: unknown;
  readonly flat: Map<string, unknown>;
  /** The step into this state (null at an initial state), the assertions it raised, the state before it. */
  readonly step: TraceStep | null;
  readonly action: A | null;
  readonly hits: readonly AssertionHit[];
  readonly before: S | null;
  /** The actions enabled here (once a path goes on from it), and the nodes reached by them. */
  enabled: A[] | null;
  readonly next: Map<number, ReplayNode<S, A>>;
}

/**
 * Replays the violations of one search. Their paths often share a prefix (in a kernel run, two
 * properties are broken by the same shortest trace, or one's trace is the start of another's): the
 * steps of a shared prefix are run, viewed and diffed once. Each violation is still checked on its
 * own last state.
 */
export class Replay<S, A extends Action> {
  private readonly roots = new Map<number, ReplayNode<S, A>>();
  constructor(private readonly model: Model<S, A>) {}

  private root(initIndex: number): ReplayNode<S, A> {
    let r = this.roots.get(initIndex);
    if (r === undefined) {
      const state = this.model.initStates()[initIndex];
      if (state === undefined) throw new TraceReplayError(`no initial state ${initIndex}`);
      const v = view(this.model, state);
      r = { state, view: v, flat: flatten(v), step: null, action: null, hits: [], before: null, enabled: null, next: new Map() };
      this.roots.set(initIndex, r);
    }
    return r;
  }

  /** Step i + 1 of a path: from `node` by the action of index k among those enabled there. */
  private child(node: ReplayNode<S, A>, k: number, i: number): ReplayNode<S, A> {
    let c = node.next.get(k);
    if (c !== undefined) return c;
    const model = this.model;
    if (node.enabled === null) {
      node.enabled = [];
      model.actions(node.state, node.enabled);
    }
    const a = node.enabled[k];
    if (a === undefined) throw new TraceReplayError(`step ${i + 1}: action index ${k} not enabled`);
    const ctx = new Collector();
    const after: S = lasting(model, model.next(node.state, a, ctx)); // the replay keeps every state of its paths
    const afterView = view(model, after);
    const flat = flatten(afterView);
    const info = model.stepInfo?.(node.state, a, after) ?? { context: a.context ?? null, callChain: [] };
    const step: TraceStep = {
      index: i + 1,
      context: info.context,
      action: formatAction(a),
      actionName: a.name,
      params: a.params ?? [],
      callChain: info.callChain,
      label: info.label ?? null,
      lane: info.lane ?? null,
      enters: info.enters ?? null,
      changes: diffFlat(node.flat, flat),
    };
    c = { state: after, view: afterView, flat, step, action: a, hits: ctx.hits, before: node.state, enabled: null, next: new Map() };
    node.next.set(k, c);
    return c;
  }

  /**
   * Replays `path` and checks that it really ends in a violation of `property`:
   * an assertion raised by the last step, or a state that breaks the invariant (at a
   * quiescent state, for quiescent invariants), or a non-final state with no action; for a
   * liveness property, a lasso that closes, is fair and breaks the property (src/liveness/lasso.ts).
   */
  violation(path: TracePath, property: string): Violation {
    const model = this.model;
    const prop = model.properties.find((p) => p.name === property);
    if (!prop) throw new TraceReplayError(`unknown property ${property}`);
    const nodes = [this.root(path.initIndex)];
    for (let i = 0; i < path.actionIndices.length; i++) nodes.push(this.child(nodes[i]!, path.actionIndices[i]!, i));
    const last = nodes[nodes.length - 1]!;
    const state = last.state;
    const steps = nodes.slice(1).map((n) => n.step!);
    const views = nodes.map((n) => n.view);
    const lastHits = last.hits;
    const lastAction = last.action;
    const before = last.before ?? state;
    let message: string | null = null;
    let callChain: readonly string[] = [];
    switch (prop.kind) {
      case "assertion": {
        const hit = lastHits.find((h) => h.property === property);
        if (!hit) throw new TraceReplayError(`replay of ${property}: the last step raised no such assertion`);
        message = hit.message ?? null;
        callChain = hit.callChain ?? [];
        break;
      }
      case "always":
      case "quiescent":
        if (prop.kind === "quiescent" && model.quiescent && !model.quiescent(state)) {
          throw new TraceReplayError(`replay of ${property}: final state is not quiescent`);
        }
        if (prop.holds!(state)) throw new TraceReplayError(`replay of ${property}: final state satisfies it`);
        message = prop.description ?? null;
        break;
      case "deadlock": {
        const actions: A[] = [];
        model.actions(state, actions);
        if (actions.length > 0 || model.final?.(state)) throw new TraceReplayError(`replay of deadlock: final state can move`);
        message = "no enabled action";
        break;
      }
      case "always-eventually":
      case "leads-to":
        if (!path.loop) throw new TraceReplayError(`replay of ${property}: a liveness violation needs a lasso`);
        {
          const states = nodes.map((n) => n.state);
          const taken = nodes.slice(1).map((n) => n.action!);
          const wrong = validateLasso(model, prop, states, taken, path.loop);
          if (wrong) throw new TraceReplayError(`replay of ${property}: ${wrong}`);
          const fair = fairnessOf(model, prop).map(fairnessName);
          message = `${prop.description ? `${prop.description}; ` : ""}${fair.length ? `fairness: ${fair.join(", ")}` : "no fairness assumed"}`;
        }
        break;
    }
    return {
      property,
      kind: prop.kind,
      depth: steps.length + 1,
      steps: steps.length,
      message,
      callChain,
      initial: views[0],
      trace: steps,
      states: views,
      loop: path.loop ?? null,
      path,
      reads: lastAction !== null && !path.loop && model.reads ? model.reads(property, before, lastAction, state) : null,
      setup: model.setup?.(steps, views) ?? null,
    };
  }
}

/** Replays one path (see `Replay.violation`). */
export function replayViolation<S, A extends Action>(model: Model<S, A>, path: TracePath, property: string): Violation {
  return new Replay(model).violation(path, property);
}

/** A leaf of a view as printed: ∅ for null, strings bare, anything else as JSON. */
export function renderValue(v: unknown): string {
  if (v === null || v === undefined) return "∅";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

function view<S>(model: Model<S, Action>, s: S): unknown {
  return model.view ? model.view(s) : s;
}

/** Flattens plain data into `path -> leaf`. */
export function flatten(v: unknown, prefix = "", out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (v !== null && typeof v === "object") {
    if (Array.isArray(v)) {
      if (v.length === 0) out.set(prefix, []);
      v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
    } else {
      const keys = Object.keys(v);
      if (keys.length === 0) out.set(prefix, {});
      for (const k of keys) flatten((v as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k, out);
    }
  } else {
    out.set(prefix, v);
  }
  return out;
}

/** The leaves that differ, in a deterministic order: path -> [before, after] (undefined = absent). */
export function diff(before: unknown, after: unknown): Record<string, readonly [unknown, unknown]> {
  return diffFlat(flatten(before), flatten(after));
}

/** `diff` of two flattened values. */
function diffFlat(a: Map<string, unknown>, b: Map<string, unknown>): Record<string, readonly [unknown, unknown]> {
  const out: Record<string, readonly [unknown, unknown]> = {};
  for (const [k, v] of b) {
    const old = a.get(k);
    if (!a.has(k) || !sameLeaf(old, v)) out[k] = [a.has(k) ? old : null, v];
  }
  for (const [k, v] of a) if (!b.has(k)) out[k] = [v, null];
  // An empty container is a leaf of its own (`x: []`); when it fills up or empties, its
  // elements are listed, so the container's own entry would only be noise.
  for (const k of Object.keys(out)) {
    const [from, to] = out[k]!;
    if ((isEmptyContainer(from) && to === null) || (from === null && isEmptyContainer(to))) {
      if (Object.keys(out).some((o) => o !== k && (o.startsWith(`${k}[`) || o.startsWith(`${k}.`)))) delete out[k];
    }
  }
  return out;
}

function isEmptyContainer(v: unknown): boolean {
  return v !== null && typeof v === "object" && Object.keys(v).length === 0;
}

function sameLeaf(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  return typeof x === "object" && typeof y === "object" && JSON.stringify(x) === JSON.stringify(y);
}
