/**
 * Hardware events: what the PMU and the trace hardware do on their own. None enters a kernel function;
 * each changes hardware state that an interrupt entry (interrupts.ts) or a driver then reads.
 *
 *   overflow    a counting counter overflows and latches its PMOVS bit (x86: GLOBAL_STATUS), while the counter
 *               is enabled and PMCR_EL0.E (GLOBAL_CTRL) is set (audit D1: an overflow can latch only while the
 *               counter and the PMU are enabled). A frequency-mode counter's overflow may be one after which perf_adjust_period()
 *               restarts it (`rate-jump`, state.ts Counter.adj). Budget `overflows`.
 *   buffer_full SPE: PMBSR.S = 1 with a syndrome (FULL, FULL + no AUX space, FULL_DL, FAULT: audit D4's four
 *               PMBIRQ outcomes), while sampling and the buffer are on and no service is pending; PT: a ToPA
 *               PMI becomes pending while TraceEn. Budget `auxirqs`. (ETM over ETR has no AUX interrupt.)
 *   aux_fill    the ETM trace fills the AUX buffer and the consumer is behind (rb.aux_full): ETR's
 *               update_buffer then flags TRUNCATED, and perf_aux_output_begin takes its zero-space branch
 *               (both → perf_event_disable_inatomic). Budget `fills`. (SPE and PT fill through buffer_full.)
 */
import { InputError } from "../../../src/registry.ts";
import { ev, isCounter, type Config } from "../interpreter/config.ts";
import { etmTracing, speTracing } from "../interpreter/state.ts";
import type { EntryAction, Offer } from "./offer.ts";

/** SPE buffer-management syndromes offered by the hardware (audit D4's four PMBIRQ outcomes). */
const SPE_SYNDROMES: readonly (readonly (string | number)[])[] = [["FULL"], ["FULL", "no_space"], ["FULL_DL"], ["FAULT"]];

/** Static checks (InputError: the CLI exits 2). */
export function validateHardware(cfg: Config): void {
  if (cfg.budgets.fills > 0 && !cfg.events.some((e) => e.pmu.driver === "etm")) {
    throw new InputError("fills: the AUX-buffer-full event of this model is ETM's (ETR update_buffer); SPE and intel_pt use `auxirqs` (buffer_full)");
  }
  if (cfg.budgets.auxirqs > 0 && !cfg.events.some((e) => e.pmu.driver === "spe" || e.pmu.driver === "pt")) {
    throw new InputError("auxirqs: the AUX buffer interrupts of this model are SPE's PMBIRQ and Intel PT's ToPA PMI; ETM over ETR has none (its buffer full is `fills`)");
  }
}

/** A counting counter overflows (latched PMOVS bit). */
export function offerOverflows(o: Offer): void {
  const { s, cfg, cp } = o;
  const cpu = s.cpu[o.c]!;
  if (s.budget.overflows <= 0 || !cpu.pmu.pmcr_e) return;
  for (const e of cfg.events) {
    if (!isCounter(e.pmu.driver)) continue;
    // the counter counts while it is enabled (PMCNTEN; x86 EVENTSEL.EN) and the PMU is (PMCR_EL0.E; GLOBAL_CTRL),
    // whatever the driver's bookkeeping says; hw.idx is the counter the event was given (arm64 clears it at del)
    const idx = s.ev[e.id]!.hw.idx;
    if (idx < 0) continue;
    const ctr = cpu.pmu.ctr[String(idx)]!;
    if (ctr.en && !ctr.ovf) {
      o.out.push({ name: "overflow", params: [...cp, e.id], context: "hw" });
      // a freq-mode counter's overflow may be one after which perf_adjust_period restarts it (Counter.adj)
      if (ev(cfg, e.id).attr.freq) o.out.push({ name: "overflow", params: [...cp, e.id, "rate-jump"], context: "hw" });
    }
  }
}

/** The AUX hardware's buffer fills: SPE's buffer-management event, PT's ToPA PMI. */
export function offerAuxBufferFull(o: Offer): void {
  const { s, cfg, cp } = o;
  const cpu = s.cpu[o.c]!;
  const drv = cfg.events.find((e) => e.pmu.aux)?.pmu.driver ?? null;
  if (s.budget.auxirqs <= 0) return;
  if (drv === "spe" && speTracing(cpu) && cpu.spe.pmbsr === null) {
    for (const p of SPE_SYNDROMES) o.out.push({ name: "buffer_full", params: [...cp, ...p], context: "hw" });
  }
  if (drv === "pt" && cpu.pt.trace_en && !cpu.pt.pmi) o.out.push({ name: "buffer_full", params: [...cp, "ToPA"], context: "hw" });
}

/** The ETM trace fills the AUX buffer (consumer behind). */
export function offerAuxFill(o: Offer): void {
  const { s, cp } = o;
  if (s.budget.fills > 0 && !s.rb[0]!.aux_full && etmTracing(s.cpu[o.c]!)) o.out.push({ name: "aux_fill", params: [...cp, 0], context: "hw" });
}

export const HARDWARE_ACTIONS: readonly EntryAction[] = [
  {
    name: "overflow",
    label: (params, cfg) => `${cfg.params.pmuIrqHandler === "x86" ? "GLOBAL_STATUS" : "PMOVSSET"}(${params.slice(cfg.ncpus > 1 ? 1 : 0).join(", ")})`,
    apply(k, c, params) {
      k.budget.overflows--;
      const idx = k.ev[String(params[0])]!.hw.idx;
      k.cpu[c]!.pmu.ctr[String(idx)]!.ovf = true;
      k.cpu[c]!.pmu.ctr[String(idx)]!.adj = params.length > 1; // "rate-jump"
    },
  },
  {
    name: "buffer_full",
    label: (params) => `buffer full (${params.join(", ")})`,
    apply(k, c, params) {
      k.budget.auxirqs--;
      const cpu = k.cpu[c]!;
      if (params[0] === "ToPA") {
        cpu.pt.pmi = true;
        return;
      }
      cpu.spe.pmbsr = params[0] as "FULL" | "FULL_DL" | "FAULT";
      // The hardware stops profiling while PMBSR.S = 1 (PMBLIMITR/PMSCR keep their values).
      if (params[1] === "no_space") k.rb[0]!.aux_full = true; // the consumer is behind: no AUX free space
    },
  },
  {
    name: "aux_fill",
    label: () => "AUX buffer full (consumer behind)",
    apply(k, _c, params) {
      k.budget.fills--;
      k.rb[Number(params[0])]!.aux_full = true;
    },
  },
];
