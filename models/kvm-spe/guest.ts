/**
 * The guest's Arm SPE driver (drivers/perf/arm_spe_pmu.c, as in kernel-semantics.md §3.3 with
 * audit X4, seed 002, and torvalds/linux@05e4c88e2b5c) seen through the registers KVM traps, and
 * the SPU (the profiling hardware).
 *
 * - `arm_spe_pmu_start` → `arm_spe_perf_aux_output_begin` writes PMBPTR_EL1 and
 *   PMBLIMITR_EL1 = LIMIT|E (trapped: KVM pins here, patch 25/29), then PMSCR_EL1 = config.
 * - `arm_spe_pmu_stop` → `arm_spe_pmu_disable_and_drain_local`: PMSCR_EL1 = 0, PMBLIMITR_EL1 = 0
 *   (trapped: KVM unpins or parks), and with PERF_EF_UPDATE clears a pending PMBSR_EL1.
 * - `arm_spe_pmu_irq_handler` → `arm_spe_pmu_buf_get_fault_act`, three outcomes:
 *   ACT_OK (buffer full, not TRUNCATED): re-begin with a new [PTR, LIMIT) window inside the same
 *   AUX area (trapped), then PMBSR_EL1 = 0;
 *   ACT_OK with TRUNCATED (audit X4): `perf_aux_output_end` queues a pending disable, the handler's
 *   `irq_work_run()` schedules the event out (stop: PMBLIMITR_EL1 = 0, trapped) and leaves it OFF;
 *   FATAL: a stage-2 fault has EC = FAULT_S2, "Unexpected buffer fault": disable_and_drain
 *   (PMBLIMITR_EL1 = 0, trapped), PMBSR_EL1 = 0; the transaction is ended, so profiling resumes
 *   only at the next `arm_spe_pmu_start`.
 *   Not modelled: SPURIOUS (no state change), discard mode (no buffer).
 * - close and reopen of the perf session (`perf_release` … `arm_spe_pmu_free_aux`, then
 *   `perf_mmap` → `rb_alloc_aux` → `arm_spe_pmu_setup_aux`, which `vmap`s the new pages): new
 *   IPAs, at the same or at the other VA; only while the buffer is disabled.
 */
import { produce, type Draft } from "immer";
import { kvmKeepsPinned, PAGES, type Config } from "./config.ts";
import { pagePinned, s1, windowVas, type OpKind, type SpeState } from "./state.ts";

type D = Draft<SpeState>;

/** The guest's trapped buffer-register write hands KVM an operation (the vCPU waits until it completes). */
function trap(d: D, kind: OpKind): void {
  const release = kind === "disable" || kind === "service";
  d.k.op = { kind, phase: release ? "unpin" : "walk", seq: 0, plan: [] };
}

function setWindow(d: D, rel: readonly [number, number]): void {
  const base = d.g.bufs[d.g.cur]!.area * PAGES;
  d.g.ptr = base + rel[0];
  d.g.limit = base + rel[1];
}

/**
 * `arm_spe_pmu_start` up to the trapped PMBLIMITR_EL1 = LIMIT|E write (per-task: from
 * `event_sched_in` of the profiled task `task`; per-cpu: from `perf_event_enable`). `rel` is the
 * window in pages of the AUX area (the driver's head/limit computation is abstracted into a choice).
 */
export function arm_spe_pmu_start_begin(s: SpeState, cfg: Config, task: number, rel: readonly [number, number]): SpeState {
  return produce(s, (d) => {
    d.g.cur = task;
    setWindow(d, rel);
    d.g.pc = "enabling";
    if (cfg.mode === "per-task" && d.b.switches > 0) d.b.switches--;
    trap(d, "enable");
  });
}

/** `arm_spe_pmu_start`, after the trapped write returned: PMSCR_EL1 = config (sampling on). */
export function arm_spe_pmu_start_pmscr(s: SpeState): SpeState {
  return produce(s, (d) => {
    d.g.pmscr = true;
    d.g.pc = "running";
  });
}

/**
 * `arm_spe_pmu_disable_and_drain_local` (PMSCR_EL1 = 0, PMBLIMITR_EL1 = 0: trapped) followed by
 * PMBSR_EL1 = 0. The PMBSR write follows the trapped E = 0 write with nothing KVM acts on in
 * between (E = 0 already releases the pins), so both are one step.
 */
function disableAndDrain(s: SpeState, pc: "disabling" | "stopping"): SpeState {
  return produce(s, (d) => {
    d.g.pmscr = false;
    d.g.S = false;
    d.g.syndrome = "none";
    d.g.pc = pc;
    trap(d, "disable");
  });
}

/** `arm_spe_pmu_stop(PERF_EF_UPDATE)`: disable and drain, clear a pending PMBSR_EL1. */
export const arm_spe_pmu_stop = (s: SpeState): SpeState => disableAndDrain(s, "disabling");

/**
 * `arm_spe_pmu_irq_handler`, ACT_OK: `arm_spe_perf_aux_output_begin` programs a new window (trapped
 * write, E stays 1). If KVM keeps the buffer pinned only while ProfilingBufferEnabled() and S is
 * still 1, KVM has nothing to pin yet and the write returns at once.
 */
