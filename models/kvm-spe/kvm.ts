/**
 * KVM's side: pinning the guest SPE buffer and mapping it at stage 2, the four policies of
 * issue 5, the MMU-notifier handler, the dormant-pin release paths, and vCPU load/put.
 *
 * Reference: kernel-semantics.md §7 (RFC v6 patches 25 "basic handling of SPE buffer control
 * registers writes", 29 "Pin the SPE buffer in the host and map it at stage 2", 30/31 "Propagate
 * MMU event to the MMU notifier handlers" / "Handle MMU notifiers for the SPE buffer", 32/33
 * KVM_EXIT_RLIMIT / locked memory accounting). The body of patch 29 was not read by the
 * reference, so the names `kvm_spe_*` below are placeholders for the series' functions; the
 * generic kernel names (`pin_user_pages`, `unpin_user_pages`, `kvm_pgtable_stage2_map`,
 * `mmu_invalidate_retry`, `kvm_unmap_gfn_range`, `kvm_mmu_notifier_invalidate_range_start/end`,
 * `kvm_arch_vcpu_load/put`) are the kernel's own.
 */
import { produce, type Draft } from "immer";
import { hasSeqCheck, isLazy, type Config } from "./config.ts";
import { s1, windowVas, type Pin, type SpeState } from "./state.ts";

type D = Draft<SpeState>;

// ---------------------------------------------------------------------------------------------
// Page-level helpers (each is one kernel call in the real code)
// ---------------------------------------------------------------------------------------------

/** `pin_user_pages(FOLL_LONGTERM)` of one page + locked-memory accounting (patch 33). */
function pinPage(d: D, va: number, ipa: number): void {
  d.k.pins.push({ va, ipa, pfn: d.host.pfn[ipa]!, st: "inflight" });
  d.k.locked++;
}

/** `unpin_user_pages` + stage-2 unmap of the IPA when no other pin keeps it (the page may move afterwards). */
function unpinWhere(d: D, pred: (p: Pin) => boolean): void {
  const gone = d.k.pins.filter(pred);
  if (gone.length === 0) return;
  d.k.pins = d.k.pins.filter((p) => !pred(p));
  d.k.locked -= gone.length;
  for (const p of gone) if (!d.k.pins.some((q) => q.ipa === p.ipa)) d.k.s2[p.ipa] = -1;
}

function sortPins(d: D): void {
  d.k.pins.sort((a, b) => a.va - b.va || a.ipa - b.ipa);
}

// ---------------------------------------------------------------------------------------------
// The pin plan of one buffer operation, per policy (shared with the cost counter)
// ---------------------------------------------------------------------------------------------

export interface PinPlan {
  /** pins released before pinning (stale, leaving the window, or evicted for the RLIMIT budget) */
  readonly unpin: readonly Pin[];
  /** pages to pin now: (va, ipa from the guest stage-1 walk) */
  readonly pin: readonly { readonly va: number; readonly ipa: number }[];
  /** guest stage-1 page walks performed (KVM's software walker; patch 28 "at: Use callback for reading descriptor") */
  readonly walks: number;
}

/**
 * What `kvm_spe_pin_buffer` does for the programmed window W = [PTR, LIMIT), per policy:
 * - eager (the series as §7 describes it): walk W, keep pins of W whose translation is unchanged,
 *   unpin every other pin, pin the rest. At an enable nothing is pinned, so it pins all of W.
 *   ASSUMPTION (UNCONFIRMED in reference §7: "the exact unpin trigger conditions"): when the
 *   guest moves the window while E stays 1 (PMBIRQ re-programming), eager unpins the pages that
 *   leave [PTR, LIMIT) and pins the pages that enter it.
 * - lazy-va: reuse a pin whenever its VA page is in W ("VA range unchanged": no walk); walk and
 *   pin only the VA pages of W that have no pin.
 * - lazy-rewalk(-noseq): re-walk guest stage 1 for W and for every page still pinned; unpin a pin
 *   whose VA no longer translates to its IPA (stale); reuse the others; pin the rest.
 * The lazy policies key on the whole AUX mapping (§7 item 5): pins outside W are kept (they cover
 * the next windows of the same AUX area), unless the locked-page budget (RLIMIT_MEMLOCK, patch 33)
 * would be exceeded, in which case the pins outside W are evicted before pinning (§7 item 4).
 */
