import test from "ava";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bool, defineModel, int, modelValues, oneOf } from "../src/define-model.ts";
import { explore } from "../src/explore.ts";
import { itfTuple, itfVariant, toItf, toItfValue } from "../src/itf.ts";
import type { Action, Model } from "../src/model.ts";
import { exploreParallel } from "../src/parallel.ts";
import { InputError, resolveParams } from "../src/registry.ts";
import type { ExploreResult } from "../src/result.ts";
import { lockModel } from "../models/classic/mutex.ts";
import { boundedPair } from "./helpers/bounded-pair.model.ts";
import { cli } from "./helpers/cli.ts";

const PAIR_FILE = fileURLToPath(new URL("./helpers/bounded-pair.model.ts", import.meta.url));
const verdicts = (r: ExploreResult): Record<string, string> => Object.fromEntries(r.properties.map((p) => [p.name, p.verdict]));
const strip = (r: ExploreResult): unknown => ({ ...r, seconds: 0, visitedBytes: 0 });

// ---- state constraint: TLC's semantics ----

test("constraint: a successor outside it is generated and checked but neither stored nor expanded (TLC's doNext)", (t) => {
  const r = explore(boundedPair(3), { freezeStates: true });
  // the 10 pairs with x + y <= 3 are stored; each has 2 successors: 1 + 20 generated
  t.deepEqual([r.distinct, r.generated, r.depth], [10, 21, 4]);
  // Small (x <= 3) breaks only at (4, 0), outside the constraint: TLC still reports it
  const v = r.properties.find((p) => p.name === "Small")!.violation!;
  t.is(v.steps, 4);
  t.deepEqual(v.states[4], { x: 4, y: 0 });
  // states whose successors all leave the constraint are not deadlocks (TLC counts every successor)
  t.is(verdicts(r).deadlock, "ok");
});

test("constraint vs pruning in `actions`: pruning generates less, misses the violation and makes deadlocks", (t) => {
  const m = boundedPair(3);
  const pruned: Model<{ x: number; y: number }> = {
    ...m,
    constraint: undefined,
    actions: (s, out) => {
      const all: Action[] = [];
      m.actions(s, all);
      for (const a of all) if (m.constraint!(m.next(s, a, { fail() {} }))) out.push(a);
    },
  };
  const r = explore(pruned);
  t.deepEqual([r.distinct, r.generated], [10, 13]);
  t.is(verdicts(r).Small, "ok");
  t.is(verdicts(r).deadlock, "violated");
});

test("constraint: an initial state outside it is generated and checked, not stored", (t) => {
  const r = explore(boundedPair(-1));
  t.deepEqual([r.distinct, r.generated], [0, 1]);
  t.is(r.properties.find((p) => p.name === "Small")!.violation!.steps, 0);
});

test("constraint: the parallel engine gives the same result (the model comes from a model file)", async (t) => {
  for (const limit of [3, 12, -1]) {
    const one = explore(boundedPair(limit));
    const par = await exploreParallel(boundedPair(limit), { modulePath: PAIR_FILE, entryName: "bounded-pair", params: { limit }, workers: 2, waitForHelpers: true });
    t.deepEqual(strip(par), strip(one), `limit ${limit}`);
  }
});

// ---- deadlock checking on by default ----

function ends(opts: Partial<Model<number>> = {}): Model<number> {
  return {
    name: "Ends",
    actionNames: ["step"],
    initStates: () => [0],
    actions: (s, out) => void (s < 2 && out.push({ name: "step" })),
    next: (s) => s + 1,
    properties: [],
    ...opts,
  };
}

test("deadlock checking is on by default, as in TLC; `final`, `deadlock: false` and the option turn it off", (t) => {
  const r = explore(ends());
  t.deepEqual(r.properties.map((p) => [p.name, p.verdict]), [["deadlock", "violated"]]);
  t.is(r.properties[0]!.violation!.steps, 2);
  t.is(verdicts(explore(ends({ final: (s) => s === 2 }))).deadlock, "ok");
  t.deepEqual(explore(ends({ deadlock: false })).properties, []);
  t.deepEqual(explore(ends(), { deadlock: false }).properties, []);
});

