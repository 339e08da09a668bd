/**
 * The rediscovery table: every finding of the hand-made scenarios (the seed WARN, F1–F5, E1–E5 and the fidelity
 * findings; mechanisms.ts, reports/sashiko-findings.md, FIDELITY.md) looked for in the all-operations sweeps of
 * its patch and PMU column (all-operations.json), which have no scenario of their own for it.
 *
 * FINDINGS is data, written from the hand-made runs' expectations (patch-matrix.ts, mainline.ts, the full matrix's
 * rows): per finding, the cells (patch × column) and the properties its mechanism violates there. A finding is
 * rediscovered in a cell when that cell's all-operations sweep violates every one of those properties: the
 * budget is the smallest step at which all of them are violated, the depth the longest of their shortest traces
 * there. This is rediscovery at the level of properties: the sweep's shortest trace of a property is not
 * classified by mechanism, so where another mechanism violates the same property at a smaller budget (R3 / R6
 * through the lone frequency-mode counter, FREQ_LEADER, in every cell) the table says "masked" — the property is
 * violated from the start, so the sweep cannot tell whether it also finds this route. A finding not rediscovered
 * is explained in models/kernel/NOTE.md, "All operations: findings not rediscovered" (a test checks it is named there).
 */
import { recordedSweeps, allOpsGrid, type RecordedSweep } from "./all-operations-matrix.ts";

export interface Finding {
  /** as the reports name it: "seed WARN", "F1", ..., or the mechanism tag of a fidelity finding */
  readonly name: string;
  /** mechanisms.ts tag */
  readonly mechanism: string;
  /** the hand-made scenario that shows it */
  readonly scenario: string;
  /** where: patch, full-matrix column, the properties its mechanism violates */
  readonly cells: readonly { readonly patch: string; readonly column: string; readonly properties: readonly string[] }[];
}

