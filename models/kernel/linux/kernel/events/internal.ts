/**
 * The small helpers kernel/events/internal.h and include/linux/perf_event.h declare and core.c /
 * ring_buffer.c define, that the model runs inside the caller's atomic step (one or two word-sized
 * accesses each, no interleaving point): perf_pmu_disable/enable, ring_buffer_get/put, rb_free_aux,
 * perf_event_disable_inatomic. They live here, not in core.ts / ring_buffer.ts, because both of those
 * call them (the kernel's two files call each other; the model's modules do not import each other).
 */
import { ev, isCounter, type DriverKind } from "../../../interpreter/config.ts";
import { E } from "../../../interpreter/access.ts";
import { call, WARN_ON, type Exec, type Next } from "../../../interpreter/machine.ts";
import { armpmu_disable, armpmu_enable } from "../../drivers/perf/arm_pmu.ts";
import { x86_pmu_disable, x86_pmu_enable_all, x86NewlyAdded } from "../../arch/x86/events/core.ts";
import type { KState } from "../../../interpreter/state.ts";

/**
 * `perf_pmu_disable(pmu)`: the first level calls `pmu->pmu_disable`. Only the core PMU has one: arm64
 * armpmu_disable (PMCR_EL0.E = 0), x86 x86_pmu_disable (cpuc->enabled = 0, n_added = 0, GLOBAL_CTRL = 0);
 * the AUX PMUs' and the software PMU's is `perf_pmu_nop_void`.
 */
export function perf_pmu_disable(k: KState, x: Exec, pmu: DriverKind | null): void {
  if (pmu === null || !isCounter(pmu)) return;
  if (k.cpu[x.cpu]!.pmu.disable_count++ !== 0) return;
  if (pmu === "x86") x86_pmu_disable(k, x);
  else armpmu_disable(k, x.cpu);
}

/**
 * `perf_pmu_enable(pmu)`: `if (!--(*count)) pmu->pmu_enable(pmu)`. arm64 armpmu_enable runs inline. x86
 * x86_pmu_enable first starts the counters x86_pmu_add collected (`cpuc->n_added`), one x86_pmu_start each —
 * a kernel function with steps: then this returns its call, for the caller to make and to resume at `resume`.
 * Null when the enable ran inline.
 */
export function perf_pmu_enable_from(k: KState, x: Exec, pmu: DriverKind | null, resume: string): Next | null {
  if (pmu === null || !isCounter(pmu)) return null;
  const p = k.cpu[x.cpu]!.pmu;
  if (--p.disable_count < 0) throw new Error("perf_pmu_enable without perf_pmu_disable");
  if (p.disable_count > 0) return null;
  if (pmu === "armv8") {
    armpmu_enable(k, x.cpu);
    return null;
  }
  if (x86NewlyAdded(k, x)) return call("x86_pmu_enable", {}, resume);
  if (!p.enabled) x86_pmu_enable_all(k, x.cpu); // x86_pmu_enable() with n_added == 0
  return null;
}

/**
 * `perf_pmu_enable(pmu)` where no counter can be waiting for x86_pmu_enable's late start: counters are added
 * only by event_sched_in inside a context's perf_ctx_disable / ctx_resched section, whose enable uses
 * perf_pmu_enable_from. A model error otherwise.
 */
export function perf_pmu_enable(k: KState, x: Exec, pmu: DriverKind | null): void {
  if (perf_pmu_enable_from(k, x, pmu, "") !== null) throw new Error("perf_pmu_enable: x86 counters wait for x86_pmu_enable's start; use perf_pmu_enable_from");
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
