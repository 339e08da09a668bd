/**
 * The arm64 core PMU (drivers/perf/arm_pmu.c armpmu_*, drivers/perf/arm_pmuv3.c armv8pmu_*), as
 * far as the sibling counters of an AUX group need it: add/del/start/stop, the global enable
 * PMCR_EL0.E, and the PMU interrupt handler.
 *
 * ASSUMPTION (UNCONFIRMED in kernel-semantics.md §4 step 3, "armv8pmu_handle_irq itself was not read";
 * read by the audit (D1, pmuv3 ≥ v6.16) and again for this model): the handler below.
 * Handler (audit D1/X1, pmuv3 ≥ v6.16): read-and-clear PMOVSCLR (getreset_flags), armv8pmu_stop
 * (PMCR.E = 0), walk the snapshot in counter order including counters a throttle stops in this
 * same pass, call perf_event_overflow() and IGNORE its return value, then armv8pmu_start
 * (PMCR.E = 1) unconditionally — even inside another context's perf_pmu_disable section.
 * Issue 7: re-read lordspline/linux @3c73a8d3 arm_pmuv3.c (for_each_set_bit over cntr_mask, plain
 * perf_event_overflow(), armv8pmu_start() at the end) and the 2020 "arm64: perf: Remove PMU locking" /
 * pseudo-NMI change that removed irq_work_run() from this handler (it queues to IPI_IRQ_WORK). The x86
 * handler is drivers/x86-pmu.ts (`--param pmu_irq_handler=x86`); whether this handler runs as an NMI or
 * an ordinary IRQ is `--param platform=nmi|irq` (model.ts, audit X9).
 *
 * ASSUMPTION (not in the reference; read in several copies of arm_pmuv3.c / arch/arm64/kernel/perf_event.c):
 * `armv8pmu_disable_intens` clears the counter's overflow flag ("in case an interrupt is
 * pending"), so a latched bit implies an enabled counter and interrupt: the NMI can be taken
 * exactly while some bit is latched. (Platform, audit X9: NMI with GICv3 pseudo-NMI by default; the
 * seed's Juno (GIC-400) takes it as an ordinary IRQ: `--param platform=irq`.)
 * ASSUMPTION (abstraction): counter values and periods are not modelled: an overflow
 * is a nondeterministic hardware event of a counting counter (budgeted), which covers every
 * ratio of periods (the seed's 3000 / 1500).
 */
import { E, num, str } from "../helpers.ts";
import { call, jump, kfn, ret, type KFunction } from "../machine.ts";
import { ev } from "../config.ts";
import { EAGAIN, PERF_EF_RELOAD, PERF_EF_START, PERF_EF_UPDATE, PERF_HES_STOPPED, PERF_HES_UPTODATE } from "../state.ts";

const ARMPMU = "drivers/perf/arm_pmu.c";
const PMUV3 = "drivers/perf/arm_pmuv3.c";

export const armpmu_add = kfn({
  name: "armpmu_add",
  cite: `${ARMPMU} armpmu_add() + ${PMUV3} armv8pmu_get_event_idx() — kernel-semantics.md §2.10`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const pmu = k.cpu[x.cpu]!.pmu;
      // armv8pmu_get_event_idx: CPU_CYCLES prefers the dedicated cycle counter (31), else the lowest free general counter.
      let idx: string | undefined;
      if (ev(x.cfg, e).pmu.evtype === "CPU_CYCLES" && pmu.ctr["31"]!.event === null) idx = "31";
      else idx = x.cfg.counterSlots.find((s) => s !== "31" && pmu.ctr[s]!.event === null);
      if (idx === undefined) return ret(EAGAIN);
      pmu.ctr[idx]!.event = e; // cpuc->events[idx] = event; used_mask
      const hw = E(k, e).hw;
      hw.idx = Number(idx);
      hw.state = PERF_HES_STOPPED | PERF_HES_UPTODATE;
      if (num(f.a.flags) & PERF_EF_START) return call("armpmu_start", { e, flags: PERF_EF_RELOAD }, "done");
      return ret(0);
    },
    done: () => ret(0),
  },
});

export const armpmu_del = kfn({
  name: "armpmu_del",
  cite: `${ARMPMU} armpmu_del() — stop(UPDATE), then free the counter`,
  steps: {
    entry: (_k, f) => call("armpmu_stop", { e: str(f.a.e), flags: PERF_EF_UPDATE }, "clear"),
    clear(k, f, x) {
      const e = str(f.a.e);
      const hw = E(k, e).hw;
      k.cpu[x.cpu]!.pmu.ctr[String(hw.idx)]!.event = null; // cpuc->events[idx] = NULL; clear_event_idx
      hw.idx = -1;
      return ret();
    },
  },
});

