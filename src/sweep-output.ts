/**
 * What a budget sweep prints (`check --sweep`): the table of its steps (bound → distinct states → generated →
 * depth → seconds → states/s), the verdict with its bound, and each violated property's shortest trace at the
 * smallest budget that shows it; its JSON; and its exit code. A step cut by a limit is never "ok": the verdict
 * names the largest budget completed.
 */
import { formatViolation } from "./format.ts";
import { EXIT } from "./exit-codes.ts";
import type { Violation } from "./result.ts";
import { boundText, type SweepDimension, type SweepResult, type SweepStep } from "./sweep.ts";

export interface SweepContext {
  /** e.g. `kernel (scenario all-ops-task, patch fix-c, pmu cs_etm)` */
  readonly title: string;
  readonly dimensions: readonly SweepDimension[];
  /** e.g. "1 CPU" */
  readonly machine: string;
  /** What the run leaves out, one line each. */
  readonly leftOut: readonly string[];
  readonly seconds: number;
  readonly maxStates: number | null;
}

const n = (x: number): string => Math.round(x).toLocaleString("en-US");

/** The overall verdict: violation, ok (every step to the maxima complete), vacuous, or incomplete. */
export function sweepVerdict(r: SweepResult): "violation" | "ok" | "vacuous" | "incomplete" {
  if (r.verdicts.some((v) => v.violatedAt !== null)) return "violation";
  const done = r.steps.filter((s) => s.complete);
  if (done.length === 0) return "incomplete";
  // the largest complete step never reached what the run exists to test: it checked nothing worth "ok" (a smaller
  // step may miss a goal its budgets make unreachable, e.g. a task never switched in; the bound is the largest step's)
  if (done[done.length - 1]!.outcome.verdict === "vacuous") return "vacuous";
  return r.stopReason === "max-budgets" ? "ok" : "incomplete";
}

export function sweepExitCode(r: SweepResult): number {
  const v = sweepVerdict(r);
  return v === "violation" ? EXIT.violation : v === "ok" ? EXIT.ok : v === "vacuous" ? EXIT.vacuous : EXIT.incomplete;
}

/** One line of progress (stderr): the step's budget vector, states, states/s. */
export function stepProgressLine(step: SweepStep, index: number): string {
  const r = step.outcome.result;
  return `sweep step ${index + 1}: ${boundText(step.bound)}: ${n(r.distinct)} distinct, ${n(r.generated)} generated, depth ${r.depth}, ${r.seconds.toFixed(1)} s, ${n(rate(step))} states/s, ${step.complete ? step.outcome.verdict : `CUT (${r.stopReason})`}`;
}

const rate = (s: SweepStep): number => s.outcome.result.distinct / Math.max(s.outcome.result.seconds, 1e-9);

function violatedText(s: SweepStep): string {
  const v = s.outcome.result.properties.filter((p) => p.verdict === "violated").map((p) => p.name);
  return v.length === 0 ? s.outcome.verdict : `violation (${v.length}: ${v.join(", ")})`;
}

