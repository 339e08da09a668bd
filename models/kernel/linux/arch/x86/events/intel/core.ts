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
 * ASSUMPTION (modelling, not in the reference): the counters are the model's generic core-PMU counters
 * (linux/drivers/perf/arm_pmuv3.ts armpmu_add/del/start/stop stand in for x86_pmu_add/del/start/stop): `ctr.en` is
 * the active_mask bit (x86_pmu_start sets it, x86_pmu_stop clears it, exactly where armpmu_start/stop
 * set/clear `en`), `pmcr_e` is GLOBAL_CTRL (cpuc->enabled && counters in use), `ovf` is the GLOBAL_STATUS
 * bit. armpmu_stop also clears a latched bit, which x86_pmu_stop does not; on x86 that bit is then acked
 * and skipped by the active_mask test, which has the same effect. The Intel-only PEBS/BTS/PT/perf-metrics
 * status bits are not modelled (the PT ToPA PMI is linux/arch/x86/events/intel/pt.ts's own NMI entry). The `goto again`
 * re-read finds nothing new: the PMU is globally disabled for the whole handler, so no counter can
 * overflow while it runs.
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
      // pmu_enabled = cpuc->enabled: cleared by x86_pmu_disable() (perf_pmu_disable), set again by x86_pmu_enable().
      f.a.pmu_enabled = pmu.disable_count === 0;
      pmu.pmcr_e = false; // cpuc->enabled = 0; __intel_pmu_disable_all(true)
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
        const c = k.cpu[x.cpu]!.pmu.ctr[bit.replace("+", "")]!;
        const event = c.event; // cpuc->events[bit]
        // if (!test_bit(bit, cpuc->active_mask)) continue;  — stopped counters (a throttle earlier in this pass) are skipped
        if (event === null || !c.en) continue;
        f.a.i = i;
        // intel_pmu_save_and_restart(): counter values not modelled. The return value is ignored (KL-v4).
        return call("perf_event_overflow", { e: event, adj: bit.endsWith("+") }, "loop");
      }
      return jump("done");
    },
    done(k, f, x) {
      // "Only restore PMU state when it's active. See x86_pmu_disable()."
      if (f.a.pmu_enabled) k.cpu[x.cpu]!.pmu.pmcr_e = true; // cpuc->enabled = pmu_enabled; __intel_pmu_enable_all(0, true)
      return ret();
    },
  },
});

export const X86_PMU_FUNCTIONS: KFunction[] = [intel_pmu_handle_irq];
