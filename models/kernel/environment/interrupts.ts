/**
 * Interrupt entries: where each kind of interrupt may land, and the kernel function it enters.
 * kernel-semantics.md §8.2, audit X1, X9, X10.
 *
 *   nmi       (NMI)  the core PMU interrupt, platform=nmi (x86; arm64 with GICv3 pseudo-NMI): whenever an
 *                    overflow bit is latched (level-triggered) and no NMI runs on the CPU (NMIs do not nest),
 *                    between any two steps of any other context.
 *   pmu_irq   (IRQ)  the same interrupt, platform=irq (arm64 with GICv2, e.g. the seed's Juno, audit X9): only
 *                    where IRQs are on (no context, or task code outside IRQs-off sections), so never inside the
 *                    tick, an IPI, another IRQ, an NMI or any local_irq_save section. The handler is
 *                    armv8pmu_handle_irq (pmu_irq_handler=arm64) or intel_pmu_handle_irq (x86).
 *   tick      (tick) sched_tick → perf_event_task_tick, where IRQs are on. Budget `ticks`.
 *   ioc_period, addr_filter_restart (IPI)
 *                    one CPU: the PERF_EVENT_IOC_PERIOD / address-filter IPI from a CPU the model does not have
 *                    (cpu_function_call → __perf_event_period / __perf_event_stop(restart = 1)), where IRQs are
 *                    on. With two CPUs a task issues them (user-space.ts) and `ipi` delivers the csd.
 *   ipi       (IPI)  two CPUs: IPI_CALL_FUNC for the csd queued on this CPU, where IRQs are on.
 *   spe_pmbirq (IRQ) arm_spe_pmu_irq_handler while PMBSR.S = 1 (a level-triggered PPI) and IRQs are on.
 *   pt_pmi    (NMI)  intel_pt_interrupt while a ToPA PMI is pending and no NMI runs.
 *   irq_work  (IPI)  the irq_work self-IPI (arch_irq_work_raise → IPI_IRQ_WORK → irq_work_run()): runs the
 *                    perf_pending_disable works queued by perf_event_disable_inatomic, where IRQs are on.
 */
import { InputError } from "../../../src/registry.ts";
import { ctxMutexOf, type Config } from "../interpreter/config.ts";
import { pushContext } from "../interpreter/machine.ts";
import type { ContextKind, KState } from "../interpreter/state.ts";
import type { EntryAction, Offer } from "./offer.ts";

/** The core PMU interrupt handler the run uses (audit X1). */
export function pmuIrqHandler(cfg: Config): string {
  return cfg.params.pmuIrqHandler === "x86" ? "intel_pmu_handle_irq" : "armv8pmu_handle_irq";
}

/** The context kind the core PMU interrupt runs in (audit X9). */
export function pmuIrqKind(cfg: Config): ContextKind {
  return cfg.params.platform === "irq" ? "IRQ" : "NMI";
}

/** Static checks of the platform parameters (InputError: the CLI exits 2). */
export function validatePlatform(cfg: Config): void {
  const p = cfg.params;
  if (p.pmuIrqHandler === "x86" && p.platform === "irq") {
    throw new InputError("platform=irq with pmu_irq_handler=x86: the x86 PMI is always an NMI (APIC_DM_NMI in LVTPC); valid: platform=nmi");
  }
  if (p.platform === "irq" && cfg.events.some((e) => e.pmu.driver === "pt")) {
    throw new InputError("platform=irq with intel_pt: the x86 PMI (counters and ToPA) is always an NMI; valid: platform=nmi");
  }
}

function auxDriver(cfg: Config): string | null {
  return cfg.events.find((e) => e.pmu.aux)?.pmu.driver ?? null;
}

function inNmi(o: Offer): boolean {
  return o.s.cpu[o.c]!.ctx.some((x) => x.kind === "NMI");
}

function overflowLatched(o: Offer): boolean {
  return Object.values(o.s.cpu[o.c]!.pmu.ctr).some((x) => x.ovf);
}

/** The core PMU interrupt as an NMI (platform=nmi). */
export function offerPmuNmi(o: Offer): void {
  if (o.cfg.params.platform === "nmi" && !inNmi(o) && overflowLatched(o)) o.out.push({ name: "nmi", params: o.cp, context: "NMI" });
}

/** The tick, where IRQs are on. */
export function offerTick(o: Offer): void {
  if (o.irqsOn && (o.s.budget.ticks > 0 || o.cfg.params.ticksUnbounded)) o.out.push({ name: "tick", params: o.cp, context: "tick" });
}

/**
 * One CPU: the IOC_PERIOD / address-filter IPI arrives from an unmodelled CPU. Two CPUs: a task on either CPU
 * issues it (user-space.ts), and the IPI is the csd it queues (offerCsdIpi).
 */
