/**
 * Static configuration of one KVM arm64 SPE buffer-pinning run (GitHub issue 5).
 *
 * Source: kernel-semantics.md §7 (RFC v6 by Alexandru Elisei, Nov 2025, patches 25/29/31/32/33)
 * and seed 001 (James Clark's reply to patch 29). Every behaviour the reference marks
 * UNCONFIRMED is either a parameter here or carries an `ASSUMPTION (UNCONFIRMED in reference
 * §7)` comment where it is modelled.
 */
import { InputError, type ParamSpec, type Params } from "../../src/registry.ts";

/** The pinning policies compared by the issue. */
export const VARIANTS = ["eager", "lazy-va", "lazy-rewalk", "lazy-rewalk-noseq"] as const;
export type Variant = (typeof VARIANTS)[number];

/**
 * per-task: `perf record -- cmd` — the SPE event lives in the task context, so every guest
 * context switch of the profiled task runs `event_sched_out` → `arm_spe_pmu_del` →
 * `arm_spe_pmu_stop` (PMBLIMITR = 0) and `event_sched_in` → `arm_spe_pmu_add` →
 * `arm_spe_pmu_start` (PMBLIMITR = LIMIT|E) (§7 "Why per-task mode hurts", §2.5).
 * per-cpu: `-a`/`-C` — no per-switch transitions, only PMBIRQ re-programming.
 */
export const MODES = ["per-task", "per-cpu"] as const;
export type Mode = (typeof MODES)[number];

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
  /** Close-and-reopen budget: IPA generations are 0..reopens. */
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
   * ASSUMPTION (UNCONFIRMED in reference §7: "whether vcpu_put/vcpu_load pin or unpin"):
   * true = `kvm_arch_vcpu_put` releases the buffer pins (eager: unpin; lazy: park them dormant)
   * and `kvm_arch_vcpu_load` pins again before the vCPU re-enters the guest.
   */
  readonly vcpuPutUnpins: boolean;
  /**
   * ASSUMPTION (UNCONFIRMED in reference §7: "the notifier behaviour while profiling is enabled"):
   * what patch 31 ("Handle MMU notifiers for the SPE buffer", with patch 30 passing the MMU event
   * to the handlers) does to a page pinned by an ENABLED buffer. `keep`: the stage-2 entry stays
   * (the page is long-term pinned, so it cannot move). `zap`: the generic `kvm_unmap_gfn_range`
   * runs and the SPU takes a stage-2 fault on the next record.
   */
  readonly notifierPinned: "keep" | "zap";
  /** RLIMIT_MEMLOCK budget for the SPE buffer in pages (patch 33 accounting; patch 32 KVM_EXIT_RLIMIT). */
  readonly rlimitPages: number;
  /** Where a reopened AUX buffer may be `vmap`ped: at the same VA, at the other area, or either. */
  readonly reopenVa: "any" | "same" | "new";
  /** `mmu_invalidate_retry` before the stage-2 install; `lazy-rewalk-noseq` never checks, whatever this says. */
  readonly seqCheck: boolean;
}

export const KVM_SPE_PARAMS: readonly ParamSpec[] = [
  { name: "variant", type: "enum", default: "eager", choices: VARIANTS, description: "pinning policy: eager (the series), lazy-va, lazy-rewalk, lazy-rewalk-noseq" },
  { name: "mode", type: "enum", default: "per-task", choices: MODES, description: "guest perf mode: per-task (stop/start on every switch) or per-cpu" },
  { name: "reopens", type: "int", default: 1, min: 0, max: 3, description: "close-and-reopen budget of the guest AUX buffer (new IPAs, same or new VA)" },
  { name: "invalidations", type: "int", default: 1, min: 0, max: 3, description: "host MMU-notifier invalidation budget" },
  { name: "irqs", type: "int", default: -1, min: -1, max: 6, description: "buffer-full PMBIRQ budget (-1: unbounded)" },
  { name: "switches", type: "int", default: -1, min: -1, max: 6, description: "sched-in budget of the profiled task (-1: unbounded)" },
  { name: "windows", type: "enum", default: "all", choices: ["all", "full"], description: "[PTR, LIMIT) windows the guest driver programs: every sub-window, or the whole AUX area" },
  { name: "vcpu_put_unpins", type: "bool", default: false, description: "ASSUMPTION (UNCONFIRMED §7): kvm_arch_vcpu_put releases the pins, kvm_arch_vcpu_load re-pins" },
  { name: "notifier_pinned", type: "enum", default: "keep", choices: ["keep", "zap"], description: "ASSUMPTION (UNCONFIRMED §7): MMU notifier on a page of an enabled buffer keeps or zaps its stage-2 entry" },
  { name: "rlimit_pages", type: "int", default: PAGES, min: PAGES, max: 2 * PAGES, description: "RLIMIT_MEMLOCK budget for the SPE buffer, in pages" },
  { name: "reopen_va", type: "enum", default: "any", choices: ["any", "same", "new"], description: "where a reopened AUX buffer is vmapped: same VA, the other area, or either" },
  { name: "seq_check", type: "bool", default: true, description: "mmu_invalidate_retry before the stage-2 install (lazy-rewalk-noseq never checks)" },
];

export function configOf(p: Params): Config {
  const get = <T>(k: string): T => {
    const v = p[k] ?? KVM_SPE_PARAMS.find((s) => s.name === k)!.default;
    return v as T;
  };
  const variant = get<string>("variant");
  const mode = get<string>("mode");
  if (!(VARIANTS as readonly string[]).includes(variant)) throw new InputError(`kvm-spe: unknown variant '${variant}'; valid: ${VARIANTS.join(", ")}`);
  if (!(MODES as readonly string[]).includes(mode)) throw new InputError(`kvm-spe: unknown mode '${mode}'; valid: ${MODES.join(", ")}`);
  return {
    variant: variant as Variant,
    mode: mode as Mode,
    reopens: get<number>("reopens"),
    invalidations: get<number>("invalidations"),
    irqs: get<number>("irqs"),
    switches: get<number>("switches"),
    windows: get<string>("windows") === "full" ? "full" : "all",
    vcpuPutUnpins: get<boolean>("vcpu_put_unpins"),
    notifierPinned: get<string>("notifier_pinned") === "zap" ? "zap" : "keep",
    rlimitPages: get<number>("rlimit_pages"),
    reopenVa: ((v: string) => (v === "same" || v === "new" ? v : "any"))(get<string>("reopen_va")),
    seqCheck: get<boolean>("seq_check"),
  };
}

/** The lazy variants keep pins while the buffer is disabled (Dormant). */
export const isLazy = (c: Config): boolean => c.variant !== "eager";
/** Every variant but `lazy-rewalk-noseq` checks `mmu_invalidate_retry()` before installing at stage 2 (unless `seq_check=false`). */
export const hasSeqCheck = (c: Config): boolean => c.variant !== "lazy-rewalk-noseq" && c.seqCheck;
/** Number of distinct IPA pages the guest can ever map for its AUX buffer. */
export const ipaCount = (c: Config): number => PAGES * (c.reopens + 1);
export const windowsOf = (c: Config): readonly (readonly [number, number])[] => (c.windows === "full" ? FULL_WINDOW : ALL_WINDOWS);
