/**
 * perf_event_open() as the perf tool drives it: the scenario's perf event string (or `--events`) becomes
 * the run's events, their groups and PMUs (interpreter/config.ts), with the refusals of the syscall.
 *
 * perf_event_open() rules enforced here (kernel-semantics.md §2.8, [LY-core] perf_event_alloc /
 * perf_get_aux_event): aux-action=start-paused only on an AUX event whose PMU has
 * PERF_PMU_CAP_AUX_PAUSE; aux-action=pause/resume only on a non-AUX event whose group leader is
 * such an AUX event; one AUX event per group.
 */
import { InputError } from "../../../src/registry.ts";
import type { FunctionTable } from "../interpreter/machine.ts";
import type { Budgets } from "../interpreter/state.ts";
import { isCounter, type Config, type EventInfo, type Mode, type ModelParams, type PmuSpec, type Scenario } from "../interpreter/config.ts";
import { parsePerfEvents, type AuxAction, type ParsedEvent } from "./perf-event-syntax.ts";
import { AUX_PMUS, onCorePmu, PMUS } from "./pmus.ts";

function idBase(p: ParsedEvent, spec: PmuSpec): string {
  if (spec.aux) return "L";
  if (spec.driver === "swevent") return "S"; // software siblings
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
    const spec = spec0.aux ? PMUS[opts.pmu]! : onCorePmu(spec0, opts.params.pmuIrqHandler);
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
        // frequency mode is modelled (perf_adjust_period), but only when asked for explicitly.
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
          // freq=N: attr.sample_freq; the period perf_adjust_period() computes is not modelled
          sample_period: spec.aux ? 1 : (p.period ?? 0),
          freq: !spec.aux && p.freq,
        },
        cpu: mode === "per-cpu" ? 0 : (scenario.taskEventCpu ?? -1),
        task: mode === "per-task",
        rb: 0,
        text: p.text,
      };
      events.push(info);
      byId[id] = info;
    }
  }
  const counters = events.filter((e) => isCounter(e.pmu.driver)).length;
  if (counters > 7) throw new InputError(`too many counters (${counters}); the modelled PMU has the cycle counter and 6 general counters`);
  const counterSlots = ["31", ...Array.from({ length: Math.max(0, counters) }, (_, i) => String(i))];

  // the scenario's PERF_EVENT_IOC_PERIOD targets, in the order they are offered (one, or several: the budget counts every call)
  const targets0 = scenario.iocPeriodTarget === null ? (leaders[0] !== undefined ? [leaders[0]] : []) : typeof scenario.iocPeriodTarget === "string" ? [scenario.iocPeriodTarget] : scenario.iocPeriodTarget;
  const iocPeriodTargets = opts.budgets.ioctls > 0 ? targets0 : [];
  for (const t of iocPeriodTargets) {
    if (!byId[t]) throw new InputError(`PERF_EVENT_IOC_PERIOD target '${t}' is not an event of '${source}'; events: ${Object.keys(byId).join(", ")}`);
  }
  const restartTarget = opts.budgets.restarts > 0 ? (events.find((e) => e.pmu.aux)?.id ?? null) : null;
  if (opts.budgets.restarts > 0 && restartTarget === null) throw new InputError(`address-filter restarts need an AUX event; valid AUX PMUs: ${AUX_PMUS.join(", ")}`);
  if (restartTarget !== null && !byId[restartTarget]!.pmu.addrFilters) {
    throw new InputError(`address-filter restarts: ${byId[restartTarget]!.pmu.name} has no address filters (nr_addr_filters = 0); valid: ${AUX_PMUS.filter((p) => PMUS[p]!.addrFilters).join(", ")}`);
  }

  // two CPUs: per-CPU events are CPU0's (perf record -a opens one set per CPU; the model keeps one set
  // and lets the other CPU issue IPIs to it); per-task events run wherever the task is scheduled in (environment/scheduler.ts).
  const ncpus = opts.ncpus ?? 1;
  if (!Number.isInteger(ncpus) || ncpus < 1 || ncpus > 2) throw new InputError(`ncpus must be 1 or 2, got '${String(ncpus)}'`);
  if (ncpus > 1) {
    const SMP_BUDGETS: readonly (keyof Budgets)[] = ["ticks", "overflows", "switches", "ioctls", "restarts", "setoutputs", "munmaps", "detaches"];
    const bad = (Object.keys(opts.budgets) as (keyof Budgets)[]).filter((b) => opts.budgets[b] > 0 && !SMP_BUDGETS.includes(b));
    if (bad.length > 0) {
      throw new InputError(
        `ncpus=2: budget(s) ${bad.join(", ")} are not modelled across CPUs (their paths assume one CPU: the AUX interrupts, irq_work_queue_on, perf_swevent, close, ...); valid with ncpus=2: ${SMP_BUDGETS.join(", ")}`,
      );
    }
  }

  // The owner of the rb's mmaps. perf record puts the AUX evsel first (evlist__to_front in cs_etm / intel_pt /
  // arm_spe recording_options) and mmaps the first fd of each CPU, data and AUX area; the others SET_OUTPUT to it.
  // rb_alloc_aux() refuses an event without `has_aux` (-EOPNOTSUPP), so the AUX area's owner is an AUX event.
  // "other-task": an event of another task on the same CPU (errata X13): perf_event_set_output() allows it only
  // for CPU-bound events ("Don't allow cross-cpu buffers"; "If its not a per-cpu rb, it must be the same task").
  let rbOwner: string | null = events.find((e) => e.pmu.aux)?.id ?? events[0]?.id ?? null;
  let rbOwnerCpu = rbOwner === null ? 0 : byId[rbOwner]!.cpu;
  if (scenario.rbOwner === "other-task") {
    if (mode !== "per-task" || scenario.taskEventCpu === undefined) {
      throw new InputError("rb owned by another task's event: needs per-task events bound to a CPU (perf_event_set_output refuses a per-task, cpu == -1 rb of another task)");
    }
    rbOwner = null;
    rbOwnerCpu = scenario.taskEventCpu;
  }
  const taskCpus = scenario.taskCpus ?? Array.from({ length: ncpus }, (_, i) => i);
  if (taskCpus.length === 0 || taskCpus.some((c) => !Number.isInteger(c) || c < 0 || c >= ncpus)) throw new InputError(`taskCpus ${taskCpus.join(",")}: CPUs of 0..${ncpus - 1}`);
  if (scenario.taskEventCpu !== undefined && taskCpus.some((c) => c !== scenario.taskEventCpu)) {
    // event_filter_match() (event->cpu == -1 || event->cpu == smp_processor_id()) is not modelled: a task bound to
    // another CPU would schedule in none of the events there.
    throw new InputError(`per-task events bound to cpu${scenario.taskEventCpu}: the task must be pinned to it (taskCpus)`);
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
    iocPeriodTargets,
    restartTarget,
    counterSlots,
    rbOwner,
    rbOwnerCpu,
    taskCpus,
    fns: opts.fns,
  };
}