test("declarations the engine would misread are refused with one line", (t) => {
  const base = ends({ final: () => true });
  const cases: [Partial<Model<number>>, RegExp][] = [
    [{ properties: [{ name: "L", kind: "leads-to", holds: () => true }] }, /leads-to property 'L' needs 'from'/],
    [{ properties: [{ name: "L", kind: "leads-to", from: () => true, to: () => true, holds: () => true }] }, /has 'holds', which leads-to does not use/],
    [{ properties: [{ name: "A", kind: "always", holds: () => true, outOfBudget: () => true }] }, /has 'outOfBudget'/],
    [{ properties: [{ name: "A", kind: "always", holds: () => true }, { name: "A", kind: "always", holds: () => true }] }, /two properties named 'A'/],
    [{ properties: [{ name: "A", kind: "eventualy" as never, holds: () => true }] }, /kind 'eventualy'; valid:/],
    [{ fairness: [{ kind: "weak", actions: ["stpe"] }] }, /fairness of 'stpe', which is not in actionNames/],
    [{ key: (s) => s, fingerprint: () => {} }, /declares both 'key' and 'fingerprint'/],
  ];
  for (const [over, re] of cases) {
    const e = t.throws(() => explore({ ...base, ...over }), { instanceOf: InputError });
    t.regex(e!.message, re);
    t.false(e!.message.includes("\n"));
  }
});

// ---- typed parameters ----

const typed = defineModel({
  name: "typed",
  params: {
    n: int(1, 5, 2, "a count"),
    mode: oneOf(["a", "b"], "a"),
    flag: bool(false),
    RM: modelValues(["r1", "r2", "r3"], "resource managers"),
  },
  build(p) {
    // compile-time: the parameters have the model's types, no casts
    const n: number = p.n;
    const mode: "a" | "b" = p.mode;
    const rm: readonly string[] = p.RM;
    const flag: boolean = p.flag;
    return { ...ends(), name: `typed(${n},${mode},${rm.join("/")},${flag})` };
  },
});

test("defineModel: typed parameters, validated even when build is called directly", (t) => {
  t.is(typed.build({}).name, "typed(2,a,r1/r2/r3,false)");
  t.is(typed.build(resolveParams(typed, { n: "4", mode: "b", RM: "{x, y}", flag: "true" })).name, "typed(4,b,x/y,true)");
  for (const bad of [{ n: 9 }, { n: "2" }, { mode: "c" }, { bogus: 1 }, { flag: 1 }]) {
    const e = t.throws(() => typed.build(bad as never), { instanceOf: InputError });
    t.false(e!.message.includes("\n"));
  }
  t.throws(() => resolveParams(typed, { RM: "{r1, r1}" }), { message: /once/ });
  t.throws(() => resolveParams(typed, { RM: "{r 1}" }), { message: /not a name/ });
  t.deepEqual(
    typed.params.map((p) => [p.name, p.type, p.default]),
    [
      ["n", "int", 2],
      ["mode", "enum", "a"],
      ["flag", "bool", false],
      ["RM", "set", "r1,r2,r3"],
    ],
  );
});

// ---- --model-file ----

test("--model-file: a model from a file of its own; errors are one line and exit 2", (t) => {
  const ok = cli(["check", "--model-file", PAIR_FILE, "--param", "limit=2", "--json"]);
  t.is(ok.code, 1, ok.stderr); // Small is violated
  const run = (JSON.parse(ok.stdout) as { runs: { model: string; distinct: number; generated: number }[] }).runs[0]!;
  t.deepEqual([run.model, run.distinct, run.generated], ["bounded-pair", 6, 13]);
  const dir = mkdtempSync(join(tmpdir(), "auxcheck-model-"));
  const files: [string, string, RegExp][] = [
    ["none.ts", "export const x = 1;\n", /no default export/],
    ["syntax.ts", "export default { name: 3 ;\n", /syntax\.ts:1:\d+/],
    ["shape.ts", "export default { name: 'x' };\n", /not a model entry/],
    ["throws.ts", "export default { name: 'x', params: [], build() { throw new RangeError('no such size'); } };\n", /build\(.*\) failed: no such size/],
  ];
  for (const [name, text, re] of files) {
    writeFileSync(join(dir, name), text);
    const r = cli(["check", "--model-file", join(dir, name)]);
    t.is(r.code, 2, name);
    t.regex(r.stderr, re, name);
    t.is(r.stderr.trim().split("\n").length, 1, name);
  }
  t.regex(cli(["check", "--model-file", join(dir, "missing.ts")]).stderr, /^auxcheck: --model-file .*missing\.ts: /);
  t.is(cli(["check", "--model-file", PAIR_FILE, "--param", "limit=99"]).code, 2);
  t.is(cli(["check", "--model-file", PAIR_FILE, "--model", "diehard"]).code, 2);
});