export function pinPlan(s: SpeState, cfg: Config): PinPlan {
  const W = windowVas(s);
  const pins = s.k.pins;
  const unpin: Pin[] = [];
  const pin: { va: number; ipa: number }[] = [];
  let walks = 0;
  let kept: Pin[];
  if (cfg.variant === "eager") {
    walks = W.length;
    kept = pins.filter((p) => W.includes(p.va) && s1(s, p.va) === p.ipa);
    for (const p of pins) if (!kept.includes(p)) unpin.push(p);
    for (const va of W) if (!kept.some((p) => p.va === va)) pin.push({ va, ipa: s1(s, va)! });
  } else if (cfg.variant === "lazy-va") {
    kept = [...pins];
    for (const va of W) {
      if (pins.some((p) => p.va === va)) continue; // VA unchanged: reuse without a walk
      walks++;
      pin.push({ va, ipa: s1(s, va)! });
    }
  } else {
    const vas = [...new Set([...W, ...pins.map((p) => p.va)])];
    walks = vas.length;
    kept = pins.filter((p) => s1(s, p.va) === p.ipa);
    for (const p of pins) if (!kept.includes(p)) unpin.push(p);
    for (const va of W) if (!kept.some((p) => p.va === va)) pin.push({ va, ipa: s1(s, va)! });
  }
  if (kept.length + pin.length > cfg.rlimitPages) {
    for (const p of kept) if (!W.includes(p.va)) unpin.push(p);
  }
  return { unpin, pin, walks };
}

// ---------------------------------------------------------------------------------------------
// The buffer operations (steps of the KVM context)
// ---------------------------------------------------------------------------------------------

/**
 * Step 1 of pinning (placeholder name for patch 29's handler of a trapped PMBLIMITR_EL1 write with
 * E = 1, and of `kvm_arch_vcpu_load` when it re-pins): `mmu_seq = kvm->mmu_invalidate_seq;
 * smp_rmb()`, walk the guest stage 1, `pin_user_pages` what is missing, as in `user_mem_abort`.
 * No mmu_lock: an MMU-notifier invalidation can land before step 2. Reused (dormant) pins stay
 * registered as dormant until step 2 installs them.
 */
export function kvm_spe_pin_buffer_walk(s: SpeState, cfg: Config): SpeState {
  const plan = pinPlan(s, cfg);
  return produce(s, (d) => {
    const drop = new Set(plan.unpin.map((p) => `${p.va}:${p.ipa}`));
    unpinWhere(d, (p) => drop.has(`${p.va}:${p.ipa}`));
    for (const p of plan.pin) pinPage(d, p.va, p.ipa);
    sortPins(d);
    d.k.op = {
      kind: s.k.op!.kind,
      phase: "map",
      seq: s.k.seq,
      plan: d.k.pins.map((p) => ({ va: p.va, ipa: p.ipa, pfn: p.pfn })),
    };
  });
}

/**
 * Step 2: take mmu_lock; `if (mmu_invalidate_retry(kvm, mmu_seq))` release what this attempt
 * pinned and retry from step 1 (the `user_mem_abort` pattern). Otherwise
 * `kvm_pgtable_stage2_map` every planned page with the host page captured in step 1, mark the pins
 * as backing the enabled buffer, and return to the guest.
 * `lazy-rewalk-noseq` skips the check.
 * ASSUMPTION (UNCONFIRMED in reference §7, patch 29 body not read): eager, lazy-va and
 * lazy-rewalk use the sequence check as `user_mem_abort` does.
 */
export function kvm_spe_pin_buffer_map(s: SpeState, cfg: Config): SpeState {
  const op = s.k.op!;
  if (hasSeqCheck(cfg) && s.k.seq !== op.seq) {
    return produce(s, (d) => {
      unpinWhere(d, (p) => p.st === "inflight");
      d.k.op = { kind: op.kind, phase: "walk", seq: 0, plan: [] };
    });
  }
  return produce(s, (d) => {
    for (const p of op.plan) d.k.s2[p.ipa] = p.pfn;
    for (const p of d.k.pins) if (op.plan.some((q) => q.va === p.va && q.ipa === p.ipa)) p.st = "pinned";
    d.k.op = null;
    completeOp(d, op.kind);
  });
}

/** Return from the trapped write / finish loading the vCPU. */
function completeOp(d: D, kind: string): void {
  switch (kind) {
    case "enable":
      d.g.E = true;
      d.g.pc = "enabled";
      break;
    case "window":
      d.g.pc = "irq_resume";
      break;
    case "load":
      d.k.vcpu = "loaded";
      break;
    case "disable":
      d.g.E = false;
      d.g.pc = "off";
      break;
  }
}

