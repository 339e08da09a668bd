/**
 * The parallel search's visited set: one open-addressing table of 64-bit fingerprints in
 * SharedArrayBuffers that every searcher thread inserts into concurrently, with no messages per state.
 *
 * Each slot is four int32s in one array, so that a probe touches one cache line: KEY, the order
 * key of the transition that found the state (0 empty, 1 being written, INIT_KEY for an initial
 * state, parent id + PARENT_BASE otherwise), then the fingerprint's HI and LO halves, then padding. A sequential BFS keeps the first transition in (parent id, action index) order that
 * reaches a state; parents are expanded by exactly one searcher, each in ascending action order,
 * so keeping the minimum parent id per slot (an atomic min on KEY) picks the same parent for any
 * number of searchers, and the searcher that expanded that parent knows the action (its first one).
 *
 * KEY also tells a state's level: ids are handed out in BFS order, so while the level whose first
 * id is `levelStart` is being expanded, KEY < levelStart + PARENT_BASE means "visited at this level
 * or before" and anything else was found during this expansion.
 *
 * The table does not grow while searchers insert: the main thread sizes it between levels (the
 * searchers copy the entries into the bigger table, each a range of slots: `copyFrom`), and a searcher
 * that sees it too full abandons the level, which is then redone in a bigger table (src/parallel.ts).
 */
export const EMPTY = 0;
const WRITING = 1;
export const INIT_KEY = 2;
export const PARENT_BASE = 3;

/** What `insert` found. */
export const NEW = 0;
/** Already there from this level's expansion, and this transition is now its first one. */
export const LOWERED = 1;
/** Already there from this level's expansion through an earlier transition. */
export const SEEN_THIS_LEVEL = 2;
/** Visited at an earlier level (or the current one). */
export const OLD = 3;

export interface SharedTableBuffers {
  readonly slots: SharedArrayBuffer;
}

const STRIDE = 4;

export class SharedVisited {
  /** [key, hi, lo, pad] per slot */
  readonly t: Int32Array;
  readonly mask: number;
  /** The slot `insert` last used. */
  lastSlot = 0;

  constructor(readonly buffers: SharedTableBuffers) {
    this.t = new Int32Array(buffers.slots);
    this.mask = this.t.length / STRIDE - 1;
  }

  static create(capacity: number): SharedVisited {
    let cap = 1024;
    while (cap < capacity) cap *= 2;
    return new SharedVisited({ slots: new SharedArrayBuffer(cap * STRIDE * 4) });
  }

  get capacity(): number {
    return this.mask + 1;
  }

  get bytes(): number {
    return this.capacity * STRIDE * 4;
  }

  /**
   * Inserts fingerprint (hi, lo) found through a transition with order key `k` (parent id +
   * PARENT_BASE, or INIT_KEY). `levelKey` is the current level's first parent id + PARENT_BASE.
   */
  insert(hi: number, lo: number, k: number, levelKey: number): number {
    hi |= 0;
    lo = hi === 0 && lo === 0 ? 1 : lo | 0; // a real (0, 0) is (0, 1), as in the sequential FingerprintSet
    const T = this.t;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const j = i << 2;
      let cur = Atomics.load(T, j);
      if (cur === EMPTY) {
        if (Atomics.compareExchange(T, j, EMPTY, WRITING) === EMPTY) {
          T[j + 1] = hi;
          T[j + 2] = lo;
          Atomics.store(T, j, k); // publishes hi and lo (sequentially consistent)
          this.lastSlot = i;
          return NEW;
        }
        cur = Atomics.load(T, j);
      }
      while (cur === WRITING) cur = Atomics.load(T, j);
      if (T[j + 1] === hi && T[j + 2] === lo) {
        this.lastSlot = i;
        if (cur < levelKey) return OLD;
        for (;;) {
          if (k >= cur) return SEEN_THIS_LEVEL;
          const was = Atomics.compareExchange(T, j, cur, k);
          if (was === cur) return LOWERED;
          cur = was;
        }
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * The key of fingerprint (hi, lo), or EMPTY when absent. While a level is expanded, a key below
   * the level's key is final (only this level's entries are still being lowered): `isOld` below.
   */
  keyOf(hi: number, lo: number): number {
    hi |= 0;
    lo = hi === 0 && lo === 0 ? 1 : lo | 0;
    const T = this.t;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const j = i << 2;
      let cur = Atomics.load(T, j);
      if (cur === EMPTY) return EMPTY;
      while (cur === WRITING) cur = Atomics.load(T, j);
      if (T[j + 1] === hi && T[j + 2] === lo) return cur;
      i = (i + 1) & this.mask;
    }
  }

  /** Visited at a level before the one whose key is levelKey, or at that level itself (the POR proviso's "old"). */
  isOld(hi: number, lo: number, levelKey: number): boolean {
    const k = this.keyOf(hi, lo);
    return k !== EMPTY && k < levelKey;
  }

  /** The key stored at slot i (after a level's expansion: its winning transition). */
  keyAt(i: number): number {
    return Atomics.load(this.t, i << 2);
  }

  /** Copies the entries of `from` in slots [start, end) whose key is below dropFrom (several threads may do disjoint ranges at once). */
  copyFrom(from: SharedVisited, start: number, end: number, dropFrom: number): void {
    const F = from.t;
    const T = this.t;
    const mask = this.mask;
    for (let i = start; i < end; i++) {
      const k = F[i << 2]!;
      if (k === EMPTY || k >= dropFrom) continue;
      const h = F[(i << 2) + 1]!;
      const l = F[(i << 2) + 2]!;
      let j = (l ^ Math.imul(h, 0x9e3779b1)) & mask;
      while (Atomics.compareExchange(T, j << 2, EMPTY, WRITING) !== EMPTY) j = (j + 1) & mask;
      T[(j << 2) + 1] = h;
      T[(j << 2) + 2] = l;
      Atomics.store(T, j << 2, k);
    }
  }
}
