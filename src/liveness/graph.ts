/**
 * The state graph that liveness checking needs, recorded by the sequential BFS (src/explore.ts)
 * while it explores: ids are the BFS's state ids, and each expanded state's out-edges are kept in
 * the order of its enabled actions, so that an edge's position in its state's range is the action
 * index a trace replays (no action index is stored). States are expanded in id order, hence the
 * edges of state s are edges[start[s] .. start[s + 1]).
 *
 * Memory, on top of the safety search: per edge 4 bytes (target id) + 2 bytes (fairness label),
 * up to twice that while the arrays grow by doubling; per state 4 bytes (start offset), 4 bytes
 * per slot of the id table (1.3–2.7 slots a state) and one byte of predicate flags per liveness
 * property. Measured (npm run bench -- --liveness): counters n=4 max=20, 4 edges a state, 4
 * properties: 65 bytes a state against 17 for safety alone. The analysis after the search
 * allocates about 57 bytes a state while it runs (src/liveness/check.ts).
 */

/** Target of an edge whose successor broke the state constraint: the action is enabled, but the behaviour is cut there. */
export const CUT = 0xffffffff;

/**
 * The visited set of src/visited.ts, plus the id of each fingerprint (its insertion rank, which
 * the BFS makes equal to the state id): `lastId` is the id of the fingerprint just added or found.
 */
export class IndexedFingerprints {
  private slots: Uint32Array;
  private ids: Uint32Array;
  private mask: number;
  private count = 0;
  lastId = -1;

  constructor(initialCapacity = 1 << 16) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.slots = new Uint32Array(cap * 2);
    this.ids = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.slots.byteLength + this.ids.byteLength;
  }

  /** Adds the fingerprint; true when it was not there before. Either way `lastId` is its id. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const j = i << 1;
      const h = slots[j]!;
      const l = slots[j + 1]!;
      if (h === 0 && l === 0) {
        slots[j] = hi;
        slots[j + 1] = lo;
        this.ids[i] = this.count;
        this.lastId = this.count++;
        return true;
      }
      if (h === hi && l === lo) {
        this.lastId = this.ids[i]!;
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
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
    const old = this.slots;
    const oldIds = this.ids;
    const cap = (this.mask + 1) * 2;
    this.slots = new Uint32Array(cap * 2);
    this.ids = new Uint32Array(cap);
    this.mask = cap - 1;
    const slots = this.slots;
    const mask = this.mask;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi === 0 && lo === 0) continue;
      let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (slots[i << 1] !== 0 || slots[(i << 1) + 1] !== 0) i = (i + 1) & mask;
      slots[i << 1] = hi;
      slots[(i << 1) + 1] = lo;
      this.ids[i] = oldIds[j >> 1]!;
    }
  }
}

/** Out-edges of the expanded states, in compressed rows (see the top of this file). */
export class StateGraph {
  /** start[s]: index of state s's first edge; start[expanded] = number of edges. */
  start = new Uint32Array(1 << 12);
  targets = new Uint32Array(1 << 14);
  /** Fairness label of each edge (src/liveness/fairness.ts): 0 = none. */
  labels = new Uint16Array(1 << 14);
  /** States whose edges are complete: ids 0 .. expanded - 1. */
  expanded = 0;
  private edges = 0;

  get edgeCount(): number {
    return this.start[this.expanded]!;
  }

  get bytes(): number {
    return this.start.byteLength + this.targets.byteLength + this.labels.byteLength;
  }

  /** Starts recording the edges of state `id`, which must be the next one in id order. */
  begin(id: number): void {
    if (id !== this.expanded) throw new Error(`state graph: state ${id} expanded out of order (expected ${this.expanded})`);
    this.edges = this.start[id]!;
  }

  push(target: number, label: number): void {
    const e = this.edges++;
    if (e === this.targets.length) {
      if (e >= 0xffffffff) throw new Error("state graph: more than 2^32 edges");
      this.targets = grown(this.targets);
      this.labels = grown(this.labels);
    }
    this.targets[e] = target;
    this.labels[e] = label;
  }

  /** The state's edges are complete (not called for a state cut in the middle of its expansion). */
  end(): void {
    const next = ++this.expanded;
    if (next === this.start.length) this.start = grown(this.start);
    this.start[next] = this.edges;
  }
}

function grown<T extends Uint32Array | Uint16Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}
