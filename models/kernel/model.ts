/**
 * The kernel model: mainline perf core + AUX ring buffer + CoreSight ETM (+ the armv8 core PMU for
 * the counter siblings), on per-CPU execution contexts. kernel-semantics.md §1–§4, §8.
 *
 * Contexts, per CPU: `task` (task-level operations: enabling the events, context switches, munmap),
 * `tick` (hardirq), `IPI` (PERF_EVENT_IOC_PERIOD, address-filter restarts: IRQ context) and `NMI`
 * (the PMU overflow interrupt). Each is a stack of frames of kernel functions cut into labelled
 * atomic steps (machine.ts). In a state, a CPU may:
 *   (a) run the next atomic step of its innermost context;
 *   (b) take the PMU NMI, whenever an overflow bit is latched and no NMI is running (NMIs do not
 *       nest): between any two steps of task, tick or IPI code;
 *   (c) take the tick or an IPI where IRQs are enabled: no context, or task code outside IRQs-off
 *       sections (never inside tick, IPI or NMI);
 *   (d) with no context at all, start a task-level operation;
 *   (e) latch a counter overflow (hardware), while the counter is enabled and PMCR_EL0.E is set.
 * Budgets bound (c), (d) and (e), so the state space is finite.
 *
 * The action of a step is named after the step's label (`perf_aux_output_begin:nest`), so that
 * coverage says which kernel code each scenario ran.
 */
import type { Model, Property, StepContext, StepInfo } from "../../src/model.ts";
import { weakFairness } from "../../src/liveness/properties.ts";
import { InputError, type ParamSpec, type Params } from "../../src/registry.ts";
import { kernelProperties } from "../../invariants/kernel/index.ts";
import { withR7 } from "../../invariants/kernel/R7-every-aux-pmu.ts";
import { PATCH_NAMES, patchByName } from "../patches/index.ts";
import { isCounter, type Config } from "./interpreter/config.ts";
import { chainOf, innermost, INTO, irqsEnabled, runStep, stepLabels, tableOf, type FunctionTable, type KAction, type KFunction } from "./interpreter/machine.ts";
import { lockWaits } from "./interpreter/locks.ts";
import { stateCodec, wordsPacking, wordsTransport, type StateCodec, type Words } from "./interpreter/state-codec.ts";
import { flagsString, hesString, PERF_HES_STOPPED, THROTTLE_PAUSE_NONE, type Budgets, type Frame, type KState, type Val } from "./interpreter/state.ts";
import { CORE_FUNCTIONS, CORE_SMP_FUNCTIONS } from "./linux/kernel/events/core.ts";
import { RING_BUFFER_FUNCTIONS } from "./linux/kernel/events/ring_buffer.ts";
import { IRQ_WORK_FUNCTIONS } from "./linux/kernel/irq_work.ts";
import { csdLockWaitBlocked, SMP_FUNCTIONS } from "./linux/kernel/smp.ts";
import { ETM_A_FUNCTIONS, ETM_B_FUNCTIONS } from "./linux/drivers/hwtracing/coresight/coresight-etm-perf.ts";
import { ETM4X_FUNCTIONS } from "./linux/drivers/hwtracing/coresight/coresight-etm4x-core.ts";
import { ARMPMU_FUNCTIONS } from "./linux/drivers/perf/arm_pmu.ts";
import { ARMV8_FUNCTIONS } from "./linux/drivers/perf/arm_pmuv3.ts";
import { SPE_FUNCTIONS } from "./linux/drivers/perf/arm_spe_pmu.ts";
import { PT_FUNCTIONS } from "./linux/arch/x86/events/intel/pt.ts";
import { X86_PMU_FUNCTIONS } from "./linux/arch/x86/events/intel/core.ts";
import { X86_CORE_FUNCTIONS } from "./linux/arch/x86/events/core.ts";
import { applyEntryAction, ENTRY_ACTIONS, entryActionNames, entryStepInfo, offerEntryActions, validateEnvironment } from "./environment/index.ts";
import { buildConfig } from "./environment/perf-event-open.ts";
import { AUX_PMUS } from "./environment/pmus.ts";
import { initialTask } from "./environment/scheduler.ts";
import { SCENARIO_NAMES, scenarioByName } from "./scenarios/scenarios.ts";
import { withReduction } from "./reduction.ts";
import { kernelGoals } from "./scenarios/goals.ts";
import { callText, foldedSetup, hardwareText, laneName, pathsRead } from "./trace-view.ts";

