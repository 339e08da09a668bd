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

/** `hw_perf_event.state` bits (§1.1). PERF_HES_ARCH is not used by the modelled drivers. */
export const PERF_HES_STOPPED = 0x1;
export const PERF_HES_UPTODATE = 0x2;

/** `MAX_INTERRUPTS` (~0ULL): the event is throttled. `interrupts++` on it wraps to 0 (audit X2). */
export const MAX_INTERRUPTS = "MAX" as const;
export type Interrupts = number | typeof MAX_INTERRUPTS;

export const EINVAL = -22;
export const EAGAIN = -11;

export type EventStateName = "OFF" | "INACTIVE" | "ACTIVE" | "ERROR";
export type ContextKind = "task" | "tick" | "IPI" | "NMI";
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
}

export interface EventState {
  state: EventStateName;
  oncpu: number;
  hw: HwPerfEvent;
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

/** One hardware counter of the core PMU (armv8 PMUv3): the event on it, PMCNTEN/PMINTEN, the latched PMOVS bit. */
export interface Counter {
  event: string | null;
  en: boolean;
  ovf: boolean;
}

export interface CorePmu {
  /** PMCR_EL0.E: the global enable */
  pmcr_e: boolean;
  /** `perf_pmu_disable()` nesting depth (per CPU, per PMU) */
  disable_count: number;
  ctr: Record<string, Counter>;
}

/** CoreSight: `etm_ctxt` (coresight-etm-perf.c) and the ETM4x trace unit (`etmv4_drvdata`). */
export interface EtmCpu {
  handle: OutputHandle;
  /** `ctxt->event_data`: the session's `etm_event_data` (= rb->aux_priv), recorded as the rb index; null = not tracing for a session */
  event_data: number | null;
  /** ETM4x: `coresight_get_mode(csdev)` (PERF while the source is enabled) and `drvdata->paused` */
  drvdata: { mode: "DISABLED" | "PERF"; paused: boolean };
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
}

export interface Budgets {
  ticks: number;
  overflows: number;
  switches: number;
  ioctls: number;
  restarts: number;
  munmaps: number;
}

/** Ghost variables: not kernel state, kept for the invariants (invariants/kernel). */
export interface Ghost {
  /** the user's pause intent per AUX event: `aux_start_paused`, then each aux_pause/aux_resume action in `__perf_event_overflow` */
  userPaused: Record<string, boolean>;
  /** `hw.interrupts` was set to MAX by an NMI and has not left MAX since */
  nmiMax: Record<string, boolean>;
}

export interface KState {
  ev: Record<string, EventState>;
  rb: RingBuffer[];
  cpu: CpuState[];
  budget: Budgets;
  ghost: Ghost;
}

export function hesString(v: number): string {
  const parts: string[] = [];
  if (v & PERF_HES_STOPPED) parts.push("STOPPED");
  if (v & PERF_HES_UPTODATE) parts.push("UPTODATE");
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

/** ETM4x trace unit actually tracing: source enabled in perf mode and not paused. */
export function etmTracing(c: CpuState): boolean {
  return c.etm.drvdata.mode === "PERF" && !c.etm.drvdata.paused;
}
