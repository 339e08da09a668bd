/**
 * The state of one vCPU with guest SPE buffers, KVM's pins for them, and the host pages behind
 * them (kernel-semantics.md §7 "Model: state machine per vCPU"). Plain immutable data: the engine
 * fingerprints it structurally; every update goes through immer `produce`.
 *
 * Abstractions (each is a modelling choice, not a kernel fact):
 * - Pages. An AUX area has PAGES = 2 pages; VA pages are numbered absolutely (area A: 0, 1;
 *   area B: 2, 3). The guest stage 1 maps page `o` of a buffer of generation `gen` to IPA
 *   `gen * PAGES + o`: every close-and-reopen gets new IPAs, at the same or the other VA (the SPE
 *   driver `vmap`s the freshly allocated AUX pages: `arm_spe_pmu_setup_aux`).
 * - Host pages. `host.pfn[ipa]` is a version of the host page behind the IPA (memslot HVA →
 *   PFN). It changes when the host migrates a page nobody pins, or replaces the page behind the
 *   HVA (munmap, MADV_DONTNEED, balloon) whether pinned or not.
 * - A pin is `pin_user_pages(FOLL_LONGTERM)` of one page; `locked` is the locked-page count of
 *   patch 33's accounting.
 * - The trapped PMBPTR/PMBLIMITR/PMBSR write is handled by KVM while the guest waits (`k.op`): the
 *   vCPU is out of the guest, so the SPU cannot write during the handling.
 * - Ghost fields, written only for the properties: `k.age` (P-Release) and `host.stray` (P-OwnedPage).
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
  | "disabling" // arm_spe_pmu_stop / disable_and_drain: PMSCR = 0, PMBLIMITR = 0 written, trapped, KVM working
  | "stopping" // the same, for an event that goes OFF (TRUNCATED buffer full, audit X4)
  | "stopped"; // the perf event is OFF: no sched-in starts it again; only a new session does

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

/**
 * What KVM is handling: a trapped write of PMBLIMITR_EL1 with E = 1 (`enable`), of PMBPTR/PMBLIMITR
 * in the PMBIRQ handler (`window`), of PMBSR_EL1 = 0 that makes the buffer enabled again (`resume`),
 * `kvm_arch_vcpu_load` re-pinning (`load`), a write with E = 0 (`disable`), or the SPU's
 * maintenance interrupt (`service`, patch 24).
 */
export type OpKind = "enable" | "window" | "resume" | "load" | "disable" | "service";

/** A KVM buffer operation in flight (the vCPU is out of the guest while it runs). */
export interface KvmOp {
  readonly kind: OpKind;
  readonly phase: "walk" | "map" | "unpin";
  /** `mmu_seq = kvm->mmu_invalidate_seq` snapshot taken by the walk */
  readonly seq: number;
  /** what the map step installs at stage 2: (ipa, pfn captured by the walk) */
  readonly plan: readonly { readonly va: number; readonly ipa: number; readonly pfn: number }[];
}

/** An SPU record write that landed in a host page the guest no longer owns (ghost, for P-OwnedPage). */
export interface StrayWrite {
  readonly ipa: number;
  /** the page written: the host page version stage 2 still mapped */
  readonly pfn: number;
  /** nobody pins it any more: the host has freed it (use-after-free); else KVM still pins it (detached page) */
  readonly freed: boolean;
}

/** One AUX buffer as the guest's stage 1 maps it: at which area, and which IPAs (generation). */
export interface AuxBuf {
  readonly area: number;
  readonly gen: number;
}