export type { KAction } from "./interpreter/machine.ts";

/**
 * The kernel model as the engine sees it: states are packed words (state-codec.ts); `codec` gives the
 * plain state.ts objects back (`peek` for reading, `decode` for a copy to work on).
 */
export interface KernelModel extends Model<Words, KAction> {
  readonly codec: StateCodec;
}

const BUDGET_NAMES: readonly (keyof Budgets)[] = ["ticks", "overflows", "switches", "ioctls", "restarts", "munmaps", "auxirqs", "setoutputs", "detaches", "sw_events", "fills", "closes"];

export const KERNEL_PARAMS: readonly ParamSpec[] = [
  {
    name: "scenario",
    type: "enum",
    default: "seed-coresight-warn",
    choices: SCENARIO_NAMES,
    choiceDescriptions: Object.fromEntries(SCENARIO_NAMES.map((n) => [n, scenarioByName(n)!.description])),
    description: "scenario (models/kernel/scenarios/scenarios.ts)",
  },
  {
    name: "patch",
    type: "enum",
    default: "none",
    choices: PATCH_NAMES,
    get choiceDescriptions() {
      return Object.fromEntries(PATCH_NAMES.map((n) => [n, patchByName(n)?.description ?? "mainline v7.1-rc1"]));
    },
    description: "patch file from models/patches/ (none = mainline v7.1-rc1)",
  },
  { name: "pmu", type: "enum", default: "cs_etm", choices: AUX_PMUS, description: "AUX PMU driver; the scenario's AUX events use it" },
  { name: "events", type: "string", default: "", description: "perf event string overriding the scenario's, e.g. '-a -e cs_etm//k -e cycles/aux-action=pause,period=3000/'" },
  {
    name: "max_samples_per_tick",
    type: "int",
    default: 0,
    min: 0,
    max: 8,
    description: "throttle threshold >= 1 (sysctl / perf_sample_event_took can lower it to 1; kernel-semantics.md §1.4); 0 = the scenario's",
  },
  { name: "etm_variant", type: "enum", default: "A", choices: ["A", "B"], description: "CoreSight ETM driver: A = mainline (§3.1), B = [LY-etm] development tree, upstream status UNCONFIRMED (§3.2)" },
  {
    name: "aux_in_sampling_guard",
    type: "bool",
    default: false,
    description: "perf_event_aux_pause also drops the action while rb->aux_in_sampling ([LY-core] only; UNCONFIRMED at the patch base, audit X3)",
  },
  {
    name: "platform",
    type: "enum",
    default: "nmi",
    choices: ["nmi", "irq"],
    description:
      "how the core PMU interrupt is taken (audit X9): nmi = x86 or arm64 with GICv3 pseudo-NMI (lands between any two steps); irq = arm64 with GICv2, e.g. the seed's Juno (only where IRQs are on, never nested)",
  },
  {
    name: "pmu_irq_handler",
    type: "enum",
    default: "arm64",
    choices: ["arm64", "x86"],
    description:
      "core PMU of the counters (audit X1): arm64 = drivers/perf/arm_pmu.c armpmu_* + armv8pmu_handle_irq (stopped members' latched overflows accounted, PMU re-enabled unconditionally); x86 = arch/x86/events/core.c x86_pmu_* (late start in x86_pmu_enable, WARN on a start of a running counter) + intel_pmu_handle_irq (inactive counters skipped, PMU re-enabled only if it was)",
  },
  {
    name: "ncpus",
    type: "int",
    default: 0,
    min: 0,
    max: 2,
    description: "CPUs modelled: 1 or 2; 0 = the scenario's (1 unless it says otherwise). With 2, per-task events migrate and IOC_PERIOD / address-filter restarts come from a task on either CPU (smp.ts)",
  },
  {
    name: "preempt_rcu",
    type: "bool",
    default: true,
    description:
      "ncpus=2, issuer self: rcu_read_lock() is preemptible (CONFIG_PREEMPT_RCU), so the mmap'ing task can be preempted and migrated inside perf_event_stop between its oncpu read and the call (UNCONFIRMED which config the target boxes run; false = !PREEMPT_RCU: no preemption there)",
  },
  {
    name: "ticks_unbounded",
    type: "bool",
    default: false,
    description:
      "the tick never runs out (one CPU): behaviours may then be infinite, so the liveness properties under fairness of the tick (eventually-unthrottled, eventually-resumed) judge every state; the per-CPU sequence counters (perf_throttled_seq, hw.interrupts_seq) are kept relative (1 = this tick's, 0 = an earlier one), which is all the kernel compares",
  },
  ...BUDGET_NAMES.map(
    (b): ParamSpec => ({ name: b, type: "int", default: -1, min: -1, max: 9, description: `budget: ${b} (-1 = the scenario's)` }),
  ),
];

