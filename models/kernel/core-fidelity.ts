/**
 * kernel/events/core.c functions added for issue 7 (the audit's corrections X1 and X10), as labelled
 * atomic steps: frequency mode's perf_adjust_period, and closing an event (perf_release →
 * perf_remove_from_context(DETACH_GROUP | DETACH_DEAD), with perf_put_aux_event putting the AUX
 * leader's aux-action siblings into ERROR). Read in [LY-core] = Leo-Yan/linux @01b0793e (v7.1-rc1).
 * The software PMU is drivers/swevent.ts; pending_disable and its irq_work are irq-work.ts.
 */
import { ev } from "./config.ts";
import { E, pmuOps, str } from "./helpers.ts";
import { call, kfn, ret, type KFunction } from "./machine.ts";
import { PERF_EF_RELOAD, PERF_EF_UPDATE, type EventStateName } from "./state.ts";

const V = "kernel/events/core.c ([LY-core] @01b0793e, v7.1-rc1)";

/**
 * `perf_adjust_period(event, nsec, count, disable)`:
 *   period = perf_calculate_period(event, nsec, count); delta = (period - hwc->sample_period) / 8 (low-pass);
 *   hwc->sample_period += delta (at least 1);
 *   if (local64_read(&hwc->period_left) > 8*sample_period) {
 *       if (disable) event->pmu->stop(event, PERF_EF_UPDATE);
 *       local64_set(&hwc->period_left, 0);
 *       if (disable) event->pmu->start(event, PERF_EF_RELOAD);
 *   }
 * Counts, nsec and periods are not modelled: `restart` is the outcome of the `period_left > 8*sample_period`
 * test, chosen nondeterministically by the hardware `overflow` action (state.ts Counter.adj). From
 * __perf_event_account_interrupt (disable = true) this restarts the overflowing counter EVEN JUST AFTER the
 * group throttle stopped it: the counter then counts with interrupts == MAX (audit D1: "keeps counting while
 * interrupts == MAX", R3) and can re-throttle the group (E5 route (ii), audit X8). The handlers do not stop it
 * again (X1). The tick's call (disable = false) never stops/starts here (the tick does it around the call).
 */
export const perf_adjust_period = kfn({
  name: "perf_adjust_period",
  cite: `${V} perf_adjust_period() — kernel-semantics.md §2.1 (⚠ X1), audit D1, X8 (E5 route ii)`,
  steps: {
    entry(_k, f, x) {
      // hwc->sample_period = sample_period: not modelled.
      if (!f.a.restart || !f.a.disable) return ret();
      const e = str(f.a.e);
      return call(pmuOps(x, e).stop, { e, flags: PERF_EF_UPDATE }, "reload");
    },
    // local64_set(&hwc->period_left, 0)
    reload: (_k, f, x) => call(pmuOps(x, str(f.a.e)).start, { e: str(f.a.e), flags: PERF_EF_RELOAD }, "done"),
    done: () => ret(),
  },
});

/** enum perf_event_state order: ACTIVE 1 > INACTIVE 0 > OFF -1 > ERROR -2 > (EXIT -3) > DEAD -4. */
const STATE_RANK: Readonly<Record<EventStateName, number>> = { ACTIVE: 1, INACTIVE: 0, OFF: -1, ERROR: -2, DEAD: -4 };

/**
 * `perf_event_release_kernel(event)` for a group leader, as far as the group is concerned:
 * perf_remove_from_context(event, DETACH_GROUP | DETACH_DEAD) → (ctx active) event_function_call →
 * cpu_function_call → event_function (IRQs off, ctx->lock) → __perf_remove_from_context.
 * Not modelled (named): the owner/child lists, perf_event_exit_event of inherited children,
 * _free_event → ring_buffer_attach(event, NULL) (rb-attach.ts models the rb detach of issue 4),
 * put_event of the aux_event references.
 */
