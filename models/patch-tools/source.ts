/**
 * Reading the kernel model's TypeScript as text, for the patch tools: where a kernel function's
 * `kfn({...})` statement starts and ends, its steps and the labels and functions each step names
 * (`goto("x")`, `jump("x")`, `call("fn", {...}, "x")`), what a statement declares and uses, and
 * line numbers. The model's files are written in one style (top-level statements start in column
 * 0, a function's steps are the members of its `steps: {...}`), which is all this relies on.
 */

/** The text with comments, and the contents of strings and template text, blanked (same length and lines; quotes and `${...}` kept). */
export function codeOnly(text: string): string {
  const out = text.split("");
  const blank = (from: number, to: number): void => {
    for (let i = from; i < to; i++) if (out[i] !== "\n") out[i] = " ";
  };
  const templates: number[] = []; // brace depth at which each open template's ${ } started
  let depth = 0;
  let i = 0;
  const n = text.length;
  const templateText = (start: number): number => {
    // from just after a backquote or a closing } of ${...}: to the next backquote or ${
    let j = start;
    while (j < n && text[j] !== "`" && !(text[j] === "$" && text[j + 1] === "{")) j += text[j] === "\\" ? 2 : 1;
    blank(start, j);
    if (j < n && text[j] === "$") {
      templates.push(depth);
      depth++;
      return j + 2;
    }
    return j + 1;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === "/" && text[i + 1] === "/") {
      const e = text.indexOf("\n", i);
      const end = e < 0 ? n : e;
      blank(i, end);
      i = end;
    } else if (c === "/" && text[i + 1] === "*") {
      const e = text.indexOf("*/", i + 2);
      const end = e < 0 ? n : e + 2;
      blank(i, end);
      i = end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else if (c === "`") {
      i = templateText(i + 1);
    } else if (c === "{") {
      depth++;
      i++;
    } else if (c === "}") {
      depth--;
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        i = templateText(i + 1);
      } else i++;
    } else i++;
  }
  return out.join("");
}

/** The index of the bracket that closes the one at `open` (in code-only text), or -1. */
export function closing(code: string, open: number): number {
  const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
  const stack: string[] = [];
  for (let i = open; i < code.length; i++) {
    const c = code[i]!;
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === ")" || c === "]" || c === "}") {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** 1-based line of an index. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text[i] === "\n") line++;
  return line;
}

/** A top-level statement, with the comment right above it. */
export interface Statement {
  /** where its comment (or itself) starts, and its end (exclusive, after its last line) */
  readonly start: number;
  readonly end: number;
  /** where the statement itself starts (after its comment) */
  readonly body: number;
  readonly text: string;
  /** the names it declares, and whether it exports them */
  readonly declares: readonly string[];
  readonly exported: boolean;
  readonly isImport: boolean;
}

const DECLARATION = /^(export\s+)?(default\s+)?(async\s+)?(const|let|var|function\*?|type|interface|class|enum)\s+([A-Za-z_$][\w$]*)/;
const STARTS = /^(import|export|const|let|var|function|async|type|interface|class|enum)\b/;

/** The top-level statements of a file written in column-0 style. */
export function statements(text: string): Statement[] {
  const lines = text.split("\n");
  const offsets: number[] = [];
  let at = 0;
  for (const l of lines) {
    offsets.push(at);
    at += l.length + 1;
  }
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (STARTS.test(l)) starts.push(i);
  });
  const out: Statement[] = [];
  starts.forEach((s, k) => {
    const next = k + 1 < starts.length ? starts[k + 1]! : lines.length;
    // the comment block right above (no blank line between)
    let c = s;
    while (c > 0 && /^(\s*\*|\/\*\*|\/\/)/.test(lines[c - 1]!) && !/^\/\/ -{5,}/.test(lines[c - 1]!)) c--;
    if (c < s && !/^(\/\*\*|\/\/)/.test(lines[c]!)) c = s; // not a comment's first line: no comment
    // the statement ends before the comment of the next one, or at its last non-blank line
    let e = next;
    if (k + 1 < starts.length) {
      let d = next;
      while (d > s + 1 && /^(\s*\*|\/\*\*|\/\/)/.test(lines[d - 1]!) && !/^\/\/ -{5,}/.test(lines[d - 1]!)) d--;
      e = d;
    }
    while (e > s + 1 && lines[e - 1]!.trim() === "") e--;
    const head = lines[s]!;
    const m = DECLARATION.exec(head);
    const start = offsets[c]!;
    const end = e < lines.length ? offsets[e]! : text.length;
    out.push({
      start,
      end,
      body: offsets[s]!,
      text: text.slice(start, end),
      declares: m ? [m[5]!] : [],
      exported: /^export\b/.test(head),
      isImport: /^import\b/.test(head),
    });
  });
  return out;
}

