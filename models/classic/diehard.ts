/**
 * DieHard: the jug puzzle of the TLA+ Examples (big jug 5, small jug 3). NotSolved (big /= 4)
 * is violated, shortest in 6 steps; TypeOK holds, so the search still covers the full space
 * (16 distinct / 97 generated / depth 8 in TLC's conventions).
 */
import type { Action, Model } from "../../src/model.ts";

export interface Jugs {
  readonly big: number;
  readonly small: number;
}

const ACTIONS = ["FillSmallJug", "FillBigJug", "EmptySmallJug", "EmptyBigJug", "SmallToBig", "BigToSmall"] as const;
const ACTION_OBJECTS: readonly Action[] = ACTIONS.map((name) => ({ name }));

export function dieHard(): Model<Jugs> {
  return {
    name: "DieHard",
    actionNames: ACTIONS,
    initStates: () => [{ big: 0, small: 0 }],
    actions(_s, out) {
      out.push(...ACTION_OBJECTS);
    },
    next(s, a) {
      switch (a.name) {
        case "FillSmallJug":
          return { big: s.big, small: 3 };
        case "FillBigJug":
          return { big: 5, small: s.small };
        case "EmptySmallJug":
          return { big: s.big, small: 0 };
        case "EmptyBigJug":
          return { big: 0, small: s.small };
        case "SmallToBig": {
          const pour = Math.min(s.small, 5 - s.big);
          return { big: s.big + pour, small: s.small - pour };
        }
        case "BigToSmall": {
          const pour = Math.min(s.big, 3 - s.small);
          return { big: s.big - pour, small: s.small + pour };
        }
        default:
          throw new Error(`unknown action ${a.name}`);
      }
    },
    properties: [
      { name: "TypeOK", kind: "always", description: "big in 0..5, small in 0..3", holds: (s) => s.big >= 0 && s.big <= 5 && s.small >= 0 && s.small <= 3 },
      { name: "NotSolved", kind: "always", description: "big /= 4 (violated: the puzzle's solution)", holds: (s) => s.big !== 4 },
    ],
  };
}
