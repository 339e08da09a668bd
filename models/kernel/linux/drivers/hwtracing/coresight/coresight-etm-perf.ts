/**
 * CoreSight ETM as a perf PMU (drivers/hwtracing/coresight/coresight-etm-perf.c) over an ETR-like
 * sink (update_buffer, no perf IRQ) and an ETM4x source.
 *
 * Variant A = mainline ([RV-etm] linux-riscv/linux @bcd078dd, read again for this model):
 *   stop(0) clears ctxt->event_data and stops the source but keeps the AUX transaction open;
 *   start(0) opens a new one; pause/resume do nothing while event_data is NULL. §3.1.
 * Variant B = [LY-etm] Leo-Yan/linux @11f8f94a (read again; upstream status UNCONFIRMED): stop()
 *   returns at once if STOPPED and otherwise ends the transaction even for mode 0; pause re-begins
 *   always; resume is gated on perf_get_aux(handle). §3.2.
 * Selected by the `etm_variant` parameter. The same kernel names are used by both: the function
 * table holds one or the other.
 *
 * ASSUMPTION (UNCONFIRMED, kernel-semantics.md §3.2): variant A is mainline; B is a parameter.
 * ASSUMPTION (UNCONFIRMED, kernel-semantics.md §3.1 / audit D6.8): the sink is an ETR/ETF-like sink
 * (update_buffer, no perf IRQ); TRBE, whose IRQ handler ends and re-begins the handle, is excluded.
 *
 * Not modelled (named): csdev == NULL (an ETM on every CPU); the CPU outside event_data->mask
 * (every CPU reaches the sink); coresight_get_sink() / coresight_enable_path() failures
 * (fail_end_stop, fail_disable_path); a per-CPU sink (TRBE: excluded, audit D6.8);
 * perf_report_aux_output_id(); address-filter programming (etm_addr_filters_sync).
 */
import { E, num, str } from "../../../../interpreter/access.ts";
import { call, goto, jump, kfn, ret, type KFunction } from "../../../../interpreter/machine.ts";
import { EINVAL, PERF_EF_PAUSE, PERF_EF_RESUME, PERF_EF_START, PERF_EF_UPDATE, PERF_HES_STOPPED, PERF_HES_UPTODATE } from "../../../../interpreter/state.ts";
import { perf_get_aux } from "../../../kernel/events/ring_buffer.ts";
import { tmc_update_etr_buffer } from "./coresight-tmc-etr.ts";

const FILE = "drivers/hwtracing/coresight/coresight-etm-perf.c";
const A = `${FILE} variant A ([RV-etm] @bcd078dd, mainline)`;
const B = `${FILE} variant B ([LY-etm] @11f8f94a; upstream status UNCONFIRMED)`;

// ---------------------------------------------------------------------------------------------
// Variant A (mainline)
// ---------------------------------------------------------------------------------------------

const etm_event_resume_A = kfn({
  name: "etm_event_resume",
  cite: `${A} etm_event_resume(): "if (!ctxt->event_data) return 0;" — kernel-semantics.md §3.1`,
  steps: {
    entry(k, _f, x) {
      if (k.cpu[x.cpu]!.etm.event_data === null) return ret(0);
      return call("etm4_resume_perf", {}, "done");
    },
    done: (_k, f) => ret(f.a.rv ?? 0),
  },
});

