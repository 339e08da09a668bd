/**
 * The entry actions issue 7 adds to the kernel model (model.ts calls these hooks, so that the shared
 * file only gains a few lines). kernel-semantics-audit.md X1, X9, X10.
 *
 *   nmi / pmu_irq (NMI / IRQ)  the core PMU interrupt, whenever an overflow bit is latched (level-triggered):
 *                       platform=nmi (x86; arm64 with GICv3 pseudo-NMI): as an NMI, between any two steps of
 *                       any context except another NMI (NMIs do not nest); platform=irq (arm64 with GICv2,
 *                       e.g. the seed's Juno, audit X9): as an ordinary IRQ, only where IRQs are enabled (no
 *                       context, or task code outside IRQs-off sections), so never inside the tick, an IPI,
 *                       another IRQ, an NMI or any local_irq_save section. The handler is
 *                       armv8pmu_handle_irq (pmu_irq_handler=arm64) or intel_pmu_handle_irq (x86).
 *   irq_work  (IPI)     the irq_work self-IPI (arch_irq_work_raise → IPI_IRQ_WORK → irq_work_run()): runs the
 *                       perf_pending_disable works queued by perf_event_disable_inatomic, where IRQs are on.
 *   sw_event  (task)    one occurrence of a software sibling's event (drivers/swevent.ts). Budget `sw_events`.
 *   aux_fill  (hw)      the ETM trace fills the AUX buffer and the consumer is behind (rb.aux_full): ETR's
 *                       update_buffer then flags TRUNCATED, and perf_aux_output_begin takes its zero-space
 *                       branch (both → perf_event_disable_inatomic). Budget `fills`. (SPE/PT: aux-actions.ts.)
 *   close     (task)    close() of the AUX group leader: perf_event_release_kernel (core-fidelity.ts), run
 *                       with IRQs off like every event_function_call. Budget `closes`.
 */
import { InputError } from "../../src/registry.ts";
import type { Config } from "./config.ts";
import type { KAction } from "./model.ts";
import { etmTracing, type Context, type ContextKind, type KState, type Val } from "./state.ts";

export const FIDELITY_ENTRY_ACTIONS = ["pmu_irq", "irq_work", "sw_event", "aux_fill", "close"] as const;

export const FIDELITY_ENTRY_FN: Readonly<Record<string, string>> = {
  irq_work: "irq_work_run",
  sw_event: "perf_swevent_event",
  close: "perf_event_release_kernel",
};

/** The core PMU interrupt handler the run uses (audit X1). */
export function pmuIrqHandler(cfg: Config): string {
  return cfg.params.pmuIrqHandler === "x86" ? "intel_pmu_handle_irq" : "armv8pmu_handle_irq";
}

/** The context kind the core PMU interrupt runs in (audit X9). */
export function pmuIrqKind(cfg: Config): ContextKind {
  return cfg.params.platform === "irq" ? "IRQ" : "NMI";
}

/** Static checks of the issue-7 parameters and budgets (InputError: the CLI exits 2). */
export function validateFidelity(cfg: Config): void {
  const p = cfg.params;
  if (p.pmuIrqHandler === "x86" && p.platform === "irq") {
    throw new InputError("platform=irq with pmu_irq_handler=x86: the x86 PMI is always an NMI (APIC_DM_NMI in LVTPC); valid: platform=nmi");
  }
  if (p.platform === "irq" && cfg.events.some((e) => e.pmu.driver === "pt")) {
    throw new InputError("platform=irq with intel_pt: the x86 PMI (counters and ToPA) is always an NMI; valid: platform=nmi");
  }
  if (cfg.budgets.closes > 0) {
    const L = cfg.events.find((e) => e.pmu.aux);
    if (!L || L.leader !== L.id) throw new InputError("close: needs an AUX group leader (perf_put_aux_event)");
    const plain = L.siblings.filter((s) => cfg.byId[s]!.auxEvent !== L.id);
    if (plain.length > 0) {
      throw new InputError(
        `close: siblings without an aux-action (${plain.join(", ")}) would be promoted to singleton leaders (perf_promote_sibling_to_leader), which the model's static groups cannot express; give every sibling an aux-action`,
      );
    }
  }
  if (cfg.budgets.fills > 0 && !cfg.events.some((e) => e.pmu.driver === "etm")) {
    throw new InputError("fills: the AUX-buffer-full event of this model is ETM's (ETR update_buffer); SPE and intel_pt use `auxirqs` (buffer_full)");
  }
}

