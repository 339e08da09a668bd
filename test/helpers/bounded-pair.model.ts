/**
 * A model file (auxcheck check --model-file) with a state constraint, for the tests: two counters
 * that only grow, kept to x + y <= limit by TLC-style CONSTRAINT. `Small` (x <= limit) breaks
 * only on successors outside the constraint, which TLC still checks.
 */
import { defineModel, int } from "../../src/define-model.ts";
import type { Action, Model } from "../../src/model.ts";

interface Pair {
  readonly x: number;
  readonly y: number;
}

const incX: Action = { name: "incX" };
const incY: Action = { name: "incY" };

export function boundedPair(limit: number): Model<Pair> {
  return {
    name: `BoundedPair(limit=${limit})`,
    actionNames: ["incX", "incY"],
    initStates: () => [{ x: 0, y: 0 }],
    actions: (_s, out) => void out.push(incX, incY),
    next: (s, a) => (a === incX ? { x: s.x + 1, y: s.y } : { x: s.x, y: s.y + 1 }),
    constraint: (s) => s.x + s.y <= limit,
    properties: [{ name: "Small", kind: "always", holds: (s) => s.x <= limit }],
  };
}

export default defineModel({
  name: "bounded-pair",
  description: "two growing counters under the constraint x + y <= limit",
  params: { limit: int(-1, 50, 3, "the constraint's bound (-1: even the initial state is outside)") },
  build: (p) => boundedPair(p.limit),
});
