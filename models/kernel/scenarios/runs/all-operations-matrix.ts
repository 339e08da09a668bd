/**
 * The all-operations matrix: each patch's budget sweep of the all-operations scenario (scenarios/all-operations.ts)
 * on each AUX PMU (on its main platform: cs_etm and arm_spe on arm64 with pseudo-NMI, intel_pt on x86), one CPU
 * per task, and for the two target patches also per CPU and (cs_etm, fix-c) on two CPUs — recorded by
 * `node --import=tsx models/kernel/scenarios/runs/record-all-operations.ts` into all-operations.json: each
 * step's bound, states and seconds, the largest budget completed, and each property's smallest violating bound
 * (with the depth of its shortest trace) or largest holding bound. The sweeps are cut by time, so the bounds
 * depend on the machine: the figures say how far a sweep got in its limit on the recording machine, never more.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PATCH_NAMES } from "../../../patches/index.ts";
import { MATRIX_COLUMNS } from "./full-matrix.ts";

export interface AllOpsCell {
  readonly id: string;
  readonly patch: string;
  /** a full-matrix column id (`cs_etm-nmi`, ...) */
  readonly column: string;
  readonly scenario: string;
  readonly ncpus: number;
  /** the sweep's time limit, seconds */
  readonly seconds: number;
  readonly params: Readonly<Record<string, string | number>>;
}

/** The patches whose cells run longest (the targets set for the sweeps: fix-c and leo-yan-v1, 5 minutes each on one CPU). */
export const TARGET_PATCHES: readonly string[] = ["fix-c", "leo-yan-v1"];
export const TARGET_SECONDS = 300;
/** Two CPUs, fix-c on cs_etm (the target set for it: 15 minutes). */
export const SMP_SECONDS = 900;
/** Every other patch's cells. */
export const OTHER_SECONDS = 60;
/** The per-CPU scenarios of the target patches. */
export const PER_CPU_SECONDS = 60;

/** The PMU columns swept: each AUX PMU on its main platform. */
export const ALL_OPS_COLUMNS = ["cs_etm-nmi", "arm_spe-nmi", "intel_pt-x86"] as const;

function cell(patch: string, column: string, scenario: string, ncpus: number, seconds: number): AllOpsCell {
  const col = MATRIX_COLUMNS.find((c) => c.id === column)!;
  return { id: `allops-${scenario}-${patch}-${column}`, patch, column, scenario, ncpus, seconds, params: { scenario, patch, pmu: col.pmu, ...col.params, ...(ncpus > 1 ? { ncpus } : {}) } };
}

/** Every cell, in recording order: the targets first (so that a cut recording has them). */
export function allOpsGrid(): AllOpsCell[] {
  const task = (col: string): string => (col.startsWith("arm_spe") ? "all-ops-plain-task" : "all-ops-task");
  const cpu = (col: string): string => (col.startsWith("arm_spe") ? "all-ops-plain-cpu" : "all-ops-cpu");
  const out: AllOpsCell[] = [];
  for (const p of TARGET_PATCHES) for (const c of ALL_OPS_COLUMNS) out.push(cell(p, c, task(c), 1, TARGET_SECONDS));
  out.push(cell("fix-c", "cs_etm-nmi", "all-ops-smp", 2, SMP_SECONDS));
  for (const p of PATCH_NAMES.filter((x) => !TARGET_PATCHES.includes(x))) for (const c of ALL_OPS_COLUMNS) out.push(cell(p, c, task(c), 1, OTHER_SECONDS));
  for (const p of TARGET_PATCHES) for (const c of ALL_OPS_COLUMNS) out.push(cell(p, c, cpu(c), 1, PER_CPU_SECONDS));
  return out;
}

export interface RecordedStep {
  readonly bound: Readonly<Record<string, number>>;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly seconds: number;
  readonly complete: boolean;
  readonly verdict: string;
  /** property → depth of its shortest violation at this bound */
  readonly violated: Readonly<Record<string, number>>;
}

export interface RecordedSweep {
  readonly id: string;
  readonly stopReason: string;
  readonly verdict: string;
  readonly largestComplete: Readonly<Record<string, number>> | null;
  readonly steps: readonly RecordedStep[];
  /** property → its smallest violating bound and that step's shortest depth */
  readonly violated: Readonly<Record<string, { readonly bound: Readonly<Record<string, number>>; readonly depth: number }>>;
  /** property → the largest complete bound under which it holds */
  readonly holds: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** what the run leaves out of "every operation" */
  readonly leftOut: readonly string[];
}

export const ALL_OPS_RECORD_FILE = fileURLToPath(new URL("./all-operations.json", import.meta.url));

export function recordedSweeps(): ReadonlyMap<string, RecordedSweep> {
  const doc = JSON.parse(readFileSync(ALL_OPS_RECORD_FILE, "utf8")) as { sweeps: RecordedSweep[] };
  return new Map(doc.sweeps.map((s) => [s.id, s]));
}
