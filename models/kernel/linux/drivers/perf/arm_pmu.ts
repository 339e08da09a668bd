/**
 * drivers/perf/arm_pmu.c: the arm64 core PMU's `struct pmu` callbacks (armpmu_add/del/start/stop, reaching
 * arm_pmuv3.c's armv8pmu_get_event_idx / armv8pmu_enable_event / armv8pmu_disable_event), as far as the
 * sibling counters of an AUX group need them. Read: lordspline/linux @3c73a8d3 (arm_pmu.c, arm_pmuv3.c,
 * ≥ v6.16). The counter values and periods are not modelled: `ctr.en` is PMCNTEN/PMINTEN, `ovf` the
 * latched PMOVS bit (interpreter/state.ts Counter). The x86 core PMU is linux/arch/x86/events/core.ts
 * (`--param pmu_irq_handler=x86`).
 *
 * Branches not modelled (named): armpmu_add's `!cpumask_test_cpu(smp_processor_id(), &armpmu->supported_cpus)`
 * → -ENOENT ("An event following a process won't be stopped earlier": a per-task counter on a big.LITTLE
 * system switched in on a CPU of the other PMU — every modelled CPU is of the one PMU);
 * `WARN_ON_ONCE(hw_events->events[idx])` (get_event_idx hands out only free counters); chained (64-bit)
 * counters, which take two indices (armv8pmu_event_is_chained: not for the modelled 32-bit period events).
 */
import { ev } from "../../../interpreter/config.ts";
import { E, num, str } from "../../../interpreter/access.ts";
import { call, goto, kfn, ret, type KFunction } from "../../../interpreter/machine.ts";
import { EAGAIN, PERF_EF_RELOAD, PERF_EF_START, PERF_EF_UPDATE, PERF_HES_STOPPED, PERF_HES_UPTODATE, type KState } from "../../../interpreter/state.ts";

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
  cite: `${ARMPMU} armpmu_del() — stop(UPDATE), then free the counter — kernel-semantics.md §2.10; audit D1`,
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
  cite: `${ARMPMU} armpmu_start() → ${PMUV3} armv8pmu_enable_event() (lordspline/linux @3c73a8d3) — kernel-semantics.md §2.10`,
  steps: {
    entry(k, f) {
      // if (flags & PERF_EF_RELOAD) WARN_ON_ONCE(!(hwc->state & PERF_HES_UPTODATE)): unreachable,
      // armpmu_stop always sets UPTODATE, so it is not an invariant of this model.
      E(k, str(f.a.e)).hw.state = 0;
      // armpmu_event_set_period(event): the counter value and prev_count, which no modelled state holds.
      // An NMI may land before armpmu->enable(event): a throttle there finds hw.state == 0, so its
      // armpmu_stop "disables" the still-disabled counter and sets STOPPED|UPTODATE; the enable below
      // then turns the counter on behind a STOPPED hw.state, and every later stop() (armpmu_del's
      // included) is a no-op (invariants/kernel/counter-orphan.ts).
      return goto("enable");
    },
    enable(k, f, x) {
      // armpmu->enable(event) = armv8pmu_enable_event(): PMEVTYPER, PMINTENSET, PMCNTENSET — one step
      // here (`ctr.en` is PMINTEN and PMCNTEN together; a window between the two register writes is not
      // modelled).
      k.cpu[x.cpu]!.pmu.ctr[String(E(k, str(f.a.e)).hw.idx)]!.en = true;
      return ret();
    },
  },
});

export const armpmu_stop = kfn({
  name: "armpmu_stop",
  cite: `${ARMPMU} armpmu_stop() → armv8pmu_disable_event(): flags ignored ("ARM pmu always has to update the counter") — kernel-semantics.md §2.10; audit D1`,
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

/** armpmu_disable(pmu), the pmu_disable callback (perf_pmu_disable's first level): armv8pmu_stop() — PMCR_EL0.E = 0. */
export function armpmu_disable(k: KState, cpu: number): void {
  k.cpu[cpu]!.pmu.pmcr_e = false;
}

/** armpmu_enable(pmu), the pmu_enable callback: `if (!bitmap_empty(used_mask)) armpmu->start(armpmu)` — armv8pmu_start(): PMCR_EL0.E = 1. */
export function armpmu_enable(k: KState, cpu: number): void {
  const p = k.cpu[cpu]!.pmu;
  if (Object.values(p.ctr).some((c) => c.event !== null)) p.pmcr_e = true;
}

export const ARMPMU_FUNCTIONS: KFunction[] = [armpmu_add, armpmu_del, armpmu_start, armpmu_stop];
