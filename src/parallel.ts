/**
 * Parallel level-synchronous BFS (`--workers N`) whose result is identical to the sequential
 * engine's for any N: same distinct, generated, depth, per-action counts and the same
 * counterexamples (see src/parallel-protocol.ts for why). The coordinator keeps the parent
 * links, hands out the global ids and sizes the shared visited table between levels; workers
 * insert into that table concurrently and keep the states they found.
 *
 * Bounds: --max-states cuts at exactly the state where the sequential engine cuts (the counts
 * up to that transition are recomputed from the workers' per-parent action lists); a timeout
 * or Ctrl-C is honoured at level boundaries.
 */
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { ExploreOptions } from "./explore.ts";
import { reductionInfo } from "./explore.ts";
import { fingerprinter } from "./reduction/symmetry.ts";
import type { Action, Model } from "./model.ts";
import type { CheckedMsg, ExpandedMsg, FromWorker, ResolvedMsg, ToWorker } from "./parallel-protocol.ts";
import type { Params } from "./registry.ts";
import type { ExploreResult, PropertyResult, StopReason } from "./result.ts";
import { replayViolation, type TracePath } from "./trace.ts";
import { INIT_KEY, NEW, PARENT_BASE, SharedVisited } from "./shared-visited.ts";
import { SharedParentLinks } from "./shared-links.ts";

export interface ParallelSpec {
  /** Module exporting `modelEntries`; workers import it to build their own copy of the model. */
  readonly modulePath: string;
  readonly entryName: string;
  readonly params: Params;
  readonly workers: number;
}

