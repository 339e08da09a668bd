/**
 * Parallel level-synchronous BFS (`--workers N`: N searchers, the main thread one of them) whose
 * result is identical to the sequential engine's for any N: same distinct, generated, depth,
 * per-action counts and the same counterexamples (src/parallel-protocol.ts says why). The main
 * thread searches from the first level on, while the helper threads boot; each helper joins at
 * the next level once it is ready. The main thread also keeps the parent links, hands out the
 * global ids and sizes the shared visited table between levels.
 *
 * Bounds: --max-states cuts at exactly the state where the sequential engine cuts (the searchers
 * recount what was generated up to that transition); a timeout or Ctrl-C is honoured at level
 * boundaries.
 *
 * Liveness properties are checked on the state graph the sequential engine records
 * (src/liveness/), so a model that has any is searched by one thread here: same output.
 * A state constraint (Model.constraint) is applied as in src/explore.ts: an out-of-model successor
 * is generated and checked (its invariant failures travel with the assertion hits) but not inserted.
 * Among a level's violations of a property the one kept is the sequential engine's: the least cost
 * (src/path-cost.ts, with Model.nesting: the searchers report every transition into the next level
 * with whether it raises the nesting, and the main thread gives each new state its least cost and the
 * parent link of the first path of that cost), then the first in sequential order.
 *
 * Environment: AUXCHECK_PROFILE=1 prints where the time went; AUXCHECK_WAIT_FOR_HELPERS=1 (tests)
 * starts only once every helper has booted, so that small models are split too.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { ExploreOptions } from "./explore.ts";
import { checksLiveness, exploreAsync, reductionInfo } from "./explore.ts";
import { checkedModel } from "./checked-model.ts";
import { GoalTracker } from "./goals.ts";
import { isLiveness } from "./liveness/check.ts";
import { failedStateProperties, LevelSearch, stateProperties, stealProf } from "./level-search.ts";
import { heapNearLimit } from "./memory.ts";
import { DEFAULT_CHECKED_STATES } from "./model-check.ts";
import { fingerprinter } from "./reduction/symmetry.ts";
import { ModelError, type Action, type Model } from "./model.ts";
import { ABORT, ARRIVED, CLOSED, GEN, MEMORY, READY, REMAIN, REQ, RESP, controlBlock, SPIN_MS } from "./parallel-protocol.ts";
import type { CheckedMsg, ExpandedMsg, FromHelper, HelperData, ResolvedMsg, ToHelper } from "./parallel-protocol.ts";
import type { Params } from "./registry.ts";
import type { ExploreResult, PropertyResult, StopReason } from "./result.ts";
import { costAfter } from "./path-cost.ts";
import { Replay, type TracePath } from "./trace.ts";
import { INIT_KEY, NEW, PARENT_BASE, SharedVisited } from "./shared-visited.ts";
import { SharedParentLinks } from "./shared-links.ts";
import { tuneV8 } from "./v8-tuning.ts";

export interface ParallelSpec {
  /** Module exporting `modelEntries`; helpers import it to build their own copy of the model. */
  readonly modulePath: string;
  readonly entryName: string;
  readonly params: Params;
  /** Searchers, the main thread included (so N - 1 helper threads). */
  readonly workers: number;
  /** Start only once every helper has booted (tests: so that small models are split too). */
  readonly waitForHelpers?: boolean;
  /** false: no sizing of the table ahead of a level, so that it grows only by overflow and redo (tests). */
  readonly presize?: boolean;
  /** Called at the end with what each searcher expanded and stole, and how many levels were redone (tests, profiling). */
  readonly onSearcherStats?: (stats: { readonly expanded: readonly number[]; readonly stolen: readonly number[]; readonly redone: number }) => void;
}

const NONE = 0xffffffff;
const PROFILE = process.env.AUXCHECK_PROFILE === "1";

/** A helper thread, from the main thread's side. */
class Helper {
  /** Its searcher index (the main thread is 0). */
  readonly index: number;
  readonly worker: Worker;
  /** Commands out, replies in. */
  readonly port: MessagePort;
  joined = false;
  /** Parent-link chunks it already has. */
  chunksSent = 0;
  failed: Error | null = null;

