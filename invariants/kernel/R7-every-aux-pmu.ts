/**
 * R7 — every AUX PMU (kernel-semantics.md §6 R7: "R1–R6 hold for AUX PMUs with and without
 * PERF_PMU_CAP_AUX_PAUSE"; §5 F5).
 *
 * How it is expressed (a design choice). R1–R6 are already checked on every run, whatever the
 * PMU, so on an AUX_PAUSE PMU (cs_etm, intel_pt) R7 adds nothing. What R7 says beyond them is that a
 * fix must not be "AUX_PAUSE-only": Leo Yan's patch branches on PERF_PMU_CAP_AUX_PAUSE and leaves the
 * other AUX PMUs on the old stop(0)/start(0) path (F5). So R7 is a DERIVED property, violated exactly
 * when one of R1–R6 is violated on a run whose AUX PMU lacks PERF_PMU_CAP_AUX_PAUSE (here: arm_spe).
 * The verdict matrix then shows R7 in its own column: VIOLATED only on the rows of non-AUX_PAUSE PMUs,
 * at the depth of the shortest R1–R6 violation there, and `ok` on the cs_etm / intel_pt rows (where the
 * same failures already show under R1–R6). Keeping it a separate column, rather than reading "the SPE
 * row", lets the expectations data say "F5 ⇒ R7" for exactly the runs the reference means.
 *
 * Mechanics: an assertion raised by the model's `next` (the wrapper below) when the step raised R1, or
 * when the state it produced violates R2, R3-aux, R4, R5 (at a quiescent state) or R6-aux (at any state): the AUX
 * halves of R3 and R6 (a counter-only failure is not an AUX PMU's); so its
 * shortest trace is the shortest trace of the first of R1–R6 to fail on that run, and it replays like
 * any other assertion. Only runs of a non-AUX_PAUSE PMU pay for the extra checks.
 */
import type { Model, Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import type { KState } from "../../models/kernel/interpreter/state.ts";
import { r2Violation } from "./R2-transaction-balance.ts";
import { r3Violation } from "./R3-throttle-stops-group.ts";
import { r4Violation } from "./R4-user-pause-respected.ts";
import { r5Violation } from "./R5-no-pause-leak.ts";
import { r6Violation } from "./R6-nmi-throttle-sticks.ts";

export const R7: Property<KState> = {
  name: "R7",
  kind: "assertion",
  description: "R7 every AUX PMU: R1–R6 on an AUX PMU without PERF_PMU_CAP_AUX_PAUSE (arm_spe); derived, see R7-every-aux-pmu.ts — kernel-semantics.md §6 R7, §5 F5",
};

/** The AUX PMU of the run lacks PERF_PMU_CAP_AUX_PAUSE (R7 is not vacuous). */
export function r7Applies(cfg: Config): boolean {
  return cfg.events.some((e) => e.pmu.aux && !e.pmu.capAuxPause);
}

/**
 * Which of R2, R3-aux, R4, R5, R6-aux the state violates (R2–R5 only at quiescent states), or null: the AUX halves
 * of R3 and R6, so that a counter-only failure (e.g. the IOC_PERIOD wrap of audit X2, the same on every PMU) is not
 * charged to R7.
 */
export function r7StateViolation(s: KState, cfg: Config, quiescent: boolean): string | null {
  const checks: [string, () => string | null][] = [
    ...(quiescent
      ? ([
          ["R2", () => r2Violation(s)],
          ["R3-aux", () => r3Violation(s, cfg, "aux")],
          ["R4", () => r4Violation(s, cfg)],
          ["R5", () => r5Violation(s, cfg)],
        ] as [string, () => string | null][])
      : []),
    ["R6-aux", () => r6Violation(s, cfg, "aux")],
  ];
  for (const [name, f] of checks) {
    const why = f();
    if (why !== null) return `${name}: ${why}`;
  }
  return null;
}

/** What withR7 needs of the kernel model: its steps, and a read-only view of a state as KState. */
type KernelLike<W> = Model<W, any> & { readonly codec: { peek(w: W): KState } }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Wraps the kernel model's `next` so that it raises R7 (see the file comment). */
export function withR7<W, M extends KernelLike<W>>(cfg: Config, model: M): M {
  if (!r7Applies(cfg)) return model;
  const pmu = cfg.events.find((e) => e.pmu.aux)!.pmu.name;
  return {
    ...model,
    next(s, a, step) {
      let r1: { message?: string; callChain?: readonly string[] } | null = null;
      const t = model.next(s, a, {
        fail(h) {
          if (h.property === "R1" && r1 === null) r1 = h;
          step.fail(h);
        },
      });
      const hit = r1 as { message?: string; callChain?: readonly string[] } | null;
      if (hit !== null) {
        step.fail({ property: "R7", message: `R1 on ${pmu} (no PERF_PMU_CAP_AUX_PAUSE): ${hit.message ?? ""}`, callChain: hit.callChain ?? [] });
        return t;
      }
      const why = r7StateViolation(model.codec.peek(t), cfg, model.quiescent ? model.quiescent(t) : true);
      if (why !== null) step.fail({ property: "R7", message: `${why} — on ${pmu} (no PERF_PMU_CAP_AUX_PAUSE)`, callChain: [] });
      return t;
    },
  };
}
