/**
 * The layout rules of the kernel model (modelling-style.md "The layout is the kernel's"; "Properties are read from
 * the state, never raised by a patch"), checked on the sources:
 *   - no runtime import cycle among the files of models/ and invariants/;
 *   - a patch file contains kernel code only: it imports nothing from invariants/ and raises no property itself
 *     (no `.fail(`; a WARN site in a replaced function uses WARN_ON, as the kernel does);
 *   - invariants/ import nothing from patches, scenarios, the environment or the model assembly;
 *   - the modelled kernel functions (models/kernel/linux/) import nothing but the interpreter and each other;
 *   - the interpreter imports nothing of the kernel model above it.
 */
import test from "ava";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT } from "./helpers/cli.ts";

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

const ALL = [...files(join(ROOT, "models")), ...files(join(ROOT, "invariants"))];
const rel = (p: string): string => relative(ROOT, p).split("\\").join("/");

/** Runtime imports (type-only imports are erased) and every import, as repository-relative paths. */
function importsOf(file: string): { runtime: string[]; all: string[] } {
  const text = readFileSync(file, "utf8");
  const runtime: string[] = [];
  const all: string[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+"(\.[^"]+)";/gms)) {
    const target = rel(resolve(dirname(file), m[3]!));
    all.push(target);
    if (!m[2]) runtime.push(target);
  }
  return { runtime, all };
}

const graph = new Map(ALL.map((f) => [rel(f), importsOf(f)]));

test("no runtime import cycle among models/ and invariants/", (t) => {
  const state = new Map<string, "visiting" | "done">();
  const cycles: string[] = [];
  const visit = (f: string, path: string[]): void => {
    if (state.get(f) === "done") return;
    if (state.get(f) === "visiting") {
      cycles.push([...path.slice(path.indexOf(f)), f].join(" → "));
      return;
    }
    state.set(f, "visiting");
    for (const g of graph.get(f)?.runtime ?? []) if (graph.has(g)) visit(g, [...path, f]);
    state.set(f, "done");
  };
  for (const f of graph.keys()) visit(f, []);
  t.deepEqual(cycles, []);
});

function forbidden(from: (f: string) => boolean, to: (g: string) => boolean): string[] {
  const bad: string[] = [];
  for (const [f, { all }] of graph) if (from(f)) for (const g of all) if (to(g)) bad.push(`${f} imports ${g}`);
  return bad;
}

test("patch files contain kernel code only: no invariants, no property raised by hand", (t) => {
  t.deepEqual(
    forbidden((f) => f.startsWith("models/patches/"), (g) => g.startsWith("invariants/")),
    [],
  );
  const raising = [...graph.keys()].filter((f) => f.startsWith("models/patches/") && readFileSync(join(ROOT, f), "utf8").includes(".fail("));
  t.deepEqual(raising, [], "grep -n '\\.fail(' models/patches must be empty");
});

test("properties depend on the state and the interpreter only", (t) => {
  t.deepEqual(
    forbidden(
      (f) => f.startsWith("invariants/kernel/"),
      (g) => g.startsWith("models/patches/") || g.startsWith("models/kernel/scenarios/") || g.startsWith("models/kernel/environment/") || g === "models/kernel/model.ts",
    ),
    [],
  );
});

test("the kernel tree (linux/) uses the interpreter and itself; the interpreter nothing above it", (t) => {
  t.deepEqual(
    forbidden(
      (f) => f.startsWith("models/kernel/linux/"),
      (g) => !g.startsWith("models/kernel/linux/") && !g.startsWith("models/kernel/interpreter/") && !g.startsWith("src/"),
    ),
    [],
  );
  t.deepEqual(
    forbidden(
      (f) => f.startsWith("models/kernel/interpreter/"),
      (g) => !g.startsWith("models/kernel/interpreter/") && !g.startsWith("src/"),
    ),
    [],
  );
});
