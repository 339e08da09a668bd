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
import { Immer, type Draft } from "immer";
import type { Action, Model, StepContext, StepInfo } from "../../src/model.ts";
import { InputError, type ParamSpec, type Params } from "../../src/registry.ts";
import { kernelProperties } from "../../invariants/kernel/index.ts";
import { PATCH_NAMES, patchByName } from "../patches/index.ts";
import { AUX_PMUS, buildConfig, ev, type Config } from "./config.ts";
import { CORE_FUNCTIONS } from "./core.ts";
import { ARMV8_FUNCTIONS } from "./drivers/armv8-pmu.ts";
import { ETM4X_FUNCTIONS, ETM_A_FUNCTIONS, ETM_B_FUNCTIONS } from "./drivers/coresight-etm.ts";
import { chainOf, innermost, runStep, stepLabels, tableOf, type FunctionTable, type KFunction } from "./machine.ts";
import { RING_BUFFER_FUNCTIONS } from "./ring-buffer.ts";
import { SCENARIO_NAMES, scenarioByName } from "./scenarios.ts";
import { AUX_ENTRY_ACTIONS, AUX_ENTRY_FN, auxActions, auxNext } from "./aux-actions.ts";
import { SPE_FUNCTIONS } from "./drivers/arm-spe.ts";
import { PT_FUNCTIONS } from "./drivers/intel-pt.ts";
import { IRQ_WORK_FUNCTIONS } from "./irq-work.ts";
import { RB_ATTACH_FUNCTIONS } from "./rb-attach.ts";
import { CORE_FIDELITY_FUNCTIONS } from "./core-fidelity.ts";
import { SWEVENT_FUNCTIONS } from "./drivers/swevent.ts";
import { X86_PMU_FUNCTIONS } from "./drivers/x86-pmu.ts";
import { FIDELITY_ENTRY_ACTIONS, FIDELITY_ENTRY_FN, fidelityActions, fidelityNext, pmuIrqHandler, validateFidelity } from "./fidelity-actions.ts";
import { withR7 } from "../../invariants/kernel/R7-every-aux-pmu.ts";
import { withReduction } from "./reduction.ts";
import { kernelGoals } from "./goals.ts";
import { SMP_ENTRY_ACTIONS, SMP_ENTRY_FN, SMP_FUNCTIONS, smpActions, smpBlocked, smpInitial, smpNext, smpSchedActions, smpSchedIn, validateSmp } from "./smp.ts";
import { flagsString, hesString, PERF_HES_STOPPED, type Budgets, type Context, type ContextKind, type Frame, type KState, type Val } from "./state.ts";

const immer = new Immer({ autoFreeze: false });

export interface KAction extends Action {
  readonly name: string;
  readonly params: readonly (string | number)[];
  readonly context: string;
}

/** Task-level operations, interrupts and hardware events (everything that is not a step). */
export const ENTRY_ACTIONS = ["enable", "sched_in", "sched_out", "munmap", "tick", "ioc_period", "addr_filter_restart", "nmi", "overflow"] as const;

/** The entry function each entry action pushes. */
const ENTRY_FN: Readonly<Record<string, string>> = {
  enable: "__perf_event_enable",
  sched_in: "__perf_event_task_sched_in",
  sched_out: "__perf_event_task_sched_out",
  munmap: "perf_mmap_close",
  tick: "perf_event_task_tick",
  ioc_period: "__perf_event_period",
  addr_filter_restart: "__perf_event_stop",
  nmi: "armv8pmu_handle_irq",
};

const BUDGET_NAMES: readonly (keyof Budgets)[] = ["ticks", "overflows", "switches", "ioctls", "restarts", "munmaps", "auxirqs", "setoutputs", "detaches", "sw_events", "fills", "closes"];

