/** The patch commands (`new-patch`, `check-patch`) and the checks `check` makes of the patch files it is given. */
import { patchTools } from "../models/index.ts";
import { one, type Opts } from "./cli-arguments.ts";
import { EXIT } from "./exit-codes.ts";
import { InputError, type PatchProblem, type PatchTools } from "./registry.ts";
import type { RunOutcome } from "./runner.ts";

/** The patch tools of the one model that has them (the kernel's). */
function toolsFor(): PatchTools {
  const t = patchTools[0];
  if (!t) throw new InputError("no model here takes patch files");
  return t;
}

/** Prints patch problems, one line each on stderr; true when one is an error. */
function reportProblems(problems: readonly PatchProblem[]): boolean {
  for (const p of problems) process.stderr.write(`auxcheck: ${p.warning ? "warning: " : ""}${p.where}: ${p.message}\n`);
  return problems.some((p) => !p.warning);
}

export function newPatch(name: string, opts: Opts): number {
  const t = toolsFor();
  const from = one(opts, "from") ?? "none";
  const functions = one(opts, "functions")?.split(",").map((f) => f.trim()).filter(Boolean) ?? null;
  const file = t.create(name, from, functions);
  console.log(`wrote ${file}`);
  console.log(`next: edit it (its header says how), then  npx auxcheck check-patch ${name}  and  npx auxcheck check --patch ${name} --baseline ${from}`);
  return EXIT.ok;
}

export function checkPatch(name: string): number {
  const problems = toolsFor().check(name, { typecheck: true });
  if (reportProblems(problems)) return EXIT.input;
  console.log(`${name}: no mistakes found (types, function names, step labels)${problems.length > 0 ? `; ${problems.length} warning${problems.length === 1 ? "" : "s"} above` : ""}`);
  return EXIT.ok;
}

/**
 * Before a check that uses patch files: each one's mistakes, found without a search (its type
 * check too, unless the project type-checks it itself). Warnings are printed; an error refuses the
 * run (exit 2), one line per mistake.
 */
export function checkPatchesUsed(opts: Opts): void {
  const t = patchTools[0];
  if (!t) return;
  const given = [one(opts, "patch"), one(opts, "baseline"), ...(opts.get("param") ?? []).filter((kv) => kv.startsWith(`${t.param}=`)).map((kv) => kv.slice(t.param.length + 1))];
  // a built-in patch is type-checked with the project, and its warnings are the project's to read (check-patch prints them)
  const problems = given
    .filter((p): p is string => p !== undefined && p !== "none" && t.exists(p))
    .flatMap((p) => t.check(p, { typecheck: !t.isBuiltIn(p) }).filter((x) => !(x.warning && t.isBuiltIn(p))));
  if (reportProblems(problems)) throw new PatchRefused();
}

/** After a sweep of a patch: a warning for each override none of its runs ever entered (no scenario reaches it). */
export function warnUnreachedOverrides(patch: string | undefined, outcomes: readonly RunOutcome[]): void {
  const t = patchTools[0];
  if (!t || patch === undefined || patch === "none" || outcomes.length === 0) return;
  const ran = new Set(outcomes.flatMap((o) => o.result.actions.filter((a) => a.generated > 0).map((a) => a.name)));
  for (const o of t.overrides(patch)) {
    if (!o.actions.some((a) => ran.has(a))) process.stderr.write(`auxcheck: warning: patch ${patch}: no run of this sweep reaches its override of ${o.fn}\n`);
  }
}

/** A patch with mistakes: they are printed already, one line each. */
export class PatchRefused extends Error {}
