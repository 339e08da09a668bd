/**
 * Standard runs: the audit's corrections (kernel-semantics-audit.md, Errata X1–X10 of
 * kernel-semantics.md) made visible, each scenario on BOTH platforms (`platform`: nmi = x86 or arm64 with
 * GICv3 pseudo-NMI; irq = arm64 with GICv2, the seed's Juno — audit X9), some also with the x86 handler
 * (`pmu_irq_handler=x86`, audit X1/4c). Spread into the kernel model's runs (scenarios/runs/index.ts), so they run with the
 * default `npm run check` and appear in the verdict matrix with the platform as a dimension.
 *
 * Every expectation is data derived from the reference and the audit (cited per run), never from what
 * the model returns. Where the model found more than the audit lists, the mechanism is named (MECH) with
 * the kernel code it rests on; models/kernel/FIDELITY.md has the table and the disagreements.
 *
 * The platform rule used for every irq expectation (audit X9): an ordinary-IRQ PMU interrupt cannot land
 * inside the tick, an IPI (IOC_PERIOD, the address-filter restart, the irq_work), another IRQ, a
 * context switch, perf_swevent_event's guard(irqsave) or perf_event_aux_pause's scoped_guard(irqsave) —
 * so every mechanism that needs the interrupt INSIDE one of those (F3, E2, E3, STOP_RACE) vanishes, and
 * every mechanism that happens within one interrupt pass or between task-level operations (the seed
 * WARN, §4.1, E5, X2's wrap) stays.
 */
import type { StandardRun } from "../../../../src/registry.ts";

const base = { model: "kernel", pmu: "cs_etm" } as const;

