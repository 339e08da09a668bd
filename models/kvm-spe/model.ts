/**
 * KVM arm64 SPE stage-2 buffer pinning (kernel-semantics.md §7, seed 001).
 *
 * One vCPU whose guest profiles with SPE into an AUX area of PAGES pages (or two, for two
 * profiled tasks); KVM pins the buffer and maps it at stage 2 under one of the policies; the host
 * may invalidate pages through the MMU notifier; the SPU writes records when it can and takes a
 * stage-2 fault where stage 2 has no entry.
 * Contexts (trace lanes): `guest` (the guest SPE driver), `kvm` (trap handling, vCPU load/put,
 * the dormant timeout), `host` (MMU notifier, shrinker), `spu` (the profiling hardware).
 */
import type { Action, Model, StepContext, StepInfo } from "../../src/model.ts";
import { kvmSpeProperties } from "../../invariants/kvm-spe/index.ts";
import { ipaCount, isLazy, NOTIFIER_EVENTS, reopenAtNewVa, reopenAtSameVa, windowsOf, type Config, type NotifierEvent } from "./config.ts";
import {
  arm_spe_pmu_irq_handler,
  arm_spe_pmu_irq_handler_fatal,
  arm_spe_pmu_irq_handler_resume,
  arm_spe_pmu_irq_handler_truncated,
  arm_spe_pmu_reopen_aux,
  arm_spe_pmu_start_begin,
  arm_spe_pmu_start_pmscr,
  arm_spe_pmu_stop,
  spu_stage2_fault,
  spu_write_record,
  windowMapped,
} from "./guest.ts";
import {
  kvm_arch_vcpu_load,
  kvm_arch_vcpu_put,
  kvm_mmu_notifier_invalidate,
  kvm_spe_park_buffer,
  kvm_spe_pin_buffer_map,
  kvm_spe_pin_buffer_walk,
  kvm_spe_release_dormant,
  kvm_spe_unpin_buffer,
} from "./kvm.ts";
import { dormantTimeoutDue, tickAge } from "./release-clock.ts";
import { canWrite, genOfIpa, guestRuns, initialState, viewState, type SpeState } from "./state.ts";

export type Lane = "guest" | "kvm" | "host" | "spu";
export const LANES: readonly Lane[] = ["guest", "kvm", "host", "spu"];

/** Action families (coverage names). The guest's start/stop carry the per-task or per-cpu entry point's name. */
export const ACTION_NAMES = [
  "event_sched_in",
  "perf_event_enable",
  "arm_spe_pmu_start_pmscr",
  "event_sched_out",
  "perf_event_disable",
  "arm_spe_pmu_irq_handler",
  "arm_spe_pmu_irq_handler_resume",
  "arm_spe_pmu_reopen_aux",
  "kvm_spe_pin_buffer_walk",
  "kvm_spe_pin_buffer_map",
  "kvm_spe_unpin_buffer",
  "kvm_spe_park_buffer",
  "kvm_arch_vcpu_put",
  "kvm_arch_vcpu_load",
  "kvm_spe_dormant_timeout",
  "mmu_notifier_invalidate",
  "kvm_spe_shrink_scan",
  "spu_write_record",
  "spu_stage2_fault",
] as const;
export type SpeActionName = (typeof ACTION_NAMES)[number];

export interface SpeAction extends Action {
  readonly name: SpeActionName;
  readonly context: Lane;
  readonly params: readonly (string | number)[];
}

const act = (name: SpeActionName, context: Lane, ...params: (string | number)[]): SpeAction => ({ name, context, params });

/** The trapped-register handler that runs a buffer operation (placeholder name for patch 25's handler). */
const TRAP_CHAIN = ["access_pmblimitr_el1", "kvm_handle_sys_reg"];
/** The SPU's maintenance interrupt, taken by KVM while the vCPU runs (placeholder name for patch 24's handler). */
const SERVICE_CHAIN = ["kvm_spe_handle_maintenance_irq", "handle_exit"];

/** Host events that replace the page behind a buffer IPA may land in `s` (config `unmapEvents`). */
function unmapEventsNow(s: SpeState, cfg: Config): boolean {
  return cfg.unmapEvents === "any-time" || (cfg.unmapEvents === "while-disabled" && !s.g.E);
}

