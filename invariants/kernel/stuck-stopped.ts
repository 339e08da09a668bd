/**
 * stuck-stopped — an event left stopped although nothing throttles it (errata X15; kernel-semantics.md §2.4, §2.5).
 *
 * At a quiescent state: no ACTIVE event has `hw.state` STOPPED while neither it nor its group leader is throttled
 * (`interrupts != MAX_INTERRUPTS`) and no pending disable is queued for it. Such an event is on the PMU for the
 * core but counts or traces nothing, and nothing restarts it: the tick only unthrottles groups whose LEADER has
 * interrupts == MAX (§2.4), and event_sched_in only runs at the next reschedule of the group (§2.5). Examples: the
 * IOC_PERIOD counter wrap on an NMI platform (X15: perf_event_unthrottle(P, false) zeroes P's interrupts and leaves
 * it STOPPED), an AUX event whose start(0) failed on the seed WARN's nested begin, or on a missing rb.
 * Excluded: events with pending_disable (the irq_work takes them OFF), and AUX events whose output user space took
 * away — no ring buffer (`event->rb == NULL` after SET_OUTPUT to -1 or the last munmap: "data will inevitably be
 * lost when set_output is done in mid-air", ring_buffer_attach) or an rb whose AUX area is unmapped
 * (aux_mmap_count == 0: "they won't start any more", perf_mmap_close). Why quiescent only: every stop/start
 * sequence passes through STOPPED.
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import { MAX_INTERRUPTS, PERF_HES_STOPPED, type KState } from "../../models/kernel/interpreter/state.ts";

export function stuckStoppedViolation(s: KState, cfg: Config): string | null {
  for (const info of cfg.events) {
    const e = s.ev[info.id]!;
    if (e.state !== "ACTIVE" || !(e.hw.state & PERF_HES_STOPPED) || e.pending_disable) continue;
    if (info.pmu.aux && (e.rb === null || s.rb[e.rb]!.aux_mmap_count === 0)) continue;
    if (e.hw.interrupts === MAX_INTERRUPTS || s.ev[info.leader]!.hw.interrupts === MAX_INTERRUPTS) continue;
    return `${info.id} is ACTIVE and STOPPED with interrupts = ${e.hw.interrupts} (its group is not throttled): nothing restarts it until it is rescheduled`;
  }
  return null;
}

export function STUCK_STOPPED(cfg: Config): Property<KState> {
  return {
    name: "stuck-stopped",
    kind: "quiescent",
    description: "no ACTIVE event outside a throttled group is left with hw.state STOPPED (the tick restarts only throttled groups) — errata X15, kernel-semantics.md §2.4",
    holds: (s) => stuckStoppedViolation(s, cfg) === null,
  };
}
