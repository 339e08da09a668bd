/**
 * Patches: each file overrides exactly the kernel functions its diff touches (by kernel name),
 * selected with `--patch NAME`; `none` is mainline. Issue 4 adds leo-yan-v1 and fix-a/b1/b2/c.
 */
import type { KFunction } from "../kernel/machine.ts";
import { revert9734e25fbf5a } from "./revert-9734e25fbf5a.ts";

export interface Patch {
  readonly name: string;
  readonly description: string;
  /** replacements, by kernel function name; each must replace an existing function */
  readonly overrides: readonly KFunction[];
}

export const PATCHES: readonly Patch[] = [revert9734e25fbf5a];

export const PATCH_NAMES: readonly string[] = ["none", ...PATCHES.map((p) => p.name)];

export function patchByName(name: string): Patch | null | undefined {
  if (name === "none") return null;
  return PATCHES.find((p) => p.name === name);
}
