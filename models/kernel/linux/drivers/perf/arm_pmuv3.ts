/**
 * drivers/perf/arm_pmuv3.c: the arm64 core PMU's interrupt handler, armv8pmu_handle_irq, and the global
 * enable PMCR_EL0.E it clears and sets (the counters' add/del/start/stop are arm_pmu.ts).
 *
 * ASSUMPTION (UNCONFIRMED in kernel-semantics.md §4 step 3, "armv8pmu_handle_irq itself was not read";
 * read by the audit (D1, pmuv3 ≥ v6.16) and again for this model): the handler below.
 * Handler (audit D1/X1, pmuv3 ≥ v6.16): read-and-clear PMOVSCLR (getreset_flags), armv8pmu_stop
 * (PMCR.E = 0), walk the snapshot in counter order including counters a throttle stops in this
 * same pass, call perf_event_overflow() and IGNORE its return value, then armv8pmu_start
 * (PMCR.E = 1) unconditionally — even inside another context's perf_pmu_disable section.
 * re-read lordspline/linux @3c73a8d3 arm_pmuv3.c (for_each_set_bit over cntr_mask, plain
 * perf_event_overflow(), armv8pmu_start() at the end) and the 2020 "arm64: perf: Remove PMU locking" /
 * pseudo-NMI change that removed irq_work_run() from this handler (it queues to IPI_IRQ_WORK). The x86
 * handler is linux/arch/x86/events/intel/core.ts (`--param pmu_irq_handler=x86`); whether this handler runs as an NMI or
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
import { num, str } from "../../../interpreter/access.ts";
import { call, jump, kfn, ret, type KFunction } from "../../../interpreter/machine.ts";

const PMUV3 = "drivers/perf/arm_pmuv3.c";

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
          snap.push(c.adj ? `${idx}+` : idx); // "+": perf_adjust_period will restart this freq-mode counter (state.ts Counter.adj)
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
      // irq_work_run() is not called from NMI (the pending disable runs from the irq_work self-IPI: environment/interrupts.ts).
      return ret();
    },
  },
});

export const ARMV8_FUNCTIONS: KFunction[] = [armv8pmu_handle_irq];
