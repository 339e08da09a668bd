import test from "ava";
import fc from "fast-check";
import type { StatePacking } from "../src/model.ts";
import { ChunkPool, Frontier, Level, StateStore } from "../src/state-queue.ts";
import { FingerprintSet } from "../src/visited.ts";
import { U32List } from "../src/u32-list.ts";

/** States as plain arrays of words, packed as they are. */
const words: StatePacking<number[]> = {
  size: (s) => s.length,
  write(s, out, at) {
    for (let i = 0; i < s.length; i++) out[at + i] = s[i]!;
  },
  read: (src, at, size) => Array.from(src.subarray(at, at + size)),
};

// The two levels of a search share their chunks: the level being read hands each chunk back as
// soon as its states are read, while the other level is being filled. A chunk handed back too
// early would be overwritten by the next level's states before they are read.
// Unpacked (packing null), the levels keep their arrays' room when emptied: an emptied level must
// not read back states of the level before.
for (const packing of [words, null]) {
  test(`levels sharing a chunk pool read back every state as written, level after level (${packing ? "packed" : "unpacked"})`, (t) => {
    const state = fc.integer({ min: 1, max: 400 }).chain((n) => fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: n, maxLength: n }));
    fc.assert(
      // (size "max": fast-check's default size keeps arrays to about ten states, which never fill a 65,536-word chunk)
      fc.property(fc.array(state, { minLength: 1, maxLength: 1500, size: "max" }), fc.integer({ min: 1, max: 4 }), (first, levels) => {
        const pool = new ChunkPool();
        let frontier = new Level(packing, pool);
        let next = new Level(packing, pool);
        for (const s of first) frontier.push(s);
        let expected = first;
        for (let l = 0; l < levels; l++) {
          const produced: number[][] = [];
          for (let i = 0; i < frontier.length; i++) {
            const s = frontier.read(i);
            if (JSON.stringify(s) !== JSON.stringify(expected[i])) return false;
            // each state read makes one or two states of the next level (the level grows, as BFS levels do)
            for (const k of i % 3 === 0 ? [1, 2] : [3]) {
              const t2 = s.map((w) => (w ^ k) | 0);
              next.push(t2);
              produced.push(t2);
            }
          }
          frontier.clear();
          [frontier, next] = [next, frontier];
          expected = produced;
        }
        return frontier.length === expected.length && expected.every((s, i) => JSON.stringify(frontier.read(i)) === JSON.stringify(s));
      }),
      { numRuns: 15, endOnFailure: true }, // (shrinking arrays this long would take minutes)
    );
    t.pass();
  });
}

test("a state larger than a chunk gets a chunk of its own", (t) => {
  const pool = new ChunkPool();
  const level = new Level(words, pool);
  const small = [1, 2, 3];
  const big = Array.from({ length: 70_000 }, (_, i) => i);
  level.push(small);
  level.push(big);
  level.push(small);
  t.deepEqual(level.read(0), small);
  t.deepEqual(level.read(1), big);
  t.deepEqual(level.read(2), small);
});

test("the visited set, released after the search, keeps its size and refuses to be used", (t) => {
  const set = new FingerprintSet(16);
  set.add(1, 2);
  set.add(3, 4);
  set.release();
  t.is(set.size, 2);
  t.throws(() => set.has(1, 2), { message: /after release/ });
  t.throws(() => set.add(5, 6), { message: /after release/ });
});

// A parallel searcher's stores (src/level-search.ts): candidates pushed, the stores recycled (clear) and
// filled again; the next frontier picks some of a store's states in another order, is given states it steals
// (push, which appends them to the store) and gives its tail away (truncate). A model of the same operations
// on plain arrays must read back the same.
test("a state store and a frontier over it read back what was pushed, picked, truncated and refilled, packed or not", (t) => {
  const state = fc.integer({ min: 1, max: 300 }).chain((n) => fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: n, maxLength: n }));
  const op = fc.oneof(
    fc.record({ kind: fc.constant("push" as const), s: state }),
    fc.record({ kind: fc.constant("truncate" as const), n: fc.nat() }),
    fc.record({ kind: fc.constant("clear" as const) }),
  );
  const same = (a: { length: number; get(i: number): number[] }, b: readonly number[][]): boolean =>
    a.length === b.length && b.every((s, i) => JSON.stringify(a.get(i)) === JSON.stringify(s));
  for (const packing of [words, null]) {
    fc.assert(
      // (size "max": long enough arrays that the stores outgrow their first room of 65,536 words)
      fc.property(fc.array(state, { maxLength: 600, size: "max" }), fc.array(op, { maxLength: 400, size: "max" }), fc.array(fc.nat(), { maxLength: 600, size: "max" }), (initial, ops, picks) => {
        const store = new StateStore<number[]>(packing);
        const expected: number[][] = [];
        for (const s of initial) {
          store.push(s);
          expected.push(s);
        }
        const picked = initial.length > 0 ? picks.map((i) => i % initial.length) : [];
        const frontier = new Frontier(store, U32List.of(picked));
        const expectedFrontier = picked.map((i) => initial[i]!);
        const other = new StateStore<number[]>(packing);
        const expectedOther: number[][] = [];
        for (const o of ops) {
          if (o.kind === "push") {
            frontier.push(o.s);
            expectedFrontier.push(o.s);
            other.push(o.s);
            expectedOther.push(o.s);
          } else if (o.kind === "truncate") {
            const n = o.n % (expectedFrontier.length + 1);
            frontier.truncate(n);
            expectedFrontier.length = n;
          } else if (o.kind === "clear") {
            other.clear();
            expectedOther.length = 0;
          }
        }
        // the store keeps the states pushed through the frontier after its own, whatever was truncated
        const pushed = ops.filter((o) => o.kind === "push").map((o) => (o as { s: number[] }).s);
        return same(frontier, expectedFrontier) && same(other, expectedOther) && same(store, [...expected, ...pushed]);
      }),
      { numRuns: 25, endOnFailure: true }, // (shrinking arrays this long would take minutes)
    );
  }
  t.pass();
});

test("U32List holds what a JS array holds under pushes, truncations and copies", (t) => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant("push" as const), x: fc.nat({ max: 0xffffffff }) }),
    fc.record({ kind: fc.constant("truncate" as const), n: fc.nat() }),
    fc.record({ kind: fc.constant("copy" as const), from: fc.nat(), to: fc.nat() }),
  );
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 50 }), fc.array(op, { maxLength: 3000 }), (initial, ops) => {
      const list = U32List.of(initial);
      const expected = [...initial];
      for (const o of ops) {
        if (o.kind === "push") {
          list.push(o.x);
          expected.push(o.x);
        } else if (o.kind === "truncate") {
          const n = o.n % (expected.length + 1);
          list.truncate(n);
          expected.length = n;
        } else {
          const from = o.from % (expected.length + 1);
          const to = from + (o.to % (expected.length - from + 1));
          const c = list.copy(from, to);
          c.fill(7); // a copy of its own: the list is unchanged
          t.deepEqual([...list.copy(from, to)], expected.slice(from, to));
        }
        t.is(list.length, expected.length);
      }
      t.deepEqual([...list.view()], expected);
      t.deepEqual(Array.from({ length: list.length }, (_, i) => list.get(i)), expected);
    }),
    { numRuns: 200 },
  );
});
