/**
 * Patch `fix-b2`: candidate fix B2 of kernel-semantics.md §6, "start(0) reuses an already-open
 * transaction for the same event, only re-enabling hardware". Not a posted patch: the reference's
 * candidate as a diff on mainline (no core change).
 *
 *   - ETM (variant A): etm_event_start() skips perf_aux_output_begin when the handle already holds a
 *     transaction of this event (event_data = perf_get_aux(handle)), and enables the source.
 *   - SPE: arm_spe_perf_aux_output_begin() keeps an open transaction of the same event and only
 *     re-enables the buffer (PMBLIMITR.E); plus candidate B's PMBIRQ hw.state test (fix-b1.ts).
 *   - PT: pt_event_start() skips perf_aux_output_begin for an open transaction of the same event.
 * stop(0) is unchanged (keeps the transaction open); del → stop(UPDATE) is unchanged too, and so is
 * pt_event_add()'s "if (pt->handle.event) return -EBUSY" — B2 changes start only.
 */
import { E, num, str } from "../kernel/interpreter/access.ts";
import { call, goto, jump, kfn, ret, WARN_ON } from "../kernel/interpreter/machine.ts";
import { perf_get_aux } from "../kernel/linux/kernel/events/ring_buffer.ts";
import { PERF_EF_RESUME, PERF_HES_STOPPED } from "../kernel/interpreter/state.ts";
import { PT_EVENT_RESUME_STEPS, pt_event_resume } from "../kernel/linux/arch/x86/events/intel/pt.ts";
import { arm_spe_pmu_irq_handler_B } from "./fix-b1.ts";
import type { Patch } from "./index.ts";

const CITE = "candidate fix B2 (kernel-semantics.md §6)";

const etm_event_start = kfn({
  name: "etm_event_start",
  cite: `${CITE} on coresight-etm-perf.c variant A etm_event_start(): reuse the open transaction of this event`,
  blocks: ["fail"],
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (num(f.a.flags) & PERF_EF_RESUME) return call("etm_event_resume", {}, "resumed");
      // "Have we messed up our tracking ?"
      if (WARN_ON(x, k.cpu[x.cpu]!.etm.event_data !== null, "etm-tracking-start", "WARN_ON(ctxt->event_data) in etm_event_start: \"Have we messed up our tracking ?\"")) return jump("fail");
      const h = k.cpu[x.cpu]!.etm.handle;
      if (h.event === e) {
        // B2: "event_data = perf_get_aux(handle)" instead of a new perf_aux_output_begin().
        f.a.ed = perf_get_aux(h);
        return call("etm4_enable_perf", { e }, "enabled");
      }
      return call("perf_aux_output_begin", { h: "etm", e }, "begun");
    },
    resumed(_k, f) {
      if (num(f.a.rv ?? 0) < 0) return jump("fail");
      return ret();
    },
    begun(_k, f) {
      if (f.a.rv === null) return jump("fail");
      f.a.ed = f.a.rv ?? null;
      return call("etm4_enable_perf", { e: str(f.a.e) }, "enabled");
    },
    enabled(k, f) {
      E(k, str(f.a.e)).hw.state = 0;
      return goto("save");
    },
    save(k, f, x) {
      k.cpu[x.cpu]!.etm.event_data = num(f.a.ed);
      return ret();
    },
    fail(k, f) {
      E(k, str(f.a.e)).hw.state = PERF_HES_STOPPED;
      return ret();
    },
  },
});

const arm_spe_perf_aux_output_begin = kfn({
  name: "arm_spe_perf_aux_output_begin",
  cite: `${CITE} on arm_spe_pmu.c arm_spe_perf_aux_output_begin(): an open transaction of this event is kept, PMBLIMITR.E re-set`,
  steps: {
    entry(k, f, x) {
      const spe = k.cpu[x.cpu]!.spe;
      if (perf_get_aux(spe.handle) !== null && spe.handle.event === str(f.a.e)) {
        spe.pmblimitr_e = true; // limit = arm_spe_pmu_next_off(handle) | E on the open handle
        return ret();
      }
      return call("perf_aux_output_begin", { h: "spe", e: str(f.a.e) }, "begun");
    },
    begun(k, f, x) {
      const spe = k.cpu[x.cpu]!.spe;
      if (f.a.rv === null) {
        E(k, str(f.a.e)).hw.state |= PERF_HES_STOPPED;
        spe.pmblimitr_e = false;
        return ret();
      }
      spe.pmblimitr_e = true;
      return ret();
    },
  },
});

const pt_event_start = kfn({
  name: "pt_event_start",
  cite: `${CITE} on pt.c pt_event_start(): reuse the open transaction of this event`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (num(f.a.flags) & PERF_EF_RESUME) return pt_event_resume(k, f, x); // unchanged
      if (k.cpu[x.cpu]!.pt.handle.event === e) {
        E(k, e).hw.state = 0;
        return call("pt_config", { e }, "done");
      }
      return call("perf_aux_output_begin", { h: "pt", e }, "begun");
    },
    begun(k, f) {
      const e = str(f.a.e);
      if (f.a.rv === null) {
        E(k, e).hw.state = PERF_HES_STOPPED;
        return ret();
      }
      E(k, e).hw.state = 0;
      return call("pt_config", { e }, "done");
    },
    // the RESUME branch's reads, one step each (PT_EVENT_RESUME_STEPS)
    status: PT_EVENT_RESUME_STEPS.status,
    recheck: PT_EVENT_RESUME_STEPS.recheck,
    resumed: PT_EVENT_RESUME_STEPS.resumed,
    done: () => ret(),
  },
});

export const fixB2: Patch = {
  name: "fix-b2",
  description: "candidate fix B2 (§6): start(0) reuses an open AUX transaction of the same event (ETM A, SPE, PT); SPE PMBIRQ checks STOPPED",
  overrides: [etm_event_start, arm_spe_perf_aux_output_begin, arm_spe_pmu_irq_handler_B, pt_event_start],
};
