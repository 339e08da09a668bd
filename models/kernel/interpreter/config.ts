/**
 * The static configuration of one run: the events (from the scenario's perf event string, or
 * `--events`), their groups and PMUs, the parameters, the budgets and the function table
 * (mainline + the selected patch). Everything here is fixed for the run; only KState changes.
 * Built by environment/perf-event-open.ts; read by the kernel functions (`x.cfg`) and the properties.
 */
import type { FunctionTable } from "./machine.ts";
import type { Budgets } from "./state.ts";

export type Mode = "per-cpu" | "per-task";

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** kernel-semantics.md section the scenario replays */
  readonly section: string;
  readonly events: string;
  readonly mode: Mode;
  readonly budgets: Budgets;
  /**
   * The throttle threshold the scenario needs (the max_samples_per_tick parameter overrides it).
   * ASSUMPTION (UNCONFIRMED, kernel-semantics.md §1.4: the initialiser text was not re-read; the value is
   * DIV_ROUND_UP(100000, HZ) and perf_sample_event_took() can lower it to 1): a small value, 1 or 2,
   * stands for a threshold reached within one tick window.
   */
  readonly maxSamplesPerTick: number;
  /** PERF_EVENT_IOC_PERIOD target(s) (by id: L, P, R, ...), when `ioctls` > 0; null: the first group leader */
  readonly iocPeriodTarget: string | readonly string[] | null;
  /** PERF_EVENT_IOC_REFRESH(id, n) issued at open, by event id: `event->event_limit = n` (the event_limit branch) */
  readonly eventLimit?: Readonly<Record<string, number>>;
  /** CPUs modelled (default 1; the `ncpus` parameter overrides it) */
  readonly ncpus?: number;
  /**
   * who issues the scenario's PERF_EVENT_IOC_PERIOD / address-filter restarts when ncpus = 2:
   * "tool" = another task (perf's PERF_EVENT_IOC_PERIOD / PERF_EVENT_IOC_SET_FILTER ioctls) on a CPU where the
   * profiled task is not current; "self" = the profiled task itself (perf_addr_filters_adjust from its own
   * mmap), which may be preempted and migrated inside perf_event_stop (environment/scheduler.ts).
   */
  readonly issuer?: "tool" | "self";
  /**
   * Per-task sessions: the CPU the events are bound to (`perf record -p PID` opens one event per CPU for the task,
   * event->cpu = that CPU; the model keeps one CPU's set). Absent: event->cpu = -1 (`--per-thread`).
   */
  readonly taskEventCpu?: number;
  /** Per-task sessions with two CPUs: the CPUs the profiled task may run on (its affinity); absent: every CPU. */
  readonly taskCpus?: readonly number[];
  /**
   * Who owns the ring buffer's mmaps (data and AUX area; `event->mmap_count > 0`): absent, the first AUX event of
   * the session (perf record puts the AUX evsel first and mmaps its fd; the others SET_OUTPUT to it); "other-task",
   * an event of another task on the same CPU (event->cpu = taskEventCpu), outside the modelled groups and never
   * scheduled in the scenario — the modelled events write to its rb through an earlier SET_OUTPUT (errata X13).
   */
  readonly rbOwner?: "other-task";
}

export type DriverKind = "etm" | "armv8" | "x86" | "spe" | "pt" | "swevent";

/** The core PMU's counters: drivers/perf/arm_pmu.c (armv8) or arch/x86/events/core.c (x86). */
export function isCounter(d: DriverKind): boolean {
  return d === "armv8" || d === "x86";
}

/** A PMU as the model knows it: what `struct pmu` it is, its capabilities, its callbacks' kernel names. */
export interface PmuSpec {
  readonly name: string;
  readonly aux: boolean;
  /** PERF_PMU_CAP_AUX_PAUSE */
  readonly capAuxPause: boolean;
  readonly driver: DriverKind;
  readonly ops: { readonly add: string; readonly del: string; readonly start: string; readonly stop: string };
  /** core PMU event type (armv8pmu_get_event_idx prefers the cycle counter for CPU_CYCLES) */
  readonly evtype?: "CPU_CYCLES" | "INST_RETIRED";
  /** `pmu->nr_addr_filters > 0` (address-filter restarts need it; SPE has none) */
  readonly addrFilters?: boolean;
}

export interface EventInfo {
  readonly id: string;
  readonly pmu: PmuSpec;
  readonly leader: string;
  /** for a leader: its siblings in order; [] otherwise */
  readonly siblings: readonly string[];
  /** `event->aux_event` (the AUX group leader) for aux_pause/aux_resume events */
  readonly auxEvent: string | null;
  readonly attr: {
    readonly aux_start_paused: boolean;
    readonly aux_pause: boolean;
    readonly aux_resume: boolean;
    readonly sample_period: number;
    readonly freq: boolean;
  };
  /** `event->cpu`: per-CPU events their CPU; per-task events -1, or the CPU they are bound to (Scenario.taskEventCpu) */
  readonly cpu: number;
  /** `event->ctx->task != NULL`: the event belongs to the profiled task's context (a per-task session) */
  readonly task: boolean;
  /** the ring buffer the event writes to (perf record: one per CPU, every event SET_OUTPUT to it) */
  readonly rb: number;
  readonly text: string;
}

