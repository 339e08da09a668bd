/**
 * The kernel model's standard runs (part of the default `auxcheck check`), each with its expected
 * verdict kept as data and derived from the REFERENCE (kernel-semantics.md and its audit), not from
 * what the model returns. Where the model found an interleaving the reference does not list, the
 * comment gives the derivation from the reference's own rules and the kernel code it rests on; the
 * expectation is set to the truth.
 *
 * Scenario parameters (scenarios.ts): max_samples_per_tick = 2 (so that §4 steps 1-2, a resume and a
 * pause below the threshold, can happen before the throttling overflow of step 3), 3 overflows, and
 * the scenario's own operations. The `-mstp1` run sets max_samples_per_tick = 1, which E5 needs.
 */
import type { StandardRun } from "../../../../src/registry.ts";
import { MECHANISMS } from "./mechanisms.ts";

const base = { model: "kernel", pmu: "cs_etm" } as const;

/**
 * The NMI-inside-a-stop race found by the model (not in the reference's lists): a PMU NMI (latched
 * before the caller's perf_pmu_disable, or after an earlier NMI's armv8pmu_start re-enabled PMCR.E
 * — audit D1/X1) lands inside etm_event_stop(UPDATE) of a switch-out or a munmap, after
 * `ctxt->event_data = NULL` and before the transaction is ended. The throttle's stop(L, 0) takes
 * the tracking WARN's early return (§3.1), so L, resumed by R, keeps tracing with
 * interrupts == MAX until the interrupted stop disables the source: R6 (§6: "must hold under every
 * interrupted context"; §8.2: an NMI may preempt between any two steps of IRQs-off task code).
 */
/** stuck-stopped after every failed start(L, 0), and the NMI-inside-a-stop race (mechanisms.ts). */
const START_FAIL = `stuck-stopped: ${MECHANISMS.START_FAIL}`;
const STOP_RACE = MECHANISMS.STOP_RACE!;

/**
 * armpmu_start's window (drivers/perf/arm_pmu.c armpmu_start(), lordspline/linux @3c73a8d3: `hwc->state = 0;
 * armpmu_event_set_period(event); armpmu->enable(event);`): a throttle NMI between the state write and the
 * enable finds hw.state == 0, so its armpmu_stop "disables" the counter that is not enabled yet and sets
 * STOPPED|UPTODATE; the enable then turns the counter on behind a STOPPED hw.state, and every later stop()
 * — armpmu_del's included — is a no-op: the counter counts for an event its driver believes stopped
 * (counter-orphan). It needs an NMI inside a counter start: an overflow latched before the caller's
 * perf_pmu_disable, or a PMCR.E re-enabled by an earlier NMI's armv8pmu_start (audit D1).
 */
export const ARMPMU_START_WINDOW =
  "armpmu_start's window (arm_pmu.c: hwc->state = 0; armpmu_event_set_period(); armpmu->enable()): a throttle NMI after the state write finds nothing enabled, sets STOPPED|UPTODATE, and the enable then turns the counter on behind STOPPED (counter-orphan)";