export const KERNEL_PARAMS: readonly ParamSpec[] = [
  { name: "scenario", type: "enum", default: "seed-coresight-warn", choices: SCENARIO_NAMES, description: "scenario (models/kernel/scenarios.ts)" },
  { name: "patch", type: "enum", default: "none", choices: PATCH_NAMES, description: "patch file from models/patches/ (none = mainline v7.1-rc1)" },
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
    description: "core PMU interrupt handler (audit X1): arm64 = armv8pmu_handle_irq (stopped members' latched overflows accounted, PMU re-enabled unconditionally); x86 = intel_pmu_handle_irq (inactive counters skipped, PMU re-enabled only if it was)",
  },
  {
    name: "ncpus",
    type: "int",
    default: 0,
    min: 0,
    max: 2,
    description: "CPUs modelled (issue 6): 1 or 2; 0 = the scenario's (1 unless it says otherwise). With 2, per-task events migrate and IOC_PERIOD / address-filter restarts come from a task on either CPU (smp.ts)",
  },
  {
    name: "preempt_rcu",
    type: "bool",
    default: true,
    description:
      "ncpus=2, issuer self: rcu_read_lock() is preemptible (CONFIG_PREEMPT_RCU), so the mmap'ing task can be preempted and migrated inside perf_event_stop between its oncpu read and the call (UNCONFIRMED which config the target boxes run; false = !PREEMPT_RCU: no preemption there)",
  },
  ...BUDGET_NAMES.map(
    (b): ParamSpec => ({ name: b, type: "int", default: -1, min: -1, max: 9, description: `budget: ${b} (-1 = the scenario's)` }),
  ),
];

function param<T extends Val>(p: Params, name: string): T {
  if (p[name] !== undefined) return p[name] as T;
  return KERNEL_PARAMS.find((s) => s.name === name)!.default as T;
}

/** The function table: mainline, the ETM variant, then the patch's overrides (each must replace an existing function). */
export function functionTable(patchName: string, etmVariant: "A" | "B", ncpus = 1): FunctionTable {
  const base = tableOf(
    ...(ncpus > 1 ? [SMP_FUNCTIONS] : []), // issue 6
    CORE_FUNCTIONS,
    RING_BUFFER_FUNCTIONS,
    ARMV8_FUNCTIONS,
    ETM4X_FUNCTIONS,
    etmVariant === "A" ? ETM_A_FUNCTIONS : ETM_B_FUNCTIONS,
    SPE_FUNCTIONS,
    PT_FUNCTIONS,
    IRQ_WORK_FUNCTIONS,
    RB_ATTACH_FUNCTIONS,
    X86_PMU_FUNCTIONS,
    SWEVENT_FUNCTIONS,
    CORE_FIDELITY_FUNCTIONS,
  );
  const patch = patchByName(patchName);
  if (patch === undefined) throw new InputError(`unknown patch '${patchName}'; valid: ${PATCH_NAMES.join(", ")}`);
  if (patch === null) return base;
  const out: Record<string, KFunction> = { ...base };
  for (const f of patch.overrides) {
    if (!base[f.name]) throw new Error(`patch ${patch.name} overrides ${f.name}, which the model does not have`);
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
  const cfg = buildConfig(scenario, {
    events: String(param(p, "events")),
    pmu,
    patch,
    params: { maxSamplesPerTick: mstp, etmVariant, auxInSamplingGuard: Boolean(param(p, "aux_in_sampling_guard")), platform, pmuIrqHandler },
    budgets,
    fns,
    ncpus,
  });
  validateFidelity(cfg); // issue 7
  validateSmp(cfg); // issue 6
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
      hw: { interrupts: 0, interrupts_seq: 0, state: PERF_HES_STOPPED, aux_paused: e.attr.aux_start_paused ? 1 : 0, idx: -1 },
      rb: e.rb,
      pending_disable: false,
      event_limit: cfg.scenario.eventLimit?.[e.id] ?? 0, // issue 7: PERF_EVENT_IOC_REFRESH at open
    };
  }
  const ctr: Record<string, { event: string | null; en: boolean; ovf: boolean; adj: boolean }> = {};
  for (const s of cfg.counterSlots) ctr[s] = { event: null, en: false, ovf: false, adj: false };
  const userPaused: Record<string, boolean> = {};
  const nmiMax: Record<string, boolean> = {};
  for (const e of cfg.events) {
    if (e.pmu.aux) userPaused[e.id] = e.attr.aux_start_paused;
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
      pmu: { pmcr_e: false, disable_count: 0, ctr: structuredClone(ctr) },
      etm: { handle: { event: null, rb: null, aux_flags: 0 }, event_data: null, drvdata: { mode: "DISABLED" as const, paused: false } },
      spe: { handle: { event: null, rb: null, aux_flags: 0 }, pmscr: false, pmblimitr_e: false, pmbsr: null },
      pt: { handle: { event: null, rb: null, aux_flags: 0 }, handle_nmi: false, pause_allowed: false, resume_allowed: false, trace_en: false, pmi: false },
      ...(cfg.ncpus > 1 ? { csd: null } : {}), // issue 6
    })),
    budget: { ...cfg.budgets },
    ghost: { userPaused, nmiMax },
    ...(cfg.ncpus > 1 ? { smp: smpInitial() } : {}), // issue 6
  };
}

