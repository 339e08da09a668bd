/**
 * A search worker: expands its share of each BFS level, inserting successors into the shared
 * visited table, and keeps the states whose winning parent it expanded (they are its next
 * frontier). See src/parallel-protocol.ts for the protocol and src/shared-visited.ts for why the
 * winners are the sequential BFS's.
 */
import { parentPort } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { deepFreeze } from "./explore.ts";
import type { Action, Model } from "./model.ts";
import type { CheckMsg, ExpandMsg, FromWorker, HandoverMsg, NumberMsg, ResolvedMsg, ToWorker, WorkerInit } from "./parallel-protocol.ts";
import { ampleSet, newPorStats } from "./reduction/por.ts";
import { fingerprinter } from "./reduction/symmetry.ts";
import type { ModelEntry } from "./registry.ts";
import { SharedParentLinks } from "./shared-links.ts";
import { LOWERED, NEW, PARENT_BASE, SharedVisited } from "./shared-visited.ts";
import { Successors } from "./successors.ts";

const port = parentPort!;
const PROFILE = process.env.AUXCHECK_PROFILE === "1";
const prof = { expand: 0, resolve: 0, number: 0, check: 0, given: 0, taken: 0, expanded: 0 };

let init: WorkerInit;
let model: Model<unknown, Action>;
let fpOf: (s: unknown, out: Uint32Array) => void;
let slotOf: Map<string, number>;
let table: SharedVisited;
let abortFlag: Int32Array;
const links = new SharedParentLinks();
let frontierIds: number[] = [];
let frontier: unknown[] = [];

/** Successors this worker found first so far in the level: candidates for the resolve step. */
class Candidates {
  n = 0;
  tslot = new Int32Array(1024);
  parent = new Uint32Array(1024);
  action = new Uint16Array(1024);
  aslot = new Uint16Array(1024);
  states: unknown[] = [];

  push(tslot: number, parent: number, action: number, aslot: number, state: unknown): void {
    if (this.n === this.tslot.length) this.grow();
    const i = this.n++;
    this.tslot[i] = tslot;
    this.parent[i] = parent;
    this.action[i] = action;
    this.aslot[i] = aslot;
    this.states.push(state);
  }

  private grow(): void {
    this.tslot = doubled(this.tslot);
    this.parent = doubled(this.parent);
    this.action = doubled(this.action);
    this.aslot = doubled(this.aslot);
  }
}

/** A copy of a typed array with twice the room. */
function doubled<T extends Int32Array | Uint32Array | Uint16Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

let cands = new Candidates();
let expanderPart: Pick<ResolvedMsg, "hits" | "deadlocks" | "generatedBySlot" | "ampleStates" | "provisoExpansions"> | null = null;
/** Per expanded state of this level: id and number of actions (for counting up to a --max-states cut). */
let expandedIds = new Uint32Array(0);
let expandedCounts = new Uint16Array(0);
/** --por: per expanded state, 1 when expanded with a proper ample set, 2 when fully expanded by the proviso. */
let expandedPor = new Uint8Array(0);
/** Per transition of this level: its action-name slot and its index in the parent's enabled list. */
let transitionSlots = new Uint16Array(0);
let transitionActions = new Uint16Array(0);
/** This level's winners, in (parent id, action index) order, and their ids once numbered. */
let pendingNew: unknown[] = [];
let pendingKeys: Float64Array<ArrayBufferLike> = new Float64Array(0);
let pendingSlots = new Uint16Array(0);
let pendingIds = new Uint32Array(0);
/** Handovers received for the next level, and what to send once they have all arrived. */
let received: HandoverMsg[] = [];
let awaiting: { incoming: number; reply: () => void } | null = null;

