/**
 * Intel PT as a perf PMU (arch/x86/events/intel/pt.c).
 *
 * Read for this model: [RV-pt] linux-riscv/linux @bcd078dd (pt_config_start/_stop, pt_config,
 * intel_pt_interrupt, intel_pt_handle_vmx, pt_buffer_reset_markers, pt_buffer_try_single, pt_event_start/
 * _stop/_add/_del, pt_event_snapshot_aux, pt_init).
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
 * - pt_config() orders aux_config = reg (TRACEEN) → resume_allowed → handle_nmi → pt_config_start →
 *   pause_allowed, each store separated by barrier(): an NMI pause between the start and `pause_allowed = 1`
 *   is dropped (the lossy window the code accepts; E2).
 * - pt_config_start() writes RTIT_CTL, then its software copy `event->hw.aux_config`; pt_config_stop() tests
 *   the copy ("may be already stopped by a PMI"), not the MSR. So the two are separate state: pt_config sets
 *   TRACEEN in the copy before the MSR has it, and a stop that lands between pt_config_start's MSR write and
 *   its copy write finds the copy clear and leaves the trace on.
 * - pt_event_start(PERF_EF_RESUME) reads resume_allowed, RTIT_STATUS, resume_allowed again, then
 *   pt_config_start: each a step (pt_event_resume below), because a resume from a software or timer
 *   aux-action sibling runs outside NMI and an NMI can land between them.
 *
 * State (state.ts PtCpu, HwPerfEvent.aux_config): the handle, handle_nmi, pause_allowed, resume_allowed,
 * RTIT_CTL.TraceEn, the event's aux_config TRACEEN copy and the pending ToPA PMI.
 * Not modelled (named): vmx_on (intel_pt_handle_vmx: VMX off throughout — with VMX on, pt_config_start only
 * flags PARTIAL, and intel_pt_handle_vmx(0) writes `event->hw.aux_config` back into RTIT_CTL, which turns the
 * trace on for an event whose copy has TRACEEN, e.g. one pt_config left paused); single-range output
 * (`buf->single`: snapshot mode only, no ToPA, no PMI); RTIT_STATUS ERROR/STOPPED (clear; TRIGGEREN reads as
 * TraceEn; the ToPA STOP → TRUNCATED path of pt_handle_status: the PMI outcome modelled is the non-truncated
 * one); address-filter programming; snapshot mode and pt_event_snapshot_aux (AUX sampling, which also sets
 * rb->aux_in_sampling); pt_buffer_reset_markers's failure (-EINVAL, "can't stop in the middle of an output
 * region", TRUNCATED: positions are not modelled — in pt_event_start it ends the transaction and goes to
 * fail_stop (STOPPED); in the PMI it ends the transaction and clears resume_allowed only, leaving hw.state 0
 * and handle_nmi / pause_allowed at 1); the WARN_ON_ONCE(pt->handle.event != event) in stop (one AUX event per
 * CPU: unreachable).
 *
 * The counter siblings of an intel_pt group run on the core PMU the run selects (`pmu_irq_handler`; x86's is
 * linux/arch/x86/events/core.ts). On x86 the ToPA bit and the counter bits are handled in one NMI
 * (handle_pmi_common); here the ToPA PMI is its own NMI entry (pt_pmi), and the two cannot nest.
 */
import { E, num, str } from "../../../../../interpreter/access.ts";
import { call, goto, kfn, ret, type Exec, type KFunction, type Next } from "../../../../../interpreter/machine.ts";
import { perf_get_aux } from "../../../../kernel/events/ring_buffer.ts";
import { EINVAL, PERF_EF_PAUSE, PERF_EF_RESUME, PERF_EF_START, PERF_EF_UPDATE, PERF_HES_STOPPED, type Frame, type KState } from "../../../../../interpreter/state.ts";

const FILE = "arch/x86/events/intel/pt.c ([RV-pt] @bcd078dd)";
export const EBUSY = -16;

/** RTIT_CTL_TRACEEN, the one bit of `event->hw.aux_config` the model keeps. */
export const RTIT_CTL_TRACEEN = 0x1;