export const armpmu_start = kfn({
  name: "armpmu_start",
  cite: `${ARMPMU} armpmu_start() → armv8pmu_enable_event() — kernel-semantics.md §2.10`,
  steps: {
    entry(k, f, x) {
      // if (flags & PERF_EF_RELOAD) WARN_ON_ONCE(!(hwc->state & PERF_HES_UPTODATE)): unreachable,
      // armpmu_stop always sets UPTODATE, so it is not an invariant of this model.
      const hw = E(k, str(f.a.e)).hw;
      hw.state = 0;
      // armpmu_event_set_period(): counter values not modelled.
      k.cpu[x.cpu]!.pmu.ctr[String(hw.idx)]!.en = true; // enable counter + its interrupt
      return ret();
    },
  },
});

export const armpmu_stop = kfn({
  name: "armpmu_stop",
  cite: `${ARMPMU} armpmu_stop() → armv8pmu_disable_event(): flags ignored ("ARM pmu always has to update the counter")`,
  steps: {
    entry(k, f, x) {
      const hw = E(k, str(f.a.e)).hw;
      if (!(hw.state & PERF_HES_STOPPED)) {
        const c = k.cpu[x.cpu]!.pmu.ctr[String(hw.idx)]!;
        c.en = false;
        c.ovf = false; // armv8pmu_disable_intens: "Clear the overflow flag in case an interrupt is pending."
        c.adj = false;
        // armpmu_event_update(): counter values not modelled.
        hw.state |= PERF_HES_STOPPED | PERF_HES_UPTODATE;
      }
      return ret();
    },
  },
});

/** Counter indices in the order for_each_set_bit walks them (general counters, then the cycle counter 31). */
function walkOrder(slots: readonly string[]): string[] {
  return [...slots].sort((a, b) => Number(a) - Number(b));
}

export const armv8pmu_handle_irq = kfn({
  name: "armv8pmu_handle_irq",
  cite: `${PMUV3} armv8pmu_handle_irq() (≥ v6.16, lordspline/linux @3c73a8d3) — audit D1 / X1 / X2; entered from armpmu_dispatch_irq (the PMU interrupt, NMI with GICv3 pseudo-NMI)`,
  steps: {
    entry(k, f, x) {
      const pmu = k.cpu[x.cpu]!.pmu;
      const snap: string[] = [];
      for (const idx of walkOrder(x.cfg.counterSlots)) {
        const c = pmu.ctr[idx]!;
        if (c.ovf) {
          snap.push(c.adj ? `${idx}+` : idx); // "+" (issue 7): perf_adjust_period will restart this freq-mode counter (state.ts Counter.adj)
          c.ovf = false; // armv8pmu_getreset_flags(): read and clear PMOVSCLR
          c.adj = false;
        }
      }
      if (snap.length === 0) return ret(); // !armv8pmu_has_overflowed(pmovsr): IRQ_NONE
      pmu.pmcr_e = false; // armv8pmu_stop(cpu_pmu): "to prevent skews in group events"
      f.a.pmovsr = snap.join(",");
      f.a.i = 0;
      return jump("loop");
    },
    loop(k, f, x) {
      const snap = str(f.a.pmovsr).split(",");
      let i = num(f.a.i);
      while (i < snap.length) {
        const bit = snap[i++]!;
        const event = k.cpu[x.cpu]!.pmu.ctr[bit.replace("+", "")]!.event; // cpuc->events[idx]
        if (event === null) continue; // "Ignore if we don't have an event." — no hw.state check (audit 4c)
        // armpmu_event_update(); armpmu_event_set_period(): values not modelled (sampling events always have a period).
        f.a.i = i;
        // The return value is ignored (audit D1: KL-v4 08/16 removed cpu_pmu->disable(event) on 1).
        return call("perf_event_overflow", { e: event, adj: bit.endsWith("+") }, "loop");
      }
      k.cpu[x.cpu]!.pmu.pmcr_e = true; // armv8pmu_start(cpu_pmu): unconditional
      // irq_work_run() is not called from NMI (pending work is issue 7's).
      return ret();
    },
  },
});

export const ARMV8_FUNCTIONS: KFunction[] = [armpmu_add, armpmu_del, armpmu_start, armpmu_stop, armv8pmu_handle_irq];
