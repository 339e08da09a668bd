/**
 * Arm SPE as a perf PMU (drivers/perf/arm_spe_pmu.c).
 *
 * Read for this model: [LY-spe] Leo-Yan/linux @3824b048 (the whole callback and IRQ part:
 * arm_spe_perf_aux_output_begin/_end, __arm_spe_pmu_next_off, arm_spe_pmu_disable_and_drain_local,
 * arm_spe_pmu_buf_get_fault_act, arm_spe_pmu_irq_handler, arm_spe_pmu_start/stop/add/del,
 * arm_spe_pmu_perf_init); the seed excerpt (seeds/arm-spe-driver-notes.md) has the same logic.
 * kernel-semantics.md §3.3, audit D4 / X4.
 *
 * - No PERF_PMU_CAP_AUX_PAUSE (capabilities = EXCLUSIVE | ITRACE): PERF_EF_PAUSE/RESUME never reach
 *   this driver (perf_get_aux_event refuses aux-action siblings; environment/perf-event-open.ts enforces it).
 * - stop(0) (throttle) disables sampling and the buffer but keeps the AUX transaction OPEN; only
 *   stop(UPDATE) ends it, and only if hw.state is not already STOPPED (the sched-out-after-throttle
 *   leak, audit D4).
 * - start() always opens a new transaction (perf_aux_output_begin), whatever the flags.
 * - The PMBIRQ handler is a regular IRQ (a per-CPU PPI, request_percpu_irq), not an NMI. It ends the
 *   transaction (get_fault_act), runs irq_work_run() synchronously, then, for a buffer-full without
 *   truncation, re-opens the transaction WITHOUT checking hw.state (§3.3).
 * - Buffer-full is a hardware event (the `buffer_full` action, model.ts / environment/): PMBSR.S = 1
 *   with a syndrome; the four outcomes of audit D4 are the syndromes FULL (OK, re-begin succeeds),
 *   FULL + no AUX space (OK, re-begin hits the zero-space branch: closed + pending_disable), FULL_DL
 *   (TRUNCATED: end queues pending_disable, the handler's irq_work_run disables the group: OFF) and
 *   FAULT (S1/S2 fault: FATAL, ended and drained, nothing disabled).
 *
 * Registers as state (state.ts SpeCpu): PMSCR_EL1 (sampling on), PMBLIMITR_EL1.E (buffer on),
 * PMBSR_EL1 (S and syndrome). PMBPTR, limits, filters, PMSICR/period_left and sizes are not modelled.
 * Not modelled (named): discard mode (`ATTR_CFG_GET_FLD(attr, discard)`: no transaction at all);
 * snapshot mode (arm_spe_pmu_next_snapshot_off); the cpumask check in add (-ENOENT: big.LITTLE systems where
 * SPE is on some CPUs only); COLLISION/PARTIAL flags (no effect on control flow); FAULT with DL (PMBSR EC
 * S1/S2 fault and the DL bit: FATAL *and* TRUNCATED — ended, drained, and the end queues pending_disable, which
 * the handler's irq_work_run() turns into the group going OFF; the model's FAULT syndrome has no DL: FATAL
 * without a disable); CPU hotplug (arm_spe_pmu_cpu_teardown → __arm_spe_pmu_reset_local: drain, PMBPTR = 0,
 * PMBSR = 0 — a pending buffer event is cleared without ending the transaction).
 * __arm_spe_pmu_next_off's `no_space` — a difference the model keeps, not a case it covers: AUX free space
 * is abstracted to "some" or "none" (rb.aux_full). "None" is perf_aux_output_begin's zero-space branch:
 * begin returns NULL, so arm_spe_perf_aux_output_begin sets hw.state |= STOPPED and PMBLIMITR = 0 (start
 * returns before PMSCR; add fails -EINVAL). The kernel also reaches next_off's `no_space` with space left,
 * whenever `limit <= head` after `limit = round_down(tail, PAGE_SIZE)` (less than the rest of the page free,
 * e.g. after a buffer-full with the consumer just behind) or when the alignment padding eats handle->size:
 * `perf_aux_output_flag(TRUNCATED); perf_aux_output_end(handle, 0); return 0;` — the transaction is begun then
 * ended (pending_disable queued by the TRUNCATED end), PMBLIMITR gets E = 0, and hw.state stays 0: start goes on
 * to write PMSCR (sampling on into a disabled buffer) and add returns 0. That outcome (an ACTIVE, "running"
 * event with no transaction and a pending disable) is not in the model.
 */
import { E, num, str } from "../../../interpreter/access.ts";
import { call, goto, jump, kfn, ret, type KFunction } from "../../../interpreter/machine.ts";
import { perf_get_aux, PERF_AUX_FLAG_PARTIAL, PERF_AUX_FLAG_TRUNCATED } from "../../kernel/events/ring_buffer.ts";
import { EINVAL, PERF_EF_RELOAD, PERF_EF_START, PERF_EF_UPDATE, PERF_HES_STOPPED, PERF_HES_UPTODATE, type KState } from "../../../interpreter/state.ts";

