/**
 * Files the CLI will write (--itf, the reports), checked before any search runs: a path that
 * cannot be written is bad input, found at once rather than after minutes of search.
 */
import { accessSync, closeSync, constants, openSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError } from "./registry.ts";

/**
 * Throws InputError (one line) when `path` cannot be written as a file; `what` names the option.
 * Its directory must exist unless `makeDirs` (the writer creates it).
 */
export function checkWritableFile(path: string, what: string, makeDirs = false): void {
  const full = resolve(path);
  const st = statOrNull(full);
  if (st?.isDirectory()) throw new InputError(`${what} ${path}: is a directory; give a file name`);
  try {
    if (st) closeSync(openSync(full, "r+"));
    else if (!makeDirs && !statOrNull(dirname(full))?.isDirectory()) throw new InputError(`${what} ${path}: no directory ${dirname(full)}`);
    else checkWritableDir(dirname(full), what, path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${what} ${path}: cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** The directory exists (or its nearest existing ancestor, where it will be made) and can be written. */
export function checkWritableDir(dir: string, what: string, shown = dir): void {
  let d = resolve(dir);
  let st = statOrNull(d);
  while (!st && dirname(d) !== d) {
    d = dirname(d);
    st = statOrNull(d);
  }
  if (!st?.isDirectory()) throw new InputError(`${what} ${shown}: ${d} is not a directory`);
  try {
    accessSync(d, constants.W_OK);
  } catch (e) {
    throw new InputError(`${what} ${shown}: ${d} cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

function statOrNull(p: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ENOTDIR") return null; // a parent is a file: the walk up finds it
    throw e;
  }
}
