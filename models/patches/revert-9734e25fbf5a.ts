/**
 * Patch `revert-9734e25fbf5a`: the revert of 9734e25fbf5a "perf: Fix the throttle logic for a
 * group" (Kan Liang, v6.16; the tip-bot2 copy of the commit was read for this file). Throttling
 * applies to the overflowing event only, as before that commit.
 *
 * The commit touched exactly four functions of kernel/events/core.c, and added the helpers
 * perf_event_{un,}throttle{,_group}; the revert restores the four bodies below (the helpers stay
 * in the table, now uncalled):
 *   - __perf_event_account_interrupt: `hwc->interrupts = MAX_INTERRUPTS; perf_log_throttle(event, 0);`
 *     instead of perf_event_throttle_group(event) — no pmu->stop at all;
 *   - perf_adjust_freq_unthr_events: for a MAX *leader*: interrupts = 0, log, and
 *     `if (!is_event_in_freq_mode(event)) event->pmu->start(event, 0)`;
 *   - __perf_event_period: the unthrottle (interrupts = 0, log) moves back before stop(UPDATE),
 *     for the event alone;
 *   - event_sched_in: `perf_log_throttle(event, 1); event->hw.interrupts = 0;` inline.
 *
 * Before 9734e25fbf5a the overflowing counter was stopped by the PMU driver (`if
 * (perf_event_overflow(...)) cpu_pmu->disable(event)`), but that was removed by a later commit of
 * the same series (KL-v4 08/16, audit D1), which this revert does not touch: on the modelled
 * v7.1-rc1 the throttled counter keeps counting (and R3/R6 say so).
 */
import { E, num, str } from "../kernel/interpreter/access.ts";
import { driverOf, pmuOps } from "../kernel/interpreter/config.ts";
import { setInterrupts } from "../kernel/interpreter/ghost.ts";
import { perf_pmu_disable, perf_pmu_enable } from "../kernel/linux/kernel/events/internal.ts";
import { call, goto, jump, kfn, ret } from "../kernel/interpreter/machine.ts";
import { leadersOfCtx } from "../kernel/interpreter/config.ts";
import { EAGAIN, MAX_INTERRUPTS, PERF_EF_RELOAD, PERF_EF_START, PERF_EF_UPDATE } from "../kernel/interpreter/state.ts";
import type { Patch } from "./index.ts";

const CITE = "revert of 9734e25fbf5a (kernel/events/core.c before it, on v7.1-rc1)";

const __perf_event_account_interrupt = kfn({
  name: "__perf_event_account_interrupt",
  cite: `${CITE}: __perf_event_account_interrupt() — kernel-semantics.md §2.1`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const hw = E(k, e).hw;
      const seq = k.cpu[x.cpu]!.perf_throttled_seq;
      if (seq !== hw.interrupts_seq) {
        hw.interrupts_seq = seq;
        setInterrupts(k, x, e, 1);
      } else {
        setInterrupts(k, x, e, hw.interrupts === MAX_INTERRUPTS ? 0 : hw.interrupts + 1);
      }
      const n = E(k, e).hw.interrupts;
      let r = 0;
      if (f.a.throttle && n !== MAX_INTERRUPTS && n >= x.cfg.params.maxSamplesPerTick) {
        k.cpu[x.cpu]!.perf_throttled_count++;
        // tick_dep_set_cpu(); then, instead of perf_event_throttle_group(event):
        setInterrupts(k, x, e, MAX_INTERRUPTS);
        // perf_log_throttle(event, 0): not modelled.
        r = 1;
      }
      // attr.freq → perf_adjust_period(): not modelled.
      return ret(r);
    },
  },
});

const perf_adjust_freq_unthr_events = kfn({
  name: "perf_adjust_freq_unthr_events",
  cite: `${CITE}: perf_adjust_freq_unthr_events() — kernel-semantics.md §2.4`,
  steps: {
    entry(_k, f) {
      f.a.i = 0;
      return jump("loop");
    },
    loop(k, f, x) {
      const leaders = leadersOfCtx(x.cfg, str(f.a.ctx) as "cpu" | "task", x.cpu);
      const i = num(f.a.i);
      if (i >= leaders.length) return ret();
      f.a.i = i + 1;
      const e = leaders[i]!;
      if (E(k, e).state !== "ACTIVE") return goto("loop");
      if (E(k, e).hw.interrupts === MAX_INTERRUPTS) {
        setInterrupts(k, x, e, 0);
        // perf_log_throttle(event, 1): not modelled. is_event_in_freq_mode(event): never.
        return call(pmuOps(x, e).start, { e, flags: 0 }, "loop");
      }
      return goto("loop");
    },
  },
});

const __perf_event_period = kfn({
  name: "__perf_event_period",
  cite: `${CITE}: __perf_event_period() — kernel-semantics.md §2.3`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const active = E(k, e).state === "ACTIVE";
      if (!active) return ret();
      perf_pmu_disable(k, x, driverOf(x, e));
      // "We could be throttled; unthrottle now to avoid the tick trying to unthrottle while we already re-started the event."
      if (E(k, e).hw.interrupts === MAX_INTERRUPTS) setInterrupts(k, x, e, 0); // + perf_log_throttle(event, 1)
      return call(pmuOps(x, e).stop, { e, flags: PERF_EF_UPDATE }, "start");
    },
    start: (_k, f, x) => call(pmuOps(x, str(f.a.e)).start, { e: str(f.a.e), flags: PERF_EF_RELOAD }, "enable"),
    enable(k, f, x) {
      perf_pmu_enable(k, x, driverOf(x, str(f.a.e)));
      return ret();
    },
  },
});

const event_sched_in = kfn({
  name: "event_sched_in",
  cite: `${CITE}: event_sched_in() — kernel-semantics.md §2.5`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const s = E(k, e);
      if (s.state === "OFF" || s.state === "ERROR") return ret(0);
      s.oncpu = x.cpu;
      s.state = "ACTIVE";
      if (s.hw.interrupts === MAX_INTERRUPTS) setInterrupts(k, x, e, 0); // perf_log_throttle(event, 1); interrupts = 0
      return jump("add");
    },
    add(k, f, x) {
      const e = str(f.a.e);
      perf_pmu_disable(k, x, driverOf(x, e));
      return call(pmuOps(x, e).add, { e, flags: PERF_EF_START }, "added");
    },
    added(k, f, x) {
      const e = str(f.a.e);
      let r = 0;
      if (f.a.rv !== 0) {
        E(k, e).state = "INACTIVE";
        E(k, e).oncpu = -1;
        r = EAGAIN;
      }
      perf_pmu_enable(k, x, driverOf(x, e));
      return ret(r);
    },
  },
});

export const revert9734e25fbf5a: Patch = {
  name: "revert-9734e25fbf5a",
  description: "revert of 9734e25fbf5a: throttle only the overflowing event (interrupts = MAX), unthrottle only leaders at the tick",
  overrides: [__perf_event_account_interrupt, perf_adjust_freq_unthr_events, __perf_event_period, event_sched_in],
};
