/**
 * Messages between the coordinator (src/parallel.ts) and the workers (src/worker.ts).
 *
 * One BFS level, with W workers each owning the fingerprints f with owner(f) = w:
 *   1. `expand`: every worker expands its frontier states (global ids ascending) and sends
 *      each successor to its owner as a candidate {fp, parent id, action index, state}.
 *   2. every owner merges the W candidate streams in (parent id, action index) order — the
 *      order a sequential BFS generates them in — and keeps the first occurrence of each new
 *      fingerprint; it reports those new states' (parent, action) to the coordinator.
 *   3. the coordinator merges the W sorted lists, so the global ids it hands out are exactly
 *      the sequential BFS's ids, and sends each owner its ids (`ids`).
 *   4. owners check the state invariants of their new states (`checked`); these states are
 *      the next frontier.
 * Everything that decides the output (ids, parent links, which violation is first) is
 * therefore independent of W.
 */
import type { Params } from "./registry.ts";

export interface WorkerInit {
  readonly type: "init";
  readonly index: number;
  readonly workers: number;
  /** Module exporting `modelEntries` (array of ModelEntry), and the entry to build. */
  readonly modulePath: string;
  readonly entryName: string;
  readonly params: Params;
  readonly freezeStates: boolean;
  /** ports[j]: channel to worker j (null for this worker itself). */
  readonly ports: readonly (import("node:worker_threads").MessagePort | null)[];
}

/** Initial states this worker owns: indices into initStates() with their global ids. */
export interface SeedMsg {
  readonly type: "seed";
  readonly initIndices: readonly number[];
  readonly ids: readonly number[];
}

export interface ExpandMsg {
  readonly type: "expand";
}

/** A batch of candidates from one expander to one owner. */
export interface CandidateBatch {
  readonly type: "candidates";
  readonly from: number;
  readonly fpHi: Uint32Array;
  readonly fpLo: Uint32Array;
  readonly parent: Uint32Array;
  readonly action: Uint16Array;
  /** Action-name slot of each candidate. */
  readonly slot: Uint16Array;
  /** Packed when every state is a number; otherwise cloned. */
  readonly numStates: Float64Array | null;
  readonly objStates: unknown[] | null;
}

/** Owner → coordinator after step 2. */
export interface NewStatesMsg {
  readonly type: "new";
  readonly parent: Uint32Array;
  readonly action: Uint16Array;
  readonly slot: Uint16Array;
  /** Expander part: successors generated per action slot at this level. */
  readonly generatedBySlot: Float64Array;
  /** Assertion hits raised while expanding: [propertyIndex, parentId, actionIndex] triples. */
  readonly hits: Uint32Array;
  /** Ids of expanded non-final states with no enabled action. */
  readonly deadlocks: Uint32Array;
}

export interface IdsMsg {
  readonly type: "ids";
  /** Global ids for this owner's new states, in the order it reported them; shorter when a bound cut the level. */
  readonly ids: Uint32Array;
  /** --max-states cut this level at this transition: count what was generated up to it (inclusive). */
  readonly cut: { readonly parent: number; readonly action: number } | null;
}

/** Owner → coordinator after step 4: [propertyIndex, stateId] pairs of state-invariant failures. */
export interface CheckedMsg {
  readonly type: "checked";
  readonly failures: Uint32Array;
  readonly frontier: number;
  /** With a cut: successors generated per action slot up to the cut, and parents expanded before it. */
  readonly generatedBeforeCut: Float64Array | null;
  readonly parentsBeforeCut: number;
}

export type ToWorker = WorkerInit | SeedMsg | ExpandMsg | IdsMsg;
export type FromWorker = NewStatesMsg | CheckedMsg | { readonly type: "ready" } | { readonly type: "seeded" } | { readonly type: "error"; readonly message: string };

/** Which worker owns a fingerprint. */
export function ownerOf(hi: number, lo: number, workers: number): number {
  return ((hi ^ Math.imul(lo, 0x9e3779b1)) >>> 0) % workers;
}