const etm_event_start_A = kfn({
  name: "etm_event_start",
  cite: `${A} etm_event_start() — kernel-semantics.md §3.1, §4 step 4 (the seed's caller of perf_aux_output_begin)`,
  blocks: ["fail"],
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (num(f.a.flags) & PERF_EF_RESUME) return call("etm_event_resume", {}, "resumed");
      // "Have we messed up our tracking ?"
      if (k.cpu[x.cpu]!.etm.event_data !== null) {
        x.fail("etm-tracking-start", "WARN_ON(ctxt->event_data) in etm_event_start: \"Have we messed up our tracking ?\"");
        return jump("fail");
      }
      return call("perf_aux_output_begin", { h: "etm", e }, "begun");
    },
    resumed(_k, f) {
      // etm_event_resume() < 0: dev_err("Failed to resume ETM event.") and goto fail
      if (num(f.a.rv ?? 0) < 0) return jump("fail");
      return ret();
    },
    begun(_k, f) {
      if (f.a.rv === null) return jump("fail");
      f.a.ed = f.a.rv ?? null;
      // cpu in event_data->mask; coresight_get_sink(); coresight_enable_path(): succeed (not modelled).
      // "Finally enable the tracer": source_ops(csdev)->enable()
      return call("etm4_enable_perf", { e: str(f.a.e) }, "enabled");
    },
    enabled(k, f) {
      // perf_report_aux_output_id(): data-rb record, not modelled. out: "Tell the perf core the event is alive"
      E(k, str(f.a.e)).hw.state = 0;
      return goto("save");
    },
    save(k, f, x) {
      // "Save the event_data for this ETM" — stored last: pause/resume are no-ops until here (§3.1, E2).
      k.cpu[x.cpu]!.etm.event_data = num(f.a.ed);
      return ret();
    },
    fail(k, f) {
      E(k, str(f.a.e)).hw.state = PERF_HES_STOPPED;
      return ret();
    },
  },
});

const etm_event_pause_A = kfn({
  name: "etm_event_pause",
  cite: `${A} etm_event_pause() — kernel-semantics.md §3.1 (ETR: update, end + begin)`,
  steps: {
    entry(k, _f, x) {
      if (k.cpu[x.cpu]!.etm.event_data === null) return ret();
      return call("etm4_pause_perf", {}, "paused"); // coresight_pause_source(csdev)
    },
    paused(k, f, x) {
      const e = str(f.a.e);
      const h = k.cpu[x.cpu]!.etm.handle;
      // coresight_is_percpu_sink(sink): no (ETR). sink_ops(sink)->update_buffer: present.
      if (h.event !== e) {
        x.fail("etm-misc-warn", "WARN_ON_ONCE(handle->event != event) in etm_event_pause");
        return ret();
      }
      // ASSUMPTION (abstraction, not in the reference): update_buffer() returns size != 0 (trace was
      // written since the last update); with size == 0 the function just returns.
      tmc_update_etr_buffer(k, h);
      return call("perf_aux_output_end", { h: "etm" }, "rebegin");
    },
    rebegin: (_k, f) => call("perf_aux_output_begin", { h: "etm", e: str(f.a.e) }, "done"),
    done: () => ret(),
  },
});

const etm_event_stop_A = kfn({
  name: "etm_event_stop",
  cite: `${A} etm_event_stop() — kernel-semantics.md §3.1, §4 step 3 (mode 0: transaction stays open), §4.1 (the tracking WARN)`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (num(f.a.flags) & PERF_EF_PAUSE) return call("etm_event_pause", { e }, "done");
      const etm = k.cpu[x.cpu]!.etm;
      // "If we still have access to the event_data via handle, confirm that we haven't messed up the tracking."
      if (etm.handle.event !== null && perf_get_aux(etm.handle) !== etm.event_data) {
        x.fail("etm-tracking-stop", "WARN_ON(perf_get_aux(handle) != ctxt->event_data) in etm_event_stop");
        return ret();
      }
      return goto("clear");
    },
    clear(k, f, x) {
      const e = str(f.a.e);
      const etm = k.cpu[x.cpu]!.etm;
      const ed = etm.event_data;
      etm.event_data = null; // "Clear the event_data as this ETM is stopping the trace."
      f.a.ed = ed;
      // One step with the read of hw.state below: an NMI in between can only WARN in its own stop()
      // (event_data is NULL by now) and writes nothing this read depends on.
      if (E(k, e).hw.state === PERF_HES_STOPPED) return ret();
      if (ed === null) {
        x.fail("etm-misc-warn", "WARN_ON(!event_data) in etm_event_stop: a running event without event_data");
        return ret();
      }
      // cpu not in event_data->mask: not modelled. "stop tracer": coresight_disable_source()
      return call("etm4_disable", { e }, "disabled");
    },
    disabled(k, f, x) {
      const e = str(f.a.e);
      E(k, e).hw.state = PERF_HES_STOPPED; // "tell the core"
      const h = k.cpu[x.cpu]!.etm.handle;
      if (h.event !== null && num(f.a.flags) & PERF_EF_UPDATE) {
        if (h.event !== e) {
          x.fail("etm-misc-warn", "WARN_ON_ONCE(handle->event != event) in etm_event_stop");
          return ret();
        }
        // size = update_buffer(); READ_ONCE(handle->event) still set (no sink IRQ for ETR).
        tmc_update_etr_buffer(k, h);
        return call("perf_aux_output_end", { h: "etm" }, "disable_path");
      }
      // mode == 0 (throttle): the transaction stays OPEN (§4 step 3).
      return jump("disable_path");
    },
    // coresight_disable_path(path): no modelled state.
    disable_path: () => ret(),
    done: () => ret(),
  },
});

