/**
 * The visited set: 64-bit fingerprints in an open-addressing table on a Uint32Array
 * (V8's Map/Set stop at 2^24 entries), linear probing, grown at 3/4 load.
 * The all-zero fingerprint marks an empty slot, so a real (0, 0) is stored as (0, 1).
 * A fingerprint's home slot is the top bits of its hash, so that doubling the table keeps the
 * slots' order: growing reads the old table and writes the new one front to back (with the low
 * bits, each entry would land at random in a table larger than the caches).
 * With `withIds`, each fingerprint also keeps its insertion rank (the BFS makes it the state id;
 * liveness needs it to record edges): `lastId` is the id of the fingerprint just added or found.
 */
import { keyHash } from "./fingerprint.ts";

/** The home slot of fingerprint (hi, lo) in a table of 2^(32 - shift) slots: the top bits of its hash. */
function home(hi: number, lo: number, shift: number): number {
  return (lo ^ Math.imul(hi, 0x9e3779b1)) >>> shift;
}

/**
 * What FingerprintSet and KeySet share: an open-addressing table of 2^k slots of `words` uint32
 * each, the ids beside it, the count, and giving the memory back when the search is over.
 */
abstract class SlotTable {
  protected slots: Uint32Array;
  protected ids: Uint32Array | null;
  protected mask: number;
  protected shift: number; // 32 - log2(capacity): home slot = hash >>> shift
  protected count = 0;
  protected released = false;
  lastId = -1;

  constructor(
    initialCapacity: number,
    withIds: boolean,
    /** uint32 words a slot */
    private readonly words: number,
  ) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.slots = new Uint32Array(cap * words);
    this.ids = withIds ? new Uint32Array(cap) : null;
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.slots.byteLength + (this.ids?.byteLength ?? 0);
  }

  /**
   * The search is over: the table's memory goes back (the liveness analysis that follows needs it
   * more); `size` stays, and any later `add` or `has` throws.
   */
  release(): void {
    this.released = true;
    this.slots = new Uint32Array(0);
    this.ids = null;
    this.mask = -1; // the next add grows, and grow() throws
  }

  /** Twice the slots, empty (with ids if kept): the subclass puts the old table's entries, returned, back in. */
  protected doubleCapacity(): [Uint32Array, Uint32Array | null] {
    if (this.released) throw new Error("visited set: added to after release()");
    const old = this.slots;
    const oldIds = this.ids;
    const cap = (this.mask + 1) * 2;
    this.slots = new Uint32Array(cap * this.words);
    if (oldIds !== null) this.ids = new Uint32Array(cap);
    this.mask = cap - 1;
    this.shift--;
    return [old, oldIds];
  }
}

export class FingerprintSet extends SlotTable {
  constructor(initialCapacity = 1 << 16, withIds = false) {
    super(initialCapacity, withIds, 2);
  }

  /** Adds the fingerprint; true when it was not there before. With ids, either way `lastId` is its id. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    const shift = this.shift;
    let i = home(hi, lo, shift);
    for (;;) {
      const j = i << 1;
      const h = slots[j]!;
      const l = slots[j + 1]!;
      if (h === 0 && l === 0) {
        slots[j] = hi;
        slots[j + 1] = lo;
        if (this.ids !== null) this.ids[i] = this.lastId = this.count;
        this.count++;
        return true;
      }
      if (h === hi && l === lo) {
        if (this.ids !== null) this.lastId = this.ids[i]!;
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  has(hi: number, lo: number): boolean {
    if (this.released) throw new Error("visited set: looked up after release()");
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    const mask = this.mask;
    const shift = this.shift;
    let i = home(hi, lo, shift);
    for (;;) {
      const j = i << 1;
      const h = slots[j]!;
      const l = slots[j + 1]!;
      if (h === 0 && l === 0) return false;
      if (h === hi && l === lo) return true;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const [old, oldIds] = this.doubleCapacity();
    const slots = this.slots;
    const mask = this.mask;
    const shift = this.shift;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi === 0 && lo === 0) continue;
      let i = home(hi, lo, shift);
      while (slots[i << 1] !== 0 || slots[(i << 1) + 1] !== 0) i = (i + 1) & mask;
      slots[i << 1] = hi;
      slots[(i << 1) + 1] = lo;
      if (oldIds !== null) this.ids![i] = oldIds[j >> 1]!;
    }
  }
}

/**
 * The visited set of a model that gives exact keys (Model.key): the uint32 keys themselves, 4 bytes
 * a slot, in an open-addressing table like FingerprintSet's (linear probing, grown at 3/4 load, the
 * home slot the top bits of a hash of the key, so that growing keeps the slots' order). Two states
 * are merged only when their keys are equal, which the model promises means the same state: no
 * collision can hide a state, and the table is half a FingerprintSet's (counters 4x50: 32 MB
 * instead of 64). 0 marks an empty slot, so key 0 is kept aside (`zeroId`).
 * Same interface as FingerprintSet: `add(hi, lo)` takes the fingerprint that keyFingerprint
 * (src/fingerprint.ts) writes: `lo` is the key and `hi` its keyHash, whose top bits are the home
 * slot (taken as given: recomputing it costs 5-6% of a counters search).
 */
export class KeySet extends SlotTable {
  private zeroId = -1; // key 0's insertion rank once added, -1 before

