/**
 * A counterexample as the race diagram kernel developers put in commit messages and reviews: one
 * column per execution context that takes part (the step's `lane`: `CPU0 tick`, `CPU0 NMI`,
 * `hardware`), one line per function entered (the step's `enters`), nested calls indented, the
 * violating line marked, and under a line only the state changes the violated property reads
 * (`Violation.reads`). A set-up the model folds (`Violation.setup`) is one line. Plain text of at
 * most WIDTH columns: the columns overlap where they must (a line holds one context's text), and
 * where a context's lines are still too long its arguments go first, then its indentation unit,
 * then the ends of the longest names, the same way for every line of that context.
 *
 * The layout is generic over lanes and call chains; what a lane or a set-up means is the model's.
 * A model without these hooks gets one line per step, in the lane of its context.
 */
import { flatten, renderValue } from "./trace.ts";
import { wrapText, WIDTH } from "./wrap.ts";
import type { TraceStep, Violation } from "./result.ts";


/**
 * One line of the diagram: a function entered (or a step without a call chain), a state change
 * under it, the folded set-up, or the end where a quiescent property is judged.
 */
export interface DiagramRow {
  readonly kind: "call" | "change" | "setup" | "end";
  /** Index into `lanes`; -1 for the set-up and the end, which span the width. */
  readonly lane: number;
  /** Call depth within the lane (0: the context's first function). */
  readonly indent: number;
  readonly text: string;
  /** The trace step it shows (1-based; the last folded step for the set-up). */
  readonly step: number;
  /** A call row of a step outside any call chain (a hardware event, a model without call chains). */
  readonly event?: boolean;
  /** The violation's mark, on the line of the violating step. */
  mark?: string;
}

export interface RaceDiagram {
  readonly lanes: readonly string[];
  readonly rows: readonly DiagramRow[];
  /** The property and its message, for under the diagram. */
  readonly verdict: string;
  /** For a state property: the values it read in the last state (`ev.L.hw.aux_paused = 0`). */
  readonly finalValues: readonly string[];
  /** Read fields the folded set-up changed, with their values after it. */
  readonly setupValues: readonly string[];
}

/** Context words in the order their columns go, left to right, within one CPU. */
const CONTEXT_ORDER = ["task", "tick", "IRQ", "IPI", "NMI", "hw", "hardware"];

const laneOf = (s: TraceStep): string => s.lane ?? s.context ?? "model";

/** Does the change at `path` touch what the property reads? Every change when the model says nothing. */
export function readsPath(reads: readonly string[] | null, path: string): boolean {
  if (reads === null) return true;
  return reads.some((r) => path === r || path.startsWith(`${r}.`) || path.startsWith(`${r}[`) || r.startsWith(`${path}.`) || r.startsWith(`${path}[`));
}

function changeText(path: string, [from, to]: readonly [unknown, unknown]): string {
  return `${path}: ${renderValue(from)} → ${renderValue(to)}`;
}

/** The short text of the mark: `R1: WARN_ON_ONCE(nest)`, `R4 user pause respected`. */
export function markText(v: Violation): string {
  // the message up to its first " in ", " — " or ": " outside parentheses
  const m = v.message ?? "";
  let depth = 0;
  let end = m.length;
  for (let i = 0; i < m.length && end === m.length; i++) {
    if (m[i] === "(") depth++;
    else if (m[i] === ")") depth--;
    else if (depth === 0 && [" in ", " — ", ": "].some((sep) => m.startsWith(sep, i))) end = i;
  }
  const head = m.slice(0, end).trim();
  if (head === "" || head.length > 48) return v.property;
  return head.startsWith(v.property) ? head : `${v.property}: ${head}`;
}