export interface SpeState {
  readonly g: {
    readonly pc: GuestPc;
    /** PMBLIMITR_EL1.E as the guest last wrote it (committed when KVM's handling returns) */
    readonly E: boolean;
    /** PMBSR_EL1.S */
    readonly S: boolean;
    /** PMBSR_EL1 syndrome while S: buffer full, or a stage-2 fault (EC = FAULT_S2) */
    readonly syndrome: "none" | "buffer-full" | "stage2-fault";
    /** [PTR, LIMIT) in absolute VA pages */
    readonly ptr: number;
    readonly limit: number;
    /** PMSCR_EL1 sampling enable */
    readonly pmscr: boolean;
    /** the AUX buffers the guest stage 1 maps (one per profiled task) */
    readonly bufs: readonly AuxBuf[];
    /** the buffer of the task whose event is (or was last) scheduled in */
    readonly cur: number;
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
    /** ghost: consecutive steps (outside KVM operations) during which a pin not used by the enabled buffer was held */
    readonly age: number;
  };
  readonly host: {
    readonly pfn: readonly number[];
    /** ghost: the first SPU write into a page the guest no longer owns */
    readonly stray: StrayWrite | null;
  };
  /** remaining budgets; -1 = unbounded */
  readonly b: { readonly reopens: number; readonly invalidations: number; readonly irqs: number; readonly switches: number };
}

export function initialState(cfg: Config): SpeState {
  const nipa = PAGES * (cfg.buffers + cfg.reopens);
  const bufs = Array.from({ length: cfg.buffers }, (_, i) => ({ area: i, gen: i }));
  return {
    g: { pc: "off", E: false, S: false, syndrome: "none", ptr: 0, limit: 0, pmscr: false, bufs, cur: 0 },
    k: { vcpu: "loaded", pins: [], s2: new Array<number>(nipa).fill(-1), locked: 0, seq: 0, op: null, age: 0 },
    host: { pfn: new Array<number>(nipa).fill(0), stray: null },
    b: { reopens: cfg.reopens, invalidations: cfg.invalidations, irqs: cfg.irqs, switches: cfg.switches },
  };
}

/** The guest stage-1 translation of a VA page, or null if no AUX buffer maps it. */
export function s1(s: SpeState, va: number): number | null {
  const b = s.g.bufs.find((x) => va >= x.area * PAGES && va < (x.area + 1) * PAGES);
  return b ? b.gen * PAGES + (va - b.area * PAGES) : null;
}

/** The VA pages of the buffer currently programmed (the scheduled-in task's). */
export const currentArea = (s: SpeState): number[] => Array.from({ length: PAGES }, (_, o) => s.g.bufs[s.g.cur]!.area * PAGES + o);

/** The VA pages of the programmed window [PTR, LIMIT). */
export function windowVas(s: SpeState): number[] {
  const out: number[] = [];
  for (let v = s.g.ptr; v < s.g.limit; v++) out.push(v);
  return out;
}

/** ProfilingBufferEnabled() (PMBLIMITR_EL1.E == 1 && PMBSR_EL1.S == 0), as the guest last committed it. */
export const profilingBufferEnabled = (s: SpeState): boolean => s.g.E && !s.g.S;

/** The vCPU executes guest code: loaded, and not waiting for KVM to finish a trapped write. */
export const guestRuns = (s: SpeState): boolean => s.k.vcpu === "loaded" && s.k.op === null;

/**
 * The enabled range is in use: ProfilingBufferEnabled() while the vCPU runs guest code. While the
 * vCPU is out (put, or KVM handling a write) neither the guest nor the SPU can use the buffer.
 */
export const bufferInUse = (s: SpeState): boolean => guestRuns(s) && profilingBufferEnabled(s);

/**
 * SPU can write (§7: `canWrite = vcpuRunning ∧ E ∧ ¬S ∧ PMSCR≠0`): the vCPU is in the guest
 * (loaded, no KVM handling in flight), the buffer is enabled, no service pending, sampling on.
 */
export const canWrite = (s: SpeState): boolean => guestRuns(s) && profilingBufferEnabled(s) && s.g.pmscr;

/** The window page `va` is pinned and mapped at stage 2 to the host page behind the guest's current translation. */
export function pageBacked(s: SpeState, va: number): boolean {
  const ipa = s1(s, va);
  if (ipa === null) return false;
  const pfn = s.host.pfn[ipa]!;
  return s.k.pins.some((p) => p.ipa === ipa && p.pfn === pfn) && s.k.s2[ipa] === pfn;
}

