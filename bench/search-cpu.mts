/**
 * One search in this process, timed in CPU seconds (user + system of the whole process, its GC and
 * compiler threads included): what `npm run bench` compares between two engines. The engine and models
 * are loaded from ROOT, so the same script times an older checkout (`git archive REF`) and this one.
 *
 *   node --import=tsx bench/search-cpu.mts ROOT MODEL 'PARAMS_JSON' [REPS] ['EXPLORE_OPTIONS_JSON'] [profile]
 *
 * Prints one JSON line per repetition: distinct, generated, depth, the violated properties with their
 * depths, cpu (s), of which the main thread's (mainCpu; the rest is V8's own threads: the optimizing
 * compiler and the GC's helpers; null where Linux's /proc/self/task is missing), wall (s) and the
 * process's peak RSS so far (MB). Only the search is timed (start-up,
 * the model's build and, from the second repetition on, the warm-up are outside it).
 *
 * `profile`: the last repetition runs under V8's sampling profiler (which slows it: its times are not the
 * ones to quote) and its line also gives `profile`, the main thread's samples during the search by where their
 * code lives, in ms: `model` (models/ and invariants/: the kernel functions, the environment, the properties),
 * `codec` (the compact state, models/kernel/interpreter/state-codec.ts, and the view code it generates),
 * `engine` (src/), `gc` (the collector's pauses on the main thread) and `other` (Node, V8's own work on the main
 * thread outside JavaScript).
 */
import { readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { CODEC } from "./kernel-speed.mts";

const [root, modelName, paramsJson, repsArg, optionsJson, profileArg] = process.argv.slice(2);
if (!root || !modelName || !paramsJson) throw new Error("usage: search-cpu.mts ROOT MODEL PARAMS_JSON [REPS] [OPTIONS_JSON] [profile]");
if (profileArg !== undefined && profileArg !== "profile") throw new Error(`search-cpu.mts: the sixth argument is 'profile' or nothing, got '${profileArg}'`);
const rootDir = resolve(root) + sep;
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
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
/** Where a sample's code lives (see the header). Code made by `new Function` has no url: only the codec makes any. */
function placeOf(node: ProfileNode): keyof Split | null {
  const { functionName, url } = node.callFrame;
  if (functionName === "(garbage collector)") return "gc";
  if (functionName === "(idle)" || functionName === "(root)") return null;
  if (url === "" || url.endsWith(CODEC)) return url === "" && functionName.startsWith("(") ? "other" : "codec";
  const path = url.startsWith("file://") ? url.slice(7) : url;
  if (!path.startsWith(rootDir)) return "other";
  const rel = path.slice(rootDir.length);
  return rel.startsWith("src/") ? "engine" : rel.startsWith("models/") || rel.startsWith("invariants/") ? "model" : "other";
}
export interface Split {
  model: number;
  codec: number;
  engine: number;
  gc: number;
  other: number;
}
function split(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): Split {
  const place = new Map(profile.nodes.map((n) => [n.id, placeOf(n)]));
  const ms: Split = { model: 0, codec: 0, engine: 0, gc: 0, other: 0 };
  profile.samples.forEach((id, i) => {
    const p = place.get(id);
    if (p) ms[p] += (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return ms;
}
const reps = Number(repsArg ?? 1);
const session = profileArg === "profile" ? new Session() : null;
for (let rep = 0; rep < reps; rep++) {
  const model = entry.build(params as never);
  const profiled = session !== null && rep === reps - 1;
  if (profiled) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
  }
  const m0 = mainThreadCpu();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = explore(model, JSON.parse(optionsJson ?? "{}") as Parameters<typeof explore>[1]);
  const c = process.cpuUsage(c0);
  const m1 = mainThreadCpu();
  const profile = profiled ? split((await session.post("Profiler.stop")).profile as never) : undefined;
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
      ...(profile ? { profile } : {}),
    }),
  );
}
