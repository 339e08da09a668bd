/**
 * The engine's side of "no silent wrong result": states the fingerprint cannot see into, a model
 * that changes its own states, a search that never reaches what it exists to test, and a heap
 * that runs out. Each was a wrong answer that looked like a right one.
 */
import test from "ava";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { explore } from "../src/explore.ts";
import { freshFingerprint, structuralFingerprint } from "../src/fingerprint.ts";
import { ModelError, type Action, type Goal, type Model } from "../src/model.ts";
import { standardJob, verdictOf } from "../src/runner.ts";
import { modelEntries, standardRuns } from "../models/index.ts";
import { counters } from "../models/classic/counters.ts";
import { ROOT } from "./helpers/cli.ts";

/** Every subset of {0..3} as a Set (or a Map to booleans): 16 states; "not all four" is violated. */
function subsets<C>(make: (xs: readonly number[]) => C, size: (c: C) => number, has: (c: C, x: number) => boolean): Model<{ readonly c: C }> {
  return {
    name: "Subsets",
    actionNames: ["add"],
    initStates: () => [{ c: make([]) }],
    actions: (s, out) => {
      for (let x = 0; x < 4; x++) if (!has(s.c, x)) out.push({ name: "add", params: [x] });
    },
    next: (s, a) => {
      const x = a.params![0] as number;
      return { c: make([...[0, 1, 2, 3].filter((y) => has(s.c, y)), x]) };
    },
    properties: [{ name: "not-all-four", kind: "always", holds: (s) => size(s.c) < 4 }],
  };
}

test("a Set or a Map in a state is fingerprinted by its content: 16 states, the invariant violated (all Sets hashed alike gave 1 state and ok)", (t) => {
  const bySet = explore(subsets((xs) => new Set(xs), (c) => c.size, (c, x) => c.has(x)));
  const byMap = explore(subsets((xs) => new Map(xs.map((x) => [x, true])), (c) => c.size, (c, x) => c.has(x)));
  for (const r of [bySet, byMap]) {
    t.is(r.distinct, 16);
    t.is(verdictOf(r), "violation");
  }
});

test("Set and Map fingerprints do not depend on insertion order, and tell apart what differs", (t) => {
  const fp = (v: unknown): string => {
    const out = new Uint32Array(2);
    structuralFingerprint(v, out);
    return `${out[0]}:${out[1]}`;
  };
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { maxLength: 8 }), (xs) => {
      const rev = [...xs].reverse();
      return (
        fp({ s: new Set(xs) }) === fp({ s: new Set(rev) }) &&
        fp(new Map(xs.map((x) => [x, { v: x }]))) === fp(new Map(rev.map((x) => [x, { v: x }]))) &&
        (xs.length === 0 || fp(new Set(xs)) !== fp(new Set(xs.slice(1))))
      );
    }),
  );
  t.not(fp(new Set([1, 2])), fp([1, 2]));
  t.not(fp(new Set([1, 2])), fp(new Map([[1, 2]])));
  t.not(fp(new Map([[1, 2]])), fp(new Map([[2, 1]])));
  t.not(fp(new Int32Array([1, 2])), fp(new Int32Array([2, 1])));
  t.not(fp({ a: new Int32Array([0, 0]) }), fp({ a: new Int32Array([0, 1]) }));
  t.is(fp({ a: new Int32Array([7, 8]) }), fp({ a: new Int32Array([7, 8]) }));
});

test("what has no content to fingerprint is refused with the path where it sits", (t) => {
  const out = new Uint32Array(2);
  const cases: [unknown, RegExp][] = [
    [{ ev: { L: { cb: () => 1 } } }, /state\.ev\.L\.cb is a function/],
    [{ xs: [1, new WeakMap()] }, /state\.xs\[1\] is a WeakMap/],
    [{ m: new Map([["k", Symbol("s")]]) }, /state\.m\.get\(k\) is a symbol/],
  ];
  for (const [state, re] of cases) {
    const e = t.throws(() => structuralFingerprint(state, out), { instanceOf: ModelError });
    t.regex(e!.message, re);
    t.false(e!.message.includes("\n"));
  }
});

/** Two counters 0..5 in an array, stepped by `next`; `mutate` makes next change its input and return it. */
function arrayCounters(mutate: boolean, typed: boolean): Model<{ readonly c: ArrayLike<number> & Iterable<number> }> {
  const make = (xs: Iterable<number>): ArrayLike<number> & Iterable<number> => (typed ? Int32Array.from(xs) : [...xs]);
  return {
    name: mutate ? "MutatingCounters" : "Counters2",
    actionNames: ["inc"],
    initStates: () => [{ c: make([0, 0]) }],
    actions: (s, out) => {
      for (let i = 0; i < 2; i++) if (s.c[i]! < 5) out.push({ name: "inc", params: [i] });
    },
    next: (s, a) => {
      const i = a.params![0] as number;
      if (mutate) {
        (s.c as number[])[i]!++;
        return s;
      }
      const c = [...s.c];
      c[i]!++;
      return { c: make(c) };
    },
    properties: [],
  };
}

test("a next that changes its input is caught by default, outside the tests' freezing, and named (it gave 1 state instead of 36)", (t) => {
  for (const typed of [false, true]) {
    t.is(explore(arrayCounters(false, typed)).distinct, 36);
    const e = t.throws(() => explore(arrayCounters(true, typed)), { instanceOf: ModelError });
    t.regex(e!.message, /next\(state, inc\(0\)\) changed its input state \(at state\.c\[0\]\)/);
    // --check-model (every state) catches it too, and freezing would not work on a typed array
    t.throws(() => explore(arrayCounters(true, typed), { checkStates: Infinity, freezeStates: true }), { instanceOf: typed ? ModelError : TypeError });
  }
});

