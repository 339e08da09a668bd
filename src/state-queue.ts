/**
 * The states of one BFS level, in order. When the model packs its states into 32-bit words
 * (`Model.packing`), they are kept as words in one growable Int32Array instead of as objects: a level
 * then costs 4 bytes a word, and the objects of the states found live only until they are packed
 * (and again from their expansion on), so they die young and the heap stays small on long runs.
 */
import type { StatePacking } from "./model.ts";

export class Level<S> {
  length = 0;
  private readonly objects: S[] = [];
  private words: Int32Array<ArrayBuffer> = new Int32Array(0);
  private used = 0;
  /** start of state i's words is starts[i]; its end is starts[i + 1] (or `used`) */
  private starts: Int32Array<ArrayBuffer> = new Int32Array(0);

  constructor(private readonly packing: StatePacking<S> | null) {}

  push(s: S): void {
    if (this.packing === null) {
      this.objects.push(s);
      this.length++;
      return;
    }
    const n = this.packing.size(s);
    if (this.used + n > this.words.length) this.words = grow(this.words, this.used + n);
    if (this.length + 1 > this.starts.length) this.starts = grow(this.starts, this.length + 1);
    this.starts[this.length++] = this.used;
    this.packing.write(s, this.words, this.used);
    this.used += n;
  }

  /** State i (a fresh object each time when packed). */
  at(i: number): S {
    if (this.packing === null) return this.objects[i]!;
    const start = this.starts[i]!;
    const end = i + 1 < this.length ? this.starts[i + 1]! : this.used;
    return this.packing.read(this.words, start, end - start);
  }

  /** Empties the level, keeping its buffers for reuse. */
  clear(): void {
    this.objects.length = 0;
    this.length = 0;
    this.used = 0;
  }
}

function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(need, 1024, a.length * 2));
  b.set(a);
  return b;
}
