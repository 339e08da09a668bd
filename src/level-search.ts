/**
 * One searcher of the parallel search (src/parallel.ts): the main thread and every helper thread
 * (src/worker.ts) run one. It holds the frontier states it will expand (states never sit in
 * shared memory), inserts successors into the shared visited table, steals states from the
 * others when it runs dry, and numbers and checks the new states whose winning parent it
 * expanded. The steps are described in src/parallel-protocol.ts.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { deepFreeze } from "./explore.ts";
import { GoalTracker } from "./goals.ts";
import { HEAP_CHECK_MASK, heapNearLimit } from "./memory.ts";
import { ModelError, type Action, type Model } from "./model.ts";
import { ModelCheck } from "./model-check.ts";
import { ABORT, CLOSED, MEMORY, REMAIN, REQ, RESP, SPIN_MS, type CheckMsg, type CheckedMsg, type ExpandMsg, type ExpandedMsg, type NumberMsg, type ResolvedMsg, type StolenMsg } from "./parallel-protocol.ts";
import { ampleSet, newPorStats } from "./reduction/por.ts";
import type { SharedParentLinks } from "./shared-links.ts";
import { saturatedNesting } from "./path-cost.ts";
import { LOWERED, NEW, OLD, PARENT_BASE, type SharedVisited } from "./shared-visited.ts";
import { Frontier, StateStore } from "./state-queue.ts";
import { Successors } from "./successors.ts";
import { U32List } from "./u32-list.ts";

/**
 * Successors this searcher found first so far in the level: candidates for the resolve step, with the
 * state properties each fails (checked when it was found, while the model still had it at hand).
 */
class Candidates {
  readonly tslot = new U32List();
  readonly parent = new U32List();
  readonly action = new U32List();
  readonly aslot = new U32List();
  readonly states: StateStore<unknown>;
  /** candidate -> the indices of the state properties it fails (few have any) */
  readonly fails = new Map<number, number[]>();

  constructor(states: StateStore<unknown>) {
    this.states = states;
  }

  get n(): number {
    return this.tslot.length;
  }

  /** Adds a candidate; returns its index. */
  push(tslot: number, parent: number, action: number, aslot: number, state: unknown): number {
    const i = this.tslot.length;
    this.tslot.push(tslot);
    this.parent.push(parent);
    this.action.push(action);
    this.aslot.push(aslot);
    this.states.push(state);
    return i;
  }
}

/** Indices of the model's properties checked on states: always, quiescent. */
export function stateProperties<S>(model: Model<S, Action>): number[] {
  return model.properties.flatMap((p, pi) => (p.kind === "always" || p.kind === "quiescent" ? [pi] : []));
}

/**
 * The state properties among `indices` (stateProperties) that s fails, by index, or null when none; a
 * quiescent one only where Model.quiescent holds. The parallel search's one test of a state: its
 * searchers apply it to the successors they find, the main thread to the initial states.
 */
export function failedStateProperties<S>(model: Model<S, Action>, indices: readonly number[], s: S): number[] | null {
  const quiet = !model.quiescent || model.quiescent(s);
  let out: number[] | null = null;
  for (const pi of indices) {
    const p = model.properties[pi]!;
    if ((p.kind === "always" || quiet) && !p.holds!(s)) (out ??= []).push(pi);
  }
  return out;
}

/** 1 when a step to t from a state of nesting parentNesting raises the nesting (src/path-cost.ts), else 0. */
function riseOf(nestingOf: ((s: unknown) => number) | null, t: unknown, parentNesting: number): number {
  return nestingOf !== null && saturatedNesting(nestingOf, t) > parentNesting ? 1 : 0;
}

export interface SearcherOptions {
  readonly freezeStates: boolean;
  readonly por: boolean;
  /** Expansions on which this searcher checks that `next` leaves its input as it was (src/model-check.ts). */
  readonly checkStates: number;
}

/** Work stealing in this thread, for AUXCHECK_PROFILE=1: requests made, empty answers, ms waited; answers given, states given. */
export const stealProf = { steals: 0, empty: 0, waitMs: 0, answered: 0, given: 0 };