// prettier-ignore
export const FINDINGS: readonly Finding[] = [
  { name: "seed WARN", mechanism: "SEED", scenario: "seed-coresight-warn", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["R1", "R2"] }, { patch: "none", column: "intel_pt-x86", properties: ["R1", "R2"] }, { patch: "none", column: "arm_spe-nmi", properties: ["R1", "R2"] }] },
  { name: "F1", mechanism: "F1", scenario: "f1-sched-in-leak", cells: [{ patch: "leo-yan-v1", column: "cs_etm-nmi", properties: ["R5"] }, { patch: "leo-yan-v1", column: "intel_pt-x86", properties: ["R5"] }] },
  { name: "F2", mechanism: "F2", scenario: "f2-user-pause-override", cells: [{ patch: "leo-yan-v1", column: "cs_etm-nmi", properties: ["R4"] }, { patch: "leo-yan-v1", column: "intel_pt-x86", properties: ["R4"] }] },
  { name: "F3 (a)", mechanism: "F3A", scenario: "f3-guard-ioc", cells: [{ patch: "leo-yan-v1", column: "cs_etm-nmi", properties: ["throttle-guard-drop"] }] },
  { name: "F3 (b)", mechanism: "F3_B", scenario: "f3-sw-sibling", cells: [{ patch: "leo-yan-v1", column: "cs_etm-nmi", properties: ["throttle-guard-drop"] }, { patch: "leo-yan-v1", column: "intel_pt-x86", properties: ["throttle-guard-drop"] }] },
  { name: "F4", mechanism: "F4_SETOUTPUT", scenario: "f4-set-output", cells: [{ patch: "leo-yan-v1", column: "cs_etm-nmi", properties: ["throttle-no-rb"] }, { patch: "leo-yan-v1", column: "intel_pt-x86", properties: ["throttle-no-rb"] }] },
  { name: "F5", mechanism: "F5", scenario: "f5-throttle-tick", cells: [{ patch: "leo-yan-v1", column: "arm_spe-nmi", properties: ["R1", "R2"] }, { patch: "fix-a", column: "arm_spe-nmi", properties: ["R1", "R2"] }] },
  { name: "E1", mechanism: "E1", scenario: "seed-coresight-warn", cells: [{ patch: "leo-yan-v1", column: "cs_etm-nmi", properties: ["R3-aux", "R6-aux"] }, { patch: "leo-yan-v1", column: "intel_pt-x86", properties: ["R3-aux", "R6-aux"] }] },
  { name: "E2", mechanism: "E2", scenario: "e2-filter-window", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["R5"] }, { patch: "fix-c", column: "cs_etm-nmi", properties: ["R5"] }] },
  { name: "E3", mechanism: "E3", scenario: "e3-tick-rethrottle", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["R3", "R6"] }] },
  { name: "E4", mechanism: "E4_LEAK", scenario: "munmap-orphan", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["munmap-warn"] }, { patch: "none", column: "intel_pt-x86", properties: ["munmap-warn"] }, { patch: "none", column: "arm_spe-nmi", properties: ["munmap-warn"] }] },
  { name: "E5 (i)", mechanism: "E5_I", scenario: "e5-double-throttle-irq", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["etm-tracking-stop"] }] },
  { name: "E5 (ii)", mechanism: "E5_II", scenario: "e5-freq-sibling", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["R3", "R6", "etm-tracking-stop"] }] },
  { name: "sched-out leak (ETM, §4.1)", mechanism: "LEAK_ETM", scenario: "f1-sched-in-leak", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["R1", "R2", "etm-tracking-stop"] }] },
  { name: "sched-out leak (SPE, audit D4)", mechanism: "LEAK_SPE", scenario: "f1-sched-in-leak", cells: [{ patch: "none", column: "arm_spe-nmi", properties: ["R1", "R2"] }] },
  { name: "sched-out leak (PT, §4.2)", mechanism: "LEAK_PT", scenario: "f1-sched-in-leak", cells: [{ patch: "none", column: "intel_pt-x86", properties: ["R2"] }] },
  { name: "stop race (§8.2)", mechanism: "STOP_RACE", scenario: "f1-sched-in-leak", cells: [{ patch: "fix-a", column: "cs_etm-nmi", properties: ["R6-aux"] }, { patch: "fix-a", column: "intel_pt-x86", properties: ["R6-aux"] }] },
  { name: "address-filter restart (§4.3)", mechanism: "RESTART", scenario: "addr-filter-restart", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["R1", "R2", "etm-tracking-start"] }, { patch: "fix-b1", column: "intel_pt-x86", properties: ["R3-aux", "R6-aux"] }] },
  { name: "IOC_PERIOD seed (§4.4)", mechanism: "IOC_SEED", scenario: "ioc-period-throttled", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["R1", "R2"] }] },
  { name: "IOC_PERIOD wrap (audit D1 + X2)", mechanism: "IOC_WRAP", scenario: "f3-guard-ioc", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["R3", "R6"] }] },
  { name: "stuck-stopped after a failed start", mechanism: "START_FAIL", scenario: "seed-coresight-warn", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["stuck-stopped"] }, { patch: "none", column: "arm_spe-nmi", properties: ["stuck-stopped"] }, { patch: "none", column: "intel_pt-x86", properties: ["stuck-stopped"] }] },
  { name: "stuck-stopped after IOC_PERIOD (errata X15)", mechanism: "IOC_STUCK", scenario: "ioc-period-throttled", cells: [{ patch: "fix-c", column: "cs_etm-nmi", properties: ["stuck-stopped"] }, { patch: "fix-c", column: "arm_spe-nmi", properties: ["stuck-stopped"] }, { patch: "fix-c", column: "intel_pt-x86", properties: ["stuck-stopped"] }] },
  { name: "fix C's trade", mechanism: "C_TRADE", scenario: "seed-coresight-warn", cells: [{ patch: "fix-c", column: "cs_etm-nmi", properties: ["R3-aux", "R6-aux"] }, { patch: "fix-c", column: "arm_spe-nmi", properties: ["R3-aux", "R6-aux", "R7"] }, { patch: "fix-c", column: "intel_pt-x86", properties: ["R3-aux", "R6-aux"] }] },
  { name: "unthrottle window", mechanism: "UNTHROTTLE_WINDOW", scenario: "f3-guard-ioc", cells: [{ patch: "fix-b1", column: "arm_spe-nmi", properties: ["R3-aux", "R6-aux"] }, { patch: "fix-b2", column: "arm_spe-nmi", properties: ["R3-aux", "R6-aux"] }] },
  { name: "orphaned transaction, R2 (d)", mechanism: "ORPHAN", scenario: "f4-set-output", cells: [{ patch: "fix-c", column: "cs_etm-nmi", properties: ["R2"] }, { patch: "leo-yan-v1", column: "cs_etm-nmi", properties: ["R2"] }] },
  { name: "output stop on the old rb (errata X14)", mechanism: "X14_OUTPUT_STOP", scenario: "f4-set-output-munmap", cells: [{ patch: "fix-c", column: "cs_etm-nmi", properties: ["munmap-warn", "rb-free-aux-atomic"] }] },
  { name: "B1's double end (SPE)", mechanism: "B1_DOUBLE_END", scenario: "f1-sched-in-leak", cells: [{ patch: "fix-b1", column: "arm_spe-nmi", properties: ["aux-double-end"] }] },
  { name: "B1's PMBIRQ race (SPE)", mechanism: "B1_PMBIRQ_RACE", scenario: "aux-irq-throttled", cells: [{ patch: "fix-b1", column: "arm_spe-nmi", properties: ["R1", "R2"] }] },
  { name: "B1's failing begin (SPE)", mechanism: "B1_FAIL_BEGIN", scenario: "aux-irq-throttled", cells: [{ patch: "fix-b1", column: "arm_spe-nmi", properties: ["rb-free-aux-atomic"] }] },
  { name: "B2's reuse after free", mechanism: "B2_REUSE_FREE", scenario: "f4-munmap-detach", cells: [{ patch: "fix-b2", column: "intel_pt-x86", properties: ["rb-free-aux-atomic"] }] },
  { name: "B1's PT start window", mechanism: "START_WINDOW_B", scenario: "addr-filter-restart", cells: [{ patch: "fix-b1", column: "intel_pt-x86", properties: ["R1", "R2"] }] },
  { name: "B2 across a migration", mechanism: "B2_MIGRATE", scenario: "smp-migrate-throttled", cells: [{ patch: "fix-b2", column: "cs_etm-nmi", properties: ["R1"] }] },
  { name: "the user's pause dropped", mechanism: "USER_GUARD_DROP", scenario: "sw-resume-throttle", cells: [{ patch: "leo-yan-v1", column: "cs_etm-nmi", properties: ["user-pause-dropped"] }] },
  { name: "x86 start WARN", mechanism: "X86_START", scenario: "freq-sibling-tick", cells: [{ patch: "none", column: "intel_pt-x86", properties: ["x86-start-warn"] }] },
  { name: "x86 stop race", mechanism: "X86_STOP_RACE", scenario: "ioc-period-throttled", cells: [{ patch: "none", column: "intel_pt-x86", properties: ["x86-stop-warn"] }] },
  { name: "counter orphan (E3's armpmu_start window)", mechanism: "E3_ORPHAN", scenario: "e3-tick-rethrottle", cells: [{ patch: "none", column: "arm_spe-nmi", properties: ["counter-orphan"] }] },
  { name: "ETM misc WARN (audit D6.4)", mechanism: "D64", scenario: "etm-buffer-full", cells: [{ patch: "none", column: "cs_etm-nmi", properties: ["etm-misc-warn"] }] },
];

