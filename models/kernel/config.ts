/**
 * The static configuration of one run: the events (from the scenario's perf event string, or
 * `--events`), their groups and PMUs, the parameters, the budgets and the function table
 * (mainline + the selected patch). Everything here is fixed for the run; only KState changes.
 *
 * perf_event_open() rules enforced here (kernel-semantics.md §2.8, [LY-core] perf_event_alloc /
 * perf_get_aux_event): aux-action=start-paused only on an AUX event whose PMU has
 * PERF_PMU_CAP_AUX_PAUSE; aux-action=pause/resume only on a non-AUX event whose group leader is
 * such an AUX event; one AUX event per group.
 */
import { InputError } from "../../src/registry.ts";
import type { FunctionTable } from "./machine.ts";
import { parsePerfEvents, type AuxAction, type ParsedEvent } from "./perf-event-syntax.ts";
import type { Mode, Scenario } from "./scenarios.ts";
import type { Budgets } from "./state.ts";

export type DriverKind = "etm" | "armv8" | "spe" | "pt" | "swevent";

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

const ETM_OPS = { add: "etm_event_add", del: "etm_event_del", start: "etm_event_start", stop: "etm_event_stop" };
const ARMPMU_OPS = { add: "armpmu_add", del: "armpmu_del", start: "armpmu_start", stop: "armpmu_stop" };

const SPE_OPS = { add: "arm_spe_pmu_add", del: "arm_spe_pmu_del", start: "arm_spe_pmu_start", stop: "arm_spe_pmu_stop" };
const PT_OPS = { add: "pt_event_add", del: "pt_event_del", start: "pt_event_start", stop: "pt_event_stop" };
/** issue 7: the software PMU (perf_swevent_*, kernel/events/core.c) — a software sibling with an aux-action (audit X10 / D6.7). */
const SWEVENT_OPS = { add: "perf_swevent_add", del: "perf_swevent_del", start: "perf_swevent_start", stop: "perf_swevent_stop" };

/**
 * The PMUs an event string may name. Capabilities as registered: etm_perf_init and pt_init set
 * PERF_PMU_CAP_AUX_PAUSE; arm_spe_pmu_perf_init sets only EXCLUSIVE | ITRACE (kernel-semantics.md §2.8,
 * [LY-spe] @3824b048 read for issue 4). Address filters: ETM and PT have them, SPE not.
 */
export const PMUS: Readonly<Record<string, PmuSpec>> = {
  cs_etm: { name: "cs_etm", aux: true, capAuxPause: true, driver: "etm", ops: ETM_OPS, addrFilters: true },
  arm_spe: { name: "arm_spe", aux: true, capAuxPause: false, driver: "spe", ops: SPE_OPS, addrFilters: false },
  intel_pt: { name: "intel_pt", aux: true, capAuxPause: true, driver: "pt", ops: PT_OPS, addrFilters: true },
  cycles: { name: "cycles", aux: false, capAuxPause: false, driver: "armv8", ops: ARMPMU_OPS, evtype: "CPU_CYCLES" },
  instructions: { name: "instructions", aux: false, capAuxPause: false, driver: "armv8", ops: ARMPMU_OPS, evtype: "INST_RETIRED" },
  // issue 7: a software event (PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS) overflowing through perf_swevent_event
  "page-faults": { name: "page-faults", aux: false, capAuxPause: false, driver: "swevent", ops: SWEVENT_OPS },
};

/** AUX PMUs selectable with `--pmu` (the scenario's AUX events are rewritten to it). */
export const AUX_PMUS: readonly string[] = Object.values(PMUS)
  .filter((p) => p.aux)
  .map((p) => p.name);

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
  /** per-CPU events: their CPU; per-task events: -1 */
  readonly cpu: number;
  /** the ring buffer the event writes to (perf record: one per CPU, every event SET_OUTPUT to it) */
  readonly rb: number;
  readonly text: string;
}