  constructor(data: Omit<HelperData, "port" | "steal">, steal: readonly (MessagePort | null)[]) {
    this.index = data.index;
    const ch = new MessageChannel();
    this.port = ch.port1;
    const own = steal.filter((p): p is MessagePort => p !== null);
    this.worker = new Worker(fileURLToPath(new URL("./worker-boot.mjs", import.meta.url)), {
      workerData: { ...data, port: ch.port2, steal } satisfies HelperData,
      transferList: [ch.port2, ...own] as never,
    });
    this.worker.on("error", (e) => (this.failed = new Error(`search worker ${data.index} failed: ${e instanceof Error ? e.message : String(e)}`)));
    this.worker.on("exit", (code) => (this.failed ??= code === 0 ? null : new Error(`search worker ${data.index} exited with code ${code}`)));
  }
}

interface Found {
  readonly stateId: number; // -1: an initial state outside the constraint, initIndex says which
  readonly actionIndex: number;
  readonly initIndex?: number;
}

/** The least cost of a shortest path to each state (src/path-cost.ts), by id: all 0 without Model.nesting. */
class StateCosts {
  cost = new Uint8Array(1 << 12);

  /** Room for ids below n. */
  ensure(n: number): void {
    if (n <= this.cost.length) return;
    let m = this.cost.length;
    while (m < n) m *= 2;
    const c = new Uint8Array(m);
    c.set(this.cost);
    this.cost = c;
  }
}

/**
 * With Model.nesting: the costs of the states with ids levelEnd..end - 1 (this level's new states, as kept), the
 * least over the level's transitions to each (those `before` the cut), as the sequential engine's `PathCosts`
 * gives them; returns [id, parent, action] for each state whose first transition of least cost in (parent id,
 * action index) order is not the one that found it first, the parent link it gets (PathCosts `lower`).
 */
function newStateCosts(
  costs: StateCosts,
  resolved: readonly ResolvedMsg[],
  checked: readonly CheckedMsg[],
  levelEnd: number,
  end: number,
  links: SharedParentLinks,
  before: (p: number, k: number) => boolean,
): number[] {
  const idOfSlot = new Map<number, number>();
  for (const c of checked) for (let i = 0; i < c.winnerSlots.length; i++) idOfSlot.set(c.winnerSlots[i]!, c.winnerIds[i]!);
  const n = end - levelEnd;
  const least = new Int32Array(n).fill(-1);
  const firstKey = new Float64Array(n).fill(Infinity);
  costs.ensure(end);
  const cost = costs.cost;
  for (const m of resolved) {
    const a = m.arrivals;
    for (let j = 0; j < a.length; j += 4) {
      const p = a[j + 1]!;
      const k = a[j + 2]!;
      const id = idOfSlot.get(a[j]!);
      if (id === undefined || !before(p, k)) continue;
      const i = id - levelEnd;
      const c = costAfter(cost[p]!, a[j + 3] === 1);
      const key = p * 65536 + k;
      if (least[i] === -1 || c < least[i]! || (c === least[i] && key < firstKey[i]!)) {
        least[i] = c;
        firstKey[i] = key;
      }
    }
  }
  const relinks: number[] = [];
  for (let i = 0; i < n; i++) {
    if (least[i] === -1) throw new Error(`parallel search: new state ${levelEnd + i} has no recorded transition (internal error)`);
    cost[levelEnd + i] = least[i]!;
    const p = Math.floor(firstKey[i]! / 65536);
    const k = firstKey[i]! - p * 65536;
    if (links.parent(levelEnd + i) !== p || links.action(levelEnd + i) !== k) relinks.push(levelEnd + i, p, k);
  }
  return relinks;
}