  constructor(initialCapacity = 1 << 16, withIds = false) {
    super(initialCapacity, withIds, 1);
  }

  /** Adds the key `lo` (`hi` its keyHash); true when it was not there before. With ids, either way `lastId` is its id. */
  add(hi: number, lo: number): boolean {
    const key = lo >>> 0;
    if (key === 0) return this.addZero();
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    let i = hi >>> this.shift;
    for (;;) {
      const k = slots[i]!;
      if (k === 0) {
        slots[i] = key;
        if (this.ids !== null) this.ids[i] = this.lastId = this.count;
        this.count++;
        return true;
      }
      if (k === key) {
        if (this.ids !== null) this.lastId = this.ids[i]!;
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  has(hi: number, lo: number): boolean {
    if (this.released) throw new Error("visited set: looked up after release()");
    const key = lo >>> 0;
    if (key === 0) return this.zeroId >= 0;
    const slots = this.slots;
    const mask = this.mask;
    let i = hi >>> this.shift;
    for (;;) {
      const k = slots[i]!;
      if (k === 0) return false;
      if (k === key) return true;
      i = (i + 1) & mask;
    }
  }

  private addZero(): boolean {
    if (this.released) throw new Error("visited set: added to after release()");
    if (this.zeroId >= 0) {
      if (this.ids !== null) this.lastId = this.zeroId;
      return false;
    }
    this.zeroId = this.count++;
    if (this.ids !== null) this.lastId = this.zeroId;
    return true;
  }

  private grow(): void {
    const [old, oldIds] = this.doubleCapacity();
    const slots = this.slots;
    const mask = this.mask;
    const shift = this.shift;
    for (let j = 0; j < old.length; j++) {
      const key = old[j]!;
      if (key === 0) continue;
      let i = keyHash(key) >>> shift;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = key;
      if (oldIds !== null) this.ids![i] = oldIds[j]!;
    }
  }
}

/** Parent links per chunk: 2^16, so that a uint32 id's chunk is id >>> CHUNK_BITS and its index id & CHUNK_MASK. */
const CHUNK_BITS = 16;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/**
 * Parent links, indexed by state id (ids are handed out in BFS order): the parent's id and
 * the index of the action in the parent's enabled-action list. 6 bytes a state, in chunks so
 * that growth never copies.
 */
export class ParentLinks {
  private static readonly CHUNK = 1 << CHUNK_BITS;
  private parents: Uint32Array[] = [];
  private actions: Uint16Array[] = [];
  private n = 0;

  get size(): number {
    return this.n;
  }

  get bytes(): number {
    return this.parents.length * ParentLinks.CHUNK * 6;
  }

  push(parent: number, actionIndex: number): number {
    const id = this.n++;
    const c = id >>> CHUNK_BITS;
    if (c === this.parents.length) {
      this.parents.push(new Uint32Array(ParentLinks.CHUNK));
      this.actions.push(new Uint16Array(ParentLinks.CHUNK));
    }
    const k = id & CHUNK_MASK;
    this.parents[c]![k] = parent;
    this.actions[c]![k] = actionIndex;
    return id;
  }

  /** A new parent link for an existing state (src/path-cost.ts: a cheaper shortest path). */
  set(id: number, parent: number, actionIndex: number): void {
    this.parents[id >>> CHUNK_BITS]![id & CHUNK_MASK] = parent;
    this.actions[id >>> CHUNK_BITS]![id & CHUNK_MASK] = actionIndex;
  }

  parent(id: number): number {
    return this.parents[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }

  action(id: number): number {
    return this.actions[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }
}