function irqWorkQueued(s: KState, c: number): boolean {
  // ASSUMPTION (abstraction): "a pending_disable irq_work is queued on this CPU" ⇔ some event has
  // pending_disable set and runs on this CPU. perf_event_disable_inatomic sets the flag and queues the work
  // together; perf_pending_disable clears the flag when it acts. A work that found oncpu < 0 returned
  // leaving the flag set with nothing queued: then the model offers no IPI (oncpu < 0), and if the event is
  // scheduled in again with the flag still set it offers one the kernel would not have (the disable the
  // kernel does at the next sched-out happens earlier) — reachable only through an add that failed after a
  // zero-space begin.
  return Object.values(s.ev).some((e) => e.pending_disable && e.oncpu === c);
}

/** Pushes this CPU's enabled issue-7 actions (called by model.ts `actions`). */
export function fidelityActions(s: KState, cfg: Config, c: number, top: Context | null, irqsOn: boolean, cp: (string | number)[], out: KAction[]): void {
  const cpu = s.cpu[c]!;
  // The core PMU interrupt on the ordinary-IRQ platform (the NMI platform's `nmi` action is model.ts's).
  if (cfg.params.platform === "irq" && irqsOn && Object.values(cpu.pmu.ctr).some((x) => x.ovf)) {
    out.push({ name: "pmu_irq", params: cp, context: "IRQ" });
  }
  if (irqsOn && irqWorkQueued(s, c)) out.push({ name: "irq_work", params: cp, context: "IPI" });
  if (top === null) {
    if (s.budget.sw_events > 0) {
      for (const e of cfg.events) {
        const st = s.ev[e.id]!;
        // on the hlist (scheduled in) and not excluded (perf_exclude_event: STOPPED)
        if (e.pmu.driver === "swevent" && st.state === "ACTIVE" && st.oncpu === c && !(st.hw.state & 1)) {
          out.push({ name: "sw_event", params: [...cp, e.id], context: "task" });
        }
      }
    }
    if (s.budget.closes > 0) {
      const L = cfg.events.find((e) => e.pmu.aux);
      if (L && s.ev[L.id]!.state !== "DEAD" && s.ev[L.id]!.state !== "OFF") out.push({ name: "close", params: [...cp, L.id], context: "task" });
    }
  }
  if (s.budget.fills > 0 && !s.rb[0]!.aux_full && etmTracing(cpu)) out.push({ name: "aux_fill", params: [...cp, 0], context: "hw" });
}

type Push = (k: KState, cpu: number, kind: ContextKind, fn: string, args: Record<string, Val>, irqoff: number) => void;

/** Applies one of these actions; false if the action is not one of them (called by model.ts `next`). */
export function fidelityNext(k: KState, a: KAction, c: number, params: readonly (string | number)[], cfg: Config, push: Push): boolean {
  switch (a.name) {
    case "pmu_irq":
      push(k, c, "IRQ", pmuIrqHandler(cfg), {}, 0);
      return true;
    case "irq_work":
      // do_handle_IPI(IPI_IRQ_WORK) → irq_work_run(), hardirq
      push(k, c, "IPI", "irq_work_run", {}, 0);
      return true;
    case "sw_event":
      k.budget.sw_events--;
      push(k, c, "task", "perf_swevent_event", { e: String(params[0]) }, 0);
      return true;
    case "aux_fill":
      k.budget.fills--;
      k.rb[Number(params[0])]!.aux_full = true;
      return true;
    case "close":
      k.budget.closes--;
      // close(fd) → perf_release → perf_event_release_kernel → perf_remove_from_context → event_function_call:
      // the function runs on the event's CPU with IRQs off (cpu_function_call / raw_spin_lock_irq).
      push(k, c, "task", "perf_event_release_kernel", { e: String(params[0]) }, 1);
      return true;
    default:
      return false;
  }
}