/** Some pin (of any state) still holds host page version `pfn` of `ipa`. */
export const pagePinned = (s: SpeState, ipa: number, pfn: number): boolean => s.k.pins.some((p) => p.ipa === ipa && p.pfn === pfn);

/**
 * A pin the enabled buffer uses (§7 P-Release: "a pin not used by an enabled buffer"): the guest
 * has the buffer enabled (E; a pending PMBSR_EL1.S is serviced by the guest's own handler) and
 * its stage 1 still maps the pin's VA, in the scheduled-in task's buffer, to the pin's IPA.
 */
export const pinUsed = (s: SpeState, p: Pin): boolean => s.g.E && currentArea(s).includes(p.va) && s1(s, p.va) === p.ipa;

// ---- names for views and traces ----
export const vaName = (va: number): string => `${AREAS[Math.floor(va / PAGES)]}${va % PAGES}`;
export const ipaName = (ipa: number): string => `ipa${ipa}`;
export const genOfIpa = (ipa: number): number => Math.floor(ipa / PAGES);

/** Derived per-vCPU pin state, as §7 names it: Unpinned / Pinning / Pinned(range, gen) / Dormant(range, gen). */
export function pinStateName(s: SpeState): string {
  const pins = s.k.pins;
  const pinning = s.k.op !== null && s.k.op.phase !== "unpin";
  if (pins.length === 0) return pinning ? "Pinning" : "Unpinned";
  const range = pins.map((p) => vaName(p.va)).join(",");
  const gens = [...new Set(pins.map((p) => genOfIpa(p.ipa)))].join(",");
  if (pins.some((p) => p.st === "inflight") || pinning) return `Pinning(${range}; gen ${gens})`;
  if (pins.every((p) => p.st === "dormant")) return `Dormant(${range}; gen ${gens})`;
  if (pins.every((p) => p.st === "pinned")) return `Pinned(${range}; gen ${gens})`;
  return `Mixed(${range}; gen ${gens})`;
}

/** A readable view for traces: strings where the raw arrays would be noise. */
export function viewState(s: SpeState): unknown {
  const bufName = (b: AuxBuf): string =>
    `${AREAS[b.area]}0..${AREAS[b.area]}${PAGES - 1} → gen ${b.gen} (${Array.from({ length: PAGES }, (_, o) => ipaName(b.gen * PAGES + o)).join(",")})`;
  const st = s.host.stray;
  return {
    guest: {
      pc: s.g.pc,
      E: s.g.E,
      S: s.g.S,
      syndrome: s.g.syndrome,
      window: s.g.limit > s.g.ptr ? `[${vaName(s.g.ptr)}, ${vaName(s.g.limit - 1)}]` : "-",
      PMSCR: s.g.pmscr,
      stage1: s.g.bufs.map(bufName).join("; "),
      ...(s.g.bufs.length > 1 ? { task: s.g.cur } : {}),
    },
    kvm: {
      vcpu: s.k.vcpu,
      pin: pinStateName(s),
      pins: s.k.pins.map((p) => `${vaName(p.va)}→${ipaName(p.ipa)}@pfn${p.pfn}:${p.st}`).join(" ") || "-",
      stage2: s.k.s2.map((v, i) => (v < 0 ? null : `${ipaName(i)}→pfn${v}`)).filter((x) => x !== null).join(" ") || "-",
      locked: s.k.locked,
      mmu_invalidate_seq: s.k.seq,
      op: s.k.op ? `${s.k.op.kind}:${s.k.op.phase}${s.k.op.phase === "map" ? ` seq${s.k.op.seq}` : ""}` : "-",
      "unused-pin age": s.k.age,
    },
    host: {
      pages: s.host.pfn.map((v, i) => `${ipaName(i)}@pfn${v}`).join(" "),
      "SPU write into a page the guest does not own": st ? `${ipaName(st.ipa)}: pfn${st.pfn} (${st.freed ? "freed: use-after-free" : "still pinned, detached from the guest"})` : "-",
    },
    budget: s.b,
  };
}
