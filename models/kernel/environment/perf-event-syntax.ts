/**
 * A small parser of perf's own event syntax, for scenarios and `--events`:
 *
 *   [-a] -e PMU/TERM[=VALUE],.../MODIFIERS -e NAME[:MODIFIERS] -e '{EV,EV}[:MODIFIERS]' ...
 *
 * Terms: `aux-action=start-paused|pause|resume`, `period=N`, `freq` / `freq=N`.
 * Modifiers (u k h p P S G H I D) are accepted and kept for display.
 * Errors are one line naming the valid choices, thrown as `InputError` (the CLI exits 2).
 *
 * Only the syntax is checked here; which PMUs exist and what perf_event_open() would accept is
 * checked against the model's PMU table (environment/pmus.ts).
 */
import { InputError } from "../../../src/registry.ts";

export type AuxAction = "start-paused" | "pause" | "resume";

export interface ParsedEvent {
  /** `cs_etm`, `cycles`, ... as written */
  readonly pmu: string;
  readonly auxAction: AuxAction | null;
  readonly period: number | null;
  /** `freq` or `freq=N` given */
  readonly freq: boolean;
  readonly modifiers: string;
  /** index of an explicit `{...}` group, or null */
  readonly group: number | null;
  /** the event as written, for messages */
  readonly text: string;
}

export interface ParsedEvents {
  /** `-a` / `--all-cpus` given */
  readonly systemWide: boolean;
  readonly events: readonly ParsedEvent[];
}

export const VALID_TERMS = ["aux-action", "period", "freq"] as const;
export const VALID_AUX_ACTIONS: readonly AuxAction[] = ["start-paused", "pause", "resume"];
const MODIFIER_CHARS = "ukhpPSGHID";

/** Splits on `sep` at nesting depth 0 (outside `/.../` and `{...}`). */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depthBrace = 0;
  let inSlash = false;
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "{") depthBrace++;
    else if (c === "}") depthBrace--;
    else if (c === "/") inSlash = !inSlash;
    if (c === sep && depthBrace === 0 && !inSlash) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function checkModifiers(mods: string, text: string): void {
  for (const ch of mods) {
    if (!MODIFIER_CHARS.includes(ch)) {
      throw new InputError(`malformed event '${text}': unknown modifier '${ch}'; valid modifiers: ${MODIFIER_CHARS.split("").join(", ")}`);
    }
  }
}

function parseOne(text: string, group: number | null): ParsedEvent {
  const t = text.trim();
  if (t === "") throw new InputError(`malformed event string: empty event; expected PMU/terms/modifiers, e.g. cs_etm/aux-action=start-paused/k`);
  let pmu: string;
  let terms = "";
  let modifiers = "";
  const slash = t.indexOf("/");
  if (slash >= 0) {
    const close = t.indexOf("/", slash + 1);
    if (close < 0) throw new InputError(`malformed event '${t}': missing closing '/'; expected PMU/terms/modifiers`);
    pmu = t.slice(0, slash);
    terms = t.slice(slash + 1, close);
    modifiers = t.slice(close + 1);
    if (modifiers.startsWith(":")) modifiers = modifiers.slice(1);
  } else {
    const colon = t.indexOf(":");
    pmu = colon >= 0 ? t.slice(0, colon) : t;
    modifiers = colon >= 0 ? t.slice(colon + 1) : "";
  }
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(pmu)) throw new InputError(`malformed event '${t}': bad PMU name '${pmu}'`);
  checkModifiers(modifiers, t);
  let auxAction: AuxAction | null = null;
  let period: number | null = null;
  let freq = false;
  if (terms !== "") {
    for (const term of terms.split(",")) {
      const eq = term.indexOf("=");
      const key = (eq >= 0 ? term.slice(0, eq) : term).trim();
      const value = eq >= 0 ? term.slice(eq + 1).trim() : null;
      switch (key) {
        case "aux-action":
          if (value === null || !(VALID_AUX_ACTIONS as readonly string[]).includes(value)) {
            throw new InputError(`malformed event '${t}': aux-action must be one of ${VALID_AUX_ACTIONS.join(", ")}, got '${value ?? ""}'`);
          }
          if (auxAction !== null) throw new InputError(`malformed event '${t}': aux-action given twice (pause and resume cannot be combined)`);
          auxAction = value as AuxAction;
          break;
        case "period":
          if (value === null || !/^[1-9][0-9]*$/.test(value)) throw new InputError(`malformed event '${t}': period must be a positive integer, got '${value ?? ""}'`);
          period = Number(value);
          break;
        case "freq":
          if (value !== null && !/^[1-9][0-9]*$/.test(value)) throw new InputError(`malformed event '${t}': freq must be a positive integer, got '${value}'`);
          freq = true;
          break;
        default:
          throw new InputError(`malformed event '${t}': unknown term '${key}'; valid terms: ${VALID_TERMS.join(", ")}`);
      }
    }
  }
  return { pmu, auxAction, period, freq, modifiers, group, text: t };
}

/** Splits the argument string like a shell would for these simple cases (quotes are stripped). */
function tokenize(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | null = null;
  let has = false;
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = null;
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = "";
      has = false;
    } else cur += c;
  }
  if (quote) throw new InputError(`malformed event string: unterminated quote`);
  if (has || cur) out.push(cur);
  return out;
}

export function parsePerfEvents(input: string): ParsedEvents {
  const tokens = tokenize(input);
  let systemWide = false;
  const specs: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok === "-a" || tok === "--all-cpus") systemWide = true;
    else if (tok === "-e" || tok === "--event") {
      const v = tokens[++i];
      if (v === undefined) throw new InputError(`malformed event string: '${tok}' needs an event`);
      specs.push(v);
    } else if (tok.startsWith("--event=")) specs.push(tok.slice("--event=".length));
    else if (tok.startsWith("-e") && tok.length > 2) specs.push(tok.slice(2));
    else throw new InputError(`malformed event string: unexpected '${tok}'; valid: -a, -e EVENT, --event=EVENT`);
  }
  if (specs.length === 0) throw new InputError(`malformed event string '${input}': no -e EVENT given`);
  const events: ParsedEvent[] = [];
  let groups = 0;
  for (const spec of specs) {
    for (const part of splitTop(spec, ",")) {
      const p = part.trim();
      if (p.startsWith("{")) {
        const close = p.lastIndexOf("}");
        if (close < 0) throw new InputError(`malformed event '${p}': missing '}'`);
        const mods = p.slice(close + 1).replace(/^:/, "");
        checkModifiers(mods, p);
        const inner = splitTop(p.slice(1, close), ",");
        const g = groups++;
        for (const ev of inner) events.push(parseOne(ev, g));
      } else {
        if (p.includes("{") || p.includes("}")) throw new InputError(`malformed event '${p}': unbalanced braces`);
        events.push(parseOne(p, null));
      }
    }
  }
  return { systemWide, events };
}
