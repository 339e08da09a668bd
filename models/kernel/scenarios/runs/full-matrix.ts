/**
 * The full verdict matrix: every scenario against every patch, on every AUX PMU and platform where it
 * applies — `npm run check -- --matrix full` (the default `npm run check` runs the standard runs only).
 *
 * Columns: an AUX PMU on the platforms it exists on (MATRIX_COLUMNS). Cells that do not apply — a scenario
 * needing what the PMU lacks (aux-actions without PERF_PMU_CAP_AUX_PAUSE, address filters on arm_spe, an AUX
 * buffer interrupt on ETM over ETR, ...) — are recorded with the one-line reason the model's configuration
 * check gives (InputError). Budgets are the scenario's own, except the adaptations of ADAPTATIONS.
 *
 * Expectations. Each applicable cell's exact violated set (and each property's shortest depth, for the
 * report) is recorded data: full-matrix.json, written by `node --import=tsx
 * models/kernel/scenarios/runs/record-full-matrix.ts` after a complete exploration of every cell. It is
 * reviewed per row — patch × column, the union over the row's scenarios — against ROW_EXPECTATIONS in
 * full-matrix-rows.ts, whose every property carries the mechanism that produces it (a test compares the two,
 * so a recorded set that grows or shrinks fails until a mechanism is named). `--matrix full` then checks each
 * cell against its recorded set: a changed verdict anywhere in the matrix fails the check.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Expectation, StandardRun } from "../../../../src/registry.ts";
import { PATCH_NAMES } from "../../../patches/index.ts";
import { HAND_MADE_SCENARIO_NAMES } from "../scenarios.ts";
import type { Persistence } from "../../violation-persistence.ts";

export interface MatrixColumn {
  /** `<pmu>-<platform>` */
  readonly id: string;
  readonly pmu: "cs_etm" | "arm_spe" | "intel_pt";
  readonly params: { readonly platform: "nmi" | "irq"; readonly pmu_irq_handler: "arm64" | "x86" };
  readonly text: string;
}

export const MATRIX_COLUMNS: readonly MatrixColumn[] = [
  { id: "cs_etm-nmi", pmu: "cs_etm", params: { platform: "nmi", pmu_irq_handler: "arm64" }, text: "CoreSight ETM on arm64 with GICv3 pseudo-NMI (armv8pmu_handle_irq as an NMI)" },
  { id: "cs_etm-irq", pmu: "cs_etm", params: { platform: "irq", pmu_irq_handler: "arm64" }, text: "CoreSight ETM on arm64 with GICv2, e.g. the seed's Juno (the PMU interrupt is an ordinary IRQ)" },
  { id: "arm_spe-nmi", pmu: "arm_spe", params: { platform: "nmi", pmu_irq_handler: "arm64" }, text: "Arm SPE on arm64 with GICv3 pseudo-NMI" },
  { id: "arm_spe-irq", pmu: "arm_spe", params: { platform: "irq", pmu_irq_handler: "arm64" }, text: "Arm SPE on arm64 with GICv2" },
  { id: "intel_pt-x86", pmu: "intel_pt", params: { platform: "nmi", pmu_irq_handler: "x86" }, text: "Intel PT on x86 (the PMI is an NMI, intel_pmu_handle_irq)" },
];

/** PMU × platform pairs the matrix leaves out, and why. */
export const PLATFORMS_LEFT_OUT: readonly string[] = [
  "cs_etm and arm_spe with the x86 handler: Arm PMUs (pmu-interrupt-platforms.ts runs cs_etm with intel_pmu_handle_irq as a what-if, audit X1)",
  "intel_pt with armv8pmu_handle_irq, or as an ordinary IRQ: the x86 PMI is an NMI handled by intel_pmu_handle_irq",
];

/** Budgets a scenario runs with on a PMU that lacks one of its features, and why (other cells: the scenario's budgets). */
export const ADAPTATIONS: Readonly<Record<string, Readonly<Record<string, { readonly params: Readonly<Record<string, number>>; readonly why: string }>>>> = {
  "f4-munmap-detach": {
    arm_spe: { params: { restarts: 0 }, why: "arm_spe has no address filters: the munmaps and the detach without the restart" },
  },
};

export interface MatrixCell {
  readonly id: string;
  readonly scenario: string;
  readonly patch: string;
  readonly column: string;
  readonly params: Readonly<Record<string, string | number>>;
}

/** Every cell of the grid (applicable or not), in a fixed order: scenario, patch, column. */
export function matrixGrid(): MatrixCell[] {
  const out: MatrixCell[] = [];
  for (const scenario of HAND_MADE_SCENARIO_NAMES) {
    for (const patch of PATCH_NAMES) {
      for (const col of MATRIX_COLUMNS) {
        const adapt = ADAPTATIONS[scenario]?.[col.pmu]?.params ?? {};
        out.push({ id: `matrix-${scenario}-${patch}-${col.id}`, scenario, patch, column: col.id, params: { scenario, patch, pmu: col.pmu, ...col.params, ...adapt } });
      }
    }
  }
  return out;
}

/** A recorded cell: not applicable (with the reason), or its complete exploration's figures and violated set. */
export interface RecordedCell {
  readonly id: string;
  readonly notApplicable?: string;
  readonly distinct?: number;
  readonly depth?: number;
  readonly seconds?: number;
  /** property → depth of its shortest violation */
  readonly violated?: Readonly<Record<string, number>>;
  /** R6 / R6-aux: whether the shortest violation is a transient window or stays wrong (violation-persistence.ts) */
  readonly persistence?: Readonly<Record<string, Persistence>>;
}

export const RECORD_FILE = fileURLToPath(new URL("./full-matrix.json", import.meta.url));

export function recordedCells(): ReadonlyMap<string, RecordedCell> {
  const doc = JSON.parse(readFileSync(RECORD_FILE, "utf8")) as { cells: RecordedCell[] };
  return new Map(doc.cells.map((c) => [c.id, c]));
}

function expectationOf(c: RecordedCell): Expectation {
  const violated = Object.keys(c.violated ?? {});
  const source = "recorded full matrix (full-matrix.json; row mechanisms: full-matrix-rows.ts)";
  return violated.length === 0 ? { verdict: "ok", source } : { verdict: "violation", violated, source };
}

/**
 * The matrix's applicable cells as runs, with their recorded expectations. `covered(params)`: a standard run
 * already explores these parameters (it runs instead, with its own expectation).
 */
export function fullMatrixRuns(covered: (params: Readonly<Record<string, string | number>>) => boolean): StandardRun[] {
  const rec = recordedCells();
  const out: StandardRun[] = [];
  for (const cell of matrixGrid()) {
    const r = rec.get(cell.id);
    if (!r) throw new Error(`full matrix: ${cell.id} is not recorded (re-record: node --import=tsx models/kernel/scenarios/runs/record-full-matrix.ts)`);
    if (r.notApplicable !== undefined || covered(cell.params)) continue;
    out.push({ id: cell.id, model: "kernel", scenario: cell.scenario, patch: cell.patch, pmu: String(cell.params.pmu), params: cell.params, expected: expectationOf(r) });
  }
  return out;
}
