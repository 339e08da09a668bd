/**
 * Writing a patch: `new-patch` copies functions' current text into a file of their own, `check-patch`
 * (also run before every `check` that uses a patch) finds mistakes before any search and names each
 * on one line with its file and line. The checks read the model's source as text
 * (models/patch-tools/source.ts): here they must read every kernel function as the interpreter does.
 */
import test from "ava";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../models/kernel/interpreter/config.ts";
import { call, kfn, ret, runStep } from "../models/kernel/interpreter/machine.ts";
import type { KState } from "../models/kernel/interpreter/state.ts";
import { everyKernelFunction } from "../models/kernel/model.ts";
import { checkPatchFile } from "../models/patch-tools/check-patch.ts";
import { kfnSources } from "../models/patch-tools/source.ts";
import { PATCHES } from "../models/patches/index.ts";
import { cli, ROOT } from "./helpers/cli.ts";

const DIR = mkdtempSync(join(tmpdir(), "auxcheck-patches-"));
const ENV = { AUXCHECK_PATCHES: DIR };
test.after.always(() => rmSync(DIR, { recursive: true, force: true }));

function modelFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith("index.ts")) out.push(p);
    }
  };
  walk(join(ROOT, "models/kernel/linux"));
  walk(join(ROOT, "models/patches"));
  return out;
}

test("the source reader finds every kernel function and patch override with the steps the interpreter has", (t) => {
  const parsed = new Map<string, string[]>();
  for (const f of modelFiles()) for (const k of kfnSources(readFileSync(f, "utf8"))) parsed.set(`${k.name}:${k.steps.map((s) => s.label).sort().join(",")}`, []);
  const fns = [...Object.values(everyKernelFunction()), ...PATCHES.flatMap((p) => p.overrides)];
  t.true(fns.length > 100);
  t.deepEqual(fns.map((f) => `${f.name}:${Object.keys(f.steps).sort().join(",")}`).filter((k) => !parsed.has(k)), []);
});

test("the model's own functions and patches have no mistake (the warnings are shown)", (t) => {
  const problems = modelFiles()
    .filter((f) => kfnSources(readFileSync(f, "utf8")).length > 0)
    .flatMap((f) => checkPatchFile(f, null, { typecheck: false }));
  t.deepEqual(problems.filter((p) => !p.warning), []);
  for (const p of problems) t.log(`warning: ${p.where}: ${p.message}`);
});

test("new-patch copies the functions' text; a label typo, a misspelled function and a type error are three one-line errors before any search", (t) => {
  const made = cli(["new-patch", "mine", "--from", "leo-yan-v1", "--functions", "perf_event_throttle,perf_event_unthrottle"], ENV);
  t.is(made.code, 0, made.stderr);
  const file = join(DIR, "mine.mts");
  const text = readFileSync(file, "utf8");
  const base = readFileSync(join(ROOT, "models/patches/leo-yan-v1.ts"), "utf8");
  for (const k of kfnSources(base)) t.true(text.includes(k.statement.text.replace(/^export const /m, "const ").trimEnd()), `${k.name} copied as it is`);
  t.is(cli(["check-patch", "mine"], ENV).code, 0);

  const broken = text
    .replace('pause: true }, "log")', 'pause: true }, "lgo")') // a label typo
    .replace('name: "perf_event_unthrottle"', 'name: "perf_event_unthrotle"') // a misspelled function
    .replace("setInterrupts(k, x, e, 0);", 'setInterrupts(k, x, e, "zero");'); // a type error
  writeFileSync(file, broken);
  for (const args of [["check-patch", "mine"], ["check", "--patch", "mine", "--scenario", "seed-coresight-warn"]]) {
    const r = cli(args, ENV);
    t.is(r.code, 2, args.join(" "));
    t.is(r.stdout, "", "nothing searched, nothing printed");
    const lines = r.stderr.trim().split("\n");
    t.is(lines.length, 3, r.stderr);
    t.regex(lines[0]!, /^auxcheck: \S*mine\.mts:\d+: perf_event_throttle:entry: the call resumes at 'lgo', which is not a step .*did you mean 'log'/);
    t.regex(lines[1]!, /^auxcheck: \S*mine\.mts:\d+: no kernel function 'perf_event_unthrotle' in the model \(did you mean 'perf_event_unthrottle'\?\)/);
    t.regex(lines[2]!, /^auxcheck: \S*mine\.mts:\d+: Argument of type '"zero"' is not assignable .*\(TS2345\)$/);
    t.false(/at .*\.ts:\d+/.test(r.stderr), "no stack trace");
  }
});

