/**
 * What an environment module is given to offer its actions in a state, and what an entry action is.
 *
 * An entry action is everything that is not a step of a running kernel function: a task-level operation
 * (a system call or ioctl of the perf tool or the profiled task), a scheduler event (a context switch, a
 * preemption), an interrupt entry (the tick, the PMU interrupt, an IPI, an AUX buffer interrupt) or a
 * hardware event (a counter overflow latched, an AUX buffer filling). Applying one pushes the context that
 * runs its kernel entry function (interpreter/machine.ts pushContext), or changes hardware state only.
 */
import type { Config } from "../interpreter/config.ts";
import type { Context, KState } from "../interpreter/state.ts";
import type { KAction } from "../interpreter/machine.ts";

/** One CPU of one state, as the modules that offer actions see it. */
export interface Offer {
  readonly s: KState;
  readonly cfg: Config;
  readonly c: number;
  /** the CPU's innermost running context, or null */
  readonly top: Context | null;
  /** interrupts other than NMIs may land: no context, or task code outside IRQs-off sections */
  readonly irqsOn: boolean;
  /** the action's CPU parameter (`cpuN` with two CPUs, nothing with one) */
  readonly cp: readonly (string | number)[];
  readonly out: KAction[];
  /** the run's `preempt_rcu` parameter */
  readonly preemptRcu: boolean;
}

export interface EntryAction {
  readonly name: string;
  /** The kernel function the action enters (trace labels; a hardware event enters none). */
  readonly entry?: string | ((cfg: Config) => string);
  /** The trace label, when it is not `enter <entry>(params)` (params: the action's, CPU parameter included). */
  readonly label?: (params: readonly (string | number)[], cfg: Config) => string;
  /**
   * The sleeping locks the operation takes first thing (interpreter/locks.ts): ctx->mutex for the ioctls and close
   * (perf_ioctl / perf_release → perf_event_ctx_lock), event->mmap_mutex for SET_OUTPUT. The action is offered only
   * while all are free (otherwise the task sleeps in mutex_lock); applying it takes them, and they are released
   * when the context it pushes ends. For an IPI from an unmodelled CPU (one CPU), the locks its issuer holds.
   * params: without the CPU parameter.
   */
  readonly locks?: (params: readonly (string | number)[], cfg: Config) => readonly string[];
  /** Applies the action on CPU `c` (params: without the CPU parameter). */
  apply(k: KState, c: number, params: readonly (string | number)[], cfg: Config): void;
}

export function entryName(a: EntryAction, cfg: Config): string | null {
  if (a.entry === undefined) return null;
  return typeof a.entry === "string" ? a.entry : a.entry(cfg);
}
