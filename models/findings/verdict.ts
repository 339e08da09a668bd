/**
 * A finding's verdict from the checker's runs: CONFIRMED when some run violates one of the
 * finding's properties, REFUTED when every run explored completely without violating them,
 * otherwise INCOMPLETE (or UNTESTED with no run). Compared with the reference's expectation.
 */
import type { RunOutcome } from "../../src/runner.ts";
import type { Violation } from "../../src/result.ts";
import type { Finding } from "./sashiko.ts";

export type FindingVerdict = "CONFIRMED" | "REFUTED" | "INCOMPLETE" | "UNTESTED";

export interface FindingResult {
  readonly verdict: FindingVerdict;
  readonly asExpected: boolean;
  /** The shortest violation of one of the finding's properties, and its run. */
  readonly shortest: { readonly run: RunOutcome; readonly violation: Violation } | null;
  /** Per run: which of the finding's properties it violates (empty: none). */
  readonly perRun: readonly { readonly run: RunOutcome; readonly violated: readonly string[]; readonly complete: boolean }[];
  /** Platforms (the `platform` parameter) on which it is confirmed / not, when the runs span more than one. */
  readonly platformDependence: string | null;
}

export function findingVerdict(f: Finding, runs: readonly RunOutcome[]): FindingResult {
  const perRun = runs.map((run) => ({
    run,
    violated: run.result.properties.filter((p) => f.properties.includes(p.name) && p.verdict === "violated").map((p) => p.name),
    complete: run.result.complete,
  }));
  let shortest: FindingResult["shortest"] = null;
  for (const { run } of perRun) {
    for (const p of run.result.properties) {
      if (!f.properties.includes(p.name) || !p.violation) continue;
      if (shortest === null || p.violation.depth < shortest.violation.depth) shortest = { run, violation: p.violation };
    }
  }
  const verdict: FindingVerdict =
    runs.length === 0 ? "UNTESTED" : shortest ? "CONFIRMED" : perRun.every((r) => r.complete) ? "REFUTED" : "INCOMPLETE";
  const asExpected = (verdict === "CONFIRMED" && f.expected === "confirmed") || (verdict === "REFUTED" && f.expected === "refuted");
  const platforms = [...new Set(runs.map((r) => String(r.params.platform ?? "nmi")))];
  let platformDependence: string | null = null;
  if (platforms.length > 1) {
    const on = platforms.filter((pl) => perRun.some((r) => String(r.run.params.platform ?? "nmi") === pl && r.violated.length > 0));
    const off = platforms.filter((pl) => !on.includes(pl));
    platformDependence = on.length === 0 || off.length === 0 ? "no (same verdict on every platform)" : `yes: confirmed on ${on.join(", ")}; not on ${off.join(", ")}`;
  }
  return { verdict, asExpected, shortest, perRun, platformDependence };
}
