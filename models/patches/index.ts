/**
 * Patches: each file overrides exactly the kernel functions its diff touches (by kernel name),
 * selected with `--patch NAME`; `none` is mainline. leo-yan-v1 is the posted patch; fix-a/b1/b2/c are kernel-semantics.md §6's candidates.
 *
 * A patch of your own is registered by being a file here (or a .ts / .mts file in the directory $AUXCHECK_PATCHES)
 * that exports a Patch: `auxcheck new-patch` writes one, `auxcheck check-patch` checks it. A file
 * that does not load is kept in PATCH_FILES with its error, for check-patch to report.
 */
import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { KFunction } from "../kernel/interpreter/machine.ts";
import { revert9734e25fbf5a } from "./revert-9734e25fbf5a.ts";
import { leoYanV1 } from "./leo-yan-v1.ts";
import { fixA } from "./fix-a.ts";
import { fixB1 } from "./fix-b1.ts";
import { fixB2 } from "./fix-b2.ts";
import { fixC } from "./fix-c.ts";

export interface Patch {
  readonly name: string;
  readonly description: string;
  /** replacements, by kernel function name; each must replace an existing function (kernel code only) */
  readonly overrides: readonly KFunction[];
}

/** A patch file and what it gave: its patches' names, or the error that kept it from loading. */
export interface PatchFile {
  readonly file: string;
  readonly names: readonly string[];
  readonly error: string | null;
}

/** Where patch files are looked for: this directory, then $AUXCHECK_PATCHES. */
export const PATCH_DIRS: readonly string[] = [dirname(fileURLToPath(import.meta.url)), ...(process.env.AUXCHECK_PATCHES ? [resolve(process.env.AUXCHECK_PATCHES)] : [])];

/** The built-in patches in their order, then those of other files once loadPatchFiles has run (each name once). */
export const PATCHES: Patch[] = [revert9734e25fbf5a, leoYanV1, fixA, fixB1, fixB2, fixC];

/** The patches imported above, which `npm test` type-checks with the rest of the project. */
export const BUILT_IN_PATCH_NAMES: readonly string[] = PATCHES.map((p) => p.name);

/** Every file of PATCH_DIRS that loadPatchFiles found. */
export const PATCH_FILES: PatchFile[] = [];

const isPatch = (v: unknown): v is Patch =>
  typeof v === "object" && v !== null && typeof (v as Patch).name === "string" && Array.isArray((v as Patch).overrides) && typeof (v as Patch).description === "string";

let loading: Promise<void> | null = null;

/**
 * Loads every patch file of PATCH_DIRS (index.ts aside) and registers the patches the built-in
 * list lacks. Called once by models/index.ts, after this module and the kernel model are loaded:
 * a patch file imports the kernel model, which imports this module, so the files cannot be
 * imported while this one is still being evaluated.
 */
export function loadPatchFiles(): Promise<void> {
  return (loading ??= (async () => {
    for (const dir of PATCH_DIRS) {
      let names: string[];
      try {
        names = readdirSync(dir).filter((f) => /\.m?ts$/.test(f) && !f.endsWith(".d.ts") && f !== "index.ts").sort();
      } catch {
        continue; // $AUXCHECK_PATCHES names no directory (yet): nothing there
      }
      for (const name of names) {
        const file = join(dir, name);
        try {
          const found = Object.values((await import(pathToFileURL(file).href)) as Record<string, unknown>).filter(isPatch);
          for (const p of found) {
            if (PATCHES.some((q) => q.name === p.name)) continue;
            PATCHES.push(p);
            PATCH_NAMES.push(p.name);
          }
          PATCH_FILES.push({ file, names: found.map((p) => p.name), error: null });
        } catch (e) {
          PATCH_FILES.push({ file, names: [], error: e instanceof Error ? e.message : String(e) });
        }
      }
    }
  })());
}

/** `none` and every registered patch (grows when loadPatchFiles registers more). */
export const PATCH_NAMES: string[] = ["none", ...PATCHES.map((p) => p.name)];

export function patchByName(name: string): Patch | null | undefined {
  if (name === "none") return null;
  return PATCHES.find((p) => p.name === name);
}
