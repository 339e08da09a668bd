import test from "ava";
import fc from "fast-check";
import { explore } from "../src/explore.ts";
import type { Action, Fairness, Model, Property } from "../src/model.ts";
import type { ExploreResult, Violation } from "../src/result.ts";
import { exploreParallel } from "../src/parallel.ts";
import { diningPhilosophers } from "../models/classic/dining.ts";
import { lockModel, petersonModel, type FairnessChoice } from "../models/classic/mutex.ts";
import { fileURLToPath } from "node:url";

const verdicts = (r: ExploreResult): Record<string, string> => Object.fromEntries(r.properties.map((p) => [p.name, p.verdict]));
const violation = (r: ExploreResult, name: string): Violation => r.properties.find((p) => p.name === name)!.violation!;

/** The lasso closes: the last state of the trace is the state the cycle starts from, and the stem/cycle split is where it says. */
function assertLasso(t: { true(b: boolean, m?: string): void; deepEqual(a: unknown, b: unknown, m?: string): void }, v: Violation): void {
  t.true(v.loop !== null, "a liveness violation is a lasso");
  const loop = v.loop!;
  t.true(loop.start >= 0 && loop.start < v.states.length);
  if (loop.stutter) t.true(loop.start === v.states.length - 1, "a stutter loop is the last state");
  else {
    t.true(loop.start < v.steps, "a cycle has at least one step");
    t.deepEqual(v.states[v.states.length - 1], v.states[loop.start], "the cycle comes back to its first state");
  }
}

// Published figures (TLA+ Examples manifests) and known answers.
const MUTEX: [string, (f: FairnessChoice) => Model<unknown, Action>, [number, number, number]][] = [
  ["Lock", lockModel as (f: FairnessChoice) => Model<unknown, Action>, [12, 21, 5]],
  ["Peterson", petersonModel as (f: FairnessChoice) => Model<unknown, Action>, [42, 77, 11]],
];
const EXPECTED: Record<string, Record<FairnessChoice, "ok" | "violated">> = {
  Lock: { none: "violated", weak: "violated", strong: "ok" },
  Peterson: { none: "violated", weak: "ok", strong: "ok" },
};

for (const [name, build, counts] of MUTEX) {
  test(`${name}: published counts ${counts.join(" / ")}; starvation freedom without, with weak and with strong fairness`, (t) => {
    for (const f of ["none", "weak", "strong"] as const) {
      const r = explore(build(f), { freezeStates: true });
      t.deepEqual([r.distinct, r.generated, r.depth], counts);
      const v = verdicts(r);
      t.is(v["StarvationFree[1]"], EXPECTED[name]![f], `${name} fairness=${f}`);
      t.is(v["StarvationFree[2]"], EXPECTED[name]![f], `${name} fairness=${f}`);
      t.is(v.deadlock, "ok");
      if (EXPECTED[name]![f] === "violated") assertLasso(t, violation(r, "StarvationFree[1]"));
    }
  });
}

test("Lock under weak fairness: the waiting process sees the lock free only between the other's rounds (stem 1, cycle 4)", (t) => {
  const v = violation(explore(lockModel("weak")), "StarvationFree[1]");
  t.deepEqual(v.loop, { start: 1, stutter: false });
  t.deepEqual(
    v.trace.map((s) => s.action),
    ["l0(1)", "l0(2)", "l1(2)", "cs(2)", "l2(2)"],
  );
  t.regex(v.message!, /fairness: WF\(proc\)/);
});

test("DiningPhilosophers NP=5: 67 / 336 / 29; NobodyStarves holds under the spec's weak fairness, fails without", (t) => {
  const fair = explore(diningPhilosophers(5, "weak"), { freezeStates: true });
  t.deepEqual([fair.distinct, fair.generated, fair.depth], [67, 336, 29]);
  t.true(fair.properties.every((p) => p.verdict === "ok"));
  const unfair = explore(diningPhilosophers(5, "none"));
  for (let p = 1; p <= 5; p++) {
    t.is(verdicts(unfair)[`NobodyStarves[${p}]`], "violated");
    assertLasso(t, violation(unfair, `NobodyStarves[${p}]`));
  }
});