function send(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

function expand(msg: ExpandMsg): void {
  const t0 = performance.now();
  const props = model.properties;
  const propIndex = new Map(props.map((p, i) => [p.name, i]));
  const hasDeadlock = props.some((p) => p.kind === "deadlock");
  const generatedBySlot = new Float64Array(model.actionNames.length);
  const hits: number[] = [];
  const deadlocks: number[] = [];
  cands = new Candidates();
  expandedIds = new Uint32Array(frontier.length);
  expandedCounts = new Uint16Array(frontier.length);
  expandedPor = new Uint8Array(frontier.length);
  let slots = new Uint16Array(Math.max(16, frontier.length * 4));
  let kinds = new Uint16Array(slots.length);
  let nt = 0;
  let inserted = 0;
  let maxActions = 0;
  let overflow = false;
  const levelKey = msg.levelStart + PARENT_BASE;
  const actions: Action[] = [];
  const fp = new Uint32Array(2);
  const m = model;
  const slotMap = slotOf;
  const t = table;
  const states = frontier;
  const ids = frontierIds;
  // --por, as in src/explore.ts: the ample set's successors are computed once and reused; "old"
  // (proviso C3) is "visited at this level or before", which the shared table's keys tell.
  const por = init.por && model.partialOrder !== undefined;
  const porStats = newPorStats();
  const successors = new Successors(m, fpOf, fp, init.freezeStates ? deepFreeze : null);
  const isOld = (hi: number, lo: number): boolean => t.isOld(hi, lo, levelKey);
  for (let i = 0; i < states.length; i++) {
    if ((i & 63) === 0 && Atomics.load(abortFlag, 0) !== 0) {
      overflow = true;
      break;
    }
    const s = states[i];
    const id = ids[i]!;
    actions.length = 0;
    m.actions(s, actions);
    if (actions.length > maxActions) maxActions = actions.length;
    expandedIds[i] = id;
    if (actions.length === 0 && hasDeadlock && !model.final?.(s)) deadlocks.push(id);
    let ample: readonly number[] | null = null;
    successors.of(s, actions);
    if (por) {
      const before = porStats.reduced;
      const proviso = porStats.provisoExpansions;
      ample = ampleSet(m, s, actions, successors.get, isOld, porStats);
      expandedPor[i] = porStats.reduced > before ? 1 : porStats.provisoExpansions > proviso ? 2 : 0;
    }
    const count = ample ? ample.length : actions.length;
    expandedCounts[i] = count;
    const key = id + PARENT_BASE;
    for (let j = 0; j < count; j++) {
      const k = ample ? ample[j]! : j;
      const a = actions[k]!;
      successors.take(k);
      const succState = successors.state;
      const raised = successors.hits;
      const slot = slotMap.get(a.name);
      if (slot === undefined) throw new Error(`${model.name}: action '${a.name}' is not in actionNames (needed for parallel search)`);
      generatedBySlot[slot]!++;
      if (nt === slots.length) {
        slots = doubled(slots);
        kinds = doubled(kinds);
      }
      slots[nt] = slot;
      kinds[nt++] = k;
      if (raised) {
        for (const h of raised) {
          const pi = propIndex.get(h.property);
          if (pi === undefined || props[pi]!.kind !== "assertion") throw new Error(`${model.name}: step raised undeclared assertion '${h.property}'`);
          hits.push(pi, id, k);
        }
      }
      const r = t.insert(fp[0]!, fp[1]!, key, levelKey);
      if (r === NEW || r === LOWERED) cands.push(t.lastSlot, id, k, slot, succState);
      if (r === NEW && ++inserted > msg.newLimit) {
        overflow = true;
        Atomics.store(abortFlag, 0, 1);
        break;
      }
    }
    if (overflow) break;
  }
  transitionSlots = slots.subarray(0, nt);
  transitionActions = kinds.subarray(0, nt);
  expanderPart = {
    hits: Uint32Array.from(hits),
    deadlocks: Uint32Array.from(deadlocks),
    generatedBySlot,
    ampleStates: porStats.reduced,
    provisoExpansions: porStats.provisoExpansions,
  };
  const ms = performance.now() - t0;
  prof.expand += ms;
  prof.expanded += states.length;
  send({ type: "expanded", overflow, maxActions, ms });
}

/** Keeps the candidates whose slot still names their parent: this level's new states. */
function resolve(): void {
  const t0 = performance.now();
  const c = cands;
  const keysBuf = new SharedArrayBuffer(Math.max(8, c.n * 8));
  const keys = new Float64Array(keysBuf);
  const aslot = new Uint16Array(c.n);
  const states: unknown[] = [];
  let n = 0;
  for (let i = 0; i < c.n; i++) {
    if (table.keyAt(c.tslot[i]!) !== c.parent[i]! + PARENT_BASE) continue;
    keys[n] = c.parent[i]! * 65536 + c.action[i]!;
    aslot[n] = c.aslot[i]!;
    states.push(c.states[i]);
    n++;
  }
  cands = new Candidates();
  pendingNew = states;
  pendingKeys = keys.subarray(0, n);
  pendingSlots = aslot.subarray(0, n);
  prof.resolve += performance.now() - t0;
  const part = expanderPart!;
  expanderPart = null;
  send({ type: "resolved", count: n, keys: keysBuf, ...part }, [part.hits.buffer, part.deadlocks.buffer, part.generatedBySlot.buffer] as ArrayBuffer[]);
}

/** Global id of each winner: levelEnd + its rank among every worker's keys; writes its parent link. */
function numberStates(msg: NumberMsg): void {
  const t0 = performance.now();
  links.adopt(msg.chunks);
  const mine = pendingKeys;
  const ids = new Uint32Array(mine.length);
  for (let i = 0; i < ids.length; i++) ids[i] = msg.levelEnd + i;
  msg.keys.forEach((buf, j) => {
    if (j === init.index) return;
    const other = new Float64Array(buf);
    const len = Math.min(other.length, msg.counts[j]!);
    // both lists ascending and disjoint (a parent is expanded by one worker): a merge walk
    let q = 0;
    for (let i = 0; i < mine.length; i++) {
      const k = mine[i]!;
      while (q < len && other[q]! < k) q++;
      ids[i]! += q;
    }
  });
  for (let i = 0; i < ids.length; i++) {
    const k = mine[i]!;
    const parent = Math.floor(k / 65536);
    links.set(ids[i]!, parent, k - parent * 65536);
  }
  pendingIds = ids;
  prof.number += performance.now() - t0;
  send({ type: "numbered" });
}

/** Keeps the winners below the limit, checks state invariants, makes them the frontier. */
function check(msg: CheckMsg): void {
  const t0 = performance.now();
  const props = model.properties;
  const stateProps = props.map((p, pi) => [p, pi] as const).filter(([p]) => p.kind === "always" || p.kind === "quiescent");
  const failures: number[] = [];
  const newBySlot = new Float64Array(model.actionNames.length);
  const keptStates: unknown[] = [];
  const keptIds: number[] = [];
  for (let i = 0; i < pendingIds.length; i++) {
    const id = pendingIds[i]!;
    if (id >= msg.limit) continue;
    const s = pendingNew[i];
    keptStates.push(s);
    keptIds.push(id);
    newBySlot[pendingSlots[i]!]!++;
    if (stateProps.length > 0) {
      const quiet = !model.quiescent || model.quiescent(s);
      for (const [p, pi] of stateProps) if ((p.kind === "always" || quiet) && !p.holds!(s)) failures.push(pi, id);
    }
  }
  frontier = keptStates;
  frontierIds = keptIds;
  pendingNew = [];
  let generatedBeforeCut: Float64Array | null = null;
  let parentsBeforeCut = 0;
  let ampleBeforeCut = 0;
  let provisoBeforeCut = 0;
  if (msg.cut) {
    // The sequential engine stopped right after transition (cut.parent, cut.action).
    generatedBeforeCut = new Float64Array(model.actionNames.length);
    let t = 0;
    for (let e = 0; e < expandedIds.length; e++) {
      const p = expandedIds[e]!;
      const c = expandedCounts[e]!;
      if (p < msg.cut.parent) parentsBeforeCut++;
      if (p <= msg.cut.parent && expandedPor[e] === 1) ampleBeforeCut++;
      if (p <= msg.cut.parent && expandedPor[e] === 2) provisoBeforeCut++;
      for (let j = 0; j < c; j++, t++) {
        const k = transitionActions[t]!;
        if (p < msg.cut.parent || (p === msg.cut.parent && k <= msg.cut.action)) generatedBeforeCut[transitionSlots[t]!]!++;
      }
    }
  }
  prof.check += performance.now() - t0;
  if (PROFILE) process.stderr.write(`worker ${init.index}: ${Object.entries(prof).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ")}\n`);
  handOver(msg.give);
  const f = Uint32Array.from(failures);
  awaiting = {
    incoming: msg.incoming,
    reply: () => send({ type: "checked", failures: f, newBySlot, generatedBeforeCut, parentsBeforeCut, ampleBeforeCut, provisoBeforeCut }, [f.buffer, newBySlot.buffer] as ArrayBuffer[]),
  };
  maybeTakeOver();
}

/** Sends give[j] of this worker's frontier states to worker j, picked evenly through the frontier. */
function handOver(give: readonly number[]): void {
  const total = give.reduce((a, b) => a + b, 0);
  if (total === 0) return;
  prof.given += total;
  const n = frontier.length;
  const keep: unknown[] = [];
  const keepIds: number[] = [];
  const out = give.map(() => ({ ids: [] as number[], states: [] as unknown[] }));
  let target = 0;
  let given = 0;
  for (let i = 0; i < n; i++) {
    // state i is given when the running quota floor((i + 1) * total / n) grows
    if (given < total && Math.floor(((i + 1) * total) / n) > given) {
      while (out[target]!.ids.length >= give[target]!) target++;
      out[target]!.ids.push(frontierIds[i]!);
      out[target]!.states.push(frontier[i]);
      given++;
    } else {
      keep.push(frontier[i]);
      keepIds.push(frontierIds[i]!);
    }
  }
  frontier = keep;
  frontierIds = keepIds;
  out.forEach((o, j) => {
    if (o.ids.length === 0) return;
    const ids = Uint32Array.from(o.ids);
    const numeric = o.states.every((x) => typeof x === "number");
    const numStates = numeric ? Float64Array.from(o.states as number[]) : null;
    const m: HandoverMsg = { type: "handover", ids, numStates, objStates: numeric ? null : o.states };
    init.ports[j]!.postMessage(m, numStates ? [ids.buffer, numStates.buffer] : [ids.buffer]);
  });
}

/** Once every expected handover is in, merges them into the frontier (ids ascending) and replies. */
function maybeTakeOver(): void {
  if (awaiting === null || received.length < awaiting.incoming) return;
  for (const h of received) {
    prof.taken += h.ids.length;
    // both ascending: merge the handed-over states into the frontier
    const ids: number[] = [];
    const states: unknown[] = [];
    let a = 0;
    for (let b = 0; b < h.ids.length; b++) {
      const id = h.ids[b]!;
      while (a < frontierIds.length && frontierIds[a]! < id) {
        ids.push(frontierIds[a]!);
        states.push(frontier[a++]);
      }
      ids.push(id);
      const st = h.numStates ? h.numStates[b]! : h.objStates![b];
      states.push(init.freezeStates ? deepFreeze(st) : st);
    }
    for (; a < frontierIds.length; a++) {
      ids.push(frontierIds[a]!);
      states.push(frontier[a]);
    }
    frontierIds = ids;
    frontier = states;
  }
  received = [];
  const k = awaiting.reply;
  awaiting = null;
  k();
}

port.on("message", async (msg: ToWorker) => {
  try {
    switch (msg.type) {
      case "init": {
        init = msg;
        const mod = (await import(pathToFileURL(msg.modulePath).href)) as { modelEntries: readonly ModelEntry[] };
        const entry = mod.modelEntries.find((e) => e.name === msg.entryName);
        if (!entry) throw new Error(`worker: no model ${msg.entryName}`);
        model = entry.build(msg.params);
        fpOf = fingerprinter(model, msg.symmetry);
        slotOf = new Map(model.actionNames.map((n, i) => [n, i]));
        table = new SharedVisited(msg.table);
        abortFlag = new Int32Array(msg.abort);
        msg.ports.forEach((p) => {
          p?.on("message", (h: HandoverMsg) => {
            received.push(h);
            maybeTakeOver();
          });
        });
        send({ type: "ready" });
        break;
      }
      case "seed": {
        const inits = model.initStates();
        frontier = msg.initIndices.map((i) => (init.freezeStates ? deepFreeze(inits[i]) : inits[i]));
        frontierIds = [...msg.ids];
        send({ type: "seeded" });
        break;
      }
      case "table": {
        const bigger = new SharedVisited(msg.table);
        bigger.copyFrom(table, msg.start, msg.end, msg.dropFrom);
        table = bigger;
        send({ type: "copied" });
        break;
      }
      case "expand":
        expand(msg);
        break;
      case "resolve":
        resolve();
        break;
      case "number":
        numberStates(msg);
        break;
      case "check":
        check(msg);
        break;
    }
  } catch (e) {
    send({ type: "error", message: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
  }
});
