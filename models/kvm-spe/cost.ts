/**
 * The pin-cost counter (kernel-semantics.md §7 "Cost counter"), kept OUT of the explored state: a
 * deterministic, bounded workload is driven through the model's own `actions`/`next` (the same
 * code BFS explores), and the pages pinned, unpinned and walked are counted from the state before
 * and after each step. This file only counts; models/kvm-spe/pricing.ts puts seconds on the counts.
 *
 * Unit: a context switch of the profiled task is one switch OUT and back IN (James Clark's unit in
 * seed 001: "the basic 'true' example resulting in 100 context switches"). In per-task mode it is
 * one `event_sched_out` (PMBLIMITR_EL1 = 0) followed by one `event_sched_in` (PMBLIMITR_EL1 =
 * LIMIT|E). A workload runs a first sched-in (the session start), N context switches, and a last
 * sched-out (the session end); "per context switch" divides the counts of the N switches only.
 */
import type { Model } from "../../src/model.ts";
import { configOf, PAGES, type Config, type Mode, type Variant } from "./config.ts";
import { pinPlan } from "./kvm.ts";
import { buildKvmSpeModel, type SpeAction, type SpeActionName } from "./model.ts";
import type { SpeState } from "./state.ts";

/** "the basic 'true' example resulting in 100 context switches" — James Clark, seed 001. */
export const CLARK_CONTEXT_SWITCHES = 100;

export interface Workload {
  readonly id: string;
  readonly description: string;
  /** profiled tasks taking turns, each with its own AUX buffer (a context switch goes from one to the next) */
  readonly tasks: number;
  /** one buffer-full PMBIRQ per scheduling period, with these windows in turn; [] = no IRQ */
  readonly irqWindows: readonly string[];
}

export const WORKLOADS: readonly Workload[] = [
  {
    id: "clark-true",
    description: "`perf record -e arm_spe/min_latency=1000,event_filter=10/ -m,256M -- true`: the filter records no SPE data, so no PMBIRQ; every start programs the whole buffer",
    tasks: 1,
    irqWindows: [],
  },
  {
    id: "with-pmbirq",
    description: "the same task, with one buffer-full PMBIRQ per scheduling period; the driver moves the window to the 2nd, then the 1st half of the AUX area (§7 item 5)",
    tasks: 1,
    irqWindows: ["1..2", "0..1"],
  },
  {
    id: "two-tasks",
    description: "two profiled tasks, each with its own AUX buffer, take turns on the vCPU: each context switch goes out of one and into the other (§7 item 4, thrash); per-task mode only",
    tasks: 2,
    irqWindows: [],
  },
];

export interface CostCounts {
  /** pin_user_pages calls (steps that pin at least one page) and pages pinned */
  pinCalls: number;
  pinPages: number;
  /** unpin_user_pages calls (steps that unpin at least one page) and pages unpinned */
  unpinCalls: number;
  unpinPages: number;
  /** guest stage-1 page walks done by KVM */
  walkPages: number;
  schedIns: number;
  schedOuts: number;
  /** buffer-full PMBIRQs, and stage-2 faults (blackouts) where the SPU found no stage-2 entry */
  irqs: number;
  faults: number;
}

const zero = (): CostCounts => ({ pinCalls: 0, pinPages: 0, unpinCalls: 0, unpinPages: 0, walkPages: 0, schedIns: 0, schedOuts: 0, irqs: 0, faults: 0 });

export interface CostResult {
  readonly variant: Variant;
  readonly mode: Mode;
  readonly serviceUnpins: boolean;
  readonly workload: string;
  /** the whole run: first sched-in, the context switches, last sched-out */
  readonly total: CostCounts;
  /** the context switches only */
  readonly switches: CostCounts;
  readonly contextSwitches: number;
  /** per context switch, in whole buffers (pages / PAGES): what scales with the buffer size */
  readonly perSwitch: {
    readonly pinBuffers: number;
    readonly unpinBuffers: number;
    readonly walkBuffers: number;
    readonly pinCalls: number;
    readonly unpinCalls: number;
    readonly faults: number;
  };
}

/** Pins and unpins between two states, by (va, ipa): the model never re-pins a page in the same step it unpins it. */
function pinDelta(before: SpeState, after: SpeState): { pinned: number; unpinned: number } {
  const key = (p: { va: number; ipa: number }): string => `${p.va}:${p.ipa}`;
  const b = new Set(before.k.pins.map(key));
  const a = new Set(after.k.pins.map(key));
  let pinned = 0;
  let unpinned = 0;
  for (const k of a) if (!b.has(k)) pinned++;
  for (const k of b) if (!a.has(k)) unpinned++;
  return { pinned, unpinned };
}

class Driver {
  state: SpeState;
  readonly counts = zero();
  private readonly buf: SpeAction[] = [];
  constructor(
    private readonly model: Model<SpeState, SpeAction>,
    private readonly cfg: Config,
  ) {
    this.state = model.initStates()[0]!;
  }

  private find(name: SpeActionName, params: readonly string[]): SpeAction | undefined {
    this.buf.length = 0;
    this.model.actions(this.state, this.buf);
    return this.buf.find((x) => x.name === name && params.every((p, i) => x.params[i] === p));
  }

  enabled = (name: SpeActionName): boolean => this.find(name, []) !== undefined;

