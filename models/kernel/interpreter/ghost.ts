/**
 * Ghost variables (state.ts Ghost): model bookkeeping that is not kernel state, written beside the kernel
 * fields they shadow so that the properties (invariants/kernel/) can be read from the state alone.
 */
import type { Exec } from "./machine.ts";
import { AUX_PAUSE_USER, MAX_INTERRUPTS, THROTTLE_PAUSE_GUARD, THROTTLE_PAUSE_NO_RB, THROTTLE_PAUSE_NONE, type Context, type Frame, type Interrupts, type KState } from "./state.ts";
import { E } from "./access.ts";

/** The core PMU interrupt handlers (armv8pmu_handle_irq, intel_pmu_handle_irq). */
export const PMU_IRQ_HANDLERS: ReadonlySet<string> = new Set(["armv8pmu_handle_irq", "intel_pmu_handle_irq"]);

/**
 * A context that is an NMI, or the core PMU interrupt taken as an ordinary IRQ (platform=irq /
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
  } else {
    if (k.ghost.nmiMax[id]) k.ghost.nmiMax[id] = false;
    if (k.ghost.throttlePause[id] !== undefined && k.ghost.throttlePause[id] !== THROTTLE_PAUSE_NONE) k.ghost.throttlePause[id] = THROTTLE_PAUSE_NONE;
  }
}

/*
 * Probes: ghost bookkeeping at the entry or the return of a kernel function, by the function's kernel name and
 * the call chain, like a kprobe. They are the same for every patch (a patch overrides functions by kernel name and
 * never writes a ghost): what a property needs to know about a call is recorded here, never inside kernel code.
 */

/** The rb perf_event_aux_pause() works on (ring_buffer_get: `event->rb`), and whether its recursion guard is held. */
function pauseGuard(k: KState, x: Exec, id: string): { rb: number | null; held: boolean } {
  const r = k.ev[id]!.rb;
  if (r === null) return { rb: null, held: false };
  const rb = k.rb[r]!;
  return { rb: r, held: rb.aux_in_pause_resume || (x.cfg.params.auxInSamplingGuard && rb.aux_in_sampling) };
}

/** Before the first step of a frame. */
export function probeEntry(k: KState, ctx: Context, f: Frame, x: Exec): void {
  if (f.fn !== "perf_event_aux_pause" || f.a.pause !== true) return;
  // A throttle's pause: perf_event_throttle(event) is on the stack (Leo Yan's patch and fix A throttle through here).
  if (!ctx.frames.some((g) => g.fn === "perf_event_throttle")) return;
  const e = String(f.a.e);
  if (k.ghost.throttlePause[e] === undefined) return;
  const g = pauseGuard(k, x, e);
  k.ghost.throttlePause[e] = g.rb === null ? THROTTLE_PAUSE_NO_RB : g.held ? THROTTLE_PAUSE_GUARD : THROTTLE_PAUSE_NONE;
}

/** When a frame returns (before it is popped). */
export function probeReturn(k: KState, ctx: Context, f: Frame, x: Exec): void {
  if (f.fn !== "perf_event_aux_pause") return;
  // A user aux-action: called by __perf_event_overflow for an aux_pause / aux_resume sibling.
  const caller = ctx.frames[ctx.frames.length - 2];
  if (caller?.fn !== "__perf_event_overflow") return;
  const e = String(f.a.e);
  if (k.ghost.userDropped[e] === undefined) return;
  // This context released the guard before returning, so a guard held now is another context's.
  const g = pauseGuard(k, x, e);
  const recorded = (E(k, e).hw.aux_paused & AUX_PAUSE_USER) !== 0;
  const dropped = g.held && recorded !== (f.a.pause === true);
  if (k.ghost.userDropped[e] !== dropped) k.ghost.userDropped[e] = dropped;
}

