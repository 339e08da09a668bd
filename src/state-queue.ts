/**
 * The states of one BFS level, in order. When the model packs its states into 32-bit words
 * (`Model.packing`), they are kept as words instead of as objects: a level then costs 4 bytes a
 * word, and the objects of the states found live only until they are packed (and again from their
 * expansion on), so they die young and the heap stays small on long runs.
 *
 * The words live in fixed-size chunks that the two levels of a search share through a `ChunkPool`:
 * the level being expanded hands a chunk back once every state in it has been read (`read`), and
 * the level being filled takes it. The two levels together then hold about the wider one's words,
 * not both levels' (the ticks=3 two-CPU kernel run: its widest level is 16 MB of words).
 */
import type { StatePacking } from "./model.ts";
import { U32List } from "./u32-list.ts";

/** Words per chunk (256 KB): a kernel state is 100-250 words, so at most one state's worth is left unused at a chunk's end. */
const CHUNK_WORDS = 1 << 16;

/** The spare chunks of a search's levels. */
export class ChunkPool {
  private readonly spare: Int32Array<ArrayBuffer>[] = [];

  /** A chunk of at least `words` words (a chunk of its own for a state larger than a chunk). */
  take(words: number): Int32Array<ArrayBuffer> {
    if (words > CHUNK_WORDS) return new Int32Array(words);
    return this.spare.pop() ?? new Int32Array(CHUNK_WORDS);
  }

  give(chunk: Int32Array<ArrayBuffer>): void {
    if (chunk.length === CHUNK_WORDS) this.spare.push(chunk);
  }

  /** Lets the spare chunks go (the search is over). */
  drop(): void {
    this.spare.length = 0;
  }
}

export class Level<S> {
  length = 0;
  /**
   * Unpacked states. Emptying the level keeps the array's room for the level after next, which would
   * otherwise grow a new array from nothing (a large array is allocated in pages of its own, fresh
   * from the system each time: counters n=4 max=49 took 127,000 page faults, 87,000 without).
   */
  private readonly objects: S[] = [];
  /** The chunks holding the level's words, in order; null once handed back (`read`). */
  private chunks: (Int32Array<ArrayBuffer> | null)[] = [];
  /** Words used in the last chunk. */
  private used = CHUNK_WORDS;
  /** State i is the words [offset[i], offset[i] + size[i]) of chunk chunkOf[i]. */
  private chunkOf = new Int32Array(0);
  private offset = new Int32Array(0);
  private size = new Int32Array(0);
  /** Chunks before this one have been handed back. */
  private released = 0;

  constructor(
    private readonly packing: StatePacking<S> | null,
    private readonly pool: ChunkPool,
  ) {}

  push(s: S): void {
    if (this.packing === null) {
      this.objects[this.length++] = s;
      return;
    }
    const n = this.packing.size(s);
    let last = this.chunks.length - 1;
    if (last < 0 || this.used + n > this.chunks[last]!.length) {
      this.chunks.push(this.pool.take(n));
      this.used = 0;
      last++;
    }
    const i = this.length++;
    if (i === this.size.length) {
      this.chunkOf = grown(this.chunkOf);
      this.offset = grown(this.offset);
      this.size = grown(this.size);
    }
    this.chunkOf[i] = last;
    this.offset[i] = this.used;
    this.size[i] = n;
    this.packing.write(s, this.chunks[last]!, this.used);
    this.used += n;
  }

  /**
   * State i, read for the last time: the states before it are not read again, and the chunks holding
   * only such states go back to the pool. Packed, it is what `packing.read` makes of its words (the
   * kernel's: a view of the chunk), so it is valid until a state of a later chunk is read. (Unpacked, its
   * slot is emptied: the array keeps its room for the level after next, not the states.)
   */
  read(i: number): S {
    if (this.packing === null) {
      const s = this.objects[i]!;
      this.objects[i] = undefined as S;
      return s;
    }
    const c = this.chunkOf[i]!;
    while (this.released < c) {
      this.pool.give(this.chunks[this.released]!);
      this.chunks[this.released++] = null;
    }
    return this.packing.read(this.chunks[c]!, this.offset[i]!, this.size[i]!);
  }

  /** Empties the level; its chunks go back to the pool. */
  clear(): void {
    this.length = 0;
    for (let c = this.released; c < this.chunks.length; c++) this.pool.give(this.chunks[c]!);
    this.chunks = [];
    this.released = 0;
    this.used = CHUNK_WORDS;
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(1024, a.length * 2));
  b.set(a);
  return b;
}

/**
 * States by index, kept as words when the model packs them (as `Level` does, for the same reason: the
 * objects die young), read in any order and any number of times: the parallel searchers' frontier and
 * the successors they found first (src/level-search.ts), which are read again, in another order, after the level
 * (a `Frontier` over the store). `clear` empties it for the next level, keeping its room.
 */
export class StateStore<S> {
  length = 0;
  private readonly objects: S[] = [];
  private words = new Int32Array(0);
  /** State i is the words [offset[i], offset[i + 1]). */
  private offset = new Int32Array(1024);

  constructor(private readonly packing: StatePacking<S> | null) {}

  push(s: S): void {
    if (this.packing === null) {
      this.objects[this.length++] = s;
      return;
    }
    const at = this.append(this.packing.size(s)); // (before reading this.words, which append may replace)
    this.packing.write(s, this.words, at);
  }

  /** State i: when packed, what `packing.read` makes of its words (the kernel's: a view, valid until `clear`). */
  get(i: number): S {
    if (this.packing === null) return this.objects[i]!;
    const at = this.offset[i]!;
    return this.packing.read(this.words, at, this.offset[i + 1]! - at);
  }

  /** Empties the store, which keeps its words' room for the next use (a searcher recycles its stores level after level). */
  clear(): void {
    if (this.packing === null) this.objects.length = 0;
    this.length = 0;
  }

  /** Room for one more state of n words: where its words go. */
  private append(n: number): number {
    const i = this.length++;
    if (i + 1 === this.offset.length) this.offset = grown(this.offset);
    const at = this.offset[i]!;
    if (at + n > this.words.length) {
      const w = new Int32Array(Math.max(1 << 16, (at + n) * 2));
      w.set(this.words.subarray(0, at));
      this.words = w;
    }
    this.offset[i + 1] = at + n;
    return at;
  }
}

/**
 * A parallel searcher's frontier: some of a store's states, by index (the candidates that won, read in place
 * from the candidates' store: copying their words into a store of their own was about 4% of a searcher's
 * CPU profile), then the states it steals, appended to the store.
 */
export class Frontier<S> {
  constructor(
    readonly store: StateStore<S>,
    /** frontier index -> index in the store */
    private readonly at: U32List,
  ) {}

  get length(): number {
    return this.at.length;
  }

  get(i: number): S {
    return this.store.get(this.at.get(i));
  }

  push(s: S): void {
    this.at.push(this.store.length);
    this.store.push(s);
  }

  /** Keeps the first n states (the tail was given to another searcher). */
  truncate(n: number): void {
    this.at.truncate(n);
  }
}