  /** Fires the enabled action `name(...params)`; throws if the model does not enable it (the script and the model disagree). */
  fire(name: SpeActionName, ...params: string[]): void {
    const a = this.find(name, params);
    if (!a) throw new Error(`cost workload (${this.cfg.variant}, ${this.cfg.mode}): ${name}(${params.join(", ")}) is not enabled; enabled: ${this.buf.map((x) => x.name).join(", ")}`);
    if (name === "kvm_spe_pin_buffer_walk") this.counts.walkPages += pinPlan(this.state, this.cfg).walks;
    const next = this.model.next(this.state, a, { fail: () => undefined });
    const d = pinDelta(this.state, next);
    if (d.pinned > 0) {
      this.counts.pinCalls++;
      this.counts.pinPages += d.pinned;
    }
    if (d.unpinned > 0) {
      this.counts.unpinCalls++;
      this.counts.unpinPages += d.unpinned;
    }
    this.state = next;
  }

  /** A guest step, then KVM's handling of what it trapped, to completion (no host event interleaves in the workload). */
  guest(name: SpeActionName, ...params: string[]): void {
    this.fire(name, ...params);
    for (let guard = 0; this.state.k.op !== null; guard++) {
      if (guard > 10) throw new Error("cost workload: KVM operation does not complete");
      const phase = this.state.k.op.phase;
      if (phase === "walk") this.fire("kvm_spe_pin_buffer_walk");
      else if (phase === "map") this.fire("kvm_spe_pin_buffer_map");
      else this.fire(this.cfg.variant.startsWith("lazy") ? "kvm_spe_park_buffer" : "kvm_spe_unpin_buffer");
    }
  }
}

/**
 * Runs one workload (`contextSwitches` context switches) for one configuration. Budgets are
 * unbounded, every window is allowed, and no host event interleaves: the workload measures the
 * policy's own work, not its races.
 */
export function runWorkload(cfg: Config, w: Workload, contextSwitches = CLARK_CONTEXT_SWITCHES): CostResult {
  const c: Config = { ...cfg, irqs: -1, switches: -1, windows: "all", reopens: 0, invalidations: 0, buffers: w.tasks };
  const drv = new Driver(buildKvmSpeModel(c), c);
  const perTask = c.mode === "per-task";
  const task = (t: number): string[] => (w.tasks > 1 ? [`task${t}`] : []);
  const schedIn = (t: number): void => {
    drv.counts.schedIns++;
    if (!perTask) return;
    drv.guest("event_sched_in", ...task(t), "0..2");
    drv.guest("arm_spe_pmu_start_pmscr");
  };
  // After a FATAL stage-2 fault the guest driver has already written PMBLIMITR_EL1 = 0; the stop's
  // second E = 0 write is folded into it (guest.ts), so there is nothing left to stop.
  const running = (): boolean => drv.state.g.pc === "running";
  const schedOut = (): void => {
    drv.counts.schedOuts++;
    if (perTask && running()) drv.guest("event_sched_out");
  };
  const period = (i: number): void => {
    if (w.irqWindows.length === 0) return;
    if (drv.enabled("spu_write_record")) {
      drv.guest("spu_write_record");
      drv.guest("arm_spe_pmu_irq_handler", w.irqWindows[i % w.irqWindows.length]!);
      drv.guest("arm_spe_pmu_irq_handler_resume");
      drv.counts.irqs++;
    } else if (drv.enabled("spu_stage2_fault")) {
      drv.guest("spu_stage2_fault");
      drv.guest("arm_spe_pmu_irq_handler", "fatal");
      drv.counts.faults++;
    }
  };

  // per-cpu: the event is enabled when the session starts and disabled when it ends; the task's
  // switches do not touch SPE.
  if (!perTask) {
    drv.guest("perf_event_enable", "0..2");
    drv.guest("arm_spe_pmu_start_pmscr");
  }
  schedIn(0);
  period(0);
  const before = { ...drv.counts };
  for (let i = 1; i <= contextSwitches; i++) {
    schedOut();
    schedIn(i % w.tasks);
    period(i);
  }
  const after = { ...drv.counts };
  schedOut();
  if (!perTask && running()) drv.guest("perf_event_disable");

  const switches = diff(after, before);
  const per = (x: number): number => x / contextSwitches;
  return {
    variant: c.variant,
    mode: c.mode,
    serviceUnpins: c.serviceUnpins,
    workload: w.id,
    total: { ...drv.counts },
    switches,
    contextSwitches,
    perSwitch: {
      pinBuffers: per(switches.pinPages) / PAGES,
      unpinBuffers: per(switches.unpinPages) / PAGES,
      walkBuffers: per(switches.walkPages) / PAGES,
      pinCalls: per(switches.pinCalls),
      unpinCalls: per(switches.unpinCalls),
      faults: per(switches.faults),
    },
  };
}

function diff(a: CostCounts, b: CostCounts): CostCounts {
  const out = zero();
  for (const k of Object.keys(out) as (keyof CostCounts)[]) out[k] = a[k] - b[k];
  return out;
}

/** A workload applies to a mode: two tasks with their own buffers need per-task events. */
export const workloadApplies = (w: Workload, mode: Mode): boolean => w.tasks === 1 || mode === "per-task";

/** Every (workload, mode, variant) the report prices, with the PMBIRQ workloads also under the ProfilingBufferEnabled() reading. */
export function costTable(variants: readonly Variant[], modes: readonly Mode[]): CostResult[] {
  const out: CostResult[] = [];
  for (const w of WORKLOADS)
    for (const mode of modes) {
      if (!workloadApplies(w, mode)) continue;
      for (const serviceUnpins of w.irqWindows.length > 0 ? [false, true] : [false])
        for (const variant of variants) out.push(runWorkload(configOf({ variant, mode, service_unpins: serviceUnpins }), w));
    }
  return out;
}
