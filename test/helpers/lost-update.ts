/**
 * A tiny model with every property kind: two processes each read a shared x into a local and
 * write local+1 back. The write raises the `no-lost-update` assertion when x changed since the
 * read; `sum-is-2` (quiescent: both done) fails on the lost update; without `final`, the end
 * state is a deadlock.
 */
import { produce } from "immer";
import type { Action, Model } from "../../src/model.ts";

export interface LU {
  readonly x: number;
  readonly pc: readonly ("read" | "write" | "done")[];
  readonly local: readonly number[];
}

export function lostUpdate(opts: { final: boolean }): Model<LU> {
  const acts = [0, 1].flatMap((p) => [
    { name: "read", params: [p], context: `p${p}` },
    { name: "write", params: [p], context: `p${p}` },
  ]);
  return {
    name: "LostUpdate",
    actionNames: ["read", "write"],
    initStates: () => [{ x: 0, pc: ["read", "read"], local: [0, 0] }],
    actions(s, out) {
      for (let p = 0; p < 2; p++) {
        if (s.pc[p] === "read") out.push(acts[2 * p]!);
        if (s.pc[p] === "write") out.push(acts[2 * p + 1]!);
      }
    },
    next(s, a: Action, step) {
      const p = a.params![0] as number;
      if (a.name === "read") {
        return produce(s, (d) => {
          d.local[p] = d.x;
          d.pc[p] = "write";
        });
      }
      if (s.x !== s.local[p]) step.fail({ property: "no-lost-update", message: `p${p} overwrites x=${s.x}`, callChain: ["write_x", `proc${p}`] });
      return produce(s, (d) => {
        d.x = d.local[p]! + 1;
        d.pc[p] = "done";
      });
    },
    properties: [
      { name: "no-lost-update", kind: "assertion" },
      { name: "sum-is-2", kind: "quiescent", holds: (s) => s.x === 2 },
      { name: "x-small", kind: "always", holds: (s) => s.x <= 2 },
      { name: "deadlock", kind: "deadlock" },
    ],
    quiescent: (s) => s.pc.every((c) => c === "done"),
    ...(opts.final ? { final: (s: LU) => s.pc.every((c) => c === "done") } : {}),
    stepInfo: (_b, a) => ({ context: a.context ?? null, callChain: [`${a.name}_x`], label: a.name }),
  };
}
