/**
 * Static configuration of one KVM arm64 SPE buffer-pinning run.
 *
 * Source: kernel-semantics.md §7 (RFC v6 by Alexandru Elisei, Nov 2025, patches 24/25/29/30/31/32/33)
 * and seed 001 (James Clark's reply to patch 29). Every behaviour the reference marks
 * UNCONFIRMED is either a parameter here or carries an `ASSUMPTION (UNCONFIRMED in reference
 * §7)` comment where it is modelled.
 */
import { InputError, type ParamSpec, type Params } from "../../src/registry.ts";

/** The pinning policies compared. */
export const VARIANTS = ["none", "eager", "lazy-va", "lazy-rewalk", "lazy-rewalk-noseq"] as const;
export type Variant = (typeof VARIANTS)[number];

/** Where each policy comes from: only `eager` is the series' own; the lazy ones are the reference's candidate heuristic. */
export const VARIANT_SOURCES: Readonly<Record<Variant, string>> = {
  none: "baseline James Clark prefers to slow pinning (seed 001: \"the random blackouts would be preferable\"): no pinning, stage 2 filled on demand",
  eager: "the series (RFC v6 patch 29, Alexandru Elisei): pin on every enable, unpin on every disable",
  "lazy-va": "reference §7 candidate heuristic, reusing the pins when the VA range is unchanged (§7 item 1); not proposed on the list",
  "lazy-rewalk": "reference §7 candidate heuristic, re-walking guest stage 1 on every enable, with the sequence check; not proposed on the list",
  "lazy-rewalk-noseq": "reference §7 candidate heuristic without the sequence check (§7 item 3); not proposed on the list",
};

/**
 * per-task: `perf record -- cmd` — the SPE event lives in the task context, so every guest
 * context switch of the profiled task runs `event_sched_out` → `arm_spe_pmu_del` →
 * `arm_spe_pmu_stop` (PMBLIMITR = 0) and `event_sched_in` → `arm_spe_pmu_add` →
 * `arm_spe_pmu_start` (PMBLIMITR = LIMIT|E) (§7 "Why per-task mode hurts", §2.5).
 * per-cpu: `-a`/`-C` — no per-switch transitions, only PMBIRQ re-programming.
 */
export const MODES = ["per-task", "per-cpu"] as const;
export type Mode = (typeof MODES)[number];

/** Host events that reach KVM's MMU notifier, with the `enum mmu_notifier_event` they carry. */
export const NOTIFIER_EVENTS = ["migrate", "madv_dontneed", "munmap"] as const;
export type NotifierEvent = (typeof NOTIFIER_EVENTS)[number];

/** Pages of one AUX area (the guest's SPE buffer). Two is the smallest size in which the window can move. */
export const PAGES = 2;
/** VA areas the guest can `vmap` an AUX buffer at (`arm_spe_pmu_setup_aux`): A and B. */
export const AREAS = ["A", "B"] as const;

/** `[PTR, LIMIT)` windows, in pages relative to the AUX area, the guest driver may program. */
export const ALL_WINDOWS: readonly (readonly [number, number])[] = [
  [0, 2],
  [0, 1],
  [1, 2],
];
export const FULL_WINDOW: readonly (readonly [number, number])[] = [[0, 2]];

