/**
 * `auxcheck check-patch NAME`: the mistakes a patch file can hold, found before any search, each
 * as one line with its file and line. Run by hand, and before every `check` that uses a patch.
 *
 * - errors: the type checker's (the project's tsconfig, on the file and what it imports); a file
 *   that does not load; an override of a function the model does not have; a `goto`, `jump` or
 *   call's resume label that is not a step of its function (`goto` and a resume may not go to a
 *   `blocks` label, which is entered by `jump` only); a `call` of a function the model does not have.
 * - warnings: an override of a function nothing in the model calls (no scenario reaches it); a
 *   step that writes shared state and then `jump`s to code that writes shared state again: the
 *   two writes are one atomic step, so no interrupt can land between them, which hides the
 *   interleavings there (`goto` makes the boundary an interleaving point).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { PatchProblem } from "../../src/registry.ts";
import { everyKernelFunction } from "../kernel/model.ts";
import { codeOnly, kfnSources, lineAt, stepRefs, type KfnSource } from "./source.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const KERNEL_DIR = join(ROOT, "models", "kernel");

/** `models/patches/mine.ts:12`: relative to the working directory when the file is below it. */
function where(file: string, line: number): string {
  const r = relative(process.cwd(), file);
  return `${r === "" || r.startsWith("..") ? file : r}:${line}`;
}

