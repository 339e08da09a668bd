import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const argvOf = (args: readonly string[]): string[] => ["--import=tsx", join(ROOT, "src/cli.ts"), ...args];

/** Runs the real CLI in a child process, as a user would. */
export function cli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, argvOf(args), { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking the test process (many runs at once). */
export function cliAsync(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argvOf(args), { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A progress line on stderr (a run longer than a few seconds, say on a loaded machine). */
export const PROGRESS_LINE = /^auxcheck: (.+: [\d,]+ distinct, .* states\/s, .*|\d+ of \d+ runs done, \d+ s(, about .+ left)?)$/;

/** The first line a user sees, progress lines aside: stderr's when there is one (refusals, notes), else stdout's. */
export function firstLine(r: CliResult): string {
  const lines = (text: string): string[] => text.split("\n").filter((l) => l.trim() !== "" && !PROGRESS_LINE.test(l));
  return (lines(r.stderr)[0] ?? lines(r.stdout)[0] ?? "").trim();
}

/** The --json document without the run times, which are the only thing allowed to differ. */
export function withoutSeconds(json: string): unknown {
  const doc = JSON.parse(json) as { runs: Record<string, unknown>[] };
  for (const r of doc.runs) delete r.seconds;
  return doc;
}