const NONE = 0xffffffff;
const PROFILE = process.env.AUXCHECK_PROFILE === "1";

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

  post(msg: ToWorker, transfer: (ArrayBuffer | MessagePort)[] = []): void {
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
  const links = new SharedParentLinks();
  const initOf: number[] = [];

  const porStats = { reduced: 0, provisoExpansions: 0 };
  /** Where the time goes (printed with AUXCHECK_PROFILE=1): milliseconds per phase, as the coordinator sees it. */
  const prof = { start: 0, grow: 0, expand: 0, slowestWorker: 0, resolve: 0, number: 0, check: 0, retries: 0, grows: 0 };
  const workers = Array.from({ length: W }, () => new WorkerHandle());
  const inits = model.initStates();
  let table = SharedVisited.create(Math.max(1 << 16, inits.length * 4));
  const abort = new SharedArrayBuffer(4);
  const abortFlag = new Int32Array(abort);
  try {
    // Channels between every pair of workers, for the load-balancing handovers.
    const ports: (MessagePort | null)[][] = Array.from({ length: W }, () => new Array<MessagePort | null>(W).fill(null));
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
        const own = ports[i]!.filter((x): x is MessagePort => x !== null);
        w.post({ type: "init", index: i, workers: W, modulePath: spec.modulePath, entryName: spec.entryName, params: spec.params, freezeStates: options.freezeStates ?? false, por: options.por === true, symmetry: options.symmetry === true, table: table.buffers, ports: ports[i]!, abort }, own);
        return p;
      }),
    );

    // Level 1: the initial states, deduplicated and checked here, dealt out round robin.
    const fpOf = fingerprinter(model, options.symmetry === true);
    const fp = new Uint32Array(2);
    let generated = inits.length;
    let maxActions = 1;
    const actions: A[] = [];
    const seeds: { idx: number[]; ids: number[] }[] = workers.map(() => ({ idx: [], ids: [] }));
    inits.forEach((s, i) => {
      fpOf(s, fp);
      if (table.insert(fp[0]!, fp[1]!, INIT_KEY, PARENT_BASE) !== NEW) return;
      const id = links.push(NONE, 0);
      initOf[id] = i;
      const o = id % W;
      seeds[o]!.idx.push(i);
      seeds[o]!.ids.push(id);
      actions.length = 0;
      model.actions(s, actions);
      maxActions = Math.max(maxActions, actions.length);
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
    /** A bigger table, keeping the entries with keys below dropFrom: the workers copy a range of slots each, then use it. */
    const grow = async (capacity: number, dropFrom = Infinity): Promise<void> => {
      const t0 = performance.now();
      const bigger = SharedVisited.create(capacity);
      const n = table.capacity;
      await Promise.all(
        workers.map((w, j) => {
          const p = w.next();
          w.post({ type: "table", table: bigger.buffers, start: Math.floor((n * j) / W), end: Math.floor((n * (j + 1)) / W), dropFrom });
          return p;
        }),
      );
      table = bigger;
      prof.grow += performance.now() - t0;
      prof.grows++;
    };

    prof.start = performance.now() - started;
    let levelStart = 0;
    let levelSize = links.size;
    let depth = levelSize > 0 ? 1 : 0;
    let stopReason: StopReason = "complete";
    let queued = 0;
    let lastProgress = started;
    /** The largest ratio of new states to expanded ones so far: sizes the table for the next level. */
    let growth = 1;
    /** Parent-link chunks the workers already have. */
    let chunksSent = 0;

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

      // Expand: size the table for the worst case seen so far (every successor new), and redo
      // the level in a bigger table if a worker still finds it too full.
      const levelKey = levelStart + PARENT_BASE;
      const expected = levelSize * Math.min(maxActions, Math.max(1, Math.ceil(growth * 1.5)));
      if ((links.size + expected) * 2 > table.capacity) await grow((links.size + expected) * 2);
      const tExpand = performance.now();
      for (;;) {
        const newLimit = Math.floor((Math.floor(table.capacity * 0.9) - links.size) / W);
        const expanded = await Promise.all(
          workers.map((w) => {
            const p = w.next<ExpandedMsg>();
            w.post({ type: "expand", levelStart, newLimit });
            return p;
          }),
        );
        for (const e of expanded) maxActions = Math.max(maxActions, e.maxActions);
        prof.slowestWorker += Math.max(...expanded.map((e) => e.ms));
        if (!expanded.some((e) => e.overflow)) break;
        Atomics.store(abortFlag, 0, 0);
        prof.retries++;
        await grow(table.capacity * 2, levelKey);
      }
      const tResolve = performance.now();
      prof.expand += tResolve - tExpand;
      const resolved = await Promise.all(
        workers.map((w) => {
          const p = w.next<ResolvedMsg>();
          w.post({ type: "resolve" });
          return p;
        }),
      );

      // Number the new states (the sequential BFS's ids) and write their links, in the workers.
      const tNumber = performance.now();
      prof.resolve += tNumber - tResolve;
      const levelEnd = links.size;
      const counts = resolved.map((r) => r.count);
      const total = counts.reduce((a, b) => a + b, 0);
      links.ensure(levelEnd + total);
      const chunks = links.chunks.slice(chunksSent);
      chunksSent = links.chunks.length;
      const keys = resolved.map((r) => r.keys);
      await Promise.all(
        workers.map((w) => {
          const p = w.next();
          w.post({ type: "number", levelEnd, keys, counts, chunks });
          return p;
        }),
      );
      let cut: { parent: number; action: number } | null = null;
      if (total > 0 && levelEnd + total >= maxStates) {
        // the sequential engine stops right after the transition that finds state maxStates - 1
        const last = Math.max(maxStates, levelEnd + 1) - 1;
        cut = { parent: links.parent(last), action: links.action(last) };
        links.size = last + 1;
      } else links.size = levelEnd + total;

      // Assertions and deadlocks: the first in sequential order wins (within the cut).
      const before = (p: number, k: number): boolean => cut === null || p < cut.parent || (p === cut.parent && k <= cut.action);
      for (let pi = 0; pi < props.length; pi++) {
        if (found[pi] !== null) continue;
        let best: Found | null = null;
        for (const m of resolved) {
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

      const tCheck = performance.now();
      prof.number += tCheck - tNumber;
      const plan = cut ? null : balance(counts);
      const checked = await Promise.all(
        workers.map((w, j) => {
          const p = w.next<CheckedMsg>();
          w.post({ type: "check", limit: links.size, cut, give: plan ? plan.give[j]! : new Array<number>(W).fill(0), incoming: plan ? plan.incoming[j]! : 0 });
          return p;
        }),
      );
      prof.check += performance.now() - tCheck;
      // Successors generated, per action: the whole level, or (cut) up to the cut transition.
      let parentsDone = 0;
      for (let j = 0; j < W; j++) {
        const c = checked[j]!;
        (cut ? c.generatedBeforeCut! : resolved[j]!.generatedBySlot).forEach((n, slot) => {
          generated += n;
          genByAction[slot]! += n;
        });
        c.newBySlot.forEach((n, slot) => (newByAction[slot]! += n));
        parentsDone += c.parentsBeforeCut;
        porStats.reduced += cut ? c.ampleBeforeCut : resolved[j]!.ampleStates;
        porStats.provisoExpansions += cut ? c.provisoBeforeCut : resolved[j]!.provisoExpansions;
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
      growth = Math.max(growth, newCount / levelSize);
      levelStart += levelSize;
      levelSize = newCount;
      if (levelSize > 0) depth++;
    }

    if (PROFILE) process.stderr.write(`coordinator: ${Object.entries(prof).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(", ")}\n`);
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
      visitedBytes: links.bytes + table.bytes,
      ...(options.por || options.symmetry ? { reduction: reductionInfo(model, options, porStats) } : {}),
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Who hands how many states to whom so that every worker expands about the same number at the
 * next level: workers above their share give their surplus to those below it.
 */
export function balance(counts: readonly number[]): { give: number[][]; incoming: number[]; none: number[] } {
  const W = counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  const share = (j: number): number => Math.floor(total / W) + (j < total % W ? 1 : 0);
  const give = counts.map(() => new Array<number>(W).fill(0));
  const incoming = new Array<number>(W).fill(0);
  const surplus = counts.map((c, j) => c - share(j));
  // A handover costs a message (and, for object states, a structured clone): leave small imbalances.
  const tolerance = 32 + Math.floor(total / W / 16);
  if (surplus.every((x) => Math.abs(x) <= tolerance)) return { give, incoming, none: new Array<number>(W).fill(0) };
  for (let from = 0; from < W; from++) {
    for (let to = 0; to < W && surplus[from]! > 0; to++) {
      if (surplus[to]! >= 0) continue;
      const n = Math.min(surplus[from]!, -surplus[to]!);
      give[from]![to] = n;
      incoming[to]!++;
      surplus[from]! -= n;
      surplus[to]! += n;
    }
  }
  return { give, incoming, none: new Array<number>(W).fill(0) };
}