/** The mechanisms behind the expected violations, by tag. */
export const FIDELITY_MECH: Readonly<Record<string, string>> = {
  START_FAIL:
    "a start(L, 0) that fails (the nested begin's WARN_ON_ONCE(nest), ETM's WARN_ON(ctxt->event_data), or no rb) ends at `fail: event->hw.state = PERF_HES_STOPPED` while the core has just unthrottled L (interrupts = 0): nothing restarts it until the group is rescheduled (stuck-stopped, errata X15)",
  SEED: "the seed WARN (kernel-semantics.md §4 steps 3-4): the throttle's stop(L, 0) keeps the transaction open, the tick's unthrottle start(L, 0) begins a second one — WARN_ON_ONCE(nest) (R1), the failed begin orphans the first (R2, §2.9). Needs no interrupt inside another context: every platform.",
  E5_I:
    "E5 route (i) (audit X8, D1, X2, 4c): after a tick (new window), two counters overflow and one arm64 PMU interrupt handles both: the first throttles the group (stop(L, 0) clears event_data, keeps the transaction); the handler still processes the second, stopped counter (no hw.state test), whose account sets interrupts = 1 ≥ max_samples_per_tick = 1 and throttles again: stop(L, 0) finds handle->event set and event_data NULL → WARN_ON(perf_get_aux(handle) != ctxt->event_data) (etm-tracking-stop). One interrupt pass: NMI and IRQ alike.",
  E5_I_X86: "audit 4c: \"x86 skips them, because it checks active_mask\" — intel_pmu_handle_irq/handle_pmi_common skip the counter the throttle stopped earlier in the pass, so E5 route (i) does not exist with the x86 handler; only the seed WARN remains.",
  E5_II:
    "E5 route (ii) (audit X8, D1): the freq-mode counter F throttles the group, then __perf_event_account_interrupt's perf_adjust_period(F, .., disable = true) finds period_left > 8*sample_period and does stop(F, UPDATE) + start(F, RELOAD): F counts with interrupts == MAX (R3 at quiescence, R6 at once — D1: \"keeps counting while interrupts == MAX. That violates R3 for that counter\"); its next overflows wrap MAX → 0 → 1 (X2) and re-throttle the group: stop(L, 0) → etm-tracking-stop. Inside interrupt passes only: NMI and IRQ alike.",
  E5_LEO: "audit X8: \"Leo Yan's patch makes the second throttle a no-op (already paused)\": the re-throttle's perf_event_aux_pause(L, true) finds aux_paused = 1; no tracking WARN. The tick's unthrottle resumes through aux_pause: no second transaction (no R1).",
  E5_II_LEO: "with leo-yan-v1 route (ii)'s second throttle is a no-op (X8), but F itself still counts with interrupts == MAX after perf_adjust_period restarted it (audit D1: R3 for that counter; R6) — the patch does not touch counters",
  F3_B:
    "F3 route (b) (audit X5): the software sibling S's aux_resume runs in perf_swevent_event with IRQs off and takes rb->aux_in_pause_resume; a hardware sibling's PMU NMI throttles the group; under leo-yan-v1 the throttle is perf_event_aux_pause(L, true), which finds the guard held and breaks out (throttle-guard-drop): L keeps tracing with interrupts == MAX (R6 at once, R3 at quiescence). On mainline the throttle is stop(L, 0), which takes no guard: clean.",
  F3_A_IRQ:
    "audit X9: route (a) needs the PMU interrupt inside __perf_event_period (an IPI, IRQs off) to re-enable the PMU and re-throttle while L's resume holds the guard; an ordinary IRQ cannot land there: clean",
  SPE_IRQ:
    "audit D4 / X4 and F5 (§4.5): SPE's throttle stop(0) keeps the transaction; the tick's start(0) WARNs (R1, R2; R7: a PMU without AUX_PAUSE); the PMBIRQ outcomes (TRUNCATED → synchronous irq_work_run → group OFF; FATAL; OK re-begin, with or without space) need no NMI: the same set as on the NMI platform (scenarios/runs/patch-matrix.ts i4-aux-irq-throttled-none-arm_spe)",
  F3_IRQ: "audit X9: \"F3 ... vanish[es]\" on the ordinary-IRQ platform: the PMU interrupt cannot land inside perf_swevent_event's guard(irqsave) / perf_event_aux_pause's irqsave section",
  E2:
    "E2 (audit X6): the address-filter restart (perf_event_stop(L, 1) → __perf_event_stop: stop(L, UPDATE) + start(L, 0), no perf_pmu_disable) runs while P and R count; an R resume lands in etm_event_start after the source was enabled paused and before `ctxt->event_data = event_data` (stored last, §3.1): etm_event_resume is a no-op, L stays paused though the user resumed it (R5). (The pause side is R4's documented lossy window, excluded from R4.) No throttle in this scenario (max_samples_per_tick = 3, two overflows).",
  E2_IRQ: "audit X6/X9: the restart runs as an IPI with IRQs off; an ordinary-IRQ PMU interrupt cannot land in the start window: clean",
  E3:
    "E3 (audit X7, all three conditions): after a throttle, a switch-out and a switch-in (event_sched_in unthrottles without a start of its own), an overflow latched before the tick's perf_pmu_disable is taken as an NMI mid-tick; its armv8pmu_start re-enables PMCR.E (D1), the counter the loop just restarted overflows again and re-throttles the group, and the loop then restarts the remaining counter with interrupts = 0 while L and the first counter are MAX (R3)",
  LEAK_ETM: "§4.1: after a throttle, the switch-out's etm_event_stop(UPDATE) hits the tracking WARN and returns with the transaction open on an INACTIVE event (R2, etm-tracking-stop); the switch-in's start(0) WARNs in begin (R1)",
  STOP_RACE:
    "mainline.ts STOP_RACE (§6 R6, §8.2): a throttle NMI inside an IRQs-off etm_event_stop(UPDATE) after `ctxt->event_data = NULL` (here: a switch-out / the close's event_sched_out / the irq_work's group_sched_out): the throttle's stop(L, 0) returns early and L, resumed, traces with interrupts == MAX until the interrupted stop disables it (R6). NMI platform only.",
  E3_IRQ: "audit X7/X9: E3 needs an NMI platform; on the IRQ platform the latched overflow waits for the tick to finish: no R3/R6 (only §4.1's R1, R2, etm-tracking-stop)",
  E3_X86:
    "audit D1 vs the x86 code: intel_pmu_handle_irq restores the global enable only \"when it's active\" (cpuc->enabled, cleared by x86_pmu_disable), and x86_pmu_handle_irq never touches it: an NMI inside the tick's perf_pmu_disable does not re-enable the PMU, so no counter can overflow mid-loop: E3's R3 does not appear with the x86 handler (the STOP_RACE R6 of the switch-out remains, it needs no re-enable)",
  D64:
    "audit D6.4 (ETM A pause re-begin failure) and X10 (pending_disable): after the trace filled the AUX buffer, a P pause's ETR update flags TRUNCATED (tmc_update_etr_buffer) and its re-begin takes the zero-space branch: pending_disable queued, handle.event = NULL, event_data kept; an R resume then re-enables the source with no open handle, and the next P pause reaches WARN_ON_ONCE(handle->event != event) in etm_event_pause (etm-misc-warn) before the irq_work takes the group OFF. Between interrupt passes: both platforms.",
  D64_RACE:
    "STOP_RACE through the pending disable (model finding): a throttle NMI lands inside the irq_work's group_sched_out → etm_event_stop(UPDATE) after event_data = NULL; the throttle's stop(L, 0) hits WARN_ON(!event_data) and returns while the source runs (R6). NMI platform only.",
  IOC_L:
    "audit D6.5: PERF_EVENT_IOC_PERIOD on the throttled AUX leader: __perf_event_period(L) → stop(L, UPDATE) finds the open transaction and event_data NULL (etm-tracking-stop) → start(L, RELOAD) → begin WARN (R1) and orphan (R2); unthrottle_group(L, true) restarts the siblings",
  IOC_L_E2:
    "model finding (E2-class, beyond audit X6): __perf_event_period does perf_pmu_disable(event->pmu), which for L is the ETM PMU's no-op, so the counters keep running while start(L, RELOAD) is in its window (event_data stored last): an R resume NMI there is lost (R5). NMI platform only (the ioctl runs as an IPI).",
  CLOSE:
    "audit D6.6 / X10: close() of L → __perf_remove_from_context → __event_disable(L, DEAD) → event_sched_out → etm_event_stop(UPDATE); after a throttle that stop hits the tracking WARN and returns with the transaction open, so the DEAD L still owns it (R2, etm-tracking-stop, as §4.1); perf_put_aux_event then puts P and R into ERROR",
  LIMIT:
    "audit claim 4 / X10: PERF_EVENT_IOC_REFRESH(S, 1) on the software sibling: S's overflow takes the event_limit branch — perf_event_disable_inatomic(S) + stop(S, 0); the irq_work (or the next sched-out) puts S, a sibling, OFF alone (__perf_event_disable: only a leader takes its group out). Nothing an invariant forbids; the run's R1/R2 are the seed WARN of C's throttle and the tick.",
  FREQ_LEADER:
    "audit D1 (\"keeps counting while interrupts == MAX. That violates R3 for that counter\"): a lone freq-mode counter throttles itself and perf_adjust_period(.., disable = true) restarts it inside the same interrupt (R6 at once, R3 at quiescence); the tick (ctx->nr_freq > 0, so it walks even without a throttle) unthrottles it with skip_start_event = true and re-adjusts it with stop(UPDATE) + start(RELOAD) (§2.4). Every platform: it all happens inside one interrupt pass.",
  X2_WRAP:
    "audit X2 (same tick window) + §4.4: R's overflow throttles the group and, in the same arm64 pass, P's latched overflow wraps MAX → 0; __perf_event_period(P) then restarts P and skips `if (interrupts == MAX) perf_event_unthrottle_group()`: P counts while L and R are throttled (R3, R6). This needs no interrupt inside the ioctl, so it stays on the IRQ platform (mainline.ts's NMI-inside-the-ioctl route is the NMI platform's second route).",
};

