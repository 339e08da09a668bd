import test from "ava";
import fc from "fast-check";
import { explore } from "../src/explore.ts";
import type { Action, Model } from "../src/model.ts";
import { counters } from "../models/classic/counters.ts";
import { dieHard } from "../models/classic/diehard.ts";
import { twoPhase } from "../models/classic/twophase.ts";
import { integerFingerprint, structuralFingerprint } from "../src/fingerprint.ts";

// Published figures (checker-anchors.md): distinct / generated / depth in TLC's conventions.
const TWO_PHASE: Record<number, [number, number, number]> = {
  1: [12, 20, 5],
  2: [56, 154, 8],
  3: [288, 1146, 11],
  4: [1568, 8258, 14],
  5: [8832, 58146, 17],
  6: [50816, 402306, 20],
};

for (const [rm, [distinct, generated, depth]] of Object.entries(TWO_PHASE)) {
  test(`TwoPhase rm=${rm}: ${distinct} distinct / ${generated} generated / depth ${depth}`, (t) => {
    const r = explore(twoPhase(Number(rm)), { freezeStates: true });
    t.true(r.complete);
    t.deepEqual([r.distinct, r.generated, r.depth], [distinct, generated, depth]);
    t.is(r.properties[0]!.verdict, "ok");
    t.true(r.actions.every((a) => a.generated > 0), "every TwoPhase action fires");
  });
}

test("DieHard: full space 16 / 97 / 8 and the 6-step shortest violation", (t) => {
  const r = explore(dieHard(), { freezeStates: true });
  t.true(r.complete);
  t.deepEqual([r.distinct, r.generated, r.depth], [16, 97, 8]);
  const v = r.properties.find((p) => p.name === "NotSolved")!.violation!;
  t.is(v.steps, 6);
  t.deepEqual(
    v.trace.map((s) => s.action),
    ["FillBigJug", "BigToSmall", "EmptySmallJug", "BigToSmall", "FillBigJug", "BigToSmall"],
  );
  t.deepEqual(v.states[v.states.length - 1], { big: 4, small: 3 });
  // no violation at a smaller depth: a search bounded just above the violation's level finds none
  const shallow = explore({ ...dieHard(), properties: dieHard().properties.filter((p) => p.name === "NotSolved") }, { maxDepth: v.depth - 1 });
  t.is(shallow.properties[0]!.verdict, "incomplete");
});

test("Counters n=3 max=9: 1000 / 3001 / 28", (t) => {
  const r = explore(counters(3, 9), { freezeStates: true });
  t.deepEqual([r.distinct, r.generated, r.depth], [1000, 3001, 28]);
});

// (max + 1)^n states, (max + 1)^n * n + 1 generated (every state has n enabled actions, plus the initial
// one), depth n * max + 1: with counters in the high bits of a 32-bit state (n = 5, shifts) and past them
// (n = 6, divisions)
test("Counters n=5 max=3 and n=6 max=2: every counter reaches max in either encoding of the state", (t) => {
  for (const [n, max] of [[5, 3], [6, 2]] as const) {
    const r = explore(counters(n, max));
    t.deepEqual([r.distinct, r.generated, r.depth], [(max + 1) ** n, (max + 1) ** n * n + 1, n * max + 1], `n=${n} max=${max}`);
    t.is(r.properties.find((p) => p.name === "InRange")!.verdict, "ok");
  }
});

/** Random walks from the initial states only reach states the BFS found. */
function walkStaysInside<S, A extends Action>(t: { true(b: boolean, m?: string): void }, model: Model<S, A>, fpOf: (s: S, o: Uint32Array) => void): void {
  const seen = new Set<string>();
  const fp = new Uint32Array(2);
  // collect the BFS's states by exploring with a recording fingerprint (in place of the model's exact key, if it gives one)
  const recording: Model<S, A> = { ...model, key: undefined, fingerprint: (s, o) => (fpOf(s, o), seen.add(`${o[0]}:${o[1]}`)) };
  explore(recording);
  fc.assert(
    fc.property(fc.array(fc.nat(), { maxLength: 60 }), (choices) => {
      let s = model.initStates()[0] as S;
      const acts: A[] = [];
      for (const c of choices) {
        acts.length = 0;
        model.actions(s, acts);
        if (acts.length === 0) break;
        s = model.next(s, acts[c % acts.length]!, { fail() {} });
        fpOf(s, fp);
        if (!seen.has(`${fp[0]}:${fp[1]}`)) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.true(seen.size > 0);
}

test("random walks stay inside the BFS's state space (TwoPhase, DieHard, Counters)", (t) => {
  walkStaysInside(t, twoPhase(4), integerFingerprint);
  walkStaysInside(t, dieHard(), structuralFingerprint);
  walkStaysInside(t, counters(3, 5), integerFingerprint);
});
