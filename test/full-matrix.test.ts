/**
 * The full verdict matrix's data (models/kernel/scenarios/runs/full-matrix.ts): the recording covers exactly the
 * grid, each cell's applicability is what the model's configuration check says now, each row's recorded union is
 * the reviewed ROW_EXPECTATIONS with a described mechanism per property, and the standard runs that explore a
 * matrix cell's parameters expect what the matrix recorded. No exploration here: `npm run check -- --matrix full`
 * explores every cell against its recorded set.
 */
import test from "ava";
import { InputError } from "../src/registry.ts";
import { MATRIX_COLUMNS, matrixGrid, recordedCells } from "../models/kernel/scenarios/runs/full-matrix.ts";
import { ROW_EXPECTATIONS } from "../models/kernel/scenarios/runs/full-matrix-rows.ts";
import { MECHANISMS } from "../models/kernel/scenarios/runs/mechanisms.ts";
import { kernelRuns } from "../models/kernel/scenarios/runs/index.ts";
import { kernelFullMatrixRuns } from "../models/kernel/index.ts";
import { buildKernelConfig, KERNEL_PARAMS } from "../models/kernel/model.ts";

const grid = matrixGrid();
const rec = recordedCells();

test("the recording covers exactly the grid (scenario × patch × column)", (t) => {
  t.deepEqual([...rec.keys()].sort(), grid.map((c) => c.id).sort());
  t.true(grid.length >= 29 * 7 * MATRIX_COLUMNS.length);
});

test("each cell applies or not as the configuration check says now, with its one-line reason", (t) => {
  for (const c of grid) {
    let reason: string | null = null;
    try {
      buildKernelConfig(c.params);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      reason = e.message;
    }
    const r = rec.get(c.id)!;
    t.is(r.notApplicable ?? null, reason, c.id);
    if (reason !== null) t.false(reason.includes("\n"), `${c.id}: one line`);
    else t.truthy(r.violated && r.distinct! > 0, `${c.id}: explored`);
  }
});

test("every row's recorded union is its reviewed set, each property with a described mechanism", (t) => {
  const unions = new Map<string, Set<string>>();
  for (const c of grid) {
    const r = rec.get(c.id)!;
    if (r.notApplicable !== undefined) continue;
    const row = `${c.patch}/${c.column}`;
    const u = unions.get(row) ?? new Set<string>();
    for (const p of Object.keys(r.violated!)) u.add(p);
    unions.set(row, u);
  }
  t.deepEqual([...unions.keys()].sort(), Object.keys(ROW_EXPECTATIONS).sort());
  for (const [row, u] of unions) {
    const want = ROW_EXPECTATIONS[row]!;
    t.deepEqual([...u].sort(), Object.keys(want).sort(), row);
    for (const [p, tag] of Object.entries(want)) t.truthy(MECHANISMS[tag], `${row} ${p}: ${tag} is described`);
  }
});

test("a standard run with a matrix cell's parameters expects exactly what the matrix recorded", (t) => {
  const full = (p: Readonly<Record<string, unknown>>): string => JSON.stringify(KERNEL_PARAMS.map((s) => p[s.name] ?? s.default));
  const byParams = new Map(grid.map((c) => [full(c.params), c]));
  const shared = new Set<string>();
  for (const run of kernelRuns) {
    const c = byParams.get(full(run.params));
    if (!c) continue;
    shared.add(c.id);
    t.deepEqual([...(run.expected.violated ?? [])].sort(), Object.keys(rec.get(c.id)!.violated ?? {}).sort(), `${run.id} = ${c.id}`);
  }
  t.true(shared.size >= 100, `${shared.size} matrix cells are standard runs`);
  const extra = kernelFullMatrixRuns(kernelRuns);
  t.is(extra.length + shared.size, [...rec.values()].filter((r) => r.notApplicable === undefined).length, "--matrix full runs each applicable cell once");
});
