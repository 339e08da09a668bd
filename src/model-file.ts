/**
 * `auxcheck check --model-file ./my-model.ts`: a model from a file of its own, without editing
 * models/index.ts. The module's default export is the model's entry, as `defineModel` returns it
 * (src/define-model.ts):
 *
 *   import { defineModel, int } from "auxcheck/src/define-model.ts";   // or a relative path
 *   export default defineModel({ name: "mine", params: { n: int(1, 9, 3) }, build: (p) => myModel(p.n) });
 *
 * A plain object `{ name, description?, params?: ParamSpec[], build(params) }` is accepted too.
 * The file is imported as TypeScript (tsx) or JavaScript. Whatever goes wrong (no such file, a
 * syntax error, no default export, a wrong shape) is one line and exit 2 (InputError). Helper
 * threads (--workers) and the run pool import the same file.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InputError, type ModelEntry } from "./registry.ts";

/** The entries a module offers: `modelEntries` (models/index.ts) or a default export (a model file). */
export function entriesOfModule(mod: unknown, where: string): readonly ModelEntry[] {
  const m = mod as { readonly modelEntries?: readonly ModelEntry[]; readonly default?: unknown };
  if (m.modelEntries) return m.modelEntries;
  const e = m.default as Partial<ModelEntry> | undefined;
  if (e === undefined) throw new InputError(`${where}: no default export; expected 'export default defineModel({ name, params, build })'`);
  if (typeof e !== "object" || e === null || typeof e.name !== "string" || typeof e.build !== "function") {
    throw new InputError(`${where}: the default export is not a model entry: expected { name: string, build(params) } as defineModel returns`);
  }
  if (e.params !== undefined && !Array.isArray(e.params)) throw new InputError(`${where}: 'params' must be an array of parameter specs (use defineModel)`);
  return [{ description: "", params: [], ...e } as ModelEntry];
}

/** Imports a model file; its absolute path is what helper threads import. */
export async function loadModelFile(path: string): Promise<{ readonly entry: ModelEntry; readonly modulePath: string }> {
  const modulePath = resolve(path);
  let mod: unknown;
  try {
    mod = await import(pathToFileURL(modulePath).href);
  } catch (e) {
    // one line: a compile error's first line only says "Transform failed", its location follows
    const lines = (e instanceof Error ? e.message : String(e)).split("\n").filter((l) => l.trim() !== "");
    throw new InputError(`--model-file ${path}: ${(/:$/.test(lines[0] ?? "") ? lines.slice(0, 2).join(" ") : (lines[0] ?? "cannot import")).trim()}`);
  }
  const entry = entriesOfModule(mod, `--model-file ${path}`)[0]!;
  return {
    entry: {
      ...entry,
      build(params) {
        try {
          return entry.build(params);
        } catch (e) {
          if (e instanceof InputError) throw e;
          throw new InputError(`--model-file ${path}: build(${JSON.stringify(params)}) failed: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
        }
      },
    },
    modulePath,
  };
}
