/**
 * counter-orphan — a core-PMU counter counts that its driver no longer tracks.
 *
 * What it protects: `pmu->stop()` / `pmu->del()` turn a counter off only while the driver believes it
 * runs (armpmu_stop: `if (!(hwc->state & PERF_HES_STOPPED))`; x86_pmu_stop: `if (test_bit(hwc->idx,
 * cpuc->active_mask))`). A counter enabled in hardware (PMCNTEN/PMINTEN; x86 EVENTSEL.EN) whose owner
 * the driver considers stopped, or whose event is not ACTIVE on this CPU any more (after del), can no
 * longer be stopped by anyone: it keeps counting and interrupting with nobody accounting for it.
 * Reached when a throttle NMI lands inside a start, after `hwc->state = 0` and before the enable
 * (armpmu_start; x86_pmu_start between `__set_bit(idx, active_mask)` and `x86_pmu_enable(event)`): the
 * NMI's stop finds nothing to disable yet and marks the event STOPPED, then the interrupted start
 * enables the counter.
 *
 * Precisely, at a quiescent state, for every CPU c and every counter slot with `en`: some ACTIVE event
 * on c has `hw.idx` = that slot, and its `hw.state` has no PERF_HES_STOPPED.
 * Why quiescent only: start and stop write hw.state and the enable in separate steps.
 * kernel-semantics.md §2.10 (the callback contract: stop() "must deal with already being stopped").
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import { PERF_HES_STOPPED, type KState } from "../../models/kernel/interpreter/state.ts";

export function counterOrphanViolation(s: KState, cfg: Config): string | null {
  for (let c = 0; c < s.cpu.length; c++) {
    for (const [slot, ctr] of Object.entries(s.cpu[c]!.pmu.ctr)) {
      if (!ctr.en) continue;
      const owner = cfg.events.find((e) => {
        const x = s.ev[e.id]!;
        return !e.pmu.aux && x.hw.idx === Number(slot) && x.state === "ACTIVE" && x.oncpu === c;
      });
      if (owner === undefined) return `cpu${c}: counter ${slot} is enabled in hardware, but no ACTIVE event owns it (enabled after its event's stop/del)`;
      if (s.ev[owner.id]!.hw.state & PERF_HES_STOPPED) return `cpu${c}: counter ${slot} counts for ${owner.id}, whose hw.state says STOPPED: every later stop()/del() of it is a no-op`;
    }
  }
  return null;
}

export function COUNTER_ORPHAN(cfg: Config): Property<KState> {
  return {
    name: "counter-orphan",
    kind: "quiescent",
    description: "a counter enabled in hardware is owned by an ACTIVE event on its CPU whose hw.state is not STOPPED (else no stop()/del() can turn it off) — kernel-semantics.md §2.10",
    holds: (s) => counterOrphanViolation(s, cfg) === null,
  };
}
