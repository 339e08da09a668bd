/**
 * Detaching an event from its ring buffer (kernel/events/core.c, [LY-core]), for finding F4 (issue 4):
 * `ring_buffer_attach(event, NULL)` from the last munmap (perf_mmap_close, data vma) and from
 * PERF_EVENT_IOC_SET_OUTPUT with fd -1 (perf_event_set_output(event, NULL)). kernel-semantics.md §2.9,
 * §5 F4, audit table row F4.
 *
 * Read for this model (public copies of core.c; the same text in several trees):
 *   ring_buffer_attach(event, rb):
 *       if (event->rb) { old_rb = event->rb; list_del_rcu(&event->rb_entry); rcu_pending ... }
 *       if (rb) { ... list_add_rcu(&event->rb_entry, &rb->event_list); }
 *       "Avoid racing with perf_mmap_close(AUX): stop the event before swizzling the event::rb pointer;
 *        if it's getting unmapped, its aux_mmap_count will be 0 and it won't restart. [...] Data will
 *        inevitably be lost when set_output is done in mid-air, but then again, whoever does it like
 *        this is not in for the data anyway."
 *       if (has_aux(event)) perf_event_stop(event, 0);
 *       rcu_assign_pointer(event->rb, rb);
 *       if (old_rb) { ring_buffer_put(old_rb); wake_up_all(&event->waitq); }
 *   perf_event_set_output(event, NULL): mutex_lock(&event->mmap_mutex); goto set;
 *       set: "Can't redirect output if we've got an active mmap()": if (event->mmap_count) goto unlock;
 *       ring_buffer_attach(event, rb = NULL); ret = 0
 *   perf_event_stop(event, restart): if (READ_ONCE(event->state) != ACTIVE) return 0; smp_rmb();
 *       cpu_function_call(READ_ONCE(event->oncpu), __perf_event_stop, &sd), retried on -EAGAIN.
 *
 * The two steps of ring_buffer_attach (the stop, then the pointer swap) run in task context with IRQs
 * on in between: an address-filter restart IPI (perf_event_stop(event, 1) from
 * perf_event_addr_filters_exec / perf_addr_filters_adjust, which take neither the ctx mutex nor the
 * event's mmap_mutex) can land there and open a transaction on the OLD rb, which event->rb then
 * no longer names (the reference's §5 F4 "edge case, not analysed in full").
 *
 * ASSUMPTION (abstraction): `rb.refcount` counts the base reference (the mapping and the events'
 * event->rb) plus one per open transaction; ring_buffer_attach's ring_buffer_put(old_rb) and the rb's
 * final free are not modelled (the rb of the model outlives its users). `event->mmap_count` is not
 * state: the F4 scenarios say which events own an mmap.
 */
import { ev } from "./config.ts";
import { E, num, str } from "./helpers.ts";
import { call, goto, jump, kfn, ret, type KFunction } from "./machine.ts";
import { EAGAIN } from "./state.ts";

const V = "kernel/events/core.c (v7.1-rc1 [LY-core])";

