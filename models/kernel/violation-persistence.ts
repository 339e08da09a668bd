/**
 * For the report reader: is a violation of an "always" property (R6, R6-aux: the AUX member or a counter runs
 * with interrupts == MAX set by an NMI) a transient window or does it stay wrong?
 *
 * The counterexample is replayed; then the contexts running in its last state are finished — each CPU's steps in
 * CPU order, and the IPIs they wait for — with no new operation, interrupt or hardware event. If the property
 * holds once they are done, the violation was a window that the interrupted code itself closes ("transient"); if
 * not, the state stays wrong until something else (the next tick, a reschedule) unthrottles the group ("stays").
 * One completion order is tried (the first enabled step, CPU0 first); contexts still blocked after it (a lock, a
 * csd) leave the answer "stays".
 */
import { formatAction } from "../../src/model.ts";
import type { Violation } from "../../src/result.ts";
import type { Params } from "../../src/registry.ts";
import { ENTRY_ACTIONS } from "./environment/index.ts";
import { buildKernelModel, type KAction } from "./model.ts";

export type Persistence = "transient" | "stays";

/** The properties the classification applies to. */
export const WINDOW_PROPERTIES: readonly string[] = ["R6", "R6-aux"];

export function persistenceOf(params: Params, v: Violation): Persistence {
  const m = buildKernelModel(params);
  const prop = m.properties.find((p) => p.name === v.property);
  if (!prop?.holds || prop.kind !== "always") throw new Error(`${v.property}: not an always-property`);
  const quiet = { fail() {} };
  let s = m.initStates()[0]!;
  const acts: KAction[] = [];
  for (const step of v.trace) {
    acts.length = 0;
    m.actions(s, acts);
    const a = acts.find((x) => formatAction(x) === step.action);
    if (!a) throw new Error(`${v.property}: replay: ${step.action} not enabled`);
    s = m.next(s, a, quiet);
  }
  if (prop.holds(s)) throw new Error(`${v.property}: the replayed trace does not end in the violation`);
  for (let n = 0; n < 10_000; n++) {
    acts.length = 0;
    m.actions(s, acts);
    const a = acts.find((x) => !ENTRY_ACTIONS.has(x.name) || x.name === "ipi");
    if (!a) break;
    s = m.next(s, a, quiet);
  }
  return prop.holds(s) && m.quiescent!(s) ? "transient" : "stays";
}
