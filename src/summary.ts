/**
 * What `auxcheck check` prints after many runs, summary first: the verdict matrix, then for the
 * standard set one line per run that did not go as expected and where the traces are, for a
 * sweep one line per run that violates something and the race diagram of each property's shortest
 * violation. Each run in full is `--verbose`'s.
 */
import { formatViolation, verdictText } from "./format.ts";
import { wrapText, WIDTH } from "./wrap.ts";
import { matricesText } from "./matrix.ts";
import type { RunOutcome } from "./runner.ts";
import type { Violation } from "./result.ts";
import type { Verdict } from "./registry.ts";

const ids = (xs: readonly RunOutcome[]): string => xs.map((o) => o.id ?? o.model).join(", ");

/** The shortest violation of each violated property over the runs (the first run's among equals), in property order. */
export function shortestPerProperty(outcomes: readonly RunOutcome[]): { readonly run: RunOutcome; readonly violation: Violation }[] {
  const best = new Map<string, { run: RunOutcome; violation: Violation }>();
  for (const run of outcomes) {
    for (const p of run.result.properties) {
      const b = best.get(p.name);
      if (p.violation && (!b || p.violation.depth < b.violation.depth)) best.set(p.name, { run, violation: p.violation });
    }
  }
  return [...best.values()];
}

export interface SummaryOptions {
  /** The model's matrix dimensions, by model name. */
  readonly dimensionsOf: (model: string) => readonly string[] | undefined;
  /** Said after an interrupted set: how many runs never started. */
  readonly cut: string;
  /** Only this property's race diagram (`--property`). */
  readonly property: string | null;
  /** After each race diagram, every step (`--steps`). */
  readonly steps: boolean;
  /** No race diagrams (`--quiet`). */
  readonly quiet: boolean;
}

/** The standard set: matrices, the count, one line per run not as expected, where the traces are. */
export function standardSummary(outcomes: readonly RunOutcome[], o: SummaryOptions, reportFiles: readonly string[]): string {
  const lines: string[] = [];
  const matrices = matricesText(outcomes, o.dimensionsOf);
  if (matrices) lines.push(matrices);
  const judged = outcomes.filter((x) => x.expected !== null);
  const bad = judged.filter((x) => x.matches === false);
  const undecided = judged.filter((x) => x.matches === null);
  const unexpected = outcomes.length - judged.length;
  lines.push(
    `${outcomes.length} runs, ${judged.length - bad.length - undecided.length} as expected, ${bad.length} not` +
      (undecided.length ? `, ${undecided.length} undecided (cut before they could tell)` : "") +
      (unexpected ? `, ${unexpected} without an expectation (in the matrix)` : "") +
      o.cut,
  );
  for (const x of bad) lines.push(`  NOT AS EXPECTED ${x.id ?? x.model}: ${verdictText(x, false)}`);
  for (const x of undecided) lines.push(`  UNDECIDED ${x.id ?? x.model}: ${verdictText(x, false)}`);
  lines.push(
    "",
    ...wrapText(`Traces: \`npm run report\` writes every run's race diagrams to reports/ (${reportFiles.join(", ")}).`, WIDTH),
    "One run's: npx auxcheck check --scenario NAME [--patch P] [--pmu X] [--property R1] (`auxcheck list`).",
    "Each run in full: --verbose.",
  );
  return lines.join("\n");
}

/** A sweep: the matrix, one line per run that violates something, the shortest violation of each property as a race diagram, the bill. */
export function sweepSummary(outcomes: readonly RunOutcome[], o: SummaryOptions): string {
  const lines: string[] = [];
  const matrices = matricesText(outcomes, o.dimensionsOf);
  if (matrices) lines.push(matrices);
  const of = (v: Verdict): RunOutcome[] => outcomes.filter((x) => x.verdict === v);
  const [violated, vacuous, incomplete] = [of("violation"), of("vacuous"), of("incomplete")];
  if (!o.quiet) for (const x of [...violated, ...vacuous, ...incomplete]) lines.push(`  ${x.id ?? x.model}: ${x.verdict === "violation" ? `violates ${x.result.properties.filter((p) => p.violation).map((p) => p.name).join(", ")}` : verdictText(x, false)}`);
  if (!o.quiet) {
    for (const { run, violation } of shortestPerProperty(outcomes)) {
      if (o.property !== null && violation.property !== o.property) continue;
      const again = run.scenario ? `: npx auxcheck check --scenario ${run.scenario}${run.patch ? ` --patch ${run.patch}` : ""}${run.pmu ? ` --pmu ${run.pmu}` : ""} --property ${violation.property}` : "";
      lines.push("", `-- ${violation.property}: shortest in ${run.id ?? run.model}${again}`, formatViolation(violation, o.steps));
    }
  }
  lines.push(
    "",
    violated.length > 0
      ? `${violated.length} of ${outcomes.length} runs violate a property${o.cut}`
      : vacuous.length > 0
        ? `no violation, but ${vacuous.length} of ${outcomes.length} runs are VACUOUS (never reached what they test): ${ids(vacuous)}: no clean bill${o.cut}`
        : incomplete.length > 0 || o.cut
          ? `no violation, but ${incomplete.length} of ${outcomes.length} runs are INCOMPLETE${o.cut}: no clean bill`
          : `clean bill: ${outcomes.length} complete explorations, no property violated, every goal reached`,
  );
  return lines.join("\n");
}
