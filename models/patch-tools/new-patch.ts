/**
 * `auxcheck new-patch NAME --from BASE --functions f,g`: a patch file that overrides f and g with
 * their current text (BASE's, where the patch BASE overrides them, else mainline's), ready to edit:
 * the statements copied whole (comments included), the module-level names they use copied too or
 * imported, the imports they need, and a `Patch` that registers them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../../src/registry.ts";
import { everyKernelFunction } from "../kernel/model.ts";
import { PATCH_FILES, PATCH_NAMES, patchByName } from "../patches/index.ts";
import { closest } from "./check-patch.ts";
import { codeOnly, identifiers, kfnSources, statements, type Statement } from "./source.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const LINUX_DIR = join(HERE, "..", "kernel", "linux");
const PATCHES_INDEX = join(HERE, "..", "patches", "index.ts");

/** Every .ts file under a directory, in name order. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** The file that defines kernel function `fn` in `from`: the patch's file when it overrides it, else the first mainline file. */
function sourceOf(fn: string, from: string): string {
  const patch = patchByName(from);
  if (patch && patch.overrides.some((f) => f.name === fn)) {
    const file = PATCH_FILES.find((p) => p.names.includes(from))?.file;
    if (file) return file;
  }
  for (const file of tsFiles(LINUX_DIR)) if (kfnSources(readFileSync(file, "utf8")).some((k) => k.name === fn)) return file;
  throw new InputError(`no source text found for ${fn}`);
}

interface Imported {
  readonly module: string;
  readonly name: string;
  readonly type: boolean;
}

/** A file's imports: local name → where from (absolute path or package), the imported name, type-only or not. */
function importsOf(file: string, st: readonly Statement[]): Map<string, Imported> {
  const out = new Map<string, Imported>();
  for (const s of st.filter((x) => x.isImport)) {
    const m = /^import\s+(type\s+)?\{([\s\S]*?)\}\s*from\s*"([^"]+)"/m.exec(s.text.slice(s.body - s.start));
    if (!m) continue;
    const mod = m[3]!.startsWith(".") ? resolve(dirname(file), m[3]!) : m[3]!;
    for (const part of m[2]!.split(",").map((x) => x.trim()).filter(Boolean)) {
      const p = /^(type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(part);
      if (p) out.set(p[3] ?? p[2]!, { module: mod, name: p[2]!, type: Boolean(m[1] || p[1]) });
    }
  }
  return out;
}

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[^a-zA-Z_$]/, "_$&");

