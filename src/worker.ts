/**
 * A search worker: owns the fingerprints f with ownerOf(f) = index, the states behind them,
 * and expands them level by level. See src/parallel-protocol.ts for the protocol.
 */
import { parentPort, type MessagePort } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { deepFreeze } from "./explore.ts";
import { structuralFingerprint } from "./fingerprint.ts";
import type { Action, AssertionHit, Model, StepContext } from "./model.ts";
import { ownerOf, type CandidateBatch, type FromWorker, type IdsMsg, type NewStatesMsg, type ToWorker, type WorkerInit } from "./parallel-protocol.ts";
import type { ModelEntry } from "./registry.ts";
import { FingerprintSet } from "./visited.ts";

const port = parentPort!;
const PROFILE = process.env.AUXCHECK_PROFILE === "1";
const prof = { expand: 0, dedup: 0, assign: 0 };

let init: WorkerInit;
let model: Model<unknown, Action>;
let fpOf: (s: unknown, out: Uint32Array) => void;
let slotOf: Map<string, number>;
const table = new FingerprintSet(1 << 16);
let frontierIds: number[] = [];
let frontier: unknown[] = [];
let inbox: (CandidateBatch | null)[] = [];
let expanderPart: Pick<NewStatesMsg, "hits" | "deadlocks" | "generatedBySlot"> | null = null;
/** Per expanded state of this level: id and number of actions (for counting up to a --max-states cut). */
let expandedIds = new Uint32Array(0);
let expandedCounts = new Uint16Array(0);
let transitionSlots = new Uint16Array(0);
let pendingNew: unknown[] = [];

