/**
 * The kernel state the model explores: plain immutable data, updated with immer, flat and small
 * (its structural hash is computed for every state). Field names follow the kernel's
 * (`hw.interrupts`, `aux_nest`, `perf_throttled_seq`, `ctxt->event_data`, ...).
 *
 * kernel-semantics.md §1 (state that exists in the kernel) and §8.1 (the compact table) list
 * these variables; where a field is an abstraction of kernel state the comment says so.
 */

/** `include/uapi/linux/perf_event.h` flags passed to `pmu->start/stop/add` (kernel-semantics.md §2.10). */
export const PERF_EF_START = 0x01;
export const PERF_EF_RELOAD = 0x02;
export const PERF_EF_UPDATE = 0x04;
export const PERF_EF_PAUSE = 0x08;
export const PERF_EF_RESUME = 0x10;

/** `hw_perf_event.state` bits (§1.1). PERF_HES_ARCH: x86 only ("do not start me in x86_pmu_enable"). */
export const PERF_HES_STOPPED = 0x1;
export const PERF_HES_UPTODATE = 0x2;
export const PERF_HES_ARCH = 0x4;

/** `MAX_INTERRUPTS` (~0ULL): the event is throttled. `interrupts++` on it wraps to 0 (audit X2). */
export const MAX_INTERRUPTS = "MAX" as const;
export type Interrupts = number | typeof MAX_INTERRUPTS;

export const EINVAL = -22;
export const EAGAIN = -11;
/** `-ESRCH` (task_function_call: the task is not running there) and `-ENXIO` (smp_call_function_single: no such CPU) */
export const ESRCH = -3;
export const ENXIO = -6;

/** DEAD: perf_release() of the event (perf_remove_from_context(..., DETACH_DEAD)); like OFF and ERROR it is `<= OFF`. */
export type EventStateName = "OFF" | "INACTIVE" | "ACTIVE" | "ERROR" | "DEAD";
export type ContextKind = "task" | "tick" | "IPI" | "IRQ" | "NMI";
export type Val = string | number | boolean | null;

export interface HwPerfEvent {
  interrupts: Interrupts;
  interrupts_seq: number;
  /** PERF_HES_* bits */
  state: number;
  /** `hw.aux_paused` (AUX events only; 0 elsewhere) */
  aux_paused: number;
  /** counter index (`hw.idx`) for counters on the core PMU; -1 when not on a counter */
  idx: number;
  /** Intel PT: `hw.aux_config`'s RTIT_CTL_TRACEEN bit, the software copy pt_config_stop() tests (0 elsewhere) */
  aux_config: number;
}

export interface EventState {
  state: EventStateName;
  oncpu: number;
  hw: HwPerfEvent;
  /** `event->rb`: the ring buffer index, or null once detached (ring_buffer_attach(event, NULL): last munmap, SET_OUTPUT -1) */
  rb: number | null;
  /**
   * `event->rb_entry`: the ring buffer whose `event_list` the event is on (list_add_rcu / list_del_rcu in
   * ring_buffer_attach), or null. It leaves the list before `event->rb` changes (errata X14): output stop walks
   * the list, then re-checks `event->rb == rb`.
   */
  rb_entry: number | null;
  /** `event->pending_disable` (perf_event_disable_inatomic; acted on by irq_work / event_sched_out) */
  pending_disable: boolean;
  /** `event->event_limit` (PERF_EVENT_IOC_REFRESH; 0 = no limit) — the event_limit branch of __perf_event_overflow */
  event_limit: number;
}

/** `struct perf_buffer` (kernel/events/internal.h), the AUX part. Data-area free space is not modelled. */
export interface RingBuffer {
  refcount: number;
  aux_nest: number;
  aux_refcount: number;
  aux_mmap_count: number;
  /** `rb_has_aux(rb)` ⇔ aux_nr_pages != 0 (cleared by `__rb_free_aux`) */
  has_aux: boolean;
  aux_in_pause_resume: boolean;
  /** set only by `perf_aux_sample_output` (AUX sampling); cs_etm has no `snapshot_aux`, so nothing sets it yet */
  aux_in_sampling: boolean;
  /** no AUX free space (user_page->aux_tail not advanced since the buffer filled): perf_aux_output_begin's zero-space branch (SPE) */
  aux_full: boolean;
}

/** `struct perf_output_handle` kept per CPU by a driver (ETM: `etm_ctxt.handle`). */
export interface OutputHandle {
  event: string | null;
  rb: number | null;
  aux_flags: number;
}

/** One frame of a context's call stack: the function, its step label, its arguments and locals (`rv`: the last callee's return value). */
export interface Frame {
  fn: string;
  pc: string;
  a: Record<string, Val>;
}

/** An execution context on one CPU: its kind, its local IRQ-disable depth (task only) and its stack. */
export interface Context {
  kind: ContextKind;
  irqoff: number;
  frames: Frame[];
}