interface Spec {
  readonly id: string;
  readonly scenario: string;
  readonly platform: "nmi" | "irq";
  readonly patch?: string;
  readonly handler?: "x86";
  readonly pmu?: "arm_spe";
  readonly extra?: Readonly<Record<string, number | string | boolean>>;
  readonly violated: readonly string[];
  readonly mech: readonly string[];
  readonly source: string;
}

function run(s: Spec): StandardRun {
  const params: Record<string, number | string | boolean> = { scenario: s.scenario, platform: s.platform, ...(s.extra ?? {}) };
  if (s.patch) params.patch = s.patch;
  if (s.handler) params.pmu_irq_handler = s.handler;
  if (s.pmu) params.pmu = s.pmu;
  const mech = s.mech.map((m) => FIDELITY_MECH[m] ?? m).join(" | ");
  return {
    ...base,
    ...(s.pmu ? { pmu: s.pmu } : {}),
    id: s.id,
    scenario: s.scenario,
    patch: s.patch ?? null,
    params,
    expected: s.violated.length === 0 ? { verdict: "ok", source: `${s.source}; ${mech}` } : { verdict: "violation", violated: s.violated, source: `${s.source}; ${mech}` },
  };
}

const SPECS: readonly Spec[] = [
  // The seed WARN on the seed's own platform (Juno: GIC-400, PMU interrupt an ordinary IRQ; X9: "the seed WARN ... remain[s]").
  { id: "fid-seed-irq", scenario: "seed-coresight-warn", platform: "irq", violated: ["R1", "R2", "stuck-stopped"], mech: ["SEED", "START_FAIL"], source: "kernel-semantics.md §4; audit X9" },
  { id: "fid-seed-mstp1-irq", scenario: "seed-coresight-warn", platform: "irq", extra: { max_samples_per_tick: 1 }, violated: ["R1", "R2", "stuck-stopped", "etm-tracking-stop"], mech: ["SEED", "E5_I", "START_FAIL"], source: "kernel-semantics.md §4; audit X8, X9" },
  // E5 route (i): two members in one arm64 interrupt.
  { id: "fid-e5-i-nmi", scenario: "e5-double-throttle-irq", platform: "nmi", violated: ["R1", "R2", "stuck-stopped", "etm-tracking-stop"], mech: ["E5_I", "SEED", "START_FAIL"], source: "audit X8 (E5 i), D1, X2, 4c; §4" },
  { id: "fid-e5-i-irq", scenario: "e5-double-throttle-irq", platform: "irq", violated: ["R1", "R2", "stuck-stopped", "etm-tracking-stop"], mech: ["E5_I", "SEED", "START_FAIL"], source: "audit X8, X9 (\"E5(i) ... remain\")" },
  { id: "fid-e5-i-x86", scenario: "e5-double-throttle-irq", platform: "nmi", handler: "x86", violated: ["R1", "R2", "stuck-stopped"], mech: ["E5_I_X86", "SEED", "START_FAIL"], source: "audit 4c, D1 (x86 handler)" },
  { id: "fid-e5-i-leo-nmi", scenario: "e5-double-throttle-irq", platform: "nmi", patch: "leo-yan-v1", violated: [], mech: ["E5_LEO"], source: "audit X8 (\"Leo Yan's patch makes the second throttle a no-op\"); kernel-semantics.md §5" },
  { id: "fid-e5-i-leo-irq", scenario: "e5-double-throttle-irq", platform: "irq", patch: "leo-yan-v1", violated: [], mech: ["E5_LEO"], source: "audit X8, X9" },
  // E5 route (ii): a restarted freq-mode sibling.
  { id: "fid-e5-ii-nmi", scenario: "e5-freq-sibling", platform: "nmi", violated: ["R3", "R6", "etm-tracking-stop"], mech: ["E5_II"], source: "audit X8 (E5 ii), D1, X2" },
  { id: "fid-e5-ii-irq", scenario: "e5-freq-sibling", platform: "irq", violated: ["R3", "R6", "etm-tracking-stop"], mech: ["E5_II"], source: "audit X8, D1, X9" },
  { id: "fid-e5-ii-leo-nmi", scenario: "e5-freq-sibling", platform: "nmi", patch: "leo-yan-v1", violated: ["R3", "R6"], mech: ["E5_II_LEO"], source: "audit X8, D1" },
  // F3 route (b): a software sibling holds the guard.
  { id: "fid-f3-b-nmi", scenario: "f3-sw-sibling", platform: "nmi", violated: [], mech: ["F3_B"], source: "kernel-semantics.md §2.8, §5 F3 (mainline control: the throttle takes no guard)" },
  { id: "fid-f3-b-irq", scenario: "f3-sw-sibling", platform: "irq", violated: [], mech: ["F3_B", "F3_IRQ"], source: "§5 F3; audit X9" },
  { id: "fid-f3-b-leo-nmi", scenario: "f3-sw-sibling", platform: "nmi", patch: "leo-yan-v1", violated: ["R3-aux", "R6-aux", "throttle-guard-drop"], mech: ["F3_B"], source: "kernel-semantics.md §5 F3; audit X5 (route b), 10 (F3)" },
  { id: "fid-f3-b-leo-irq", scenario: "f3-sw-sibling", platform: "irq", patch: "leo-yan-v1", violated: [], mech: ["F3_IRQ"], source: "audit X5, X9 (\"F3 ... vanish[es]\")" },
  // F3 route (a) as the patch matrix reaches it (scenarios/runs/patch-matrix.ts F3A: IOC_PERIOD on C with an interrupt latched before the ioctl): gone on the IRQ platform too.
  { id: "fid-f3-a-leo-irq", scenario: "f3-guard-ioc", platform: "irq", patch: "leo-yan-v1", violated: [], mech: ["F3_A_IRQ"], source: "audit X5, X9; scenarios/runs/patch-matrix.ts F3A" },
  // E2 through the address-filter restart.
  { id: "fid-e2-nmi", scenario: "e2-filter-window", platform: "nmi", violated: ["R5"], mech: ["E2"], source: "kernel-semantics.md §5 E2, §3.1, §2.6; audit X6" },
  { id: "fid-e2-irq", scenario: "e2-filter-window", platform: "irq", violated: [], mech: ["E2_IRQ"], source: "audit X6, X9" },
  // E3 with its conditions.
  { id: "fid-e3-nmi", scenario: "e3-tick-rethrottle", platform: "nmi", violated: ["R1", "R2", "R3", "R6", "R6-aux", "stuck-stopped", "etm-tracking-stop"], mech: ["E3", "LEAK_ETM", "STOP_RACE", "START_FAIL"], source: "kernel-semantics.md §5 E3, §4.1; audit X7, D1" },
  { id: "fid-e3-irq", scenario: "e3-tick-rethrottle", platform: "irq", violated: ["R1", "R2", "stuck-stopped", "etm-tracking-stop"], mech: ["E3_IRQ", "LEAK_ETM", "START_FAIL"], source: "audit X7, X9; kernel-semantics.md §4.1" },
  { id: "fid-e3-x86", scenario: "e3-tick-rethrottle", platform: "nmi", handler: "x86", violated: ["R1", "R2", "R6-aux", "stuck-stopped", "etm-tracking-stop"], mech: ["E3_X86", "LEAK_ETM", "STOP_RACE", "START_FAIL"], source: "audit D1, X7; arch/x86/events/intel/core.c intel_pmu_handle_irq" },
  // pending_disable through the AUX buffer filling (ETM), with D6.4's window.
  { id: "fid-etm-full-nmi", scenario: "etm-buffer-full", platform: "nmi", violated: ["R6-aux", "etm-misc-warn"], mech: ["D64", "D64_RACE"], source: "audit D6.3, D6.4, X10; kernel-semantics.md §2.9" },
  { id: "fid-etm-full-irq", scenario: "etm-buffer-full", platform: "irq", violated: ["etm-misc-warn"], mech: ["D64"], source: "audit D6.4, X10, X9" },
  // IOC_PERIOD on the AUX leader itself.
  { id: "fid-ioc-leader-nmi", scenario: "ioc-period-leader", platform: "nmi", violated: ["R1", "R2", "R5", "stuck-stopped", "etm-tracking-stop"], mech: ["IOC_L", "IOC_L_E2", "START_FAIL"], source: "audit D6.5, X10; §2.3 caller 3, §3.1" },
  { id: "fid-ioc-leader-irq", scenario: "ioc-period-leader", platform: "irq", violated: ["R1", "R2", "stuck-stopped", "etm-tracking-stop"], mech: ["IOC_L", "START_FAIL"], source: "audit D6.5, X9" },
  // X2's same-window wrap needs no NMI inside the ioctl.
  { id: "fid-ioc-period-irq", scenario: "ioc-period-throttled", platform: "irq", violated: ["R1", "R2", "R3", "R6", "stuck-stopped"], mech: ["X2_WRAP", "START_FAIL"], source: "kernel-semantics.md §4.4; audit X2, D1, X9" },
  // X4 on an IRQ platform: the PMBIRQ is an ordinary IRQ anyway; F5's seed WARN on SPE stays.
  { id: "fid-spe-pmbirq-irq", scenario: "aux-irq-throttled", platform: "irq", pmu: "arm_spe", violated: ["R1", "R2", "R7", "stuck-stopped"], mech: ["SPE_IRQ", "START_FAIL"], source: "kernel-semantics.md §3.3, §4.5, §5 F5; audit D4, X4, X9" },
  // Closing the AUX leader.
  { id: "fid-close-nmi", scenario: "close-aux-leader", platform: "nmi", violated: ["R2", "R6-aux", "etm-tracking-stop"], mech: ["CLOSE", "STOP_RACE"], source: "audit D6.6, X10; kernel-semantics.md §4.1, §6 R6" },
  { id: "fid-close-irq", scenario: "close-aux-leader", platform: "irq", violated: ["R2", "etm-tracking-stop"], mech: ["CLOSE"], source: "audit D6.6, X10, X9" },
  // The event_limit branch.
  { id: "fid-event-limit-nmi", scenario: "event-limit", platform: "nmi", violated: ["R1", "R2", "stuck-stopped"], mech: ["LIMIT", "SEED", "START_FAIL"], source: "audit claim 4, D6.3, D6.7, X10; §4" },
  { id: "fid-event-limit-irq", scenario: "event-limit", platform: "irq", violated: ["R1", "R2", "stuck-stopped"], mech: ["LIMIT", "SEED", "START_FAIL"], source: "audit claim 4, D6.3, D6.7, X10, X9; §4" },
  // Frequency mode on a leader: the tick's freq walk (nr_freq) and D1's restarted counter.
  { id: "fid-freq-leader-nmi", scenario: "freq-leader-tick", platform: "nmi", violated: ["R3", "R6"], mech: ["FREQ_LEADER"], source: "kernel-semantics.md §2.1 (⚠ X1), §2.4; audit D1, D2" },
  { id: "fid-freq-leader-irq", scenario: "freq-leader-tick", platform: "irq", violated: ["R3", "R6"], mech: ["FREQ_LEADER"], source: "kernel-semantics.md §2.4; audit D1, X9" },
];

export const platformRuns: readonly StandardRun[] = SPECS.map(run);
