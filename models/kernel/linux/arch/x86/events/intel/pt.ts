/**
 * Intel PT as a perf PMU (arch/x86/events/intel/pt.c).
 *
 * Read for this model: [RV-pt] linux-riscv/linux @bcd078dd (pt_config_start/_stop, pt_config,
 * intel_pt_interrupt, pt_event_start/_stop/_add/_del, pt_event_snapshot_aux, pt_init).
 * kernel-semantics.md §3.4, audit claim 9 and D5.
 *
 * - PERF_PMU_CAP_AUX_PAUSE is set (pt_init). Pause/resume are gated by `pause_allowed` /
 *   `resume_allowed`; pt_config_start() does nothing while `hw.aux_paused` (any bit, fix A included).
 * - The PMI (intel_pt_interrupt) runs in NMI context, gated by `handle_nmi`; it ends the transaction
 *   and re-opens it only if `!event->hw.state` (unlike SPE).
 * - stop(0) (throttle) clears handle_nmi/pause_allowed/resume_allowed and TraceEn, sets STOPPED, and
 *   keeps the transaction OPEN. A later stop(UPDATE) returns at the STOPPED check, before its UPDATE
 *   branch, so the transaction is never ended; the next pt_event_add() then fails with -EBUSY,
 *   silently (§3.4, §4.2).
 * - pt_config() orders resume_allowed → handle_nmi → pt_config_start → pause_allowed, each store
 *   separated by barrier(): an NMI pause between the start and `pause_allowed = 1` is dropped (the
 *   lossy window the code accepts; E2).
 *
 * State (state.ts PtCpu): the handle, handle_nmi, pause_allowed, resume_allowed, RTIT_CTL.TraceEn
 * (with event->hw.aux_config's TRACEEN copy, one event per CPU) and the pending ToPA PMI.
 * Not modelled (named): vmx_on (intel_pt_handle_vmx: VMX off throughout); RTIT_STATUS bits
 * (TRIGGEREN/ERROR/STOPPED: clear, so the resume's status test passes; the ToPA STOP → TRUNCATED
 * path of pt_handle_status: the PMI outcome modelled is the non-truncated one); address-filter
 * programming; snapshot mode and pt_event_snapshot_aux (AUX sampling, which also sets
 * rb->aux_in_sampling); pt_buffer_reset_markers failure (-ENOSPC → fail_end_stop: needs positions);
 * the WARN_ON_ONCE(pt->handle.event != event) in stop (one AUX event per CPU: unreachable).
 *
 * ASSUMPTION (modelling's x86 handler switch): the counter siblings of an intel_pt group
 * run on the model's core PMU (the arm64 handler, linux/drivers/perf/arm_pmuv3.ts); on x86 the ToPA bit and the counter
 * bits are handled in one NMI (handle_pmi_common), here as two NMIs that cannot nest.
 */
import type { Draft } from "immer";
import { E, num, str } from "../../../../../interpreter/access.ts";
import { call, goto, kfn, ret, type Exec, type KFunction } from "../../../../../interpreter/machine.ts";
import { perf_get_aux } from "../../../../kernel/events/ring_buffer.ts";
import { EINVAL, PERF_EF_PAUSE, PERF_EF_RESUME, PERF_EF_START, PERF_EF_UPDATE, PERF_HES_STOPPED, type KState } from "../../../../../interpreter/state.ts";

const FILE = "arch/x86/events/intel/pt.c ([RV-pt] @bcd078dd)";
export const EBUSY = -16;

/** pt_config_start(event): "if (READ_ONCE(event->hw.aux_paused)) return;" then RTIT_CTL |= TraceEn (vmx_on: not modelled). */
export function pt_config_start(k: Draft<KState>, x: Exec, e: string): void {
  if (E(k, e).hw.aux_paused) return;
  k.cpu[x.cpu]!.pt.trace_en = true;
}

/** pt_config_stop(event): "may be already stopped by a PMI"; clear TraceEn; wmb(). */
export function pt_config_stop(k: Draft<KState>, x: Exec): void {
  const pt = k.cpu[x.cpu]!.pt;
  if (!pt.trace_en) return;
  pt.trace_en = false;
}

export const pt_config = kfn({
  name: "pt_config",
  cite: `${FILE} pt_config(): resume_allowed, handle_nmi, pt_config_start, pause_allowed — each store after a barrier() (§3.4)`,
  steps: {
    entry(k, _f, x) {
      // First round: perf_event_itrace_started(), RTIT_STATUS = 0; filters; aux_config = reg: no modelled state.
      // "Allow resume before starting so as not to overwrite a value set by a PMI."
      k.cpu[x.cpu]!.pt.resume_allowed = true;
      return goto("handle_nmi");
    },
    handle_nmi(k, _f, x) {
      // "Configuration is complete, it is now OK to handle an NMI"
      k.cpu[x.cpu]!.pt.handle_nmi = true;
      return goto("start");
    },
    start(k, f, x) {
      pt_config_start(k, x, str(f.a.e));
      return goto("allow_pause");
    },
    allow_pause(k, _f, x) {
      // "Allow pause after starting so its pt_config_stop() doesn't race with pt_config_start()."
      k.cpu[x.cpu]!.pt.pause_allowed = true;
      return ret();
    },
  },
});