/** Identifiers used in code-only text (property names after a dot left out). */
export function identifiers(code: string): Set<string> {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g)) out.add(m[0]);
  return out;
}

/** One step of a kernel function: its label, and the text range of its body in the file. */
export interface StepSource {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** A kernel function's definition in a file: `const VAR = kfn({ name: "NAME", ... steps: {...} })`. */
export interface KfnSource {
  readonly name: string;
  /** where `name: "..."` is written */
  readonly nameAt: number;
  readonly statement: Statement;
  readonly steps: readonly StepSource[];
  /** labels listed in `blocks: [...]` */
  readonly blocks: readonly string[];
}

/** Every kfn definition of a file. */
export function kfnSources(text: string): KfnSource[] {
  const code = codeOnly(text);
  const out: KfnSource[] = [];
  for (const st of statements(text)) {
    const stCode = code.slice(st.start, st.end);
    const k = stCode.search(/\bkfn\(\s*\{/);
    if (k < 0) continue;
    const open = st.start + stCode.indexOf("{", k);
    const close = closing(code, open);
    if (close < 0) continue;
    const obj = text.slice(open, close + 1);
    const nameM = /\bname:\s*"([^"]*)"/.exec(obj);
    if (!nameM) continue;
    const steps: StepSource[] = [];
    const stepsM = /\bsteps:\s*\{/.exec(code.slice(open, close));
    if (stepsM) {
      const sOpen = open + stepsM.index + stepsM[0].length - 1;
      const sClose = closing(code, sOpen);
      // members at depth 1 of the steps object: `label(...) {`, `label: (...) =>`, `label: function`
      let depth = 0;
      let member = true; // a member starts after the opening brace and after each comma at depth 0
      const starts: { label: string; at: number }[] = [];
      for (let i = sOpen + 1; i < sClose; i++) {
        const c = code[i]!;
        if (c === "{" || c === "(" || c === "[") depth++;
        else if (c === "}" || c === ")" || c === "]") depth--;
        else if (depth === 0 && c === ",") member = true;
        else if (depth === 0 && member && /[A-Za-z_$]/.test(c)) {
          const m = /^([A-Za-z_$][\w$]*)\s*(\(|:)/.exec(code.slice(i, i + 200));
          if (m) starts.push({ label: m[1]!, at: i });
          member = false;
        } else if (depth === 0 && !/\s/.test(c)) member = false;
      }
      starts.forEach((s, j) => steps.push({ label: s.label, start: s.at, end: j + 1 < starts.length ? starts[j + 1]!.at : sClose }));
    }
    const blocksM = /\bblocks:\s*\[([^\]]*)\]/.exec(obj);
    const blocks = blocksM ? [...blocksM[1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!) : [];
    out.push({ name: nameM[1]!, nameAt: open + nameM.index, statement: st, steps, blocks });
  }
  return out;
}

/** What a step's text names: its goto / jump / call(fn, args, resume) with their positions (of the string literal). */
export interface StepRef {
  readonly kind: "goto" | "jump" | "call" | "resume";
  readonly value: string;
  readonly at: number;
}

/** The labels and functions a range of the file names by string literal. */
export function stepRefs(text: string, start: number, end: number): StepRef[] {
  const code = codeOnly(text);
  const out: StepRef[] = [];
  const re = /\b(goto|jump|call)\(/g;
  re.lastIndex = start;
  for (let m = re.exec(code); m !== null && m.index < end; m = re.exec(code)) {
    const open = m.index + m[0].length - 1;
    const close = closing(code, open);
    if (close < 0) continue;
    // the call's arguments: split at its own commas; a string literal argument is a name
    const args: { from: number; to: number }[] = [];
    let from = open + 1;
    for (let i = open + 1; i <= close; i++) {
      if (i === close || (code[i] === "," && depthBetween(code, open + 1, i) === 0)) {
        args.push({ from, to: i });
        from = i + 1;
      }
    }
    const literal = (k: number): { value: string; at: number } | null => {
      const a = args[k];
      if (!a) return null;
      const lm = /^\s*"([^"\n]*)"\s*$/.exec(text.slice(a.from, a.to));
      return lm ? { value: lm[1]!, at: a.from + lm[0].indexOf('"') } : null;
    };
    if (m[1] === "call") {
      const fn = literal(0);
      if (fn) out.push({ kind: "call", ...fn });
      const resume = literal(2);
      if (resume) out.push({ kind: "resume", ...resume });
    } else {
      const label = literal(0);
      if (label) out.push({ kind: m[1] as "goto" | "jump", ...label });
    }
  }
  return out;
}

function depthBetween(code: string, from: number, to: number): number {
  let d = 0;
  for (let i = from; i < to; i++) {
    const c = code[i]!;
    if (c === "(" || c === "{" || c === "[") d++;
    else if (c === ")" || c === "}" || c === "]") d--;
  }
  return d;
}