function pushContext(k: Draft<KState>, cpu: number, kind: ContextKind, fn: string, args: Record<string, Val>, irqoff: number): void {
  k.cpu[cpu]!.ctx.push({ kind, irqoff, frames: [{ fn, pc: "entry", a: args }] });
}

function irqsEnabled(top: Context | null): boolean {
  return top === null || (top.kind === "task" && top.irqoff === 0);
}

/** `etm_event_start(e=L, flags=0)`: a frame's arguments and locals (the last return value `rv` left out). */
export function formatCall(f: Frame): string {
  const args = Object.entries(f.a)
    .filter(([k]) => k !== "rv")
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
      },
      // issue 4: event->rb (null once detached) and pending_disable
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
      ...(c.csd !== undefined ? { csd: c.csd } : {}), // issue 6
    })),
    budget: s.budget,
    ghost: s.ghost,
    ...(s.smp ? { smp: { task_cpu: s.smp.task_cpu, saved: s.smp.saved === null ? null : s.smp.saved.frames.map((f) => `${f.fn}:${f.pc}`).join(" > ") } } : {}), // issue 6
  };
}

export function buildKernelModel(p: Params): Model<KState, KAction> {
  const cfg = buildKernelConfig(p);
  return withReduction(cfg, withR7(cfg, kernelModel(cfg, Boolean(param(p, "preempt_rcu"))))); // issue 6: --por declaration (reduction.ts)
}

