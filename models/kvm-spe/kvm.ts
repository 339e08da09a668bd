/**
 * KVM's side: pinning the guest SPE buffer and mapping it at stage 2 under each policy, the
 * MMU-notifier handler, the dormant-pin release paths, and vCPU load/put.
 *
 * Reference: kernel-semantics.md §7 (RFC v6 patches 24 "Handle SPE hardware maintenance
 * interrupts", 25 "basic handling of SPE buffer control registers writes", 29 "Pin the SPE buffer
 * in the host and map it at stage 2", 30/31 "Propagate MMU event to the MMU notifier handlers" /
 * "Handle MMU notifiers for the SPE buffer", 32/33 KVM_EXIT_RLIMIT / locked memory accounting).
 * The body of patch 29 was not read by the reference, so the names `kvm_spe_*` below are
 * placeholders for the series' functions; the generic kernel names (`pin_user_pages`,
 * `unpin_user_pages`, `kvm_pgtable_stage2_map`, `mmu_invalidate_retry`, `kvm_unmap_gfn_range`,
 * `kvm_mmu_notifier_invalidate_range_start/end`, `kvm_arch_vcpu_load/put`) are the kernel's own.
 */
import { produce, type Draft } from "immer";
import { hasSeqCheck, isLazy, kvmKeepsPinned, type Config, type NotifierEvent } from "./config.ts";
import { s1, windowVas, type OpKind, type Pin, type SpeState } from "./state.ts";

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
  /** pins released before pinning (stale, no longer covered, or evicted for the RLIMIT budget) */
  readonly unpin: readonly Pin[];
  /** pages to pin now: (va, ipa from the guest stage-1 walk) */
  readonly pin: readonly { readonly va: number; readonly ipa: number }[];
  /** guest stage-1 page walks performed (`walk_s1`, arch/arm64/kvm/at.c; patch 28 "at: Use callback for reading descriptor") */
  readonly walks: number;
}

/** The operation makes the buffer enabled for KVM (§7 "On E → 1"), rather than moving the window of an enabled one. */
const becomesEnabled = (kind: OpKind | undefined): boolean => kind === "enable" || kind === "load" || kind === "resume";

/**
 * What `kvm_spe_pin_buffer` does for the programmed window W = [PTR, LIMIT), per policy:
 * - none: nothing (stage 2 is filled on demand by guest CPU faults, not modelled).
 * - eager (the series as §7 describes it): walk W, keep pins of W whose translation is unchanged,
 *   unpin every other pin, pin the rest. At an enable nothing is pinned, so it pins all of W.
 *   ASSUMPTION (UNCONFIRMED in reference §7: "the exact unpin trigger conditions"): when the
 *   guest moves the window while E stays 1 (PMBIRQ re-programming), eager unpins the pages that
 *   leave [PTR, LIMIT) and pins the pages that enter it.
 * - the §7 candidate heuristic, when the buffer becomes enabled: "if [PTR, LIMIT) ⊆ dormant range
 *   and the S1 translation is unchanged, go back to Pinned with no pin work. Otherwise pin the
 *   delta and unpin what is no longer covered." lazy-va checks the VA range only (no walk for a
 *   VA that has a pin); lazy-rewalk(-noseq) re-walks W and every page still pinned, so a changed
 *   translation is "not unchanged" and its pin is not covered.
 * - the heuristic when the window moves while E stays 1 (§7 item 5: key on the whole AUX mapping):
 *   keep the pins outside W (they cover the next windows of the same area) and pin the delta;
 *   lazy-rewalk drops the pins whose translation changed. Pins outside W are evicted first if the
 *   locked-page budget (RLIMIT_MEMLOCK, patch 33) would be exceeded (§7 item 4).
 */
export function pinPlan(s: SpeState, cfg: Config): PinPlan {
  const W = windowVas(s);
  const pins = s.k.pins;
  const fresh = (p: Pin): boolean => s1(s, p.va) === p.ipa;
  const heldVas = new Set(pins.map((p) => p.va));
  const enabling = becomesEnabled(s.k.op?.kind);
  let walks: number;
  let kept: Pin[];
  switch (cfg.variant) {
    case "none":
      return { unpin: [], pin: [], walks: 0 };
    case "eager":
      walks = W.length;
      kept = pins.filter((p) => W.includes(p.va) && fresh(p));
      break;
    case "lazy-va": {
      const delta = W.filter((va) => !heldVas.has(va));
      walks = delta.length;
      kept = enabling && delta.length > 0 ? pins.filter((p) => W.includes(p.va)) : [...pins];
      break;
    }
    default: {
      walks = new Set([...W, ...heldVas]).size;
      const unchanged = W.every((va) => heldVas.has(va)) && pins.every(fresh);
      kept = enabling && !unchanged ? pins.filter((p) => W.includes(p.va) && fresh(p)) : pins.filter(fresh);
    }
  }
  const pin = W.filter((va) => !kept.some((p) => p.va === va)).map((va) => ({ va, ipa: s1(s, va)! }));
  if (kept.length + pin.length > cfg.rlimitPages) kept = kept.filter((p) => W.includes(p.va));
  return { unpin: pins.filter((p) => !kept.includes(p)), pin, walks };
}

// ---------------------------------------------------------------------------------------------
// The buffer operations (steps of the KVM context)
// ---------------------------------------------------------------------------------------------

/**
 * Step 1 of pinning (placeholder name for patch 29's handler of a trapped buffer-register write
 * that leaves the buffer enabled, and of `kvm_arch_vcpu_load` when it re-pins):
 * `mmu_seq = kvm->mmu_invalidate_seq; smp_rmb()`, walk the guest stage 1, `pin_user_pages` what
 * is missing, as in `user_mem_abort`. No mmu_lock: an MMU-notifier invalidation can land before
 * step 2. Reused (dormant) pins stay registered as dormant until step 2 installs them.
 */
