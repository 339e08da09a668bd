/**
 * Two mutual-exclusion algorithms of the TLA+ Examples (`specifications/locks_auxiliary_vars`,
 * Jarod Differdange), step for step with their PlusCal labels, and the liveness property they
 * are known for: starvation freedom, `pc[p] = "a1" ~> pc[p] = "cs"` (a process that leaves its
 * non-critical section eventually enters the critical one), under the fairness a parameter picks.
 *
 * - `Lock.tla`, the abstract lock (test-and-set): 12 distinct / 21 generated / depth 5 (the
 *   Examples' manifest). Not starvation-free under weak fairness: a process waiting at l1 sees
 *   the lock free only now and then, while the other takes it again and again; strong fairness
 *   (taken if enabled infinitely often) makes it starvation-free.
 * - `Peterson.tla`: 42 distinct / 77 generated / depth 11 (the manifest). Starvation-free under
 *   weak fairness of each process; without fairness, a process may stop forever at any step.
 *
 * Fairness is per process (`\A self: WF_vars(proc(self))`, PlusCal's `fair process`).
 */
import { leadsTo } from "../../src/liveness/properties.ts";
import type { Action, Fairness, Model, Property } from "../../src/model.ts";

export type FairnessChoice = "none" | "weak" | "strong";

interface ProcAction extends Action {
  readonly params: readonly [number];
}

function perProcess(choice: FairnessChoice): readonly Fairness<ProcAction>[] {
  if (choice === "none") return [];
  return [{ kind: choice, actions: () => true, per: (a) => a.params[0], name: choice === "weak" ? "WF(proc)" : "SF(proc)" }];
}

/** Process self (1 or 2) at label `at` ~> at `cs`, for both processes. */
function starvationFree<S>(pcOf: (s: S, p: number) => string, at: string): Property<S>[] {
  return [1, 2].map((p) =>
    leadsTo<S>(
      `StarvationFree[${p}]`,
      (s) => pcOf(s, p) === at,
      (s) => pcOf(s, p) === "cs",
      { description: `process ${p} at ${at} eventually enters cs` },
    ),
  );
}

const act = (label: string, self: number): ProcAction => ({ name: label, params: [self], context: `proc${self}` });

export interface LockState {
  readonly pc: readonly ("l0" | "l1" | "cs" | "l2")[];
  readonly lock: 0 | 1;
}

export function lockModel(fairness: FairnessChoice): Model<LockState, ProcAction> {
  const set = (s: LockState, self: number, pc: LockState["pc"][number], lock = s.lock): LockState => ({ pc: s.pc.map((x, i) => (i === self - 1 ? pc : x)), lock });
  return {
    name: `Lock(fairness=${fairness})`,
    actionNames: ["l0", "l1", "cs", "l2"],
    initStates: () => [{ pc: ["l0", "l0"], lock: 1 }],
    actions(s, out) {
      for (const self of [1, 2]) {
        const pc = s.pc[self - 1]!;
        if (pc !== "l1" || s.lock === 1) out.push(act(pc, self)); // l1: await lock = 1
      }
    },
    next(s, a) {
      const self = a.params[0];
      switch (a.name) {
        case "l0":
          return set(s, self, "l1");
        case "l1":
          return set(s, self, "cs", 0);
        case "cs":
          return set(s, self, "l2");
        default:
          return set(s, self, "l0", 1);
      }
    },
    properties: [
      {
        name: "LockInv",
        kind: "always",
        description: "at most one process in cs or l2, and then the lock is taken",
        holds: (s) => s.pc.filter((x) => x === "cs" || x === "l2").length === (s.lock === 0 ? 1 : 0),
      },
      ...starvationFree<LockState>((s, p) => s.pc[p - 1]!, "l1"),
    ],
    fairness: perProcess(fairness),
  };
}

export interface PetersonState {
  readonly pc: readonly ("a0" | "a1" | "a2" | "a3" | "cs" | "a4")[];
  readonly c: readonly boolean[];
  readonly turn: 1 | 2;
}

export function petersonModel(fairness: FairnessChoice): Model<PetersonState, ProcAction> {
  const other = (p: number): 1 | 2 => (p === 1 ? 2 : 1);
  const set = (s: PetersonState, self: number, pc: PetersonState["pc"][number], change: Partial<Omit<PetersonState, "pc">> = {}): PetersonState => ({
    pc: s.pc.map((x, i) => (i === self - 1 ? pc : x)),
    c: change.c ?? s.c,
    turn: change.turn ?? s.turn,
  });
  const withC = (s: PetersonState, self: number, v: boolean): readonly boolean[] => s.c.map((x, i) => (i === self - 1 ? v : x));
  return {
    name: `Peterson(fairness=${fairness})`,
    actionNames: ["a0", "a1", "a2", "a3", "cs", "a4"],
    initStates: () => [{ pc: ["a0", "a0"], c: [false, false], turn: 1 }],
    actions(s, out) {
      for (const self of [1, 2]) {
        const pc = s.pc[self - 1]!;
        // a3: await ~c[Other(self)] \/ turn = self
        if (pc !== "a3" || !s.c[other(self) - 1] || s.turn === self) out.push(act(pc, self));
      }
    },
    next(s, a) {
      const self = a.params[0];
      switch (a.name) {
        case "a0":
          return set(s, self, "a1");
        case "a1":
          return set(s, self, "a2", { c: withC(s, self, true) });
        case "a2":
          return set(s, self, "a3", { turn: other(self) });
        case "a3":
          return set(s, self, "cs");
        case "cs":
          return set(s, self, "a4");
        default:
          return set(s, self, "a0", { c: withC(s, self, false) });
      }
    },
    properties: [
      {
        name: "Inv",
        kind: "always",
        description: "Peterson.tla's inductive invariant Inv (with mutual exclusion of cs and a4)",
        holds(s) {
          const lockcs = (p: number): boolean => s.pc[p - 1] === "cs" || s.pc[p - 1] === "a4";
          for (const p of [1, 2]) {
            if (s.c[p - 1] !== ["a2", "a3", "cs", "a4"].includes(s.pc[p - 1]!)) return false;
            if (lockcs(p) && !(s.turn === p || ["a0", "a1", "a2"].includes(s.pc[other(p) - 1]!))) return false;
          }
          return !(lockcs(1) && lockcs(2));
        },
      },
      ...starvationFree<PetersonState>((s, p) => s.pc[p - 1]!, "a1"),
    ],
    fairness: perProcess(fairness),
  };
}