export interface Config {
  readonly variant: Variant;
  readonly mode: Mode;
  /** Close-and-reopen budget: IPA generations are 0..buffers+reopens-1. */
  readonly reopens: number;
  /** Host MMU-notifier invalidation budget (also bounds mmu_invalidate_seq and the PFN versions). */
  readonly invalidations: number;
  /** Buffer-full PMBIRQ budget; -1 = unbounded (no counter in the state). */
  readonly irqs: number;
  /** Budget of `event_sched_in` of the profiled task (per-task mode); -1 = unbounded. */
  readonly switches: number;
  /** Windows the guest driver may program: all sub-windows of the AUX area, or only the whole area. */
  readonly windows: "all" | "full";
  /**
   * Profiled tasks, each with its own AUX buffer (area A, area B), that take turns on the vCPU
   * (§7 item 4, "thrash"). Two needs per-task mode; a reopen then stays at the same VA.
   */
  readonly buffers: number;
  /**
   * ASSUMPTION (UNCONFIRMED in reference §7: "whether vcpu_put/vcpu_load pin or unpin"):
   * true = `kvm_arch_vcpu_put` releases the buffer pins (eager: unpin; lazy: park them dormant)
   * and `kvm_arch_vcpu_load` pins again before the vCPU re-enters the guest.
   */
  readonly vcpuPutUnpins: boolean;
  /**
   * ASSUMPTION (UNCONFIRMED in reference §7: "the notifier behaviour while profiling is enabled"):
   * what patch 31 ("Handle MMU notifiers for the SPE buffer", with patch 30 "Propagate MMU event to
   * the MMU notifier handlers") does to the stage-2 entry of a page pinned by an ENABLED buffer.
   * `keep`: always keep it (a long-term pin keeps the page from migrating). `zap`: the generic
   * `kvm_unmap_gfn_range` always runs. `by-event`: keep on MMU_NOTIFY_CLEAR (migration, but also
   * MADV_DONTNEED), zap on MMU_NOTIFY_UNMAP (munmap) — what the event alone can tell apart.
   */
  readonly notifierPinned: "keep" | "zap" | "by-event";
  /**
   * When the host may replace the page behind a buffer IPA (munmap, MADV_DONTNEED, balloon): never;
   * only while the guest's PMBLIMITR_EL1.E is 0 (the trapped E = 1 write included: KVM is still
   * handling it); or at any time (a VMM that takes pages from an enabled buffer: the guest's buffer
   * is gone whatever KVM does, so P-Blackout cannot hold, but P-OwnedPage must).
   */
  readonly unmapEvents: "none" | "while-disabled" | "any-time";
  /**
   * ASSUMPTION (UNCONFIRMED in reference §7; the series keeps the buffer mapped "while
   * ProfilingBufferEnabled() is true", which is PMBLIMITR_EL1.E == 1 && PMBSR_EL1.S == 0):
   * true = KVM releases the pins when S becomes 1 (the SPU's maintenance interrupt, patch 24) and
   * pins again on the guest's trapped PMBSR_EL1 = 0 write; false = only E counts.
   */
  readonly serviceUnpins: boolean;
  /** RLIMIT_MEMLOCK budget for the SPE buffer in pages (patch 33 accounting; patch 32 KVM_EXIT_RLIMIT). */
  readonly rlimitPages: number;
  /** Where a reopened AUX buffer may be `vmap`ped: at the same VA, at the other area, or either. */
  readonly reopenVa: "any" | "same" | "new";
  /** `mmu_invalidate_retry` before the stage-2 install; `lazy-rewalk-noseq` never checks, whatever this says. */
  readonly seqCheck: boolean;
  /** §7 P-Release's K: steps a pin not used by the enabled buffer may stay pinned. */
  readonly releaseK: number;
  /** The lazy policies' dormant timeout, in steps: the timeout work runs at the latest this many steps after a pin fell out of use. */
  readonly dormantTimeout: number;
}

export const KVM_SPE_PARAMS: readonly ParamSpec[] = [
  { name: "variant", type: "enum", default: "eager", choices: VARIANTS, description: "pinning policy: none (baseline), eager (the series), lazy-va, lazy-rewalk, lazy-rewalk-noseq (§7 heuristic)" },
  { name: "mode", type: "enum", default: "per-task", choices: MODES, description: "guest perf mode: per-task (stop/start on every switch) or per-cpu" },
  { name: "reopens", type: "int", default: 1, min: 0, max: 3, description: "close-and-reopen budget of the guest AUX buffer (new IPAs, same or new VA)" },
  { name: "invalidations", type: "int", default: 1, min: 0, max: 3, description: "host MMU-notifier invalidation budget" },
  { name: "irqs", type: "int", default: -1, min: -1, max: 6, description: "buffer-full PMBIRQ budget (-1: unbounded)" },
  { name: "switches", type: "int", default: -1, min: -1, max: 6, description: "sched-in budget of the profiled task (-1: unbounded)" },
  { name: "windows", type: "enum", default: "all", choices: ["all", "full"], description: "[PTR, LIMIT) windows the guest driver programs: every sub-window, or the whole AUX area" },
  { name: "buffers", type: "int", default: 1, min: 1, max: 2, description: "profiled tasks with their own AUX buffer taking turns on the vCPU (2: §7 item 4; per-task only)" },
  { name: "vcpu_put_unpins", type: "bool", default: false, description: "ASSUMPTION (UNCONFIRMED §7): kvm_arch_vcpu_put releases the pins, kvm_arch_vcpu_load re-pins" },
  { name: "notifier_pinned", type: "enum", default: "by-event", choices: ["keep", "zap", "by-event"], description: "ASSUMPTION (UNCONFIRMED §7): stage-2 entry of an enabled buffer's pinned page on a notifier event: keep, zap, or keep on MMU_NOTIFY_CLEAR / zap on MMU_NOTIFY_UNMAP" },
  { name: "unmap_events", type: "enum", default: "while-disabled", choices: ["none", "while-disabled", "any-time"], description: "when munmap / MADV_DONTNEED may replace a buffer page: never, while PMBLIMITR_EL1.E = 0, any time" },
  { name: "service_unpins", type: "bool", default: false, description: "ASSUMPTION (UNCONFIRMED §7): KVM unpins while PMBSR_EL1.S = 1 (ProfilingBufferEnabled() false) and re-pins on PMBSR_EL1 = 0" },
  { name: "rlimit_pages", type: "int", default: PAGES, min: PAGES, max: 2 * PAGES, description: "RLIMIT_MEMLOCK budget for the SPE buffer, in pages" },
  { name: "reopen_va", type: "enum", default: "any", choices: ["any", "same", "new"], description: "where a reopened AUX buffer is vmapped: same VA, the other area, or either" },
  { name: "seq_check", type: "bool", default: true, description: "mmu_invalidate_retry before the stage-2 install (lazy-rewalk-noseq never checks)" },
  { name: "release_k", type: "int", default: 3, min: 1, max: 6, description: "§7 P-Release's K: steps a pin not used by the enabled buffer may stay pinned" },
  { name: "dormant_timeout", type: "int", default: 3, min: 1, max: 7, description: "lazy policies: the dormant timeout fires at the latest this many steps after a pin fell out of use" },
];

