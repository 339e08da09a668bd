/**
 * Parallel level-synchronous BFS (`--workers N`) whose result is identical to the sequential
 * engine's for any N: same distinct, generated, depth, per-action counts and the same
 * counterexamples (see src/parallel-protocol.ts for why). The coordinator keeps the parent
 * links and hands out the global ids; workers own the visited set's partitions and the states.
 *
 * Bounds: --max-states cuts at exactly the state where the sequential engine cuts (the counts
 * up to that transition are recomputed from the workers' per-parent action lists); a timeout
 * or Ctrl-C is honoured at level boundaries.
 */
import { MessageChannel, Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { ExploreOptions } from "./explore.ts";
import { structuralFingerprint } from "./fingerprint.ts";
import type { Action, Model } from "./model.ts";
import { ownerOf, type CheckedMsg, type FromWorker, type NewStatesMsg, type ToWorker } from "./parallel-protocol.ts";
import type { Params } from "./registry.ts";
import type { ExploreResult, PropertyResult, StopReason } from "./result.ts";
import { replayViolation, type TracePath } from "./trace.ts";
import { ParentLinks } from "./visited.ts";

export interface ParallelSpec {
  /** Module exporting `modelEntries`; workers import it to build their own copy of the model. */
  readonly modulePath: string;
  readonly entryName: string;
  readonly params: Params;
  readonly workers: number;
}

const NONE = 0xffffffff;

class WorkerHandle {
  private readonly w: Worker;
  private waiting: ((m: FromWorker) => void) | null = null;
  private failed: Error | null = null;

  constructor() {
    this.w = new Worker(fileURLToPath(new URL("./worker-boot.mjs", import.meta.url)));
    this.w.on("message", (m: FromWorker) => {
      if (m.type === "error") this.failed = new Error(`search worker failed: ${m.message}`);
      const k = this.waiting;
      this.waiting = null;
      k?.(m);
    });
    this.w.on("error", (e) => {
      this.failed = e;
      const k = this.waiting;
      this.waiting = null;
      k?.({ type: "error", message: String(e) });
    });
  }

  post(msg: ToWorker, transfer: (ArrayBuffer | import("node:worker_threads").MessagePort)[] = []): void {
    this.w.postMessage(msg, transfer as never);
  }

  /** The next message from this worker. */
  next<T extends FromWorker>(): Promise<T> {
    return new Promise((resolve, reject) => {
      this.waiting = (m) => (this.failed ? reject(this.failed) : resolve(m as T));
    });
  }

  terminate(): Promise<number> {
    return this.w.terminate();
  }
}

interface Found {
  readonly stateId: number;
  readonly actionIndex: number;
}

export async function exploreParallel<S, A extends Action>(model: Model<S, A>, spec: ParallelSpec, options: ExploreOptions = {}): Promise<ExploreResult> {
  const started = performance.now();
  const W = spec.workers;
  const maxStates = options.maxStates ?? Infinity;
  const maxDepth = options.maxDepth ?? Infinity;
  const deadline = options.timeoutSeconds !== undefined ? started + options.timeoutSeconds * 1000 : Infinity;
  const props = model.properties;
  const found: (Found | null)[] = props.map(() => null);
  let violated = 0;
  const record = (pi: number, f: Found): void => {
    if (found[pi] === null) {
      found[pi] = f;
      violated++;
    }
  };
  const actionNames = [...model.actionNames];
  const genByAction = actionNames.map(() => 0);
  const newByAction = actionNames.map(() => 0);
  const links = new ParentLinks();
  const initOf: number[] = [];

  const workers = Array.from({ length: W }, () => new WorkerHandle());
  try {
    // Channels between every pair of workers.
    const ports: (import("node:worker_threads").MessagePort | null)[][] = Array.from({ length: W }, () => new Array(W).fill(null));
    for (let i = 0; i < W; i++) {
      for (let j = i + 1; j < W; j++) {
        const ch = new MessageChannel();
        ports[i]![j] = ch.port1;
        ports[j]![i] = ch.port2;
      }
    }
    await Promise.all(
      workers.map((w, i) => {
        const p = w.next();
        const own = ports[i]!.filter((x): x is import("node:worker_threads").MessagePort => x !== null);
        w.post({ type: "init", index: i, workers: W, modulePath: spec.modulePath, entryName: spec.entryName, params: spec.params, freezeStates: options.freezeStates ?? false, ports: ports[i]! }, own);
        return p;
      }),
    );

    // Level 1: the initial states, deduplicated and checked here.
    const fpOf = model.fingerprint ? model.fingerprint.bind(model) : structuralFingerprint;
    const fp = new Uint32Array(2);
    const inits = model.initStates();
    let generated = inits.length;
    const seen = new Set<string>();
    const seeds: { idx: number[]; ids: number[] }[] = workers.map(() => ({ idx: [], ids: [] }));
    inits.forEach((s, i) => {
      fpOf(s, fp);
      const key = `${fp[0]}:${fp[1]}`;
      if (seen.has(key)) return;
      seen.add(key);
      const id = links.push(NONE, 0);
      initOf[id] = i;
      const o = ownerOf(fp[0]!, fp[1]!, W);
      seeds[o]!.idx.push(i);
      seeds[o]!.ids.push(id);
      const quiet = !model.quiescent || model.quiescent(s);
      props.forEach((p, pi) => {
        if ((p.kind === "always" || (p.kind === "quiescent" && quiet)) && !p.holds!(s)) record(pi, { stateId: id, actionIndex: -1 });
      });
    });
    await Promise.all(
      workers.map((w, i) => {
        const p = w.next();
        w.post({ type: "seed", initIndices: seeds[i]!.idx, ids: seeds[i]!.ids });
        return p;
      }),
    );

    let levelStart = 0;
    let levelSize = links.size;
    let depth = levelSize > 0 ? 1 : 0;
    let stopReason: StopReason = "complete";
    let queued = 0;
    let lastProgress = started;

    while (levelSize > 0) {
      if (props.length > 0 && violated === props.length) {
        stopReason = "all-violated";
        queued = levelSize;
        break;
      }
      if (depth >= maxDepth) {
        stopReason = "max-depth";
        queued = levelSize;
        break;
      }
      const now = performance.now();
      if (now > deadline || options.signal?.aborted) {
        stopReason = now > deadline ? "timeout" : "interrupted";
        queued = levelSize;
        break;
      }
      if (options.onProgress && now - lastProgress >= 1000) {
        lastProgress = now;
        options.onProgress({ distinct: links.size, generated, depth, queued: levelSize, seconds: (now - started) / 1000 });
      }

      const news = await Promise.all(
        workers.map((w) => {
          const p = w.next<NewStatesMsg>();
          w.post({ type: "expand" });
          return p;
        }),
      );

      // Merge the owners' new states in (parent, action) order: the sequential ids.
      const pos = new Array<number>(W).fill(0);
      const assigned: number[][] = workers.map(() => []);
      let cut: { parent: number; action: number } | null = null;
      for (;;) {
        let best = -1;
        for (let j = 0; j < W; j++) {
          const m = news[j]!;
          if (pos[j]! >= m.parent.length) continue;
          if (best < 0) {
            best = j;
            continue;
          }
          const b = news[best]!;
          const pj = m.parent[pos[j]!]!;
          const pb = b.parent[pos[best]!]!;
          if (pj < pb || (pj === pb && m.action[pos[j]!]! < b.action[pos[best]!]!)) best = j;
        }
        if (best < 0) break;
        const m = news[best]!;
        const i = pos[best]!++;
        const id = links.push(m.parent[i]!, m.action[i]!);
        assigned[best]!.push(id);
        newByAction[m.slot[i]!]!++;
        if (links.size >= maxStates) {
          cut = { parent: m.parent[i]!, action: m.action[i]! };
          break;
        }
      }

      // Assertions and deadlocks: the first in sequential order wins (within the cut).
      const before = (p: number, k: number): boolean => cut === null || p < cut.parent || (p === cut.parent && k <= cut.action);
      for (let pi = 0; pi < props.length; pi++) {
        if (found[pi] !== null) continue;
        let best: Found | null = null;
        for (const m of news) {
          for (let h = 0; h < m.hits.length; h += 3) {
            if (m.hits[h] !== pi) continue;
            const p = m.hits[h + 1]!;
            const k = m.hits[h + 2]!;
            if (!before(p, k)) continue;
            if (best === null || p < best.stateId || (p === best.stateId && k < best.actionIndex)) best = { stateId: p, actionIndex: k };
          }
          if (props[pi]!.kind === "deadlock") {
            for (const d of m.deadlocks) {
              if (cut !== null && d > cut.parent) continue;
              if (best === null || d < best.stateId) best = { stateId: d, actionIndex: -1 };
            }
          }
        }
        if (best) record(pi, best);
      }

      const checked = await Promise.all(
        workers.map((w, j) => {
          const p = w.next<CheckedMsg>();
          const ids = Uint32Array.from(assigned[j]!);
          w.post({ type: "ids", ids, cut }, [ids.buffer]);
          return p;
        }),
      );
      // Successors generated, per action: the whole level, or (cut) up to the cut transition.
      let parentsDone = 0;
      for (let j = 0; j < W; j++) {
        const counts = cut ? checked[j]!.generatedBeforeCut! : news[j]!.generatedBySlot;
        parentsDone += checked[j]!.parentsBeforeCut;
        counts.forEach((c, slot) => {
          generated += c;
          genByAction[slot]! += c;
        });
      }
      for (let pi = 0; pi < props.length; pi++) {
        if (found[pi] !== null) continue;
        let best = Infinity;
        for (const c of checked) for (let h = 0; h < c.failures.length; h += 2) if (c.failures[h] === pi && c.failures[h + 1]! < best) best = c.failures[h + 1]!;
        if (best !== Infinity) record(pi, { stateId: best, actionIndex: -1 });
      }

      const newCount = links.size - (levelStart + levelSize);
      if (cut !== null) {
        stopReason = "max-states";
        queued = levelSize - parentsDone + newCount;
        break;
      }
      levelStart += levelSize;
      levelSize = newCount;
      if (levelSize > 0) depth++;
    }

    const complete = stopReason === "complete";
    const pathTo = (f: Found): TracePath => {
      const indices: number[] = [];
      if (f.actionIndex >= 0) indices.push(f.actionIndex);
      let id = f.stateId;
      while (links.parent(id) !== NONE) {
        indices.push(links.action(id));
        id = links.parent(id);
      }
      indices.reverse();
      return { initIndex: initOf[id]!, actionIndices: indices };
    };
    const properties: PropertyResult[] = props.map((p, i) => ({
      name: p.name,
      kind: p.kind,
      verdict: found[i] ? "violated" : complete ? "ok" : "incomplete",
      description: p.description ?? null,
      violation: found[i] ? replayViolation(model, pathTo(found[i]!), p.name) : null,
    }));
    const d = links.size;
    return {
      model: model.name,
      complete,
      stopReason,
      distinct: d,
      generated,
      depth,
      queued: complete ? 0 : queued,
      seconds: (performance.now() - started) / 1000,
      properties,
      actions: actionNames.map((name, i) => ({ name, generated: genByAction[i]!, distinct: newByAction[i]! })),
      collisionProbability: (d * (generated - d)) / 2 ** 64,
      visitedBytes: links.bytes, // the workers' tables are not counted here
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