export function buildKvmSpeModel(cfg: Config): Model<SpeState, SpeAction> {
  const perTask = cfg.mode === "per-task";
  const startName: SpeActionName = perTask ? "event_sched_in" : "perf_event_enable";
  const stopName: SpeActionName = perTask ? "event_sched_out" : "perf_event_disable";
  const windows = windowsOf(cfg);
  const winParam = (w: readonly [number, number]): string => `${w[0]}..${w[1]}`;
  const tasks = Array.from({ length: cfg.buffers }, (_, t) => t);
  const taskParams = (t: number): string[] => (cfg.buffers > 1 ? [`task${t}`] : []);

  // Every action object is built once; `actions` pushes the enabled ones in this fixed order.
  const A = {
    start: tasks.flatMap((t) => windows.map((w) => ({ t, w, a: act(startName, "guest", ...taskParams(t), winParam(w)) }))),
    pmscr: act("arm_spe_pmu_start_pmscr", "guest"),
    stop: act(stopName, "guest"),
    irq: windows.map((w) => ({ w, a: act("arm_spe_pmu_irq_handler", "guest", winParam(w)) })),
    irqTruncated: act("arm_spe_pmu_irq_handler", "guest", "truncated"),
    irqFatal: act("arm_spe_pmu_irq_handler", "guest", "fatal"),
    irqResume: act("arm_spe_pmu_irq_handler_resume", "guest"),
    reopenSame: act("arm_spe_pmu_reopen_aux", "guest", "same-va"),
    reopenNew: act("arm_spe_pmu_reopen_aux", "guest", "new-va"),
    walk: act("kvm_spe_pin_buffer_walk", "kvm"),
    map: act("kvm_spe_pin_buffer_map", "kvm"),
    unpin: act("kvm_spe_unpin_buffer", "kvm"),
    park: act("kvm_spe_park_buffer", "kvm"),
    put: act("kvm_arch_vcpu_put", "kvm"),
    load: act("kvm_arch_vcpu_load", "kvm"),
    timeout: act("kvm_spe_dormant_timeout", "kvm"),
    inval: Array.from({ length: ipaCount(cfg) }, (_, ipa) => NOTIFIER_EVENTS.map((e) => ({ ipa, e, a: act("mmu_notifier_invalidate", "host", `ipa${ipa}`, e) }))),
    shrink: act("kvm_spe_shrink_scan", "host"),
    write: act("spu_write_record", "spu"),
    fault: act("spu_stage2_fault", "spu"),
  };
  const startOf = new Map(A.start.map((x) => [x.a, x]));
  const irqOf = new Map(A.irq.map((x) => [x.a, x.w]));
  const invalOf = new Map<SpeAction, { ipa: number; e: NotifierEvent }>(A.inval.flat().map((x) => [x.a, x]));

  const hasDormant = (s: SpeState): boolean => s.k.pins.some((p) => p.st === "dormant");
  /** IPAs worth invalidating: named by the guest's stage 1, pinned, or mapped at stage 2 (others change nothing observable). */
  const relevantIpa = (s: SpeState, ipa: number): boolean =>
    s.k.s2[ipa]! >= 0 || s.k.pins.some((p) => p.ipa === ipa) || s.g.bufs.some((b) => b.gen === genOfIpa(ipa));

  function step(s: SpeState, a: SpeAction): SpeState {
    switch (a.name) {
      case "event_sched_in":
      case "perf_event_enable": {
        const x = startOf.get(a)!;
        return arm_spe_pmu_start_begin(s, cfg, x.t, x.w);
      }
      case "arm_spe_pmu_start_pmscr":
        return arm_spe_pmu_start_pmscr(s);
      case "event_sched_out":
      case "perf_event_disable":
        return arm_spe_pmu_stop(s);
      case "arm_spe_pmu_irq_handler":
        if (a === A.irqTruncated) return arm_spe_pmu_irq_handler_truncated(s);
        if (a === A.irqFatal) return arm_spe_pmu_irq_handler_fatal(s);
        return arm_spe_pmu_irq_handler(s, cfg, irqOf.get(a)!);
      case "arm_spe_pmu_irq_handler_resume":
        return arm_spe_pmu_irq_handler_resume(s, cfg);
      case "arm_spe_pmu_reopen_aux":
        return arm_spe_pmu_reopen_aux(s, a === A.reopenSame);
      case "kvm_spe_pin_buffer_walk":
        return kvm_spe_pin_buffer_walk(s, cfg);
      case "kvm_spe_pin_buffer_map":
        return kvm_spe_pin_buffer_map(s, cfg);
      case "kvm_spe_unpin_buffer":
        return kvm_spe_unpin_buffer(s);
      case "kvm_spe_park_buffer":
        return kvm_spe_park_buffer(s);
      case "kvm_arch_vcpu_put":
        return kvm_arch_vcpu_put(s, cfg);
      case "kvm_arch_vcpu_load":
        return kvm_arch_vcpu_load(s, cfg);
      case "kvm_spe_dormant_timeout":
      case "kvm_spe_shrink_scan":
        return kvm_spe_release_dormant(s);
      case "mmu_notifier_invalidate": {
        const x = invalOf.get(a)!;
        return kvm_mmu_notifier_invalidate(s, cfg, x.ipa, x.e);
      }
      case "spu_write_record":
        return spu_write_record(s, cfg);
      case "spu_stage2_fault":
        return spu_stage2_fault(s, cfg);
    }
  }

  return {
    name: `kvm-spe(${cfg.variant}, ${cfg.mode})`,
    actionNames: ACTION_NAMES,
    initStates: () => [initialState(cfg)],

    actions(s, out) {
      if (dormantTimeoutDue(s, cfg)) {
        out.push(A.timeout);
        return;
      }
      const g = s.g;
      // guest
      if (guestRuns(s)) {
        if (g.pc === "off" && (!perTask || s.b.switches !== 0)) for (const x of A.start) out.push(x.a);
        if (g.pc === "enabled") out.push(A.pmscr);
        if (g.pc === "running") out.push(A.stop);
        if (g.pc === "running" && g.syndrome === "buffer-full") out.push(...A.irq.map((x) => x.a), A.irqTruncated);
        if (g.pc === "running" && g.syndrome === "stage2-fault") out.push(A.irqFatal);
        if (g.pc === "irq_resume") out.push(A.irqResume);
        if ((g.pc === "off" || g.pc === "stopped") && s.b.reopens > 0) {
          if (reopenAtSameVa(cfg)) out.push(A.reopenSame);
          if (reopenAtNewVa(cfg)) out.push(A.reopenNew);
        }
      }
      // kvm
      const op = s.k.op;
      if (op !== null) {
        if (op.phase === "walk") out.push(A.walk);
        else if (op.phase === "map") out.push(A.map);
        else out.push(isLazy(cfg) ? A.park : A.unpin);
      }
      if (s.k.vcpu === "loaded" && op === null) out.push(A.put);
      if (s.k.vcpu === "put") out.push(A.load);
      if (isLazy(cfg) && op === null && hasDormant(s)) out.push(A.timeout);
      // host
      if (s.b.invalidations > 0) {
        const unmap = unmapEventsNow(s, cfg);
        for (const byEvent of A.inval) for (const x of byEvent) if ((x.e === "migrate" || unmap) && relevantIpa(s, x.ipa)) out.push(x.a);
      }
      if (isLazy(cfg) && op === null && hasDormant(s)) out.push(A.shrink);
      // spu
      if (canWrite(s)) {
        if (!windowMapped(s)) out.push(A.fault);
        else if (s.b.irqs !== 0) out.push(A.write);
      }
    },

    next(s, a, _step: StepContext) {
      return tickAge(step(s, a), cfg);
    },

    properties: kvmSpeProperties(cfg),
    view: viewState,
    stepInfo: (before, a, after) => stepInfo(before, a, after),
  };
}