export class LevelSearch {
  /** The states this searcher expands at the current level, and their ids. */
  private frontier: Frontier<unknown>;
  private frontierIds = new U32List();
  private readonly slotOf: Map<string, number>;
  private readonly freeze: ((s: unknown) => unknown) | null;
  /** This level's candidates; null between resolve (which hands their store on to the check step) and the next expand. */
  private cands: Candidates | null = null;
  private expanderPart: Omit<ResolvedMsg, "type" | "count" | "keys"> | null = null;
  /** The table key of the level being expanded (for the cut's recount). */
  private levelKey = 0;
  /** This level's winners, in (parent id, action index) order (their candidate indices in `pendingStates`), and their ids once numbered. */
  private pendingCands: Uint32Array = new Uint32Array(0);
  private pendingStates: StateStore<unknown> | null = null;
  private pendingFails = new Map<number, number[]>();
  private pendingKeys: Float64Array = new Float64Array(0);
  private pendingSlots: Uint16Array = new Uint16Array(0);
  private pendingIds: Uint32Array = new Uint32Array(0);
  /** The winners' slots in the shared table (the main thread maps the level's arrivals to ids with them). */
  private pendingTableSlots: Uint32Array = new Uint32Array(0);
  private readonly modelCheck: ModelCheck<unknown, Action>;
  private readonly goals: GoalTracker<unknown>;
  /** The state stores of earlier levels, emptied (allocating a level's room anew each time costs page faults). */
  private readonly spareStores: StateStore<unknown>[] = [];
  /** Indices of the properties checked on states (always, quiescent). */
  private readonly stateProps: readonly number[];
  /** New states this searcher inserted so far (the heap is looked at every HEAP_CHECK_MASK + 1). */
  private added = 0;
  /** This level's transitions into the next (expand), reused level after level. */
  private readonly arrivals = new U32List(4096);

  constructor(
    readonly index: number,
    private readonly model: Model<unknown, Action>,
    private readonly fpOf: (s: unknown, out: Uint32Array) => void,
    public table: SharedVisited,
    private readonly links: SharedParentLinks,
    private readonly ctl: Int32Array,
    /** steal[j]: channel to searcher j (null for this one). */
    private readonly steal: readonly (MessagePort | null)[],
    private readonly options: SearcherOptions,
  ) {
    this.slotOf = new Map(model.actionNames.map((n, i) => [n, i]));
    this.freeze = options.freezeStates ? deepFreeze : null;
    this.modelCheck = new ModelCheck(model, options.checkStates);
    this.goals = new GoalTracker(model);
    this.stateProps = stateProperties(model);
    this.frontier = new Frontier(this.store(), new U32List());
  }

  /** An empty state store: a spare one (with the room of an earlier level's) or a new one. */
  private store(): StateStore<unknown> {
    return this.spareStores.pop() ?? new StateStore(this.model.packing ?? null);
  }

  /** A store whose states are no longer needed, for a later level. */
  private recycle(s: StateStore<unknown>): void {
    s.clear();
    this.spareStores.push(s);
  }

  /** The initial states this searcher starts with. */
  seed(states: readonly unknown[], ids: readonly number[]): void {
    for (const s of states) this.frontier.push(s);
    this.frontierIds = U32List.of(ids);
  }

  get holding(): number {
    return this.frontier.length;
  }

