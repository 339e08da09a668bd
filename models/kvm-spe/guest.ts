/**
 * The guest's Arm SPE driver (drivers/perf/arm_spe_pmu.c, as in kernel-semantics.md §3.3 and
 * seed 002) seen through the registers KVM traps, and the SPU (the profiling hardware).
 *
 * - `arm_spe_pmu_start` → `arm_spe_perf_aux_output_begin` writes PMBPTR_EL1 and
 *   PMBLIMITR_EL1 = LIMIT|E (trapped: KVM pins here, patch 25/29), then PMSCR_EL1 = config.
 * - `arm_spe_pmu_stop` → `arm_spe_pmu_disable_and_drain_local`: PMSCR_EL1 = 0, PMBLIMITR_EL1 = 0
 *   (trapped: KVM unpins or parks), and with PERF_EF_UPDATE clears a pending PMBSR_EL1.
 * - `arm_spe_pmu_irq_handler` (buffer full, ACT_OK, not TRUNCATED): re-begin with a new
 *   [PTR, LIMIT) window inside the same AUX area (trapped), then PMBSR_EL1 = 0.
 *   Branches not modelled: FATAL / TRUNCATED (the buffer stays disabled until the next start:
 *   equivalent to a stop for pinning), SPURIOUS (no state change), discard mode (no buffer).
 * - close and reopen of the perf session (`perf_release` … `arm_spe_pmu_free_aux`, then
 *   `perf_mmap` → `rb_alloc_aux` → `arm_spe_pmu_setup_aux`, which `vmap`s the new pages): new
 *   IPAs, at the same or at the other VA; only while the buffer is disabled.
 */
import { produce } from "immer";
import { PAGES, type Config } from "./config.ts";
import type { SpeState } from "./state.ts";

/** The guest vCPU executes guest code: loaded, and not waiting for KVM to finish a trapped write. */
export const guestRuns = (s: SpeState): boolean => s.k.vcpu === "loaded" && s.k.op === null;

/**
 * `arm_spe_pmu_start` up to the trapped PMBLIMITR_EL1 = LIMIT|E write (per-task: from
 * `event_sched_in` of the profiled task; per-cpu: from `perf_event_enable`). `rel` is the window in
 * pages of the AUX area (the driver's head/limit computation is abstracted into a choice).
 */
export function arm_spe_pmu_start_begin(s: SpeState, cfg: Config, rel: readonly [number, number]): SpeState {
  return produce(s, (d) => {
    const base = d.g.aux.area * PAGES;
    d.g.ptr = base + rel[0];
    d.g.limit = base + rel[1];
    d.g.pc = "enabling";
    if (cfg.mode === "per-task" && d.b.switches > 0) d.b.switches--;
    d.k.op = { kind: "enable", phase: "walk", seq: 0, plan: [] };
  });
}

/** `arm_spe_pmu_start`, after the trapped write returned: PMSCR_EL1 = config (sampling on). */
export function arm_spe_pmu_start_pmscr(s: SpeState): SpeState {
  return produce(s, (d) => {
    d.g.pmscr = true;
    d.g.pc = "running";
  });
}

/** `arm_spe_pmu_stop(PERF_EF_UPDATE)`: PMSCR_EL1 = 0, PMBLIMITR_EL1 = 0 (trapped), PMBSR_EL1 = 0. */
export function arm_spe_pmu_stop(s: SpeState): SpeState {
  return produce(s, (d) => {
    d.g.pmscr = false;
    d.g.S = false;
    d.g.syndrome = "none";
    d.g.pc = "disabling";
    d.k.op = { kind: "disable", phase: "unpin", seq: 0, plan: [] };
  });
}

/** `arm_spe_pmu_irq_handler`, ACT_OK: `arm_spe_perf_aux_output_begin` programs a new window (trapped write, E stays 1). */
export function arm_spe_pmu_irq_handler(s: SpeState, rel: readonly [number, number]): SpeState {
  return produce(s, (d) => {
    const base = d.g.aux.area * PAGES;
    d.g.ptr = base + rel[0];
    d.g.limit = base + rel[1];
    d.g.pc = "irq_reprogram";
    d.k.op = { kind: "window", phase: "walk", seq: 0, plan: [] };
  });
}

/** `arm_spe_pmu_irq_handler`: "The buffer pointers are now sane, so resume profiling": PMBSR_EL1 = 0. */
export function arm_spe_pmu_irq_handler_resume(s: SpeState): SpeState {
  return produce(s, (d) => {
    d.g.S = false;
    d.g.syndrome = "none";
    d.g.pc = "running";
  });
}

/** Close the perf session and open a new one: the new AUX pages get new IPAs, `vmap`ped at the same VA or at the other area. */
export function arm_spe_pmu_reopen_aux(s: SpeState, sameVa: boolean): SpeState {
  return produce(s, (d) => {
    d.b.reopens--;
    d.g.aux = { area: sameVa ? d.g.aux.area : 1 - d.g.aux.area, gen: d.g.aux.gen + 1 };
    d.g.ptr = 0;
    d.g.limit = 0;
  });
}

/**
 * SPU: writes records into the window until it is full, then sets PMBSR_EL1.S (buffer full) and
 * raises PMBIRQ. Record writes that do not fill the window change no modelled state.
 */
export function spu_write_record(s: SpeState): SpeState {
  return produce(s, (d) => {
    if (d.b.irqs > 0) d.b.irqs--;
    d.g.S = true;
    d.g.syndrome = "buffer-full";
  });
}

/**
 * SPU: a record write misses at stage 2 (a window page is not mapped to the page the guest's stage 1
 * names): profiling stops with PMBSR_EL1.S set — the blackout P-Blackout forbids (§7). What KVM does
 * next (patch 24 "Handle SPE hardware maintenance interrupts") is UNCONFIRMED; the model lets the
 * guest's PMBIRQ handler re-program the buffer as for a buffer-full event.
 */
export function spu_stage2_fault(s: SpeState): SpeState {
  return produce(s, (d) => {
    d.g.S = true;
    d.g.syndrome = "stage2-fault";
  });
}