export function arm_spe_pmu_irq_handler(s: SpeState, cfg: Config, rel: readonly [number, number]): SpeState {
  return produce(s, (d) => {
    setWindow(d, rel);
    if (kvmKeepsPinned(cfg, d.g.E, d.g.S)) {
      d.g.pc = "irq_reprogram";
      trap(d, "window");
    } else {
      d.g.pc = "irq_resume";
    }
  });
}

/**
 * `arm_spe_pmu_irq_handler`: "The buffer pointers are now sane, so resume profiling": PMBSR_EL1 = 0.
 * Trapped; if KVM released the pins while S = 1 it pins again before the write returns.
 */
export function arm_spe_pmu_irq_handler_resume(s: SpeState, cfg: Config): SpeState {
  return produce(s, (d) => {
    if (cfg.serviceUnpins) {
      trap(d, "resume"); // completion clears S and resumes
      return;
    }
    d.g.S = false;
    d.g.syndrome = "none";
    d.g.pc = "running";
  });
}

/**
 * `arm_spe_pmu_irq_handler`, ACT_OK with PERF_AUX_FLAG_TRUNCATED (audit X4): `irq_work_run()` runs
 * `perf_pending_disable` → `perf_event_disable_local` → `event_sched_out` → `arm_spe_pmu_del` →
 * `arm_spe_pmu_stop`; no re-begin; PMBSR_EL1 = 0. The event stays OFF.
 */
export const arm_spe_pmu_irq_handler_truncated = (s: SpeState): SpeState => disableAndDrain(s, "stopping");

/** `arm_spe_pmu_irq_handler`, FATAL ("Unexpected buffer fault", EC = FAULT_S2): disable and drain, PMBSR_EL1 = 0. */
export const arm_spe_pmu_irq_handler_fatal = (s: SpeState): SpeState => disableAndDrain(s, "disabling");

/** Close the perf session and open a new one: the scheduled-in task's new AUX pages get new IPAs, `vmap`ped at the same VA or at the other area. */
export function arm_spe_pmu_reopen_aux(s: SpeState, sameVa: boolean): SpeState {
  return produce(s, (d) => {
    d.b.reopens--;
    const b = d.g.bufs[d.g.cur]!;
    const gen = Math.max(...d.g.bufs.map((x) => x.gen)) + 1;
    d.g.bufs[d.g.cur] = { area: sameVa ? b.area : 1 - b.area, gen };
    d.g.ptr = 0;
    d.g.limit = 0;
    d.g.pc = "off";
  });
}

/** Window pages that have a stage-2 entry, in the order the SPU writes them (from PMBPTR), up to the first that has none. */
function writtenPages(s: SpeState): { ipas: number[]; faulted: boolean } {
  const ipas: number[] = [];
  for (const va of windowVas(s)) {
    const ipa = s1(s, va);
    if (ipa === null || s.k.s2[ipa]! < 0) return { ipas, faulted: true };
    ipas.push(ipa);
  }
  return { ipas, faulted: false };
}

/** SPU can write the whole window without a stage-2 fault (every page has a stage-2 entry). */
export const windowMapped = (s: SpeState): boolean => !writtenPages(s).faulted;

/**
 * The SPU writes records through stage 2: a present stage-2 entry does not fault, whatever host
 * page it names. A page the guest no longer owns (stage 2 still names an old host page version)
 * is recorded for P-OwnedPage.
 */
function writeRecords(s: SpeState, d: D): void {
  if (d.host.stray !== null) return;
  for (const ipa of writtenPages(s).ipas) {
    const mapped = s.k.s2[ipa]!;
    if (mapped === s.host.pfn[ipa]) continue;
    d.host.stray = { ipa, pfn: mapped, freed: !pagePinned(s, ipa, mapped) };
    return;
  }
}

/** The SPU sets PMBSR_EL1.S and raises PMBIRQ, which exits the vCPU to KVM (patch 24); KVM may release the pins there. */
function service(d: D, cfg: Config, syndrome: "buffer-full" | "stage2-fault"): void {
  d.g.S = true;
  d.g.syndrome = syndrome;
  if (cfg.serviceUnpins) trap(d, "service");
}

/** SPU: writes records into the window until it is full, then sets PMBSR_EL1.S (buffer full) and raises PMBIRQ. */
export function spu_write_record(s: SpeState, cfg: Config): SpeState {
  return produce(s, (d) => {
    writeRecords(s, d);
    if (d.b.irqs > 0) d.b.irqs--;
    service(d, cfg, "buffer-full");
  });
}

/**
 * SPU: a record write reaches a window page with no stage-2 entry: profiling stops with
 * PMBSR_EL1.S set (EC = FAULT_S2) — the blackout P-Blackout forbids (§7). The pages before it were
 * written. What KVM does with the fault (patch 24) is UNCONFIRMED; the model passes it to the guest,
 * whose driver treats it as fatal.
 */
export function spu_stage2_fault(s: SpeState, cfg: Config): SpeState {
  return produce(s, (d) => {
    writeRecords(s, d);
    service(d, cfg, "stage2-fault");
  });
}