/**
 * pt_config_start(event): `u64 ctl = event->hw.aux_config; if (READ_ONCE(event->hw.aux_paused)) return; ctl |=
 * RTIT_CTL_TRACEEN; if (READ_ONCE(pt->vmx_on)) perf_aux_output_flag(PARTIAL); else wrmsrq(MSR_IA32_RTIT_CTL,
 * ctl); WRITE_ONCE(event->hw.aux_config, ctl);`. Two steps: the MSR write, then the aux_config write — in a
 * resume (the pause's pt_config_stop cleared the copy) an NMI between them finds aux_config without TRACEEN, so
 * its pt_config_stop() ("may be already stopped by a PMI") returns without clearing the MSR. The aux_paused read and the MSR write are one step: an NMI between them acts
 * as one before the read (a throttle's stop reads the same aux_config) or after the write (a pause, which
 * pause_allowed == 0 or the recursion guard make a no-op there). vmx_on: not modelled (VMX off throughout).
 */
export const pt_config_start = kfn({
  name: "pt_config_start",
  cite: `${FILE} pt_config_start(): aux_paused read + RTIT_CTL write, then the event->hw.aux_config write — kernel-semantics.md §3.4`,
  steps: {
    entry(k, f, x) {
      if (E(k, str(f.a.e)).hw.aux_paused) return ret();
      k.cpu[x.cpu]!.pt.trace_en = true; // wrmsrq(MSR_IA32_RTIT_CTL, ctl)
      return goto("aux_config");
    },
    aux_config(k, f) {
      E(k, str(f.a.e)).hw.aux_config |= RTIT_CTL_TRACEEN; // WRITE_ONCE(event->hw.aux_config, ctl)
      return ret();
    },
  },
});

/**
 * pt_config_stop(event): `u64 ctl = READ_ONCE(event->hw.aux_config); if (!(ctl & RTIT_CTL_TRACEEN)) return;` ("may
 * be already stopped by a PMI") `ctl &= ~RTIT_CTL_TRACEEN; if (!READ_ONCE(pt->vmx_on)) wrmsrq(MSR_IA32_RTIT_CTL,
 * ctl); WRITE_ONCE(event->hw.aux_config, ctl); wmb();` — gated on the software copy, not on the MSR. One step: an
 * NMI between the MSR write and the aux_config write finds the copy still set and repeats the same two writes
 * (a throttle's stop, the PMI's own pt_config_stop; the PMI's re-begin then finds the event STOPPED or paused),
 * or is a pause/resume the caller's state or the recursion guard turns into a no-op.
 */
export function pt_config_stop(k: KState, x: Exec, e: string): void {
  const hw = E(k, e).hw;
  if (!(hw.aux_config & RTIT_CTL_TRACEEN)) return;
  k.cpu[x.cpu]!.pt.trace_en = false;
  hw.aux_config &= ~RTIT_CTL_TRACEEN;
}

export const pt_config = kfn({
  name: "pt_config",
  cite: `${FILE} pt_config(): aux_config = reg (TRACEEN set), resume_allowed, handle_nmi, pt_config_start, pause_allowed — each store after a barrier() (§3.4)`,
  steps: {
    entry(k, f, x) {
      // First round: perf_event_itrace_started(), RTIT_STATUS = 0; pt_config_filters: no modelled state.
      // reg |= RTIT_CTL_TRACEEN; ... event->hw.aux_config = reg; — TRACEEN in the copy before the MSR has it (and
      // even if pt_config_start then returns on aux_paused). In one step with resume_allowed: an NMI between
      // the two stores acts as one before them (a stop's pt_config_stop writes the already-clear MSR).
      E(k, str(f.a.e)).hw.aux_config |= RTIT_CTL_TRACEEN;
      // "Allow resume before starting so as not to overwrite a value set by a PMI."
      k.cpu[x.cpu]!.pt.resume_allowed = true;
      return goto("handle_nmi");
    },
    handle_nmi(k, f, x) {
      // "Configuration is complete, it is now OK to handle an NMI"
      k.cpu[x.cpu]!.pt.handle_nmi = true;
      return call("pt_config_start", { e: str(f.a.e) }, "allow_pause");
    },
    allow_pause(k, _f, x) {
      // "Allow pause after starting so its pt_config_stop() doesn't race with pt_config_start()."
      k.cpu[x.cpu]!.pt.pause_allowed = true;
      return ret();
    },
  },
});