const NOTIFIER_CHAINS: Readonly<Record<NotifierEvent, { chain: string[]; label: string }>> = {
  migrate: { chain: ["try_to_migrate_one", "migrate_pages"], label: "MMU_NOTIFY_CLEAR: migration (fails if pinned) … end (seq++)" },
  madv_dontneed: { chain: ["zap_page_range_single", "madvise_dontneed_single_vma"], label: "MMU_NOTIFY_CLEAR: page replaced … end (seq++)" },
  munmap: { chain: ["unmap_vmas", "unmap_region"], label: "MMU_NOTIFY_UNMAP: page replaced … end (seq++)" },
};

/** The call chain (innermost first) and step label of each action, with the kernel's names. */
function stepInfo(before: SpeState, a: SpeAction, after: SpeState): StepInfo {
  const kind = before.k.op?.kind;
  const opChain = kind === "load" ? ["kvm_arch_vcpu_load", "kvm_sched_in"] : kind === "service" ? SERVICE_CHAIN : TRAP_CHAIN;
  const c = (callChain: string[], label?: string): StepInfo => ({ context: a.context, callChain, ...(label ? { label } : {}) });
  const strayNote = (): string => {
    const st = after.host.stray;
    return st && !before.host.stray ? `; writes ipa${st.ipa} into pfn${st.pfn}, which the guest no longer owns` : "";
  };
  switch (a.name) {
    case "event_sched_in":
    case "perf_event_enable":
      return c(["arm_spe_perf_aux_output_begin", "arm_spe_pmu_start", "arm_spe_pmu_add", a.name], "PMBLIMITR_EL1=LIMIT|E (trap)");
    case "arm_spe_pmu_start_pmscr":
      return c(["arm_spe_pmu_start"], "PMSCR_EL1=config");
    case "event_sched_out":
    case "perf_event_disable":
      return c(["arm_spe_pmu_disable_and_drain_local", "arm_spe_pmu_stop", "arm_spe_pmu_del", a.name], "PMBLIMITR_EL1=0 (trap)");
    case "arm_spe_pmu_irq_handler":
      if (a.params[0] === "truncated")
        return c(
          ["arm_spe_pmu_disable_and_drain_local", "arm_spe_pmu_stop", "arm_spe_pmu_del", "event_sched_out", "perf_event_disable_local", "perf_pending_disable", "irq_work_run", "arm_spe_pmu_irq_handler"],
          "TRUNCATED: event OFF, PMBLIMITR_EL1=0 (trap)",
        );
      if (a.params[0] === "fatal") return c(["arm_spe_pmu_disable_and_drain_local", "arm_spe_pmu_irq_handler"], "Unexpected buffer fault (FATAL): PMBLIMITR_EL1=0 (trap)");
      return c(["arm_spe_perf_aux_output_begin", "arm_spe_pmu_irq_handler"], after.k.op ? "PMBLIMITR_EL1=LIMIT|E (trap)" : "PMBLIMITR_EL1=LIMIT|E (trap, S=1: nothing to pin)");
    case "arm_spe_pmu_irq_handler_resume":
      return c(["arm_spe_pmu_irq_handler"], after.k.op ? "PMBSR_EL1=0 (trap)" : "PMBSR_EL1=0");
    case "arm_spe_pmu_reopen_aux":
      return c(["arm_spe_pmu_setup_aux", "rb_alloc_aux", "perf_mmap"], a.params[0] === "same-va" ? "vmap at the same VA" : "vmap at a new VA");
    case "kvm_spe_pin_buffer_walk":
      return c(["pin_user_pages", "kvm_spe_pin_buffer", ...opChain], "mmu_seq snapshot, stage-1 walk, pin");
    case "kvm_spe_pin_buffer_map": {
      const retried = after.k.op !== null && after.k.op.phase === "walk";
      return c(["kvm_pgtable_stage2_map", "kvm_spe_pin_buffer", ...opChain], retried ? "mmu_invalidate_retry: retry" : "stage-2 map");
    }
    case "kvm_spe_unpin_buffer":
      return c(["unpin_user_pages", "kvm_spe_unpin_buffer", ...opChain], "unmap + unpin");
    case "kvm_spe_park_buffer":
      return c(["kvm_spe_park_buffer", ...opChain], "Pinned → Dormant");
    case "kvm_arch_vcpu_put":
      return c(["kvm_arch_vcpu_put", "kvm_sched_out"]);
    case "kvm_arch_vcpu_load":
      return c(["kvm_arch_vcpu_load", "kvm_sched_in"]);
    case "kvm_spe_dormant_timeout":
      return c(["unpin_user_pages", "kvm_spe_release_dormant", "kvm_spe_dormant_timeout_work"]);
    case "mmu_notifier_invalidate": {
      const n = NOTIFIER_CHAINS[a.params[1] as NotifierEvent];
      return c(["kvm_unmap_gfn_range", "kvm_mmu_notifier_invalidate_range_start", "__mmu_notifier_invalidate_range_start", ...n.chain], n.label);
    }
    case "kvm_spe_shrink_scan":
      return c(["unpin_user_pages", "kvm_spe_release_dormant", "kvm_spe_shrink_scan", "do_shrink_slab"]);
    case "spu_write_record":
      return c([], `window full: PMBSR_EL1.S=1, PMBIRQ${strayNote()}`);
    case "spu_stage2_fault":
      return c([], `stage-2 fault: PMBSR_EL1.S=1, EC=FAULT_S2 (blackout)${strayNote()}`);
  }
}
