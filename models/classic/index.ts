/** The classic models that prove the engine on figures no one here wrote (checker-anchors.md). */
import type { ModelEntry, StandardRun } from "../../src/registry.ts";
import { counters } from "./counters.ts";
import { dieHard } from "./diehard.ts";
import { twoPhase } from "./twophase.ts";

export const classicEntries: readonly ModelEntry[] = [
  {
    name: "twophase",
    description: "two-phase commit, TLA+ Examples TwoPhase.tla (invariant TCConsistent holds)",
    params: [{ name: "rm", type: "int", default: 3, min: 1, max: 7, description: "number of resource managers" }],
    build: (p) => twoPhase(p.rm as number),
  },
  {
    name: "diehard",
    description: "the DieHard jugs (5 and 3); NotSolved (big /= 4) is violated in 6 steps",
    params: [],
    build: () => dieHard(),
  },
  {
    name: "counters",
    description: "n independent counters 0..max, increment or reset (SPIN's benchmark)",
    params: [
      { name: "n", type: "int", default: 3, min: 1, max: 8, description: "number of counters" },
      { name: "max", type: "int", default: 9, min: 1, max: 63, description: "largest counter value" },
    ],
    build: (p) => counters(p.n as number, p.max as number),
  },
];

const TC = "checker-anchors.md, exact counts";
export const classicRuns: readonly StandardRun[] = [
  { id: "twophase-rm3", model: "twophase", params: { rm: 3 }, expected: { verdict: "ok", source: `${TC}: 288 / 1,146 / 11` } },
  { id: "twophase-rm5", model: "twophase", params: { rm: 5 }, expected: { verdict: "ok", source: `${TC}: 8,832 / 58,146 / 17` } },
  { id: "diehard", model: "diehard", params: {}, expected: { verdict: "violation", violated: ["NotSolved"], source: `${TC}: 16 / 97 / 8, 6-step shortest` } },
  { id: "counters-n3-max9", model: "counters", params: { n: 3, max: 9 }, expected: { verdict: "ok", source: "10^3 states" } },
];
