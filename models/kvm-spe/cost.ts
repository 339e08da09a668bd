/**
 * The pin-cost counter (issue 5; kernel-semantics.md §7 "Cost counter"), kept OUT of the explored
 * state: a deterministic, bounded workload is driven through the model's own `actions`/`next`
 * (the same code BFS explores), and the pin/unpin calls are counted from the state before and
 * after each step. No figure here is hard-coded: the seconds are the model's operation counts times
 * the thread's per-operation cost.
 *
 * The workload mirrors James Clark's measurement (seed 001): `perf record -e
 * arm_spe/min_latency=1000,event_filter=10/ -m,256M -- true` — about 100 context switches of the
 * profiled task, and the filter records no SPE data (no buffer-full interrupt), so every
 * `arm_spe_pmu_start` programs the whole buffer. A second workload adds one buffer-full PMBIRQ per
 * scheduling period, the window moving inside the AUX area (§7 item 5).
 */
import type { Model } from "../../src/model.ts";
import { PAGES, type Config, type Mode, type Variant } from "./config.ts";
import { pinPlan } from "./kvm.ts";
import { buildKvmSpeModel, type SpeAction, type SpeActionName } from "./model.ts";
import type { SpeState } from "./state.ts";

/** "I measured each pin/unpin taking about 0.2s" — James Clark, seed 001 (256 MiB buffer, kernel with lockdep/kmemleak). */
export const CLARK_SECONDS_PER_PIN_OP = 0.2;
/** "the basic 'true' example resulting in 100 context switches" — James Clark, seed 001. */
export const CLARK_CONTEXT_SWITCHES = 100;
/** "… which adds up to the 20s" — James Clark, seed 001. Only compared with, never used to compute. */
export const CLARK_REPORTED_SECONDS = 20;
/**
 * 4 s / 100 switches for the normal kernel build: the reference's own arithmetic, marked
 * UNCONFIRMED in kernel-semantics.md §7 ("The implied normal-kernel cost of about 0.04 s per pin").
 */
export const NORMAL_KERNEL_SECONDS_PER_PIN_OP_UNCONFIRMED = 0.04;

export interface Workload {
  readonly id: string;
  readonly description: string;
  /** guest context switches of the profiled task (each sched-in and each sched-out counts one) */
  readonly switches: number;
  /** one buffer-full PMBIRQ per scheduling period, with these windows in turn; [] = no IRQ */
  readonly irqWindows: readonly string[];
}

export const WORKLOADS: readonly Workload[] = [
  {
    id: "clark-true",
    description: "`perf record … -m,256M -- true`: 100 switches, no SPE data recorded (event filter), whole-buffer window",
    switches: CLARK_CONTEXT_SWITCHES,
    irqWindows: [],
  },
  {
    id: "with-pmbirq",
    description: "100 switches, one buffer-full PMBIRQ per scheduling period; the driver moves the window to the 2nd, then the 1st half of the AUX area",
    switches: CLARK_CONTEXT_SWITCHES,
    irqWindows: ["1..2", "0..1"],
  },
];

export interface CostCounts {
  /** pin_user_pages calls (steps that pin at least one page) */
  pinCalls: number;
  pinPages: number;
  /** unpin_user_pages calls (steps that unpin at least one page) */
  unpinCalls: number;
  unpinPages: number;
  /** guest stage-1 page walks done by KVM */
  walks: number;
  schedIns: number;
  schedOuts: number;
  irqs: number;
}

const zero = (): CostCounts => ({ pinCalls: 0, pinPages: 0, unpinCalls: 0, unpinPages: 0, walks: 0, schedIns: 0, schedOuts: 0, irqs: 0 });

export interface CostResult {
  readonly variant: Variant;
  readonly mode: Mode;
  readonly workload: string;
  readonly total: CostCounts;
  /** counts after the first scheduling period (the first enable's pinning is warm-up) */
  readonly steady: CostCounts;
  readonly steadySwitches: number;
  /** (pin + unpin calls) / switches, whole run */
  readonly opsPerSwitch: number;
  /** the same, after warm-up */
  readonly steadyOpsPerSwitch: number;
  /** §7's pinsPerCtxSwitch = pinOps / guestSchedIns (per-task; per-cpu: per scheduled-in period) */
  readonly pinsPerSchedIn: number;
  /** pinned + unpinned pages / PAGES: whole-buffer-equivalent operations (pin cost grows with size, seed 001) */
  readonly bufferOps: number;
  /** CLARK_CONTEXT_SWITCHES × whole-buffer ops per switch × CLARK_SECONDS_PER_PIN_OP */
  readonly clarkSeconds: number;
  /** the same with the UNCONFIRMED normal-kernel cost */
  readonly normalKernelSeconds: number;
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