export interface ModelParams {
  readonly maxSamplesPerTick: number;
  readonly etmVariant: "A" | "B";
  readonly auxInSamplingGuard: boolean;
  /**
   * issue 7 (audit X9): how the core PMU interrupt is taken. "nmi": an NMI (x86; arm64 with GICv3
   * pseudo-NMI) that may land between any two steps outside another NMI; "irq": an ordinary IRQ (arm64
   * with GICv2, e.g. the seed's Juno) that enters only where IRQs are enabled and never nests.
   */
  readonly platform: "nmi" | "irq";
  /** issue 7 (audit X1): which PMU interrupt handler runs: "arm64" armv8pmu_handle_irq, "x86" intel_pmu_handle_irq */
  readonly pmuIrqHandler: "arm64" | "x86";
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
  readonly iocPeriodTarget: string | null;
  /** AUX event that address-filter restarts target */
  readonly restartTarget: string | null;
  /** counter indices the core PMU model has (the cycle counter 31, then general counters 0..n-1) */
  readonly counterSlots: readonly string[];
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

/** The PMU whose `perf_pmu_disable` the group's transaction and pmu_ctx use: the core PMU for a mixed group (move_group, §2.4). */
export function groupPmu(cfg: Config, leader: string): DriverKind | null {
  return membersOf(cfg, leader).some((m) => ev(cfg, m).pmu.driver === "armv8") ? "armv8" : null;
}

/** Leaders of the perf context the tick / sched paths walk: the CPU context (per-CPU events) or the task's. */
export function leadersOfCtx(cfg: Config, ctx: "cpu" | "task", cpu: number): string[] {
  return cfg.leaders.filter((l) => (ctx === "cpu" ? ev(cfg, l).cpu === cpu : ev(cfg, l).cpu === -1));
}

function idBase(p: ParsedEvent, spec: PmuSpec): string {
  if (spec.aux) return "L";
  if (spec.driver === "swevent") return "S"; // issue 7: software siblings
  if (p.auxAction === "pause") return "P";
  if (p.auxAction === "resume") return "R";
  return "C";
}

export function buildConfig(
  scenario: Scenario,
  opts: { events: string; pmu: string; patch: string; params: ModelParams; budgets: Budgets; fns: FunctionTable; ncpus?: number },
): Config {
  if (!AUX_PMUS.includes(opts.pmu)) throw new InputError(`unknown pmu '${opts.pmu}'; valid: ${AUX_PMUS.join(", ")}`);
  const source = opts.events !== "" ? opts.events : scenario.events;
  const parsed = parsePerfEvents(source);
  const mode: Mode = parsed.systemWide ? "per-cpu" : opts.events !== "" ? "per-task" : scenario.mode;
  const validPmus = Object.keys(PMUS).join(", ");

  const rows = parsed.events.map((p) => {
    const spec0 = PMUS[p.pmu];
    if (!spec0) throw new InputError(`unknown PMU '${p.pmu}' in event '${p.text}'; valid: ${validPmus}`);
    // --pmu rewrites the scenario's AUX events to the chosen AUX PMU.
    const spec = spec0.aux ? PMUS[opts.pmu]! : spec0;
    return { p, spec };
  });

  // Ids: L for the AUX event, P / R for aux-action pause / resume counters, C otherwise; repeats get 2, 3, ...
  const used = new Map<string, number>();
  const ids = rows.map(({ p, spec }) => {
    const base = idBase(p, spec);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  });

  // Groups: explicit {...} groups as written; otherwise the first AUX event leads a group of
  // every ungrouped event that has an aux-action (as perf record groups the seed), placed where the
  // AUX event or its first member appears; every other event stands alone.
  const finalGroups: number[][] = [];
  const explicit = new Map<number, number[]>();
  const firstAux = rows.findIndex(({ p, spec }) => p.group === null && spec.aux);
  const aux: { group: number[] | null } = { group: null };
  rows.forEach(({ p, spec }, i) => {
    if (p.group !== null) {
      let g = explicit.get(p.group);
      if (!g) {
        g = [];
        explicit.set(p.group, g);
        finalGroups.push(g);
      }
      g.push(i);
      return;
    }
    const joinsAux = firstAux >= 0 && i !== firstAux && p.auxAction !== null && !spec.aux;
    if (i === firstAux || joinsAux) {
      if (!aux.group) {
        aux.group = [firstAux];
        finalGroups.push(aux.group);
      }
      if (joinsAux) aux.group.push(i);
      return;
    }
    finalGroups.push([i]);
  });

  const events: EventInfo[] = [];
  const byId: Record<string, EventInfo> = {};
  const leaders: string[] = [];
  for (const g of finalGroups) {
    const leaderIdx = g[0]!;
    const leaderId = ids[leaderIdx]!;
    const auxMembers = g.filter((i) => rows[i]!.spec.aux);
    if (auxMembers.length > 1) throw new InputError(`invalid event group: more than one AUX event (${auxMembers.map((i) => rows[i]!.p.text).join(", ")}); perf allows one AUX event per group, as its leader`);
    if (auxMembers.length === 1 && auxMembers[0] !== leaderIdx) {
      throw new InputError(`invalid event group: the AUX event '${rows[auxMembers[0]!]!.p.text}' must be the group leader`);
    }
    leaders.push(leaderId);
    for (const i of g) {
      const { p, spec } = rows[i]!;
      const id = ids[i]!;
      const leaderSpec = rows[leaderIdx]!.spec;
      const action: AuxAction | null = p.auxAction;
      if (action === "start-paused") {
        if (!spec.aux) throw new InputError(`event '${p.text}': aux-action=start-paused applies to the AUX event only; valid AUX PMUs: ${AUX_PMUS.join(", ")}`);
        if (!spec.capAuxPause) throw new InputError(`event '${p.text}': ${spec.name} lacks PERF_PMU_CAP_AUX_PAUSE (perf_event_open: -EOPNOTSUPP)`);
      }
      if (action === "pause" || action === "resume") {
        if (spec.aux) throw new InputError(`event '${p.text}': aux-action=${action} goes on a non-AUX sibling of the AUX event, not on the AUX event`);
        if (!leaderSpec.aux || !leaderSpec.capAuxPause || i === leaderIdx) {
          throw new InputError(`event '${p.text}': aux-action=${action} needs an AUX group leader with PERF_PMU_CAP_AUX_PAUSE (perf_get_aux_event); valid: ${AUX_PMUS.join(", ")}`);
        }
      }
      if (spec.aux) {
        // ASSUMPTION (UNCONFIRMED in kernel-semantics.md §2.4; the audit (D2) confirms it for cs_etm from the
        // cs-etm tool patch): the perf tool opens cs_etm with freq = 0, sample_period = 1, so the AUX leader
        // is never in frequency mode and the tick's unthrottle passes skip_start_event = false.
        if (p.freq) throw new InputError(`event '${p.text}': the AUX event is never in frequency mode (the perf tool sets sample_period = 1); drop 'freq'`);
      } else if (p.freq && p.period !== null) {
        throw new InputError(`event '${p.text}': give period=N or freq=N, not both (attr.freq selects one meaning of the sample_period/sample_freq union)`);
      } else if (!p.freq && p.period === null) {
        // issue 7 models frequency mode (perf_adjust_period), but only when asked for explicitly.
        throw new InputError(
          `event '${p.text}': frequency-mode counters need an explicit freq=N here (perf record's default -F 4000 is not assumed); give period=N or freq=N`,
        );
      } else if (p.freq && spec.driver === "swevent") {
        throw new InputError(`event '${p.text}': software events in frequency mode are not modelled; give period=N`);
      }
      const info: EventInfo = {
        id,
        pmu: spec,
        leader: leaderId,
        siblings: i === leaderIdx ? g.slice(1).map((j) => ids[j]!) : [],
        auxEvent: (action === "pause" || action === "resume") && i !== leaderIdx ? leaderId : null,
        attr: {
          aux_start_paused: action === "start-paused",
          aux_pause: action === "pause",
          aux_resume: action === "resume",
          // freq=N: attr.sample_freq; the period perf_adjust_period() computes is not modelled (issue 7)
          sample_period: spec.aux ? 1 : (p.period ?? 0),
          freq: !spec.aux && p.freq,
        },
        cpu: mode === "per-cpu" ? 0 : -1,
        rb: 0,
        text: p.text,
      };
      events.push(info);
      byId[id] = info;
    }
  }
  const counters = events.filter((e) => e.pmu.driver === "armv8").length;
  if (counters > 7) throw new InputError(`too many counters (${counters}); the modelled PMU has the cycle counter and 6 general counters`);
  const counterSlots = ["31", ...Array.from({ length: Math.max(0, counters) }, (_, i) => String(i))];

  const iocPeriodTarget = opts.budgets.ioctls > 0 ? (scenario.iocPeriodTarget ?? leaders[0] ?? null) : null;
  if (iocPeriodTarget !== null && !byId[iocPeriodTarget]) {
    throw new InputError(`PERF_EVENT_IOC_PERIOD target '${iocPeriodTarget}' is not an event of '${source}'; events: ${Object.keys(byId).join(", ")}`);
  }
  const restartTarget = opts.budgets.restarts > 0 ? (events.find((e) => e.pmu.aux)?.id ?? null) : null;
  if (opts.budgets.restarts > 0 && restartTarget === null) throw new InputError(`address-filter restarts need an AUX event; valid AUX PMUs: ${AUX_PMUS.join(", ")}`);
  if (restartTarget !== null && !byId[restartTarget]!.pmu.addrFilters) {
    throw new InputError(`address-filter restarts: ${byId[restartTarget]!.pmu.name} has no address filters (nr_addr_filters = 0); valid: ${AUX_PMUS.filter((p) => PMUS[p]!.addrFilters).join(", ")}`);
  }

  // issue 6 (two CPUs): per-CPU events are CPU0's (perf record -a opens one set per CPU; the model keeps one set
  // and lets the other CPU issue IPIs to it); per-task events run wherever the task is scheduled in (smp.ts).
  const ncpus = opts.ncpus ?? 1;
  if (!Number.isInteger(ncpus) || ncpus < 1 || ncpus > 2) throw new InputError(`ncpus must be 1 or 2, got '${String(ncpus)}'`);
  if (ncpus > 1) {
    const SMP_BUDGETS: readonly (keyof Budgets)[] = ["ticks", "overflows", "switches", "ioctls", "restarts"];
    const bad = (Object.keys(opts.budgets) as (keyof Budgets)[]).filter((b) => opts.budgets[b] > 0 && !SMP_BUDGETS.includes(b));
    if (bad.length > 0) {
      throw new InputError(
        `ncpus=2: budget(s) ${bad.join(", ")} are not modelled across CPUs (their paths assume one CPU: perf_pmu_output_stop, irq_work_queue_on, ...); valid with ncpus=2: ${SMP_BUDGETS.join(", ")}`,
      );
    }
  }

  return {
    scenario,
    patch: opts.patch,
    pmu: opts.pmu,
    mode,
    ncpus,
    events,
    byId,
    leaders,
    params: opts.params,
    budgets: opts.budgets,
    iocPeriodTarget,
    restartTarget,
    counterSlots,
    fns: opts.fns,
  };
}