  /** Step 1: expands the states it holds (all of them again on a redo), then steals until no one has any left. */
  expand(msg: ExpandMsg): ExpandedMsg {
    const t0 = performance.now();
    const model = this.model;
    const props = model.properties;
    const propIndex = new Map(props.map((p, i) => [p.name, i]));
    const hasDeadlock = props.some((p) => p.kind === "deadlock");
    const generatedBySlot = new Float64Array(model.actionNames.length);
    const hits: number[] = [];
    const deadlocks: number[] = [];
    // With Model.nesting (src/path-cost.ts): every transition into the next level, as [table slot, parent id,
    // action index, 1 if the step raises the nesting], so that the main thread can give each new state the least
    // cost of its shortest paths and the parent link of the first such path, as the sequential engine does.
    const nestingOf = model.nesting ? model.nesting.bind(model) : null;
    const arrivals = this.arrivals;
    arrivals.truncate(0);
    if (this.cands !== null) this.recycle(this.cands.states); // a redo of the level starts afresh
    const cands = (this.cands = new Candidates(this.store()));
    const slotOf = this.slotOf;
    let lastName: string | null = null;
    let lastSlot = -1;
    let inserted = 0;
    let maxActions = 0;
    let overflow = false;
    let memory = false;
    let stolen = 0;
    const levelKey = (this.levelKey = msg.levelStart + PARENT_BASE);
    let actions: Action[] = [];
    const fp = new Uint32Array(2);
    const t = this.table;
    const ctl = this.ctl;
    const me = this.index;
    // --por, as in src/explore.ts: the ample set's successors are computed once and reused; "old"
    // (proviso C3) is "visited at this level or before", which the shared table's keys tell.
    const por = this.options.por && model.partialOrder !== undefined;
    const porStats = newPorStats();
    const successors = new Successors(model, this.fpOf, fp, this.freeze, this.modelCheck);
    const isOld = (hi: number, lo: number): boolean => t.isOld(hi, lo, levelKey);
    // Stealing changes these arrays in place (answerSteal splices their tail, stealFromOthers
    // appends), so after the level they hold exactly the states this searcher expanded.
    const frontier = this.frontier;
    const frontierIds = this.frontierIds;
    let i = 0;
    for (;;) {
      for (; i < frontier.length; i++) {
        if (Atomics.load(ctl, REQ(me)) > 0) this.answerSteal(i + 1);
        if ((i & 7) === 0) {
          // a hint for stealers: a stale count only costs an empty answer or an early stop
          Atomics.store(ctl, REMAIN(me), frontier.length - i - 1);
          if (Atomics.load(ctl, ABORT) !== 0) {
            overflow = true;
            break;
          }
        }
        const s = this.freeze ? this.freeze(frontier.get(i)) : frontier.get(i);
        const id = frontierIds.get(i);
        actions = []; // (cheaper than emptying one: src/explore.ts)
        model.actions(s, actions);
        if (actions.length > maxActions) maxActions = actions.length;
        if (actions.length === 0 && hasDeadlock && !model.final?.(s)) deadlocks.push(id);
        let ample: readonly number[] | null = null;
        const parentNesting = nestingOf ? saturatedNesting(nestingOf, s) : 0;
        successors.of(s, actions);
        if (por) ample = ampleSet(model, s, actions, successors.get, isOld, porStats);
        const count = ample ? ample.length : actions.length;
        const key = id + PARENT_BASE;
        for (let j = 0; j < count; j++) {
          const k = ample ? ample[j]! : j;
          const a = actions[k]!;
          // answered between steps too: one state's steps can take milliseconds
          if (j > 0 && Atomics.load(ctl, REQ(me)) > 0) this.answerSteal(i + 1);
          successors.take(k);
          const raised = successors.hits;
          // riseOf(successor), for the hits and the arrivals below: -1 until needed (most successors are old and have neither)
          let rise = -1;
          // most steps repeat the previous one's action name: one comparison instead of a Map lookup
          const slot = a.name === lastName ? lastSlot : slotOf.get((lastName = a.name));
          if (slot === undefined) throw new Error(`${model.name}: action '${a.name}' is not in actionNames (needed for parallel search)`);
          lastSlot = slot;
          generatedBySlot[slot]!++;
          if (raised) {
            if (rise < 0) rise = riseOf(nestingOf, successors.state, parentNesting);
            for (const h of raised) {
              const pi = propIndex.get(h.property);
              if (pi === undefined || props[pi]!.kind !== "assertion") throw new ModelError(`${model.name}: step raised undeclared assertion '${h.property}'`);
              hits.push(pi, id, k, rise);
            }
          }
          if (model.constraint && !model.constraint(successors.state)) {
            // outside the state constraint (src/explore.ts): generated and checked, not stored
            if (rise < 0) rise = riseOf(nestingOf, successors.state, parentNesting);
            for (const pi of failedStateProperties(model, this.stateProps, successors.state) ?? []) hits.push(pi, id, k, rise);
            continue;
          }
          const r = t.insert(fp[0]!, fp[1]!, key, levelKey);
          if (nestingOf !== null && r !== OLD) {
            arrivals.push(t.lastSlot);
            arrivals.push(id);
            arrivals.push(k);
            arrivals.push(rise >= 0 ? rise : riseOf(nestingOf, successors.state, parentNesting));
          }
          if (r === NEW || r === LOWERED) {
            const c = cands.push(t.lastSlot, id, k, slot, successors.state);
            // checked now, while the model has the state at hand (src/explore.ts checks each new state as it finds
            // it too); the check step reports the failures of the candidates that win
            if (this.stateProps.length > 0) {
              const failed = failedStateProperties(model, this.stateProps, successors.state);
              if (failed !== null) cands.fails.set(c, failed);
            }
          }
          if (r === NEW && ++inserted > msg.newLimit) {
            overflow = true;
            Atomics.store(ctl, ABORT, 1);
            break;
          }
          if (r === NEW && (++this.added & HEAP_CHECK_MASK) === 0 && heapNearLimit()) {
            // the search stops at this level (src/memory.ts); the others abandon it as on an overflow
            memory = overflow = true;
            Atomics.store(ctl, MEMORY, 1);
            Atomics.store(ctl, ABORT, 1);
            break;
          }
        }
        if (overflow) break;
      }
      if (overflow) break;
      Atomics.store(ctl, REMAIN(me), 0);
      const got = this.stealFromOthers();
      if (got === 0) break;
      stolen += got;
    }
    this.close();
    this.expanderPart = {
      hits: Uint32Array.from(hits),
      deadlocks: Uint32Array.from(deadlocks),
      arrivals: arrivals.copy(),
      generatedBySlot,
      ampleStates: porStats.reduced,
      provisoExpansions: porStats.provisoExpansions,
    };
    return { type: "expanded", overflow, memory, maxActions, ms: performance.now() - t0, expanded: frontier.length, stolen };
  }

