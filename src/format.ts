/**
 * Human output and the `--json` document. Human output: per run the verdict and statistics
 * (TLC's conventions), which properties are violated and which hold, and per violation its race
 * diagram (src/race-diagram.ts); on request (`--steps`) the kernel-style call trace and the
 * numbered steps with context, action, call chain and only the changed fields.
 */
import { raceDiagramText } from "./race-diagram.ts";
import { wrapText, WIDTH } from "./wrap.ts";
import type { RunOutcome } from "./runner.ts";
import type { Violation } from "./result.ts";
import { renderValue } from "./trace.ts";

export { renderValue };

const n = (x: number): string => x.toLocaleString("en-US");

/** What a run's text shows besides its verdict and statistics. */
export interface RunTextOptions {
  /** seconds and states/s (off in reports) */
  readonly timing?: boolean;
  /** every step of each trace after its race diagram (`--steps`) */
  readonly steps?: boolean;
  /** the actions that never fired, by name (`--coverage`); otherwise their number */
  readonly coverage?: boolean;
  /** only this property's trace (`--property`) */
  readonly property?: string | null;
}

export function runTitle(o: RunOutcome): string {
  const parts = [o.id ?? o.model];
  const dims = [o.scenario && `scenario ${o.scenario}`, o.patch && `patch ${o.patch}`, o.pmu && `pmu ${o.pmu}`].filter(Boolean);
  if (dims.length > 0) parts.push(`(${dims.join(", ")})`);
  return parts.join(" ");
}

export function formatStats(o: RunOutcome, timing: boolean): string {
  const r = o.result;
  const rate = r.seconds > 0 ? ` (${n(Math.round(r.distinct / r.seconds))} states/s)` : "";
  const time = timing ? `, ${r.seconds.toFixed(2)} s${rate}` : "";
  const how =
    r.stopReason === "complete"
      ? "complete"
      : r.stopReason === "all-violated"
        ? "stopped: every property violated"
        : `INCOMPLETE: stopped by ${r.stopReason === "memory" ? "memory (the heap neared its limit)" : r.stopReason}, ${n(r.queued)} states queued`;
  return `${n(r.distinct)} distinct states, ${n(r.generated)} generated, depth ${r.depth}${time}; ${how}`;
}

/** How a violation's trace reads: `(6 steps)`, or a lasso's `(lasso: 4-step stem, then a 6-step cycle)`. */
export function traceShape(v: Violation): string {
  if (!v.loop) return `${v.steps} steps`;
  const stem = v.loop.start === 0 ? "" : `${v.loop.start}-step stem, then `;
  if (v.loop.stutter) return v.loop.start === 0 ? "lasso: the initial state has no enabled action and repeats forever" : `lasso: ${v.loop.start}-step stem to a state with no enabled action, which repeats forever`;
  return `lasso: ${stem}a ${v.steps - v.loop.start}-step cycle${v.loop.start === 0 ? " from the initial state" : ""}`;
}

/** A violation as its race diagram (safety), or its numbered steps (a lasso, or `steps`). */
export function formatViolation(v: Violation, steps = false): string {
  if (v.loop || steps) return stepsText(v);
  return [`${v.property} violated at depth ${v.depth} (${traceShape(v)}; --steps lists every step):`, "", raceDiagramText(v)].join("\n");
}

/** The call trace and every step: context, action, call chain and label, the changed fields. */
export function stepsText(v: Violation): string {
  const lines: string[] = [];
  lines.push(`${v.property} violated at depth ${v.depth} (${traceShape(v)})${v.message ? `: ${v.message}` : ""}`);
  if (v.callChain.length > 0) {
    lines.push("Call trace:");
    for (const f of v.callChain) lines.push(` ${f}`);
  }
  const w = String(v.trace.length).length;
  for (const s of v.trace) {
    if (v.loop && !v.loop.stutter && s.index === v.loop.start + 1) {
      const back = v.loop.start === 0 ? "the initial state" : `the state after step ${v.loop.start}`;
      lines.push(`  -- cycle: steps ${s.index}..${v.steps} repeat forever (${back} comes back) --`);
    }
    const ctx = s.context ? `[${s.context}]` : "";
    const chain = s.callChain.length > 0 ? `  in ${[...s.callChain].reverse().join(" > ")}${s.label ? ` @${s.label}` : ""}` : "";
    lines.push(`  ${String(s.index).padStart(w)}. ${ctx.padEnd(7)} ${s.action}${chain}`);
    for (const [path, [from, to]] of Object.entries(s.changes)) {
      lines.push(`  ${" ".repeat(w)}    ${path}: ${renderValue(from)} → ${renderValue(to)}`);
    }
    // in a lasso, a step that changes nothing (a self-loop) is worth saying
    if (v.loop && Object.keys(s.changes).length === 0) lines.push(`  ${" ".repeat(w)}    (no change)`);
  }
  if (v.loop?.stutter) lines.push(`  -- the behaviour ends here: no action is enabled, and the last state repeats forever --`);
  return lines.join("\n");
}

/**
 * "vacuous: never happened: a throttle (...)", with the expectation when there is one and, unless
 * the caller shows it otherwise, the judgement: MATCH, MISMATCH or UNDECIDED (a cut search that
 * could not tell).
 */
