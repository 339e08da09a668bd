/**
 * `npm run bench`'s thread ceiling: N independent one-thread searches of one kernel scenario on N
 * worker threads of this process at once (the run pool, src/run-pool.ts). Prints the slowest
 * one's seconds. Usage: node --import=tsx bench/two-searches.mts N '{"scenario": ...}'
 */
import { fileURLToPath } from "node:url";
import { runPool } from "../src/run-pool.ts";
import { modelEntries } from "../models/index.ts";

const n = Number(process.argv[2]);
const kernel = modelEntries.find((e) => e.name === "kernel")!;
const params = { ...Object.fromEntries(kernel.params.map((p) => [p.name, p.default])), ...(JSON.parse(process.argv[3]!) as Record<string, unknown>) };
// safety only, as the 2-searcher runs it is the ceiling of (a run checking liveness is searched by one thread)
const job = { model: "kernel", params: params as never, options: { liveness: false } };
const results = await runPool(
  Array.from({ length: n }, () => job),
  { workers: n, modulePath: fileURLToPath(new URL("../models/index.ts", import.meta.url)) },
);
console.log(Math.max(...results.map((r) => ("outcome" in r ? r.outcome.result.seconds : NaN))));