function send(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

/** Candidates for one owner, in flat typed arrays. */
class Outbox {
  n = 0;
  hi: Uint32Array = new Uint32Array(1024);
  lo: Uint32Array = new Uint32Array(1024);
  parent: Uint32Array = new Uint32Array(1024);
  action: Uint16Array = new Uint16Array(1024);
  slot: Uint16Array = new Uint16Array(1024);
  num: Float64Array | null = new Float64Array(1024); // while every state is a number
  obj: unknown[] | null = null;

  push(hi: number, lo: number, parent: number, action: number, slot: number, state: unknown): void {
    if (this.n === this.hi.length) this.grow();
    const i = this.n++;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.parent[i] = parent;
    this.action[i] = action;
    this.slot[i] = slot;
    if (this.num !== null && typeof state === "number") this.num[i] = state;
    else {
      if (this.obj === null) this.obj = this.num ? Array.from(this.num.subarray(0, i)) : [];
      this.num = null;
      this.obj[i] = state;
    }
  }

  private grow(): void {
    const cap = this.hi.length * 2;
    const g32 = (a: Uint32Array): Uint32Array => {
      const b = new Uint32Array(cap);
      b.set(a);
      return b;
    };
    const g16 = (a: Uint16Array): Uint16Array => {
      const b = new Uint16Array(cap);
      b.set(a);
      return b;
    };
    this.hi = g32(this.hi);
    this.lo = g32(this.lo);
    this.parent = g32(this.parent);
    this.action = g16(this.action);
    this.slot = g16(this.slot);
    if (this.num) {
      const b = new Float64Array(cap);
      b.set(this.num);
      this.num = b;
    }
  }

  batch(from: number): CandidateBatch {
    const n = this.n;
    return {
      type: "candidates",
      from,
      fpHi: this.hi.slice(0, n),
      fpLo: this.lo.slice(0, n),
      parent: this.parent.slice(0, n),
      action: this.action.slice(0, n),
      slot: this.slot.slice(0, n),
      numStates: this.num ? this.num.slice(0, n) : null,
      objStates: this.num ? null : this.obj!.slice(0, n),
    };
  }
}

function transferables(b: CandidateBatch): ArrayBuffer[] {
  const t = [b.fpHi.buffer, b.fpLo.buffer, b.parent.buffer, b.action.buffer, b.slot.buffer] as ArrayBuffer[];
  if (b.numStates) t.push(b.numStates.buffer as ArrayBuffer);
  return t;
}

class Hits implements StepContext {
  hits: AssertionHit[] | null = null;
  fail(h: AssertionHit): void {
    (this.hits ??= []).push(h);
  }
}

function expand(): void {
  const t0 = performance.now();
  const W = init.workers;
  const me = init.index;
  const out = Array.from({ length: W }, () => new Outbox());
  const props = model.properties;
  const propIndex = new Map(props.map((p, i) => [p.name, i]));
  const hasDeadlock = props.some((p) => p.kind === "deadlock");
  const generatedBySlot = new Float64Array(model.actionNames.length);
  const hits: number[] = [];
  const deadlocks: number[] = [];
  expandedIds = new Uint32Array(frontier.length);
  expandedCounts = new Uint16Array(frontier.length);
  let slots = new Uint16Array(Math.max(16, frontier.length * 4));
  let nt = 0;
  const actions: Action[] = [];
  const fp = new Uint32Array(2);
  const collector = new Hits();
  const m = model;
  const fingerprint = fpOf;
  const slotMap = slotOf;
  const freeze = init.freezeStates;
  const states = frontier;
  const ids = frontierIds;
  for (let i = 0; i < states.length; i++) {
    const s = states[i];
    const id = ids[i]!;
    actions.length = 0;
    m.actions(s, actions);
    expandedIds[i] = id;
    expandedCounts[i] = actions.length;
    if (actions.length === 0 && hasDeadlock && !model.final?.(s)) deadlocks.push(id);
    for (let k = 0; k < actions.length; k++) {
      const a = actions[k]!;
      collector.hits = null;
      let t = m.next(s, a, collector);
      if (freeze) t = deepFreeze(t);
      const slot = slotMap.get(a.name);
      if (slot === undefined) throw new Error(`${model.name}: action '${a.name}' is not in actionNames (needed for parallel search)`);
      generatedBySlot[slot]!++;
      if (nt === slots.length) {
        const b = new Uint16Array(slots.length * 2);
        b.set(slots);
        slots = b;
      }
      slots[nt++] = slot;
      const raised = collector.hits as AssertionHit[] | null;
      if (raised) {
        for (const h of raised) {
          const pi = propIndex.get(h.property);
          if (pi === undefined || props[pi]!.kind !== "assertion") throw new Error(`${model.name}: step raised undeclared assertion '${h.property}'`);
          hits.push(pi, id, k);
        }
      }
      fingerprint(t, fp);
      const hi = fp[0]!;
      const lo = fp[1]!;
      const o = ownerOf(hi, lo, W);
      out[o]!.push(hi, lo, id, k, slot, t);
    }
  }
  transitionSlots = slots.subarray(0, nt);
  expanderPart = { hits: Uint32Array.from(hits), deadlocks: Uint32Array.from(deadlocks), generatedBySlot };
  prof.expand += performance.now() - t0;
  for (let j = 0; j < W; j++) {
    const b = out[j]!.batch(me);
    if (j === me) inbox[j] = b;
    else init.ports[j]!.postMessage(b, transferables(b));
  }
  maybeDedup();
}

function maybeDedup(): void {
  if (expanderPart === null || inbox.some((b) => b === null)) return;
  const t0 = performance.now();
  const W = init.workers;
  const batches = inbox as CandidateBatch[];
  const total = batches.reduce((a, b) => a + b.parent.length, 0);
  const parent = new Uint32Array(total);
  const action = new Uint16Array(total);
  const slot = new Uint16Array(total);
  const states: unknown[] = [];
  let n = 0;
  const pos = new Array<number>(W).fill(0);
  // Merge the W streams in (parent id, action index) order: the sequential generation order,
  // so the first candidate of a new fingerprint is the one a sequential BFS would keep.
  for (;;) {
    let best = -1;
    let bp = 0;
    let ba = 0;
    for (let j = 0; j < W; j++) {
      const b = batches[j]!;
      const i = pos[j]!;
      if (i >= b.parent.length) continue;
      const p = b.parent[i]!;
      const a = b.action[i]!;
      if (best < 0 || p < bp || (p === bp && a < ba)) {
        best = j;
        bp = p;
        ba = a;
      }
    }
    if (best < 0) break;
    const b = batches[best]!;
    const i = pos[best]!++;
    if (table.add(b.fpHi[i]!, b.fpLo[i]!)) {
      parent[n] = bp;
      action[n] = ba;
      slot[n] = b.slot[i]!;
      n++;
      states.push(b.numStates ? b.numStates[i]! : b.objStates![i]);
    }
  }
  pendingNew = states;
  prof.dedup += performance.now() - t0;
  const msg: NewStatesMsg = { type: "new", parent: parent.slice(0, n), action: action.slice(0, n), slot: slot.slice(0, n), ...expanderPart };
  inbox = inbox.map(() => null);
  expanderPart = null;
  send(msg, [msg.parent.buffer, msg.action.buffer, msg.slot.buffer, msg.hits.buffer, msg.deadlocks.buffer, msg.generatedBySlot.buffer] as ArrayBuffer[]);
}

/** Takes the ids the coordinator assigned, checks state invariants, makes these states the frontier. */
function assign(msg: IdsMsg): void {
  const t0 = performance.now();
  const ids = msg.ids;
  const props = model.properties;
  const stateProps = props.map((p, pi) => [p, pi] as const).filter(([p]) => p.kind === "always" || p.kind === "quiescent");
  const failures: number[] = [];
  frontier = pendingNew.length === ids.length ? pendingNew : pendingNew.slice(0, ids.length);
  frontierIds = Array.from(ids);
  if (stateProps.length > 0) {
    for (let i = 0; i < frontier.length; i++) {
      const s = frontier[i];
      const quiet = !model.quiescent || model.quiescent(s);
      for (const [p, pi] of stateProps) if ((p.kind === "always" || quiet) && !p.holds!(s)) failures.push(pi, ids[i]!);
    }
  }
  pendingNew = [];
  let generatedBeforeCut: Float64Array | null = null;
  let parentsBeforeCut = 0;
  if (msg.cut) {
    // The sequential engine stopped right after transition (cut.parent, cut.action).
    generatedBeforeCut = new Float64Array(model.actionNames.length);
    let t = 0;
    for (let e = 0; e < expandedIds.length; e++) {
      const p = expandedIds[e]!;
      const c = expandedCounts[e]!;
      if (p < msg.cut.parent) parentsBeforeCut++;
      for (let k = 0; k < c; k++, t++) {
        if (p < msg.cut.parent || (p === msg.cut.parent && k <= msg.cut.action)) generatedBeforeCut[transitionSlots[t]!]!++;
      }
    }
  }
  prof.assign += performance.now() - t0;
  if (PROFILE) process.stderr.write(`worker ${init.index}: expand ${prof.expand.toFixed(0)} ms, dedup ${prof.dedup.toFixed(0)} ms, assign ${prof.assign.toFixed(0)} ms\n`);
  const f = Uint32Array.from(failures);
  send({ type: "checked", failures: f, frontier: frontier.length, generatedBeforeCut, parentsBeforeCut }, [f.buffer as ArrayBuffer]);
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
        fpOf = model.fingerprint ? model.fingerprint.bind(model) : structuralFingerprint;
        slotOf = new Map(model.actionNames.map((n, i) => [n, i]));
        inbox = Array.from({ length: msg.workers }, () => null);
        msg.ports.forEach((p: MessagePort | null) => {
          p?.on("message", (b: CandidateBatch) => {
            inbox[b.from] = b;
            maybeDedup();
          });
        });
        send({ type: "ready" });
        break;
      }
      case "seed": {
        const inits = model.initStates();
        const fp = new Uint32Array(2);
        frontier = msg.initIndices.map((i) => (init.freezeStates ? deepFreeze(inits[i]) : inits[i]));
        frontierIds = [...msg.ids];
        for (const s of frontier) {
          fpOf(s, fp);
          table.add(fp[0]!, fp[1]!);
        }
        send({ type: "seeded" });
        break;
      }
      case "expand":
        expand();
        break;
      case "ids":
        assign(msg);
        break;
    }
  } catch (e) {
    send({ type: "error", message: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
  }
});
