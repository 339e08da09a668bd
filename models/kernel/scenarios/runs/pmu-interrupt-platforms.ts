/**
 * Standard runs: the audit's corrections (kernel-semantics-audit.md, Errata X1–X10 of
 * kernel-semantics.md) made visible, each scenario on BOTH platforms (`platform`: nmi = x86 or arm64 with
 * GICv3 pseudo-NMI; irq = arm64 with GICv2, the seed's Juno — audit X9), some also with the x86 handler
 * (`pmu_irq_handler=x86`, audit X1/4c). Spread into the kernel model's runs (scenarios/runs/index.ts), so they run with the
 * default `npm run check` and appear in the verdict matrix with the platform as a dimension.
 *
 * Every expectation is data derived from the reference and the audit (cited per run), never from what
 * the model returns. Where the model found more than the audit lists, the mechanism is named (mechanisms.ts) with
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
import { mechanismText } from "./mechanisms.ts";

const base = { model: "kernel", pmu: "cs_etm" } as const;


interface Spec {
  readonly id: string;
  readonly scenario: string;
  readonly platform: "nmi" | "irq";
  readonly patch?: string;
  readonly handler?: "x86";
  readonly pmu?: "arm_spe" | "intel_pt";
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
  const mech = mechanismText(s.mech);
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
  { id: "platform-seed-irq", scenario: "seed-coresight-warn", platform: "irq", violated: ["R1", "R2", "stuck-stopped"], mech: ["SEED", "START_FAIL"], source: "kernel-semantics.md §4; audit X9" },
  { id: "platform-seed-mstp1-irq", scenario: "seed-coresight-warn", platform: "irq", extra: { max_samples_per_tick: 1 }, violated: ["R1", "R2", "stuck-stopped", "etm-tracking-stop"], mech: ["SEED", "E5_I", "START_FAIL"], source: "kernel-semantics.md §4; audit X8, X9" },
  // E5 route (i): two members in one arm64 interrupt.
  { id: "platform-e5-i-nmi", scenario: "e5-double-throttle-irq", platform: "nmi", violated: ["R1", "R2", "stuck-stopped", "etm-tracking-stop"], mech: ["E5_I", "SEED", "START_FAIL"], source: "audit X8 (E5 i), D1, X2, 4c; §4" },
  { id: "platform-e5-i-irq", scenario: "e5-double-throttle-irq", platform: "irq", violated: ["R1", "R2", "stuck-stopped", "etm-tracking-stop"], mech: ["E5_I", "SEED", "START_FAIL"], source: "audit X8, X9 (\"E5(i) ... remain\")" },
  { id: "platform-e5-i-x86", scenario: "e5-double-throttle-irq", platform: "nmi", handler: "x86", violated: ["R1", "R2", "stuck-stopped"], mech: ["E5_I_X86", "SEED", "START_FAIL"], source: "audit 4c, D1 (x86 handler)" },
  { id: "platform-e5-i-leo-nmi", scenario: "e5-double-throttle-irq", platform: "nmi", patch: "leo-yan-v1", violated: [], mech: ["E5_LEO"], source: "audit X8 (\"Leo Yan's patch makes the second throttle a no-op\"); kernel-semantics.md §5" },
  { id: "platform-e5-i-leo-irq", scenario: "e5-double-throttle-irq", platform: "irq", patch: "leo-yan-v1", violated: [], mech: ["E5_LEO"], source: "audit X8, X9" },
  // E5 route (ii): a restarted freq-mode sibling.
  { id: "platform-e5-ii-nmi", scenario: "e5-freq-sibling", platform: "nmi", violated: ["R3", "R6", "etm-tracking-stop"], mech: ["E5_II"], source: "audit X8 (E5 ii), D1, X2" },
  { id: "platform-e5-ii-irq", scenario: "e5-freq-sibling", platform: "irq", violated: ["R3", "R6", "etm-tracking-stop"], mech: ["E5_II"], source: "audit X8, D1, X9" },
  { id: "platform-e5-ii-leo-nmi", scenario: "e5-freq-sibling", platform: "nmi", patch: "leo-yan-v1", violated: ["R3", "R6"], mech: ["E5_II_LEO"], source: "audit X8, D1" },
  { id: "platform-e5-ii-x86", scenario: "e5-freq-sibling", platform: "nmi", handler: "x86", pmu: "intel_pt", violated: ["R3", "R6"], mech: ["X86_E5_II"], source: "audit X8 (E5 ii), D1, X1; arch/x86/events/core.c, intel/pt.c pt_event_stop" },
  // F3 route (b): a software sibling holds the guard.
  { id: "platform-f3-b-nmi", scenario: "f3-sw-sibling", platform: "nmi", violated: [], mech: ["F3_B"], source: "kernel-semantics.md §2.8, §5 F3 (mainline control: the throttle takes no guard)" },
  { id: "platform-f3-b-irq", scenario: "f3-sw-sibling", platform: "irq", violated: [], mech: ["F3_B", "F3_IRQ"], source: "§5 F3; audit X9" },
  { id: "platform-f3-b-leo-nmi", scenario: "f3-sw-sibling", platform: "nmi", patch: "leo-yan-v1", violated: ["R3-aux", "R6-aux", "throttle-guard-drop"], mech: ["F3_B"], source: "kernel-semantics.md §5 F3; audit X5 (route b), 10 (F3)" },
  { id: "platform-f3-b-leo-irq", scenario: "f3-sw-sibling", platform: "irq", patch: "leo-yan-v1", violated: [], mech: ["F3_IRQ"], source: "audit X5, X9 (\"F3 ... vanish[es]\")" },
  // F3 route (a) as the patch matrix reaches it (scenarios/runs/patch-matrix.ts F3A: IOC_PERIOD on C with an interrupt latched before the ioctl): gone on the IRQ platform too.
  { id: "platform-f3-a-leo-irq", scenario: "f3-guard-ioc", platform: "irq", patch: "leo-yan-v1", violated: [], mech: ["F3_A_IRQ"], source: "audit X5, X9; scenarios/runs/patch-matrix.ts F3A" },
  // E2 through the address-filter restart.
  { id: "platform-e2-nmi", scenario: "e2-filter-window", platform: "nmi", violated: ["R5"], mech: ["E2_FILTER_WINDOW"], source: "kernel-semantics.md §5 E2, §3.1, §2.6; audit X6" },
  { id: "platform-e2-irq", scenario: "e2-filter-window", platform: "irq", violated: [], mech: ["E2_IRQ"], source: "audit X6, X9" },
  // E3 with its conditions.
  { id: "platform-e3-nmi", scenario: "e3-tick-rethrottle", platform: "nmi", violated: ["R1", "R2", "R3", "R6", "R6-aux", "stuck-stopped", "etm-tracking-stop", "counter-orphan"], mech: ["E3", "LEAK_ETM", "STOP_RACE", "START_FAIL", "E3_ORPHAN"], source: "kernel-semantics.md §5 E3, §4.1; audit X7, D1" },
  { id: "platform-e3-irq", scenario: "e3-tick-rethrottle", platform: "irq", violated: ["R1", "R2", "stuck-stopped", "etm-tracking-stop"], mech: ["E3_IRQ", "LEAK_ETM", "START_FAIL"], source: "audit X7, X9; kernel-semantics.md §4.1" },
  { id: "platform-e3-x86", scenario: "e3-tick-rethrottle", platform: "nmi", handler: "x86", violated: ["R1", "R2", "R6-aux", "stuck-stopped", "etm-tracking-stop", "x86-stop-warn"], mech: ["E3_X86", "LEAK_ETM", "STOP_RACE", "START_FAIL", "X86_STOP_RACE"], source: "audit D1, X7; arch/x86/events/intel/core.c intel_pmu_handle_irq" },
  // pending_disable through the AUX buffer filling (ETM), with D6.4's window.
  { id: "platform-etm-full-nmi", scenario: "etm-buffer-full", platform: "nmi", violated: ["R6-aux", "etm-misc-warn"], mech: ["D64", "D64_RACE"], source: "audit D6.3, D6.4, X10; kernel-semantics.md §2.9" },
  { id: "platform-etm-full-irq", scenario: "etm-buffer-full", platform: "irq", violated: ["etm-misc-warn"], mech: ["D64"], source: "audit D6.4, X10, X9" },
  // IOC_PERIOD on the AUX leader itself.
  { id: "platform-ioc-leader-nmi", scenario: "ioc-period-leader", platform: "nmi", violated: ["R1", "R2", "R5", "stuck-stopped", "etm-tracking-stop"], mech: ["IOC_L", "IOC_L_E2", "START_FAIL"], source: "audit D6.5, X10; §2.3 caller 3, §3.1" },
  { id: "platform-ioc-leader-irq", scenario: "ioc-period-leader", platform: "irq", violated: ["R1", "R2", "stuck-stopped", "etm-tracking-stop"], mech: ["IOC_L", "START_FAIL"], source: "audit D6.5, X9" },
  // X2's same-window wrap needs no NMI inside the ioctl.
  { id: "platform-ioc-period-irq", scenario: "ioc-period-throttled", platform: "irq", violated: ["R1", "R2", "R3", "R6", "stuck-stopped"], mech: ["X2_WRAP", "START_FAIL"], source: "kernel-semantics.md §4.4; audit X2, D1, X9" },
  // X4 on an IRQ platform: the PMBIRQ is an ordinary IRQ anyway; F5's seed WARN on SPE stays.
  { id: "platform-spe-pmbirq-irq", scenario: "aux-irq-throttled", platform: "irq", pmu: "arm_spe", violated: ["R1", "R2", "R7", "stuck-stopped"], mech: ["SPE_IRQ", "START_FAIL"], source: "kernel-semantics.md §3.3, §4.5, §5 F5; audit D4, X4, X9" },
  // Closing the AUX leader.
  { id: "platform-close-nmi", scenario: "close-aux-leader", platform: "nmi", violated: ["R2", "R6-aux", "etm-tracking-stop"], mech: ["CLOSE", "STOP_RACE"], source: "audit D6.6, X10; kernel-semantics.md §4.1, §6 R6" },
  { id: "platform-close-irq", scenario: "close-aux-leader", platform: "irq", violated: ["R2", "etm-tracking-stop"], mech: ["CLOSE"], source: "audit D6.6, X10, X9" },
  // The event_limit branch.
  { id: "platform-event-limit-nmi", scenario: "event-limit", platform: "nmi", violated: ["R1", "R2", "stuck-stopped"], mech: ["LIMIT", "SEED", "START_FAIL"], source: "audit claim 4, D6.3, D6.7, X10; §4" },
  { id: "platform-event-limit-irq", scenario: "event-limit", platform: "irq", violated: ["R1", "R2", "stuck-stopped"], mech: ["LIMIT", "SEED", "START_FAIL"], source: "audit claim 4, D6.3, D6.7, X10, X9; §4" },
  // Frequency mode on a leader: the tick's freq walk (nr_freq) and D1's restarted counter.
  { id: "platform-freq-leader-nmi", scenario: "freq-leader-tick", platform: "nmi", violated: ["R3", "R6"], mech: ["FREQ_LEADER"], source: "kernel-semantics.md §2.1 (⚠ X1), §2.4; audit D1, D2" },
  { id: "platform-freq-leader-irq", scenario: "freq-leader-tick", platform: "irq", violated: ["R3", "R6"], mech: ["FREQ_LEADER"], source: "kernel-semantics.md §2.4; audit D1, X9" },
  { id: "platform-freq-leader-x86", scenario: "freq-leader-tick", platform: "nmi", handler: "x86", pmu: "intel_pt", violated: ["R3", "R6"], mech: ["X86_FREQ_LEADER"], source: "kernel-semantics.md §2.4; audit D1, X1; arch/x86/events/core.c x86_pmu_start" },
];

export const platformRuns: readonly StandardRun[] = SPECS.map(run);
