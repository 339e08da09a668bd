/**
 * Patch `fix-b1`: candidate fix B1 of kernel-semantics.md §6, "make stop(0)/start(0) transaction-balanced
 * in every AUX driver: stop(0) ends the transaction" (like [LY-etm] variant B). Not a posted patch: the
 * reference's candidate as a diff on mainline (no core change; Leo Yan's patch not applied).
 *
 *   - ETM (variant A): etm_event_stop() ends the transaction for mode 0 too (size 0: the trace since the
 *     last update is dropped; from NMI, update_buffer is unsafe for sinks with locks — not modelled).
 *   - SPE: arm_spe_pmu_stop() contains a pending fault and ends the transaction for flags 0 too; and,
 *     as §6 requires of candidate B, the PMBIRQ handler re-opens only if !(hw.state & STOPPED)
 *     ("SPE needs its PMBIRQ handler to check hw.state & STOPPED before re-opening, as PT's PMI does").
 *   - PT: pt_event_stop() ends the transaction for mode 0 too.
 * start(0) is unchanged: it opens a new transaction, now balanced. The overrides replace whichever ETM
 * variant is selected (the patch is written against variant A, mainline).
 */
import { E, num, str } from "../kernel/interpreter/access.ts";
import { call, goto, jump, kfn, ret, WARN_ON } from "../kernel/interpreter/machine.ts";
import { perf_get_aux, PERF_AUX_FLAG_TRUNCATED } from "../kernel/linux/kernel/events/ring_buffer.ts";
import { PERF_EF_PAUSE, PERF_EF_UPDATE, PERF_HES_STOPPED, PERF_HES_UPTODATE } from "../kernel/interpreter/state.ts";
import { arm_spe_pmu_disable_and_drain_local, IRQ_HANDLED, IRQ_NONE, SPE_PMU_BUF_FAULT_ACT_FATAL, SPE_PMU_BUF_FAULT_ACT_SPURIOUS } from "../kernel/linux/drivers/perf/arm_spe_pmu.ts";
import { pt_config_stop } from "../kernel/linux/arch/x86/events/intel/pt.ts";
import type { Patch } from "./index.ts";

const CITE = "candidate fix B1 (kernel-semantics.md §6)";

const etm_event_stop = kfn({
  name: "etm_event_stop",
  cite: `${CITE} on coresight-etm-perf.c variant A etm_event_stop(): the transaction is ended for every mode`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (num(f.a.flags) & PERF_EF_PAUSE) return call("etm_event_pause", { e }, "done");
      const etm = k.cpu[x.cpu]!.etm;
      if (etm.handle.event !== null && WARN_ON(x, perf_get_aux(etm.handle) !== etm.event_data, "etm-tracking-stop", "WARN_ON(perf_get_aux(handle) != ctxt->event_data) in etm_event_stop")) return ret();
      return goto("clear");
    },
    clear(k, f, x) {
      const e = str(f.a.e);
      const etm = k.cpu[x.cpu]!.etm;
      const ed = etm.event_data;
      etm.event_data = null;
      if (E(k, e).hw.state === PERF_HES_STOPPED) return ret();
      if (WARN_ON(x, ed === null, "etm-misc-warn", "WARN_ON(!event_data) in etm_event_stop: a running event without event_data")) return ret();
      return call("etm4_disable", { e }, "disabled");
    },
    disabled(k, f, x) {
      const e = str(f.a.e);
      E(k, e).hw.state = PERF_HES_STOPPED;
      const h = k.cpu[x.cpu]!.etm.handle;
      // B1: "if (handle->event && (mode & PERF_EF_UPDATE))" loses its mode test.
      if (h.event !== null) {
        if (WARN_ON(x, h.event !== e, "etm-misc-warn", "WARN_ON_ONCE(handle->event != event) in etm_event_stop")) return ret();
        return call("perf_aux_output_end", { h: "etm" }, "disable_path");
      }
      return jump("disable_path");
    },
    disable_path: () => ret(),
    done: () => ret(),
  },
});

