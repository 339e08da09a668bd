/**
 * The software PMU (kernel/events/core.c perf_swevent_*, [LY-core] @01b0793e), for a software sibling
 * with an aux-action, e.g. `-e page-faults/aux-action=resume,period=1/` in an AUX group (issue 7,
 * audit X10 / D6.7, F3 route (b) of X5).
 *
 * Read for this model:
 *   perf_swevent_add(event, flags): if sampling: hwc->last_period = sample_period; perf_swevent_set_period();
 *       hwc->state = !(flags & PERF_EF_START); hlist_add_head_rcu(); return 0
 *   perf_swevent_del(): hlist_del_rcu() (hw.state untouched)
 *   perf_swevent_start(): event->hw.state = 0;  perf_swevent_stop(): event->hw.state = PERF_HES_STOPPED
 *   do_perf_sw_event() → perf_swevent_match() → perf_exclude_event(): "if (event->hw.state & PERF_HES_STOPPED) return 1"
 *   perf_swevent_event(event, nr, data, regs): local64_add(count); ...; guard(irqsave)();
 *       if (event->state != PERF_EVENT_STATE_ACTIVE) return; ... perf_swevent_overflow(event, 1, data, regs)
 *   perf_swevent_overflow(event, overflow): int throttle = 0; ...; if (hwc->interrupts == MAX_INTERRUPTS) return;
 *       for (; overflow; overflow--) { if (__perf_event_overflow(event, throttle, data, regs)) break; throttle = 1; }
 * So a software sibling delivering one overflow per event never throttles (throttle = 0 on the first
 * iteration) but runs its aux-action — perf_event_aux_pause(), which takes rb->aux_in_pause_resume — with
 * IRQs disabled (guard(irqsave)): an ordinary-IRQ PMU interrupt cannot land inside it, an NMI can (X5, X9).
 *
 * ASSUMPTION (abstraction): the event occurrence (a page fault of the profiled task, or on this CPU for
 * -a) is a budgeted task-level operation (`sw_events`) with nr = 1 and sample_period = 1, so overflow = 1.
 * Occurrences while the event is not on the hlist (not ACTIVE) or excluded (STOPPED) do nothing and are not
 * offered. hrtimer software events (cpu-clock, task-clock: __perf_event_overflow(..., 1, ...) from hardirq,
 * audit D6.7 "from memory") are not modelled.
 */
import { E, str } from "../helpers.ts";
import { call, kfn, ret, type KFunction } from "../machine.ts";
import { MAX_INTERRUPTS, PERF_EF_START, PERF_HES_STOPPED } from "../state.ts";
import { num } from "../helpers.ts";

const CORE = "kernel/events/core.c ([LY-core] @01b0793e)";

export const perf_swevent_add = kfn({
  name: "perf_swevent_add",
  cite: `${CORE} perf_swevent_add(): hwc->state = !(flags & PERF_EF_START); hlist_add_head_rcu()`,
  steps: {
    entry(k, f) {
      // perf_swevent_set_period(): period_left not modelled.
      E(k, str(f.a.e)).hw.state = num(f.a.flags) & PERF_EF_START ? 0 : PERF_HES_STOPPED;
      return ret(0);
    },
  },
});

export const perf_swevent_del = kfn({
  name: "perf_swevent_del",
  cite: `${CORE} perf_swevent_del(): hlist_del_rcu() only (hw.state is left as it is)`,
  steps: { entry: () => ret() },
});

export const perf_swevent_start = kfn({
  name: "perf_swevent_start",
  cite: `${CORE} perf_swevent_start(): event->hw.state = 0`,
  steps: {
    entry(k, f) {
      E(k, str(f.a.e)).hw.state = 0;
      return ret();
    },
  },
});

export const perf_swevent_stop = kfn({
  name: "perf_swevent_stop",
  cite: `${CORE} perf_swevent_stop(): event->hw.state = PERF_HES_STOPPED (PERF_EF_PAUSE / _RESUME never reach a software event)`,
  steps: {
    entry(k, f) {
      E(k, str(f.a.e)).hw.state = PERF_HES_STOPPED;
      return ret();
    },
  },
});

export const perf_swevent_event = kfn({
  name: "perf_swevent_event",
  cite: `${CORE} do_perf_sw_event() → perf_swevent_event(): guard(irqsave); if (event->state != ACTIVE) return; perf_swevent_overflow(event, 1, ...) — audit X10 / D6.7`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      // perf_exclude_event(): a STOPPED (throttled) software event is not matched.
      if (E(k, e).hw.state & PERF_HES_STOPPED) return ret();
      // local64_add(nr, &event->count); is_sampling_event: yes.
      x.irqSave(); // guard(irqsave)()
      if (E(k, e).state !== "ACTIVE") {
        x.irqRestore();
        return ret();
      }
      // (sample_type & PERF_SAMPLE_PERIOD) && !freq, or nr == 1 && sample_period == 1: overflow = 1
      return call("perf_swevent_overflow", { e, overflow: 1 }, "done");
    },
    done(_k, _f, x) {
      x.irqRestore();
      return ret();
    },
  },
});

export const perf_swevent_overflow = kfn({
  name: "perf_swevent_overflow",
  cite: `${CORE} perf_swevent_overflow(): throttle = 0 on the first iteration; "if (hwc->interrupts == MAX_INTERRUPTS) return;"`,
  steps: {
    entry(k, f) {
      const e = str(f.a.e);
      if (E(k, e).hw.interrupts === MAX_INTERRUPTS) return ret();
      // for (; overflow; overflow--): overflow == 1, so one iteration, with throttle = 0.
      return call("__perf_event_overflow", { e, throttle: 0 }, "done");
    },
    done: () => ret(),
  },
});

export const SWEVENT_FUNCTIONS: KFunction[] = [perf_swevent_add, perf_swevent_del, perf_swevent_start, perf_swevent_stop, perf_swevent_event, perf_swevent_overflow];