/**
 * One hardware counter of the core PMU. arm64 (PMUv3): `event` is `cpuc->events[idx]` (set by armpmu_add,
 * cleared by armpmu_del), `en` PMCNTEN/PMINTEN, `ovf` the latched PMOVS bit. x86: `event` is
 * `cpuc->events[idx]` together with the `active_mask` bit (both set by x86_pmu_start, cleared by
 * x86_pmu_stop), `en` the counter's EVENTSEL enable, `ovf` its GLOBAL_STATUS bit while the PMI is still to be
 * taken (the handler acks it; the model also ends it at x86_pmu_stop: linux/arch/x86/events/core.ts).
 */
export interface Counter {
  event: string | null;
  en: boolean;
  ovf: boolean;
  /**
   * frequency mode: the latched overflow is one after which perf_adjust_period() finds
   * `period_left > 8*sample_period` (the event rate jumped) and restarts the counter. Counter values and
   * perf_clock() are not modelled, so this outcome is chosen by the hardware `overflow` action; false for
   * period=N counters.
   */
  adj: boolean;
}

export interface CorePmu {
  /** PMCR_EL0.E: the global enable (x86: GLOBAL_CTRL) */
  pmcr_e: boolean;
  /** `perf_pmu_disable()` nesting depth (per CPU, per PMU) */
  disable_count: number;
  ctr: Record<string, Counter>;
  /** x86 `cpuc->enabled` (cleared by x86_pmu_disable and by the PMI handler while it runs); true throughout on arm64 */
  enabled: boolean;
  /**
   * x86: the tail of `cpuc->event_list` that `cpuc->n_added` counts — the counters x86_pmu_add collected since
   * the last x86_pmu_disable, which x86_pmu_enable has not started yet (n_added = the number of trues). By
   * counter event id; all false on arm64 (armpmu_add starts at once).
   */
  added: Record<string, boolean>;
}

/** CoreSight: `etm_ctxt` (coresight-etm-perf.c) and the ETM4x trace unit (`etmv4_drvdata`). */
export interface EtmCpu {
  handle: OutputHandle;
  /** `ctxt->event_data`: the session's `etm_event_data` (= rb->aux_priv), recorded as the rb index; null = not tracing for a session */
  event_data: number | null;
  /** ETM4x: `coresight_get_mode(csdev)` (PERF while the source is enabled) and `drvdata->paused` */
  drvdata: { mode: "DISABLED" | "PERF"; paused: boolean };
}

/** Arm SPE (drivers/perf/arm_spe_pmu.c): the per-CPU handle and the profiling-buffer system registers. */
export interface SpeCpu {
  handle: OutputHandle;
  /** PMSCR_EL1 != 0: sampling enabled */
  pmscr: boolean;
  /** PMBLIMITR_EL1.E: profiling buffer enabled */
  pmblimitr_e: boolean;
  /** PMBSR_EL1: null (S = 0) or the syndrome of a pending buffer-management event (S = 1, PMBIRQ asserted) */
  pmbsr: null | "FULL" | "FULL_DL" | "FAULT";
}

/** Intel PT (arch/x86/events/intel/pt.c): `struct pt` per CPU and RTIT_CTL.TraceEn. */
export interface PtCpu {
  handle: OutputHandle;
  handle_nmi: boolean;
  pause_allowed: boolean;
  resume_allowed: boolean;
  /** RTIT_CTL.TraceEn, the MSR (its software copy is the event's hw.aux_config) */
  trace_en: boolean;
  /** a ToPA PMI is pending (GLOBAL_STATUS Trace_ToPA_PMI) */
  pmi: boolean;
}

export interface CpuState {
  /** innermost last: task, then tick or IPI, then NMI */
  ctx: Context[];
  perf_throttled_count: number;
  perf_throttled_seq: number;
  /** per-task scenarios: the profiled task is `current` and its perf context is scheduled in */
  task_ctx_current: boolean;
  pmu: CorePmu;
  etm: EtmCpu;
  spe: SpeCpu;
  pt: PtCpu;
  /**
   * ncpus = 2 only; absent with one CPU: this CPU's `call_single_queue`, holding at most one
   * `call_single_data` sent by smp_call_function_single() from the other CPU (kernel/smp.c): the remote
   * function and its arguments, and the `remote_function_call`'s `ret` written back before `csd_unlock()`.
   * state: queued (IPI pending) → running (the IPI handler runs it) → done (csd unlocked; the sender stops waiting).
   */
  csd?: Csd | null;
}

/** One `call_single_data` in flight (linux/kernel/smp.ts). `args` are the remote function's arguments (kernel names). */
export interface Csd {
  func: string;
  args: Record<string, Val>;
  state: "queued" | "running" | "done";
  ret: Val;
}

/** ncpus = 2: the profiled task as the scheduler sees it (per-task scenarios). */
export interface SmpTask {
  /** `task_cpu(p)`: the CPU the task last ran on (set_task_cpu folded into the switch-in, environment/scheduler.ts) */
  task_cpu: number;
  /**
   * The task's own system call, preempted inside perf_event_stop() (issuer "self": perf_addr_filters_adjust from
   * its mmap): its kernel stack, taken off the CPU at the preemption and put back when it resumes — on whichever
   * CPU it was switched in on. null: not preempted.
   */
  saved: Context | null;
}

