/**
 * The small helpers kernel/events/internal.h and include/linux/perf_event.h declare and core.c /
 * ring_buffer.c define, that the model runs inside the caller's atomic step (one or two word-sized
 * accesses each, no interleaving point): perf_pmu_disable/enable, ring_buffer_get/put, rb_free_aux,
 * perf_event_disable_inatomic. They live here, not in core.ts / ring_buffer.ts, because both of those
 * call them (the kernel's two files call each other; the model's modules do not import each other).
 */
import type { DriverKind } from "../../../interpreter/config.ts";
import { ev } from "../../../interpreter/config.ts";
import { E } from "../../../interpreter/access.ts";
import { WARN_ON, type Exec } from "../../../interpreter/machine.ts";
import type { KState } from "../../../interpreter/state.ts";

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
  // rcu_dereference(event->rb): null once ring_buffer_attach(event, NULL) ran (F4); else the configured rb.
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

/**
 * `rb_free_aux(rb)` (kernel/events/ring_buffer.c): `if (refcount_dec_and_test(&rb->aux_refcount)) __rb_free_aux(rb);`
 * — the last reference frees the AUX pages (aux_nr_pages = 0). __rb_free_aux begins with
 * `WARN_ON_ONCE(in_atomic())`: "Should never happen, the last reference should be dropped from perf_mmap_close()
 * path, which first stops aux transactions (which in turn are the atomic holders of aux_refcount) and then does the
 * last rb_free_aux()." ([LY-rb] @0e8a6621)
 */
export function rb_free_aux(k: KState, x: Exec, r: number): void {
  const rb = k.rb[r]!;
  if (--rb.aux_refcount === 0) {
    // __rb_free_aux(rb)
    WARN_ON(x, x.atomic(), "rb-free-aux-atomic", `WARN_ON_ONCE(in_atomic()) in __rb_free_aux: rb${r}'s last aux_refcount dropped in ${x.ctx === "task" ? "task context with IRQs off" : `${x.ctx} context`} (AUX pages freed from atomic context)`);
    rb.has_aux = false;
  }
  if (rb.aux_refcount < 0) throw new Error("aux_refcount underflow");
}

/**
 * `perf_event_disable_inatomic(event)` (kernel/events/core.c): `event->pending_disable = 1;
 * irq_work_queue(&event->pending_disable_irq)` — one store (the queued work is "an event with
 * pending_disable set on this CPU": environment/interrupts.ts irqWorkQueued).
 */
export function perf_event_disable_inatomic(k: KState, id: string): void {
  E(k, id).pending_disable = true;
}
