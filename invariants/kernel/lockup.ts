/**
 * Lockups: every execution context that is entered returns. The kernel's symptoms: a CPU stuck in
 * hard-IRQ or NMI context (an NMI, the PMU interrupt as an IRQ, the tick, an IPI) is a hard lockup
 * (the NMI watchdog's "Watchdog detected hard LOCKUP on cpu N"); a CPU stuck in kernel code of a task
 * (a system call, the scheduler's context switch) is a soft lockup ("BUG: soft lockup - CPU#N stuck").
 *
 * Expressed as []<>P (src/liveness/check.ts): again and again no context of those kinds is running on
 * any CPU. A modelled function that loops (its steps return to a state already seen) makes a cycle in
 * the state graph on which P never holds again: the lasso is the stem into the context, then the loop.
 * A context that can never finish (no enabled step, e.g. a wait that is never satisfied) ends its
 * behaviour with the context still on the stack: also a violation (a stutter lasso), besides `deadlock`.
 * Under the model's fairness (every CPU keeps executing: model.ts), a cycle that merely starves a CPU
 * is not a behaviour. Budgets do not hide a lockup: a budget-exhausted end with no context is P.
 * An interrupt that never returns also keeps the task it interrupted from returning: a hard lockup
 * taken inside a system call shows as a soft lockup too (the hard one is the cause).
 */
import type { Property } from "../../src/model.ts";
import { alwaysEventually } from "../../src/liveness/properties.ts";
import type { KAction } from "../../models/kernel/interpreter/machine.ts";
import type { ContextKind, KState } from "../../models/kernel/interpreter/state.ts";

const HARD: ReadonlySet<ContextKind> = new Set(["NMI", "IRQ", "tick", "IPI"]);

const noContext =
  (kinds: (k: ContextKind) => boolean) =>
  (s: KState): boolean =>
    s.cpu.every((c) => !c.ctx.some((x) => kinds(x.kind)));

export const HARD_LOCKUP: Property<KState, KAction> = alwaysEventually("hard-lockup", noContext((k) => HARD.has(k)), {
  description: "hard lockup: every NMI, IRQ, tick or IPI context that is entered returns ([]<> no such context on any CPU, under weak fairness of each CPU's steps)",
});

export const SOFT_LOCKUP: Property<KState, KAction> = alwaysEventually("soft-lockup", noContext((k) => k === "task"), {
  description: "soft lockup: every task context (system call, context switch) that is entered returns ([]<> no task context on any CPU, under weak fairness of each CPU's steps)",
});