/** The diagram's rows and lanes, before layout. */
export function raceDiagram(v: Violation): RaceDiagram {
  const folded = v.setup && v.setup.steps > 0 && v.setup.steps < v.trace.length ? v.setup : null;
  const steps = v.trace.slice(folded ? folded.steps : 0);
  // lanes: grouped by what precedes the context word (the CPU), in order of appearance; within a group by CONTEXT_ORDER
  const seen = [...new Set(steps.map(laneOf))];
  const group = (l: string): string => l.slice(0, Math.max(0, l.lastIndexOf(" ")));
  const groups = [...new Set(seen.map(group))];
  const rank = (l: string): number => {
    const i = CONTEXT_ORDER.indexOf(l.slice(l.lastIndexOf(" ") + 1));
    return i < 0 ? CONTEXT_ORDER.length : i;
  };
  const hardware = (l: string): number => (rank(l) >= CONTEXT_ORDER.indexOf("hw") ? 1 : 0); // the hardware's columns go right
  const lanes = [...seen].sort(
    (a, b) => hardware(a) - hardware(b) || groups.indexOf(group(a)) - groups.indexOf(group(b)) || rank(a) - rank(b) || seen.indexOf(a) - seen.indexOf(b),
  );
  const rows: DiagramRow[] = [];
  if (folded) rows.push({ kind: "setup", lane: -1, indent: 0, text: `${folded.summary} (steps 1–${folded.steps})`, step: folded.steps });
  for (const s of steps) {
    const lane = lanes.indexOf(laneOf(s));
    const depth = Math.max(0, s.callChain.length - 1);
    const isLine = s.enters !== null || s.callChain.length === 0;
    if (isLine) rows.push({ kind: "call", lane, indent: depth, text: s.enters ?? s.action, step: s.index, event: s.callChain.length === 0 });
    const under = isLine ? depth + 1 : s.callChain.length;
    for (const [path, change] of Object.entries(s.changes)) {
      if (readsPath(v.reads, path)) rows.push({ kind: "change", lane, indent: under, text: changeText(path, change), step: s.index });
    }
  }
  // The mark: a quiescent property is judged once every context has returned, so at the end; any
  // other on the violating step's line, which is the line of the function it ran in when nothing
  // came between, or else a line of its own.
  const last = v.trace[v.trace.length - 1];
  if (last && v.kind === "quiescent") {
    rows.push({ kind: "end", lane: -1, indent: 0, text: `quiescent after step ${last.index}`, step: last.index, mark: `<- ${markText(v)}` });
  } else if (last && !v.loop) {
    const lane = lanes.indexOf(laneOf(last));
    const depth = Math.max(0, last.callChain.length - 1);
    const prev = rows[rows.length - 1];
    let row = rows.findLast((r) => r.step === last.index && r.kind === "call");
    if (!row && prev?.kind === "call" && prev.lane === lane && prev.indent === depth && prev.text.startsWith(`${last.callChain[0]}(`)) row = prev;
    if (!row) {
      row = { kind: "call", lane, indent: depth, text: `${last.callChain[0] ?? last.action} …`, step: last.index };
      rows.push(row);
    }
    row.mark = `<- ${markText(v)}`;
  }
  const lastState = v.states[v.states.length - 1];
  const finalValues =
    v.reads !== null && (v.kind === "always" || v.kind === "quiescent") && lastState !== undefined
      ? [...flatten(lastState)].filter(([p]) => readsPath(v.reads, p)).map(([p, x]) => `${p} = ${renderValue(x)}`)
      : [];
  const setupValues: string[] = [];
  if (folded && v.reads !== null) {
    const changed = new Set(v.trace.slice(0, folded.steps).flatMap((s) => Object.keys(s.changes)));
    const after = flatten(v.states[folded.steps]);
    for (const [p, x] of after) if (changed.has(p) && readsPath(v.reads, p)) setupValues.push(`${p} = ${renderValue(x)}`);
  }
  const verdict = v.message === null ? `${v.property} violated` : v.message.startsWith(v.property) ? v.message : `${v.property}: ${v.message}`;
  return { lanes, rows, verdict, finalValues, setupValues };
}

/** How one lane's lines are shortened to fit: applied alike to every line of the lane. */
interface LaneFit {
  readonly start: number;
  readonly unit: number;
  readonly dropArgs: boolean;
}

const dropArgs = (text: string): string => text.replace(/^([\w.$]+)\(.+\)$/, "$1()");

function rowWidth(r: DiagramRow, unit: number, drop: boolean): number {
  return r.indent * unit + (r.kind === "call" && drop ? dropArgs(r.text) : r.text).length;
}

/** Column starts and shortening per lane so that every line fits in `width` (marks may go on a line of their own). */
function fitLanes(d: RaceDiagram, width: number): LaneFit[] {
  const n = d.lanes.length;
  const rowsOf = d.lanes.map((_, i) => d.rows.filter((r) => r.lane === i));
  const need = (i: number, unit: number, drop: boolean): number => Math.max(d.lanes[i]!.length, ...rowsOf[i]!.map((r) => rowWidth(r, unit, drop)));
  // A column starts where the lines of the one before end, or earlier, so that its own lines fit;
  // columns overlap then (a line holds one context's text), but each starts a lane name after the one before.
  const minGap = (i: number): number => d.lanes[i]!.length + 3;
  const starts: number[] = [0];
  for (let i = 1; i < n; i++) {
    const floor = starts[i - 1]! + minGap(i - 1);
    const restMin = d.lanes.slice(i + 1).reduce((a, _, j) => a + minGap(i + j), 0);
    starts.push(Math.max(floor, Math.min(starts[i - 1]! + need(i - 1, 2, false) + 3, width - need(i, 2, false), width - restMin - 12)));
  }
  return d.lanes.map((_, i) => {
    const avail = width - starts[i]!;
    for (const [unit, drop] of [[2, false], [2, true], [1, true]] as const) if (need(i, unit, drop) <= avail) return { start: starts[i]!, unit, dropArgs: drop };
    return { start: starts[i]!, unit: 1, dropArgs: true };
  });
}

