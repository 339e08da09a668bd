import test from "ava";
import fc from "fast-check";
import { explore } from "../src/explore.ts";
import { keyFingerprint, structuralFingerprint } from "../src/fingerprint.ts";
import { ModelError, type Action, type Model } from "../src/model.ts";
import { Replay, replayViolation } from "../src/trace.ts";
import { FingerprintSet, KeySet } from "../src/visited.ts";
import { lostUpdate } from "./helpers/lost-update.ts";
import { counters } from "../models/classic/counters.ts";

test("assertion, quiescent invariant and deadlock are each found with a shortest replayable trace", (t) => {
  const r = explore(lostUpdate({ final: false }), { freezeStates: true });
  const by = Object.fromEntries(r.properties.map((p) => [p.name, p]));
  t.true(r.complete);
  t.is(by["x-small"]!.verdict, "ok");
  // read p0, read p1, write p0, write p1 (lost update raised on the 4th step)
  t.is(by["no-lost-update"]!.verdict, "violated");
  t.is(by["no-lost-update"]!.violation!.steps, 4);
  const chain = by["no-lost-update"]!.violation!.callChain;
  t.is(chain[0], "write_x");
  t.regex(chain[1]!, /^proc[01]$/);
  t.is(by["sum-is-2"]!.violation!.steps, 4);
  t.is(by["deadlock"]!.violation!.steps, 4);
  t.true(by["sum-is-2"]!.violation!.trace.every((s) => s.context === "p0" || s.context === "p1"));
});

test("final states are not deadlocks", (t) => {
  const r = explore(lostUpdate({ final: true }));
  t.is(r.properties.find((p) => p.name === "deadlock")!.verdict, "ok");
});

test("a step that mutates its input fails loudly under freezeStates", (t) => {
  const bad: Model<{ n: number[] }> = {
    name: "Mutator",
    actionNames: ["bump"],
    initStates: () => [{ n: [0] }],
    actions: (s, out) => {
      if (s.n[0]! < 3) out.push({ name: "bump" });
    },
    next: (s) => {
      (s.n as number[])[0]! += 1;
      return { n: [...s.n] };
    },
    properties: [],
  };
  t.throws(() => explore(bad, { freezeStates: true }), { instanceOf: TypeError });
});

test("bounds make the verdict incomplete, never ok", (t) => {
  const m = lostUpdate({ final: true });
  for (const opts of [{ maxStates: 3 }, { maxDepth: 2 }]) {
    const r = explore({ ...m, properties: m.properties.filter((p) => p.name === "x-small") }, opts);
    t.false(r.complete);
    t.is(r.properties[0]!.verdict, "incomplete");
    t.true(r.queued > 0);
  }
});

test("an aborted search reports interrupted with partial statistics", (t) => {
  // the abort flag is polled every 1024 expansions; counters(4, 9) has 10,000 states
  const r = explore(counters(4, 9), { signal: { aborted: true } });
  t.is(r.stopReason, "interrupted");
  t.false(r.complete);
  t.true(r.distinct > 1000 && r.distinct < 10000);
  t.is(r.properties[0]!.verdict, "incomplete");
});

test("structural fingerprints ignore key order and see every field", (t) => {
  const a = new Uint32Array(2);
  const b = new Uint32Array(2);
  structuralFingerprint({ x: 1, y: [1, 2], z: { p: "a", q: null } }, a);
  structuralFingerprint({ z: { q: null, p: "a" }, y: [1, 2], x: 1 }, b);
  t.deepEqual([...a], [...b]);
  for (const other of [{ x: 1, y: [2, 1], z: { p: "a", q: null } }, { x: 1, y: [1, 2], z: { p: "a", q: 0 } }, { x: 1, y: [1, 2], z: { p: "b", q: null } }]) {
    structuralFingerprint(other, b);
    t.notDeepEqual([...a], [...b]);
  }
});