/** A process that may spin forever, and one that finishes: `start ~> done`. */
function spinner(opts: { fairness?: readonly Fairness[]; spinForever?: boolean; outOfBudget?: boolean; final?: boolean }): Model<{ pc: string; spins: number }> {
  const spin: Action = { name: "spin" };
  const finish: Action = { name: "finish" };
  return {
    name: "Spinner",
    actionNames: ["spin", "finish"],
    initStates: () => [{ pc: "start", spins: 0 }],
    actions(s, out) {
      if (s.pc !== "start") return;
      if (opts.spinForever !== false || s.spins < 2) out.push(spin);
      if (opts.spinForever !== false) out.push(finish);
    },
    next: (s, a) => (a === spin ? { pc: "start", spins: opts.spinForever !== false ? (s.spins + 1) % 2 : s.spins + 1 } : { pc: "done", spins: s.spins }),
    properties: [
      {
        name: "Finishes",
        kind: "leads-to",
        from: (s) => s.pc === "start",
        to: (s) => s.pc === "done",
        ...(opts.outOfBudget ? { outOfBudget: (s: { spins: number }) => s.spins >= 2 } : {}),
      },
    ],
    ...(opts.final ? { final: () => true } : {}),
    ...(opts.fairness ? { fairness: opts.fairness } : {}),
  };
}

test("a deliberately unfair model: its violation disappears once weak fairness of `finish` is declared", (t) => {
  const unfair = explore(spinner({}));
  t.is(verdicts(unfair).Finishes, "violated");
  const v = violation(unfair, "Finishes");
  assertLasso(t, v);
  t.true(v.trace.slice(v.loop!.start).every((s) => s.action === "spin"));
  t.is(verdicts(explore(spinner({ fairness: [{ kind: "weak", actions: ["finish"] }] }))).Finishes, "ok");
  // fairness of the spin itself does not help
  t.is(verdicts(explore(spinner({ fairness: [{ kind: "weak", actions: ["spin"] }] }))).Finishes, "violated");
});

test("a behaviour that ends with the promise pending is a violation (the last state repeats forever), unless the property's budget says the end is a cut", (t) => {
  const ends = explore(spinner({ spinForever: false, final: true }));
  t.is(verdicts(ends).deadlock, "ok", "final: no deadlock");
  t.is(verdicts(ends).Finishes, "violated");
  const v = violation(ends, "Finishes");
  t.deepEqual(v.loop, { start: 2, stutter: true });
  assertLasso(t, v);
  t.is(verdicts(explore(spinner({ spinForever: false, final: true, outOfBudget: true }))).Finishes, "ok");
});

test("a cut search never says ok for liveness: incomplete, or violated with a lasso from the expanded states", (t) => {
  const holds = explore(petersonModel("weak"), { maxStates: 20 });
  t.is(verdicts(holds)["StarvationFree[1]"], "incomplete");
  const fails = explore(lockModel("weak"), { maxStates: 11 });
  t.false(fails.complete);
  t.true(["incomplete", "violated"].includes(verdicts(fails)["StarvationFree[1]"]!));
  const tiny = explore(lockModel("weak"), { maxDepth: 1 });
  t.is(verdicts(tiny)["StarvationFree[1]"], "incomplete");
});

test("under --por, --symmetry or liveness: false the liveness properties are unchecked, never ok", (t) => {
  for (const opts of [{ por: true }, { symmetry: true }, { liveness: false }]) {
    const r = explore(petersonModel("weak"), opts);
    const live = r.properties.filter((p) => p.kind === "leads-to" || p.kind === "always-eventually");
    t.true(live.length > 0);
    t.true(live.every((p) => p.verdict === "unchecked"), JSON.stringify(opts));
  }
});

test("--workers with liveness: the same result as one thread (the sequential engine's graph)", async (t) => {
  const one = explore(lockModel("weak"));
  const par = await exploreParallel(lockModel("weak"), { modulePath: fileURLToPath(new URL("../models/index.ts", import.meta.url)), entryName: "lock", params: {}, workers: 2 });
  const strip = (r: ExploreResult): unknown => ({ ...r, seconds: 0 });
  t.deepEqual(strip(par), strip(one));
});

// ---- no false negatives: random graphs against a brute-force oracle ----

interface G {
  /** edges[s] = [target, family] (family 0: no fairness) */
  readonly edges: readonly (readonly (readonly [number, number])[])[];
  readonly p: readonly boolean[];
  readonly q: readonly boolean[];
  readonly strong: readonly [boolean, boolean];
}