/** Lets pending events (worker errors, Ctrl-C) run. */
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function exploreParallel<S, A extends Action>(declared: Model<S, A>, spec: ParallelSpec, options: ExploreOptions = {}): Promise<ExploreResult> {
  // liveness is decided on the sequential engine's graph: such a search runs there, with the same output
  if (checksLiveness(options) && declared.properties.some(isLiveness)) return exploreAsync(declared, options);
  tuneV8(); // (before the helpers start: they run with it too)
  const model = checkedModel(declared, options);
  const started = performance.now();
  const W = Math.max(1, spec.workers);
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
  const costs = new StateCosts();
  const initOf: number[] = [];
  const porStats = { reduced: 0, provisoExpansions: 0 };
  /** Where the time goes (printed with AUXCHECK_PROFILE=1): milliseconds per step, as the main thread sees it (`number` includes the check of the levels without a cut, which rides with it). */
  const prof = { start: 0, grow: 0, expand: 0, slowestSearcher: 0, resolve: 0, number: 0, check: 0, retries: 0, grows: 0, joinedAtLevel: 0, joinedAtMs: 0, statesBeforeJoin: 0 };
  const expandedBy = new Array<number>(W).fill(0);
  const stolenBy = new Array<number>(W).fill(0);
  const msBy = new Array<number>(W).fill(0);

  const ctl = controlBlock(W);
  // Channels between every pair of searchers, for the work stealing.
  const steal: (MessagePort | null)[][] = Array.from({ length: W }, () => new Array<MessagePort | null>(W).fill(null));
  for (let i = 0; i < W; i++) {
    for (let j = i + 1; j < W; j++) {
      const ch = new MessageChannel();
      steal[i]![j] = ch.port1;
      steal[j]![i] = ch.port2;
    }
  }
  const searcherOptions = { freezeStates: options.freezeStates ?? false, por: options.por === true, checkStates: options.checkStates ?? DEFAULT_CHECKED_STATES };
  const base = { target: "search" as const, threads: W, modulePath: spec.modulePath, entryName: spec.entryName, params: spec.params, ...searcherOptions, symmetry: options.symmetry === true, deadlock: options.deadlock !== false, control: ctl.buffer as SharedArrayBuffer };
  const helpers = Array.from({ length: W - 1 }, (_, k) => new Helper({ ...base, index: k + 1 }, steal[k + 1]!));
  const active: Helper[] = [];
  const failure = (): Error | null => helpers.find((h) => h.failed)?.failed ?? null;

  const fpOf = fingerprinter(model, options.symmetry === true);
  const inits = model.initStates();
  let table = SharedVisited.create(Math.max(1 << 16, inits.length * 4));
  const main = new LevelSearch(0, model as Model<unknown, Action>, fpOf as (s: unknown, out: Uint32Array) => void, table, links, ctl, steal[0]!, searcherOptions);
  const goals = new GoalTracker(model);

  /** Posts one command to every taking-part helper and wakes them. */
  const post = (make: (h: Helper, j: number) => ToHelper): void => {
    Atomics.store(ctl, ARRIVED, 0);
    active.forEach((h, j) => h.port.postMessage(make(h, j)));
    Atomics.add(ctl, GEN, 1);
    Atomics.notify(ctl, GEN);
  };
  /** Every taking-part helper's reply to the last command (in `active` order). */
  const collect = async <R extends FromHelper>(): Promise<R[]> => {
    const n = active.length;
    const t0 = performance.now();
    const sleepAfter = t0 + SPIN_MS;
    for (let spins = 0; ; spins++) {
      const arrived = Atomics.load(ctl, ARRIVED);
      if (arrived >= n) break;
      if ((spins & 1023) !== 1023 || performance.now() < sleepAfter) continue;
      Atomics.wait(ctl, ARRIVED, arrived, 20);
      if (performance.now() - t0 > 200) {
        await yieldToEvents();
        const f = failure();
        if (f) throw f;
      }
    }
    return active.map((h) => {
      const m = receiveMessageOnPort(h.port)?.message as FromHelper | undefined;
      if (m === undefined) throw new Error(`search worker ${h.index} arrived without a reply`);
      if (m.type === "error") throw m.modelError ? new ModelError(m.message) : new Error(`search worker ${h.index} failed: ${m.message}`);
      return m as R;
    });
  };
  /** Helpers that have booted take part from the next command on. */
  const admit = (): void => {
    for (const h of helpers) {
      if (h.joined || Atomics.load(ctl, READY(h.index)) !== 1) continue;
      h.port.postMessage({ type: "join", table: table.buffers, chunks: links.chunks.slice() } satisfies ToHelper);
      h.chunksSent = links.chunks.length;
      h.joined = true;
      active.push(h);
    }
  };
  /** A bigger table, keeping the entries with keys below dropFrom: every searcher copies a range of slots. */
  const grow = async (capacity: number, dropFrom = Infinity): Promise<void> => {
    const t0 = performance.now();
    const bigger = SharedVisited.create(capacity);
    const n = table.capacity;
    const P = active.length + 1;
    const at = (j: number): number => Math.floor((n * j) / P);
    post((_, j) => ({ type: "table", table: bigger.buffers, start: at(j + 1), end: at(j + 2), dropFrom }));
    bigger.copyFrom(table, 0, at(1), dropFrom);
    await collect();
    table = main.table = bigger;
    prof.grow += performance.now() - t0;
    prof.grows++;
  };

  try {
    if (spec.waitForHelpers) {
      while (helpers.some((h) => Atomics.load(ctl, READY(h.index)) !== 1)) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        const f = failure();
        if (f) throw f;
      }
    }

    // Level 1: the initial states, deduplicated and checked here; the main thread holds them.
    const fp = new Uint32Array(2);
    let generated = inits.length;
    let maxActions = 1;
    const actions: A[] = [];
    const seedStates: unknown[] = [];
    const seedIds: number[] = [];
    const stateProps = stateProperties(model);
    const stateFailures = (s: S, at: Found): void => {
      for (const pi of failedStateProperties(model, stateProps, s) ?? []) record(pi, at);
    };
    inits.forEach((s, i) => {
      if (model.constraint && !model.constraint(s)) {
        stateFailures(s, { stateId: -1, actionIndex: -1, initIndex: i });
        return;
      }
      fpOf(s, fp);
      if (table.insert(fp[0]!, fp[1]!, INIT_KEY, PARENT_BASE) !== NEW) return;
      const id = links.push(NONE, 0);
      initOf[id] = i;
      seedStates.push(s);
      seedIds.push(id);
      actions.length = 0;
      model.actions(s, actions);
      maxActions = Math.max(maxActions, actions.length);
      goals.check(s);
      stateFailures(s, { stateId: id, actionIndex: -1 });
    });
    main.seed(seedStates, seedIds);
    costs.ensure(links.size); // the initial states cost 0

    prof.start = performance.now() - started;
    let levelStart = 0;
    let levelSize = links.size;
    let depth = levelSize > 0 ? 1 : 0;
    let stopReason: StopReason = "complete";
    let queued = 0;
    let lastProgress = started;
    let lastYield = started;
    /** The largest ratio of new states to expanded ones so far: sizes the table for the next level. */
    let growth = 1;
    const emptyKeys = new SharedArrayBuffer(8);
    /** Frontier states each taking-part searcher holds (by index): stealers count on them from the first instant of a level. */
    const holding: (number | undefined)[] = new Array<number | undefined>(W).fill(undefined);
    holding[0] = main.holding;

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
      let now = performance.now();
      if (now - lastYield >= 50) {
        await yieldToEvents();
        lastYield = now = performance.now();
        const f = failure();
        if (f) throw f;
      }
      if (now > deadline || options.signal?.aborted || heapNearLimit()) {
        stopReason = now > deadline ? "timeout" : options.signal?.aborted ? "interrupted" : "memory";
        queued = levelSize;
        break;
      }
      if (options.onProgress && now - lastProgress >= 1000) {
        lastProgress = now;
        options.onProgress({ distinct: links.size, generated, depth, queued: levelSize, seconds: (now - started) / 1000 });
      }
      if (active.length < helpers.length) {
        admit();
        for (const h of active) holding[h.index] ??= 0;
        if (active.length === helpers.length && prof.joinedAtLevel === 0) {
          prof.joinedAtLevel = depth;
          prof.joinedAtMs = performance.now() - started;
          prof.statesBeforeJoin = links.size;
        }
      }

      // Expand: size the table for the worst case seen so far (every successor new) at most half full, and redo
      // the level in a bigger table if a searcher still finds it too full (9/10). (At most 3/4 full, as the sequential
      // engine's table, the two-CPU E3 run's table is half the size, 16 MB, and peak RSS 25-30 MB less, but the
      // search was slower in 5 of 6 paired runs of --workers 2: 8.1 s against 7.6, medians; longer probe runs.)
      const levelKey = levelStart + PARENT_BASE;
      const expected = levelSize * Math.min(maxActions, Math.max(1, Math.ceil(growth * 1.5)));
      if (spec.presize !== false && (links.size + expected) * 2 > table.capacity) await grow((links.size + expected) * 2);
      const tExpand = performance.now();
      let expanded: ExpandedMsg[];
      for (;;) {
        const P = active.length + 1;
        const newLimit = Math.floor((Math.floor(table.capacity * 0.9) - links.size) / P);
        for (let t = 0; t < W; t++) {
          Atomics.store(ctl, REQ(t), holding[t] !== undefined ? 0 : CLOSED);
          Atomics.store(ctl, REMAIN(t), holding[t] ?? 0);
          Atomics.store(ctl, RESP(t), 0);
        }
        post(() => ({ type: "expand", levelStart, newLimit }));
        const own = main.expand({ type: "expand", levelStart, newLimit });
        expanded = [own, ...(await collect<ExpandedMsg>())];
        for (const e of expanded) maxActions = Math.max(maxActions, e.maxActions);
        prof.slowestSearcher += Math.max(...expanded.map((e) => e.ms));
        if (Atomics.load(ctl, MEMORY) !== 0) break;
        if (!expanded.some((e) => e.overflow)) break;
        Atomics.store(ctl, ABORT, 0);
        prof.retries++;
        await grow(table.capacity * 2, levelKey);
      }
      const order = [0, ...active.map((h) => h.index)];
      expanded.forEach((e, j) => {
        expandedBy[order[j]!]! += e.expanded;
        stolenBy[order[j]!]! += e.stolen;
        msBy[order[j]!]! += e.ms;
      });
      if (Atomics.load(ctl, MEMORY) !== 0) {
        // a searcher's heap neared its limit (src/memory.ts): the level is abandoned, the statistics are the levels before
        stopReason = "memory";
        queued = levelSize;
        break;
      }
      const tResolve = performance.now();
      prof.expand += tResolve - tExpand;
      post(() => ({ type: "resolve" }));
      const resolved = [main.resolve(), ...(await collect<ResolvedMsg>())];

      // Number the new states (the sequential BFS's ids) and write their links, in every searcher.
      const tNumber = performance.now();
      prof.resolve += tNumber - tResolve;
      const levelEnd = links.size;
      const keys = new Array<SharedArrayBuffer>(W).fill(emptyKeys);
      const counts = new Array<number>(W).fill(0);
      resolved.forEach((r, j) => {
        keys[order[j]!] = r.keys;
        counts[order[j]!] = r.count;
      });
      const total = counts.reduce((a, b) => a + b, 0);
      links.ensure(levelEnd + total);
      // Without a --max-states cut in this level, the check (step 4) rides with the numbering (src/parallel-protocol.ts).
      const cuts = total > 0 && levelEnd + total >= maxStates;
      const uncut = cuts ? null : ({ type: "check", limit: levelEnd + total, cut: null } as const);
      post((h) => {
        const chunks = links.chunks.slice(h.chunksSent);
        h.chunksSent = links.chunks.length;
        return { type: "number", levelEnd, keys, counts, chunks, check: uncut };
      });
      main.number({ type: "number", levelEnd, keys, counts, chunks: [], check: null });
      let checked: CheckedMsg[];
      let cut: { parent: number; action: number } | null = null;
      if (uncut !== null) {
        links.size = levelEnd + total;
        checked = [main.check(uncut), ...(await collect<CheckedMsg>())];
        prof.number += performance.now() - tNumber;
      } else {
        await collect();
        // the sequential engine stops right after the transition that finds state maxStates - 1
        const last = Math.max(maxStates, levelEnd + 1) - 1;
        cut = { parent: links.parent(last), action: links.action(last) };
        links.size = last + 1;
        const tCheck = performance.now();
        prof.number += tCheck - tNumber;
        const checkMsg = { type: "check", limit: links.size, cut } as const;
        post(() => checkMsg);
        checked = [main.check(checkMsg), ...(await collect<CheckedMsg>())];
        prof.check += performance.now() - tCheck;
      }
      const before = (p: number, k: number): boolean => cut === null || p < cut.parent || (p === cut.parent && k <= cut.action);
      // Successors generated, per action: the whole level, or (cut) up to the cut transition.
      let parentsDone = 0;
      checked.forEach((c, j) => {
        holding[order[j]!] = c.holding;
        (cut ? c.generatedBeforeCut! : resolved[j]!.generatedBySlot).forEach((n, slot) => {
          generated += n;
          genByAction[slot]! += n;
        });
        c.newBySlot.forEach((n, slot) => (newByAction[slot]! += n));
        goals.markReached(c.goalsReached);
        parentsDone += c.parentsBeforeCut;
        porStats.reduced += cut ? c.ampleBeforeCut : resolved[j]!.ampleStates;
        porStats.provisoExpansions += cut ? c.provisoBeforeCut : resolved[j]!.provisoExpansions;
      });
      // With Model.nesting, the new states' costs (src/path-cost.ts): the least over the level's transitions to
      // each (up to the cut), and the first transition of that cost in (parent id, action index) order, which
      // becomes its parent link once the violations below have been ordered by the links of first discovery.
      const relinks = model.nesting ? newStateCosts(costs, resolved, checked, levelEnd, links.size, links, before) : null;
      // The violations of this level: per property, the least cost, then the first in the sequential engine's
      // order: (parent id, action index), a deadlock before its state's transitions, a new state at the
      // transition that first found it. Assertion hits, and state-invariant failures of successors outside the
      // constraint, come with their transitions; the new states' failures from the check.
      const costOf = (id: number): number => (model.nesting ? costs.cost[id]! : 0);
      for (let pi = 0; pi < props.length; pi++) {
        if (found[pi] !== null) continue;
        let best: { f: Found; cost: number; p: number; k: number } | null = null;
        const offer = (f: Found, cost: number, p: number, k: number): void => {
          if (best === null || cost < best.cost || (cost === best.cost && (p < best.p || (p === best.p && k < best.k)))) best = { f, cost, p, k };
        };
        for (const m of resolved) {
          for (let h = 0; h < m.hits.length; h += 4) {
            if (m.hits[h] !== pi) continue;
            const p = m.hits[h + 1]!;
            const k = m.hits[h + 2]!;
            if (before(p, k)) offer({ stateId: p, actionIndex: k }, costAfter(costOf(p), m.hits[h + 3] === 1), p, k);
          }
          if (props[pi]!.kind === "deadlock") {
            for (const d of m.deadlocks) if (cut === null || d <= cut.parent) offer({ stateId: d, actionIndex: -1 }, costOf(d), d, -1);
          }
        }
        for (const c of checked) {
          for (let h = 0; h < c.failures.length; h += 2) {
            if (c.failures[h] !== pi) continue;
            const id = c.failures[h + 1]!;
            offer({ stateId: id, actionIndex: -1 }, costOf(id), links.parent(id), links.action(id));
          }
        }
        if (best !== null) record(pi, (best as { f: Found }).f);
      }
      if (relinks) for (let i = 0; i < relinks.length; i += 3) links.set(relinks[i]!, relinks[i + 1]!, relinks[i + 2]!);

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

    if (PROFILE) {
      process.stderr.write(`main: ${Object.entries(prof).map(([k, v]) => `${k} ${v.toFixed(0)}${k === "retries" || k === "grows" || k === "joinedAtLevel" || k === "statesBeforeJoin" ? "" : " ms"}`).join(", ")}\n`);
      process.stderr.write(`main steals: ${JSON.stringify(stealProf)}\n`);
      process.stderr.write(`expanded per searcher: ${expandedBy.join(" / ")}; stolen: ${stolenBy.join(" / ")}; expanding ms: ${msBy.map((x) => x.toFixed(0)).join(" / ")}\n`);
    }
    spec.onSearcherStats?.({ expanded: expandedBy, stolen: stolenBy, redone: prof.retries });
    const complete = stopReason === "complete";
    const pathTo = (f: Found): TracePath => {
      if (f.initIndex !== undefined) return { initIndex: f.initIndex, actionIndices: [] };
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
    const replay = new Replay(model); // (violations often share their first steps: replayed once)
    const properties: PropertyResult[] = props.map((p, i) => ({
      name: p.name,
      kind: p.kind,
      verdict: found[i] ? "violated" : isLiveness(p) ? "unchecked" : complete ? "ok" : "incomplete",
      description: p.description ?? null,
      violation: found[i] ? replay.violation(pathTo(found[i]!), p.name) : null,
    }));
    const d = links.size;
    const actionCounts = actionNames.map((name, i) => ({ name, generated: genByAction[i]!, distinct: newByAction[i]! }));
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
      actions: actionCounts,
      goals: goals.results(actionCounts),
      collisionProbability: model.key ? 0 : (d * (generated - d)) / 2 ** 64,
      ...(model.key ? { exactKeys: true as const } : {}),
      visitedBytes: links.bytes + table.bytes,
      ...(options.por || options.symmetry ? { reduction: reductionInfo(model, options, porStats) } : {}),
    };
  } finally {
    if (active.length > 0 && !failure()) post(() => ({ type: "stop" }));
    await Promise.all(helpers.map((h) => h.worker.terminate()));
    for (const p of steal[0]!) p?.close();
    for (const h of helpers) h.port.close();
  }
}
