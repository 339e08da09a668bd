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
 * allocates 20–53 bytes a state while it runs, shared by the properties (src/liveness/check.ts).
 */

/** Target of an edge whose successor broke the state constraint: the action is enabled, but the behaviour is cut there. */
export const CUT = 0xffffffff;

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