function param<T extends Val>(p: Params, name: string): T {
  if (p[name] !== undefined) return p[name] as T;
  return KERNEL_PARAMS.find((s) => s.name === name)!.default as T;
}

/** The mainline functions of a run: the ETM variant's, the cross-CPU calls with two CPUs (with one CPU every call is local). */
function mainlineGroups(etmVariant: "A" | "B", ncpus: number): KFunction[][] {
  return [
    ...(ncpus > 1 ? [SMP_FUNCTIONS, CORE_SMP_FUNCTIONS] : []),
    CORE_FUNCTIONS,
    RING_BUFFER_FUNCTIONS,
    IRQ_WORK_FUNCTIONS,
    ARMPMU_FUNCTIONS,
    ARMV8_FUNCTIONS,
    X86_CORE_FUNCTIONS,
    X86_PMU_FUNCTIONS,
    ETM4X_FUNCTIONS,
    etmVariant === "A" ? ETM_A_FUNCTIONS : ETM_B_FUNCTIONS,
    SPE_FUNCTIONS,
    PT_FUNCTIONS,
  ];
}

/** Every kernel function some run has (both ETM variants, the cross-CPU calls): what a patch may override. */
export function everyKernelFunction(): FunctionTable {
  return tableOf(...mainlineGroups("B", 2), ...mainlineGroups("A", 2));
}

/** The function table: mainline, the ETM variant, then the patch's overrides (each must replace an existing function). */
export function functionTable(patchName: string, etmVariant: "A" | "B", ncpus = 1): FunctionTable {
  const base = tableOf(...mainlineGroups(etmVariant, ncpus));
  const patch = patchByName(patchName);
  if (patch === undefined) throw new InputError(`unknown patch '${patchName}'; valid: ${PATCH_NAMES.join(", ")}`);
  if (patch === null) return base;
  const out: Record<string, KFunction> = { ...base };
  for (const f of patch.overrides) {
    if (!base[f.name]) {
      if (everyKernelFunction()[f.name]) continue; // a function of another configuration (two CPUs, the other ETM variant)
      throw new InputError(`patch ${patch.name} overrides ${f.name}, which the model does not have (auxcheck check-patch ${patch.name} says where)`);
    }
    out[f.name] = f;
  }
  return out;
}