const etm_event_add_A = kfn({
  name: "etm_event_add",
  cite: `${A} etm_event_add() — kernel-semantics.md §3.1`,
  steps: {
    entry(k, f) {
      const e = str(f.a.e);
      if (num(f.a.flags) & PERF_EF_START) return call("etm_event_start", { e, flags: 0 }, "started");
      E(k, e).hw.state = PERF_HES_STOPPED;
      return ret(0);
    },
    started: (k, f) => ret(E(k, str(f.a.e)).hw.state & PERF_HES_STOPPED ? EINVAL : 0),
  },
});

const etm_event_del = kfn({
  name: "etm_event_del",
  cite: `${FILE} etm_event_del(): etm_event_stop(event, PERF_EF_UPDATE) (both variants) — kernel-semantics.md §3.1`,
  steps: {
    entry: (_k, f) => call("etm_event_stop", { e: str(f.a.e), flags: PERF_EF_UPDATE }, "done"),
    done: () => ret(),
  },
});

export const ETM_A_FUNCTIONS: KFunction[] = [etm_event_resume_A, etm_event_start_A, etm_event_pause_A, etm_event_stop_A, etm_event_add_A, etm_event_del];

// ---------------------------------------------------------------------------------------------
// Variant B ([LY-etm])
// ---------------------------------------------------------------------------------------------

const etm_event_resume_B = kfn({
  name: "etm_event_resume",
  cite: `${B} etm_event_resume(): gated on perf_get_aux(handle) and etm_event_get_ctxt_path(ctxt) (event_data) — kernel-semantics.md §3.1`,
  steps: {
    entry(k, _f, x) {
      const etm = k.cpu[x.cpu]!.etm;
      if (perf_get_aux(etm.handle) === null) return ret(0);
      if (etm.event_data === null) return ret(0); // etm_event_get_ctxt_path(ctxt) == NULL
      return call("etm4_resume_perf", {}, "resumed");
    },
    resumed(k, f, x) {
      if (num(f.a.rv ?? 0) < 0) return ret(f.a.rv ?? 0);
      const ev = k.cpu[x.cpu]!.etm.handle.event;
      if (ev !== null) E(k, ev).hw.state &= ~PERF_HES_UPTODATE;
      return ret(0);
    },
  },
});

const etm_event_start_B = kfn({
  name: "etm_event_start",
  cite: `${B} etm_event_start() — kernel-semantics.md §3.2`,
  blocks: ["fail"],
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (num(f.a.flags) & PERF_EF_RESUME) return call("etm_event_resume", {}, "resumed");
      if (k.cpu[x.cpu]!.etm.event_data !== null) {
        x.fail("etm-tracking-start", "WARN_ON(READ_ONCE(ctxt->event_data)) in etm_event_start: \"Have we messed up our tracking ?\"");
        return jump("fail");
      }
      return call("perf_aux_output_begin", { h: "etm", e }, "begun");
    },
    resumed(_k, f, x) {
      if (num(f.a.rv ?? 0) !== 0) x.fail("etm-misc-warn", "WARN_ON_ONCE(etm_event_resume(ctxt)) in etm_event_start");
      return ret();
    },
    begun(_k, f) {
      if (f.a.rv === null) return jump("fail");
      f.a.ed = f.a.rv ?? null;
      // cpu in mask; path->handle = handle; source and sink present; coresight_enable_path() succeeds.
      return call("etm4_enable_perf", { e: str(f.a.e) }, "enabled");
    },
    enabled(k, f) {
      E(k, str(f.a.e)).hw.state &= ~(PERF_HES_STOPPED | PERF_HES_UPTODATE);
      return goto("save");
    },
    save(k, f, x) {
      k.cpu[x.cpu]!.etm.event_data = num(f.a.ed);
      return ret();
    },
    fail(k, f) {
      E(k, str(f.a.e)).hw.state |= PERF_HES_STOPPED;
      return ret();
    },
  },
});

