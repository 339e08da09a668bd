/** The classic models that prove the engine on figures no one here wrote (checker-anchors.md). */
import { defineModel, int, oneOf } from "../../src/define-model.ts";
import type { ModelEntry, StandardRun } from "../../src/registry.ts";
import { counters } from "./counters.ts";
import { diningPhilosophers } from "./dining.ts";
import { dieHard } from "./diehard.ts";
import { lockModel, petersonModel } from "./mutex.ts";
import { twoPhase } from "./twophase.ts";

const FAIRNESS = ["none", "weak", "strong"] as const;

export const classicEntries: readonly ModelEntry[] = [
  defineModel({
    name: "twophase",
    description: "two-phase commit, TLA+ Examples TwoPhase.tla (invariant TCConsistent holds)",
    params: { rm: int(1, 7, 3, "number of resource managers") },
    build: (p) => twoPhase(p.rm),
  }),
  defineModel({
    name: "diehard",
    description: "the DieHard jugs (5 and 3); NotSolved (big /= 4) is violated in 6 steps",
    build: () => dieHard(),
  }),
  defineModel({
    name: "counters",
    description: "n independent counters 0..max, increment or reset (SPIN's benchmark)",
    params: { n: int(1, 8, 3, "number of counters"), max: int(1, 63, 9, "largest counter value") },
    build: (p) => counters(p.n, p.max),
  }),
  defineModel({
    name: "lock",
    description: "the abstract test-and-set lock, TLA+ Examples locks_auxiliary_vars/Lock.tla; starvation freedom fails under weak fairness, holds under strong",
    params: { fairness: oneOf(FAIRNESS, "weak", "fairness of each process: none, weak (WF), strong (SF)") },
    build: (p) => lockModel(p.fairness),
  }),
  defineModel({
    name: "peterson",
    description: "Peterson's algorithm, TLA+ Examples locks_auxiliary_vars/Peterson.tla; starvation-free under weak fairness, not without",
    params: { fairness: oneOf(FAIRNESS, "weak", "fairness of each process: none, weak (WF), strong (SF)") },
    build: (p) => petersonModel(p.fairness),
  }),
  defineModel({
    name: "dining",
    description: "DiningPhilosophers (Chandy-Misra), TLA+ Examples; NobodyStarves holds under the spec's weak fairness, not without",
    params: { np: int(2, 7, 5, "number of philosophers (NP)"), fairness: oneOf(FAIRNESS, "weak", "fairness of each philosopher: none, weak (WF), strong (SF)") },
    build: (p) => diningPhilosophers(p.np, p.fairness),
  }),
];

const TC = "checker-anchors.md, exact counts";
export const classicRuns: readonly StandardRun[] = [
  { id: "twophase-rm3", model: "twophase", params: { rm: 3 }, expected: { verdict: "ok", source: `${TC}: 288 / 1,146 / 11` } },
  { id: "twophase-rm5", model: "twophase", params: { rm: 5 }, expected: { verdict: "ok", source: `${TC}: 8,832 / 58,146 / 17` } },
  { id: "diehard", model: "diehard", params: {}, expected: { verdict: "violation", violated: ["NotSolved"], source: `${TC}: 16 / 97 / 8, 6-step shortest` } },
  { id: "counters-n3-max9", model: "counters", params: { n: 3, max: 9 }, expected: { verdict: "ok", source: "10^3 states" } },
];
