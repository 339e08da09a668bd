/**
 * DiningPhilosophers of the TLA+ Examples (`specifications/DiningPhilosophers/DiningPhilosophers.tla`,
 * Jeff Hemphill: the Chandy–Misra solution, forks handed over clean), action for action:
 * Loop(self), Eat(self), Think(self), one enabled per philosopher. With NP = 5: 67 distinct /
 * 336 generated / depth 29 (the Examples' manifest), and NobodyStarves (\A p: []<>~hungry[p])
 * holds under the spec's fairness, `\A self: WF_vars(Philosopher(self))`. Without fairness it is
 * violated: a behaviour may run some philosophers only.
 */
import { alwaysEventually } from "../../src/liveness/properties.ts";
import type { Action, Model } from "../../src/model.ts";
import type { FairnessChoice } from "./mutex.ts";

interface Fork {
  readonly holder: number;
  readonly clean: boolean;
}

export interface DiningState {
  readonly forks: readonly Fork[];
  readonly hungry: readonly boolean[];
  readonly pc: readonly ("Loop" | "Eat" | "Think")[];
}

interface PhilAction extends Action {
  readonly params: readonly [number];
}

export function diningPhilosophers(np: number, fairness: FairnessChoice): Model<DiningState, PhilAction> {
  if (!Number.isInteger(np) || np < 2) throw new RangeError("DiningPhilosophers: NP >= 2");
  // philosophers and forks are numbered 1..NP, as in the spec; arrays are 0-based
  const leftFork = (p: number): number => p;
  const rightFork = (p: number): number => (p === np ? 1 : p + 1);
  const leftPhilosopher = (p: number): number => (p === 1 ? np : p - 1);
  const rightPhilosopher = (p: number): number => (p === np ? 1 : p + 1);
  const fork = (s: DiningState, f: number): Fork => s.forks[f - 1]!;
  const canEat = (s: DiningState, p: number): boolean =>
    fork(s, leftFork(p)).holder === p && fork(s, rightFork(p)).holder === p && fork(s, leftFork(p)).clean && fork(s, rightFork(p)).clean;
  const replace = <T>(xs: readonly T[], i: number, v: T): T[] => xs.map((x, j) => (j === i - 1 ? v : x));
  const acts = new Map<string, PhilAction>();
  const act = (name: string, p: number): PhilAction => {
    const key = `${name}${p}`;
    let a = acts.get(key);
    if (!a) acts.set(key, (a = { name, params: [p], context: `philosopher${p}` }));
    return a;
  };
  return {
    name: `DiningPhilosophers(NP=${np}, fairness=${fairness})`,
    actionNames: ["Loop", "Eat", "Think"],
    initStates: () => [
      {
        forks: Array.from({ length: np }, (_, i) => ({ holder: i + 1 === 2 ? 1 : i + 1, clean: false })),
        hungry: Array.from({ length: np }, () => true),
        pc: Array.from({ length: np }, () => "Loop" as const),
      },
    ],
    actions(s, out) {
      for (let p = 1; p <= np; p++) out.push(act(s.pc[p - 1]!, p));
    },
    next(s, a) {
      const p = a.params[0];
      switch (a.name) {
        case "Loop": {
          let forks = s.forks;
          const l = fork(s, leftFork(p));
          const r = fork(s, rightFork(p));
          if (l.holder === p && !l.clean) forks = replace(forks, leftFork(p), { holder: leftPhilosopher(p), clean: true });
          else if (r.holder === p && !r.clean) forks = replace(forks, rightFork(p), { holder: rightPhilosopher(p), clean: true });
          const after = { ...s, forks };
          const pc = s.hungry[p - 1] ? (canEat(s, p) ? "Eat" : "Loop") : "Think"; // CanEat(self) on the unprimed forks, as the translation does
          return { ...after, pc: replace(s.pc, p, pc) };
        }
        case "Think":
          return { ...s, hungry: replace(s.hungry, p, true), pc: replace(s.pc, p, "Loop") };
        default: {
          const forks = replace(replace(s.forks, leftFork(p), { ...fork(s, leftFork(p)), clean: false }), rightFork(p), { ...fork(s, rightFork(p)), clean: false });
          return { forks, hungry: replace(s.hungry, p, false), pc: replace(s.pc, p, "Loop") };
        }
      }
    },
    properties: [
      {
        name: "ExclusiveAccess",
        kind: "always",
        description: "two philosophers that share a fork never eat at the same time",
        holds: (s) => {
          for (let p = 1; p <= np; p++) if (s.pc[p - 1] === "Eat" && s.pc[rightPhilosopher(p) - 1] === "Eat") return false;
          return true;
        },
      },
      ...Array.from({ length: np }, (_, i) =>
        alwaysEventually<DiningState, PhilAction>(`NobodyStarves[${i + 1}]`, (s) => !s.hungry[i], {
          description: `philosopher ${i + 1} eats again and again ([]<>~hungry[${i + 1}])`,
        }),
      ),
    ],
    fairness: fairness === "none" ? [] : [{ kind: fairness, actions: () => true, per: (a) => a.params[0], name: fairness === "weak" ? "WF(Philosopher)" : "SF(Philosopher)" }],
  };
}