export const pt_event_start = kfn({
  name: "pt_event_start",
  cite: `${FILE} pt_event_start() — kernel-semantics.md §3.4 (the WARN site for PT is its perf_aux_output_begin)`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const pt = k.cpu[x.cpu]!.pt;
      if (num(f.a.flags) & PERF_EF_RESUME) {
        // "Only if the trace is not active and the error and stopped bits are clear, is it safe to start,
        // but a PMI might have just cleared these, so resume_allowed must be checked again also."
        // RTIT_STATUS bits: clear (not modelled), so the two reads of resume_allowed are adjacent: one step.
        if (pt.resume_allowed) pt_config_start(k, x, e);
        return ret();
      }
      return call("perf_aux_output_begin", { h: "pt", e }, "begun");
    },
    begun(k, f) {
      const e = str(f.a.e);
      if (f.a.rv === null) {
        E(k, e).hw.state = PERF_HES_STOPPED; // fail_stop
        return ret();
      }
      // pt_buffer_reset_offsets(); !snapshot: pt_buffer_reset_markers() succeeds (positions not modelled).
      E(k, e).hw.state = 0;
      // pt_config_buffer(buf): no modelled state.
      return call("pt_config", { e }, "done");
    },
    done: () => ret(),
  },
});

export const pt_event_stop = kfn({
  name: "pt_event_stop",
  cite: `${FILE} pt_event_stop() — kernel-semantics.md §3.4: the STOPPED return comes before the UPDATE branch`,
  steps: {
    entry(k, f, x) {
      const pt = k.cpu[x.cpu]!.pt;
      if (num(f.a.flags) & PERF_EF_PAUSE) {
        if (pt.pause_allowed) pt_config_stop(k, x);
        return ret();
      }
      // "Protect against the PMI racing with disabling wrmsr"
      pt.handle_nmi = false;
      return goto("disallow");
    },
    disallow(k, _f, x) {
      // "Prevent a resume from attempting to restart tracing, or a pause during a subsequent start."
      const pt = k.cpu[x.cpu]!.pt;
      pt.pause_allowed = false;
      pt.resume_allowed = false;
      return goto("config_stop");
    },
    config_stop(k, f, x) {
      const e = str(f.a.e);
      pt_config_stop(k, x);
      if (E(k, e).hw.state === PERF_HES_STOPPED) return ret();
      E(k, e).hw.state = PERF_HES_STOPPED;
      if (!(num(f.a.flags) & PERF_EF_UPDATE)) return ret(); // flags 0 (throttle): the transaction stays OPEN
      const h = k.cpu[x.cpu]!.pt.handle;
      if (perf_get_aux(h) === null) return ret();
      // WARN_ON_ONCE(pt->handle.event != event): one AUX event per CPU, unreachable.
      // pt_read_offset(); pt_handle_status(); pt_update_head(): positions not modelled.
      return call("perf_aux_output_end", { h: "pt" }, "done");
    },
    done: () => ret(),
  },
});

export const pt_event_add = kfn({
  name: "pt_event_add",
  cite: `${FILE} pt_event_add(): -EBUSY while a transaction is open (silent), else start(0); STOPPED → -EINVAL`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (k.cpu[x.cpu]!.pt.handle.event !== null) return ret(EBUSY); // "if (pt->handle.event) goto fail;"
      if (num(f.a.flags) & PERF_EF_START) return call("pt_event_start", { e, flags: 0 }, "started");
      E(k, e).hw.state = PERF_HES_STOPPED;
      return ret(0);
    },
    started: (k, f) => ret(E(k, str(f.a.e)).hw.state === PERF_HES_STOPPED ? EINVAL : 0),
  },
});

export const pt_event_del = kfn({
  name: "pt_event_del",
  cite: `${FILE} pt_event_del(): pt_event_stop(event, PERF_EF_UPDATE)`,
  steps: {
    entry: (_k, f) => call("pt_event_stop", { e: str(f.a.e), flags: PERF_EF_UPDATE }, "done"),
    done: () => ret(),
  },
});

export const intel_pt_interrupt = kfn({
  name: "intel_pt_interrupt",
  cite: `${FILE} intel_pt_interrupt() (the ToPA PMI, NMI context) — kernel-semantics.md §3.4: re-begins only if !event->hw.state`,
  steps: {
    entry(k, f, x) {
      const pt = k.cpu[x.cpu]!.pt;
      pt.pmi = false; // the GLOBAL_STATUS Trace_ToPA_PMI bit, acked by the PMU NMI handler
      // "There may be a dangling PT bit in the interrupt status register after PT has been disabled by
      // pt_event_stop(). Make sure we don't do anything (particularly, re-enable) for this event here."
      if (!pt.handle_nmi) return ret();
      const event = pt.handle.event;
      if (event === null) return ret();
      f.a.event = event;
      pt_config_stop(k, x);
      // buf = perf_get_aux(&pt->handle) is non-NULL (event set); pt_read_offset, pt_handle_status
      // (ToPA STOP → TRUNCATED: not modelled), pt_update_head.
      return call("perf_aux_output_end", { h: "pt" }, "rebegin");
    },
    rebegin(k, f) {
      const event = str(f.a.event);
      if (E(k, event).hw.state) return ret();
      return call("perf_aux_output_begin", { h: "pt", e: event }, "begun");
    },
    begun(k, f, x) {
      const event = str(f.a.event);
      if (f.a.rv === null) {
        E(k, event).hw.state = PERF_HES_STOPPED;
        k.cpu[x.cpu]!.pt.resume_allowed = false;
        return ret();
      }
      // pt_buffer_reset_offsets; pt_buffer_reset_markers succeeds; pt_config_buffer.
      pt_config_start(k, x, event);
      return ret();
    },
  },
});

export const PT_FUNCTIONS: KFunction[] = [pt_config, pt_event_start, pt_event_stop, pt_event_add, pt_event_del, intel_pt_interrupt];