  /** Gives half of the states from `from` on (not yet started) to the searcher that asked. */
  private answerSteal(from: number): void {
    const ctl = this.ctl;
    const asker = Atomics.load(ctl, REQ(this.index)) - 1;
    if (asker < 0) return;
    const n = Math.max(0, Math.floor((this.frontier.length - from) / 2));
    const end = this.frontier.length;
    const states: unknown[] = [];
    for (let k = end - n; k < end; k++) states.push(this.frontier.get(k));
    this.frontier.truncate(end - n);
    const ids = this.frontierIds.copy(end - n, end);
    this.frontierIds.truncate(end - n);
    const numeric = states.every((x) => typeof x === "number");
    const numStates = numeric ? Float64Array.from(states as number[]) : null;
    const packed = !numeric && this.model.transport ? this.model.transport.pack(states) : null;
    const msg: StolenMsg = { ids, numStates, packed: packed?.data ?? null, objStates: numeric || packed ? null : states };
    this.steal[asker]!.postMessage(msg, [ids.buffer, ...(numStates ? [numStates.buffer] : []), ...(packed?.transfer ?? [])]);
    Atomics.store(ctl, REMAIN(this.index), Math.max(0, this.frontier.length - from));
    Atomics.store(ctl, REQ(this.index), 0);
    Atomics.store(ctl, RESP(asker), 1);
    Atomics.notify(ctl, RESP(asker));
    stealProf.answered++;
    stealProf.given += n;
  }