/** The plain-text race diagram (at most `width` columns). */
export function raceDiagramText(v: Violation, width = WIDTH): string {
  const d = raceDiagram(v);
  const fits = fitLanes(d, width);
  const out: string[] = [];
  const put = (col: number, text: string): string => {
    const room = width - col;
    return " ".repeat(col) + (text.length > room ? `${text.slice(0, Math.max(1, room - 1))}…` : text);
  };
  let header = "";
  d.lanes.forEach((l, i) => (header = header.padEnd(fits[i]!.start) + l));
  out.push(header.slice(0, width), d.lanes.map((l, i) => " ".repeat(fits[i]!.start - (i === 0 ? 0 : fits[i - 1]!.start + d.lanes[i - 1]!.length)) + "-".repeat(l.length)).join(""));
  for (const r of d.rows) {
    if (r.kind === "end") {
      out.push(...wrapText(`[${r.text}] ${r.mark ?? ""}`, width));
      continue;
    }
    if (r.kind === "setup") {
      out.push(...wrapText(`[set-up] ${r.text}`, width));
      if (d.setupValues.length > 0) out.push(...wrapText(d.setupValues.join(", "), width, "  "));
      continue;
    }
    const f = fits[r.lane]!;
    const col = f.start + r.indent * f.unit;
    const text = r.kind === "change" ? `· ${r.text}` : f.dropArgs ? dropArgs(r.text) : r.text;
    const line = put(col, text);
    if (r.mark && line.length + 2 + r.mark.length <= width) out.push(`${line}  ${r.mark}`);
    else if (r.mark) out.push(line, put(Math.max(0, Math.min(col, width - r.mark.length)), r.mark.replace(/^<-/, "^")));
    else out.push(line);
  }
  out.push("", ...wrapText(d.verdict, width));
  if (d.finalValues.length > 0) out.push(...wrapText(`in the last state: ${d.finalValues.join(", ")}`, width));
  return out.map((l) => l.trimEnd()).join("\n");
}

function mermaidText(s: string): string {
  // ';' ends a Mermaid statement and '#' starts an entity code
  return s.replace(/;/g, ",").replace(/#/g, "nr").replace(/[<>]/g, (c) => (c === "<" ? "‹" : "›"));
}

/**
 * The same diagram as a Mermaid sequence diagram: a participant per column, in the same order; a
 * message per line, nested calls as nested activations (an event outside any call, such as the
 * hardware's, activates nothing; a context's first function is an arrow from the event just before,
 * else a message to itself), the read state changes and the mark as notes.
 */
export function raceDiagramMermaid(v: Violation): string {
  const d = raceDiagram(v);
  const ids = d.lanes.map((_, i) => `L${i}`);
  const lines = ["```mermaid", "sequenceDiagram"];
  d.lanes.forEach((l, i) => lines.push(`    participant ${ids[i]} as ${mermaidText(l)}`));
  const active = d.lanes.map(() => 0);
  let prev: number | null = null;
  for (const r of d.rows) {
    if (r.kind === "setup" || r.kind === "end") {
      const text = r.kind === "setup" ? `set-up: ${r.text}` : `${r.text}: ${(r.mark ?? "").replace(/^<- /, "")}`;
      lines.push(`    Note over ${ids[0]}${ids.length > 1 ? `,${ids[ids.length - 1]}` : ""}: ${mermaidText(text)}`);
      continue;
    }
    const id = ids[r.lane]!;
    if (r.kind === "change") {
      lines.push(`    Note right of ${id}: ${mermaidText(r.text)}`);
      continue;
    }
    // the call stack of the lane: one activation per frame
    while (active[r.lane]! > r.indent) {
      lines.push(`    deactivate ${id}`);
      active[r.lane]!--;
    }
    if (r.event) lines.push(`    ${id}->>${id}: ${mermaidText(r.text)}`);
    else {
      const from = r.indent === 0 && prev !== null ? prev : r.lane;
      lines.push(`    ${ids[from]}->>+${id}: ${mermaidText(r.text)}`);
      active[r.lane]!++;
    }
    if (r.mark) lines.push(`    Note over ${id}: ${mermaidText(r.mark.replace(/^<- /, ""))}`);
    prev = r.event ? r.lane : null;
  }
  lines.push("```");
  return lines.join("\n");
}
