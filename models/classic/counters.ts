/**
 * Counters: `n` independent counters 0..max; each step increments one counter below `max`
 * or resets one at `max` to 0. With n=4, max=49: 6,250,000 distinct, 25,000,001 generated,
 * depth 197 (SPIN's figures). Packed 6 bits a counter (max <= 63, n <= 8).
 */
import { integerFingerprint } from "../../src/fingerprint.ts";
import type { Action, Model } from "../../src/model.ts";

interface CounterAction extends Action {
  readonly i: number;
  readonly delta: number; // multiple of 64^i to add (inc) or subtract (reset)
}

export function counters(n: number, max: number): Model<number, CounterAction> {
  if (n < 1 || n > 8 || max < 1 || max > 63) throw new RangeError("counters: n in 1..8, max in 1..63");
  const unit = Array.from({ length: n }, (_, i) => 64 ** i);
  const inc = unit.map((u, i): CounterAction => ({ name: "inc", params: [i], i, delta: u }));
  const reset = unit.map((u, i): CounterAction => ({ name: "reset", params: [i], i, delta: -max * u }));
  // counter i is bits 6i..6i+5: a shift while the state fits in 32 bits (n <= 5), a division beyond
  const value = n <= 5 ? (s: number, i: number): number => (s >>> (6 * i)) & 63 : (s: number, i: number): number => Math.floor(s / unit[i]!) % 64;
  return {
    name: `Counters(n=${n}, max=${max})`,
    actionNames: ["inc", "reset"],
    initStates: () => [0],
    actions(s, out) {
      for (let i = 0; i < n; i++) out.push(value(s, i) < max ? inc[i]! : reset[i]!);
    },
    next: (s, a) => s + a.delta,
    properties: [
      {
        name: "InRange",
        kind: "always",
        description: "every counter stays in 0..max",
        holds(s) {
          for (let i = 0; i < n; i++) if (value(s, i) > max) return false;
          return true;
        },
      },
    ],
    // a state of up to 5 counters (30 bits) is its own exact key: the search stores it as it is
    ...(n <= 5 ? { key: (s: number) => s } : { fingerprint: integerFingerprint }),
    view: (s) => ({ c: Array.from({ length: n }, (_, i) => value(s, i)) }),
    // --por: each counter is a process. Counter i's one enabled action (inc below max, reset at
    // max) reads and writes only counter i's 6 bits, its guard too, and no other counter's action
    // touches them: always safe (C1). It never changes InRange's truth (inc from < max stays
    // <= max, reset goes to 0): invisible (C2).
    partialOrder: {
      process: (_s, a) => a.i,
      safe: () => true,
      invisible: () => true,
    },
    // --symmetry: the counters are interchangeable (same range, same actions, InRange treats them
    // alike): the representative has its counters sorted, largest in counter 0.
    symmetry: {
      description: "counters are interchangeable",
      canonical(s) {
        const v = Array.from({ length: n }, (_, i) => value(s, i)).sort((x, y) => y - x);
        let out = 0;
        for (let i = 0; i < n; i++) out += v[i]! * unit[i]!;
        return out;
      },
    },
  };
}
