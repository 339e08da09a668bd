/**
 * Small kernel helpers that are not separate atomic steps: each is one or two word-sized
 * accesses that the calling step performs (inline functions and macros in the kernel).
 */
import { ev, type DriverKind } from "./config.ts";
import type { Exec } from "./machine.ts";
import { MAX_INTERRUPTS, type EventState, type Interrupts, type KState, type Val } from "./state.ts";

export function E(k: KState, id: string): EventState {
  const e = k.ev[id];
  if (!e) throw new Error(`no event ${id}`);
  return e;
}

export function str(v: Val | undefined): string {
  if (typeof v !== "string") throw new Error(`expected a string argument, got ${String(v)}`);
  return v;
}

export function num(v: Val | undefined): number {
  if (typeof v !== "number") throw new Error(`expected a number argument, got ${String(v)}`);
  return v;
}

/** The core PMU interrupt handlers (issue 7: armv8pmu_handle_irq, intel_pmu_handle_irq). */
export const PMU_IRQ_HANDLERS: ReadonlySet<string> = new Set(["armv8pmu_handle_irq", "intel_pmu_handle_irq"]);

/**
 * A context that is an NMI, or the core PMU interrupt taken as an ordinary IRQ (platform=irq, issue 7 /
 * audit X9): the "NMI" of R6 ("an NMI throttle is never dropped") is the PMU interrupt on both platforms.
 */
export function isPmuInterruptContext(c: { readonly kind: string; readonly frames: readonly { readonly fn: string }[] }): boolean {
  return c.kind === "NMI" || (c.kind === "IRQ" && c.frames.length > 0 && PMU_IRQ_HANDLERS.has(c.frames[0]!.fn));
}

/** Writes `hw.interrupts` and keeps the ghost `nmiMax` (R6) in step: set when an NMI (or the PMU interrupt taken as an IRQ) writes MAX, cleared on any other value. */
export function setInterrupts(k: KState, x: Exec, id: string, v: Interrupts): void {
  E(k, id).hw.interrupts = v;
  if (v === MAX_INTERRUPTS) {
    const ctxs = k.cpu[x.cpu]!.ctx;
    if (x.ctx === "NMI" || (ctxs.length > 0 && isPmuInterruptContext(ctxs[ctxs.length - 1]!))) k.ghost.nmiMax[id] = true;
  } else if (k.ghost.nmiMax[id]) k.ghost.nmiMax[id] = false;
}

/** `event->pmu->{add,del,start,stop}`: the driver callback's kernel name, dispatched on the event's PMU. */
export function pmuOps(x: Exec, id: string) {
  return ev(x.cfg, id).pmu.ops;
}

export function driverOf(x: Exec, id: string): DriverKind {
  return ev(x.cfg, id).pmu.driver;
}

/**
 * `perf_pmu_disable(pmu)`: the first level calls `pmu->pmu_disable`. Only the core PMU has one
 * (`armpmu_disable` → `armv8pmu_stop`: PMCR_EL0.E = 0); the ETM PMU's is `perf_pmu_nop_void`.
 */
export function perf_pmu_disable(k: KState, x: Exec, pmu: DriverKind | null): void {
  if (pmu !== "armv8") return;
  const p = k.cpu[x.cpu]!.pmu;
  if (p.disable_count++ === 0) p.pmcr_e = false;
}

/** `perf_pmu_enable(pmu)`: the last level calls `armpmu_enable`, which restarts the PMU if any counter is in use. */
export function perf_pmu_enable(k: KState, x: Exec, pmu: DriverKind | null): void {
  if (pmu !== "armv8") return;
  const p = k.cpu[x.cpu]!.pmu;
  if (--p.disable_count === 0) {
    if (Object.values(p.ctr).some((c) => c.event !== null)) p.pmcr_e = true;
  }
  if (p.disable_count < 0) throw new Error("perf_pmu_enable without perf_pmu_disable");
}

/** `ring_buffer_get(event)`: the event's rb with a reference taken, or null (children use the parent's rb: no inheritance modelled). */
export function ring_buffer_get(k: KState, x: Exec, id: string): number | null {
  // rcu_dereference(event->rb): null once ring_buffer_attach(event, NULL) ran (issue 4, F4); else the configured rb.
  const r = k.ev[id]!.rb === null ? null : ev(x.cfg, id).rb;
  if (r === null) return null;
  const rb = k.rb[r]!;
  if (rb.refcount === 0) return null;
  rb.refcount++;
  return r;
}

export function ring_buffer_put(k: KState, r: number): void {
  const rb = k.rb[r]!;
  if (--rb.refcount < 0) throw new Error("rb refcount underflow");
}

/** `rb_free_aux(rb)`: drop an `aux_refcount`; the last one frees the AUX pages (`__rb_free_aux`: aux_nr_pages = 0). */
export function rb_free_aux(k: KState, r: number): void {
  const rb = k.rb[r]!;
  if (--rb.aux_refcount === 0) rb.has_aux = false;
  if (rb.aux_refcount < 0) throw new Error("aux_refcount underflow");
}