  /** Fires the enabled action `name(param)`; throws if the model does not enable it (the script and the model disagree). */
  fire(name: SpeActionName, param?: string): void {
    this.buf.length = 0;
    this.model.actions(this.state, this.buf);
    const a = this.buf.find((x) => x.name === name && (param === undefined || x.params[0] === param));
    if (!a) throw new Error(`cost workload (${this.cfg.variant}, ${this.cfg.mode}): ${name}${param ? `(${param})` : ""} is not enabled; enabled: ${this.buf.map((x) => x.name).join(", ")}`);
    // the stage-1 walks a walk step performs, as the model's pin plan defines them
    if (name === "kvm_spe_pin_buffer_walk") this.counts.walks += pinPlan(this.state, this.cfg).walks;
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

  /** Runs KVM's handling of a trapped write to completion (no host event interleaves in the workload). */
  drainKvm(): void {
    for (let guard = 0; this.state.k.op !== null; guard++) {
      if (guard > 10) throw new Error("cost workload: KVM operation does not complete");
      const op = this.state.k.op;
      if (op.phase === "walk") this.fire("kvm_spe_pin_buffer_walk");
      else if (op.phase === "map") this.fire("kvm_spe_pin_buffer_map");
      else this.fire(this.cfg.variant === "eager" ? "kvm_spe_unpin_buffer" : "kvm_spe_park_buffer");
    }
  }
}

/** Runs one workload for one configuration (budgets: unbounded; windows: all). */
export function runWorkload(cfg: Config, w: Workload): CostResult {
  const c: Config = { ...cfg, irqs: -1, switches: -1, windows: "all", reopens: 0, invalidations: 0 };
  const model = buildKvmSpeModel(c);
  const drv = new Driver(model, c);
  const perTask = c.mode === "per-task";
  const start = (): void => {
    drv.fire(perTask ? "event_sched_in" : "perf_event_enable", "0..2");
    drv.drainKvm();
    drv.fire("arm_spe_pmu_start_pmscr");
  };
  const stop = (): void => {
    drv.fire(perTask ? "event_sched_out" : "perf_event_disable");
    drv.drainKvm();
  };
  const period = (i: number): void => {
    if (w.irqWindows.length === 0) return;
    drv.fire("spu_write_record");
    drv.fire("arm_spe_pmu_irq_handler", w.irqWindows[i % w.irqWindows.length]!);
    drv.counts.irqs++;
    drv.drainKvm();
    drv.fire("arm_spe_pmu_irq_handler_resume");
  };

  // The profiled task runs `switches / 2` scheduling periods (a sched-in and a sched-out each).
  // per-task: every switch is event_sched_in / event_sched_out of the SPE event. per-cpu: the event
  // is enabled once when the session starts and disabled when it ends; the switches do not touch SPE.
  const periods = Math.floor(w.switches / 2);
  let warm: CostCounts = zero();
  let last: CostCounts = zero();
  if (!perTask) start();
  for (let i = 0; i < periods; i++) {
    drv.counts.schedIns++;
    if (perTask) start();
    period(i);
    if (perTask) stop();
    drv.counts.schedOuts++;
    if (i === 0) warm = { ...drv.counts };
    last = { ...drv.counts };
  }
  if (!perTask) stop();

  const total = { ...drv.counts };
  const steady = diff(last, warm);
  const switches = total.schedIns + total.schedOuts;
  const steadySwitches = steady.schedIns + steady.schedOuts;
  const bufferOps = (total.pinPages + total.unpinPages) / PAGES;
  return {
    variant: c.variant,
    mode: c.mode,
    workload: w.id,
    total,
    steady,
    steadySwitches,
    opsPerSwitch: (total.pinCalls + total.unpinCalls) / switches,
    steadyOpsPerSwitch: (steady.pinCalls + steady.unpinCalls) / steadySwitches,
    pinsPerSchedIn: total.pinCalls / total.schedIns,
    bufferOps,
    clarkSeconds: CLARK_CONTEXT_SWITCHES * (bufferOps / switches) * CLARK_SECONDS_PER_PIN_OP,
    normalKernelSeconds: CLARK_CONTEXT_SWITCHES * (bufferOps / switches) * NORMAL_KERNEL_SECONDS_PER_PIN_OP_UNCONFIRMED,
  };
}

function diff(a: CostCounts, b: CostCounts): CostCounts {
  const out = zero();
  for (const k of Object.keys(out) as (keyof CostCounts)[]) out[k] = a[k] - b[k];
  return out;
}
