/** A command run to its end in a child process: what the bench's fresh-process timings are made of. */
import { spawn } from "node:child_process";

export interface ChildOutput {
  /** the exit code (null: killed by a signal) */
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs `command` with `args` in `cwd` and collects its stdout and stderr. */
export function outputOf(command: string, args: readonly string[], cwd?: string): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, cwd === undefined ? {} : { cwd });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}
