/**
 * Patches: each file overrides exactly the kernel functions its diff touches (by kernel name),
 * selected with `--patch NAME`; `none` is mainline. leo-yan-v1 is the posted patch; fix-a/b1/b2/c are kernel-semantics.md §6's candidates.
 */
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

export const PATCHES: readonly Patch[] = [revert9734e25fbf5a, leoYanV1, fixA, fixB1, fixB2, fixC];

export const PATCH_NAMES: readonly string[] = ["none", ...PATCHES.map((p) => p.name)];

export function patchByName(name: string): Patch | null | undefined {
  if (name === "none") return null;
  return PATCHES.find((p) => p.name === name);
}
