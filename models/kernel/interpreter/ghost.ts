/**
 * Ghost variables (state.ts Ghost): model bookkeeping that is not kernel state, written beside the kernel
 * fields they shadow so that the properties (invariants/kernel/) can be read from the state alone.
 */
import type { Exec } from "./machine.ts";
import { MAX_INTERRUPTS, type Interrupts, type KState } from "./state.ts";
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
  } else if (k.ghost.nmiMax[id]) k.ghost.nmiMax[id] = false;
}