/**
 * pt_event_start()'s PERF_EF_RESUME branch from its first read: `if (READ_ONCE(pt->resume_allowed)) { rdmsrq(
 * MSR_IA32_RTIT_STATUS, status); if (!(status & (TRIGGEREN | ERROR | STOPPED)) && READ_ONCE(pt->resume_allowed))
 * pt_config_start(event); } return;` — "Only if the trace is not active and the error and stopped bits are clear,
 * is it safe to start, but a PMI might have just cleared these, so resume_allowed must be checked again also."
 * Each read is a step: outside an NMI (a software or timer aux-action sibling's resume) an NMI can land between
 * them — a throttle's pt_event_stop(0) after the second read leaves TraceEn on while the group is throttled; a
 * ToPA PMI whose re-begin fails leaves TraceEn on with no transaction.
 * ASSUMPTION (hardware, UNCONFIRMED in the reference): RTIT_STATUS.TriggerEn reads as RTIT_CTL.TraceEn (the
 * trace is active); ERROR and STOPPED are clear (ToPA errors and the ToPA STOP condition are not modelled).
 * Exported with its steps for the patches that rewrite the rest of pt_event_start.
 */
export function pt_event_resume(k: KState, _f: Frame, x: Exec): Next {
  if (!k.cpu[x.cpu]!.pt.resume_allowed) return ret();
  return goto("status");
}

export const PT_EVENT_RESUME_STEPS = {
  status(k: KState, f: Frame, x: Exec): Next {
    f.a.triggeren = k.cpu[x.cpu]!.pt.trace_en; // rdmsrq(MSR_IA32_RTIT_STATUS, status): TRIGGEREN
    return goto("recheck");
  },
  recheck(k: KState, f: Frame, x: Exec): Next {
    if (!f.a.triggeren && k.cpu[x.cpu]!.pt.resume_allowed) return call("pt_config_start", { e: str(f.a.e) }, "resumed");
    return ret();
  },
  resumed: (): Next => ret(),
} as const;

export const pt_event_start = kfn({
  name: "pt_event_start",
  cite: `${FILE} pt_event_start() — kernel-semantics.md §3.4 (the WARN site for PT is its perf_aux_output_begin); the RESUME branch: resume_allowed | RTIT_STATUS | resume_allowed + pt_config_start`,
  steps: {
    entry(k, f, x) {
      if (num(f.a.flags) & PERF_EF_RESUME) return pt_event_resume(k, f, x);
      return call("perf_aux_output_begin", { h: "pt", e: str(f.a.e) }, "begun");
    },
    // the RESUME branch's reads, one step each (PT_EVENT_RESUME_STEPS)
    status: PT_EVENT_RESUME_STEPS.status,
    recheck: PT_EVENT_RESUME_STEPS.recheck,
    resumed: PT_EVENT_RESUME_STEPS.resumed,
    begun(k, f) {
      const e = str(f.a.e);
      if (f.a.rv === null) {
        E(k, e).hw.state = PERF_HES_STOPPED; // fail_stop
        return ret();
      }
      // pt_buffer_reset_offsets(); !snapshot: pt_buffer_reset_markers() succeeds (positions not modelled; its
      // failure, -EINVAL when "can't stop in the middle of an output region", would end the transaction with
      // TRUNCATED and goto fail_stop: hw.state = STOPPED).
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
        if (pt.pause_allowed) pt_config_stop(k, x, str(f.a.e));
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
      pt_config_stop(k, x, e);
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
  cite: `${FILE} pt_event_add(): -EBUSY while a transaction is open (silent), else start(0); STOPPED → -EINVAL — kernel-semantics.md §3.4`,
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
  cite: `${FILE} pt_event_del(): pt_event_stop(event, PERF_EF_UPDATE) — kernel-semantics.md §3.4`,
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
      pt_config_stop(k, x, event);
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
      // pt_buffer_reset_offsets; pt_buffer_reset_markers succeeds (positions not modelled; its failure —
      // -EINVAL, TRUNCATED — ends the transaction and clears resume_allowed only: hw.state stays 0, handle_nmi
      // and pause_allowed stay 1); pt_config_buffer.
      return call("pt_config_start", { e: event }, "done");
    },
    done: () => ret(),
  },
});

export const PT_FUNCTIONS: KFunction[] = [pt_config_start, pt_config, pt_event_start, pt_event_stop, pt_event_add, pt_event_del, intel_pt_interrupt];