export function offerRemoteIoctlIpis(o: Offer): void {
  const { s, cfg, cp } = o;
  if (!o.irqsOn || cfg.ncpus !== 1) return;
  if (s.budget.ioctls > 0) for (const t of cfg.iocPeriodTargets) o.out.push({ name: "ioc_period", params: [...cp, t], context: "IPI" });
  // perf_event_stop(): "if (READ_ONCE(event->state) != PERF_EVENT_STATE_ACTIVE) return 0;" before the IPI.
  if (s.budget.restarts > 0 && cfg.restartTarget !== null && s.ev[cfg.restartTarget]!.state === "ACTIVE") {
    o.out.push({ name: "addr_filter_restart", params: [...cp, cfg.restartTarget], context: "IPI" });
  }
}

/** The AUX hardware's buffer interrupt: SPE's PMBIRQ (an IRQ), PT's ToPA PMI (an NMI). */
export function offerAuxInterrupt(o: Offer): void {
  const cpu = o.s.cpu[o.c]!;
  const drv = auxDriver(o.cfg);
  if (drv === "spe" && cpu.spe.pmbsr !== null && o.irqsOn) o.out.push({ name: "spe_pmbirq", params: o.cp, context: "IRQ" });
  if (drv === "pt" && cpu.pt.pmi && !inNmi(o)) o.out.push({ name: "pt_pmi", params: o.cp, context: "NMI" });
}

/** The core PMU interrupt as an ordinary IRQ (platform=irq). */
export function offerPmuIrq(o: Offer): void {
  if (o.cfg.params.platform === "irq" && o.irqsOn && overflowLatched(o)) o.out.push({ name: "pmu_irq", params: o.cp, context: "IRQ" });
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

/** The irq_work self-IPI, where IRQs are on. */
export function offerIrqWork(o: Offer): void {
  if (o.irqsOn && irqWorkQueued(o.s, o.c)) o.out.push({ name: "irq_work", params: o.cp, context: "IPI" });
}

/** Two CPUs: IPI_CALL_FUNC for a queued csd, where IRQs are on. */
export function offerCsdIpi(o: Offer): void {
  if (o.s.cpu[o.c]!.csd?.state === "queued" && o.irqsOn) o.out.push({ name: "ipi", params: o.cp, context: "IPI" });
}

export const INTERRUPT_ACTIONS: readonly EntryAction[] = [
  {
    name: "tick",
    entry: "perf_event_task_tick",
    apply(k, c, _params, cfg) {
      if (!cfg.params.ticksUnbounded) k.budget.ticks--;
      pushContext(k, c, "tick", "perf_event_task_tick", {}, 0);
    },
  },
  {
    name: "ioc_period",
    entry: "__perf_event_period",
    locks: (params, cfg) => [ctxMutexOf(cfg, String(params[0]))], // the issuing PERF_EVENT_IOC_PERIOD holds ctx->mutex
    apply(k, c, params) {
      k.budget.ioctls--;
      pushContext(k, c, "IPI", "__perf_event_period", { e: String(params[0]) }, 0);
    },
  },
  {
    name: "addr_filter_restart",
    entry: "__perf_event_stop",
    // From another CPU the restart is PERF_EVENT_IOC_SET_FILTER's (ctx->mutex held): perf_addr_filters_adjust and
    // perf_event_addr_filters_exec walk only current's task context, so they restart an event on their own CPU.
    locks: (params, cfg) => [ctxMutexOf(cfg, String(params[0]))],
    apply(k, c, params) {
      k.budget.restarts--;
      pushContext(k, c, "IPI", "__perf_event_stop", { e: String(params[0]), restart: 1 }, 0);
    },
  },
  {
    name: "nmi",
    entry: pmuIrqHandler,
    apply(k, c, _p, cfg) {
      pushContext(k, c, "NMI", pmuIrqHandler(cfg), {}, 0); // armv8pmu_handle_irq or intel_pmu_handle_irq
    },
  },
  {
    name: "spe_pmbirq",
    entry: "arm_spe_pmu_irq_handler",
    apply(k, c) {
      pushContext(k, c, "IRQ", "arm_spe_pmu_irq_handler", {}, 0);
    },
  },
  {
    name: "pt_pmi",
    entry: "intel_pt_interrupt",
    apply(k, c) {
      pushContext(k, c, "NMI", "intel_pt_interrupt", {}, 0);
    },
  },
  {
    name: "pmu_irq",
    entry: pmuIrqHandler,
    apply(k, c, _p, cfg) {
      pushContext(k, c, "IRQ", pmuIrqHandler(cfg), {}, 0);
    },
  },
  {
    name: "irq_work",
    entry: "irq_work_run",
    apply(k, c) {
      // do_handle_IPI(IPI_IRQ_WORK) → irq_work_run(), hardirq
      pushContext(k, c, "IPI", "irq_work_run", {}, 0);
    },
  },
  {
    name: "ipi",
    entry: "generic_smp_call_function_single_interrupt",
    apply(k, c) {
      k.cpu[c]!.csd!.state = "running";
      pushContext(k, c, "IPI", "generic_smp_call_function_single_interrupt", {}, 0);
    },
  },
];