export interface Budgets {
  ticks: number;
  overflows: number;
  switches: number;
  ioctls: number;
  restarts: number;
  munmaps: number;
  /** AUX hardware buffer interrupts (SPE buffer-full → PMBIRQ, PT ToPA → PMI) */
  auxirqs: number;
  /** PERF_EVENT_IOC_SET_OUTPUT(L, -1) on the AUX event (no mmap of its own) — F4 */
  setoutputs: number;
  /** munmap of the data area after the AUX area (the last mmap: ring_buffer_attach(event, NULL)) — F4 */
  detaches: number;
  /** occurrences of a software sibling's event (perf_swevent_event, task context) */
  sw_events: number;
  /** the AUX trace fills the AUX buffer (no free space: perf_aux_output_begin's zero-space branch, TRUNCATED ends) */
  fills: number;
  /** close() of the AUX group leader (perf_release → perf_remove_from_context(DETACH_GROUP | DETACH_DEAD)) */
  closes: number;
}

/** Ghost variables: not kernel state, kept for the invariants (invariants/kernel). */
export interface Ghost {
  /** the user's pause intent per AUX event: `aux_start_paused`, then each aux_pause/aux_resume action in `__perf_event_overflow` */
  userPaused: Record<string, boolean>;
  /** `hw.interrupts` was set to MAX by an NMI and has not left MAX since */
  nmiMax: Record<string, boolean>;
  /**
   * Per AUX event: what the current throttle's perf_event_aux_pause(event, true) found when it was entered (a probe on
   * the function's entry with perf_event_throttle on the stack, interpreter/ghost.ts): THROTTLE_PAUSE_NONE (no such
   * call since the last unthrottle, or it found the rb and the guard free), _GUARD (rb->aux_in_pause_resume held by
   * the interrupted context), _NO_RB (event->rb == NULL). Cleared whenever hw.interrupts leaves MAX.
   */
  throttlePause: Record<string, number>;
  /**
   * Per AUX event: the last user aux-action on it (perf_event_aux_pause from __perf_event_overflow: a P/R sibling's
   * aux_pause / aux_resume) returned while another context held the rb's recursion guard, and the event's recorded
   * pause state (`hw.aux_paused` & USER) is not what the user asked for: the action was dropped. Written at each such
   * return (a probe, interpreter/ghost.ts).
   */
  userDropped: Record<string, boolean>;
}

/** Ghost.throttlePause values. */
export const THROTTLE_PAUSE_NONE = 0;
export const THROTTLE_PAUSE_GUARD = 1;
export const THROTTLE_PAUSE_NO_RB = 2;

export interface KState {
  ev: Record<string, EventState>;
  rb: RingBuffer[];
  cpu: CpuState[];
  budget: Budgets;
  ghost: Ghost;
  /**
   * The sleeping locks the task-level operations take, held = true: "ctx:cpu" (CPU0's perf context's ctx->mutex),
   * "ctx:task" (the profiled task's), "mmap:<event>" (event->mmap_mutex). A task-level operation that needs a held
   * lock is not offered (it sleeps in mutex_lock until the holder releases it: environment/); a step that takes one
   * inside a function waits (interpreter/locks.ts). NMIs and IRQs never take them.
   */
  locks: Record<string, boolean>;
  /** present only with ncpus = 2 */
  smp?: SmpTask;
}

export function hesString(v: number): string {
  const parts: string[] = [];
  if (v & PERF_HES_STOPPED) parts.push("STOPPED");
  if (v & PERF_HES_UPTODATE) parts.push("UPTODATE");
  if (v & PERF_HES_ARCH) parts.push("ARCH");
  return parts.length ? parts.join("|") : "0";
}

export function flagsString(v: number): string {
  const names: [number, string][] = [
    [PERF_EF_START, "START"],
    [PERF_EF_RELOAD, "RELOAD"],
    [PERF_EF_UPDATE, "UPDATE"],
    [PERF_EF_PAUSE, "PAUSE"],
    [PERF_EF_RESUME, "RESUME"],
  ];
  const parts = names.filter(([b]) => v & b).map(([, n]) => n);
  return parts.length ? parts.join("|") : "0";
}

/** hw.aux_paused reason bits (fix A, kernel-semantics.md §6 A); mainline and Leo Yan's patch use 0/1 = USER. */
export const AUX_PAUSE_USER = 0x1;
export const AUX_PAUSE_THROTTLE = 0x2;

/** SPE profiling: sampling on and the profiling buffer enabled. */
export function speTracing(c: CpuState): boolean {
  return c.spe.pmscr && c.spe.pmblimitr_e;
}

/** ETM4x trace unit actually tracing: source enabled in perf mode and not paused. */
export function etmTracing(c: CpuState): boolean {
  return c.etm.drvdata.mode === "PERF" && !c.etm.drvdata.paused;
}
