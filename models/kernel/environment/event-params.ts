/**
 * The kernel's parameters checked together (ModelEntry.refineParams): what an `events` string
 * says about the AUX PMU. A string that names an AUX PMU chooses it (no --pmu needed, and none
 * silently rewritten); one that contradicts `pmu` is refused, and so is one with two AUX events:
 * every modelled AUX PMU is PERF_PMU_CAP_EXCLUSIVE, so perf_event_open() of the second in the same
 * context fails with -EBUSY (kernel/events/core.c exclusive_event_installable()).
 */
import { InputError, type ParamValue, type Params } from "../../../src/registry.ts";
import { PMUS } from "./pmus.ts";
import { parsePerfEvents } from "./perf-event-syntax.ts";

export function refineKernelParams(given: Readonly<Record<string, string | ParamValue>>, params: Params): Params {
  if (given.events === undefined) return params;
  const aux = parsePerfEvents(String(given.events)).events.filter((e) => PMUS[e.pmu]?.aux);
  if (aux.length > 1) {
    const both = `${aux.map((e) => `'${e.text}'`).join(" and ")}`;
    if (aux.some((e) => e.pmu !== aux[0]!.pmu)) throw new InputError(`events: ${both}: the model runs one AUX PMU at a time`);
    throw new InputError(`events: ${both}: perf_event_open() of the second fails with -EBUSY (${aux[0]!.pmu} is an exclusive PMU: one event per context)`);
  }
  const named = aux[0]?.pmu;
  if (named === undefined) return params;
  if (given.pmu !== undefined && String(given.pmu) !== named) throw new InputError(`events names the AUX PMU ${named} but pmu is ${String(given.pmu)} (--events / --pmu): give one of them`);
  return { ...params, pmu: named };
}
