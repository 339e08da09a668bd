/**
 * The state of one vCPU with a guest SPE buffer, KVM's pins for it, and the host pages behind
 * it (kernel-semantics.md §7 "Model: state machine per vCPU"). Plain immutable data: the engine
 * fingerprints it structurally; every update goes through immer `produce`.
 *
 * Abstractions (each is a modelling choice, not a kernel fact):
 * - Pages. The AUX area has PAGES = 2 pages; VA pages are numbered absolutely (area A: 0, 1;
 *   area B: 2, 3). The guest stage 1 maps the area's page `o` to IPA `gen * PAGES + o`: every
 *   close-and-reopen gets new IPAs, at the same or the other VA (the SPE driver `vmap`s the
 *   freshly allocated AUX pages: `arm_spe_pmu_setup_aux`).
 * - Host pages. `host.pfn[ipa]` is a version of the host page behind the IPA (memslot HVA →
 *   PFN). It changes only when an MMU-notifier invalidation lands on a page nobody pins (the
 *   page migrates: §7 "migration/compaction/swap requests").
 * - A pin is `pin_user_pages(FOLL_LONGTERM)` of one page; `locked` is the locked-page count of
 *   patch 33's accounting.
 * - The trapped PMBPTR/PMBLIMITR write is handled by KVM while the guest waits (`k.op`): the vCPU
 *   is out of the guest, so the SPU cannot write during the handling.
 */
import { AREAS, PAGES, type Config } from "./config.ts";

/** Where the guest SPE driver is (per vCPU; the guest is halted while KVM handles a trap). */
export type GuestPc =
  | "off" // buffer disabled: profiled task switched out (per-task) / event disabled (per-cpu)
  | "enabling" // arm_spe_pmu_start: PMBLIMITR = LIMIT|E written, trapped, KVM working
  | "enabled" // the trapped write returned; next: PMSCR_EL1 = config
  | "running" // sampling on
  | "irq_reprogram" // arm_spe_pmu_irq_handler: new PTR/LIMIT written, trapped, KVM working
  | "irq_resume" // the trapped write returned; next: PMBSR_EL1 = 0
  | "disabling"; // arm_spe_pmu_stop: PMSCR = 0, PMBLIMITR = 0 written, trapped, KVM working

/** KVM's view of one pinned page: `inflight` pins are held by a running pin operation only. */
export type PinSt = "inflight" | "pinned" | "dormant";

export interface Pin {
  /** guest VA page (absolute: area A = 0..PAGES-1, area B = PAGES..) */
  readonly va: number;
  /** IPA page the guest stage 1 named when KVM walked it */
  readonly ipa: number;
  /** host page version captured at pin time */
  readonly pfn: number;
  readonly st: PinSt;
}

export type OpKind = "enable" | "window" | "load" | "disable";

/** A KVM buffer operation in flight (the vCPU is out of the guest while it runs). */
export interface KvmOp {
  readonly kind: OpKind;
  readonly phase: "walk" | "map" | "unpin";
  /** `mmu_seq = kvm->mmu_invalidate_seq` snapshot taken by the walk */
  readonly seq: number;
  /** what the map step installs at stage 2: (ipa, pfn captured by the walk) */
  readonly plan: readonly { readonly va: number; readonly ipa: number; readonly pfn: number }[];
}

export interface SpeState {
  readonly g: {
    readonly pc: GuestPc;
    /** PMBLIMITR_EL1.E as the guest last wrote it (committed when KVM's handling returns) */
    readonly E: boolean;
    /** PMBSR_EL1.S */
    readonly S: boolean;
    /** PMBSR_EL1 syndrome while S: buffer full, or a stage-2 fault (the blackout) */
    readonly syndrome: "none" | "buffer-full" | "stage2-fault";
    /** [PTR, LIMIT) in absolute VA pages */
    readonly ptr: number;
    readonly limit: number;
    /** PMSCR_EL1 sampling enable */
    readonly pmscr: boolean;
    /** the guest stage-1 mapping of the AUX area: where (area index) and which pages (generation) */
    readonly aux: { readonly area: number; readonly gen: number };
  };
  readonly k: {
    readonly vcpu: "loaded" | "put" | "loading";
    readonly pins: readonly Pin[];
    /** stage-2 entries per IPA: -1 unmapped, else the host page version mapped */
    readonly s2: readonly number[];
    /** locked-page count (patch 33) */
    readonly locked: number;
    /** kvm->mmu_invalidate_seq */
    readonly seq: number;
    readonly op: KvmOp | null;
  };
  readonly host: { readonly pfn: readonly number[] };
  /** remaining budgets; -1 = unbounded */
  readonly b: { readonly reopens: number; readonly invalidations: number; readonly irqs: number; readonly switches: number };
}