export function kvm_spe_pin_buffer_walk(s: SpeState, cfg: Config): SpeState {
  const plan = pinPlan(s, cfg);
  const W = windowVas(s);
  return produce(s, (d) => {
    const drop = new Set(plan.unpin.map((p) => `${p.va}:${p.ipa}`));
    unpinWhere(d, (p) => drop.has(`${p.va}:${p.ipa}`));
    for (const p of plan.pin) pinPage(d, p.va, p.ipa);
    sortPins(d);
    d.k.op = {
      kind: s.k.op!.kind,
      phase: "map",
      seq: s.k.seq,
      plan: d.k.pins.filter((p) => W.includes(p.va)).map((p) => ({ va: p.va, ipa: p.ipa, pfn: p.pfn })),
    };
  });
}

/**
 * Step 2: take mmu_lock; `if (mmu_invalidate_retry(kvm, mmu_seq))` release what this attempt
 * pinned and retry from step 1 (the `user_mem_abort` pattern). Otherwise
 * `kvm_pgtable_stage2_map` every planned page of the window with the host page captured in step 1,
 * mark those pins as backing the enabled buffer, and return to the guest.
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

/** Return from the trapped write / from the maintenance interrupt / finish loading the vCPU. */
function completeOp(d: D, kind: OpKind): void {
  switch (kind) {
    case "enable":
      d.g.E = true;
      d.g.pc = "enabled";
      break;
    case "window":
      d.g.pc = "irq_resume";
      break;
    case "resume":
      d.g.S = false;
      d.g.syndrome = "none";
      d.g.pc = "running";
      break;
    case "load":
      d.k.vcpu = "loaded";
      break;
    case "disable":
      d.g.E = false;
      d.g.pc = d.g.pc === "stopping" ? "stopped" : "off";
      break;
    case "service":
      break;
  }
}

/** eager (and none), when the buffer stops being enabled: unmap at stage 2 and unpin the whole buffer (§7: "Each disable unpins"). */
export function kvm_spe_unpin_buffer(s: SpeState): SpeState {
  return produce(s, (d) => {
    unpinWhere(d, () => true);
    const kind = d.k.op!.kind;
    d.k.op = null;
    completeOp(d, kind);
  });
}

/** lazy policies, when the buffer stops being enabled: Pinned → Dormant, keeping the pins and the stage-2 entries (§7 "Candidate heuristic"). */
export function kvm_spe_park_buffer(s: SpeState): SpeState {
  return produce(s, (d) => {
    for (const p of d.k.pins) p.st = "dormant";
    const kind = d.k.op!.kind;
    d.k.op = null;
    completeOp(d, kind);
  });
}

/**
 * Host: one MMU-notifier invalidation of the host page behind `ipa`, folded into one atomic step:
 * `kvm_mmu_notifier_invalidate_range_start` (in_progress++, `kvm_unmap_gfn_range` under mmu_lock,
 * the SPE handler of patch 31), the mm changes the page, `kvm_mmu_notifier_invalidate_range_end`
 * (seq++, in_progress--). Folding is sound for the retry check: a pin operation's step 2 either
 * runs before the whole invalidation (and the invalidation then zaps what it installed) or after
 * it (and sees the new seq); `mmu_invalidate_retry` also fails while in_progress != 0.
 * The events (the `enum mmu_notifier_event` each carries):
 * - `migrate` (`try_to_migrate_one`, MMU_NOTIFY_CLEAR; migration/compaction, §7): the page moves
 *   only if nothing pins it (a long-term pin makes the migration fail and the PTE is restored);
 * - `madv_dontneed` (`zap_page_range_single`, MMU_NOTIFY_CLEAR; also the balloon) and `munmap`
 *   (`unmap_vmas`, MMU_NOTIFY_UNMAP): the page behind the HVA is replaced even if pinned; a pin
 *   keeps the old page allocated, but it no longer backs the guest.
 * What the handler does:
 * - a dormant pin: released (unpin + stage-2 unmap) — §7 "Dormant pins are released on notifier
 *   invalidation".
 * - a pin backing the enabled buffer: its stage-2 entry per `notifierPinned` (ASSUMPTION,
 *   UNCONFIRMED §7); the pin itself stays.
 * - an in-flight pin: not yet known to the handler; the page stays pinned.
 */
export function kvm_mmu_notifier_invalidate(s: SpeState, cfg: Config, ipa: number, event: NotifierEvent): SpeState {
  const keepsEntry = cfg.notifierPinned === "keep" || (cfg.notifierPinned === "by-event" && event !== "munmap");
  return produce(s, (d) => {
    if (d.b.invalidations > 0) d.b.invalidations--;
    const inUse = d.k.pins.some((p) => p.ipa === ipa && p.st === "pinned");
    unpinWhere(d, (p) => p.ipa === ipa && p.st === "dormant");
    if (!(inUse && keepsEntry)) d.k.s2[ipa] = -1;
    const pfn = d.host.pfn[ipa]!;
    if (event !== "migrate" || !d.k.pins.some((p) => p.ipa === ipa && p.pfn === pfn)) d.host.pfn[ipa] = pfn + 1;
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
    if (cfg.vcpuPutUnpins && kvmKeepsPinned(cfg, d.g.E, d.g.S)) {
      d.k.vcpu = "loading";
      d.k.op = { kind: "load", phase: "walk", seq: 0, plan: [] };
    } else {
      d.k.vcpu = "loaded";
    }
  });
}
