/**
 * Patch `leo-yan-v1`: Leo Yan, "[PATCH] perf/core: Use AUX pause/resume for throttling"
 * (2026-05-14, base e1914add2799; seeds/leo-yan-aux-throttle-patch-and-review.txt). kernel-semantics.md
 * §2.3 ("Leo Yan's patch changes only perf_event_throttle/perf_event_unthrottle"), §5.
 *
 * The diff touches exactly two functions of kernel/events/core.c (plus a forward declaration of
 * perf_event_aux_pause):
 *
 *   perf_event_unthrottle(event, start):
 *   -	if (start)
 *   -		event->pmu->start(event, 0);
 *   +	if (start) {
 *   +		if (event->pmu->capabilities & PERF_PMU_CAP_AUX_PAUSE)
 *   +			perf_event_aux_pause(event, false);
 *   +		else
 *   +			event->pmu->start(event, 0);
 *   +	}
 *
 *   perf_event_throttle(event):
 *   -	event->pmu->stop(event, 0);
 *   +	if (event->pmu->capabilities & PERF_PMU_CAP_AUX_PAUSE)
 *   +		perf_event_aux_pause(event, true);
 *   +	else
 *   +		event->pmu->stop(event, 0);
 *
 * Unthrottle with start == false (event_sched_in) does nothing to AUX state (F1).
 */
import { E, str } from "../kernel/interpreter/access.ts";
import { ev, pmuOps } from "../kernel/interpreter/config.ts";
import { setInterrupts } from "../kernel/interpreter/ghost.ts";
import { call, kfn, ret } from "../kernel/interpreter/machine.ts";
import { MAX_INTERRUPTS } from "../kernel/interpreter/state.ts";
import type { Patch } from "./index.ts";

const CITE = "Leo Yan's patch (seed diff) on kernel/events/core.c";

const perf_event_unthrottle = kfn({
  name: "perf_event_unthrottle",
  cite: `${CITE}: perf_event_unthrottle() — AUX_PAUSE PMUs resume through perf_event_aux_pause(event, false) — kernel-semantics.md §2.3`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (E(k, e).state !== "ACTIVE") return ret();
      setInterrupts(k, x, e, 0);
      if (f.a.start) {
        if (ev(x.cfg, e).pmu.capAuxPause) return call("perf_event_aux_pause", { e, pause: false }, "log");
        return call(pmuOps(x, e).start, { e, flags: 0 }, "log");
      }
      return ret();
    },
    // if (event == event->group_leader) perf_log_throttle(event, 1): not modelled.
    log: () => ret(),
  },
});

const perf_event_throttle = kfn({
  name: "perf_event_throttle",
  cite: `${CITE}: perf_event_throttle() — AUX_PAUSE PMUs pause through perf_event_aux_pause(event, true) — kernel-semantics.md §2.3`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (E(k, e).state !== "ACTIVE") return ret();
      setInterrupts(k, x, e, MAX_INTERRUPTS);
      if (ev(x.cfg, e).pmu.capAuxPause) return call("perf_event_aux_pause", { e, pause: true }, "log");
      return call(pmuOps(x, e).stop, { e, flags: 0 }, "log");
    },
    // if (event == event->group_leader) perf_log_throttle(event, 0): not modelled.
    log: () => ret(),
  },
});

export const leoYanV1: Patch = {
  name: "leo-yan-v1",
  description: "Leo Yan's patch: throttle/unthrottle of a PERF_PMU_CAP_AUX_PAUSE event go through perf_event_aux_pause()",
  overrides: [perf_event_unthrottle, perf_event_throttle],
};
