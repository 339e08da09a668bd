/**
 * "Is my patch better?": the same runs under two variants of a model (a patch and its baseline),
 * compared property by property. Each (run, property) is fixed (the baseline violates it, the
 * patch does not), newly violated, still violated, still holds, or undecided (a search cut before
 * it could tell). A run is matched with its baseline by its parameters other than the one that
 * differs (`patch`).
 */
import { formatViolation, verdictText } from "./format.ts";
import { wrapText, WIDTH } from "./wrap.ts";
import type { RunOutcome } from "./runner.ts";
import type { Violation } from "./result.ts";

export type Change = "newly violated" | "fixed" | "still violated" | "still holds" | "undecided";

/** In the order the output lists them: what got worse first. */
export const CHANGES: readonly Change[] = ["newly violated", "fixed", "still violated", "undecided", "still holds"];

export interface Comparison {
  /** The run's label: `scenario/pmu`, else its id. */
  readonly run: string;
  readonly property: string;
  readonly change: Change;
  readonly mine: RunOutcome;
  readonly baseline: RunOutcome;
}

/** A run's identity apart from the parameter `differing` (its other parameters, in a stable order). */
export function runKey(o: RunOutcome, differing: string): string {
  return JSON.stringify(Object.keys(o.params).filter((k) => k !== differing).sort().map((k) => [k, o.params[k]]));
}

/** Every (run, property) the two sides share, in the order of `mine`'s runs and properties. */
export function compareRuns(mine: readonly RunOutcome[], baseline: readonly RunOutcome[], differing: string): Comparison[] {
  const base = new Map(baseline.map((o) => [runKey(o, differing), o]));
  const out: Comparison[] = [];
  for (const m of mine) {
    const b = base.get(runKey(m, differing));
    if (!b) continue;
    for (const p of m.result.properties) {
      const q = b.result.properties.find((x) => x.name === p.name);
      if (!q) continue;
      const change: Change =
        p.verdict === "violated" && q.verdict === "violated"
          ? "still violated"
          : p.verdict === "violated"
            ? q.verdict === "ok"
              ? "newly violated"
              : "undecided"
            : q.verdict === "violated"
              ? p.verdict === "ok"
                ? "fixed"
                : "undecided"
              : p.verdict === "ok" && q.verdict === "ok"
                ? "still holds"
                : "undecided";
      out.push({ run: m.scenario ? `${m.scenario}${m.pmu ? `/${m.pmu}` : ""}` : (m.id ?? m.model), property: p.name, change, mine: m, baseline: b });
    }
  }
  return out;
}

/**
 * The comparison as text: the tally; the new violations, per property their runs and the race
 * diagram of the shortest (all of them with `every`); then what got fixed, what stays violated
 * and what is undecided, per property; the bill.
 */
export function comparisonText(cs: readonly Comparison[], names: { readonly mine: string; readonly baseline: string }, opts: { readonly steps?: boolean; readonly every?: boolean } = {}): string {
  const lines: string[] = [];
  const of = (c: Change): Comparison[] => cs.filter((x) => x.change === c);
  const runs = new Set(cs.map((x) => x.run)).size;
  lines.push(`${names.mine} against ${names.baseline}, ${runs} run${runs === 1 ? "" : "s"} each, every property of each:`);
  lines.push(`  ${CHANGES.map((c) => `${c}: ${of(c).length}`).join(", ")}`);
  const listed = (c: Change): void => {
    const xs = of(c);
    if (xs.length === 0) return;
    lines.push("", `${c}:`);
    for (const prop of [...new Set(xs.map((x) => x.property))]) {
      const where = xs.filter((x) => x.property === prop).map((x) => (c === "still violated" ? `${x.run} (depth ${depthOf(x.baseline, prop)} → ${depthOf(x.mine, prop)})` : x.run));
      lines.push(...wrapText(`${prop}: ${where.join(", ")}`, WIDTH, "  ").map((l, i) => (i === 0 ? l : `    ${l.trimStart()}`)));
    }
  };
  listed("newly violated");
  const fresh = of("newly violated");
  for (const prop of [...new Set(fresh.map((x) => x.property))]) {
    const xs = fresh.filter((x) => x.property === prop).map((x) => ({ x, v: x.mine.result.properties.find((p) => p.name === prop)!.violation as Violation }));
    const shown = opts.every ? xs : [xs.reduce((a, b) => (b.v.depth < a.v.depth ? b : a))];
    for (const { x, v } of shown) {
      const more = !opts.every && xs.length > 1 ? ` (the shortest of ${xs.length} runs; --verbose shows each)` : "";
      lines.push("", `-- ${prop} newly violated in ${x.run}, holds under ${names.baseline}${more}`, formatViolation(v, opts.steps));
    }
  }
  for (const c of ["fixed", "still violated", "undecided"] as const) listed(c);
  for (const x of madeVacuous(cs)) lines.push(`VACUOUS under ${names.mine} only: ${x.run}: ${verdictText(x.mine, false)} (what it "fixes" there proves nothing)`);
  const both = [...new Set(cs.filter((x) => x.mine.verdict === "vacuous" && x.baseline.verdict === "vacuous").map((x) => x.run))];
  if (both.length > 0) lines.push(`vacuous under both (the run tests nothing there, whatever the patch): ${both.join(", ")}`);
  const nNew = fresh.length;
  const nFixed = of("fixed").length;
  lines.push(
    "",
    nNew > 0
      ? `NOT BETTER: ${names.mine} newly violates ${nNew} (run, property) pair${nNew === 1 ? "" : "s"} that ${names.baseline} keeps; it fixes ${nFixed}`
      : of("undecided").length > 0
        ? `no new violation among the decided pairs, but ${of("undecided").length} are undecided (a search was cut); it fixes ${nFixed}`
        : `no new violation: ${names.mine} fixes ${nFixed} (run, property) pair${nFixed === 1 ? "" : "s"} and leaves ${of("still violated").length} violated`,
  );
  return lines.join("\n");
}

/** Runs vacuous under the patch but not under the baseline: the patch stopped them testing anything. One entry per run. */
export function madeVacuous(cs: readonly Comparison[]): Comparison[] {
  const seen = new Set<string>();
  return cs.filter((x) => x.mine.verdict === "vacuous" && x.baseline.verdict !== "vacuous" && !seen.has(x.run) && seen.add(x.run));
}

function depthOf(o: RunOutcome, property: string): number | string {
  return o.result.properties.find((p) => p.name === property)?.violation?.depth ?? "?";
}

/** The comparison for `--json`. */
export function comparisonJson(cs: readonly Comparison[]): Record<string, unknown>[] {
  return cs.map((x) => ({ run: x.run, scenario: x.mine.scenario, pmu: x.mine.pmu, property: x.property, change: x.change }));
}
