/**
 * The verdict matrix: one row per combination of the run dimensions (patch, PMU, platform, ...),
 * one column per property; a cell is `ok` (every run of the row explored completely without
 * violating it), `VIOLATED at depth d` (the shortest violation among the row's runs, with its
 * scenario), or `incomplete`. Deterministic, as text for the terminal and as Markdown.
 */
import { wrapText, WIDTH } from "./wrap.ts";
import type { RunOutcome } from "./runner.ts";

export interface MatrixCell {
  readonly verdict: "ok" | "violated" | "incomplete" | "n/a";
  readonly depth: number | null;
  /** The run with the shortest violation. */
  readonly run: RunOutcome | null;
}

export interface MatrixRow {
  readonly key: readonly string[];
  readonly cells: readonly MatrixCell[];
  readonly runs: readonly RunOutcome[];
}

export interface Matrix {
  readonly dimensions: readonly string[];
  readonly properties: readonly string[];
  readonly rows: readonly MatrixRow[];
}

/** Value of a dimension for a run: a RunOutcome field (patch, pmu, scenario) or a parameter. */
export function dimensionOf(o: RunOutcome, dim: string): string {
  const direct = (o as unknown as Record<string, unknown>)[dim];
  if (typeof direct === "string") return direct;
  const p = o.params[dim];
  return p === undefined ? "-" : String(p);
}