export function verdictText(o: RunOutcome, judged = true): string {
  const judgement = o.matches === null ? "UNDECIDED (the search was cut before it could tell)" : o.matches ? "MATCH" : "MISMATCH";
  const expect = o.expected ? ` (expected ${o.expected.verdict}${o.expected.violated ? `: ${o.expected.violated.join(", ") || "-"}` : ""})${judged ? ` ${judgement}` : ""}` : "";
  const missed = o.result.goals.filter((g) => !g.reached).map((g) => g.description);
  const never = o.verdict === "vacuous" ? `: never happened: ${missed.join("; ")}` : "";
  const unchecked = o.result.properties.filter((p) => p.verdict === "unchecked").map((p) => p.name);
  const left = unchecked.length > 0 && o.verdict !== "violation" ? `: not checked (--por, --symmetry or --no-liveness): ${unchecked.join(", ")}` : "";
  return `${o.verdict}${never}${left}${expect}`;
}

/** `violated: R1 at depth 93, R2 at depth 109` / `holds: R3, R4, ...` / `undecided: ...`, wrapped. */
function propertyLines(o: RunOutcome): string[] {
  const ps = o.result.properties;
  const groups: [string, string[]][] = [
    ["violated", ps.filter((p) => p.violation).map((p) => `${p.name} at depth ${p.violation!.depth}`)],
    ["holds", ps.filter((p) => p.verdict === "ok").map((p) => p.name)],
    ["undecided (the search was cut)", ps.filter((p) => p.verdict === "incomplete").map((p) => p.name)],
  ];
  return groups.filter(([, xs]) => xs.length > 0).flatMap(([what, xs]) => wrapText(`${what}: ${xs.join(", ")}`, WIDTH - 4, "  ").map((l, i) => (i === 0 ? l : `    ${l.trimStart()}`)));
}

export function formatRun(o: RunOutcome, opts: RunTextOptions = {}): string {
  const r = o.result;
  const lines: string[] = [];
  lines.push(`== ${runTitle(o)}`);
  lines.push(`verdict: ${verdictText(o)}`);
  lines.push(formatStats(o, opts.timing ?? true));
  lines.push(...propertyLines(o));
  if (r.goals.length > 0) {
    const reached = r.goals.filter((g) => g.reached).map((g) => g.name);
    const missed = r.goals.filter((g) => !g.reached).map((g) => g.name);
    lines.push(`  goals reached: ${reached.join(", ") || "none"}${missed.length > 0 ? `; not reached${r.complete ? "" : " (yet)"}: ${missed.join(", ")}` : ""}`);
  }
  const never = r.actions.filter((a) => a.generated === 0).map((a) => a.name);
  if (never.length > 0) lines.push(opts.coverage ? `  actions that never fired: ${never.join(", ")}` : `  actions that never fired: ${never.length} of ${r.actions.length} (--coverage names them)`);
  lines.push(
    r.exactKeys
      ? "  fingerprint collision probability: 0 (the model gives exact keys: states are told apart by their keys)"
      : `  fingerprint collision probability (TLC's estimate d*(g-d)/2^64): ${r.collisionProbability.toExponential(1)}`,
  );
  if (o.figures) lines.push("", o.figures.text);
  for (const p of r.properties) if (p.violation && (opts.property == null || p.name === opts.property)) lines.push("", formatViolation(p.violation, opts.steps));
  return lines.join("\n");
}

export function formatCoverage(o: RunOutcome): string {
  const w = Math.max(...o.result.actions.map((a) => a.name.length), 6);
  return o.result.actions.map((a) => `  ${a.name.padEnd(w)}  ${n(a.generated).padStart(12)} generated  ${n(a.distinct).padStart(12)} distinct`).join("\n");
}

/** The `--json` run object. Field names are a contract for scripts: keep them stable. */
export function runJson(o: RunOutcome): Record<string, unknown> {
  const r = o.result;
  return {
    id: o.id,
    model: o.model,
    scenario: o.scenario,
    patch: o.patch,
    pmu: o.pmu,
    params: o.params,
    verdict: o.verdict,
    expected: o.expected ? o.expected.verdict : null,
    expectedViolated: o.expected?.violated ?? null,
    matches: o.matches,
    complete: r.complete,
    stopReason: r.stopReason,
    distinct: r.distinct,
    generated: r.generated,
    depth: r.depth,
    queued: r.queued,
    seconds: r.seconds,
    collisionProbability: r.collisionProbability,
    exactKeys: r.exactKeys === true,
    properties: r.properties.map((p) => ({ name: p.name, kind: p.kind, verdict: p.verdict, depth: p.violation?.depth ?? null })),
    actions: r.actions,
    goals: r.goals,
    figures: o.figures?.data ?? null,
    violations: r.properties
      .filter((p) => p.violation)
      .map((p) => {
        const v = p.violation!;
        return {
          property: v.property,
          kind: v.kind,
          depth: v.depth,
          steps: v.steps,
          message: v.message,
          callChain: v.callChain,
          // liveness: the lasso's cycle starts at state loop.start (0 = the initial state); stutter: the last state repeats
          loop: v.loop,
          initial: v.initial,
          trace: v.trace.map((s) => ({
            index: s.index,
            context: s.context,
            action: s.action,
            actionName: s.actionName,
            params: s.params,
            callChain: s.callChain,
            label: s.label,
            lane: s.lane,
            enters: s.enters,
            changes: s.changes,
          })),
        };
      }),
  };
}
