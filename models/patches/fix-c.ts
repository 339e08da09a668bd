/**
 * Patch `fix-c`: candidate fix C of kernel-semantics.md §6, "exempt AUX events from group throttling".
 * Not a posted patch: the reference's candidate, written as the diff it describes.
 *
 *   "In perf_event_throttle/unthrottle, skip stop/start for has_aux(e) events, but still set and reset
 *    interrupts for bookkeeping."
 *
 *   perf_event_throttle(event):
 *   	event->hw.interrupts = MAX_INTERRUPTS;
 *   -	event->pmu->stop(event, 0);
 *   +	if (!has_aux(event))
 *   +		event->pmu->stop(event, 0);
 *   perf_event_unthrottle(event, start):
 *   	event->hw.interrupts = 0;
 *   -	if (start)
 *   +	if (start && !has_aux(event))
 *   		event->pmu->start(event, 0);
 *
 * has_aux(event) = event->pmu->setup_aux != NULL: every AUX PMU, with or without AUX_PAUSE. The trace
 * keeps running while the counters are throttled (the tradeoff §6 names): the verdict matrix shows it in the
 * AUX halves of R3 and R6 (R3-aux, R6-aux), the properties being the same for every patch.
 */
import { E, str } from "../kernel/interpreter/access.ts";
import { ev, pmuOps } from "../kernel/interpreter/config.ts";
import { setInterrupts } from "../kernel/interpreter/ghost.ts";
import { call, kfn, ret } from "../kernel/interpreter/machine.ts";
import { MAX_INTERRUPTS } from "../kernel/interpreter/state.ts";
import type { Patch } from "./index.ts";

const CITE = "candidate fix C (kernel-semantics.md §6) on kernel/events/core.c";

const perf_event_throttle = kfn({
  name: "perf_event_throttle",
  cite: `${CITE}: perf_event_throttle() — no stop for has_aux(event) — kernel-semantics.md §2.3`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (E(k, e).state !== "ACTIVE") return ret();
      setInterrupts(k, x, e, MAX_INTERRUPTS);
      if (!ev(x.cfg, e).pmu.aux) return call(pmuOps(x, e).stop, { e, flags: 0 }, "log");
      return ret();
    },
    log: () => ret(),
  },
});

const perf_event_unthrottle = kfn({
  name: "perf_event_unthrottle",
  cite: `${CITE}: perf_event_unthrottle() — no start for has_aux(event) — kernel-semantics.md §2.3`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (E(k, e).state !== "ACTIVE") return ret();
      setInterrupts(k, x, e, 0);
      if (f.a.start && !ev(x.cfg, e).pmu.aux) return call(pmuOps(x, e).start, { e, flags: 0 }, "log");
      return ret();
    },
    log: () => ret(),
  },
});

export const fixC: Patch = {
  name: "fix-c",
  description: "candidate fix C (§6): AUX events are exempt from group throttling (interrupts bookkept, no stop/start)",
  overrides: [perf_event_throttle, perf_event_unthrottle],
};