test("a copied patch behaves as its base: compared with it, nothing fixed and nothing new", (t) => {
  t.is(cli(["new-patch", "copy", "--from", "fix-c"], ENV).code, 0);
  const r = cli(["check", "--patch", "copy", "--baseline", "fix-c", "--scenario", "f1-sched-in-leak", "--pmu", "cs_etm", "--json"], ENV);
  t.is(r.code, 0, r.stderr);
  const changes = (JSON.parse(r.stdout) as { comparison: { change: string }[] }).comparison.map((c) => c.change);
  t.true(changes.length > 5);
  t.true(changes.every((c) => c === "still holds" || c === "still violated"), changes.join(", "));
});

test("a step that writes shared state and jumps to code that writes again gets a warning (the jump hides an interleaving)", (t) => {
  const file = join(DIR, "jumpy.mts");
  writeFileSync(
    file,
    `import { E, str } from "${join(ROOT, "models/kernel/interpreter/access.ts")}";
import { jump, kfn, ret } from "${join(ROOT, "models/kernel/interpreter/machine.ts")}";
import type { Patch } from "${join(ROOT, "models/patches/index.ts")}";

const perf_event_unthrottle = kfn({
  name: "perf_event_unthrottle",
  cite: "test",
  steps: {
    entry(k, f) {
      E(k, str(f.a.e)).hw.interrupts = 0;
      return jump("again");
    },
    again(k, f) {
      E(k, str(f.a.e)).pending_disable = false;
      return ret();
    },
  },
  blocks: ["again"],
});

export const jumpy: Patch = { name: "jumpy", description: "test", overrides: [perf_event_unthrottle] };
`,
  );
  const r = cli(["check-patch", "jumpy"], ENV);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stderr.trim(), /^auxcheck: warning: \S*jumpy\.mts:11: perf_event_unthrottle:entry writes shared state, then jump\('again'\) writes it again in the same atomic step.*use goto\('again'\)$/);
  t.is(r.stderr.trim().split("\n").length, 1);
});

test("new-patch refuses, on one line, an unknown function or base and a name taken", (t) => {
  for (const [args, re] of [
    [["new-patch", "x1", "--functions", "perf_event_throtle"], /no kernel function 'perf_event_throtle' in the model \(did you mean 'perf_event_throttle'\?\)/],
    [["new-patch", "x2", "--from", "nope", "--functions", "perf_event_throttle"], /--from: no patch 'nope'/],
    [["new-patch", "leo-yan-v1", "--functions", "perf_event_throttle"], /there is a patch 'leo-yan-v1' already/],
    [["new-patch", "x3"], /--functions f,g: which kernel functions/],
    [["check-patch", "nope"], /no patch 'nope'/],
  ] as const) {
    const r = cli([...args], ENV);
    t.is(r.code, 2, args.join(" "));
    t.regex(r.stderr, re);
    t.is(r.stderr.trim().split("\n").length, 1);
  }
});

test("a registered patch without expectations joins the standard set, in the matrix and not judged", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "auxcheck-registered-"));
  try {
    const env = { AUXCHECK_PATCHES: dir };
    t.is(cli(["new-patch", "mine", "--from", "fix-c"], env).code, 0);
    const runs = cli(["list"], env).stdout.split("\n").filter((l) => l.includes("patch-mine-"));
    t.true(runs.length >= 60, `${runs.length} runs`);
    t.true(runs.every((l) => l.endsWith("no expectation (in the matrix, not judged)")));
    t.false(cli(["list"]).stdout.includes("patch-mine-"), "only where the file is");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("call(fn, args, resume, 'ret') reads like C's ret = fn(args): the return value lands in the local ret", (t) => {
  const callee = kfn({ name: "callee", cite: "test", steps: { entry: (_k, f) => ret(Number(f.a.x) + 1) } });
  const caller = kfn({
    name: "caller",
    cite: "test",
    steps: {
      entry: () => call("callee", { x: 41 }, "after", "ret"),
      after: (_k, f) => ret(f.a.ret ?? null),
    },
  });
  const k = { cpu: [{ ctx: [{ kind: "task", irqoff: 0, frames: [{ fn: "caller", pc: "entry", a: {} }] }] }] } as unknown as KState;
  const cfg = { fns: { caller, callee } } as unknown as Config;
  runStep(k, 0, cfg, () => {});
  runStep(k, 0, cfg, () => {});
  const frame = k.cpu[0]!.ctx[0]!.frames[0]!;
  t.deepEqual(frame.a, { ret: 42 });
  t.is(frame.pc, "after");
});
