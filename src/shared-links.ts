/**
 * Parent links in shared memory for the parallel search: the parent's id and the action index
 * of each state, indexed by global id, in fixed chunks of SharedArrayBuffers so that growth
 * never copies. The main thread allocates chunks between levels and hands them to the helper
 * threads; every searcher writes the links of the states it numbers, and the main thread reads
 * them to rebuild traces.
 */
export const CHUNK = 1 << 20;

export interface LinkChunk {
  readonly parent: SharedArrayBuffer;
  readonly action: SharedArrayBuffer;
}

export class SharedParentLinks {
  private readonly parents: Uint32Array[] = [];
  private readonly actions: Uint16Array[] = [];
  readonly chunks: LinkChunk[] = [];
  /** Ids below size are in use (the main thread sets it after each level). */
  size = 0;

  /** Appends a link (the main thread, for initial states); returns its id. */
  push(parent: number, action: number): number {
    const id = this.size++;
    this.ensure(this.size);
    this.set(id, parent, action);
    return id;
  }

  /** Room for ids below n; returns the chunks it had to add. */
  ensure(n: number): LinkChunk[] {
    const added: LinkChunk[] = [];
    while (this.chunks.length * CHUNK < n) {
      const c = { parent: new SharedArrayBuffer(CHUNK * 4), action: new SharedArrayBuffer(CHUNK * 2) };
      this.adopt([c]);
      added.push(c);
    }
    return added;
  }

  /** Takes chunks allocated elsewhere (a helper takes the main thread's). */
  adopt(chunks: readonly LinkChunk[]): void {
    for (const c of chunks) {
      this.chunks.push(c);
      this.parents.push(new Uint32Array(c.parent));
      this.actions.push(new Uint16Array(c.action));
    }
  }

  get bytes(): number {
    return this.chunks.length * CHUNK * 6;
  }

  set(id: number, parent: number, action: number): void {
    const c = (id / CHUNK) | 0;
    const k = id & (CHUNK - 1);
    this.parents[c]![k] = parent;
    this.actions[c]![k] = action;
  }

  parent(id: number): number {
    return this.parents[(id / CHUNK) | 0]![id & (CHUNK - 1)]!;
  }

  action(id: number): number {
    return this.actions[(id / CHUNK) | 0]![id & (CHUNK - 1)]!;
  }
}
