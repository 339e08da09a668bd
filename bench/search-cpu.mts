/**
 * One search in this process, timed in CPU seconds (user + system of the whole process, its GC and
 * compiler threads included): what `npm run bench` compares between two engines. The engine and models
 * are loaded from ROOT, so the same script times an older checkout (`git archive REF`) and this one.
 *
 *   node --import=tsx bench/search-cpu.mts ROOT MODEL 'PARAMS_JSON' [REPS] ['EXPLORE_OPTIONS_JSON']
 *
 * Prints one JSON line per repetition: distinct, generated, depth, the violated properties with their
 * depths, cpu (s), of which the main thread's (mainCpu; the rest is V8's own threads: the optimizing
 * compiler and the GC's helpers; null where Linux's /proc/self/task is missing), wall (s) and the
 * process's peak RSS so far (MB). Only the search is timed (start-up,
 * the model's build and, from the second repetition on, the warm-up are outside it).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [root, modelName, paramsJson, repsArg, optionsJson] = process.argv.slice(2);
if (!root || !modelName || !paramsJson) throw new Error("usage: search-cpu.mts ROOT MODEL PARAMS_JSON [REPS]");
const { explore } = (await import(pathToFileURL(join(root, "src/explore.ts")).href)) as typeof import("../src/explore.ts");
const { modelEntries } = (await import(pathToFileURL(join(root, "models/index.ts")).href)) as typeof import("../models/index.ts");
const entry = modelEntries.find((e) => e.name === modelName);
if (!entry) throw new Error(`no model ${modelName} in ${root}`);
const params = { ...Object.fromEntries(entry.params.map((p) => [p.name, p.default])), ...(JSON.parse(paramsJson) as Record<string, unknown>) };
/** The main thread's CPU seconds so far (utime + stime of /proc/self/task/PID/stat, in clock ticks of 10 ms), or null. */
function mainThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // after "pid (comm) ": state is fields[0], utime fields[11]
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
for (let rep = 0; rep < Number(repsArg ?? 1); rep++) {
  const model = entry.build(params as never);
  const m0 = mainThreadCpu();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = explore(model, JSON.parse(optionsJson ?? "{}") as Parameters<typeof explore>[1]);
  const c = process.cpuUsage(c0);
  const m1 = mainThreadCpu();
  const violated = Object.fromEntries(r.properties.filter((p) => p.verdict === "violated").map((p) => [p.name, p.violation?.depth ?? null]));
  console.log(
    JSON.stringify({
      distinct: r.distinct,
      generated: r.generated,
      depth: r.depth,
      complete: r.complete,
      violated,
      cpu: (c.user + c.system) / 1e6,
      mainCpu: m0 === null || m1 === null ? null : m1 - m0,
      wall: (performance.now() - t0) / 1000,
      rssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}
