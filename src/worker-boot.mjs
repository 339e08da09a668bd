// Node 20 worker threads ignore --import=tsx in execArgv (toolchain-notes §2.1): register tsx
// here, then load the TypeScript worker.
import { register } from "tsx/esm/api";
register();
await import("./worker.ts");
