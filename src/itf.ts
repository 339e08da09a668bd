/**
 * ITF, the Informal Trace Format (Apalache ADR-015, as Quint reads and writes it): integers as
 * {"#bigint": "n"}, records as objects, lists as arrays, and where the model's `itfView` says so
 * (src/model.ts): a JS `Set` as {"#set": [...]}, a `Map` as {"#map": [[k, v], ...]} (both in a
 * deterministic order), `itfTuple([...])` as {"#tup": [...]}, `itfVariant(tag, value)` as Quint's
 * {"tag": ..., "value": ...}. ITF has no null: `null` (and `undefined` in a list) is written as
 * Quint's `None` variant, {"tag": "None", "value": {"#tup": []}}; an absent or undefined record
 * field is left out. A number that is not an integer has no ITF form: {"#unserializable": "0.5"}.
 *
 * The trace is rebuilt by replaying the violation's path, so that each state is the model's
 * `itfView` (default: `view`) of the real state. Each state's #meta names the action that led to
 * it. A liveness violation (a lasso) has the top-level `loop`: the index of the state the cycle
 * starts from; the cycle ends with the last state, after which that state comes again (the
 * closing step is in #meta.loopBack); a stutter loop is `loop` = the last state. The writer
 * reports the steps that change the state but not its ITF view: such a trace cannot be replayed.
 */
import { fingerprinter } from "./reduction/symmetry.ts";
import type { Action, Model } from "./model.ts";
import type { Violation } from "./result.ts";

const TUPLE = Symbol("itf tuple");
const VARIANT = Symbol("itf variant");

/** Marks a list as an ITF tuple (#tup) in an itfView. */
export function itfTuple(items: readonly unknown[]): unknown {
  return { [TUPLE]: items };
}

/** A Quint variant (sum type) value, e.g. itfVariant("Some", x). */
export function itfVariant(tag: string, value: unknown = itfTuple([])): unknown {
  return { [VARIANT]: { tag, value } };
}

const NONE = { tag: "None", value: { "#tup": [] } };

/** A deterministic order for the elements of a set or the entries of a map: by their ITF text. */
function sorted<T>(items: readonly T[], key: (x: T) => unknown): T[] {
  return items
    .map((x) => [JSON.stringify(key(x)), x] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, x]) => x);
}

export function toItfValue(v: unknown): unknown {
  if (typeof v === "number") return Number.isInteger(v) ? { "#bigint": String(v) } : { "#unserializable": String(v) };
  if (typeof v === "bigint") return { "#bigint": String(v) };
  if (v === null || v === undefined) return NONE;
  if (Array.isArray(v)) return v.map(toItfValue);
  if (v instanceof Set) return { "#set": sorted([...v].map(toItfValue), (x) => x) };
  if (v instanceof Map) return { "#map": sorted([...v].map(([k, x]) => [toItfValue(k), toItfValue(x)] as const), (e) => e[0]) };
  if (typeof v === "object") {
    const tagged = v as { [TUPLE]?: readonly unknown[]; [VARIANT]?: { tag: string; value: unknown } };
    if (tagged[TUPLE]) return { "#tup": tagged[TUPLE].map(toItfValue) };
    if (tagged[VARIANT]) return { tag: tagged[VARIANT].tag, value: toItfValue(tagged[VARIANT].value) };
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toItfValue(x);
    return out;
  }
  return v;
}

export interface ItfExport {
  readonly itf: unknown;
  /** Steps (1-based) after which the state changed but its ITF view did not. */
  readonly hiddenSteps: readonly number[];
}

/** The violation's trace in ITF, from a replay of its path on `model` (the model the run checked, same parameters). */
export function toItf<S, A extends Action>(model: Model<S, A>, v: Violation): ItfExport {
  const itfView = (s: S): unknown => toItfValue(model.itfView ? model.itfView(s) : model.view ? model.view(s) : s);
  const fp = fingerprinter(model, false);
  const a = new Uint32Array(2);
  const b = new Uint32Array(2);
  let state: S = model.initStates()[v.path.initIndex] as S;
  const states: unknown[] = [itfView(state)];
  const hiddenSteps: number[] = [];
  const enabled: A[] = [];
  v.path.actionIndices.forEach((k, i) => {
    enabled.length = 0;
    model.actions(state, enabled);
    const next = model.next(state, enabled[k]!, { fail() {} });
    const view = itfView(next);
    fp(state, a);
    fp(next, b);
    if ((a[0] !== b[0] || a[1] !== b[1]) && JSON.stringify(view) === JSON.stringify(states[states.length - 1])) hiddenSteps.push(i + 1);
    states.push(view);
    state = next;
  });
  const asRecord = (s: unknown): Record<string, unknown> =>
    s !== null && typeof s === "object" && !Array.isArray(s) ? (s as Record<string, unknown>) : { state: s };
  // A lasso that closes ends with its loop's first state again: ITF leaves it out (`loop` says where it goes back to).
  const closing = v.loop && !v.loop.stutter ? v.trace[v.trace.length - 1]! : null;
  const shown = closing ? states.slice(0, -1) : states;
  return {
    itf: {
      "#meta": {
        format: "ITF",
        "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html",
        source: model.name,
        description: v.loop
          ? `liveness violation of ${v.property}: a lasso whose cycle starts at state ${v.loop.start}${v.loop.stutter ? " and stutters there (no enabled action)" : ""}`
          : `shortest violation of ${v.property} (${v.steps} steps)`,
        ...(closing ? { loopBack: { action: closing.action, context: closing.context } } : {}),
      },
      vars: Object.keys(asRecord(states[0])),
      states: shown.map((s, i) => ({
        "#meta": { index: i, action: i === 0 ? "init" : v.trace[i - 1]!.action, context: i === 0 ? null : v.trace[i - 1]!.context },
        ...asRecord(s),
      })),
      ...(v.loop ? { loop: v.loop.start } : {}),
    },
    hiddenSteps,
  };
}