  /**
   * Asks the searcher with the most states left for half of them; 0 when no one has two or more
   * left (what is left is not worth a message) or every ask was refused.
   */
  private stealFromOthers(): number {
    const ctl = this.ctl;
    const me = this.index;
    const W = this.steal.length;
    for (;;) {
      let victim = -1;
      let most = 1;
      for (let v = 0; v < W; v++) {
        if (v === me) continue;
        const r = Atomics.load(ctl, REMAIN(v));
        if (r > most && Atomics.load(ctl, REQ(v)) === 0) {
          victim = v;
          most = r;
        }
      }
      if (victim < 0) return 0;
      const tw = performance.now();
      if (Atomics.compareExchange(ctl, REQ(victim), 0, me + 1) !== 0) continue; // taken or closed meanwhile
      // a request cannot go unanswered: the victim answers before it closes (close() below); while
      // waiting, this searcher answers requests made to it (with nothing), so waits never form a cycle
      const sleepAfter = performance.now() + SPIN_MS;
      for (let spins = 0; Atomics.load(ctl, RESP(me)) === 0; spins++) {
        if (Atomics.load(ctl, REQ(me)) > 0) this.answerSteal(this.frontier.length);
        if ((spins & 1023) === 1023 && performance.now() > sleepAfter) Atomics.wait(ctl, RESP(me), 0, 1);
      }
      Atomics.store(ctl, RESP(me), 0);
      stealProf.waitMs += performance.now() - tw;
      stealProf.steals++;
      const got = receiveMessageOnPort(this.steal[victim]!)!.message as StolenMsg;
      const n = got.ids.length;
      const unpacked = got.packed !== null ? this.model.transport!.unpack(got.packed) : null;
      for (let k = 0; k < n; k++) {
        const s = got.numStates ? got.numStates[k]! : unpacked ? unpacked[k] : got.objStates![k];
        this.frontier.push(s);
        this.frontierIds.push(got.ids[k]!);
      }
      if (n === 0) stealProf.empty++;
      if (n > 0) return n;
    }
  }

  /** Done expanding: answers a pending request (with nothing) and refuses any later one. */
  private close(): void {
    const ctl = this.ctl;
    const me = this.index;
    Atomics.store(ctl, REMAIN(me), 0);
    for (;;) {
      const req = Atomics.compareExchange(ctl, REQ(me), 0, CLOSED);
      if (req === 0 || req === CLOSED) return;
      this.answerSteal(this.frontier.length);
    }
  }

  /** Step 2: keeps the candidates whose slot still names their parent (this level's new states), sorted by key. */
  resolve(): ResolvedMsg {
    const c = this.cands!;
    const winners = new U32List(c.n);
    for (let i = 0; i < c.n; i++) if (this.table.keyAt(c.tslot.get(i)) === c.parent.get(i) + PARENT_BASE) winners.push(i);
    const order = winners.view();
    const keyOf = (i: number): number => c.parent.get(i) * 65536 + c.action.get(i);
    // each parent's candidates are in action order; parents are in ascending order except where stolen
    let sorted = true;
    for (let q = 1; q < order.length; q++) if (keyOf(order[q]!) < keyOf(order[q - 1]!)) sorted = false;
    if (!sorted) order.sort((a, b) => keyOf(a) - keyOf(b));
    const n = order.length;
    const keysBuf = new SharedArrayBuffer(Math.max(8, n * 8));
    const keys = new Float64Array(keysBuf);
    const aslot = new Uint16Array(n);
    const tslots = new Uint32Array(n);
    for (let q = 0; q < n; q++) {
      const i = order[q]!;
      keys[q] = keyOf(i);
      aslot[q] = c.aslot.get(i);
      tslots[q] = c.tslot.get(i);
    }
    this.cands = null;
    this.pendingCands = order;
    this.pendingStates = c.states;
    this.pendingFails = c.fails;
    this.pendingKeys = keys;
    this.pendingSlots = aslot;
    this.pendingTableSlots = tslots;
    const part = this.expanderPart!;
    this.expanderPart = null;
    return { type: "resolved", count: n, keys: keysBuf, ...part };
  }

  /** Step 3: global id of each winner = levelEnd + its rank among every searcher's keys; writes its parent link. */
  number(msg: NumberMsg): void {
    this.links.adopt(msg.chunks);
    const mine = this.pendingKeys;
    const n = this.pendingCands.length;
    const ids = new Uint32Array(n);
    for (let i = 0; i < n; i++) ids[i] = msg.levelEnd + i;
    msg.keys.forEach((buf, j) => {
      if (j === this.index) return;
      const other = new Float64Array(buf);
      const len = Math.min(other.length, msg.counts[j]!);
      // both lists ascending and disjoint (a parent is expanded by one searcher): a merge walk
      let q = 0;
      for (let i = 0; i < n; i++) {
        const k = mine[i]!;
        while (q < len && other[q]! < k) q++;
        ids[i]! += q;
      }
    });
    for (let i = 0; i < n; i++) {
      const k = mine[i]!;
      const parent = Math.floor(k / 65536);
      this.links.set(ids[i]!, parent, k - parent * 65536);
    }
    this.pendingIds = ids;
  }

