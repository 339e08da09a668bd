/**
 * A run worker: explores whole runs, one at a time, for src/run-pool.ts. Each run is the
 * sequential engine's search, so its outcome is the same as in the main thread.
 */
import { parentPort } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { entriesOfModule } from "./model-file.ts";
import { ModelError } from "./model.ts";
import { InputError, type ModelEntry } from "./registry.ts";
import { runOne, type RunJob } from "./runner.ts";

export interface RunRequest {
  readonly type: "run";
  readonly modulePath: string;
  readonly job: RunJob;
  /** Int32Array(1): set to 1 by the main thread on Ctrl-C. */
  readonly abort: SharedArrayBuffer;
}

const port = parentPort!;
const entries = new Map<string, readonly ModelEntry[]>();

port.on("message", async (msg: RunRequest) => {
  const flag = new Int32Array(msg.abort);
  const controller = new AbortController();
  const poll = setInterval(() => {
    if (Atomics.load(flag, 0) !== 0) controller.abort();
  }, 50);
  try {
    let modelEntries = entries.get(msg.modulePath);
    if (!modelEntries) {
      modelEntries = entriesOfModule(await import(pathToFileURL(msg.modulePath).href), msg.modulePath);
      entries.set(msg.modulePath, modelEntries);
    }
    const entry = modelEntries.find((e) => e.name === msg.job.model);
    if (!entry) throw new Error(`no model ${msg.job.model}`);
    const outcome = await runOne(entry, msg.job.params, { ...msg.job.options, signal: controller.signal });
    port.postMessage({ type: "outcome", outcome });
  } catch (e) {
    if (e instanceof InputError) port.postMessage({ type: "input-error", message: e.message });
    else if (e instanceof ModelError) port.postMessage({ type: "model-error", message: e.message });
    else port.postMessage({ type: "error", message: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
  } finally {
    clearInterval(poll);
  }
});