export const perf_event_stop = kfn({
  name: "perf_event_stop",
  cite: `${V} perf_event_stop(): cpu_function_call(event->oncpu, __perf_event_stop) — kernel-semantics.md §2.6`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      // do { if (READ_ONCE(event->state) != PERF_EVENT_STATE_ACTIVE) return 0; smp_rmb();
      if (E(k, e).state !== "ACTIVE") return ret(0);
      if (x.cfg.ncpus > 1) return goto("oncpu"); // issue 6: the two reads and the call are separate steps
      // One CPU: the state test, the oncpu read and cpu_function_call() to this CPU (smp_call_function_single
      // runs the function here with IRQs off) are one step, as before issue 6.
      x.irqSave();
      return call("__perf_event_stop", { e, restart: num(f.a.restart) }, "done");
    },
    done(_k, f, x) {
      x.irqRestore();
      if (f.a.rv === EAGAIN) return ret(EAGAIN); // another CPU's event: unreachable with one CPU
      return ret(f.a.rv ?? 0);
    },
    // issue 6 (ncpus = 2): "ret = cpu_function_call(READ_ONCE(event->oncpu), __perf_event_stop, &sd);" — the
    // oncpu read (an event that went INACTIVE here has oncpu == -1: "fall through with ret==-ENXIO"), then the call
    // (cpu_function_call folded: remote_function_call{.p = NULL}). The issuer "self" may be preempted between them (smp.ts).
    oncpu(k, f) {
      f.a.cpu = E(k, str(f.a.e)).oncpu;
      return goto("call");
    },
    call: (_k, f) => call("smp_call_function_single", { cpu: num(f.a.cpu), p: null, func: "__perf_event_stop", e: str(f.a.e), restart: num(f.a.restart) }, "retry"),
    retry(_k, f) {
      // } while (ret == -EAGAIN);
      if (f.a.rv === EAGAIN) return goto("entry");
      return ret(f.a.rv ?? 0);
    },
  },
});

export const ring_buffer_attach = kfn({
  name: "ring_buffer_attach",
  cite: `${V} ring_buffer_attach(event, NULL): perf_event_stop(event, 0) if has_aux, THEN rcu_assign_pointer(event->rb, rb) — §2.9, §5 F4`,
  steps: {
    entry(_k, f, x) {
      const e = str(f.a.e);
      // list_del_rcu(&event->rb_entry) from the old rb's event_list; rcu_batches: not modelled.
      if (ev(x.cfg, e).pmu.aux) return call("perf_event_stop", { e, restart: 0 }, "assign"); // has_aux(event)
      return jump("assign");
    },
    assign(k, f) {
      E(k, str(f.a.e)).rb = null; // rcu_assign_pointer(event->rb, NULL); ring_buffer_put(old_rb): abstracted
      return ret();
    },
  },
});

export const perf_event_set_output = kfn({
  name: "perf_event_set_output",
  cite: `${V} perf_event_set_output(event, NULL) (PERF_EVENT_IOC_SET_OUTPUT with fd -1): needs !event->mmap_count — §5 F4`,
  steps: {
    entry(_k, f) {
      // mutex_lock(&event->mmap_mutex); "Can't redirect output if we've got an active mmap()": the F4
      // scenario's AUX event writes to the rb through an earlier SET_OUTPUT and has no mmap of its own.
      return call("ring_buffer_attach", { e: str(f.a.e) }, "done");
    },
    done: () => ret(0),
  },
});

export const perf_mmap_close_data = kfn({
  name: "perf_mmap_close_data",
  cite: `${V} perf_mmap_close() of the LAST vma (the data area after the AUX area): ring_buffer_attach(event, NULL), then detach_rest — §2.9`,
  steps: {
    entry(_k, f) {
      f.a.i = 0;
      return goto("loop");
    },
    loop(k, f, x) {
      // refcount_dec_and_test(&rb->mmap_count) → detach_rest; the owner's ring_buffer_attach(event, NULL), then
      // "No other mmap()s, detach from all other events that might redirect into the now unreachable buffer":
      // list_for_each_entry_rcu(event, &rb->event_list, rb_entry) if (event->rb == rb) ring_buffer_attach(event, NULL).
      const r = num(f.a.rb);
      let i = num(f.a.i);
      while (i < x.cfg.events.length) {
        const info = x.cfg.events[i++]!;
        if (info.rb !== r || E(k, info.id).rb === null) continue;
        f.a.i = i;
        return call("ring_buffer_attach", { e: info.id }, "loop");
      }
      return ret();
    },
  },
});

export const RB_ATTACH_FUNCTIONS: KFunction[] = [perf_event_stop, ring_buffer_attach, perf_event_set_output, perf_mmap_close_data];