export function buildKernelConfig(p: Params): Config {
  const scenarioName = String(param(p, "scenario"));
  const scenario = scenarioByName(scenarioName);
  if (!scenario) throw new InputError(`unknown scenario '${scenarioName}'; valid: ${SCENARIO_NAMES.join(", ")}`);
  const patch = String(param(p, "patch"));
  const pmu = String(param(p, "pmu"));
  if (!AUX_PMUS.includes(pmu)) throw new InputError(`unknown pmu '${pmu}'; valid: ${AUX_PMUS.join(", ")}`);
  const etmVariant = String(param(p, "etm_variant"));
  if (etmVariant !== "A" && etmVariant !== "B") throw new InputError(`unknown etm_variant '${etmVariant}'; valid: A, B`);
  const mstp0 = Number(param(p, "max_samples_per_tick"));
  const mstp = mstp0 === 0 ? scenario.maxSamplesPerTick : mstp0;
  if (!Number.isInteger(mstp) || mstp < 1) throw new InputError(`max_samples_per_tick must be an integer >= 1, got '${String(param(p, "max_samples_per_tick"))}'`);
  const budgets: Budgets = { ...scenario.budgets };
  for (const b of BUDGET_NAMES) {
    const v = Number(param(p, b));
    if (v >= 0) budgets[b] = v;
  }
  const ncpus0 = Number(param(p, "ncpus"));
  const ncpus = ncpus0 === 0 ? (scenario.ncpus ?? 1) : ncpus0;
  const fns = functionTable(patch, etmVariant, ncpus);
  const platform = String(param(p, "platform"));
  if (platform !== "nmi" && platform !== "irq") throw new InputError(`unknown platform '${platform}'; valid: nmi, irq`);
  const pmuIrqHandler = String(param(p, "pmu_irq_handler"));
  if (pmuIrqHandler !== "arm64" && pmuIrqHandler !== "x86") throw new InputError(`unknown pmu_irq_handler '${pmuIrqHandler}'; valid: arm64, x86`);
  const ticksUnbounded = Boolean(param(p, "ticks_unbounded"));
  if (ticksUnbounded && ncpus > 1) {
    throw new InputError("ticks_unbounded: one CPU only (each CPU's perf_throttled_seq is compared with events that migrated from the other CPU, so their order matters and cannot be kept relative); valid: ncpus=1");
  }
  const cfg = buildConfig(scenario, {
    events: String(param(p, "events")),
    pmu,
    patch,
    params: { maxSamplesPerTick: mstp, etmVariant, auxInSamplingGuard: Boolean(param(p, "aux_in_sampling_guard")), platform, pmuIrqHandler, ticksUnbounded },
    budgets,
    fns,
    ncpus,
  });
  validateEnvironment(cfg);
  return cfg;
}

export function initialState(cfg: Config): KState {
  const ev0: KState["ev"] = {};
  for (const e of cfg.events) {
    // ASSUMPTION (perf tool behaviour, not in the reference): per-CPU sessions: perf record opens the
    // group leaders disabled and enables them after mmap
    // (the `enable` operation); siblings are enabled. Per-task sessions: enabled (enable_on_exec
    // has fired), waiting for the task to be scheduled in.
    const off = cfg.mode === "per-cpu" && e.leader === e.id;
    ev0[e.id] = {
      state: off ? "OFF" : "INACTIVE",
      oncpu: -1,
      hw: { interrupts: 0, interrupts_seq: 0, state: PERF_HES_STOPPED, aux_paused: e.attr.aux_start_paused ? 1 : 0, idx: -1, aux_config: 0 },
      rb: e.rb,
      rb_entry: e.rb, // perf record SET_OUTPUTs every event of the CPU (or task) to the owner's rb: all on its event_list
      pending_disable: false,
      event_limit: cfg.scenario.eventLimit?.[e.id] ?? 0, // PERF_EVENT_IOC_REFRESH at open
    };
  }
  const ctr: Record<string, { event: string | null; en: boolean; ovf: boolean; adj: boolean }> = {};
  for (const s of cfg.counterSlots) ctr[s] = { event: null, en: false, ovf: false, adj: false };
  const added: Record<string, boolean> = {};
  for (const e of cfg.events) if (isCounter(e.pmu.driver)) added[e.id] = false;
  const userPaused: Record<string, boolean> = {};
  const nmiMax: Record<string, boolean> = {};
  const throttlePause: Record<string, number> = {};
  const userDropped: Record<string, boolean> = {};
  for (const e of cfg.events) {
    if (e.pmu.aux) {
      userPaused[e.id] = e.attr.aux_start_paused;
      throttlePause[e.id] = THROTTLE_PAUSE_NONE;
      userDropped[e.id] = false;
    }
    nmiMax[e.id] = false;
  }
  return {
    ev: ev0,
    // One rb per CPU, data and AUX mapped: refcount 1 (event->rb), aux_refcount 1 (rb_alloc_aux), one AUX vma.
    rb: [{ refcount: 1, aux_nest: 0, aux_refcount: 1, aux_mmap_count: 1, has_aux: true, aux_in_pause_resume: false, aux_in_sampling: false, aux_full: false }],
    cpu: Array.from({ length: cfg.ncpus }, () => ({
      ctx: [],
      perf_throttled_count: 0,
      perf_throttled_seq: 0,
      task_ctx_current: false,
      pmu: { pmcr_e: false, disable_count: 0, ctr: structuredClone(ctr), enabled: true, added: { ...added } },
      etm: { handle: { event: null, rb: null, aux_flags: 0 }, event_data: null, drvdata: { mode: "DISABLED" as const, paused: false } },
      spe: { handle: { event: null, rb: null, aux_flags: 0 }, pmscr: false, pmblimitr_e: false, pmbsr: null },
      pt: { handle: { event: null, rb: null, aux_flags: 0 }, handle_nmi: false, pause_allowed: false, resume_allowed: false, trace_en: false, pmi: false },
      ...(cfg.ncpus > 1 ? { csd: null } : {}), // two CPUs: the call_single_queue
    })),
    budget: { ...cfg.budgets },
    ghost: { userPaused, nmiMax, throttlePause, userDropped },
    locks: { "ctx:cpu": false, "ctx:task": false, ...Object.fromEntries(cfg.events.map((e) => [`mmap:${e.id}`, false])) },
    ...(cfg.ncpus > 1 ? { smp: initialTask() } : {}), // two CPUs: the profiled task's scheduler state
  };
}