/** The patch file's text, and where it goes. */
export function newPatchText(name: string, from: string, functions: readonly string[] | null, target: string): string {
  const base = from === "none" ? null : patchByName(from);
  if (base === undefined) throw new InputError(`--from: no patch '${from}'; valid: ${PATCH_NAMES.join(", ")}`);
  const fns = functions ?? base?.overrides.map((f) => f.name) ?? [];
  if (fns.length === 0) throw new InputError("--functions f,g: which kernel functions the patch changes (with --from none there is nothing to start from)");
  const known = everyKernelFunction();
  for (const f of fns) {
    if (!known[f]) {
      const c = closest(f, Object.keys(known));
      throw new InputError(`--functions: no kernel function '${f}' in the model${c ? ` (did you mean '${c}'?)` : ""}`);
    }
  }
  const copied: Statement[] = [];
  const copiedNames = new Set<string>();
  const imports = new Map<string, Imported>();
  const variables: string[] = [];
  const sources = new Set<string>();
  for (const fn of fns) {
    const file = sourceOf(fn, from);
    sources.add(file);
    const text = readFileSync(file, "utf8");
    const st = statements(text);
    const k = kfnSources(text).find((x) => x.name === fn)!;
    variables.push(k.statement.declares[0]!);
    // the kfn, then every module-level name it uses: copied when the file keeps it to itself, imported when it exports it
    const fileImports = importsOf(file, st);
    const queue: Statement[] = [k.statement];
    while (queue.length > 0) {
      const s = queue.shift()!;
      if (copied.includes(s)) continue;
      copied.push(s);
      s.declares.forEach((d) => copiedNames.add(d));
      for (const id of identifiers(codeOnly(s.text))) {
        if (copiedNames.has(id) || imports.has(id)) continue;
        const local = st.find((x) => !x.isImport && x.declares.includes(id));
        if (local && local !== s && !kfnSources(local.text).length) {
          if (local.exported) imports.set(id, { module: file, name: id, type: /^export\s+(type|interface)\b/.test(local.text.slice(local.body - local.start)) });
          else queue.push(local);
        } else if (fileImports.has(id)) imports.set(id, fileImports.get(id)!);
      }
    }
  }
  imports.set("Patch", { module: PATCHES_INDEX, name: "Patch", type: true });
  // module-level names first, then the functions, each in the order met
  const order = [...copied.filter((s) => !kfnSources(s.text).length), ...copied.filter((s) => kfnSources(s.text).length)];
  const byModule = new Map<string, Imported[]>();
  for (const [local, imp] of imports) {
    if (local !== imp.name) continue; // renamed imports are rare in the model: not copied
    byModule.set(imp.module, [...(byModule.get(imp.module) ?? []), imp]);
  }
  const spec = (mod: string): string => {
    if (!mod.startsWith("/")) return mod;
    const r = relative(dirname(target), mod);
    return r.startsWith(".") ? r : `./${r}`;
  };
  const importLines = [...byModule]
    .sort(([a], [b]) => (spec(a) < spec(b) ? -1 : 1))
    .map(([mod, xs]) => {
      const names = [...new Set(xs.map((x) => (x.type && !xs.every((y) => y.type) ? `type ${x.name}` : x.name)))].sort();
      return `import ${xs.every((x) => x.type) ? "type " : ""}{ ${names.join(", ")} } from "${spec(mod)}";`;
    });
  const rel = (f: string): string => relative(join(HERE, "..", ".."), f);
  return `/**
 * Patch \`${name}\`: TODO: what it changes and why, as the first line of your commit message.
 *
 * Written by
 *   auxcheck new-patch ${name} --from ${from} --functions ${fns.join(",")}
 * Each function below is its text in ${from === "none" ? "mainline" : from} (${[...sources].map(rel).join(", ")}).
 * Change them as your diff changes the C, and paste the hunks here, each beside the step that models it:
 *
 *   -	event->pmu->stop(event, 0);
 *   +	...
 *
 * A function is a list of labelled steps. A step ends with goto("label") where an interrupt may
 * land (between two writes to shared state that an NMI, or with IRQs on the tick or an IPI, could
 * separate); jump("label") goes on within the same atomic step (a branch over code the model
 * leaves out); call("fn", { args }, "resume") calls fn, which returns to the step "resume" with its
 * return value in f.a.rv; ret(value) returns. \`auxcheck check-patch ${name}\` checks names, labels and
 * types; reports/validating-a-patch.md shows a C hunk beside its TypeScript.
 */
${importLines.join("\n")}

${order.map((s) => s.text.replace(/^export (const|function) /m, "$1 ").trimEnd()).join("\n\n")}

export const ${camel(name)}: Patch = {
  name: "${name}",
  description: "TODO: what ${name} changes (one line; auxcheck list shows it)",
  overrides: [${variables.join(", ")}],
};
`;
}

/** Writes patch NAME into `dir` (refusing an existing name or file); returns the file. */
export function createPatch(name: string, from: string, functions: readonly string[] | null, dir: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new InputError(`patch name '${name}': lower-case letters, digits and '-', starting with a letter`);
  if (name === "none" || PATCH_NAMES.includes(name)) throw new InputError(`there is a patch '${name}' already; choose another name`);
  // inside the project a .ts file is an ES module (package.json); elsewhere only a .mts file is
  const inside = !relative(join(HERE, "..", ".."), resolve(dir)).startsWith("..");
  const file = join(dir, `${name}.${inside ? "ts" : "mts"}`);
  if (existsSync(file)) throw new InputError(`${file} exists already; choose another name or remove it`);
  const text = newPatchText(name, from, functions, file);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  return file;
}