/** The type checker on one file, with the project's settings: its errors, one line each. */
export function typeErrors(file: string): PatchProblem[] {
  const dir = mkdtempSync(join(tmpdir(), "auxcheck-tsc-"));
  try {
    const config = join(dir, "tsconfig.json");
    writeFileSync(
      config,
      JSON.stringify({ extends: join(ROOT, "tsconfig.json"), compilerOptions: { noEmit: true, typeRoots: [join(ROOT, "node_modules", "@types")] }, include: [], files: [resolve(file)] }),
    );
    const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", config, "--pretty", "false"], { cwd: ROOT, encoding: "utf8" });
    const out: PatchProblem[] = [];
    for (const line of `${r.stdout}\n${r.stderr}`.split("\n")) {
      const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
      if (m) out.push({ where: where(resolve(ROOT, m[1]!), Number(m[2])), message: `${m[5]} (${m[4]})`, warning: false });
    }
    if (out.length === 0 && r.status !== 0) out.push({ where: where(file, 1), message: `the type checker failed: ${(r.stdout + r.stderr).trim().split("\n")[0] ?? r.status}`, warning: false });
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The closest name (edit distance at most a third of its length), for "did you mean". */
export function closest(name: string, names: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const n of names) {
    const d = editDistance(name, n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best !== null && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length]!;
}

const mean = (name: string, names: Iterable<string>): string => {
  const c = closest(name, names);
  return c ? ` (did you mean '${c}'?)` : "";
};

/**
 * A write to the kernel state in code-only text: an assignment or ++/-- to `k.…` or `E(k, …).…`,
 * or to a local bound to either, or a call of setInterrupts (frame locals `f.a.…` are not shared).
 */
function writesSharedState(code: string): boolean {
  const aliases = [...code.matchAll(/\b(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:k\b|E\(\s*k\b)/g)].map((m) => m[1]!);
  const roots = ["\\bk", "\\bE\\(\\s*k\\b(?:[^()]|\\([^()]*\\))*\\)", ...aliases.map((a) => `\\b${a}`)];
  const assign = new RegExp(`(?:${roots.join("|")})(?:\\.[\\w$]+|\\[[^\\]]*\\])+\\s*(?:[-+*/|&]?=(?!=)|\\+\\+|--)`);
  return assign.test(code) || /\bsetInterrupts\(/.test(code);
}

/** Every string literal of the kernel model's code but the `name: "..."` of each kfn: the names something calls or enters. */
function namesUsedInModel(): Set<string> {
  const out = new Set<string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts")) {
        const text = readFileSync(p, "utf8").replace(/\bname:\s*"[^"]*"/g, "");
        for (const m of text.matchAll(/"([A-Za-z_][\w]*)"/g)) out.add(m[1]!);
      }
    }
  };
  walk(KERNEL_DIR);
  return out;
}

/** The problems of one kernel function's definition in a patch file. */
function checkKfn(file: string, text: string, code: string, k: KfnSource, known: ReadonlySet<string>, used: ReadonlySet<string>): PatchProblem[] {
  const out: PatchProblem[] = [];
  const at = (i: number): string => where(file, lineAt(text, i));
  if (!known.has(k.name)) {
    out.push({ where: at(k.nameAt), message: `no kernel function '${k.name}' in the model${mean(k.name, known)}: a patch overrides functions the model has`, warning: false });
  } else if (!used.has(k.name)) {
    out.push({ where: at(k.nameAt), message: `nothing in the model calls or enters ${k.name}: no scenario reaches this override`, warning: true });
  }
  const labels = k.steps.map((s) => s.label);
  if (!labels.includes("entry")) out.push({ where: at(k.nameAt), message: `${k.name} has no 'entry' step (its first step)`, warning: false });
  const steps = labels.filter((l) => !k.blocks.includes(l));
  for (const s of k.steps) {
    for (const r of stepRefs(text, s.start, s.end)) {
      if (r.kind === "call") {
        if (!known.has(r.value)) out.push({ where: at(r.at), message: `call of '${r.value}': no such kernel function in the model${mean(r.value, known)}`, warning: false });
        continue;
      }
      const valid = r.kind === "jump" ? labels : steps;
      if (!valid.includes(r.value)) {
        const what = r.kind === "resume" ? "the call resumes at" : `${r.kind}`;
        const block = r.kind !== "jump" && k.blocks.includes(r.value) ? ` ('${r.value}' is a block, entered by jump only)` : "";
        out.push({ where: at(r.at), message: `${k.name}:${s.label}: ${what} '${r.value}', which is not a step of ${k.name}${block || mean(r.value, valid)}; steps: ${valid.join(", ")}`, warning: false });
      } else if (r.kind === "jump") {
        const target = k.steps.find((x) => x.label === r.value)!;
        const before = code.slice(s.start, r.at);
        if (writesSharedState(before) && writesSharedState(code.slice(target.start, target.end))) {
          out.push({
            where: at(r.at),
            message: `${k.name}:${s.label} writes shared state, then jump('${r.value}') writes it again in the same atomic step: no interrupt can land between the two writes; if the C can be interrupted there, use goto('${r.value}')`,
            warning: true,
          });
        }
      }
    }
  }
  return out;
}

/** The problems of a patch file found without a search (the type check is the slow part: `typecheck: false` leaves it out). */
export function checkPatchFile(file: string, loadError: string | null, opts: { readonly typecheck: boolean }): PatchProblem[] {
  const out: PatchProblem[] = opts.typecheck ? typeErrors(file) : [];
  if (loadError !== null && out.length === 0) out.push({ where: where(file, loadLine(loadError)), message: `does not load: ${loadError.split("\n")[0]}`, warning: false });
  const text = readFileSync(file, "utf8");
  const code = codeOnly(text);
  const known = new Set(Object.keys(everyKernelFunction()));
  const used = namesUsedInModel();
  const kfns = kfnSources(text);
  // (a kfn the reader cannot delimit, say after a syntax error, is the type checker's to report)
  if (kfns.length === 0 && !/\bkfn\(/.test(code)) out.push({ where: where(file, 1), message: "no kernel function (kfn({...})) in this file: a patch overrides functions", warning: false });
  for (const k of kfns) out.push(...checkKfn(file, text, code, k, known, used));
  // one line per mistake, in file order, errors first
  const line = (p: PatchProblem): number => Number(/:(\d+)$/.exec(p.where)?.[1] ?? 0);
  return out.sort((a, b) => Number(a.warning) - Number(b.warning) || (a.where.split(":")[0]! < b.where.split(":")[0]! ? -1 : a.where.split(":")[0]! > b.where.split(":")[0]! ? 1 : line(a) - line(b)));
}

/** The line a load error names (esbuild: `file:LINE:COL: ERROR: ...`), else 1. */
function loadLine(message: string): number {
  const m = /:(\d+):\d+: ERROR/.exec(message);
  return m ? Number(m[1]) : 1;
}