export function buildMatrix(outcomes: readonly RunOutcome[], dimensions: readonly string[]): Matrix {
  const properties: string[] = [];
  for (const o of outcomes) for (const p of o.result.properties) if (!properties.includes(p.name)) properties.push(p.name);
  const groups = new Map<string, RunOutcome[]>();
  for (const o of outcomes) {
    const key = JSON.stringify(dimensions.map((d) => dimensionOf(o, d)));
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const rows: MatrixRow[] = [...groups].map(([key, runs]) => ({
    key: JSON.parse(key) as string[],
    runs,
    cells: properties.map((name): MatrixCell => {
      let best: MatrixCell | null = null;
      let anyIncomplete = false;
      let anyChecked = false;
      for (const o of runs) {
        const p = o.result.properties.find((x) => x.name === name);
        if (!p) continue;
        anyChecked = true;
        if (p.verdict === "violated" && (best === null || p.violation!.depth < best.depth!)) best = { verdict: "violated", depth: p.violation!.depth, run: o };
        if (p.verdict === "incomplete") anyIncomplete = true;
      }
      if (best) return best;
      if (!anyChecked) return { verdict: "n/a", depth: null, run: null };
      return { verdict: anyIncomplete ? "incomplete" : "ok", depth: null, run: null };
    }),
  }));
  return { dimensions, properties, rows };
}

/** A terminal cell: `✗63` (violated, shortest trace of depth 63), `ok`, `?` (incomplete), `-` (not checked). */
function cellText(c: MatrixCell): string {
  switch (c.verdict) {
    case "violated":
      return `✗${c.depth}`;
    case "incomplete":
      return "?";
    case "n/a":
      return "-";
    default:
      return c.verdict;
  }
}

/**
 * Row labels: the first two dimensions by value, each other one as `key=value` only where it is
 * not the value most rows have (said once in `usual`), so that a row names what sets it apart.
 */
function rowLabels(m: Matrix): { labels: string[]; usual: string[] } {
  const usual: string[] = [];
  const common = m.dimensions.map((d, i) => {
    if (i < 2) return null;
    const counts = new Map<string, number>();
    for (const r of m.rows) counts.set(r.key[i]!, (counts.get(r.key[i]!) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    usual.push(`${d}=${top}`);
    return top;
  });
  const labels = m.rows.map((r) => r.key.map((v, i) => (i < 2 ? v : v === common[i] ? null : `${m.dimensions[i]}=${v}`)).filter((x) => x !== null).join(" "));
  return { labels, usual };
}

/** Column names longer than this are abbreviated in the terminal matrix (a legend says what each stands for). */
const SHORT_NAME = 8;

/**
 * Terminal column names: a property name of at most SHORT_NAME characters as it is; a longer one by the initials
 * of its words (`stuck-stopped` → `ss`; a word of at most three characters is kept whole: `throttle-no-rb` →
 * `tnorb`), numbered where two would read the same (`x86-start-warn`, `x86-stop-warn` → `x86sw1`, `x86sw2`).
 */
export function shortNames(names: readonly string[]): string[] {
  const base = names.map((n) =>
    n.length <= SHORT_NAME
      ? n
      : n
          .split(/[-_ ]+/)
          .filter((w) => w.length > 0)
          .map((w) => (w.length <= 3 ? w : w[0]!))
          .join(""),
  );
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);
  const seen = new Map<string, number>();
  const taken = new Set(names.filter((n) => n.length <= SHORT_NAME));
  return base.map((b, i) => {
    if (names[i]!.length <= SHORT_NAME) return b;
    if (count.get(b) === 1 && !taken.has(b)) return b;
    const k = (seen.get(b) ?? 0) + 1;
    seen.set(b, k);
    return `${b}${k}`;
  });
}

export function matrixText(m: Matrix): string {
  const { labels, usual } = rowLabels(m);
  const short = shortNames(m.properties);
  const legend = m.properties.flatMap((p, i) => (short[i] === p ? [] : [`${short[i]} = ${p}`]));
  const header = [m.dimensions.slice(0, 2).join(" "), ...short];
  const body = m.rows.map((r, i) => [labels[i]!, ...r.cells.map(cellText)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (xs: string[]): string => xs.map((x, i) => x.padEnd(widths[i]!)).join(" ").trimEnd();
  return [
    ...(usual.length > 0 ? wrapText(`rows: ${usual.join(", ")} unless the row says otherwise`, WIDTH) : []),
    ...(legend.length > 0 ? wrapText(`columns: ${legend.join(", ")}`, WIDTH) : []),
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
  ].join("\n");
}

/** Markdown table; `link(cell)` may turn a VIOLATED cell into a link to its trace. */
export function matrixMarkdown(m: Matrix, link: (c: MatrixCell, property: string) => string | null = () => null): string {
  const header = `| ${[...m.dimensions, ...m.properties].join(" | ")} |`;
  const rule = `|${[...m.dimensions, ...m.properties].map(() => "---").join("|")}|`;
  const rows = m.rows.map((r) => {
    const cells = r.cells.map((c, i) => {
      if (c.verdict !== "violated") return c.verdict;
      const text = `VIOLATED at depth ${c.depth}`;
      const href = link(c, m.properties[i]!);
      return href ? `[${text}](${href})` : text;
    });
    return `| ${[...r.key, ...cells].join(" | ")} |`;
  });
  return [header, rule, ...rows].join("\n");
}

/**
 * Dimensions worth a column for these runs: those among `candidates` that some run sets and
 * that take more than one value (a constant column says nothing), keeping at least the first.
 */
export function presentDimensions(outcomes: readonly RunOutcome[], candidates: readonly string[]): string[] {
  const set = candidates.filter((d) => outcomes.some((o) => dimensionOf(o, d) !== "-"));
  const varying = set.filter((d) => new Set(outcomes.map((o) => dimensionOf(o, d))).size > 1);
  return varying.length > 0 ? varying : set.slice(0, 1);
}

/** One matrix per model that has more than one run, for the terminal; rows by each model's matrixDimensions. */
export function matricesText(outcomes: readonly RunOutcome[], dimensionsOf: (model: string) => readonly string[] | undefined = () => undefined): string {
  const models = [...new Set(outcomes.map((o) => o.model))];
  const parts: string[] = [];
  for (const m of models) {
    const runs = outcomes.filter((o) => o.model === m);
    const dims = presentDimensions(runs, dimensionsOf(m) ?? ["patch", "pmu", "platform", "variant", "mode"]);
    if (runs.length < 2 || dims.length === 0) continue;
    const title = `verdict matrix: ${m} (rows: ${dims.join(" × ")}; cell: ✗d = violated, the shortest trace over the row's scenarios has depth d; ok = holds in all)`;
    parts.push(...wrapText(title, WIDTH), matrixText(buildMatrix(runs, dims)), "");
  }
  return parts.join("\n");
}