export interface ModelParams {
  readonly maxSamplesPerTick: number;
  readonly etmVariant: "A" | "B";
  readonly auxInSamplingGuard: boolean;
  /**
   * audit X9: how the core PMU interrupt is taken. "nmi": an NMI (x86; arm64 with GICv3
   * pseudo-NMI) that may land between any two steps outside another NMI; "irq": an ordinary IRQ (arm64
   * with GICv2, e.g. the seed's Juno) that enters only where IRQs are enabled and never nests.
   */
  readonly platform: "nmi" | "irq";
  /**
   * audit X1: which core PMU the counters run on, and so which interrupt handler: "arm64" = drivers/perf/arm_pmu.c +
   * arm_pmuv3.c (armpmu_* callbacks, armv8pmu_handle_irq), "x86" = arch/x86/events/core.c + intel/core.c
   * (x86_pmu_* callbacks, x86_pmu_enable's late start, intel_pmu_handle_irq).
   */
  readonly pmuIrqHandler: "arm64" | "x86";
  /**
   * The tick never runs out (its budget is not consumed), so behaviours may be infinite and liveness
   * under fairness of the tick means something; one CPU only (model.ts normalizes the sequence counters).
   */
  readonly ticksUnbounded: boolean;
}

export interface Config {
  readonly scenario: Scenario;
  readonly patch: string;
  readonly pmu: string;
  readonly mode: Mode;
  readonly ncpus: number;
  readonly events: readonly EventInfo[];
  readonly byId: Readonly<Record<string, EventInfo>>;
  /** group leaders, in the order their groups are scheduled */
  readonly leaders: readonly string[];
  readonly params: ModelParams;
  readonly budgets: Budgets;
  /** PERF_EVENT_IOC_PERIOD targets offered while `ioctls` > 0 (empty without the budget) */
  readonly iocPeriodTargets: readonly string[];
  /** AUX event that address-filter restarts target */
  readonly restartTarget: string | null;
  /** counter indices the core PMU model has (the cycle counter 31, then general counters 0..n-1) */
  readonly counterSlots: readonly string[];
  /**
   * The owner of rb 0's mmaps (`mmap_count > 0`, the AUX area allocated by rb_alloc_aux through its fd): a modelled
   * event, or null for an event of another task outside the model (Scenario.rbOwner), bound to `rbOwnerCpu`.
   */
  readonly rbOwner: string | null;
  readonly rbOwnerCpu: number;
  /** the CPUs the profiled task may run on */
  readonly taskCpus: readonly number[];
  fns: FunctionTable;
}

export function ev(cfg: Config, id: string): EventInfo {
  const e = cfg.byId[id];
  if (!e) throw new Error(`unknown event ${id}`);
  return e;
}

export function membersOf(cfg: Config, leader: string): string[] {
  return [leader, ...ev(cfg, leader).siblings];
}

/** The core PMU of the run: its counters' driver (the `pmu_irq_handler` parameter selects it). */
export function corePmu(cfg: Config): "armv8" | "x86" {
  return cfg.params.pmuIrqHandler === "x86" ? "x86" : "armv8";
}

/** The PMU whose `perf_pmu_disable` the group's transaction and pmu_ctx use: the core PMU for a mixed group (move_group, §2.4). */
export function groupPmu(cfg: Config, leader: string): DriverKind | null {
  return membersOf(cfg, leader).some((m) => isCounter(ev(cfg, m).pmu.driver)) ? corePmu(cfg) : null;
}

/** Leaders of the perf context the tick / sched paths walk: the CPU context (per-CPU events) or the task's. */
export function leadersOfCtx(cfg: Config, ctx: "cpu" | "task", cpu: number): string[] {
  return cfg.leaders.filter((l) => (ctx === "cpu" ? !ev(cfg, l).task && ev(cfg, l).cpu === cpu : ev(cfg, l).task));
}

/** The perf context an event belongs to, as the key of its ctx->mutex ("ctx:cpu" for CPU0's, "ctx:task"). */
export function ctxMutexOf(cfg: Config, id: string): string {
  return ev(cfg, id).task ? "ctx:task" : "ctx:cpu";
}

/** `event->pmu->{add,del,start,stop}`: the driver callback's kernel name, dispatched on the event's PMU. */
export function pmuOps(x: { readonly cfg: Config }, id: string) {
  return ev(x.cfg, id).pmu.ops;
}

export function driverOf(x: { readonly cfg: Config }, id: string): DriverKind {
  return ev(x.cfg, id).pmu.driver;
}
