/**
 * The kernel model's patch tools for the CLI (src/registry.ts PatchTools): `auxcheck new-patch`
 * writes a patch file into models/patches/ (or $AUXCHECK_PATCHES), `auxcheck check-patch` checks
 * one, and `auxcheck check` checks every patch it is about to use.
 */
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError, type PatchTools } from "../../src/registry.ts";
import { BUILT_IN_PATCH_NAMES, PATCH_FILES, PATCH_NAMES, patchByName } from "../patches/index.ts";
import { checkPatchFile } from "./check-patch.ts";
import { createPatch } from "./new-patch.ts";

/** Where new-patch writes: $AUXCHECK_PATCHES, else models/patches/. */
function patchDir(): string {
  return process.env.AUXCHECK_PATCHES ? resolve(process.env.AUXCHECK_PATCHES) : join(dirname(fileURLToPath(import.meta.url)), "..", "patches");
}

/** The file of patch NAME: the one that registered it, or NAME.ts when that file did not load. */
function fileOf(name: string): { file: string; error: string | null } | null {
  return PATCH_FILES.find((f) => f.names.includes(name)) ?? PATCH_FILES.find((f) => f.error !== null && basename(f.file).replace(/\.m?ts$/, "") === name) ?? null;
}

export const kernelPatchTools: PatchTools = {
  model: "kernel",
  param: "patch",
  create: (name, from, functions) => createPatch(name, from, functions, patchDir()),
  check(name, opts) {
    const f = fileOf(name);
    if (f === null) throw new InputError(`no patch '${name}' (no file registers it); valid: ${PATCH_NAMES.filter((n) => n !== "none").join(", ")}`);
    return checkPatchFile(f.file, f.error, opts);
  },
  overrides: (name) => (patchByName(name)?.overrides ?? []).map((f) => ({ fn: f.name, actions: Object.keys(f.steps).filter((l) => !f.blockSet.has(l)).map((l) => f.labelName[l]!) })),
  exists: (name) => fileOf(name) !== null,
  isBuiltIn: (name) => BUILT_IN_PATCH_NAMES.includes(name),
};
