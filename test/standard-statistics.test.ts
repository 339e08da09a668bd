/**
 * Every standard run keeps its recorded statistics: distinct, generated, depth, and for each violated
 * property its depth and its trace (the sequence of actions, hashed). The numbers in
 * test/fixtures/standard-runs.json were recorded by the engine before the kernel state was packed into
 * words (commit 3b6ab0e, immer states and the structural fingerprint); a change of representation must
 * not change them. A deliberate change of the model's semantics re-records them
 * (`node --import=tsx test/fixtures/standard-runs.ts`) and says why in its commit.
 */
import test from "ava";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, ROOT } from "./helpers/cli.ts";
import { statisticsOf, type RecordedRun } from "./fixtures/standard-runs.ts";

test("every standard run gives its recorded counts, depths and traces", (t) => {
  const recorded = (JSON.parse(readFileSync(join(ROOT, "test/fixtures/standard-runs.json"), "utf8")) as { runs: RecordedRun[] }).runs;
  const r = cli(["check", "--quiet", "--json"]);
  t.is(r.code, 0, r.stderr);
  const now = new Map(statisticsOf(r.stdout, createHash).map((x) => [x.id, x]));
  t.is(now.size, recorded.length, "the same standard runs");
  const differ: string[] = [];
  for (const want of recorded) {
    const got = now.get(want.id);
    if (!got) differ.push(`${want.id}: missing`);
    else if (JSON.stringify(got) !== JSON.stringify(want)) differ.push(`${want.id}: ${JSON.stringify(want)} → ${JSON.stringify(got)}`);
  }
  t.deepEqual(differ, []);
});