const etm_event_update_buffer_B = kfn({
  name: "etm_event_update_buffer",
  cite: `${B} etm_event_update_buffer(): ends the transaction even for mode 0 (size 0, data since the last update lost) — kernel-semantics.md §3.1; audit D6.4`,
  steps: {
    entry(k, f, x) {
      if (perf_get_aux(k.cpu[x.cpu]!.etm.handle) === null) return ret();
      // sink_ops(sink)->update_buffer: present (ETR).
      tmc_update_etr_buffer(k, k.cpu[x.cpu]!.etm.handle);
      if (num(f.a.flags) & PERF_EF_UPDATE) return call("perf_aux_output_end", { h: "etm" }, "uptodate");
      return call("perf_aux_output_end", { h: "etm" }, "done");
    },
    uptodate(k, f) {
      E(k, str(f.a.e)).hw.state |= PERF_HES_UPTODATE;
      return ret();
    },
    done: () => ret(),
  },
});

const etm_event_pause_B = kfn({
  name: "etm_event_pause",
  cite: `${B} etm_event_pause(): pause the source, update (end), then always re-begin`,
  steps: {
    entry(_k, f) {
      if (!f.a.path) return ret();
      return call("etm4_pause_perf", {}, "update");
    },
    // coresight_is_percpu_sink(sink): no (ETR)
    update: (_k, f) => call("etm_event_update_buffer", { e: str(f.a.e), flags: PERF_EF_UPDATE }, "rebegin"),
    rebegin: (_k, f) => call("perf_aux_output_begin", { h: "etm", e: str(f.a.e) }, "done"),
    done: () => ret(),
  },
});

const etm_event_stop_B = kfn({
  name: "etm_event_stop",
  cite: `${B} etm_event_stop() — kernel-semantics.md §3.2`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const path = k.cpu[x.cpu]!.etm.event_data !== null; // etm_event_get_ctxt_path(ctxt)
      // "If we're already stopped, then nothing to do"
      if (E(k, e).hw.state & PERF_HES_STOPPED) return ret();
      if (num(f.a.flags) & PERF_EF_PAUSE) return call("etm_event_pause", { e, path }, "done");
      if (!path) {
        E(k, e).hw.state = PERF_HES_STOPPED | PERF_HES_UPTODATE;
        return ret();
      }
      return goto("clear");
    },
    clear(k, _f, x) {
      k.cpu[x.cpu]!.etm.event_data = null;
      return goto("stopped");
    },
    stopped(k, f) {
      const e = str(f.a.e);
      E(k, e).hw.state = PERF_HES_STOPPED; // "Tell the core the event is stopped."
      return call("etm4_disable", { e }, "update"); // coresight_disable_source()
    },
    update: (_k, f) => call("etm_event_update_buffer", { e: str(f.a.e), flags: num(f.a.flags) }, "disable_path"),
    disable_path: () => ret(),
    done: () => ret(),
  },
});

const etm_event_add_B = kfn({
  name: "etm_event_add",
  cite: `${B} etm_event_add(): STOPPED|UPTODATE first — kernel-semantics.md §3.1`,
  steps: {
    entry(k, f) {
      const e = str(f.a.e);
      E(k, e).hw.state = PERF_HES_STOPPED | PERF_HES_UPTODATE;
      if (num(f.a.flags) & PERF_EF_START) return call("etm_event_start", { e, flags: 0 }, "started");
      return ret(0);
    },
    started: (k, f) => ret(E(k, str(f.a.e)).hw.state & PERF_HES_STOPPED ? EINVAL : 0),
  },
});

export const ETM_B_FUNCTIONS: KFunction[] = [etm_event_resume_B, etm_event_start_B, etm_event_update_buffer_B, etm_event_pause_B, etm_event_stop_B, etm_event_add_B, etm_event_del];