const FILE = "drivers/perf/arm_spe_pmu.c ([LY-spe] @3824b048)";

/** enum arm_spe_pmu_buf_fault_action */
export const SPE_PMU_BUF_FAULT_ACT_SPURIOUS = 0;
export const SPE_PMU_BUF_FAULT_ACT_FATAL = 1;
export const SPE_PMU_BUF_FAULT_ACT_OK = 2;

export const IRQ_NONE = 0;
export const IRQ_HANDLED = 1;

/** arm_spe_pmu_disable_and_drain_local(): PMSCR_EL1 = 0; psb csync; dsb; PMBLIMITR_EL1 = 0 (no observable split). */
export function arm_spe_pmu_disable_and_drain_local(k: KState, cpu: number): void {
  const spe = k.cpu[cpu]!.spe;
  spe.pmscr = false;
  spe.pmblimitr_e = false;
}

export const arm_spe_perf_aux_output_begin = kfn({
  name: "arm_spe_perf_aux_output_begin",
  cite: `${FILE} arm_spe_perf_aux_output_begin() — kernel-semantics.md §3.3`,
  steps: {
    // discard mode (PMBLIMITR = FM_DISCARD | E, no transaction): not modelled.
    entry: (_k, f) => call("perf_aux_output_begin", { h: "spe", e: str(f.a.e) }, "begun"),
    begun(k, f, x) {
      const spe = k.cpu[x.cpu]!.spe;
      if (f.a.rv === null) {
        E(k, str(f.a.e)).hw.state |= PERF_HES_STOPPED;
        // "We still need to clear the limit pointer, since the profiler might only be disabled by virtue of a fault."
        spe.pmblimitr_e = false;
        return ret();
      }
      // limit = arm_spe_pmu_next_off(handle) (> 0: free space by begin's check); PMBPTR = base + head;
      // PMBLIMITR = limit | E.
      spe.pmblimitr_e = true;
      return ret();
    },
  },
});

export const arm_spe_perf_aux_output_end = kfn({
  name: "arm_spe_perf_aux_output_end",
  cite: `${FILE} arm_spe_perf_aux_output_end(): size from PMBPTR, perf_aux_output_end(handle, size) — kernel-semantics.md §3.3`,
  steps: {
    entry: () => call("perf_aux_output_end", { h: "spe" }, "done"),
    done: () => ret(),
  },
});

export const arm_spe_pmu_buf_get_fault_act = kfn({
  name: "arm_spe_pmu_buf_get_fault_act",
  cite: `${FILE} arm_spe_pmu_buf_get_fault_act() — audit D4`,
  steps: {
    entry(k, f, x) {
      const spe = k.cpu[x.cpu]!.spe;
      // psb_csync(); dsb(nsh); isb(); pmbsr = read_sysreg_s(SYS_PMBSR_EL1)
      if (spe.pmbsr === null) return ret(SPE_PMU_BUF_FAULT_ACT_SPURIOUS); // !PMBSR.S
      // "If we've lost data, disable profiling and also set the PARTIAL flag"
      if (spe.pmbsr === "FULL_DL") spe.handle.aux_flags |= PERF_AUX_FLAG_TRUNCATED | PERF_AUX_FLAG_PARTIAL;
      // EC_BUF + BSC_FULL → OK (out_stop); EC_FAULT_S1/S2 → FATAL (out_err); both end the transaction.
      f.a.act = spe.pmbsr === "FAULT" ? SPE_PMU_BUF_FAULT_ACT_FATAL : SPE_PMU_BUF_FAULT_ACT_OK;
      return call("arm_spe_perf_aux_output_end", {}, "out");
    },
    out: (_k, f) => ret(num(f.a.act)),
  },
});

export const arm_spe_pmu_irq_handler = kfn({
  name: "arm_spe_pmu_irq_handler",
  cite: `${FILE} arm_spe_pmu_irq_handler() (PMBIRQ, a per-CPU PPI: regular IRQ) — kernel-semantics.md §3.3, audit X4 / D4`,
  steps: {
    entry(k, f, x) {
      const h = k.cpu[x.cpu]!.spe.handle;
      // IRQ_NONE leaves PMBSR.S set: the level-triggered PPI stays asserted (the model's action stays enabled).
      if (perf_get_aux(h) === null) return ret(IRQ_NONE);
      f.a.event = h.event; // struct perf_event *event = handle->event
      return call("arm_spe_pmu_buf_get_fault_act", {}, "act");
    },
    act(_k, f) {
      if (f.a.rv === SPE_PMU_BUF_FAULT_ACT_SPURIOUS) return ret(IRQ_NONE);
      f.a.act = num(f.a.rv);
      // "Ensure perf callbacks have completed, which may disable the profiling buffer in response to a TRUNCATION flag."
      return call("irq_work_run", {}, "switch");
    },
    switch(k, f, x) {
      const spe = k.cpu[x.cpu]!.spe;
      if (f.a.act === SPE_PMU_BUF_FAULT_ACT_FATAL) {
        arm_spe_pmu_disable_and_drain_local(k, x.cpu);
        return jump("clear");
      }
      // ACT_OK: "resume profiling as long as we didn't detect truncation" — no hw.state check (§3.3).
      if (!(spe.handle.aux_flags & PERF_AUX_FLAG_TRUNCATED)) return call("arm_spe_perf_aux_output_begin", { e: str(f.a.event) }, "clear");
      return jump("clear");
    },
    clear(k, _f, x) {
      // isb(); "The buffer pointers are now sane, so resume profiling." write_sysreg_s(0, SYS_PMBSR_EL1)
      k.cpu[x.cpu]!.spe.pmbsr = null;
      return ret(IRQ_HANDLED);
    },
  },
});