export function kernelModel(cfg: Config, preemptRcu = true): Model<KState, KAction> {
  const labels = stepLabels(cfg.fns);
  const labelSet = new Set(labels);
  const counterEvents = cfg.events.filter((e) => e.pmu.driver === "armv8").map((e) => e.id);
  const name = `kernel/${cfg.scenario.name}${cfg.patch !== "none" ? `+${cfg.patch}` : ""}${cfg.params.etmVariant === "B" ? "+etmB" : ""}${cfg.params.platform === "irq" ? "+irq" : ""}${cfg.params.pmuIrqHandler === "x86" ? "+x86" : ""}`;
  const cpuParams = (c: number): (string | number)[] => (cfg.ncpus > 1 ? [`cpu${c}`] : []);
  const cpuOf = (a: KAction): number => (cfg.ncpus > 1 ? Number(String(a.params[0]).slice(3)) : 0);

  return {
    name,
    actionNames: [...ENTRY_ACTIONS, ...AUX_ENTRY_ACTIONS, ...FIDELITY_ENTRY_ACTIONS, ...(cfg.ncpus > 1 ? SMP_ENTRY_ACTIONS : []), ...labels],
    properties: kernelProperties(cfg),
    goals: kernelGoals(cfg),
    initStates: () => [initialState(cfg)],
    quiescent: (s) => s.cpu.every((c) => c.ctx.length === 0),

    actions(s, out) {
      for (let c = 0; c < cfg.ncpus; c++) {
        const cpu = s.cpu[c]!;
        const top = innermost(s, c);
        const cp = cpuParams(c);
        if (top) {
          const f = top.frames[top.frames.length - 1]!;
          // issue 6: a sender spinning in csd_lock_wait() has no step until the target CPU ran its csd
          if (!(cfg.ncpus > 1 && smpBlocked(s, f))) out.push({ name: `${f.fn}:${f.pc}`, params: cp, context: top.kind });
        }
        // (b) the PMU interrupt: level-triggered on a latched overflow with its interrupt enabled. As an NMI
        // (platform=nmi) here; as an ordinary IRQ (platform=irq) in fidelityActions (issue 7, audit X9).
        if (cfg.params.platform === "nmi" && !cpu.ctx.some((x) => x.kind === "NMI") && Object.values(cpu.pmu.ctr).some((x) => x.ovf)) {
          out.push({ name: "nmi", params: cp, context: "NMI" });
        }
        // (c) the tick and IPIs, where IRQs are on.
        if (irqsEnabled(top)) {
          if (s.budget.ticks > 0) out.push({ name: "tick", params: cp, context: "tick" });
          // One CPU: the IOC_PERIOD / address-filter IPI arrives from an unmodelled CPU. Two CPUs: a task on either
          // CPU issues it (smpActions), and the IPI is the csd it queues.
          if (cfg.ncpus === 1 && s.budget.ioctls > 0 && cfg.iocPeriodTarget !== null) out.push({ name: "ioc_period", params: [...cp, cfg.iocPeriodTarget], context: "IPI" });
          // perf_event_stop(): "if (READ_ONCE(event->state) != PERF_EVENT_STATE_ACTIVE) return 0;" before the IPI.
          if (cfg.ncpus === 1 && s.budget.restarts > 0 && cfg.restartTarget !== null && s.ev[cfg.restartTarget]!.state === "ACTIVE") {
            out.push({ name: "addr_filter_restart", params: [...cp, cfg.restartTarget], context: "IPI" });
          }
        }
        // (d) task-level operations.
        if (!top) {
          if (cfg.mode === "per-cpu") {
            for (const l of cfg.leaders) if (s.ev[l]!.state === "OFF" && ev(cfg, l).cpu === c) out.push({ name: "enable", params: [...cp, l], context: "task" });
          } else if (cfg.ncpus > 1) {
            smpSchedActions(s, cfg, c, cp, out); // issue 6: the task is current on one CPU at a time
          } else if (s.budget.switches > 0) {
            out.push({ name: cpu.task_ctx_current ? "sched_out" : "sched_in", params: cp, context: "task" });
          }
          if (s.budget.munmaps > 0 && s.rb[0]!.aux_mmap_count > 0) out.push({ name: "munmap", params: [...cp, 0], context: "task" });
        }
        // (e) hardware: a counting counter overflows and latches its PMOVS bit.
        if (s.budget.overflows > 0 && cpu.pmu.pmcr_e) {
          for (const e of counterEvents) {
            const idx = s.ev[e]!.hw.idx;
            if (idx < 0) continue;
            const ctr = cpu.pmu.ctr[String(idx)]!;
            if (ctr.event === e && ctr.en && !ctr.ovf) {
              out.push({ name: "overflow", params: [...cp, e], context: "hw" });
              // issue 7: a freq-mode counter's overflow may be one after which perf_adjust_period restarts it (Counter.adj)
              if (ev(cfg, e).attr.freq) out.push({ name: "overflow", params: [...cp, e, "rate-jump"], context: "hw" });
            }
          }
        }
        // (f) issue 4: AUX buffer interrupts (SPE PMBIRQ, PT ToPA PMI), SET_OUTPUT, the last munmap (aux-actions.ts).
        auxActions(s, cfg, c, top, irqsEnabled(top), cp, out);
        // (g) issue 7: the PMU interrupt as an ordinary IRQ, the irq_work self-IPI, software events, AUX fill, close.
        fidelityActions(s, cfg, c, top, irqsEnabled(top), cp, out);
        // (h) issue 6: the csd IPI, the tool's ioctls, the task's own mmap, preemption and resumption (smp.ts).
        if (cfg.ncpus > 1) smpActions(s, cfg, c, top, irqsEnabled(top), cp, out, preemptRcu);
      }
    },

    next(s, a, step: StepContext) {
      const c = cpuOf(a);
      const arg = (i: number): string | number => a.params[cfg.ncpus > 1 ? i + 1 : i]!;
      return immer.produce(s, (k) => {
        switch (a.name) {
          case "nmi":
            pushContext(k, c, "NMI", pmuIrqHandler(cfg), {}, 0); // armv8pmu_handle_irq or intel_pmu_handle_irq (issue 7)
            return;
          case "tick":
            k.budget.ticks--;
            pushContext(k, c, "tick", "perf_event_task_tick", {}, 0);
            return;
          case "ioc_period":
            k.budget.ioctls--;
            pushContext(k, c, "IPI", "__perf_event_period", { e: String(arg(0)) }, 0);
            return;
          case "addr_filter_restart":
            k.budget.restarts--;
            pushContext(k, c, "IPI", "__perf_event_stop", { e: String(arg(0)), restart: 1 }, 0);
            return;
          case "enable":
            // PERF_EVENT_IOC_ENABLE → event_function_call → cpu_function_call to this CPU: IRQs off.
            pushContext(k, c, "task", "__perf_event_enable", { e: String(arg(0)) }, 1);
            return;
          case "sched_in":
            k.budget.switches--;
            smpSchedIn(k, c); // issue 6: task_cpu(p) = this CPU
            pushContext(k, c, "task", "__perf_event_task_sched_in", {}, 1);
            return;
          case "sched_out":
            k.budget.switches--;
            pushContext(k, c, "task", "__perf_event_task_sched_out", {}, 1);
            return;
          case "munmap":
            k.budget.munmaps--;
            pushContext(k, c, "task", "perf_mmap_close", { rb: Number(arg(0)) }, 0);
            return;
          case "overflow": {
            k.budget.overflows--;
            const idx = k.ev[String(arg(0))]!.hw.idx;
            k.cpu[c]!.pmu.ctr[String(idx)]!.ovf = true;
            k.cpu[c]!.pmu.ctr[String(idx)]!.adj = a.params.length > (cfg.ncpus > 1 ? 2 : 1); // "rate-jump" (issue 7)
            return;
          }
          default: {
            if (auxNext(k, a, c, cfg.ncpus > 1 ? a.params.slice(1) : a.params, pushContext)) return;
            if (fidelityNext(k, a, c, cfg.ncpus > 1 ? a.params.slice(1) : a.params, cfg, pushContext)) return;
            if (cfg.ncpus > 1 && smpNext(k, a, c, a.params.slice(1), pushContext)) return;
            if (!labelSet.has(a.name)) throw new Error(`unknown action ${a.name}`);
            const ran = runStep(k, c, cfg, (property, message, callChain) => step.fail({ property, message, callChain }));
            if (ran !== a.name) throw new Error(`action ${a.name} ran ${ran}`);
          }
        }
      });
    },

    stepInfo(before, a): StepInfo {
      const c = cpuOf(a);
      if (a.name === "overflow") return { context: "hw", callChain: [], label: `PMOVSSET(${a.params.slice(cfg.ncpus > 1 ? 1 : 0).join(", ")})` };
      if (a.name === "aux_fill") return { context: "hw", callChain: [], label: "AUX buffer full (consumer behind)" };
      if (a.name === "nmi" || a.name === "pmu_irq") return { context: a.context, callChain: [pmuIrqHandler(cfg)], label: `enter ${pmuIrqHandler(cfg)}(${a.params.join(", ")})` };
      if (a.name === "buffer_full") return { context: "hw", callChain: [], label: `buffer full (${a.params.join(", ")})` };
      if (a.name === "resume") return { context: "task", callChain: [], label: "the preempted system call resumes on this CPU" };
      const entry = ENTRY_FN[a.name] ?? AUX_ENTRY_FN[a.name] ?? FIDELITY_ENTRY_FN[a.name] ?? SMP_ENTRY_FN[a.name];
      if (entry !== undefined) return { context: a.context, callChain: [entry], label: `enter ${entry}(${a.params.join(", ")})` };
      const top = innermost(before, c)!;
      const f = top.frames[top.frames.length - 1]!;
      return { context: top.kind, callChain: chainOf(top.frames), label: `${formatCall(f)}:${f.pc}` };
    },

    view: (s) => viewState(s, cfg),
  };
}

