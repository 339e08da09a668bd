/**
 * reports/all-operations.md: the all-operations matrix with bounds (models/kernel/scenarios/runs/all-operations-matrix.ts,
 * recorded in all-operations.json) — per patch × PMU × platform × scenario the largest budget its sweep completed in its
 * time limit, the verdict, and per violated property the smallest budget that shows it — then the rediscovery table
 * (runs/rediscovery.ts) and each sweep's budget steps (bound → distinct → generated → depth → seconds → states/s).
 * The figures are recorded data (a sweep cut by time depends on the machine); nothing here is measured at report time.
 */
import type { ReportGenerator } from "../../../src/report-api.ts";
import { cell } from "../../../src/markdown.ts";
import { allOpsGrid, recordedSweeps, type AllOpsCell, type RecordedSweep } from "../../kernel/scenarios/runs/all-operations-matrix.ts";
import { FINDINGS, LACKS, MASKING, rediscoveries } from "../../kernel/scenarios/runs/rediscovery.ts";
import { MECHANISMS } from "../../kernel/scenarios/runs/mechanisms.ts";

const n = (x: number): string => Math.round(x).toLocaleString("en-US");

/** `overflows ≤ 2, ticks ≤ 1, ...`, budgets at 0 left out. */
export function compactBound(b: Readonly<Record<string, number>> | null): string {
  if (b === null) return "none";
  const parts = Object.entries(b)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ≤ ${v}`);
  return parts.length > 0 ? parts.join(", ") : "every budget 0";
}

const COLUMN_TITLE: Readonly<Record<string, string>> = { "cs_etm-nmi": "cs_etm, arm64 pNMI", "arm_spe-nmi": "arm_spe, arm64 pNMI", "intel_pt-x86": "intel_pt, x86" };

function largestStep(s: RecordedSweep): RecordedSweep["steps"][number] | null {
  const done = s.steps.filter((x) => x.complete);
  return done.length > 0 ? done[done.length - 1]! : null;
}

function verdictCell(s: RecordedSweep): string {
  const v = Object.keys(s.violated);
  if (s.verdict === "violation") return `violation (${v.length}: ${v.join(", ")})`;
  if (s.verdict === "ok") return "**ok** (every budget at its maximum)";
  return s.verdict === "incomplete" ? "no violation up to the bound; INCOMPLETE beyond" : s.verdict;
}

/** A review finding's id (F1..F5, E1..E5, X14) → its rows of the rediscovery table. */
const FINDING_OF_ID: Readonly<Record<string, readonly string[]>> = { F3: ["F3 (a)", "F3 (b)"], E5: ["E5 (i)", "E5 (ii)"], X14: ["output stop on the old rb (errata X14)"] };

/** For the findings report: where the all-operations sweeps rediscover the finding, at which budget and depth. */
export function rediscoveryLine(id: string): string | null {
  const names = FINDING_OF_ID[id] ?? [id];
  const rows = rediscoveries().filter((r) => names.includes(r.finding));
  if (rows.length === 0) return null;
  const each = rows.map(
    (r) =>
      `${r.finding}, ${r.patch} on ${COLUMN_TITLE[r.column] ?? r.column}: ${r.status === "rediscovered" ? `rediscovered at ${compactBound(r.bound)} (depth ${r.depth})` : r.status === "masked" ? `masked (first violated at ${compactBound(r.bound)}, without an operation it needs)` : r.status === "not swept" ? "not swept" : `not rediscovered up to ${compactBound(r.searchedUpTo)}`}`,
  );
  return `All operations at once (reports/all-operations.md, by property): ${each.join("; ")}.`;
}

/** One sweep's summary row for the matrix (the all-operations column of the verdict matrix). */
export function allOpsSummary(patch: string, column: string): string {
  const sweeps = recordedSweeps();
  const cells = allOpsGrid().filter((c) => c.patch === patch && c.column === column && c.ncpus === 1 && sweeps.has(c.id));
  if (cells.length === 0) return "-";
  return cells
    .map((c) => {
      const s = sweeps.get(c.id)!;
      const last = largestStep(s);
      return `${c.scenario}: ${s.verdict} up to ${compactBound(s.largestComplete)}${last ? ` (${n(last.distinct)} states)` : ""}`;
    })
    .join("; ");
}

function matrixRows(grid: readonly AllOpsCell[], sweeps: ReadonlyMap<string, RecordedSweep>): string[] {
  return grid.map((c) => {
    const s = sweeps.get(c.id);
    if (!s) return `| ${c.patch} | ${COLUMN_TITLE[c.column] ?? c.column} | ${c.scenario} | ${c.ncpus} | ${c.seconds} | not recorded | - | - | - |`;
    const last = largestStep(s);
    const cut = s.steps.find((x) => !x.complete);
    const firsts = Object.entries(s.violated)
      .map(([p, v]) => `${p} from ${compactBound(v.bound)} (depth ${v.depth})`)
      .join("; ");
    return `| ${c.patch} | ${COLUMN_TITLE[c.column] ?? c.column} | ${c.scenario} | ${c.ncpus} | ${c.seconds} | ${compactBound(s.largestComplete)}${last ? ` (${n(last.distinct)} states, ${last.seconds} s)` : ""} | ${cut ? `${compactBound(cut.bound)}: cut at ${n(cut.distinct)} states` : "-"} | ${verdictCell(s)} | ${cell(firsts) || "-"} |`;
  });
}

function stepTables(grid: readonly AllOpsCell[], sweeps: ReadonlyMap<string, RecordedSweep>): string[] {
  const out: string[] = [];
  for (const c of grid) {
    const s = sweeps.get(c.id);
    if (!s) continue;
    out.push(`### ${c.id}`, "", `\`npm run -s check -- --sweep --scenario ${c.scenario} --patch ${c.patch} --pmu ${String(c.params.pmu)} --param platform=${String(c.params.platform)} --param pmu_irq_handler=${String(c.params.pmu_irq_handler)}${c.ncpus > 1 ? ` --param ncpus=${c.ncpus}` : ""} --timeout ${c.seconds} --workers 1\` — stopped by ${s.stopReason === "max-budgets" ? "every budget at its maximum" : s.stopReason === "time" ? `the time limit (${c.seconds} s)` : s.stopReason}.`, "");
    out.push("| bound | distinct | generated | depth | seconds | states/s | step |", "|---|---:|---:|---:|---:|---:|---|");
    for (const st of s.steps) {
      const rate = st.distinct / Math.max(st.seconds, 0.05);
      out.push(`| ${compactBound(st.bound)} | ${n(st.distinct)} | ${n(st.generated)} | ${st.depth} | ${st.seconds} | ${n(rate)} | ${st.complete ? (Object.keys(st.violated).length > 0 ? `violation: ${Object.keys(st.violated).join(", ")}` : st.verdict) : "**cut** (not a bound)"} |`);
    }
    out.push("", "Left out of \"every operation\":", "", ...s.leftOut.map((l) => `- ${l}`), "");
  }
  return out;
}