test("the fingerprint table behaves as a set under random inserts, across growth", (t) => {
  fc.assert(
    // (size "max": fast-check's default size keeps arrays to about ten pairs, which a 16-slot table holds without growing)
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 0xffffffff })), { maxLength: 3000, size: "max" }), (pairs) => {
      const table = new FingerprintSet(16);
      const ref = new Set<string>();
      for (const [hi, lo] of pairs) {
        const key = `${hi}:${lo === 0 && hi === 0 ? 1 : lo}`;
        if (table.add(hi, lo) !== !ref.has(key)) return false;
        ref.add(key);
      }
      return table.size === ref.size && pairs.every(([hi, lo]) => table.has(hi, lo));
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test("the exact-key table behaves as a set under random inserts, key 0 and growth included, and gives insertion ranks as ids", (t) => {
  const fp = new Uint32Array(2);
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 0xffffffff })), { maxLength: 3000, size: "max" }), (keys) => {
      const table = new KeySet(16, true);
      const rank = new Map<number, number>();
      for (const k of keys) {
        keyFingerprint(k, fp);
        if (table.add(fp[0]!, fp[1]!) !== !rank.has(k)) return false;
        if (!rank.has(k)) rank.set(k, rank.size);
        if (table.lastId !== rank.get(k)) return false;
      }
      const absent = [0, 1, 41, 0xffffffff].filter((k) => !rank.has(k));
      const has = (k: number): boolean => (keyFingerprint(k, fp), table.has(fp[0]!, fp[1]!));
      return table.size === rank.size && keys.every(has) && !absent.some(has);
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test("a model that gives exact keys is searched alike, stores 4 bytes a state in its table and says no collision can hide a state; a key that is not a uint32 is a model error", (t) => {
  const fingerprinted = counters(6, 3); // 36 bits: no key
  const keyed = counters(5, 3);
  t.is(fingerprinted.key, undefined);
  t.not(keyed.key, undefined);
  const byKey = explore(keyed);
  const byFingerprint = explore({ ...keyed, key: undefined, fingerprint: (s: number, out: Uint32Array) => void ((out[0] = 1), (out[1] = s)) });
  t.deepEqual([byKey.distinct, byKey.generated, byKey.depth], [4 ** 5, 5 * 4 ** 5 + 1, 16]);
  t.deepEqual([byFingerprint.distinct, byFingerprint.generated, byFingerprint.depth], [byKey.distinct, byKey.generated, byKey.depth]);
  t.true(byKey.exactKeys);
  t.is(byKey.collisionProbability, 0);
  t.is(byFingerprint.exactKeys, undefined);
  t.true(byFingerprint.collisionProbability > 0);
  t.true(byKey.visitedBytes < byFingerprint.visitedBytes);
  for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) {
    const e = t.throws(() => explore({ ...keyed, key: (s: number) => (s === 0 ? 0 : bad) }), { instanceOf: ModelError });
    t.regex(e!.message, /key of a state is .*: a key is an integer in 0\.\.2\^32-1/);
  }
});

/** A random finite graph as a model; `bad` states break the invariant. */
function graphModel(n: number, edges: readonly (readonly number[])[], bad: ReadonlySet<number>): Model<number> {
  return {
    name: "Graph",
    actionNames: ["go"],
    initStates: () => [0],
    actions: (s, out) => {
      for (const t of edges[s]!) out.push({ name: "go", params: [t] });
    },
    next: (_s, a) => a.params![0] as number,
    properties: [{ name: "good", kind: "always", holds: (s) => !bad.has(s) }],
  };
  void n;
}

function bfsDistances(edges: readonly (readonly number[])[]): Map<number, number> {
  const dist = new Map([[0, 0]]);
  let frontier = [0];
  while (frontier.length) {
    const next: number[] = [];
    for (const s of frontier) for (const t of edges[s]!) if (!dist.has(t)) (dist.set(t, dist.get(s)! + 1), next.push(t));
    frontier = next;
  }
  return dist;
}