/** The steps' table. */
export function sweepTable(r: SweepResult): string[] {
  const rows = r.steps.map((s) => {
    const x = s.outcome.result;
    return [boundText(s.bound, { others: false }), n(x.distinct), n(x.generated), String(x.depth), x.seconds.toFixed(1), n(rate(s)), s.complete ? violatedText(s) : `CUT: ${x.stopReason}`];
  });
  const head = ["bound (budgets not listed: 0)", "distinct", "generated", "depth", "seconds", "states/s", "step verdict"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ").trimEnd();
  return [line(head), ...rows.map(line)];
}

function stopText(r: SweepResult, c: SweepContext): string {
  switch (r.stopReason) {
    case "max-budgets":
      return "every budget at its maximum";
    case "time":
      return `the time limit (${c.seconds} s)`;
    case "states":
      return `the state limit (${n(c.maxStates ?? 0)} distinct states per step)`;
    case "memory":
      return "the heap limit";
    default:
      return "an interruption";
  }
}

/** The verdict with its bound, per property, and the race diagrams. */
export function sweepText(r: SweepResult, c: SweepContext, opts: { readonly property: string | null; readonly steps: boolean }): string {
  const lines: string[] = [];
  lines.push(`== sweep: ${c.title}, ${c.machine}`);
  lines.push(`budgets raised round-robin in this order: ${c.dimensions.map((d) => `${d.param} ${d.start}..${d.max}`).join(", ")}`);
  if (c.leftOut.length > 0) {
    lines.push("left out of 'every operation' (and why):");
    for (const l of c.leftOut) lines.push(`  - ${l}`);
  }
  lines.push("", ...sweepTable(r), "");
  const done = r.steps.filter((s) => s.complete);
  const last = done[done.length - 1];
  const cut = r.steps.find((s) => !s.complete);
  lines.push(`stopped by ${stopText(r, c)}${cut ? `; the step ${boundText(cut.bound)} was cut at ${n(cut.outcome.result.distinct)} states (not a bound)` : ""}`);
  lines.push(last ? `largest budget completed: ${boundText(last.bound)}, ${c.machine} (${n(last.outcome.result.distinct)} states)` : "largest budget completed: none (no step finished)");
  const verdict = sweepVerdict(r);
  const violated = r.verdicts.filter((v) => v.violatedAt !== null);
  const holding = r.verdicts.filter((v) => v.violatedAt === null);
  if (verdict === "ok" && last) {
    lines.push(`verdict: no violation of ${holding.map((v) => v.property).join(", ")} under every interleaving with ${boundText(last.bound)}, ${c.machine} (complete, ${n(last.outcome.result.distinct)} states)`);
  } else if (verdict === "vacuous") {
    const v = done[done.length - 1]!;
    const missed = v.outcome.result.goals.filter((g) => !g.reached).map((g) => g.description);
    lines.push(`verdict: VACUOUS: the step ${boundText(v.bound)} never reached: ${missed.join("; ")}`);
  } else if (verdict === "incomplete") {
    lines.push(
      last
        ? `verdict: INCOMPLETE: no violation up to ${boundText(last.bound)}, ${c.machine} (complete there, ${n(last.outcome.result.distinct)} states); the sweep stopped before every budget reached its maximum`
        : "verdict: INCOMPLETE: no budget step completed",
    );
  } else {
    lines.push(`verdict: violation of ${violated.length} of ${r.verdicts.length} properties`);
  }
  lines.push("per property:");
  for (const v of r.verdicts) {
    if (v.violatedAt !== null) lines.push(`  ${v.property}: violated from ${boundText(v.violatedAt)} (shortest trace: depth ${v.depth})`);
    else if (v.holdsUpTo !== null) lines.push(`  ${v.property}: holds under every interleaving with ${boundText(v.holdsUpTo)} (complete)`);
    else lines.push(`  ${v.property}: undecided (no complete step decided it)`);
  }
  for (const [property, violation, bound] of firstViolations(r)) {
    if (opts.property !== null && property !== opts.property) continue;
    lines.push("", `-- at the smallest budget that shows it: ${boundText(bound)}`, formatViolation(violation, opts.steps));
  }
  return lines.join("\n");
}

/** Each violated property's shortest trace, from the first (smallest) step that violates it. */
export function firstViolations(r: SweepResult): [string, Violation, Readonly<Record<string, number>>][] {
  const out: [string, Violation, Readonly<Record<string, number>>][] = [];
  for (const v of r.verdicts) {
    if (v.violatedAt === null) continue;
    const step = r.steps.find((s) => s.bound === v.violatedAt)!;
    out.push([v.property, step.outcome.result.properties.find((p) => p.name === v.property)!.violation!, v.violatedAt]);
  }
  return out;
}

export function sweepJson(r: SweepResult, c: SweepContext, params: Readonly<Record<string, unknown>>): unknown {
  const done = r.steps.filter((s) => s.complete);
  return {
    sweep: {
      title: c.title,
      params,
      machine: c.machine,
      dimensions: c.dimensions,
      leftOut: c.leftOut,
      limits: { seconds: c.seconds, maxStates: c.maxStates },
      steps: r.steps.map((s) => ({
        bound: s.bound,
        distinct: s.outcome.result.distinct,
        generated: s.outcome.result.generated,
        depth: s.outcome.result.depth,
        seconds: Math.round(s.outcome.result.seconds * 100) / 100,
        statesPerSecond: Math.round(rate(s)),
        complete: s.complete,
        stopReason: s.outcome.result.stopReason,
        verdict: s.outcome.verdict,
        violated: Object.fromEntries(s.outcome.result.properties.filter((p) => p.violation).map((p) => [p.name, p.violation!.depth])),
      })),
      stopReason: r.stopReason,
      largestComplete: done.length > 0 ? done[done.length - 1]!.bound : null,
      verdict: sweepVerdict(r),
      properties: r.verdicts,
    },
  };
}