export const mainlineRuns: readonly StandardRun[] = [
  {
    ...base,
    id: "kernel-seed-coresight-warn",
    scenario: "seed-coresight-warn",
    patch: null,
    params: { scenario: "seed-coresight-warn" },
    expected: {
      verdict: "violation",
      // R1: the seed WARN, tick → perf_event_unthrottle → etm_event_start → perf_aux_output_begin (§4 step 4).
      // R2: the failed begin clears handle.event of the earlier, still open transaction; aux_nest stays 1 (§2.9, §4 step 4).
      violated: ["R1", "R2", "stuck-stopped"],
      source: `kernel-semantics.md §4 steps 0-4, §2.9; ${START_FAIL}`,
    },
  },
  {
    ...base,
    id: "kernel-seed-coresight-warn-mstp1",
    scenario: "seed-coresight-warn",
    patch: null,
    params: { scenario: "seed-coresight-warn", max_samples_per_tick: 1 },
    expected: {
      verdict: "violation",
      // As above, plus E5 (audit X8): after a tick, R and P latched in one arm64 PMU interrupt both
      // reach max_samples_per_tick == 1 (new tick window: interrupts = 1), so the group is throttled
      // twice; the second stop(L, 0) finds the handle open and event_data NULL → tracking WARN.
      violated: ["R1", "R2", "stuck-stopped", "etm-tracking-stop"],
      source: `kernel-semantics.md §4, §2.9; audit X8 (E5(i)), D1/X1-X2; ${START_FAIL}`,
    },
  },
  {
    ...base,
    id: "kernel-seed-ticks-unbounded",
    scenario: "seed-coresight-warn",
    patch: null,
    params: { scenario: "seed-coresight-warn", ticks_unbounded: true },
    expected: {
      verdict: "violation",
      // The seed with the tick left to run forever (its sequence counters kept relative: model.ts
      // keepTickSequenceRelative), so that the liveness properties are judged on infinite behaviours.
      // R1, R2, stuck-stopped as in the seed. eventually-resumed: the failed begin of §4 step 4 leaves L ACTIVE
      // with hw.state STOPPED and no throttle (interrupts reset by the unthrottle); the tick restarts only
      // throttled groups (errata X15, §2.4: perf_adjust_freq_unthr_events acts on hw.interrupts == MAX), so
      // however many ticks come, nothing restarts L's trace: the lasso's cycle is ticks that find nothing to do.
      violated: ["R1", "R2", "stuck-stopped", "eventually-resumed"],
      source: `kernel-semantics.md §4 step 4, §2.3, §2.4, §2.8; errata X15; ${START_FAIL}`,
    },
  },
  {
    ...base,
    id: "kernel-seed-revert-9734e25fbf5a",
    scenario: "seed-coresight-warn",
    patch: "revert-9734e25fbf5a",
    params: { scenario: "seed-coresight-warn", patch: "revert-9734e25fbf5a" },
    expected: {
      verdict: "violation",
      // No R1, no ETM WARN: only the overflowing counter is marked MAX; the AUX leader is never
      // stop(0)-ed nor start(0)-ed by throttling (§2.3; the seed patch's commit message).
      // R3, R6: the group is not throttled — exactly what 9734e25fbf5a added (§2.1) — and on v7.1-rc1
      // not even the overflowing counter stops, since the PMU handlers no longer stop it when
      // perf_event_overflow() returns 1 (audit D1/X1; that removal is a later commit of the series).
      violated: ["R3", "R3-aux", "R6", "R6-aux"],
      source: "kernel-semantics.md §2.1, §2.3; audit D1/X1",
    },
  },
  {
    ...base,
    id: "kernel-seed-etm-variant-b",
    scenario: "seed-coresight-warn",
    patch: null,
    params: { scenario: "seed-coresight-warn", etm_variant: "B" },
    expected: {
      verdict: "ok",
      // "With B, throttle stop(0) + unthrottle start(0) is balanced (no WARN), at the cost of dropped data."
      source: "kernel-semantics.md §3.2",
    },
  },
  {
    ...base,
    id: "kernel-switch-before-tick",
    scenario: "switch-before-tick",
    patch: null,
    params: { scenario: "switch-before-tick" },
    expected: {
      verdict: "violation",
      // §4.1: switch-out after the throttle: del → stop(UPDATE) hits the tracking WARN and returns
      // with the transaction open while L goes INACTIVE (R2); the switch-in's start(0) WARNs in begin (R1).
      // R6: STOP_RACE in the switch-out's etm_event_stop.
      violated: ["R1", "R2", "R6-aux", "stuck-stopped", "etm-tracking-stop"],
      source: `kernel-semantics.md §4.1; R6: ${STOP_RACE}; ${START_FAIL}`,
    },
  },
  {
    ...base,
    id: "kernel-switch-before-tick-mstp1",
    scenario: "switch-before-tick",
    patch: null,
    params: { scenario: "switch-before-tick", max_samples_per_tick: 1, ticks: 2 },
    expected: {
      verdict: "violation",
      // §4.1 as above. R3, R6: E3 (audit X7, all its conditions hold here: an NMI platform,
      // max_samples_per_tick == 1, an overflow latched before the tick's perf_pmu_disable): that NMI's
      // armv8pmu_start re-enables PMCR.E mid-loop (D1), P — just restarted by the loop — overflows again
      // in the new tick window and re-throttles the group, and the loop then restarts R with
      // interrupts == MAX while L and P stay throttled. (The switch-out race of the run above needs a
      // below-threshold resume, impossible with max_samples_per_tick == 1.)
      // counter-orphan: the mid-loop re-throttle NMI lands inside the loop's armpmu_start(R) after
      // `hwc->state = 0` and before the enable: R ends up counting with hw.state STOPPED (ARMPMU_START_WINDOW).
      violated: ["R1", "R2", "R3", "R6", "stuck-stopped", "etm-tracking-stop", "counter-orphan"],
      source: `kernel-semantics.md §4.1; audit X7 (E3), D1; ${START_FAIL}; counter-orphan: ${ARMPMU_START_WINDOW}`,
    },
  },
  {
    ...base,
    id: "kernel-addr-filter-restart",
    scenario: "addr-filter-restart",
    patch: null,
    params: { scenario: "addr-filter-restart" },
    expected: {
      verdict: "violation",
      // §4.3: restart while throttled: stop(UPDATE) → tracking WARN; start(0) → begin WARN; orphan (R1, R2).
      // R3, R6: an NMI throttle between the restart's stop and start (or inside etm_event_start before
      // event_data is stored, where the throttle's stop takes the tracking-WARN return): start(0)
      // restarts L while interrupts == MAX — "the event also restarts without being unthrottled"
      // (§4.3, §2.6: no perf_pmu_disable on this path; audit X6: the NMI-platform route).
      // R5: E2's window, resume side: a below-threshold R overflow lands after the source was enabled
      // paused and before event_data is stored; etm_event_resume is a no-op there (§3.1), so L stays
      // paused though the user resumed it.
      // etm-tracking-start: after a throttle NMI in that window (its stop returned on the tracking
      // WARN), event_data is stored anyway and the tick's start(L, 0) finds it set.
      violated: ["R1", "R2", "R3-aux", "R5", "R6-aux", "stuck-stopped", "etm-tracking-stop", "etm-tracking-start"],
      source: `kernel-semantics.md §4.3, §2.6, §3.1 (event_data stored last), §5 E2; audit X6; ${START_FAIL}`,
    },
  },
  {
    ...base,
    id: "kernel-ioc-period-throttled",
    scenario: "ioc-period-throttled",
    patch: null,
    params: { scenario: "ioc-period-throttled" },
    expected: {
      verdict: "violation",
      // §4.4: __perf_event_period(P) → perf_event_unthrottle_group(P, true) → start(L, 0) → begin WARN (R1, R2).
      // R3, R6 (not in the reference's §4.4, derived from the audit): a throttle NMI inside
      // __perf_event_period re-enables PMCR.E on exit (armv8pmu_start, audit D1: "an IPI in
      // __perf_event_period"), the restarted P overflows again in the same tick window and its
      // interrupts wrap MAX → 0 (audit X2), so `if (event->hw.interrupts == MAX_INTERRUPTS)
      // perf_event_unthrottle_group()` is skipped: L and R stay throttled while P counts.
      // counter-orphan: R's overflow latched before the ioctl's perf_pmu_disable is taken inside
      // __perf_event_period's armpmu_start(P, RELOAD), after `hwc->state = 0`: its throttle marks P STOPPED
      // and the start enables P anyway; P's next overflow wraps MAX → 0, so nothing restarts or stops it.
      violated: ["R1", "R2", "R3", "R6", "stuck-stopped", "counter-orphan"],
      source: `kernel-semantics.md §4.4, §2.3; R3/R6: audit D1 + X2; ${START_FAIL}; counter-orphan: ${ARMPMU_START_WINDOW}`,
    },
  },
  {
    ...base,
    id: "kernel-munmap-orphan",
    scenario: "munmap-orphan",
    patch: null,
    params: { scenario: "munmap-orphan" },
    expected: {
      verdict: "violation",
      // E4: after the tick's WARN, munmap's rb_free_aux leaves aux_refcount = 1 → WARN_ON_ONCE in perf_mmap_close.
      // etm-tracking-stop: a munmap between the throttle and the tick stops L with stop(UPDATE)
      // (perf_pmu_output_stop, §2.6), which hits the tracking WARN as §4.1 / §4.3 do.
      // R6: STOP_RACE in the munmap's etm_event_stop.
      // etm-misc-warn: audit D6.4's pause re-begin failure: during the munmap (aux_mmap_count == 0)
      // an NMI pause ends the transaction and cannot re-begin (handle.event = NULL, event_data
      // still set); a throttle NMI between the munmap stop's `event_data = NULL` and
      // `hw.state = STOPPED` then hits WARN_ON(!event_data) in etm_event_stop.
      violated: ["R1", "R2", "R6-aux", "stuck-stopped", "etm-tracking-stop", "etm-misc-warn", "munmap-warn"],
      source: `kernel-semantics.md §4 step 6, §2.9, E4, §2.6; audit D6.4; R6: ${STOP_RACE}; ${START_FAIL}`,
    },
  },
];
