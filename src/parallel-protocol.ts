/**
 * How the threads of one parallel search (src/parallel.ts) talk: a control block of int32s in
 * shared memory for the wake-ups and the work stealing, and MessagePorts read synchronously
 * (`receiveMessageOnPort`) for everything bigger. No step waits for an event loop: a command
 * and its reply cost tens of microseconds, where awaiting `postMessage` replies cost about 1 ms.
 *
 * The main thread is searcher 0; helper threads 1..W-1 join when they have booted (the main
 * thread searches alone until then). One BFS level, every searcher taking part:
 *   1. `expand`: each searcher expands the frontier states it holds and inserts every successor
 *      into the shared table, keeping the minimum parent id per fingerprint
 *      (src/shared-visited.ts). A searcher with nothing left steals half of another's remaining
 *      states (REQ/RESP below), so a level ends when its slowest state does.
 *   2. `resolve`: once all have expanded, a successor whose slot still names its parent is the
 *      one a sequential BFS keeps (first in (parent id, action index) order); each searcher
 *      publishes its winners' keys, sorted, in shared memory.
 *   3. `number`: each searcher numbers its winners by their rank among all searchers' keys, so
 *      the ids are exactly the sequential BFS's, and writes their parent links (src/shared-links.ts).
 *   4. `check`: searchers drop what a --max-states cut excludes and check the state invariants
 *      of their winners, which are their next frontier. When no cut can fall in the level (the
 *      number of winners, known after step 2, keeps it below --max-states), step 3's command
 *      carries step 4's and the searchers reply once: one round trip per level less.
 * Who expands which state never changes what is found, so the output does not depend on W or
 * on the timing. A searcher that finds the table too full abandons step 1 (ABORT); the level is
 * redone in a bigger table.
 */
import type { MessagePort } from "node:worker_threads";
import type { Params } from "./registry.ts";
import type { LinkChunk } from "./shared-links.ts";
import type { SharedTableBuffers } from "./shared-visited.ts";

/** Control block slots. */
export const GEN = 0; // bumped by the main thread when it has posted a command to every taking-part helper
export const ARRIVED = 1; // helpers done with the current command
export const ABORT = 2; // set by a searcher that found the table too full (or its heap near its limit)
export const MEMORY = 3; // set by a searcher whose heap neared its limit: the search stops (src/memory.ts)
const BASE = 4;
const PER_THREAD = 4;
/** Per searcher t: 1 once a helper has booted. */
export const READY = (t: number): number => BASE + t * PER_THREAD;
/** Per searcher t: frontier states it has not started expanding (a hint for stealers). */
export const REMAIN = (t: number): number => BASE + t * PER_THREAD + 1;
/** Per searcher t: 0 open, s + 1 while searcher s asks it for states, CLOSED once it is done expanding. */
export const REQ = (t: number): number => BASE + t * PER_THREAD + 2;
/** Per searcher s: set to 1 by the victim once its answer to s's request is posted. */
export const RESP = (t: number): number => BASE + t * PER_THREAD + 3;
export const CLOSED = -1;

export function controlBlock(threads: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer((BASE + threads * PER_THREAD) * 4));
}

/**
 * How long a searcher spins before it sleeps on the futex: long enough to catch a partner that
 * is a step away, short enough not to steal a core when more threads than cores run (tests run
 * many searches at once; a 5 ms spin doubled their CPU time and bought nothing measurable).
 */
export const SPIN_MS = 0.1;

/** Waits until ctl[i] !== v and returns the new value: spins for SPIN_MS first, then sleeps on the futex. */
export function waitChange(ctl: Int32Array, i: number, v: number): number {
  const sleepAfter = performance.now() + SPIN_MS;
  for (let spins = 0; ; spins++) {
    const now = Atomics.load(ctl, i);
    if (now !== v) return now;
    if ((spins & 1023) === 1023 && performance.now() > sleepAfter) Atomics.wait(ctl, i, v, 50);
  }
}

/** What a helper thread receives at start (workerData). */
export interface HelperData {
  readonly target: "search";
  readonly index: number;
  readonly threads: number;
  /** Module exporting `modelEntries` (array of ModelEntry), and the entry to build. */
  readonly modulePath: string;
  readonly entryName: string;
  readonly params: Params;
  readonly freezeStates: boolean;
  /** Expansions each searcher checks against the Model contract (src/model-check.ts). */
  readonly checkStates: number;
  /** --por and --symmetry (src/reduction/), applied exactly as the sequential engine does. */
  readonly por: boolean;
  readonly symmetry: boolean;
  /** false: no deadlock checking (src/checked-model.ts), as in the main thread. */
  readonly deadlock: boolean;
  readonly control: SharedArrayBuffer;
  /** Commands in, replies out (read synchronously on both sides). */
  readonly port: MessagePort;
  /** steal[j]: channel to searcher j (null for itself). */
  readonly steal: readonly (MessagePort | null)[];
}

/** The helper takes part from now on: the current table and parent-link chunks. */
export interface JoinMsg {
  readonly type: "join";
  readonly table: SharedTableBuffers;
  readonly chunks: readonly LinkChunk[];
}

