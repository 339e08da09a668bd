/**
 * Breadth-first search, level by level, over every interleaving a model allows.
 *
 * - The visited set holds 64-bit fingerprints only; each new state gets an id (BFS order)
 *   and a parent link (parent id + index of the action in the parent's enabled list).
 * - The first violation of a property found at BFS level d is a shortest one: every state of
 *   a smaller level was checked before any state of level d was generated. Among the violations
 *   of that level the one of least cost is kept (src/path-cost.ts: the fewest nested contexts,
 *   when the model declares `nesting`), then the first found.
 * - The search goes on until every property has its verdict, and stops early only when all
 *   of them are violated. Any bound that cuts it makes the verdict `incomplete`.
 * - Every counterexample is rebuilt by replay and re-validated before it is returned.
 * - Liveness properties are decided after the search, on the state graph it recorded
 *   (src/liveness/check.ts).
 * - A state constraint (`Model.constraint`, TLC's CONSTRAINT) works as in TLC's
 *   ModelChecker.doNext (tlaplus/tlaplus, commit 02564380dec929facf709658c527546b8ba1274b): a
 *   successor that breaks it is counted as generated, its assertions are recorded and it is
 *   checked against the `always` and `quiescent` invariants, but it is neither stored (not in
 *   distinct, no id) nor expanded; an initial state that breaks it likewise. This differs from
 *   pruning the action in `actions` in three ways: a pruned successor is not generated, a state
 *   that breaks an invariant is then never seen, and a state whose every successor is pruned is a
 *   deadlock, while under a constraint it is not (TLC's deadlock test counts every successor).
 *   For liveness the edge to such a successor is cut: the behaviour is not judged beyond it.
 */
import { checkedModel } from "./checked-model.ts";
import { GoalTracker } from "./goals.ts";
import { isLiveness, LivenessRecorder } from "./liveness/check.ts";
import { CUT } from "./liveness/graph.ts";
import { HEAP_CHECK_MASK, heapNearLimit } from "./memory.ts";
import { ModelError, type Action, type Model, type Property } from "./model.ts";
import { DEFAULT_CHECKED_STATES, ModelCheck } from "./model-check.ts";
import { Candidates, PathCosts } from "./path-cost.ts";
import { ampleSet, LevelFingerprints, newPorStats } from "./reduction/por.ts";
import { fingerprinter } from "./reduction/symmetry.ts";
import type { ActionCount, ExploreResult, PropertyResult, ReductionInfo, StopReason, Violation } from "./result.ts";
import { ChunkPool, Level } from "./state-queue.ts";
import { Successors } from "./successors.ts";
import { Replay, type TracePath } from "./trace.ts";
import { tuneV8 } from "./v8-tuning.ts";
import { FingerprintSet, KeySet, ParentLinks } from "./visited.ts";

export interface ExploreOptions {
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeoutSeconds?: number;
  /** Set `aborted` (e.g. from a SIGINT handler) to stop with partial statistics. */
  readonly signal?: { readonly aborted: boolean };
  /** Called about once a second. */
  readonly onProgress?: (p: Progress) => void;
  /** Deep-freeze every state the model hands over, so that a mutating step fails loudly (tests). */
  readonly freezeStates?: boolean;
  /**
   * Expansions (per searcher) on which the engine checks that `next` leaves its input as it was
   * (src/model-check.ts): default DEFAULT_CHECKED_STATES; Infinity = every state (--check-model).
   */
  readonly checkStates?: number;
  /** Initial capacity of the visited set (states). */
  readonly expectedStates?: number;
  /** Partial-order reduction with the model's declared independence (src/reduction/por.ts). */
  readonly por?: boolean;
  /** Symmetry reduction with the model's declared canonical form (src/reduction/symmetry.ts). */
  readonly symmetry?: boolean;
  /** false: no deadlock checking (TLC's -deadlock). Default: on, unless the model says `deadlock: false`. */
  readonly deadlock?: boolean;
  /** false: liveness properties are not checked (verdict "unchecked"; the parallel engine may then search). Default true. */
  readonly liveness?: boolean;
}

