/**
 * The x86 core-PMU interrupt handler (audit X1 / D1 / 4c), selected with
 * `--param pmu_irq_handler=x86`. kernel-semantics.md §2.1 (⚠ X1), audit D1.
 *
 * Read for this model (≥ v6.16, after Kan Liang's "Remove driver-specific throttle support" series):
 *   arch/x86/events/intel/core.c intel_pmu_handle_irq() + handle_pmi_common() (lordspline/linux @3c73a8d3):
 *     pmu_enabled = cpuc->enabled; cpuc->enabled = 0; __intel_pmu_disable_all(true);
 *     status = intel_pmu_get_status(); if (!status) goto done;
 *   again: intel_pmu_ack_status(status); handle_pmi_common(regs, status):
 *       for_each_set_bit(bit, status): event = cpuc->events[bit]; handled++;
 *           if (!test_bit(bit, cpuc->active_mask)) continue;          // a counter stopped earlier: skipped
 *           intel_pmu_save_and_restart(event) ...; perf_event_overflow(event, &data, regs);   // return value ignored
 *     status = intel_pmu_get_status(); if (status) goto again;
 *   done: "Only restore PMU state when it's active. See x86_pmu_disable()."
 *     cpuc->enabled = pmu_enabled; if (pmu_enabled) __intel_pmu_enable_all(0, true);
 *   arch/x86/events/core.c x86_pmu_handle_irq() (the generic handler, AMD/Zhaoxin; linux-riscv/linux
 *   @47de96d7): the same `if (!test_bit(idx, cpuc->active_mask)) continue;` and a plain
 *   perf_event_overflow(); it never touches the global enable at all.
 * So, unlike armv8pmu_handle_irq (linux/drivers/perf/arm_pmuv3.ts):
 *   (1) a counter that the group throttle stopped earlier in the same pass is skipped (x86_pmu_stop clears
 *       its active_mask bit and cpuc->events[idx]): no latched overflow of a stopped member is accounted
 *       (audit 4c: "x86 skips them"), so E5 route (i) cannot happen;
 *   (2) the PMU is re-enabled at the end only if it was enabled on entry: an interrupt taken inside another
 *       context's perf_pmu_disable() section (x86_pmu_disable: cpuc->enabled = 0) leaves it disabled — the
 *       arm64 "re-enable inside perf_pmu_disable" (audit D1) does not exist on x86.
 *
 * The counters are the x86 core PMU's (linux/arch/x86/events/core.ts x86_pmu_add/del/start/stop, selected
 * with this handler by `--param pmu_irq_handler=x86`): `ctr.event` is cpuc->events[bit] together with the
 * active_mask bit, `en` the EVENTSEL enable, `pmcr_e` GLOBAL_CTRL, `pmu.enabled` cpuc->enabled, `ovf` the
 * GLOBAL_STATUS bit of a PMI still to be taken (acked here; a counter the throttle stopped earlier in this
 * pass is skipped by the active_mask test; see x86_pmu_stop for the latency ASSUMPTION). The Intel-only
 * PEBS/BTS/PT/perf-metrics status bits are not modelled (the PT ToPA PMI is linux/arch/x86/events/intel/pt.ts's
 * own NMI entry). The `goto again` re-read finds nothing new: the PMU is globally disabled for the whole
 * handler, so no counter can overflow while it runs.
 */
import { num, str } from "../../../../../interpreter/access.ts";
import { call, jump, kfn, ret, type KFunction } from "../../../../../interpreter/machine.ts";

const INTEL = "arch/x86/events/intel/core.c";

export const intel_pmu_handle_irq = kfn({
  name: "intel_pmu_handle_irq",
  cite: `${INTEL} intel_pmu_handle_irq() + handle_pmi_common() (≥ v6.16, lordspline/linux @3c73a8d3); arch/x86/events/core.c x86_pmu_handle_irq() has the same active_mask skip — audit D1 / X1 / 4c; the PMI is an NMI (perf_event_nmi_handler)`,
  blocks: ["done"],
  steps: {
    entry(k, f, x) {
      const pmu = k.cpu[x.cpu]!.pmu;
      // pmu_enabled = cpuc->enabled: cleared by x86_pmu_disable() (perf_pmu_disable), set again at the end of x86_pmu_enable().
      f.a.pmu_enabled = pmu.enabled;
      pmu.enabled = false; // cpuc->enabled = 0;
      pmu.pmcr_e = false; // __intel_pmu_disable_all(true)
      const snap: string[] = [];
      for (const idx of [...x.cfg.counterSlots].sort((a, b) => Number(a) - Number(b))) {
        const c = pmu.ctr[idx]!;
        if (c.ovf) {
          snap.push(c.adj ? `${idx}+` : idx); // "+": the overflow after which perf_adjust_period restarts the counter (state.ts Counter.adj)
          c.ovf = false; // intel_pmu_ack_status(status)
          c.adj = false;
        }
      }
      if (snap.length === 0) return jump("done"); // if (!status) goto done
      f.a.status = snap.join(",");
      f.a.i = 0;
      return jump("loop");
    },
    loop(k, f, x) {
      const snap = str(f.a.status).split(",");
      let i = num(f.a.i);
      while (i < snap.length) {
        const bit = snap[i++]!;
        const event = k.cpu[x.cpu]!.pmu.ctr[bit.replace("+", "")]!.event; // cpuc->events[bit]
        // if (!test_bit(bit, cpuc->active_mask)) continue;  — stopped counters (a throttle earlier in this pass) are skipped
        if (event === null) continue;
        f.a.i = i;
        // intel_pmu_save_and_restart(): counter values not modelled. The return value is ignored (KL-v4).
        return call("perf_event_overflow", { e: event, adj: bit.endsWith("+") }, "loop");
      }
      return jump("done");
    },
    done(k, f, x) {
      // "Only restore PMU state when it's active. See x86_pmu_disable()."
      const pmu = k.cpu[x.cpu]!.pmu;
      pmu.enabled = f.a.pmu_enabled === true; // cpuc->enabled = pmu_enabled;
      if (pmu.enabled) pmu.pmcr_e = true; // if (pmu_enabled) __intel_pmu_enable_all(0, true);
      return ret();
    },
  },
});

export const X86_PMU_FUNCTIONS: KFunction[] = [intel_pmu_handle_irq];
