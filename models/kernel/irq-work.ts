/**
 * pending_disable and its irq_work, minimal: what the Arm SPE PMBIRQ handler needs (issue 4).
 * // issue 7 may extend this (the asynchronous irq_work self-IPI, event_limit, the other callers).
 *
 * kernel/events/core.c ([LY-core]; the v6.16 rename pending_irq → pending_disable_irq and
 * "@pending_disable = 1" read in Leo Yan's 2025-06 fix "perf: Fix pending disable flow" as merged):
 *   perf_event_disable_inatomic(event): event->pending_disable = 1; irq_work_queue(&event->pending_disable_irq)
 *   perf_pending_disable(entry) → __perf_pending_disable(event):
 *       cpu = READ_ONCE(event->oncpu); if (cpu < 0) return;      // "If the event had been stopped, we're done."
 *       if (cpu == smp_processor_id()) { if (event->pending_disable) { event->pending_disable = 0;
 *                                         perf_event_disable_local(event); } return; }
 *       irq_work_queue_on(..., cpu)                               // other CPU: one CPU is modelled
 *   perf_event_disable_local(event) → event_function_local(event, __perf_event_disable) → __perf_event_disable:
 *       if (event->state < PERF_EVENT_STATE_INACTIVE) return;
 *       perf_pmu_disable(event->pmu_ctx->pmu);
 *       if (event == event->group_leader) group_sched_out(event, ctx); else event_sched_out(event, ctx);
 *       perf_event_set_state(event, PERF_EVENT_STATE_OFF); perf_pmu_enable(...)
 * (audit D6.3 / X4: acts only on `oncpu`, schedules the whole group out, leaves the event OFF;
 * the newer __event_disable(event, ctx, OFF) has the same effect on a leader.)
 *
 * What is modelled: the flag, `irq_work_run()` when a driver calls it synchronously (the SPE PMBIRQ
 * handler, "Ensure perf callbacks have completed"), and event_sched_out's conversion of the flag into
 * OFF (core.ts). NOT modelled here (issue 7): the irq_work self-IPI that runs a work queued outside
 * such a call as soon as IRQs are enabled. A pending_disable queued by perf_aux_output_begin's zero-space
 * branch or by a TRUNCATED perf_aux_output_end outside the SPE handler therefore waits, in this
 * model, for the next irq_work_run() or sched-out (an over-approximation of its latency).
 */
import { groupPmu } from "./config.ts";
import { E, perf_pmu_disable, perf_pmu_enable, str } from "./helpers.ts";
import { call, jump, kfn, ret, type KFunction } from "./machine.ts";
import type { KState } from "./state.ts";

const V = "kernel/events/core.c (v7.1-rc1 [LY-core])";

/** `perf_event_disable_inatomic(event)`: one store + irq_work_queue (no modelled interleaving point). */
export function perf_event_disable_inatomic(k: KState, id: string): void {
  E(k, id).pending_disable = true;
}

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

export const perf_pending_disable = kfn({
  name: "perf_pending_disable",
  cite: `${V} perf_pending_disable() → __perf_pending_disable()`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const cpu = E(k, e).oncpu;
      // "If the event had been stopped, we're done." (the flag stays set: event_sched_out consumed it, or it waits)
      if (cpu < 0) return ret();
      if (cpu !== x.cpu) return ret(); // irq_work_queue_on(other cpu): one CPU modelled, unreachable
      if (!E(k, e).pending_disable) return ret();
      E(k, e).pending_disable = false;
      return call("__perf_event_disable", { e }, "done");
    },
    done: () => ret(),
  },
});

export const __perf_event_disable = kfn({
  name: "__perf_event_disable",
  cite: `${V} perf_event_disable_local() → event_function_local() → __perf_event_disable(): leader → group_sched_out, then OFF (audit D6.3)`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const s = E(k, e).state;
      if (s === "OFF" || s === "ERROR" || s === "DEAD") return ret(); // event->state < PERF_EVENT_STATE_INACTIVE
      const leader = x.cfg.byId[e]!.leader;
      perf_pmu_disable(k, x, groupPmu(x.cfg, leader)); // perf_pmu_disable(event->pmu_ctx->pmu)
      // ctx_time_update_event(): not modelled.
      if (leader === e) return call("group_sched_out", { e }, "off");
      return call("event_sched_out", { e }, "off");
    },
    off(k, f, x) {
      const e = str(f.a.e);
      E(k, e).state = "OFF"; // perf_event_set_state(event, PERF_EVENT_STATE_OFF)
      perf_pmu_enable(k, x, groupPmu(x.cfg, x.cfg.byId[e]!.leader));
      return ret();
    },
  },
});

export const IRQ_WORK_FUNCTIONS: KFunction[] = [irq_work_run, perf_pending_disable, __perf_event_disable];
