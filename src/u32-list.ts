/**
 * A growable list of uint32 values in a typed array: the parallel searchers' lists that live through a
 * level (frontier ids and indices, transitions into the next level). A JS array of numbers that lives
 * that long outlives a young-generation collection or two, so V8 copies it and promotes it to the old
 * generation, where it dies at the level's end; a typed array's elements live outside the JS heap and
 * are never copied by the collector. (E3 on two CPUs with --workers 2, --trace-gc-nvp, 2026-12-04: 64 MB
 * promoted by young-generation collections with JS arrays, 15 MB with these lists.)
 */
export class U32List {
  length = 0;
  private a: Uint32Array<ArrayBuffer>;

  constructor(capacity = 1024) {
    this.a = new Uint32Array(Math.max(16, capacity));
  }

  /** A list holding the values of `values`. */
  static of(values: ArrayLike<number>): U32List {
    const l = new U32List(values.length);
    for (let i = 0; i < values.length; i++) l.a[i] = values[i]!;
    l.length = values.length;
    return l;
  }

  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }

  get(i: number): number {
    return this.a[i]!;
  }

  /** Keeps the first n values. */
  truncate(n: number): void {
    this.length = n;
  }

  /** The values [from, to) in a typed array of their own (one that may be transferred to another thread). */
  copy(from = 0, to = this.length): Uint32Array<ArrayBuffer> {
    return this.a.slice(from, to);
  }

  /** The values in place (valid until the next push): for sorting them. */
  view(): Uint32Array<ArrayBuffer> {
    return this.a.subarray(0, this.length);
  }
}