/** Properties violated from the start vector of every all-operations sweep by the lone frequency-mode counter (FREQ_LEADER). */
export const MASKING: readonly string[] = ["R3", "R6"];

/**
 * The operations each mechanism needs (from its hand-made scenario and its mechanism text; operations only, not how many
 * overflows): a property first violated at a
 * budget without them was violated by another route first, so the sweep cannot tell whether it also finds this one ("masked").
 * A necessary condition only: meeting it does not prove the sweep's trace is this mechanism's.
 */
// prettier-ignore
export const NEEDS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  SEED: { ticks: 1 }, F1: { switches: 3 }, F2: { ticks: 1 }, F3A: { ioctls: 1 }, F3_B: { sw_events: 1 }, F4_SETOUTPUT: { setoutputs: 1 },
  F5: { ticks: 1 }, E1: {}, E2: { restarts: 1 }, E3: { ticks: 1, switches: 3 }, E4_LEAK: { munmaps: 1 }, E5_I: { ticks: 1 },
  E5_II: {}, LEAK_ETM: { switches: 3 }, LEAK_SPE: { switches: 3 }, LEAK_PT: { switches: 2 }, STOP_RACE: { switches: 2 }, RESTART: { restarts: 1 },
  IOC_SEED: { ioctls: 1 }, IOC_WRAP: { ioctls: 1 }, START_FAIL: { ticks: 1 }, IOC_STUCK: { ioctls: 1 }, C_TRADE: {}, UNTHROTTLE_WINDOW: { ioctls: 1 },
  ORPHAN: { detaches: 1 }, X14_OUTPUT_STOP: { setoutputs: 1, munmaps: 1 }, B1_DOUBLE_END: { switches: 2 }, B1_PMBIRQ_RACE: { auxirqs: 1, ticks: 1 },
  B1_FAIL_BEGIN: { auxirqs: 1 }, B2_REUSE_FREE: { munmaps: 1, detaches: 1 }, START_WINDOW_B: { restarts: 1 }, B2_MIGRATE: { switches: 3 },
  USER_GUARD_DROP: { sw_events: 1 }, X86_START: { ticks: 1 }, X86_STOP_RACE: { ioctls: 1 }, E3_ORPHAN: { ticks: 1, switches: 2 }, D64: { fills: 1 },
};

