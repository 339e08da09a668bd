import test from "ava";
import fc from "fast-check";
import type { StatePacking } from "../src/model.ts";
import { ChunkPool, Level, StateStore } from "../src/state-queue.ts";
import { FingerprintSet } from "../src/visited.ts";

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

// A parallel searcher's stores (src/level-search.ts): candidates pushed, some copied to the next
// frontier in another order, the frontier's tail given away (truncate), the stores recycled (clear)
// and filled again. A model of the same operations on a plain array must read back the same.
test("a state store reads back what was pushed, copied, truncated and refilled, packed or not", (t) => {
  const state = fc.integer({ min: 1, max: 300 }).chain((n) => fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: n, maxLength: n }));
  const op = fc.oneof(
    fc.record({ kind: fc.constant("push" as const), s: state }),
    fc.record({ kind: fc.constant("copy" as const), i: fc.nat() }),
    fc.record({ kind: fc.constant("truncate" as const), n: fc.nat() }),
    fc.record({ kind: fc.constant("clear" as const) }),
  );
  for (const packing of [words, null]) {
    fc.assert(
      // (size "max": long enough arrays that both stores outgrow their first room of 65,536 words)
      fc.property(fc.array(state, { maxLength: 600, size: "max" }), fc.array(op, { maxLength: 400, size: "max" }), (initial, ops) => {
        const from = new StateStore<number[]>(packing);
        for (const s of initial) from.push(s);
        const to = new StateStore<number[]>(packing);
        const expected: number[][] = [];
        for (const o of ops) {
          if (o.kind === "push") {
            to.push(o.s);
            expected.push(o.s);
          } else if (o.kind === "copy" && initial.length > 0) {
            const i = o.i % initial.length;
            to.pushFrom(from, i);
            expected.push(initial[i]!);
          } else if (o.kind === "truncate") {
            const n = o.n % (expected.length + 1);
            to.truncate(n);
            expected.length = n;
          } else if (o.kind === "clear") {
            to.clear();
            expected.length = 0;
          }
        }
        const same = (a: StateStore<number[]>, b: readonly number[][]): boolean => a.length === b.length && b.every((s, i) => JSON.stringify(a.get(i)) === JSON.stringify(s));
        return same(to, expected) && same(from, initial);
      }),
      { numRuns: 25, endOnFailure: true }, // (shrinking arrays this long would take minutes)
    );
  }
  t.pass();
});
