// Node 20 worker threads ignore --import=tsx in execArgv (toolchain-notes §2.1): register tsx
// here, then load the TypeScript worker named by workerData.target (default: the search worker).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";
register();
await import(workerData?.target === "run" ? "./run-worker.ts" : "./worker.ts");