/** `etm_event_start(e=L, flags=0)`: a frame's arguments and locals (the last return value `rv` left out). */
export function formatCall(f: Frame): string {
  const args = Object.entries(f.a)
    .filter(([k]) => k !== "rv" && k !== INTO)
    .map(([k, v]) => `${k}=${k === "flags" && typeof v === "number" ? flagsString(v) : String(v)}`)
    .join(", ");
  return `${f.fn}(${args})`;
}

/** A readable view: contexts as strings, hw.state as flags, event_data as the aux_priv it points to. */
export function viewState(s: KState, cfg: Config): unknown {
  const ev: Record<string, unknown> = {};
  for (const [id, e] of Object.entries(s.ev)) {
    const info = cfg.byId[id]!;
    ev[id] = {
      state: e.state,
      oncpu: e.oncpu,
      hw: {
        interrupts: e.hw.interrupts,
        interrupts_seq: e.hw.interrupts_seq,
        state: hesString(e.hw.state),
        ...(info.pmu.aux ? { aux_paused: e.hw.aux_paused } : { idx: e.hw.idx }),
        ...(info.pmu.driver === "pt" ? { aux_config: e.hw.aux_config ? "TRACEEN" : 0 } : {}),
      },
      // event->rb (null once detached) and pending_disable
      rb: e.rb,
      pending_disable: e.pending_disable,
    };
  }
  const drv = cfg.events.find((e) => e.pmu.aux)?.pmu.driver ?? "etm";
  return {
    ev,
    rb: s.rb,
    cpu: s.cpu.map((c) => ({
      // The running contexts, outermost first; each trace step shows its own call chain and label.
      ctx: c.ctx.map((x) => `${x.kind}${x.kind === "task" && x.irqoff > 0 ? " (irqs off)" : ""}`),
      perf_throttled_count: c.perf_throttled_count,
      perf_throttled_seq: c.perf_throttled_seq,
      ...(cfg.mode === "per-task" ? { task_ctx_current: c.task_ctx_current } : {}),
      pmu: c.pmu,
      ...(drv === "etm"
        ? {
            etm: {
              handle: c.etm.handle,
              event_data: c.etm.event_data === null ? null : `rb${c.etm.event_data}.aux_priv`,
              drvdata: c.etm.drvdata,
              tracing: c.etm.drvdata.mode === "PERF" && !c.etm.drvdata.paused,
            },
          }
        : {}),
      ...(drv === "spe" ? { spe: { ...c.spe, tracing: c.spe.pmscr && c.spe.pmblimitr_e } } : {}),
      ...(drv === "pt" ? { pt: c.pt } : {}),
      ...(c.csd !== undefined ? { csd: c.csd } : {}),
    })),
    budget: s.budget,
    locks: Object.keys(s.locks).filter((l) => s.locks[l]),
    ghost: s.ghost,
    ...(s.smp ? { smp: { task_cpu: s.smp.task_cpu, saved: s.smp.saved === null ? null : s.smp.saved.frames.map((f) => `${f.fn}:${f.pc}`).join(" > ") } } : {}),
  };
}

