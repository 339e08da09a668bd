/**
 * How the kernel model's counterexamples read as race diagrams (src/race-diagram.ts): the column
 * of a step (`CPU0 tick`, `CPU0 NMI`, `hardware`), the call a function's first step stands for
 * (`etm_event_start(L, 0)`), the set-up folded into one line (`group L{P,R} enabled on CPU0`) and
 * the state a violated property reads, found by watching it read: a state property's predicate on
 * the last state, or the step that raised a WARN, run again on a state that records every field read.
 */
import type { TraceStep } from "../../src/result.ts";
import type { Config } from "./interpreter/config.ts";
import { INTO } from "./interpreter/machine.ts";
import { flagsString, type Frame, type KState } from "./interpreter/state.ts";

/** The diagram column of a context kind on a CPU; the hardware's events share one column per CPU. */
export function laneName(cfg: Config, cpu: number, kind: string): string {
  if (kind === "hw") return cfg.ncpus > 1 ? `CPU${cpu} hw` : "hardware";
  return `CPU${cpu} ${kind}`;
}

/** `etm_event_start(L, 0)`: a frame's arguments as C passes them (values, flags by name), at its first step. */
export function callText(f: Frame): string {
  const args = Object.entries(f.a)
    .filter(([k]) => k !== "rv" && k !== INTO)
    .map(([k, v]) => (k === "flags" && typeof v === "number" ? flagsString(v) : String(v)));
  return `${f.fn}(${args.join(", ")})`;
}

/** An event without a kernel function (a counter overflow latched): `overflow(P)`, without the CPU parameter. */
export function hardwareText(name: string, params: readonly (string | number | boolean)[], cfg: Config): string {
  const shown = cfg.ncpus > 1 ? params.slice(1) : params;
  return shown.length > 0 ? `${name}(${shown.join(", ")})` : name;
}

/**
 * The set-up folded into one line: the leading `enable` operations (perf record's
 * PERF_EVENT_IOC_ENABLE of each group leader), when each ran to its end before anything else
 * happened. `views[i]` is the state after step i (views[0] the initial one).
 */
export function foldedSetup(trace: readonly TraceStep[], views: readonly unknown[], cfg: Config): { steps: number; summary: string } | null {
  const idle = (v: unknown): boolean => ((v as { cpu: { ctx: unknown[] }[] }).cpu ?? []).every((c) => c.ctx.length === 0);
  let end = 0;
  const enabled: string[] = [];
  const leaders: string[] = [];
  let lane: string | null = null;
  for (let i = 0; i < trace.length; i++) {
    const s = trace[i]!;
    if (s.actionName === "enable") {
      lane = s.lane;
      leaders.push(String(s.params[s.params.length - 1]));
    } else if (lane === null || s.lane !== lane || s.enters === null && s.callChain.length === 0) break;
    if (idle(views[i + 1])) {
      end = i + 1;
      enabled.push(...leaders.splice(0));
    }
  }
  if (end === 0) return null;
  const group = (l: string): string => {
    const info = cfg.byId[l]!;
    return `group ${l}${info.siblings.length > 0 ? `{${info.siblings.join(",")}}` : ""} enabled on CPU${info.cpu}`;
  };
  return { steps: end, summary: enabled.map(group).join("; ") };
}

/** Paths of the interpreter's own bookkeeping, not state a property reads: call stacks and budgets. */
const BOOKKEEPING = /^(cpu\[\d+\]\.(ctx|csd)|budget|smp\.saved)\b/;

/**
 * The leaf paths `read` reads of `root`, in the trace's path syntax (`ev.L.hw.interrupts`,
 * `rb[0].aux_nest`), without the interpreter's call stacks and budgets. null when reading through
 * the recording proxies failed (the caller then shows every change).
 */
export function pathsRead(root: KState, read: (s: KState) => void): string[] | null {
  const out = new Set<string>();
  const proxies = new WeakMap<object, object>();
  const wrap = <T extends object>(o: T, path: string): T => {
    const known = proxies.get(o);
    if (known) return known as T;
    const p = new Proxy(o, {
      get(t, key, receiver) {
        const v: unknown = Reflect.get(t, key, receiver);
        if (typeof key === "symbol" || typeof v === "function") return v;
        const at = Array.isArray(t) ? (/^\d+$/.test(key) ? `${path}[${key}]` : null) : path ? `${path}.${key}` : key;
        if (at === null) return v;
        if (v !== null && typeof v === "object") return wrap(v, at);
        out.add(at);
        return v;
      },
    });
    proxies.set(o, p);
    return p;
  };
  try {
    read(wrap(root, ""));
  } catch {
    return null;
  }
  return [...out].filter((p) => !BOOKKEEPING.test(p)).sort();
}