/**
 * Mechanisms whose precondition the all-operations scenarios lack by construction (a model question, not a budget
 * one; NOTE.md "All operations: findings not rediscovered"): never "rediscovered", "masked" when the properties are
 * violated anyway by another route.
 */
export const LACKS: Readonly<Record<string, string>> = {
  E5_II: "a frequency-mode sibling in the AUX group (the frequency-mode counter is a group of its own, so that close(L) applies)",
  F4_SETOUTPUT: "SET_OUTPUT into another task's CPU-bound rb (two CPUs, the task pinned)",
  X14_OUTPUT_STOP: "SET_OUTPUT into another task's CPU-bound rb (two CPUs, the task pinned)",
  B2_MIGRATE: "fix-b2 on two CPUs (only fix-c is swept on two CPUs)",
};

export interface Rediscovery {
  readonly finding: string;
  readonly mechanism: string;
  readonly patch: string;
  readonly column: string;
  readonly properties: readonly string[];
  /**
   * "rediscovered" (every property violated, first at budgets with the operations the mechanism needs), "masked" (some property
   * first violated at a budget without them: another route), "not rediscovered", "not swept" (no sweep of this cell)
   */
  readonly status: "rediscovered" | "masked" | "not rediscovered" | "not swept";
  readonly scenario: string | null;
  readonly bound: Readonly<Record<string, number>> | null;
  readonly depth: number | null;
  /** the largest budget the sweeps of the cell completed (not rediscovered: how far they looked) */
  readonly searchedUpTo: Readonly<Record<string, number>> | null;
}

/** The step index (in the sweep's order) at which a property is first violated, or -1. */
function firstStep(s: RecordedSweep, property: string): number {
  return s.steps.findIndex((st) => st.violated[property] !== undefined);
}

export function rediscoveries(sweeps: ReadonlyMap<string, RecordedSweep> = recordedSweeps()): Rediscovery[] {
  const grid = allOpsGrid().filter((c) => c.ncpus === 1);
  const out: Rediscovery[] = [];
  for (const f of FINDINGS) {
    for (const c of f.cells) {
      const cells = grid.filter((g) => g.patch === c.patch && g.column === c.column && sweeps.has(g.id));
      const base = { finding: f.name, mechanism: f.mechanism, patch: c.patch, column: c.column, properties: c.properties };
      if (cells.length === 0) {
        out.push({ ...base, status: "not swept", scenario: null, bound: null, depth: null, searchedUpTo: null });
        continue;
      }
      let best: Rediscovery | null = null;
      for (const g of cells) {
        const s = sweeps.get(g.id)!;
        const idx = c.properties.map((p) => firstStep(s, p));
        if (idx.some((i) => i < 0)) continue;
        const at = Math.max(...idx);
        const depth = Math.max(...c.properties.map((p) => s.steps[firstStep(s, p)]!.violated[p]!));
        // a property first violated at a budget without the operations the mechanism needs came from another route
        const needs = NEEDS[f.mechanism] ?? {};
        const masked = f.mechanism in LACKS || c.properties.some((p) => Object.entries(needs).some(([b, v]) => (s.steps[firstStep(s, p)]!.bound[b] ?? 0) < v));
        const r: Rediscovery = { ...base, status: masked ? "masked" : "rediscovered", scenario: g.scenario, bound: s.steps[at]!.bound, depth, searchedUpTo: s.largestComplete };
        if (best === null || (best.status === "masked" && r.status === "rediscovered")) best = r;
      }
      const largest = sweeps.get(cells[0]!.id)!.largestComplete;
      out.push(best ?? { ...base, status: "not rediscovered", scenario: null, bound: null, depth: null, searchedUpTo: largest });
    }
  }
  return out;
}
