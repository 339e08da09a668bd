import test from "ava";
import { reportGenerators } from "../models/index.ts";
import { orphanReports, staleReports } from "../src/reports.ts";

// reports/ is generated (npm run report) and committed; it must say what the code says now.
test("reports/ is fresh: every generated report equals the committed file", async (t) => {
  const stale = await staleReports(reportGenerators);
  t.deepEqual(stale, [], `stale reports (run npm run report): ${stale.join(", ")}`);
  const orphans = await orphanReports(reportGenerators);
  t.deepEqual(orphans, [], `reports no generator writes any more (delete them): ${orphans.join(", ")}`);
});
