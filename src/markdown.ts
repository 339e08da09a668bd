/**
 * Counterexamples for reports: the race diagram (as text, and as a Mermaid sequence diagram of the
 * same shape: src/race-diagram.ts), a Markdown step table, and the older Mermaid diagram of every
 * step with one lane per context. GitHub renders them. Deterministic: no timings.
 */
import { raceDiagramMermaid, raceDiagramText } from "./race-diagram.ts";
import { renderValue } from "./trace.ts";
import type { Violation } from "./result.ts";

/** Escapes text for a Markdown table cell. */
export function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function changesText(changes: Violation["trace"][number]["changes"], max = Infinity): string[] {
  const all = Object.entries(changes).map(([p, [a, b]]) => `${p}: ${renderValue(a)} → ${renderValue(b)}`);
  return all.length > max ? [...all.slice(0, max), `… ${all.length - max} more`] : all;
}

/** A Markdown table: step, context, action, call chain (outermost first), changes. */
export function traceTable(v: Violation): string {
  const rows = ["| # | context | action | in | changes |", "|---|---|---|---|---|"];
  for (const s of v.trace) {
    const chain = s.callChain.length ? [...s.callChain].reverse().join(" › ") + (s.label ? ` @${s.label}` : "") : "";
    rows.push(`| ${s.index} | ${cell(s.context ?? "")} | \`${cell(s.action)}\` | ${cell(chain)} | ${cell(changesText(s.changes).join("; "))} |`);
  }
  return rows.join("\n");
}

/**
 * A counterexample in a report: its race diagram as text to paste into a review, optionally the
 * same diagram in Mermaid, and every step in a collapsed table.
 */
export function traceMarkdown(v: Violation, opts: { readonly mermaid?: boolean } = {}): string {
  return [
    "```text",
    raceDiagramText(v),
    "```",
    "",
    ...(opts.mermaid ? [raceDiagramMermaid(v), ""] : []),
    "<details><summary>Every step (context, action, call chain and label, changed fields)</summary>",
    "",
    traceTable(v),
    "",
    "</details>",
  ].join("\n");
}

/** The WARN's call trace, innermost first, as the kernel prints it. */
export function callTrace(v: Violation): string {
  if (v.callChain.length === 0) return "";
  return ["```", `WARNING: ${v.property}${v.message ? `: ${v.message}` : ""}`, "Call trace:", ...v.callChain.map((f) => ` ${f}`), "```"].join("\n");
}

function mermaidText(s: string): string {
  // ';' ends a Mermaid statement and '#' starts an entity code
  return s.replace(/;/g, ",").replace(/#/g, "nr").replace(/[<>]/g, (c) => (c === "<" ? "‹" : "›"));
}

/**
 * A Mermaid sequence diagram: a participant per context, in `laneOrder` first (then in order of
 * appearance). A step that enters a new context is an arrow from the interrupted one; steps
 * in the same context are self-messages; changed fields go in a note.
 */
export function mermaidSequence(v: Violation, laneOrder: readonly string[] = ["task", "tick", "IRQ", "IPI", "NMI", "hw"], maxChanges = 4): string {
  const used = [...new Set(v.trace.map((s) => s.context ?? "model"))];
  const lanes = [...laneOrder.filter((l) => used.includes(l)), ...used.filter((l) => !laneOrder.includes(l))];
  const lines = ["```mermaid", "sequenceDiagram"];
  for (const l of lanes) lines.push(`    participant ${l}`);
  let prev: string | null = null;
  for (const s of v.trace) {
    const ctx = s.context ?? "model";
    const fn = s.callChain[0] ? ` [${s.callChain[0]}]` : "";
    lines.push(`    ${prev ?? ctx}->>${ctx}: ${s.index}. ${mermaidText(s.action + fn)}`);
    const ch = changesText(s.changes, maxChanges);
    if (ch.length > 0) lines.push(`    Note over ${ctx}: ${mermaidText(ch.join("<br/>")).replace(/‹br\/›/g, "<br/>")}`);
    prev = ctx;
  }
  lines.push("```");
  return lines.join("\n");
}