export function initialState(cfg: Config): SpeState {
  const nipa = PAGES * (cfg.reopens + 1);
  return {
    g: { pc: "off", E: false, S: false, syndrome: "none", ptr: 0, limit: 0, pmscr: false, aux: { area: 0, gen: 0 } },
    k: { vcpu: "loaded", pins: [], s2: new Array<number>(nipa).fill(-1), locked: 0, seq: 0, op: null },
    host: { pfn: new Array<number>(nipa).fill(0) },
    b: { reopens: cfg.reopens, invalidations: cfg.invalidations, irqs: cfg.irqs, switches: cfg.switches },
  };
}

/** The guest stage-1 translation of a VA page, or null if the AUX area does not map it. */
export function s1(s: SpeState, va: number): number | null {
  const base = s.g.aux.area * PAGES;
  if (va < base || va >= base + PAGES) return null;
  return s.g.aux.gen * PAGES + (va - base);
}

/** The VA pages of the programmed window [PTR, LIMIT). */
export function windowVas(s: SpeState): number[] {
  const out: number[] = [];
  for (let v = s.g.ptr; v < s.g.limit; v++) out.push(v);
  return out;
}

/** ProfilingBufferEnabled() with KVM's handling of the last write complete. */
export const bufferEnabled = (s: SpeState): boolean => s.g.E && s.k.op === null;

/**
 * SPU can write (§7: `canWrite = vcpuRunning ∧ E ∧ ¬S ∧ PMSCR≠0`): the vCPU is in the guest
 * (loaded, no KVM handling in flight), the buffer is enabled, no service pending, sampling on.
 */
export const canWrite = (s: SpeState): boolean => s.k.vcpu === "loaded" && s.k.op === null && s.g.E && !s.g.S && s.g.pmscr;

/** The window page `va` is pinned and mapped at stage 2 to the host page behind the guest's current translation. */
export function pageBacked(s: SpeState, va: number): boolean {
  const ipa = s1(s, va);
  if (ipa === null) return false;
  const pfn = s.host.pfn[ipa]!;
  return s.k.pins.some((p) => p.ipa === ipa && p.pfn === pfn) && s.k.s2[ipa] === pfn;
}

export const windowBacked = (s: SpeState): boolean => windowVas(s).every((va) => pageBacked(s, va));

// ---- names for views and traces ----
export const vaName = (va: number): string => `${AREAS[Math.floor(va / PAGES)]}${va % PAGES}`;
export const ipaName = (ipa: number): string => `ipa${ipa}`;
export const genOfIpa = (ipa: number): number => Math.floor(ipa / PAGES);

/** Derived per-vCPU pin state, as §7 names it: Unpinned / Pinning / Pinned(range, gen) / Dormant(range, gen). */
export function pinStateName(s: SpeState): string {
  const pins = s.k.pins;
  if (pins.length === 0) return s.k.op && s.k.op.phase !== "unpin" ? "Pinning" : "Unpinned";
  const range = pins.map((p) => vaName(p.va)).join(",");
  const gens = [...new Set(pins.map((p) => genOfIpa(p.ipa)))].join(",");
  if (pins.some((p) => p.st === "inflight") || (s.k.op && s.k.op.phase !== "unpin")) return `Pinning(${range}; gen ${gens})`;
  if (pins.every((p) => p.st === "dormant")) return `Dormant(${range}; gen ${gens})`;
  if (pins.every((p) => p.st === "pinned")) return `Pinned(${range}; gen ${gens})`;
  return `Mixed(${range}; gen ${gens})`;
}

/** A readable view for traces: strings where the raw arrays would be noise. */
export function viewState(s: SpeState): unknown {
  return {
    guest: {
      pc: s.g.pc,
      E: s.g.E,
      S: s.g.S,
      syndrome: s.g.syndrome,
      window: s.g.limit > s.g.ptr ? `[${vaName(s.g.ptr)}, ${vaName(s.g.limit - 1)}]` : "-",
      PMSCR: s.g.pmscr,
      stage1: `${AREAS[s.g.aux.area]}0..${AREAS[s.g.aux.area]}${PAGES - 1} → gen ${s.g.aux.gen} (${Array.from({ length: PAGES }, (_, o) => ipaName(s.g.aux.gen * PAGES + o)).join(",")})`,
    },
    kvm: {
      vcpu: s.k.vcpu,
      pin: pinStateName(s),
      pins: s.k.pins.map((p) => `${vaName(p.va)}→${ipaName(p.ipa)}@pfn${p.pfn}:${p.st}`).join(" ") || "-",
      stage2: s.k.s2.map((v, i) => (v < 0 ? null : `${ipaName(i)}→pfn${v}`)).filter((x) => x !== null).join(" ") || "-",
      locked: s.k.locked,
      mmu_invalidate_seq: s.k.seq,
      op: s.k.op ? `${s.k.op.kind}:${s.k.op.phase}${s.k.op.phase === "map" ? ` seq${s.k.op.seq}` : ""}` : "-",
    },
    host: { pages: s.host.pfn.map((v, i) => `${ipaName(i)}@pfn${v}`).join(" ") },
    budget: s.b,
  };
}
