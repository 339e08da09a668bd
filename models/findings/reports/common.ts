/** Small pieces the reports share. Deterministic: no timings. */
import type { RunOutcome } from "../../../src/runner.ts";
import { kernelEntry } from "../../kernel/index.ts";

const n = (x: number): string => x.toLocaleString("en-US");

/** `11,796 distinct states, 12,854 generated, depth 149, complete` */
export function statsLine(o: RunOutcome): string {
  const r = o.result;
  const how = r.complete ? "complete" : r.stopReason === "all-violated" ? "stopped: every property violated" : `INCOMPLETE (${r.stopReason})`;
  return `${n(r.distinct)} distinct states, ${n(r.generated)} generated, depth ${r.depth}, ${how}`;
}

/** `R1 VIOLATED at depth 93, R2 VIOLATED at depth 109, R3 ok, ...` */
export function propertyCells(o: RunOutcome): string {
  return o.result.properties.map((p) => (p.violation ? `**${p.name} VIOLATED at depth ${p.violation.depth}**` : `${p.name} ${p.verdict}`)).join(", ");
}

/** A stable Markdown anchor for a run's property. */
export function anchorOf(runId: string, property: string): string {
  return `${runId}-${property}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
}

/** The command that reproduces a kernel run: its scenario, patch and PMU, the parameters it sets beyond the defaults, and the property whose trace to show. */
export function reproduceCommand(o: RunOutcome, property?: string): string {
  const flags = kernelEntry.params
    .filter((p) => !["scenario", "patch", "pmu"].includes(p.name) && o.params[p.name] !== undefined && o.params[p.name] !== p.default)
    .map((p) => ` --param ${p.name}=${String(o.params[p.name])}`)
    .join("");
  return `npm run check -- --scenario ${o.scenario} --patch ${o.patch ?? "none"} --pmu ${o.pmu}${flags}${property ? ` --property ${property}` : ""}`;
}