export function buildKernelModel(p: Params): KernelModel {
  const cfg = buildKernelConfig(p);
  return withReduction(cfg, withR7<Words, KernelModel>(cfg, kernelModel(cfg, Boolean(param(p, "preempt_rcu"))))); // --por declaration (reduction.ts)
}

/** A property of the plain state read on packed words (through the codec's view). */
export function onWords<A extends KAction>(p: Property<KState, A>, codec: StateCodec): Property<Words, A> {
  const lift = (f: ((s: KState) => boolean) | undefined) => (f === undefined ? undefined : (w: Words) => f(codec.peek(w)));
  const { holds, from, to, outOfBudget, ...rest } = p;
  return {
    ...rest,
    ...(holds ? { holds: lift(holds)! } : {}),
    ...(from ? { from: lift(from)! } : {}),
    ...(to ? { to: lift(to)! } : {}),
    ...(outOfBudget ? { outOfBudget: lift(outOfBudget)! } : {}),
  };
}

/**
 * ticks_unbounded (one CPU): the kernel only increments perf_throttled_seq (perf_event_task_tick) and
 * compares it for equality with an event's hw.interrupts_seq, which it sets from it
 * (__perf_event_account_interrupt); so what matters is which events' interrupts_seq equal the CPU's
 * current one. Writing that relation as 1 (current) and 0 (an earlier tick) keeps the state space finite
 * under unbounded ticks and changes no behaviour.
 */
function keepTickSequenceRelative(k: KState): void {
  const c = k.cpu[0]!;
  for (const id in k.ev) {
    const hw = k.ev[id]!.hw;
    const rel = hw.interrupts_seq === c.perf_throttled_seq ? 1 : 0;
    if (hw.interrupts_seq !== rel) hw.interrupts_seq = rel;
  }
  if (c.perf_throttled_seq !== 1) c.perf_throttled_seq = 1;
}