/** eager, on a trapped PMBLIMITR_EL1 write with E = 0: unmap at stage 2 and unpin the whole buffer (§7: "Each disable unpins"). */
export function kvm_spe_unpin_buffer(s: SpeState): SpeState {
  return produce(s, (d) => {
    unpinWhere(d, () => true);
    d.k.op = null;
    completeOp(d, "disable");
  });
}

/** lazy policies, on E = 0: Pinned → Dormant, keeping the pins and the stage-2 entries (§7 "Candidate heuristic"). */
export function kvm_spe_park_buffer(s: SpeState): SpeState {
  return produce(s, (d) => {
    for (const p of d.k.pins) p.st = "dormant";
    d.k.op = null;
    completeOp(d, "disable");
  });
}

/**
 * Host: one MMU-notifier invalidation of the host page behind `ipa` (migration / compaction /
 * swap request, §7), folded into one atomic step: `kvm_mmu_notifier_invalidate_range_start`
 * (in_progress++, `kvm_unmap_gfn_range` under mmu_lock, the SPE handler of patch 31), the mm
 * moves the page if nothing pins it, `kvm_mmu_notifier_invalidate_range_end` (seq++,
 * in_progress--). Folding is sound for the retry check: a pin operation's step 2 either runs
 * before the whole invalidation (and the invalidation then zaps what it installed) or after it
 * (and sees the new seq); `mmu_invalidate_retry` also fails while in_progress != 0.
 * - a dormant pin: released (unpin + stage-2 unmap) — §7 "Dormant pins are released on notifier
 *   invalidation".
 * - a pin backing the enabled buffer: `notifierPinned` (ASSUMPTION, UNCONFIRMED §7).
 * - an in-flight pin: not yet known to the handler; the page stays pinned (cannot move).
 */
export function kvm_mmu_notifier_invalidate(s: SpeState, cfg: Config, ipa: number): SpeState {
  return produce(s, (d) => {
    if (d.b.invalidations > 0) d.b.invalidations--;
    let keep = false;
    for (const p of d.k.pins) if (p.ipa === ipa && p.st === "pinned" && cfg.notifierPinned === "keep") keep = true;
    unpinWhere(d, (p) => p.ipa === ipa && p.st === "dormant");
    if (!keep) d.k.s2[ipa] = -1;
    if (!d.k.pins.some((p) => p.ipa === ipa)) d.host.pfn[ipa] = d.host.pfn[ipa]! + 1;
    d.k.seq++;
  });
}

/**
 * Lazy policies: release every dormant pin (§7: "Dormant pins are released on notifier
 * invalidation, memory pressure (shrinker), timeout, vCPU/VM teardown, or an RLIMIT exit").
 * Used by the dormant timeout (KVM delayed work) and the host shrinker.
 * ASSUMPTION (design requirement of the heuristic, not in the series): these paths serialise
 * with a pin operation in flight (a per-vCPU SPE lock held from step 1 to step 2), so they only
 * run when no operation is in flight. Without that lock they race exactly like the notifier, and
 * `mmu_invalidate_seq` would not catch them.
 */
export function kvm_spe_release_dormant(s: SpeState): SpeState {
  return produce(s, (d) => {
    unpinWhere(d, (p) => p.st === "dormant");
  });
}

/**
 * `kvm_arch_vcpu_put`: the host deschedules the vCPU thread.
 * ASSUMPTION (UNCONFIRMED in reference §7: "whether vcpu_put/vcpu_load pin or unpin"): with
 * `vcpuPutUnpins`, eager unpins the buffer and the lazy policies park it dormant.
 */
export function kvm_arch_vcpu_put(s: SpeState, cfg: Config): SpeState {
  return produce(s, (d) => {
    d.k.vcpu = "put";
    if (!cfg.vcpuPutUnpins || d.k.pins.length === 0) return;
    if (isLazy(cfg)) for (const p of d.k.pins) p.st = "dormant";
    else unpinWhere(d, () => true);
  });
}

/** `kvm_arch_vcpu_load`: with `vcpuPutUnpins` and the buffer enabled, pin again (steps 1 and 2) before entering the guest. */
export function kvm_arch_vcpu_load(s: SpeState, cfg: Config): SpeState {
  return produce(s, (d) => {
    if (cfg.vcpuPutUnpins && d.g.E) {
      d.k.vcpu = "loading";
      d.k.op = { kind: "load", phase: "walk", seq: 0, plan: [] };
    } else {
      d.k.vcpu = "loaded";
    }
  });
}