export const allOperationsReport: ReportGenerator = {
  file: "all-operations.md",
  generate() {
    const sweeps = recordedSweeps();
    const grid = allOpsGrid();
    const red = rediscoveries(sweeps);
    const count = (st: string): number => new Set(red.filter((r) => r.status === st).map((r) => r.finding)).size;
    const found = new Set(red.filter((r) => r.status === "rediscovered").map((r) => r.finding));
    const never = FINDINGS.filter((f) => !found.has(f.name)).map((f) => f.name);
    return [
      "# All operations at once: verdicts with their bounds",
      "",
      "<!-- generated by `npm run report` from models/findings/reports/all-operations.ts; do not edit -->",
      "",
      "Each cell is a budget sweep (`npm run check -- --sweep`, `src/sweep.ts`) of an all-operations scenario",
      "(`models/kernel/scenarios/all-operations.ts`): the AUX group with every modelled operation the kernel allows enabled at once,",
      "its budgets raised one at a time, round-robin (overflows, ticks, switches, ioctls, restarts, closes, sw_events, munmaps,",
      "detaches, fills / auxirqs), each step explored completely, until the cell's time limit. The figures are recorded",
      "(`models/kernel/scenarios/runs/all-operations.json`, written by `record-all-operations.ts`, one sweep at a time on one core of a",
      "2-core machine shared with another engineer's runs): a bound is what the sweep completed in its limit there, never more. A property",
      "violated at a budget is violated at every larger one; one that holds at the bound reached holds at every smaller one. Budgets not",
      "named are 0.",
      "",
      "## The all-operations matrix",
      "",
      "| patch | pmu, platform | scenario | CPUs | limit (s) | largest budget completed | step cut by the limit | verdict | each violated property from the smallest budget that shows it |",
      "|---|---|---|---|---|---|---|---|---|",
      ...matrixRows(grid, sweeps),
      "",
      `R3 and R6 are violated from the first step in every cell: the lone frequency-mode counter's route (FREQ_LEADER: ${cell(MECHANISMS.FREQ_LEADER ?? "")}).`,
      "It is a property of the counters under every patch (none of the candidate fixes touches perf_adjust_period), so an `ok` for",
      "R3 / R6 cannot come from these scenarios; the AUX properties (R3-aux, R6-aux) are the ones that judge the AUX event.",
      "",
      "## Rediscovery of the hand-made scenarios' findings",
      "",
      "Each finding (`models/kernel/scenarios/runs/rediscovery.ts`) in the cells where its hand-made scenario shows it: rediscovered when the",
      "all-operations sweep of that patch and column violates every property its mechanism violates there — at the smallest budget where all",
      "are violated, with the longest of their shortest traces. Rediscovery is by property: the sweep's trace is not classified by mechanism.",
      "\"masked\": a property of the finding is first violated at a budget without an operation its mechanism needs (`NEEDS` in",
      `rediscovery.ts; e.g. ${MASKING.join(", ")} from the first step through the frequency-mode counter), so another route violated it first and`,
      "the sweep cannot tell whether it also finds this one. A necessary condition only: \"rediscovered\" does not prove the sweep's trace is",
      "the finding's mechanism. Findings not rediscovered are explained in `models/kernel/NOTE.md`, \"All operations: findings not",
      "rediscovered\".",
      "",
      `Rediscovered: ${found.size} of ${FINDINGS.length} findings in at least one cell; findings with a masked cell: ${count("masked")}, with a cell not rediscovered: ${count("not rediscovered")}, with a cell not swept: ${count("not swept")}.`,
      "",
      "| finding | mechanism | patch | pmu, platform | properties | status | scenario | budget | depth | searched up to |",
      "|---|---|---|---|---|---|---|---|---|---|",
      ...red.map(
        (r) =>
          `| ${r.finding} | ${r.mechanism} | ${r.patch} | ${COLUMN_TITLE[r.column] ?? r.column} | ${r.properties.join(", ")} | ${r.status === "rediscovered" ? "**rediscovered**" : r.status} | ${r.scenario ?? "-"} | ${r.bound ? compactBound(r.bound) : "-"} | ${r.depth ?? "-"} | ${r.status === "rediscovered" ? "-" : compactBound(r.searchedUpTo)} |`,
      ),
      "",
      `Not rediscovered in any cell: ${never.join(", ") || "none"}.`,
      "",
      "What the all-operations scenarios lack by construction (these findings are at best masked):",
      "",
      ...Object.entries(LACKS).map(([m, what]) => `- ${m}: ${what}`),
      "",
      "## Budget steps per sweep",
      "",
      ...stepTables(grid, sweeps),
    ].join("\n");
  },
};