const arm_spe_pmu_stop = kfn({
  name: "arm_spe_pmu_stop",
  cite: `${CITE} on arm_spe_pmu.c arm_spe_pmu_stop(): the fault containment and the end run for flags 0 too`,
  blocks: ["uptodate", "stopped"],
  steps: {
    entry(k, _f, x) {
      const e = str(_f.a.e);
      if (E(k, e).hw.state & PERF_HES_STOPPED) return ret();
      arm_spe_pmu_disable_and_drain_local(k, x.cpu);
      if (perf_get_aux(k.cpu[x.cpu]!.spe.handle) === null) return goto("update");
      return call("arm_spe_pmu_buf_get_fault_act", {}, "act");
    },
    act(k, f, x) {
      if (f.a.rv === SPE_PMU_BUF_FAULT_ACT_SPURIOUS) return call("arm_spe_perf_aux_output_end", {}, "update");
      k.cpu[x.cpu]!.spe.pmbsr = null;
      return goto("update");
    },
    update: (_k, f) => (num(f.a.flags) & PERF_EF_UPDATE ? jump("uptodate") : jump("stopped")),
    uptodate(k, f) {
      E(k, str(f.a.e)).hw.state |= PERF_HES_UPTODATE;
      return jump("stopped");
    },
    stopped(k, f) {
      E(k, str(f.a.e)).hw.state |= PERF_HES_STOPPED;
      return ret();
    },
  },
});

/** The PMBIRQ handler with candidate B's hw.state test before re-opening (shared by fix-b1 and fix-b2). */
export const arm_spe_pmu_irq_handler_B = kfn({
  name: "arm_spe_pmu_irq_handler",
  cite: `candidate fix B (kernel-semantics.md §6) on arm_spe_pmu.c arm_spe_pmu_irq_handler(): re-open only if !(event->hw.state & PERF_HES_STOPPED)`,
  steps: {
    entry(k, f, x) {
      const h = k.cpu[x.cpu]!.spe.handle;
      if (perf_get_aux(h) === null) return ret(IRQ_NONE);
      f.a.event = h.event;
      return call("arm_spe_pmu_buf_get_fault_act", {}, "act");
    },
    act(_k, f) {
      if (f.a.rv === SPE_PMU_BUF_FAULT_ACT_SPURIOUS) return ret(IRQ_NONE);
      f.a.act = num(f.a.rv);
      return call("irq_work_run", {}, "switch");
    },
    switch(k, f, x) {
      const spe = k.cpu[x.cpu]!.spe;
      if (f.a.act === SPE_PMU_BUF_FAULT_ACT_FATAL) {
        arm_spe_pmu_disable_and_drain_local(k, x.cpu);
        return jump("clear");
      }
      const event = str(f.a.event);
      // B: "&& !(event->hw.state & PERF_HES_STOPPED)", as PT's PMI tests !event->hw.state.
      if (!(spe.handle.aux_flags & PERF_AUX_FLAG_TRUNCATED) && !(E(k, event).hw.state & PERF_HES_STOPPED)) {
        return call("arm_spe_perf_aux_output_begin", { e: event }, "clear");
      }
      return jump("clear");
    },
    clear(k, _f, x) {
      k.cpu[x.cpu]!.spe.pmbsr = null;
      return ret(IRQ_HANDLED);
    },
  },
});

const pt_event_stop = kfn({
  name: "pt_event_stop",
  cite: `${CITE} on pt.c pt_event_stop(): the transaction is ended for mode 0 too`,
  steps: {
    entry(k, f, x) {
      const pt = k.cpu[x.cpu]!.pt;
      if (num(f.a.flags) & PERF_EF_PAUSE) {
        if (pt.pause_allowed) pt_config_stop(k, x, str(f.a.e));
        return ret();
      }
      pt.handle_nmi = false;
      return goto("disallow");
    },
    disallow(k, _f, x) {
      const pt = k.cpu[x.cpu]!.pt;
      pt.pause_allowed = false;
      pt.resume_allowed = false;
      return goto("config_stop");
    },
    config_stop(k, f, x) {
      const e = str(f.a.e);
      pt_config_stop(k, x, e);
      if (E(k, e).hw.state === PERF_HES_STOPPED) return ret();
      E(k, e).hw.state = PERF_HES_STOPPED;
      // B1: "if (mode & PERF_EF_UPDATE)" dropped: every stop ends the transaction.
      if (perf_get_aux(k.cpu[x.cpu]!.pt.handle) === null) return ret();
      return call("perf_aux_output_end", { h: "pt" }, "done");
    },
    done: () => ret(),
  },
});

export const fixB1: Patch = {
  name: "fix-b1",
  description: "candidate fix B1 (§6): stop(0) ends the AUX transaction in every AUX driver (ETM A, SPE, PT); SPE PMBIRQ checks STOPPED",
  overrides: [etm_event_stop, arm_spe_pmu_stop, arm_spe_pmu_irq_handler_B, pt_event_stop],
};