export interface Progress {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly queued: number;
  readonly seconds: number;
}

/** Where a property's first violation was found. */
interface Found {
  readonly stateId: number; // the violating state, or the source of the violating step; -1: an initial state not stored (constraint)
  readonly actionIndex: number; // -1 for state properties
  readonly initIndex?: number; // stateId -1: the initial state's index
  /** Liveness: the whole lasso. */
  readonly lasso?: TracePath;
}

/** Explores synchronously (tests, reports). A signal handler cannot run meanwhile: use `exploreAsync` where Ctrl-C must work. */
export function explore<S, A extends Action>(model: Model<S, A>, options: ExploreOptions = {}): ExploreResult {
  const g = exploreSteps(model, options);
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/** Explores, returning to the event loop about every 50 ms so that SIGINT (and progress output) get through. */
export async function exploreAsync<S, A extends Action>(model: Model<S, A>, options: ExploreOptions = {}): Promise<ExploreResult> {
  const g = exploreSteps(model, options);
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The search itself; it yields (about every 50 ms) only to let the caller breathe. */
function* exploreSteps<S, A extends Action>(declared: Model<S, A>, options: ExploreOptions): Generator<void, ExploreResult, void> {
  tuneV8();
  const started = performance.now();
  const model = checkedModel(declared, options);
  const maxStates = options.maxStates ?? Infinity;
  const maxDepth = options.maxDepth ?? Infinity;
  const deadline = options.timeoutSeconds !== undefined ? started + options.timeoutSeconds * 1000 : Infinity;
  const freeze = options.freezeStates ?? false;

  const props = model.properties;
  const found: (Found | null)[] = props.map(() => null);
  // src/path-cost.ts: a property's candidates at the level where it is first violated, decided when the level is done
  const costs = model.nesting ? new PathCosts(model.nesting.bind(model)) : null;
  const pending: (Candidates<Found> | null)[] = props.map(() => null);
  let violatedCount = 0;
  const propIndex = new Map(props.map((p, i) => [p.name, i]));
  const alwaysIdx = indicesOf(props, "always");
  const quiescentIdx = indicesOf(props, "quiescent");
  const deadlockIdx = props.findIndex((p) => p.kind === "deadlock");
  const goals = new GoalTracker(model);

  const fpOf = fingerprinter(model, options.symmetry === true);
  const por = options.por === true && model.partialOrder !== undefined;
  const porStats = newPorStats();
  const fp = new Uint32Array(2);
  // Liveness: the state graph (src/liveness/graph.ts), whose edges need the id of every fingerprint;
  // the tie-break among shortest traces (costs) needs them too.
  const skipLiveness = !checksLiveness(options);
  const live = !skipLiveness && model.properties.some(isLiveness) ? new LivenessRecorder(model) : null;
  const withIds = live !== null || costs !== null;
  const visited = model.key ? new KeySet(options.expectedStates ?? 1 << 16, withIds) : new FingerprintSet(options.expectedStates ?? 1 << 16, withIds);
  const links = new ParentLinks();
  const initOf: number[] = []; // state id -> index in initStates(), for roots
  const roots: number[] = [];
  const constraint = model.constraint ? model.constraint.bind(model) : null;

  const actionNames = [...model.actionNames];
  const actionSlot = new Map(actionNames.map((n, i) => [n, i]));
  const genByAction: number[] = actionNames.map(() => 0);
  const newByAction: number[] = actionNames.map(() => 0);
  const slotOf = (name: string): number => {
    let s = actionSlot.get(name);
    if (s === undefined) {
      s = actionNames.length;
      actionNames.push(name);
      actionSlot.set(name, s);
      genByAction.push(0);
      newByAction.push(0);
    }
    return s;
  };

  let generated = 0;
  let depth = 0;
  let stopReason: StopReason = "complete";

  /** A violation of property pi: a state (actionIndex -1), or the transition from stateId to `t`. */
  const record = (pi: number, f: Found, t?: S): void => {
    if (found[pi] !== null) return;
    if (costs === null) {
      found[pi] = f;
      violatedCount++;
      return;
    }
    const cost = f.actionIndex >= 0 && t !== undefined ? costs.via(f.stateId, costs.nesting(t)) : f.stateId < 0 || f.lasso ? 0 : null;
    (pending[pi] ??= new Candidates<Found>()).add(f, cost);
  };
  /** The level is done: each property violated in it keeps its best candidate. */
  const settle = (): void => {
    if (costs === null) return;
    for (let pi = 0; pi < pending.length; pi++) {
      const c = pending[pi];
      if (!c) continue;
      found[pi] = c.best((id) => costs.costOf(id));
      violatedCount++;
      pending[pi] = null;
    }
  };
  const allViolated = (): boolean => props.length > 0 && violatedCount === props.length;

  /** The state invariants on s: a stored state (actionIndex -1), or the successor of stateId under its action actionIndex that broke the constraint. */
  const checkState = (s: S, stateId: number, actionIndex: number, initIndex: number): void => {
    if (actionIndex < 0 && initIndex < 0) goals.check(s); // goals count the states the search keeps
    for (const pi of alwaysIdx) if (found[pi] === null && !props[pi]!.holds!(s)) record(pi, foundAt(stateId, actionIndex, initIndex), s);
    if (quiescentIdx.length > 0 && (!model.quiescent || model.quiescent(s))) {
      for (const pi of quiescentIdx) if (found[pi] === null && !props[pi]!.holds!(s)) record(pi, foundAt(stateId, actionIndex, initIndex), s);
    }
  };

  // Level 1: the initial states. A level is kept as words when the model packs its states.
  const packing = model.packing ?? null;
  const chunks = new ChunkPool();
  let frontier = new Level<S>(packing, chunks);
  let next = new Level<S>(packing, chunks);
  let queued = 0; // states left unexpanded when a bound cuts the search
  const inits = model.initStates();
  for (let i = 0; i < inits.length; i++) {
    const s = freeze ? deepFreeze(inits[i]!) : inits[i]!;
    generated++;
    if (constraint && !constraint(s)) {
      checkState(s, -1, -1, i);
      continue;
    }
    fpOf(s, fp);
    if (!visited.add(fp[0]!, fp[1]!)) continue;
    const id = links.push(0xffffffff, 0);
    initOf[id] = i;
    roots.push(id);
    costs?.root(id, s);
    live?.found(s);
    frontier.push(s);
    checkState(s, id, -1, -1);
  }
  settle();
  depth = frontier.length > 0 ? 1 : 0;
  let levelStart = 0; // id of frontier[0]

  let actions: A[] = [];
  // --por: successors computed while choosing the ample set are reused by the expansion; the states
  // found while expanding the current level (they are of the next level: not "old" for C3).
  const successors = new Successors(model, fpOf, fp, freeze ? deepFreeze : null, new ModelCheck(model, options.checkStates ?? DEFAULT_CHECKED_STATES));
  const nextLevel = por ? new LevelFingerprints() : null;
  const isOld = (hi: number, lo: number): boolean => visited.has(hi, lo) && !nextLevel!.has(hi, lo);
  let lastName: string | null = null; // (an action may be named anything, even "")
  let lastSlot = -1;
  let lastProgress = started;
  let lastYield = started;
  let work = 0;

  search: while (frontier.length > 0) {
    if (allViolated()) {
      stopReason = "all-violated";
      break;
    }
    if (depth >= maxDepth) {
      stopReason = "max-depth";
      break;
    }
    next.clear();
    nextLevel?.clear();
    for (let fi = 0; fi < frontier.length; fi++) {
      const s = freeze && packing !== null ? deepFreeze(frontier.read(fi)) : frontier.read(fi);
      const id = levelStart + fi;
      if ((++work & 1023) === 0) {
        const now = performance.now();
        if (now > deadline) {
          stopReason = "timeout";
          queued = frontier.length - fi;
          break search;
        }
        if (options.signal?.aborted) {
          stopReason = "interrupted";
          queued = frontier.length - fi;
          break search;
        }
        if (options.onProgress && now - lastProgress >= 1000) {
          lastProgress = now;
          options.onProgress({ distinct: visited.size, generated, depth, queued: frontier.length - fi + next.length, seconds: (now - started) / 1000 });
        }
        if (now - lastYield >= 50) {
          lastYield = now;
          yield;
          if (options.signal?.aborted) {
            stopReason = "interrupted";
            queued = frontier.length - fi;
            break search;
          }
        }
      }
      actions = []; // (a fresh array costs less than emptying one: `length = 0` is a call that drops the backing store)
      model.actions(s, actions);
      if (actions.length === 0 && deadlockIdx >= 0 && found[deadlockIdx] === null && !model.final?.(s)) {
        record(deadlockIdx, { stateId: id, actionIndex: -1 });
      }
      if (actions.length > 0xffff) throw new ModelError(`${model.name}: more than 65535 actions enabled in one state`);
      let ample: readonly number[] | null = null;
      live?.begin(id);
      successors.of(s, actions);
      if (por) ample = ampleSet(model, s, actions, successors.get, isOld, porStats);
      const count = ample ? ample.length : actions.length;
      for (let j = 0; j < count; j++) {
        const k = ample ? ample[j]! : j;
        const a = actions[k]!;
        successors.take(k);
        const t = successors.state;
        const raised = successors.hits;
        generated++;
        // most steps repeat the previous one's action name: one comparison instead of a Map lookup
        const slot = a.name === lastName ? lastSlot : (lastSlot = slotOf((lastName = a.name)));
        genByAction[slot]!++;
        if (raised !== null) {
          for (const h of raised) {
            const pi = propIndex.get(h.property);
            if (pi === undefined || props[pi]!.kind !== "assertion") {
              throw new ModelError(`${model.name}: step raised undeclared assertion '${h.property}'`);
            }
            record(pi, { stateId: id, actionIndex: k }, t);
          }
        }
        if (constraint && !constraint(t)) {
          live?.edge(CUT, a);
          checkState(t, id, k, -1);
          continue;
        }
        const isNew = visited.add(fp[0]!, fp[1]!);
        if (live) live.edge(visited.lastId, a);
        if (!isNew) {
          // a state of the next level found again: a cheaper shortest path to it becomes its parent link
          if (costs && visited.lastId >= levelStart + frontier.length && costs.lower(visited.lastId, id)) links.set(visited.lastId, id, k);
          continue;
        }
        if (nextLevel) nextLevel.add(fp[0]!, fp[1]!);
        newByAction[slot]!++;
        const tid = links.push(id, k);
        costs?.child(tid, id, t);
        live?.found(t);
        next.push(t);
        checkState(t, tid, -1, -1);
        if (visited.size >= maxStates || ((visited.size & HEAP_CHECK_MASK) === 0 && heapNearLimit())) {
          stopReason = visited.size >= maxStates ? "max-states" : "memory";
          // the states just generated are part of the next level; count them as queued
          queued = frontier.length - fi + next.length;
          break search;
        }
      }
      live?.end();
    }
    settle();
    levelStart += frontier.length;
    [frontier, next] = [next, frontier];
    if (frontier.length > 0) depth++;
  }
  settle(); // a level cut short: its candidates so far
  if (stopReason === "all-violated" || stopReason === "max-depth") queued = frontier.length;
  const complete = stopReason === "complete";
  // What only the search needed goes before the liveness analysis, which allocates per state too:
  // the levels' words and the visited table (the parent links stay, for the traces).
  const distinct = visited.size;
  const searchBytes = visited.bytes + links.bytes;
  frontier.clear();
  next.clear();
  chunks.drop();
  visited.release();

  // Liveness, on the recorded graph: a lasso per violated property (not after a timeout or Ctrl-C).
  if (live && stopReason !== "timeout" && stopReason !== "interrupted") {
    for (const pi of live.props.keys()) {
      yield;
      const lasso = live.analyse(pi, roots);
      if (lasso) {
        record(live.props[pi]!, {
          stateId: lasso.root,
          actionIndex: -1,
          lasso: { initIndex: initOf[lasso.root]!, actionIndices: lasso.actionIndices, loop: { start: lasso.loopStart, stutter: lasso.stutter } },
        });
      }
    }
    settle();
  }

  // Rebuild and re-validate each violation by replay.
  const pathTo = (f: Found): TracePath => {
    if (f.lasso) return f.lasso;
    if (f.initIndex !== undefined) return { initIndex: f.initIndex, actionIndices: [] };
    const indices: number[] = [];
    if (f.actionIndex >= 0) indices.push(f.actionIndex);
    let id = f.stateId;
    while (links.parent(id) !== 0xffffffff) {
      indices.push(links.action(id));
      id = links.parent(id);
    }
    indices.reverse();
    return { initIndex: initOf[id]!, actionIndices: indices };
  };

  const replay = new Replay(model); // (violations often share their first steps: replayed once)
  const properties: PropertyResult[] = props.map((p, i) => {
    const f = found[i]!;
    const violation: Violation | null = f ? replay.violation(pathTo(f), p.name) : null;
    return {
      name: p.name,
      kind: p.kind,
      verdict: f ? "violated" : skipLiveness && isLiveness(p) ? "unchecked" : complete ? "ok" : "incomplete",
      description: p.description ?? null,
      violation,
    };
  });

  const actionCounts: ActionCount[] = actionNames.map((name, i) => ({ name, generated: genByAction[i]!, distinct: newByAction[i]! }));
  return {
    model: model.name,
    complete,
    stopReason,
    distinct,
    generated,
    depth,
    queued,
    seconds: (performance.now() - started) / 1000,
    properties,
    actions: actionCounts,
    goals: goals.results(actionCounts),
    collisionProbability: model.key ? 0 : (distinct * (generated - distinct)) / 2 ** 64,
    ...(model.key ? { exactKeys: true as const } : {}),
    visitedBytes: searchBytes + (live?.bytes ?? 0) + (costs?.bytes ?? 0),
    ...(options.por || options.symmetry ? { reduction: reductionInfo(model, options, porStats) } : {}),
  };
}

/**
 * Whether a search checks the liveness properties: not when asked not to (--no-liveness), and not
 * under --por or --symmetry, which keep the safety verdicts (src/reduction/) but not the cycles of the
 * full graph. Unchecked, their verdict says so ("unchecked"), never "ok".
 */
export function checksLiveness(options: ExploreOptions): boolean {
  return options.liveness !== false && options.por !== true && options.symmetry !== true;
}

export function reductionInfo<S, A extends Action>(model: Model<S, A>, options: ExploreOptions, stats: { reduced: number; provisoExpansions: number }): ReductionInfo {
  const mode = (asked: boolean | undefined, declared: boolean): ReductionInfo["por"] => (!asked ? "off" : declared ? "on" : "not-declared");
  return {
    por: mode(options.por, model.partialOrder !== undefined),
    symmetry: mode(options.symmetry, model.symmetry !== undefined),
    ampleStates: stats.reduced,
    provisoExpansions: stats.provisoExpansions,
  };
}

/** Where a state property failed: a stored state, the successor of a stored state under an action (constraint), or an initial state not stored (constraint). */
function foundAt(stateId: number, actionIndex: number, initIndex: number): Found {
  return initIndex >= 0 ? { stateId: -1, actionIndex: -1, initIndex } : { stateId, actionIndex };
}

function indicesOf<S>(props: readonly Property<S>[], kind: string): number[] {
  const out: number[] = [];
  props.forEach((p, i) => {
    if (p.kind === kind) out.push(i);
  });
  return out;
}

/**
 * Freezes plain data recursively (tests: a step that mutates its input then throws).
 * Walks into already-frozen objects too: immer may hand back a frozen root whose reused
 * children were built elsewhere. A typed array cannot be frozen: the fingerprint check of
 * src/model-check.ts covers it.
 */
export function deepFreeze<T>(v: T): T {
  if (v === null || typeof v !== "object" || ArrayBuffer.isView(v)) return v;
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  return v;
}