/** Growth: copy slots [start, end) of the current table into `table` (keys below dropFrom), then use it. */
export interface TableMsg {
  readonly type: "table";
  readonly table: SharedTableBuffers;
  readonly start: number;
  readonly end: number;
  readonly dropFrom: number;
}

export interface ExpandMsg {
  readonly type: "expand";
  /** The first id of the level being expanded. */
  readonly levelStart: number;
  /** New fingerprints this searcher may insert before it must abandon the level. */
  readonly newLimit: number;
}

export interface ExpandedMsg {
  readonly type: "expanded";
  readonly overflow: boolean;
  /** Its heap neared its limit: the search stops (overflow is set too, so that the others abandon the level). */
  readonly memory: boolean;
  /** The largest number of enabled actions of a state expanded (sizes the next level's table). */
  readonly maxActions: number;
  /** Milliseconds spent expanding, and states expanded / stolen (profiling: AUXCHECK_PROFILE=1). */
  readonly ms: number;
  readonly expanded: number;
  readonly stolen: number;
}

export interface ResolveMsg {
  readonly type: "resolve";
}

export interface ResolvedMsg {
  readonly type: "resolved";
  /** How many new states this searcher keeps (its winners). */
  readonly count: number;
  /** The winners' order keys, parent id * 65536 + action index, ascending (Float64Array). */
  readonly keys: SharedArrayBuffer;
  /** Successors generated per action-name slot at this level. */
  readonly generatedBySlot: Float64Array;
  /**
   * Assertion hits raised while expanding, and state-invariant failures of successors outside the state
   * constraint: [propertyIndex, parentId, actionIndex, raises] quadruples (raises: 1 when the step raises
   * the nesting, src/path-cost.ts; always 0 without Model.nesting).
   */
  readonly hits: Uint32Array;
  /** Ids of expanded non-final states with no enabled action. */
  readonly deadlocks: Uint32Array;
  /** With Model.nesting: every transition into the next level, [table slot, parentId, actionIndex, raises] quadruples; else empty. */
  readonly arrivals: Uint32Array;
  /** --por: states expanded with a proper ample set, and fully expanded by the cycle proviso, at this level. */
  readonly ampleStates: number;
  readonly provisoExpansions: number;
}

/** Step 3: number the winners (global id = levelEnd + rank of its key among all searchers' keys) and write their links. */
export interface NumberMsg {
  readonly type: "number";
  readonly levelEnd: number;
  /** Every searcher's keys (from `resolved`) and how many of them there are, by searcher index. */
  readonly keys: readonly SharedArrayBuffer[];
  readonly counts: readonly number[];
  /** Parent-link chunks allocated since this searcher last got some. */
  readonly chunks: readonly LinkChunk[];
  /** Step 4, run right after this one (the reply is then `checked`): when no --max-states cut falls in the level. */
  readonly check: CheckMsg | null;
}

/** Step 4: keep the states with ids below `limit`, check their invariants. */
export interface CheckMsg {
  readonly type: "check";
  readonly limit: number;
  /** --max-states cut this level at this transition: count what was generated up to it (inclusive). */
  readonly cut: { readonly parent: number; readonly action: number } | null;
}

export interface CheckedMsg {
  readonly type: "checked";
  /** Frontier states this searcher now holds (the next level's REMAIN, so that no searcher stops stealing too early). */
  readonly holding: number;
  /** [propertyIndex, stateId] pairs of state-invariant failures. */
  readonly failures: Uint32Array;
  /** With Model.nesting: the new states kept (the next frontier), as table slots and ids; else empty. */
  readonly winnerSlots: Uint32Array;
  readonly winnerIds: Uint32Array;
  /** New states kept, per action-name slot. */
  readonly newBySlot: Float64Array;
  /** Indices of the model's state goals this searcher has reached so far (src/goals.ts). */
  readonly goalsReached: readonly number[];
  /** With a cut: successors generated per action slot up to the cut, and parents expanded before it. */
  readonly generatedBeforeCut: Float64Array | null;
  readonly parentsBeforeCut: number;
  /** With a cut, --por: the parents up to the cut expanded with an ample set / by the proviso. */
  readonly ampleBeforeCut: number;
  readonly provisoBeforeCut: number;
}

/** States stolen from a searcher (any order: each carries its id). */
export interface StolenMsg {
  readonly ids: Uint32Array;
  /** Packed when every state is a number; else by the model's transport (`packed`); otherwise cloned. */
  readonly numStates: Float64Array | null;
  readonly packed: unknown;
  readonly objStates: unknown[] | null;
}

export type ToHelper = JoinMsg | TableMsg | ExpandMsg | ResolveMsg | NumberMsg | CheckMsg | { readonly type: "stop" };
export type FromHelper = ExpandedMsg | ResolvedMsg | CheckedMsg | { readonly type: "numbered" } | { readonly type: "copied" } | { readonly type: "error"; readonly message: string; readonly modelError: boolean };
