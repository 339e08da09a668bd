/**
 * The V8 setting every search runs with (process-wide: the helper threads of --workers and the run pool
 * share it). Called at the start of each search; the first call sets it, later ones do nothing.
 *
 * --interrupt-budget (how much bytecode a function runs before V8 considers optimizing it; Node 20's default
 * is 67,584): at 300,000 a hot function is optimized somewhat later, with fuller type feedback, so fewer
 * optimized versions are thrown away as the search reaches new kernel paths and compiled again. The kernel
 * model's loop, with the model's step inlined into it, was compiled eleven times in one two-CPU run
 * (2,058 ms of optimizing-compiler time over the run, `--trace-opt`), most of it on V8's own threads. Measured
 * on 2026-12-04, fresh processes taking turns (CPU seconds of the whole search, medians): E3 79,866 states
 * 1.34 -> 1.22 (five pairs); E3 on two CPUs 7.24 -> 6.95 (three pairs); the same with --workers 2, 13.5 -> 12.7
 * CPU s and 6.67 -> 6.29 s of wall (three pairs); counters 4x50 unchanged (3.50 / 3.44). Budgets of 150,000
 * and 600,000 measured 1.29 and 1.23 on E3.
 */
import { setFlagsFromString } from "node:v8";

let tuned = false;

export function tuneV8(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString("--interrupt-budget=300000");
}