export const perf_event_release_kernel = kfn({
  name: "perf_event_release_kernel",
  cite: `${V} perf_event_release_kernel() → perf_remove_from_context(event, DETACH_GROUP | DETACH_DEAD) — audit X10 / D6.6`,
  steps: {
    entry: (_k, f) => call("__perf_remove_from_context", { e: str(f.a.e) }, "done"),
    // perf_remove_from_owner, child events, free_event: not modelled.
    done: () => ret(),
  },
});

export const __perf_remove_from_context = kfn({
  name: "__perf_remove_from_context",
  cite: `${V} __perf_remove_from_context(): ctx_time_update; __event_disable(event, ctx, DEAD); if (DETACH_GROUP) perf_group_detach(event); list_del_event`,
  steps: {
    // ctx_time_update(): not modelled. state = PERF_EVENT_STATE_DEAD (DETACH_DEAD).
    entry: (_k, f) => call("__event_disable", { e: str(f.a.e), state: "DEAD" }, "detach"),
    detach: (_k, f) => call("perf_group_detach", { e: str(f.a.e) }, "done"),
    // list_del_event(), pmu_ctx->nr_events / ctx->is_active bookkeeping: not modelled (a DEAD event is never scheduled).
    done: () => ret(),
  },
});

export const __event_disable = kfn({
  name: "__event_disable",
  cite: `${V} __event_disable(): event_sched_out(event, ctx); perf_cgroup_event_disable; perf_event_set_state(event, min(event->state, state))`,
  steps: {
    entry: (_k, f) => call("event_sched_out", { e: str(f.a.e) }, "set"),
    set(k, f) {
      const s = E(k, str(f.a.e));
      const want = str(f.a.state) as EventStateName;
      if (STATE_RANK[want] < STATE_RANK[s.state]) s.state = want; // min(event->state, state)
      return ret();
    },
  },
});

/**
 * `perf_group_detach(event)` → `perf_put_aux_event(event)`: "If the event is an aux_event, tear down all
 * links to it from other events": for each sibling with iter->aux_event == event: iter->aux_event = NULL;
 * put_event(event); "If it's ACTIVE, schedule it out and put it into ERROR state so that we don't try to
 * schedule it again": __event_disable(iter, ctx, PERF_EVENT_STATE_ERROR). Then the siblings are promoted
 * to singleton leaders (perf_promote_sibling_to_leader): not modelled — groups are static in this model,
 * so a close is only allowed for groups whose siblings all have an aux-action (they end in ERROR and never
 * run again; fidelity-actions.ts checks it).
 */
export const perf_group_detach = kfn({
  name: "perf_group_detach",
  cite: `${V} perf_group_detach() → perf_put_aux_event() — audit X10 / D6.6: the AUX leader's aux-action siblings go to ERROR`,
  steps: {
    entry(_k, f) {
      f.a.i = 0;
      return call("perf_put_aux_event", { e: str(f.a.e), i: 0 }, "done");
    },
    // list_del_init(sibling_list) / perf_promote_sibling_to_leader / perf_event__header_size: not modelled (see above).
    done: () => ret(),
  },
});

export const perf_put_aux_event = kfn({
  name: "perf_put_aux_event",
  cite: `${V} perf_put_aux_event(): for_each_sibling_event(iter, event) if (iter->aux_event == event) { iter->aux_event = NULL; put_event(event); __event_disable(iter, ctx, PERF_EVENT_STATE_ERROR); }`,
  steps: {
    entry(_k, f, x) {
      const e = str(f.a.e);
      const sibs = ev(x.cfg, e).siblings;
      let i = typeof f.a.i === "number" ? f.a.i : 0;
      while (i < sibs.length) {
        const s = sibs[i++]!;
        if (ev(x.cfg, s).auxEvent !== e) continue;
        f.a.i = i;
        // iter->aux_event = NULL; put_event(event): the link is static in config.ts; an ERROR event never runs again.
        return call("__event_disable", { e: s, state: "ERROR" }, "entry");
      }
      return ret();
    },
  },
});

export const CORE_FIDELITY_FUNCTIONS: KFunction[] = [
  perf_adjust_period,
  perf_event_release_kernel,
  __perf_remove_from_context,
  __event_disable,
  perf_group_detach,
  perf_put_aux_event,
];