export function configOf(p: Params): Config {
  const get = <T>(k: string): T => {
    const v = p[k] ?? KVM_SPE_PARAMS.find((s) => s.name === k)!.default;
    return v as T;
  };
  const oneOf = <T extends string>(k: string, choices: readonly T[]): T => {
    const v = get<string>(k);
    if (!(choices as readonly string[]).includes(v)) throw new InputError(`kvm-spe: unknown ${k} '${v}'; valid: ${choices.join(", ")}`);
    return v as T;
  };
  const cfg: Config = {
    variant: oneOf("variant", VARIANTS),
    mode: oneOf("mode", MODES),
    reopens: get<number>("reopens"),
    invalidations: get<number>("invalidations"),
    irqs: get<number>("irqs"),
    switches: get<number>("switches"),
    windows: oneOf("windows", ["all", "full"] as const),
    buffers: get<number>("buffers"),
    vcpuPutUnpins: get<boolean>("vcpu_put_unpins"),
    notifierPinned: oneOf("notifier_pinned", ["keep", "zap", "by-event"] as const),
    unmapEvents: oneOf("unmap_events", ["none", "while-disabled", "any-time"] as const),
    serviceUnpins: get<boolean>("service_unpins"),
    rlimitPages: get<number>("rlimit_pages"),
    reopenVa: oneOf("reopen_va", ["any", "same", "new"] as const),
    seqCheck: get<boolean>("seq_check"),
    releaseK: get<number>("release_k"),
    dormantTimeout: get<number>("dormant_timeout"),
  };
  if (cfg.buffers > 1 && cfg.mode !== "per-task") throw new InputError("kvm-spe: buffers=2 needs mode=per-task (two per-CPU SPE sessions exclude each other)");
  return cfg;
}

/** The lazy variants keep pins while the buffer is disabled (Dormant). */
export const isLazy = (c: Config): boolean => c.variant.startsWith("lazy");
/** Every variant but `lazy-rewalk-noseq` checks `mmu_invalidate_retry()` before installing at stage 2 (unless `seq_check=false`). */
export const hasSeqCheck = (c: Config): boolean => c.variant !== "lazy-rewalk-noseq" && c.seqCheck;
/** Number of distinct IPA pages the guest can ever map for its AUX buffers. */
export const ipaCount = (c: Config): number => PAGES * (c.buffers + c.reopens);
export const windowsOf = (c: Config): readonly (readonly [number, number])[] => (c.windows === "full" ? FULL_WINDOW : ALL_WINDOWS);
/** Where a reopen may `vmap` the new buffer: with two buffers both areas are taken, so only at the same VA. */
export const reopenAtNewVa = (c: Config): boolean => c.buffers === 1 && c.reopenVa !== "same";
export const reopenAtSameVa = (c: Config): boolean => c.reopenVa !== "new" || c.buffers > 1;

/**
 * Whether KVM treats the buffer as enabled after the guest's last register write: E alone, or
 * ProfilingBufferEnabled() = E && !S (`serviceUnpins`).
 */
export const kvmKeepsPinned = (c: Config, E: boolean, S: boolean): boolean => E && !(c.serviceUnpins && S);