function graphModel(g: G, kind: "always-eventually" | "leads-to", fair: boolean): Model<number> {
  const prop: Property<number> =
    kind === "leads-to" ? { name: "L", kind, from: (s) => g.p[s]!, to: (s) => g.q[s]! } : { name: "L", kind, holds: (s) => g.q[s]! };
  return {
    name: "Graph",
    actionNames: ["f0", "f1", "f2"],
    initStates: () => [0],
    actions: (s, out) => g.edges[s]!.forEach(([to, f], i) => out.push({ name: `f${f}`, params: [to, i] })),
    next: (_s, a) => a.params![0] as number,
    properties: [prop],
    deadlock: false,
    fairness: fair ? [1, 2].map((f) => ({ kind: g.strong[f - 1] ? "strong" : "weak", actions: [`f${f}`] }) as Fairness) : [],
  };
}

/**
 * The oracle: a violation exists iff some set U of pending product nodes, reachable, strongly
 * connected by its inner edges (or one terminal node), is fair when every inner edge is taken.
 * Returns the shortest stem to such a U, or -1.
 */
function oracle(g: G, kind: "always-eventually" | "leads-to", fair: boolean): number {
  const n = g.edges.length;
  const from = (s: number): boolean => kind === "always-eventually" || g.p[s]!;
  const node = (s: number, b: number): number => 2 * s + b;
  const succ = (x: number): [number, number][] => {
    const s = x >> 1;
    const b = x & 1;
    return g.edges[s]!.map(([t, f]) => [node(t, (b === 1 || from(t)) && !g.q[t] ? 1 : 0), f]);
  };
  const dist = new Map<number, number>([[node(0, from(0) && !g.q[0] ? 1 : 0), 0]]);
  for (let frontier = [...dist.keys()]; frontier.length > 0; ) {
    const next: number[] = [];
    for (const x of frontier) for (const [y] of succ(x)) if (!dist.has(y)) (dist.set(y, dist.get(x)! + 1), next.push(y));
    frontier = next;
  }
  const pending = [...dist.keys()].filter((x) => (x & 1) === 1);
  let best = -1;
  for (let mask = 1; mask < 1 << pending.length; mask++) {
    const U = pending.filter((_, i) => mask & (1 << i));
    const inU = new Set(U);
    const inner = U.flatMap((x) => succ(x).filter(([y]) => inU.has(y)).map(([y, f]) => [x, y, f] as const));
    const terminal = U.length === 1 && g.edges[U[0]! >> 1]!.length === 0;
    if (!terminal) {
      if (inner.length === 0) continue;
      // strongly connected through inner edges
      const reach = (start: number, fwd: boolean): Set<number> => {
        const seen = new Set([start]);
        for (let stack = [start]; stack.length > 0; ) {
          const x = stack.pop()!;
          for (const [a, b] of inner) {
            const [u, v] = fwd ? [a, b] : [b, a];
            if (u === x && !seen.has(v)) (seen.add(v), stack.push(v));
          }
        }
        return seen;
      };
      if (reach(U[0]!, true).size !== U.length || reach(U[0]!, false).size !== U.length) continue;
      if (fair) {
        let ok = true;
        for (const f of [1, 2]) {
          const taken = inner.some(([, , ff]) => ff === f);
          const enabledAt = U.filter((x) => g.edges[x >> 1]!.some(([, ff]) => ff === f)).length;
          if (taken) continue;
          if (g.strong[f - 1] ? enabledAt > 0 : enabledAt === U.length) ok = false;
        }
        if (!ok) continue;
      }
    }
    const d = Math.min(...U.map((x) => dist.get(x)!));
    if (best < 0 || d < best) best = d;
  }
  return best;
}

const graphs = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    edges: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: 2 })), { maxLength: 3 }), { minLength: n, maxLength: n }),
    p: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    q: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    strong: fc.tuple(fc.boolean(), fc.boolean()),
  }),
);

for (const kind of ["always-eventually", "leads-to"] as const) {
  for (const fair of [false, true]) {
    test(`${kind}${fair ? " under weak/strong fairness" : ""}: the verdict and the stem length agree with a brute-force oracle on random graphs`, (t) => {
      fc.assert(
        fc.property(graphs, (g) => {
          const r = explore(graphModel(g, kind, fair));
          const want = oracle(g, kind, fair);
          const got = r.properties[0]!;
          if (want < 0) return got.verdict === "ok";
          // the lasso was replayed and re-validated (closing, pending, fair) inside explore
          return got.verdict === "violated" && got.violation!.loop!.start === want;
        }),
        { numRuns: 600 },
      );
      t.pass();
    });
  }
}
