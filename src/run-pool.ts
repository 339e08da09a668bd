/**
 * Many runs at once: with the standard set or a patch sweep, `--workers N` deals whole runs out
 * to N worker threads, each running the sequential engine. Results come back in the jobs' order,
 * so the output is the same as with one worker. (A single run uses the parallel search of
 * src/parallel.ts instead.)
 */
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { ModelError } from "./model.ts";
import type { RunJob, RunOutcome } from "./runner.ts";
import type { RunRequest } from "./run-worker.ts";

/** A run's outcome, or the one-line reason its parameters were refused (a scenario a PMU cannot run). */
export type JobResult = { readonly outcome: RunOutcome } | { readonly inputError: string };

export interface PoolOptions {
  readonly workers: number;
  /** Module exporting `modelEntries` (the workers import it). */
  readonly modulePath: string;
  readonly signal?: { readonly aborted: boolean } & Partial<Pick<AbortSignal, "addEventListener" | "removeEventListener">>;
  /** Called with each result, in the jobs' order. */
  readonly onResult?: (r: JobResult, index: number) => void;
}

/** Runs the jobs on `workers` threads; the results of the jobs started before an abort, in order. */
export async function runPool(jobs: readonly RunJob[], p: PoolOptions): Promise<JobResult[]> {
  const abort = new SharedArrayBuffer(4);
  const flag = new Int32Array(abort);
  const poll = setInterval(() => {
    if (p.signal?.aborted) Atomics.store(flag, 0, 1);
  }, 50);
  const results: (JobResult | undefined)[] = new Array(jobs.length);
  let next = 0;
  let reported = 0;
  const report = (): void => {
    while (reported < jobs.length && results[reported] !== undefined) {
      p.onResult?.(results[reported]!, reported);
      reported++;
    }
  };
  const boot = fileURLToPath(new URL("./worker-boot.mjs", import.meta.url));
  const size = Math.max(1, Math.min(p.workers, jobs.length));
  const workers = Array.from({ length: size }, () => new Worker(boot, { workerData: { target: "run" } }));
  try {
    await Promise.all(
      workers.map(async (w) => {
        for (;;) {
          if (next >= jobs.length || Atomics.load(flag, 0) !== 0 || p.signal?.aborted) return;
          const i = next++;
          results[i] = await new Promise<JobResult>((resolve, reject) => {
            const done = (m: { type: string; outcome?: RunOutcome; message?: string }): void => {
              w.off("error", fail);
              if (m.type === "outcome") resolve({ outcome: m.outcome! });
              else if (m.type === "input-error") resolve({ inputError: m.message! });
              else if (m.type === "model-error") reject(new ModelError(m.message!));
              else reject(new Error(`run worker failed on ${jobs[i]!.options.id ?? jobs[i]!.model}: ${m.message}`));
            };
            const fail = (e: Error): void => {
              w.off("message", done);
              reject(e);
            };
            w.once("message", done);
            w.once("error", fail);
            const req: RunRequest = { type: "run", modulePath: p.modulePath, job: jobs[i]!, abort };
            w.postMessage(req);
          });
          report();
        }
      }),
    );
  } finally {
    clearInterval(poll);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.filter((r): r is JobResult => r !== undefined);
}
