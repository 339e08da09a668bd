/**
 * The entry actions issue 4 adds to the kernel model (model.ts calls these hooks, so that the shared
 * file only gains a few lines): the AUX hardware's buffer interrupts and the F4 detach operations.
 *
 *   buffer_full   (hw)   SPE: PMBSR.S = 1 with a syndrome (FULL, FULL + no AUX space, FULL_DL, FAULT), while
 *                        sampling and the buffer are on and no service is pending; PT: a ToPA PMI becomes
 *                        pending while TraceEn. Budget `auxirqs`. (ETM over ETR has no AUX interrupt.)
 *   spe_pmbirq    (IRQ)  arm_spe_pmu_irq_handler while PMBSR.S = 1 (level-triggered PPI) and IRQs are on.
 *   pt_pmi        (NMI)  intel_pt_interrupt while a ToPA PMI is pending and no NMI runs.
 *   set_output    (task) PERF_EVENT_IOC_SET_OUTPUT(L, -1): perf_event_set_output(L, NULL). Budget `setoutputs`.
 *   detach        (task) the last munmap (data area, after the AUX area): perf_mmap_close_data. Budget `detaches`.
 */
import type { Config } from "./config.ts";
import type { KAction } from "./model.ts";
import type { Context, ContextKind, KState, Val } from "./state.ts";
import { speTracing } from "./state.ts";

export const AUX_ENTRY_ACTIONS = ["buffer_full", "spe_pmbirq", "pt_pmi", "set_output", "detach"] as const;

/** The entry function each of these actions pushes (for trace step labels). */
export const AUX_ENTRY_FN: Readonly<Record<string, string>> = {
  spe_pmbirq: "arm_spe_pmu_irq_handler",
  pt_pmi: "intel_pt_interrupt",
  set_output: "perf_event_set_output",
  detach: "perf_mmap_close_data",
};

/** SPE buffer-management syndromes offered by the hardware (audit D4's four PMBIRQ outcomes). */
const SPE_SYNDROMES: readonly (readonly (string | number)[])[] = [["FULL"], ["FULL", "no_space"], ["FULL_DL"], ["FAULT"]];

function auxDriver(cfg: Config): string | null {
  return cfg.events.find((e) => e.pmu.aux)?.pmu.driver ?? null;
}

function auxEvent(cfg: Config): string | null {
  return cfg.events.find((e) => e.pmu.aux)?.id ?? null;
}

/** Pushes this CPU's enabled issue-4 actions (called by model.ts `actions`). */
export function auxActions(s: KState, cfg: Config, c: number, top: Context | null, irqsOn: boolean, cp: (string | number)[], out: KAction[]): void {
  const cpu = s.cpu[c]!;
  const drv = auxDriver(cfg);
  const inNmi = cpu.ctx.some((x) => x.kind === "NMI");
  if (drv === "spe") {
    if (s.budget.auxirqs > 0 && speTracing(cpu) && cpu.spe.pmbsr === null) {
      for (const p of SPE_SYNDROMES) out.push({ name: "buffer_full", params: [...cp, ...p], context: "hw" });
    }
    if (cpu.spe.pmbsr !== null && irqsOn) out.push({ name: "spe_pmbirq", params: cp, context: "IRQ" });
  }
  if (drv === "pt") {
    if (s.budget.auxirqs > 0 && cpu.pt.trace_en && !cpu.pt.pmi) out.push({ name: "buffer_full", params: [...cp, "ToPA"], context: "hw" });
    if (cpu.pt.pmi && !inNmi) out.push({ name: "pt_pmi", params: cp, context: "NMI" });
  }
  if (top === null) {
    const L = auxEvent(cfg);
    if (L !== null && s.budget.setoutputs > 0 && s.ev[L]!.rb !== null) out.push({ name: "set_output", params: [...cp, L], context: "task" });
    if (s.budget.detaches > 0 && s.rb[0]!.aux_mmap_count === 0 && Object.values(s.ev).some((e) => e.rb !== null)) {
      out.push({ name: "detach", params: [...cp, 0], context: "task" });
    }
  }
}

type Push = (k: KState, cpu: number, kind: ContextKind, fn: string, args: Record<string, Val>, irqoff: number) => void;

/** Applies one of these actions; false if the action is not one of them (called by model.ts `next`). */
export function auxNext(k: KState, a: KAction, c: number, params: readonly (string | number)[], push: Push): boolean {
  switch (a.name) {
    case "buffer_full": {
      k.budget.auxirqs--;
      const cpu = k.cpu[c]!;
      if (params[0] === "ToPA") {
        cpu.pt.pmi = true;
        return true;
      }
      cpu.spe.pmbsr = params[0] as "FULL" | "FULL_DL" | "FAULT";
      // The hardware stops profiling while PMBSR.S = 1 (PMBLIMITR/PMSCR keep their values).
      if (params[1] === "no_space") k.rb[0]!.aux_full = true; // the consumer is behind: no AUX free space
      return true;
    }
    case "spe_pmbirq":
      push(k, c, "IRQ", "arm_spe_pmu_irq_handler", {}, 0);
      return true;
    case "pt_pmi":
      push(k, c, "NMI", "intel_pt_interrupt", {}, 0);
      return true;
    case "set_output":
      k.budget.setoutputs--;
      // PERF_EVENT_IOC_SET_OUTPUT: perf_ioctl → perf_event_ctx_lock → _perf_ioctl (task context, IRQs on).
      push(k, c, "task", "perf_event_set_output", { e: String(params[0]) }, 0);
      return true;
    case "detach":
      k.budget.detaches--;
      push(k, c, "task", "perf_mmap_close_data", { rb: Number(params[0]) }, 0);
      return true;
    default:
      return false;
  }
}