test("--no-deadlock and liveness under --por are handled on the command line", (t) => {
  // --por keeps the safety verdicts only: the liveness properties are left unchecked, and the run is not "ok"
  const r = cli(["check", "--model", "lock", "--por"]);
  t.is(r.code, 3);
  t.regex(r.stdout, /verdict: incomplete: not checked \(--por, --symmetry or --no-liveness\): /);
  const nl = cli(["check", "--model", "lock", "--no-liveness", "--json"]);
  const live = (JSON.parse(nl.stdout) as { runs: { verdict: string; properties: { kind: string; verdict: string }[] }[] }).runs[0]!;
  t.is(live.verdict, "incomplete");
  t.true(live.properties.filter((p) => p.kind === "leads-to" || p.kind === "always-eventually").every((p) => p.verdict === "unchecked"));
  const j = cli(["check", "--model", "diehard", "--no-deadlock", "--json"]);
  const props = (JSON.parse(j.stdout) as { runs: { properties: { name: string }[] }[] }).runs[0]!.properties.map((p) => p.name);
  t.deepEqual(props, ["TypeOK", "NotSolved"]);
});

// ---- ITF ----

test("ITF: sets, maps, tuples and variants where the view declares them; null as Quint's None; no float", (t) => {
  t.deepEqual(
    toItfValue({ s: new Set([3, 1]), m: new Map([["b", null], ["a", 1]]), t: itfTuple([1, "x"]), v: itfVariant("Some", 2), n: null, u: undefined, f: 0.5 }),
    {
      s: { "#set": [{ "#bigint": "1" }, { "#bigint": "3" }] },
      m: { "#map": [["a", { "#bigint": "1" }], ["b", { tag: "None", value: { "#tup": [] } }]] },
      t: { "#tup": [{ "#bigint": "1" }, "x"] },
      v: { tag: "Some", value: { "#bigint": "2" } },
      n: { tag: "None", value: { "#tup": [] } },
      f: { "#unserializable": "0.5" },
    },
  );
});

test("ITF of a lasso: `loop` marks the state the cycle goes back to, which is not repeated", (t) => {
  const m = lockModel("weak");
  const v = explore(m).properties.find((p) => p.name === "StarvationFree[1]")!.violation!;
  const { itf, hiddenSteps } = toItf(m, v);
  const doc = itf as { loop: number; states: { "#meta": { action: string } }[]; "#meta": { loopBack: { action: string } } };
  t.is(doc.loop, 1);
  t.is(doc.states.length, v.states.length - 1);
  t.is(doc["#meta"].loopBack.action, "l2(2)");
  t.deepEqual(hiddenSteps, []);
});

test("ITF: steps that change the state but not its ITF view are reported; itfView can show them", (t) => {
  const m: Model<{ shown: number; hidden: number }> = {
    name: "Hidden",
    actionNames: ["tick"],
    initStates: () => [{ shown: 0, hidden: 0 }],
    actions: (s, out) => void (s.hidden < 2 && out.push({ name: "tick" })),
    next: (s) => ({ shown: s.shown, hidden: s.hidden + 1 }),
    properties: [{ name: "Never2", kind: "always", holds: (s) => s.hidden < 2 }],
    view: (s) => ({ shown: s.shown }),
    deadlock: false,
  };
  const v = explore(m).properties[0]!.violation!;
  t.deepEqual(toItf(m, v).hiddenSteps, [1, 2]);
  t.deepEqual(toItf({ ...m, itfView: (s) => s }, v).hiddenSteps, []);
  // and the CLI warns
  const file = join(mkdtempSync(join(tmpdir(), "auxcheck-itf-")), "t.itf.json");
  const r = cli(["check", "--model", "diehard", "--itf", file]);
  t.is(r.code, 1); // a violation: the exit code of the verdict
  t.notRegex(r.stderr, /cannot be replayed/);
  t.is((JSON.parse(readFileSync(file, "utf8")) as { states: unknown[] }).states.length, 7);
});
