import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Runs the real CLI in a child process, as a user would. */
export function cli(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import=tsx", join(ROOT, "src/cli.ts"), ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The --json document without the run times, which are the only thing allowed to differ. */
export function withoutSeconds(json: string): unknown {
  const doc = JSON.parse(json) as { runs: Record<string, unknown>[] };
  for (const r of doc.runs) delete r.seconds;
  return doc;
}