export const arm_spe_pmu_start = kfn({
  name: "arm_spe_pmu_start",
  cite: `${FILE} arm_spe_pmu_start() — kernel-semantics.md §3.3: always a new transaction; PERF_EF_RESUME ignored (no AUX_PAUSE)`,
  steps: {
    entry(k, f) {
      const e = str(f.a.e);
      E(k, e).hw.state = 0;
      return call("arm_spe_perf_aux_output_begin", { e }, "begun");
    },
    begun(k, f) {
      if (E(k, str(f.a.e)).hw.state) return ret();
      // PMSFCR, PMSEVFR, PMSNEVFR, PMSLATFR; RELOAD: PMSIRR, PMSICR = period_left — not modelled.
      // An NMI may land here (after the hw.state check, before PMSCR): its stop(0) sets STOPPED and the
      // write below still turns sampling on (with PMBLIMITR = 0, so nothing is profiled until a re-begin).
      return goto("pmscr");
    },
    pmscr(k, _f, x) {
      k.cpu[x.cpu]!.spe.pmscr = true; // isb(); write_sysreg_s(arm_spe_event_to_pmscr(event), SYS_PMSCR_EL1)
      return ret();
    },
  },
});

export const arm_spe_pmu_stop = kfn({
  name: "arm_spe_pmu_stop",
  cite: `${FILE} arm_spe_pmu_stop() — kernel-semantics.md §3.3: flags 0 keeps the transaction open; UPDATE ends it`,
  blocks: ["uptodate", "stopped"],
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      // "If we're already stopped, then nothing to do"
      if (E(k, e).hw.state & PERF_HES_STOPPED) return ret();
      arm_spe_pmu_disable_and_drain_local(k, x.cpu); // "Stop all trace generation"
      if (!(num(f.a.flags) & PERF_EF_UPDATE)) return jump("stopped");
      // "If there's a fault pending then ensure we contain it to this buffer, since we might be on the context-switch path."
      if (perf_get_aux(k.cpu[x.cpu]!.spe.handle) === null) return goto("update");
      return call("arm_spe_pmu_buf_get_fault_act", {}, "act");
    },
    act(k, f, x) {
      if (f.a.rv === SPE_PMU_BUF_FAULT_ACT_SPURIOUS) return call("arm_spe_perf_aux_output_end", {}, "update");
      k.cpu[x.cpu]!.spe.pmbsr = null; // write_sysreg_s(0, SYS_PMBSR_EL1)
      return goto("update");
    },
    // period_left = PMSICR (not modelled); hwc->state |= PERF_HES_UPTODATE
    update: () => jump("uptodate"),
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

export const arm_spe_pmu_add = kfn({
  name: "arm_spe_pmu_add",
  cite: `${FILE} arm_spe_pmu_add(): UPTODATE|STOPPED, then start(RELOAD); STOPPED → -EINVAL — kernel-semantics.md §3.3`,
  steps: {
    entry(k, f) {
      const e = str(f.a.e);
      // !cpumask_test_cpu(cpu, &spe_pmu->supported_cpus) → -ENOENT: every CPU supports SPE here.
      E(k, e).hw.state = PERF_HES_UPTODATE | PERF_HES_STOPPED;
      if (num(f.a.flags) & PERF_EF_START) return call("arm_spe_pmu_start", { e, flags: PERF_EF_RELOAD }, "started");
      return ret(0);
    },
    started: (k, f) => ret(E(k, str(f.a.e)).hw.state & PERF_HES_STOPPED ? EINVAL : 0),
  },
});

export const arm_spe_pmu_del = kfn({
  name: "arm_spe_pmu_del",
  cite: `${FILE} arm_spe_pmu_del(): arm_spe_pmu_stop(event, PERF_EF_UPDATE) — kernel-semantics.md §3.3`,
  steps: {
    entry: (_k, f) => call("arm_spe_pmu_stop", { e: str(f.a.e), flags: PERF_EF_UPDATE }, "done"),
    done: () => ret(),
  },
});

export const SPE_FUNCTIONS: KFunction[] = [
  arm_spe_perf_aux_output_begin,
  arm_spe_perf_aux_output_end,
  arm_spe_pmu_buf_get_fault_act,
  arm_spe_pmu_irq_handler,
  arm_spe_pmu_start,
  arm_spe_pmu_stop,
  arm_spe_pmu_add,
  arm_spe_pmu_del,
];
