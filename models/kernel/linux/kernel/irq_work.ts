/**
 * kernel/irq_work.c: irq_work_run(), as far as the perf pending-disable works need it. The SPE PMBIRQ
 * handler calls it synchronously ("Ensure perf callbacks have completed"); the irq_work self-IPI
 * (arch_irq_work_raise → IPI_IRQ_WORK) runs it where IRQs are on (environment/interrupts.ts). The works
 * themselves are kernel/events/core.c's perf_pending_disable (linux/kernel/events/core.ts).
 * kernel-semantics-audit.md X4, D4, D6.3.
 */
import { E } from "../../interpreter/access.ts";
import { call, jump, kfn, ret, type KFunction } from "../../interpreter/machine.ts";

export const irq_work_run = kfn({
  name: "irq_work_run",
  cite: "kernel/irq_work.c irq_work_run(): runs this CPU's raised and lazy lists synchronously (here: the perf pending_disable works) — audit X4/D4",
  blocks: ["loop"],
  steps: {
    entry(_k, f) {
      f.a.i = 0;
      return jump("loop");
    },
    loop(k, f, x) {
      // The works queued on this CPU, in queueing order: the events with pending_disable set (per-CPU
      // events of this CPU, or a task's events running here).
      let i = typeof f.a.i === "number" ? f.a.i : 0;
      while (i < x.cfg.events.length) {
        const e = x.cfg.events[i++]!.id;
        if (!E(k, e).pending_disable) continue;
        f.a.i = i;
        return call("perf_pending_disable", { e }, "loop_next");
      }
      return ret();
    },
    loop_next: () => jump("loop"),
  },
});

export const IRQ_WORK_FUNCTIONS: KFunction[] = [irq_work_run];
