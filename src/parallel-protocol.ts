/**
 * Messages between the coordinator (src/parallel.ts) and the workers (src/worker.ts).
 *
 * The visited set is one table in shared memory (src/shared-visited.ts); a state stays in the
 * worker that expanded its winning parent, so states never travel between threads. One BFS
 * level, with W workers:
 *   1. `expand`: every worker expands its frontier states (global ids ascending) and inserts
 *      each successor into the shared table, keeping the minimum parent id per fingerprint; it
 *      remembers the successors whose parent is, so far, the minimum (`expanded`).
 *   2. `resolve`: once every worker has expanded, a remembered successor whose slot still names
 *      its parent is the one a sequential BFS would keep (first in (parent id, action index)
 *      order); each worker publishes its winners' keys, in that order, in shared memory.
 *   3. `number`: each worker numbers its winners by their rank among all workers' keys, so the
 *      global ids are exactly the sequential BFS's ids, and writes their parent links into the
 *      shared links (src/shared-links.ts).
 *   4. `check`: workers drop what a --max-states cut excludes, check the state invariants of
 *      their new states; these states are their next
 *      frontier, after the workers with more than their share hand the surplus to those with
 *      less (`handover`, worker to worker; who expands a state never changes the result).
 * Everything that decides the output (ids, parent links, which violation is first) is
 * therefore independent of W. A worker that finds the table too full abandons step 1
 * (`expanded` with overflow); the coordinator then grows the table and redoes the level.
 */
import type { Params } from "./registry.ts";
import type { LinkChunk } from "./shared-links.ts";
import type { SharedTableBuffers } from "./shared-visited.ts";

export interface WorkerInit {
  readonly type: "init";
  readonly index: number;
  readonly workers: number;
  /** Module exporting `modelEntries` (array of ModelEntry), and the entry to build. */
  readonly modulePath: string;
  readonly entryName: string;
  readonly params: Params;
  readonly freezeStates: boolean;
  /** --por and --symmetry (src/reduction/), applied exactly as the sequential engine does. */
  readonly por: boolean;
  readonly symmetry: boolean;
  readonly table: SharedTableBuffers;
  /** ports[j]: channel to worker j (null for this worker itself), for load-balancing handovers. */
  readonly ports: readonly (import("node:worker_threads").MessagePort | null)[];
  /** Int32Array(1): set to 1 by a worker that abandons the level (table too full). */
  readonly abort: SharedArrayBuffer;
}

/** Growth: copy slots [start, end) of the current table into `table` (keys below dropFrom), then use it. */
export interface TableMsg {
  readonly type: "table";
  readonly table: SharedTableBuffers;
  readonly start: number;
  readonly end: number;
  readonly dropFrom: number;
}

/** Initial states this worker owns: indices into initStates() with their global ids. */
export interface SeedMsg {
  readonly type: "seed";
  readonly initIndices: readonly number[];
  readonly ids: readonly number[];
}

export interface ExpandMsg {
  readonly type: "expand";
  /** The first id of the level being expanded. */
  readonly levelStart: number;
  /** New fingerprints this worker may insert before it must abandon the level. */
  readonly newLimit: number;
}

export interface ExpandedMsg {
  readonly type: "expanded";
  readonly overflow: boolean;
  /** The largest number of enabled actions of a state expanded (sizes the next level's table). */
  readonly maxActions: number;
  /** Milliseconds spent expanding (profiling: AUXCHECK_PROFILE=1). */
  readonly ms: number;
}

export interface ResolveMsg {
  readonly type: "resolve";
}

export interface ResolvedMsg {
  readonly type: "resolved";
  /** How many new states this worker keeps (its winners). */
  readonly count: number;
  /** The winners' order keys, parent id * 65536 + action index, ascending (Float64Array). */
  readonly keys: SharedArrayBuffer;
  /** Successors generated per action-name slot at this level. */
  readonly generatedBySlot: Float64Array;
  /** Assertion hits raised while expanding: [propertyIndex, parentId, actionIndex] triples. */
  readonly hits: Uint32Array;
  /** Ids of expanded non-final states with no enabled action. */
  readonly deadlocks: Uint32Array;
  /** --por: states expanded with a proper ample set, and fully expanded by the cycle proviso, at this level. */
  readonly ampleStates: number;
  readonly provisoExpansions: number;
}

/** Step 3: number the winners (global id = levelEnd + rank of its key among all workers' keys) and write their links. */
export interface NumberMsg {
  readonly type: "number";
  readonly levelEnd: number;
  /** Every worker's keys (from `resolved`) and how many of them there are, by worker index. */
  readonly keys: readonly SharedArrayBuffer[];
  readonly counts: readonly number[];
  /** Parent-link chunks allocated since the last message. */
  readonly chunks: readonly LinkChunk[];
}

/** Step 4: keep the states with ids below `limit`, check their invariants, balance the load. */
export interface CheckMsg {
  readonly type: "check";
  readonly limit: number;
  /** --max-states cut this level at this transition: count what was generated up to it (inclusive). */
  readonly cut: { readonly parent: number; readonly action: number } | null;
  /** Load balance: how many of these states to hand to each other worker after checking them (by worker index). */
  readonly give: readonly number[];
  /** How many workers will hand this worker states. */
  readonly incoming: number;
}

/** States handed from one worker to another to balance the next level (ids ascending). */
export interface HandoverMsg {
  readonly type: "handover";
  readonly ids: Uint32Array;
  /** Packed when every state is a number; otherwise cloned. */
  readonly numStates: Float64Array | null;
  readonly objStates: unknown[] | null;
}

/** Worker → coordinator after step 4. */
export interface CheckedMsg {
  readonly type: "checked";
  /** [propertyIndex, stateId] pairs of state-invariant failures. */
  readonly failures: Uint32Array;
  /** New states kept, per action-name slot. */
  readonly newBySlot: Float64Array;
  /** With a cut: successors generated per action slot up to the cut, and parents expanded before it. */
  readonly generatedBeforeCut: Float64Array | null;
  readonly parentsBeforeCut: number;
  /** With a cut, --por: the parents up to the cut expanded with an ample set / by the proviso. */
  readonly ampleBeforeCut: number;
  readonly provisoBeforeCut: number;
}

export type ToWorker = WorkerInit | SeedMsg | TableMsg | ExpandMsg | ResolveMsg | NumberMsg | CheckMsg;
export type FromWorker = ExpandedMsg | ResolvedMsg | CheckedMsg | { readonly type: "numbered" } | { readonly type: "copied" } | { readonly type: "ready" } | { readonly type: "seeded" } | { readonly type: "error"; readonly message: string };
