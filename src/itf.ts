/**
 * ITF, the Informal Trace Format (Apalache/Quint): integers as {"#bigint": "n"}, records as
 * objects, lists as arrays. Each state carries the action that led to it in its #meta.
 */
import type { Violation } from "./result.ts";

export function toItfValue(v: unknown): unknown {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return { "#bigint": String(v) };
    return String(v); // ITF has no floats; none of our models uses them
  }
  if (v === null || v === undefined) return { "#unserializable": "null" };
  if (Array.isArray(v)) return v.map(toItfValue);
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toItfValue(x);
    return out;
  }
  return v;
}

export function toItf(model: string, v: Violation): unknown {
  const asRecord = (s: unknown): Record<string, unknown> =>
    s !== null && typeof s === "object" && !Array.isArray(s) ? (s as Record<string, unknown>) : { state: s };
  const first = asRecord(v.states[0]);
  return {
    "#meta": {
      format: "ITF",
      "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html",
      source: model,
      description: `shortest violation of ${v.property} (${v.steps} steps)`,
    },
    vars: Object.keys(first),
    states: v.states.map((s, i) => ({
      "#meta": { index: i, action: i === 0 ? "init" : v.trace[i - 1]!.action, context: i === 0 ? null : v.trace[i - 1]!.context },
      ...(toItfValue(asRecord(s)) as Record<string, unknown>),
    })),
  };
}