export function kernelModel(cfg: Config, preemptRcu = true): KernelModel {
  const codec = stateCodec(initialState(cfg));
  const labels = stepLabels(cfg.fns);
  const labelSet = new Set(labels);
  const name = `kernel/${cfg.scenario.name}${cfg.patch !== "none" ? `+${cfg.patch}` : ""}${cfg.params.etmVariant === "B" ? "+etmB" : ""}${cfg.params.platform === "irq" ? "+irq" : ""}${cfg.params.pmuIrqHandler === "x86" ? "+x86" : ""}`;
  const cpuParams = (c: number): (string | number)[] => (cfg.ncpus > 1 ? [`cpu${c}`] : []);
  const cpuOf = (a: KAction): number => (cfg.ncpus > 1 ? Number(String(a.params[0]).slice(3)) : 0);
  // The action of a step, one object per CPU, label and context kind (the most frequent action: made once).
  const stepActions: Record<string, Map<string, KAction>>[] = Array.from({ length: cfg.ncpus }, () => ({}));
  const stepAction = (c: number, label: string, kind: string): KAction => {
    const byLabel = (stepActions[c]![kind] ??= new Map());
    let a = byLabel.get(label);
    if (a === undefined) byLabel.set(label, (a = { name: label, params: cpuParams(c), context: kind }));
    return a;
  };
  // where the running step's WARNs go (set by next, so that no closure is made per step)
  let failTo: StepContext = { fail() {} };
  const fail = (property: string, message: string, callChain: string[]): void => failTo.fail({ property, message, callChain });
  const stateProperties = kernelProperties(cfg);

  return {
    name,
    actionNames: [...entryActionNames(cfg), ...labels],
    codec,
    properties: stateProperties.map((p) => onWords(p, codec)),
    goals: kernelGoals(cfg).map(({ reached, ...g }) => (reached ? { ...g, reached: (w: Words) => reached(codec.peek(w)) } : g)),
    initStates() {
      const s = initialState(cfg);
      if (cfg.params.ticksUnbounded) keepTickSequenceRelative(s);
      return [codec.encode(s)];
    },
    quiescent: (w) => codec.peek(w).cpu.every((c) => c.ctx.length === 0),
    // no move left and no context running: the budgets ran out (deadlock checking is on by default; a stuck context is a deadlock)
    final: (w) => codec.peek(w).cpu.every((c) => c.ctx.length === 0),
    fingerprint: codec.fingerprint,
    transport: wordsTransport,
    packing: wordsPacking,
    // every CPU keeps executing: a behaviour that starves a CPU's enabled step forever is not one the
    // hardware can produce (the liveness properties assume it: invariants/kernel/lockup.ts)
    fairness: [weakFairness<KAction>((a) => a.name.includes(":"), { per: (a) => String(cpuOf(a)), name: "WF(steps) per CPU" })],

    actions(w, out) {
      const s = codec.peek(w);
      for (let c = 0; c < cfg.ncpus; c++) {
        const top = innermost(s, c);
        if (top) {
          const f = top.frames[top.frames.length - 1]!;
          const fn = cfg.fns[f.fn]!;
          // a sender spinning in csd_lock_wait() has no step until the target CPU ran its csd; a task sleeping in
          // mutex_lock() none until the holder released the lock
          const blocked = (cfg.ncpus > 1 && csdLockWaitBlocked(s, f)) || (fn.mutexSet.has(f.pc) && lockWaits(s, f));
          if (!blocked) out.push(stepAction(c, fn.labelName[f.pc]!, top.kind));
        }
        offerEntryActions({ s, cfg, c, top, irqsOn: irqsEnabled(top), cp: cpuParams(c), out, preemptRcu });
      }
    },

    next(w, a, step: StepContext) {
      const c = cpuOf(a);
      const k = codec.take(w);
      if (labelSet.has(a.name)) {
        failTo = step;
        const ran = runStep(k, c, cfg, fail);
        if (ran !== a.name) throw new Error(`action ${a.name} ran ${ran}`);
      } else applyEntryAction(k, a, c, cfg);
      if (cfg.params.ticksUnbounded) keepTickSequenceRelative(k);
      const t = codec.encode(k);
      codec.remember(t, k);
      return t;
    },

    stepInfo(w, a): StepInfo {
      const lane = laneName(cfg, cpuOf(a), a.context);
      const entry = ENTRY_ACTIONS.get(a.name);
      if (entry !== undefined) {
        const info = entryStepInfo(entry, a.context, a.params, cfg);
        // an entry with a kernel function shows when that function's first step runs; a hardware event is a line of its own
        return { ...info, lane, ...(info.callChain.length === 0 ? { enters: hardwareText(a.name, a.params, cfg) } : {}) };
      }
      const top = innermost(codec.decode(w), cpuOf(a))!;
      const f = top.frames[top.frames.length - 1]!;
      return { context: top.kind, callChain: chainOf(top.frames), label: `${formatCall(f)}:${f.pc}`, lane, ...(f.pc === "entry" ? { enters: callText(f) } : {}) };
    },

    // what the violated property reads: its predicate on the last state, or the WARN's step run again
    reads(property, before, a, after) {
      const p = stateProperties.find((q) => q.name === property);
      if (p?.holds) return pathsRead(codec.decode(after), (s) => void p.holds!(s));
      if (p?.kind !== "assertion") return null;
      const c = cpuOf(a);
      return pathsRead(codec.decode(before), (k) => void (labelSet.has(a.name) ? runStep(k, c, cfg, () => {}) : applyEntryAction(k, a, c, cfg)));
    },

    setup: (trace, views) => foldedSetup(trace, views, cfg),

    view: (w) => viewState(codec.decode(w), cfg),
    // ITF: the readable view plus every context's call stack (function, step label, arguments and
    // locals), so that consecutive ITF states differ whenever a step ran (a step that only moves a
    // frame's label changes nothing else)
    itfView(w) {
      const s = codec.decode(w);
      const stacks = s.cpu.map((c) => c.ctx.map((x) => ({ kind: x.kind, irqoff: x.irqoff, frames: x.frames.map((f) => ({ fn: f.fn, pc: f.pc, a: { ...f.a } })) })));
      return { ...(viewState(s, cfg) as Record<string, unknown>), stacks, ...(s.smp?.saved ? { saved: s.smp.saved.frames.map((f) => ({ fn: f.fn, pc: f.pc, a: { ...f.a } })) } : {}) };
    },

    // contexts nested inside another (a tick in task code, an NMI in the tick): the tie-break among shortest traces
    nesting(w) {
      let n = 0;
      for (const c of codec.peek(w).cpu) if (c.ctx.length > 1) n += c.ctx.length - 1;
      return n;
    },
  };
}

