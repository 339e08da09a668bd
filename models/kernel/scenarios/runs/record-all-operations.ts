/**
 * Records the all-operations matrix (all-operations-matrix.ts): each cell's budget sweep, one after another on
 * this thread (one core: the machine may be shared), written to all-operations.json after each cell (a cut
 * recording keeps the cells done). Run: `node --import=tsx models/kernel/scenarios/runs/record-all-operations.ts
 * [ID-SUBSTRING...]` (only the cells whose id contains one of them; the others keep their recorded sweep).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runOne } from "../../../../src/runner.ts";
import { sweep } from "../../../../src/sweep.ts";
import { sweepVerdict } from "../../../../src/sweep-output.ts";
import { kernelEntry } from "../../index.ts";
import { KERNEL_PARAMS } from "../../model.ts";
import { allOpsGrid, ALL_OPS_RECORD_FILE, type RecordedSweep } from "./all-operations-matrix.ts";

function write(sweeps: ReadonlyMap<string, RecordedSweep>): void {
  const ordered = allOpsGrid().flatMap((c) => (sweeps.has(c.id) ? [sweeps.get(c.id)!] : []));
  writeFileSync(ALL_OPS_RECORD_FILE, `{"sweeps":[\n${ordered.map((s) => JSON.stringify(s)).join(",\n")}\n]}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2);
  const old: RecordedSweep[] = existsSync(ALL_OPS_RECORD_FILE) ? (JSON.parse(readFileSync(ALL_OPS_RECORD_FILE, "utf8")) as { sweeps: RecordedSweep[] }).sweeps : [];
  const sweeps = new Map(old.map((s) => [s.id, s]));
  const spec = kernelEntry.budgetSweep!;
  for (const c of allOpsGrid()) {
    if (only.length > 0 && !only.some((o) => c.id.includes(o))) continue;
    const params = { ...Object.fromEntries(KERNEL_PARAMS.map((p) => [p.name, p.default])), ...c.params };
    const dimensions = spec.dimensions(params);
    process.stderr.write(`${c.id}: ${c.seconds} s\n`);
    const r = await sweep(params, { dimensions, seconds: c.seconds }, (p, left) => runOne(kernelEntry, p, { timeoutSeconds: left }));
    const steps = r.steps.map((s) => ({
      bound: s.bound,
      distinct: s.outcome.result.distinct,
      generated: s.outcome.result.generated,
      depth: s.outcome.result.depth,
      seconds: Math.round(s.outcome.result.seconds * 10) / 10,
      complete: s.complete,
      verdict: s.outcome.verdict,
      violated: Object.fromEntries(s.outcome.result.properties.filter((p) => p.violation).map((p) => [p.name, p.violation!.depth])),
    }));
    for (const s of steps) process.stderr.write(`  ${JSON.stringify(s.bound)} ${s.distinct} states ${s.seconds} s ${s.complete ? s.verdict : "CUT"}\n`);
    sweeps.set(c.id, {
      id: c.id,
      stopReason: r.stopReason,
      verdict: sweepVerdict(r),
      largestComplete: r.largestComplete,
      steps,
      violated: Object.fromEntries(r.verdicts.filter((v) => v.violatedAt !== null).map((v) => [v.property, { bound: v.violatedAt!, depth: v.depth! }])),
      holds: Object.fromEntries(r.verdicts.filter((v) => v.violatedAt === null && v.holdsUpTo !== null).map((v) => [v.property, v.holdsUpTo!])),
      leftOut: spec.leftOut(params),
    });
    write(sweeps);
  }
  process.stderr.write(`wrote ${ALL_OPS_RECORD_FILE}\n`);
}