  /**
   * Step 4: keeps the winners below the limit, with the state invariants they failed (checked when they were
   * found) and the goals they reach; they are the next frontier.
   */
  check(msg: CheckMsg): CheckedMsg {
    const model = this.model;
    const cutCounts = msg.cut ? this.countBeforeCut(msg.cut) : null;
    const failures: number[] = [];
    const newBySlot = new Float64Array(model.actionNames.length);
    const from = this.pendingStates!;
    const kept = new U32List(this.pendingIds.length);
    const keptIds = new U32List(this.pendingIds.length);
    const keptTableSlots = new U32List(model.nesting ? this.pendingIds.length : 0);
    for (let i = 0; i < this.pendingIds.length; i++) {
      const id = this.pendingIds[i]!;
      if (id >= msg.limit) continue;
      const c = this.pendingCands[i]!;
      kept.push(c);
      keptIds.push(id);
      if (model.nesting) keptTableSlots.push(this.pendingTableSlots[i]!);
      newBySlot[this.pendingSlots[i]!]!++;
      if (this.goals.pendingStates) this.goals.check(from.get(c));
      for (const pi of this.pendingFails.get(c) ?? []) failures.push(pi, id);
    }
    this.recycle(this.frontier.store);
    this.frontier = new Frontier(from, kept);
    this.frontierIds = keptIds;
    this.pendingStates = null;
    this.pendingFails = new Map();
    return {
      type: "checked",
      holding: kept.length,
      failures: Uint32Array.from(failures),
      winnerSlots: keptTableSlots.copy(),
      winnerIds: model.nesting ? keptIds.copy() : new Uint32Array(0),
      newBySlot,
      goalsReached: this.goals.reachedIndices,
      generatedBeforeCut: cutCounts?.generated ?? null,
      parentsBeforeCut: cutCounts?.parents ?? 0,
      ampleBeforeCut: cutCounts?.ample ?? 0,
      provisoBeforeCut: cutCounts?.proviso ?? 0,
    };
  }

  /**
   * --max-states: the sequential engine stopped right after transition (cut.parent, cut.action).
   * Recounts, among the states this searcher expanded at the cut level, what it had generated up
   * to there (happens once per search, so the expansion keeps no per-transition log).
   */
  private countBeforeCut(cut: { readonly parent: number; readonly action: number }): { generated: Float64Array; parents: number; ample: number; proviso: number } {
    const model = this.model;
    const generated = new Float64Array(model.actionNames.length);
    const por = this.options.por && model.partialOrder !== undefined;
    const porStats = newPorStats();
    const successors = new Successors(model, this.fpOf, new Uint32Array(2), this.freeze, new ModelCheck(model, 0));
    const isOld = (hi: number, lo: number): boolean => this.table.isOld(hi, lo, this.levelKey);
    const actions: Action[] = [];
    let parents = 0;
    for (let e = 0; e < this.frontier.length; e++) {
      const p = this.frontierIds.get(e);
      if (p > cut.parent) continue;
      if (p < cut.parent) parents++;
      const s = this.frontier.get(e);
      actions.length = 0;
      model.actions(s, actions);
      successors.of(s, actions);
      const ample = por ? ampleSet(model, s, actions, successors.get, isOld, porStats) : null;
      const count = ample ? ample.length : actions.length;
      for (let j = 0; j < count; j++) {
        const k = ample ? ample[j]! : j;
        if (p < cut.parent || k <= cut.action) generated[this.slotOf.get(actions[k]!.name)!]!++;
      }
    }
    return { generated, parents, ample: porStats.reduced, proviso: porStats.provisoExpansions };
  }
}
