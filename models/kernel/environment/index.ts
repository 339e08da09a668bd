/**
 * The environment of the kernel model: what user space, the scheduler, the interrupt controller and the
 * hardware may do in a state (everything that is not a step of a running kernel function), and in which
 * order the actions are offered.
 *
 * The order matters for one thing only: among several equally short counterexamples, the breadth-first
 * search prints the one whose actions come first. It is kept fixed (test/standard-statistics.test.ts
 * records every standard run's traces).
 */
import type { Config } from "../interpreter/config.ts";
import { isHeld, takeAtEntry } from "../interpreter/locks.ts";
import type { KAction } from "../interpreter/machine.ts";
import type { KState } from "../interpreter/state.ts";
import { HARDWARE_ACTIONS, offerAuxBufferFull, offerAuxFill, offerOverflows, validateHardware } from "./hardware.ts";
import { INTERRUPT_ACTIONS, offerAuxInterrupt, offerCsdIpi, offerIrqWork, offerPmuIrq, offerPmuNmi, offerRemoteIoctlIpis, offerTick, validatePlatform } from "./interrupts.ts";
import { entryName, type EntryAction, type Offer } from "./offer.ts";
import { offerPreemption, offerSwitches, SCHEDULER_ACTIONS } from "./scheduler.ts";
import { offerDetach, offerEnable, offerIoctls, offerMunmap, offerSwEventAndClose, USER_SPACE_ACTIONS, validateClose, validateIssuer } from "./user-space.ts";

export type { EntryAction, Offer } from "./offer.ts";

/** Each CPU's entry actions, in the order they are offered (after the step of its running context). */
const OFFERS: readonly ((o: Offer) => void)[] = [
  offerPmuNmi,
  offerTick,
  offerRemoteIoctlIpis,
  offerEnable,
  offerSwitches,
  offerMunmap,
  offerOverflows,
  offerAuxBufferFull,
  offerAuxInterrupt,
  offerDetach,
  offerPmuIrq,
  offerIrqWork,
  offerSwEventAndClose,
  offerAuxFill,
  offerCsdIpi,
  offerIoctls,
  offerPreemption,
];

/** Pushes the entry actions enabled on one CPU of one state: offered, and every lock they take first is free. */
export function offerEntryActions(o: Offer): void {
  const from = o.out.length;
  for (const offer of OFFERS) offer(o);
  let to = from;
  for (let i = from; i < o.out.length; i++) {
    const a = o.out[i]!;
    if (!locksFree(o, a)) continue;
    o.out[to++] = a;
  }
  o.out.length = to;
}

function locksFree(o: Offer, a: KAction): boolean {
  const locks = ENTRY_ACTIONS.get(a.name)!.locks;
  return locks === undefined || locks(withoutCpu(o.cfg, a.params), o.cfg).every((l) => !isHeld(o.s, l));
}

/** An entry action's parameters without the CPU parameter (two CPUs). */
export function withoutCpu(cfg: Config, params: readonly (string | number)[]): readonly (string | number)[] {
  return cfg.ncpus > 1 ? params.slice(1) : params;
}

/** Applies an entry action on CPU `c`, taking the locks it takes first (the context it pushed releases them). */
export function applyEntryAction(k: KState, a: KAction, c: number, cfg: Config): void {
  const action = ENTRY_ACTIONS.get(a.name);
  if (!action) throw new Error(`unknown action ${a.name}`);
  const params = withoutCpu(cfg, a.params);
  const depth = k.cpu[c]!.ctx.length;
  action.apply(k, c, params, cfg);
  if (action.locks === undefined) return;
  const pushed = k.cpu[c]!.ctx[depth];
  if (pushed === undefined || k.cpu[c]!.ctx.length !== depth + 1) throw new Error(`${a.name}: takes locks but pushed no context`);
  takeAtEntry(k, pushed.frames[0]!, action.locks(params, cfg));
}

const ALL: readonly EntryAction[] = [...USER_SPACE_ACTIONS, ...SCHEDULER_ACTIONS, ...INTERRUPT_ACTIONS, ...HARDWARE_ACTIONS];

/** The entry actions by name. */
export const ENTRY_ACTIONS: ReadonlyMap<string, EntryAction> = new Map(ALL.map((a) => [a.name, a]));

/** The names of the entry actions a run can offer (coverage), in a fixed order. */
export function entryActionNames(cfg: Config): string[] {
  const base = ["enable", "sched_in", "sched_out", "munmap", "tick", "ioc_period", "addr_filter_restart", "nmi", "overflow", "buffer_full", "spe_pmbirq", "pt_pmi", "set_output", "detach", "pmu_irq", "irq_work", "sw_event", "aux_fill", "close"];
  return cfg.ncpus > 1 ? [...base, "ipi", "ioctl_period", "set_filter", "mmap_filter", "preempt", "resume"] : base;
}

/** The trace label of an entry action: its context, the kernel function it enters, and what it does. */
export function entryStepInfo(a: EntryAction, context: string, params: readonly (string | number)[], cfg: Config): { context: string; callChain: string[]; label: string } {
  const fn = entryName(a, cfg);
  return { context, callChain: fn === null ? [] : [fn], label: a.label ? a.label(params, cfg) : `enter ${fn}(${params.join(", ")})` };
}

/** Static checks of the run's environment (InputError: the CLI exits 2). */
export function validateEnvironment(cfg: Config): void {
  validatePlatform(cfg);
  validateClose(cfg);
  validateHardware(cfg);
  validateIssuer(cfg);
}