test("violations are shortest and counts match an independent BFS on random graphs", (t) => {
  const graph = fc.integer({ min: 1, max: 40 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 4 }), { minLength: n, maxLength: n }),
      bad: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }),
    }),
  );
  fc.assert(
    fc.property(graph, ({ n, edges, bad }) => {
      const badSet = new Set(bad);
      const r = explore(graphModel(n, edges, badSet), { freezeStates: true });
      // the same graph searched by exact keys (the state is its own key): the same result
      const k = explore({ ...graphModel(n, edges, badSet), key: (s: number) => s }, { freezeStates: true });
      if (k.distinct !== r.distinct || k.generated !== r.generated || k.depth !== r.depth || k.properties[0]!.violation?.steps !== r.properties[0]!.violation?.steps) return false;
      const dist = bfsDistances(edges);
      const reachableBad = [...dist].filter(([s]) => badSet.has(s)).map(([, d]) => d);
      const p = r.properties[0]!;
      if (reachableBad.length === 0) {
        return p.verdict === "ok" && r.distinct === dist.size && r.depth === Math.max(...dist.values()) + 1;
      }
      // the engine stops once every property is violated; its trace must be a shortest one
      return p.verdict === "violated" && p.violation!.steps === Math.min(...reachableBad);
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test("replay rejects a path that does not violate", (t) => {
  const m = lostUpdate({ final: true });
  t.throws(() => replayViolation(m, { initIndex: 0, actionIndices: [0, 0] }, "sum-is-2"));
  t.throws(() => replayViolation(m, { initIndex: 0, actionIndices: [7] }, "sum-is-2"));
});

test("violations that share their first steps are replayed once, each as if alone", (t) => {
  // lost update: the assertion, the quiescent invariant and the deadlock are all broken on 4-step paths
  const m = lostUpdate({ final: false });
  const r = explore(m);
  const violated = r.properties.filter((p) => p.violation !== null);
  t.true(violated.length >= 3);
  let steps = 0;
  const counted: typeof m = { ...m, next: (s, a, ctx) => (steps++, m.next(s, a, ctx)) };
  const replay = new Replay(counted);
  const prefixes = new Set<string>();
  for (const p of violated) {
    const path = p.violation!.path;
    t.deepEqual(replay.violation(path, p.name), replayViolation(m, path, p.name));
    path.actionIndices.forEach((_, i) => prefixes.add(`${path.initIndex}:${path.actionIndices.slice(0, i + 1).join(",")}`));
  }
  // one step per distinct prefix: fewer than the paths' steps added up when two paths share a start
  t.is(steps, prefixes.size);
  t.true(prefixes.size < violated.reduce((n, p) => n + p.violation!.steps, 0));
});

test("undeclared assertions are an error, not a silent pass", (t) => {
  const m: Model<number, Action> = {
    name: "Undeclared",
    actionNames: ["a"],
    initStates: () => [0],
    actions: (s, out) => {
      if (s === 0) out.push({ name: "a" });
    },
    next: (_s, _a, step) => (step.fail({ property: "nope" }), 1),
    properties: [],
  };
  t.throws(() => explore(m), { message: /undeclared assertion/ });
});

/**
 * A task of two steps and an interrupt that may land anywhere; the task's second step WARNs when
 * the interrupt has run. The canonical first shortest trace takes the interrupt inside the task
 * (after its first step); with `nesting` declared the search prints the one that takes it before.
 */
function interruptedTask(declareNesting: boolean): Model<{ t: number; irq: number }> {
  const [step, irq, exit] = [{ name: "step", context: "task" }, { name: "irq", context: "IRQ" }, { name: "exit", context: "IRQ" }];
  return {
    name: "InterruptedTask",
    actionNames: ["step", "irq", "exit"],
    initStates: () => [{ t: 0, irq: 0 }],
    actions: (s, out) => {
      if (s.irq === 1) out.push(exit);
      else {
        if (s.t < 2) out.push(step);
        if (s.irq === 0) out.push(irq);
      }
    },
    next: (s, a, ctx) => {
      if (a === exit) return { ...s, irq: 2 };
      if (a === irq) return { ...s, irq: 1 };
      if (s.t === 1 && s.irq === 2) ctx.fail({ property: "warn", message: "the interrupt ran" });
      return { ...s, t: s.t + 1 };
    },
    final: (s) => s.t === 2 && s.irq !== 1,
    properties: [{ name: "warn", kind: "assertion" }],
    ...(declareNesting ? { nesting: (s: { t: number; irq: number }) => (s.irq === 1 && s.t === 1 ? 1 : 0) } : {}),
  };
}

test("among the shortest counterexamples, the one with the fewest nested contexts; the depth stays the minimum", (t) => {
  const actions = (nesting: boolean): string[] => explore(interruptedTask(nesting)).properties[0]!.violation!.trace.map((s) => s.action);
  t.deepEqual(actions(false), ["step", "irq", "exit", "step"]); // the canonical first: the interrupt inside the task
  t.deepEqual(actions(true), ["irq", "exit", "step", "step"]);
});