test("a state changed after the search stored it is caught", (t) => {
  // the first step's successor holds `box`; its sibling step writes `box` (not its own input)
  const box = { n: 0 };
  const m: Model<{ readonly k: number; readonly b: { n: number } }> = {
    name: "SharesMutable",
    actionNames: ["keep", "write"],
    initStates: () => [{ k: 0, b: { n: 0 } }],
    actions: (s, out) => {
      if (s.k === 0) out.push({ name: "keep" }, { name: "write" });
      else if (s.k < 3) out.push({ name: "keep" });
    },
    next: (s, a) => {
      if (s.k === 0 && a.name === "keep") return { k: 1, b: box };
      if (a.name === "write") box.n++;
      return { k: s.k + 2, b: { n: s.k } };
    },
    properties: [],
  };
  t.throws(() => explore(m), { instanceOf: ModelError, message: /a state changed after the search stored it/ });
});

test("freshFingerprint sees a change that the remembered hashes hide", (t) => {
  const s = { a: { b: [1, 2] } };
  const x = new Uint32Array(2);
  const y = new Uint32Array(2);
  structuralFingerprint(s, x);
  s.a.b[0] = 9;
  structuralFingerprint(s, y);
  t.deepEqual([...x], [...y]); // the remembered hash: a changed state looks unchanged
  freshFingerprint(s, y);
  t.notDeepEqual([...x], [...y]);
});

/** A line 0..4 with a goal; `reachable` says whether its goal state exists. */
function line(goals: readonly Goal<number>[], violate = false): Model<number> {
  return {
    name: "Line",
    actionNames: ["next", "jump"],
    initStates: () => [0],
    actions: (s, out) => {
      if (s < 4) out.push({ name: "next" });
    },
    next: (s) => s + 1,
    final: (s) => s === 4, // the line ends there: not a deadlock
    properties: [{ name: "small", kind: "always", holds: (s) => !violate || s < 3 }],
    goals,
  };
}

test("a complete search that never reaches a goal is vacuous, naming it; cut, it is incomplete; a violation stays a violation", (t) => {
  const never: Goal<number> = { name: "ten", description: "the value 10", reached: (s) => s === 10 };
  const four: Goal<number> = { name: "four", description: "the value 4", reached: (s) => s === 4 };
  const jump: Goal<number> = { name: "jump", description: "a jump", action: "jump" };
  const stepped: Goal<number> = { name: "stepped", description: "a step", action: "next" };
  t.is(verdictOf(explore(line([four, stepped]))), "ok");
  const r = explore(line([four, never, jump]));
  t.is(verdictOf(r), "vacuous");
  t.deepEqual(r.goals.map((g) => [g.name, g.reached]), [["four", true], ["ten", false], ["jump", false]]);
  t.is(verdictOf(explore(line([never]), { maxDepth: 2 })), "incomplete");
  t.is(verdictOf(explore(line([never], true))), "violation");
  t.throws(() => explore(line([{ name: "bad", description: "x", action: "nosuch" }])), { instanceOf: ModelError });
});

test("--por: a goal counts as a visible property; a declared independence that ignores a goal is a loud model error", (t) => {
  // counters declares every increment invisible: true of its property, not of a goal on the counters' values
  const value = (s: number, i: number): number => Math.floor(s / 64 ** i) % 64;
  const goal: Goal<number> = { name: "target", description: "counters at 1, 1, 0", reached: (s) => value(s, 0) === 1 && value(s, 1) === 1 && value(s, 2) === 0 };
  const m = { ...counters(3, 3), goals: [goal] } as Model<number, Action>;
  t.true(explore(m).goals[0]!.reached);
  t.throws(() => explore(m, { por: true }), { instanceOf: ModelError, message: /invisible, but it changes whether the goal target is reached/ });
  // an action goal needs nothing of the declaration: a step of its family taken anywhere reaches it
  const reset = { ...counters(3, 3), goals: [{ name: "reset", description: "a reset", action: "reset" }] } as Model<number, Action>;
  t.true(explore(reset, { por: true }).goals[0]!.reached);
});

test("a search that fills the heap stops with its partial statistics (stopReason memory), both engines, never a V8 abort", (t) => {
  for (const engine of ["sequential", "parallel"]) {
    const r = spawnSync(process.execPath, ["--max-old-space-size=64", "--import=tsx", join(ROOT, "test/helpers/heap-hog.ts"), engine], { cwd: ROOT, encoding: "utf8" });
    t.is(r.status, 0, `${engine}: ${r.stderr.slice(0, 300)}`);
    const got = JSON.parse(r.stdout) as { stopReason: string; complete: boolean; distinct: number; verdict: string };
    t.is(got.stopReason, "memory", engine);
    t.false(got.complete);
    t.is(got.verdict, "incomplete");
    t.true(got.distinct > 1000, engine);
  }
});

test("every registered model leaves its states unchanged, checked on every state (--check-model): the classic and kvm-spe standard runs (the kernel's: kernel-scenarios.test.ts)", (t) => {
  for (const run of standardRuns.filter((r) => r.model !== "kernel")) {
    const job = standardJob(modelEntries, run);
    const build = (): Model<unknown, Action> => modelEntries.find((e) => e.name === job.model)!.build(job.params);
    const checked = explore(build(), { ...job.options, checkStates: Infinity });
    t.is(checked.distinct, explore(build(), { ...job.options, checkStates: 0 }).distinct, run.id);
  }
});
