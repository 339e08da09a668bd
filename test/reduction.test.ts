/**
 * --por and --symmetry lose no violation.
 *
 * For each checked run: the set of violated properties with --por, with --symmetry and with both
 * equals the set of the unreduced complete search; every reduced counterexample replays (by the
 * engine, and again here by action NAME from the initial state, independently of the recorded
 * indices); reduced distinct counts are <= the unreduced ones.
 *
 * Which runs (the suite must stay about a minute longer, not three full sweeps of ~160 runs):
 *   - classic: every standard run, all three flag combinations;
 *   - kernel, two CPUs: every standard run of a two-CPU scenario (scenarios/runs/two-cpus.ts, when present), and
 *     every two-CPU scenario with its defaults, with --por (the kernel declares no symmetry, so
 *     --symmetry and --por --symmetry are the same searches as without and as --por);
 *   - kernel, one CPU: there --por is the identity by construction (one process, so no proper ample
 *     set: src/reduction/por.ts C0) and the kernel declares no symmetry; three runs check that the
 *     counts are identical, ampleStates 0. The full sweep of every kernel run is `npm run bench -- --reduction-sweep`.
 *   - kvm-spe declares nothing: one run shows "not-declared" and identical counts.
 * The declarations themselves: fast-check on random reachable states for the symmetries (canonical
 * form, properties and successors invariant under random permutations); for the kernel, every
 * action of one CPU, over the reachable states of the two-CPU scenarios (the first 4,000 of each),
 * leaves the other CPU's private state alone (writes: every action; reads: every step, tracked).
 * And the comparison can fail: a model with a wrong independence declaration loses its violation.
 */
import test from "ava";
import fc from "fast-check";
import { explore, type ExploreOptions } from "../src/explore.ts";
import { formatAction, type Action, type AssertionHit, type Model } from "../src/model.ts";
import type { ExploreResult, Violation } from "../src/result.ts";
import { structuralFingerprint } from "../src/fingerprint.ts";
import { modelEntries, standardRuns } from "../models/index.ts";
import type { Params, SetRun } from "../src/registry.ts";
import { counters } from "../models/classic/counters.ts";
import { twoPhase } from "../models/classic/twophase.ts";
import { HAND_MADE_SCENARIO_NAMES as SCENARIO_NAMES, scenarioByName } from "../models/kernel/scenarios/scenarios.ts";
import { buildKernelConfig, type KernelModel } from "../models/kernel/model.ts";
import type { Words } from "../models/kernel/interpreter/state-codec.ts";
import { cpuOfAction, PRIVATE_CPU_FIELDS, trackStep } from "../models/kernel/reduction.ts";

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

function paramsOf(run: { model: string; params: Params }): Params {
  const entry = modelEntries.find((e) => e.name === run.model)!;
  return { ...Object.fromEntries(entry.params.map((p) => [p.name, p.default])), ...run.params };
}

function build(model: string, params: Params): Model<unknown, Action> {
  return modelEntries.find((e) => e.name === model)!.build(params);
}

const violated = (r: ExploreResult): string[] => r.properties.filter((p) => p.verdict === "violated").map((p) => p.name).sort();

/** Replays a violation by action NAMES (not the recorded indices) and checks that it ends in the violation. */
function replaysByName<S, A extends Action>(model: Model<S, A>, v: Violation): boolean {
  let s = model.initStates().find((i) => JSON.stringify(model.view ? model.view(i) : i) === JSON.stringify(v.initial));
  if (s === undefined) return false;
  let lastHits: AssertionHit[] = [];
  const out: A[] = [];
  for (const step of v.trace) {
    out.length = 0;
    model.actions(s, out);
    const a = out.find((x) => formatAction(x) === step.action);
    if (!a) return false;
    lastHits = [];
    s = model.next(s, a, { fail: (h) => lastHits.push(h) });
  }
  const prop = model.properties.find((p) => p.name === v.property)!;
  switch (prop.kind) {
    case "assertion":
      return lastHits.some((h) => h.property === v.property);
    case "always":
      return !prop.holds!(s);
    case "quiescent":
      return (!model.quiescent || model.quiescent(s)) && !prop.holds!(s);
    default:
      out.length = 0;
      model.actions(s, out);
      return out.length === 0;
  }
}

interface Case {
  readonly title: string;
  readonly model: string;
  readonly params: Params;
  readonly modes: readonly ExploreOptions[];
  readonly maxStates?: number;
  readonly maxDepth?: number;
}

const ALL_MODES: readonly ExploreOptions[] = [{ por: true }, { symmetry: true }, { por: true, symmetry: true }];

function checkCase(c: Case): void {
  test(`reductions keep the violated set: ${c.title}`, (t) => {
    const bounds = { ...(c.maxStates ? { maxStates: c.maxStates } : {}), ...(c.maxDepth ? { maxDepth: c.maxDepth } : {}) };
    const full = explore(build(c.model, c.params), bounds);
    t.true(full.complete || full.stopReason === "all-violated", `unreduced search of ${c.title} is not complete (${full.stopReason}): nothing to compare`);
    for (const mode of c.modes) {
      const model = build(c.model, c.params);
      const r = explore(model, { ...bounds, ...mode });
      const label = `${c.title} ${JSON.stringify(mode)}`;
      t.true(r.complete || r.stopReason === "all-violated", `${label}: ${r.stopReason}`);
      t.deepEqual(violated(r), violated(full), `${label}: violated set`);
      if (r.stopReason === "complete") t.true(r.distinct <= full.distinct, `${label}: ${r.distinct} > ${full.distinct} distinct`);
      if (r.complete && full.complete) t.deepEqual(r.goals, full.goals, `${label}: goals reached`);
      t.truthy(r.reduction, label);
      for (const p of r.properties) {
        if (p.verdict !== "violated") continue;
        t.truthy(p.violation, `${label}: ${p.name} has no trace`);
        t.is(p.violation!.steps, p.violation!.trace.length);
        t.true(replaysByName(model, p.violation!), `${label}: ${p.name}'s trace does not replay by action names`);
        // --symmetry keeps the shortest depth; --por may lengthen it, never shorten it
        const fullDepth = full.properties.find((q) => q.name === p.name)!.violation!.depth;
        if (!mode.por) t.is(p.violation!.depth, fullDepth, `${label}: ${p.name} depth`);
        else t.true(p.violation!.depth >= fullDepth, `${label}: ${p.name} depth`);
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// the runs
// ---------------------------------------------------------------------------------------------

for (const run of standardRuns.filter((r) => r.model === "twophase" || r.model === "diehard" || r.model === "counters")) {
  checkCase({ title: run.id, model: run.model, params: paramsOf(run), modes: ALL_MODES });
}
checkCase({ title: "counters n=4 max=6", model: "counters", params: { n: 4, max: 6 }, modes: ALL_MODES });
checkCase({ title: "twophase rm=6", model: "twophase", params: { rm: 6 }, modes: ALL_MODES });

const smpScenarios = SCENARIO_NAMES.filter((n) => (scenarioByName(n)?.ncpus ?? 1) > 1);
const isSmp = (r: SetRun): boolean => r.model === "kernel" && (Number(r.params.ncpus ?? 0) > 1 || smpScenarios.includes(String(r.params.scenario ?? "")));
const twoCpuRuns = standardRuns.filter(isSmp);
for (const run of twoCpuRuns) {
  checkCase({ title: run.id, model: "kernel", params: paramsOf(run), modes: [{ por: true }], ...(run.maxStates ? { maxStates: run.maxStates } : {}) });
}
for (const scenario of smpScenarios) {
  if (twoCpuRuns.some((r) => r.params.scenario === scenario && Object.keys(r.params).length === 1)) continue;
  checkCase({ title: `kernel ${scenario} (defaults)`, model: "kernel", params: paramsOf({ model: "kernel", params: { scenario } }), modes: [{ por: true }] });
}

test("kernel, two CPUs: --por reduces at least one scenario", (t) => {
  t.true(smpScenarios.length > 0, "no two-CPU scenario");
  const p = paramsOf({ model: "kernel", params: { scenario: smpScenarios.includes("smp-tick-other-cpu") ? "smp-tick-other-cpu" : smpScenarios[0]! } });
  const full = explore(build("kernel", p));
  const por = explore(build("kernel", p), { por: true });
  t.true(por.reduction!.ampleStates > 0);
  t.true(por.generated < full.generated);
});

for (const id of ["seed-coresight-warn", "ioc-period-throttled", "e5-freq-sibling"]) {
  test(`kernel, one CPU: --por and --symmetry are the identity (${id})`, (t) => {
    const run = standardRuns.find((r) => r.model === "kernel" && r.params.scenario === id) ?? { model: "kernel", params: { scenario: id } };
    const p = paramsOf(run);
    const full = explore(build("kernel", p));
    const r = explore(build("kernel", p), { por: true, symmetry: true });
    t.deepEqual([r.distinct, r.generated, r.depth], [full.distinct, full.generated, full.depth]);
    t.deepEqual(violated(r), violated(full));
    t.is(r.reduction!.ampleStates, 0);
    t.is(r.reduction!.por, "on");
    t.is(r.reduction!.symmetry, "not-declared");
  });
}

test("kvm-spe declares no reduction: not-declared, identical search", (t) => {
  const run = standardRuns.find((r) => r.model === "kvm-spe")!;
  const full = explore(build(run.model, paramsOf(run)));
  const r = explore(build(run.model, paramsOf(run)), { por: true, symmetry: true });
  t.deepEqual([r.distinct, r.generated, r.depth, violated(r)], [full.distinct, full.generated, full.depth, violated(full)]);
  t.deepEqual([r.reduction!.por, r.reduction!.symmetry], ["not-declared", "not-declared"]);
});

// ---------------------------------------------------------------------------------------------
// the comparison can fail: a wrong declaration loses the violation
// ---------------------------------------------------------------------------------------------

interface XY {
  readonly x: number;
  readonly y: number;
}
interface XYAction extends Action {
  readonly p: number;
}
/** A sets x; B sets y only while x = 0; NoY (y = 0) is violated when B runs first. */
function raceModel(declaration: "wrong" | "right"): Model<XY, XYAction> {
  return {
    name: `race(${declaration})`,
    actionNames: ["setX", "setY"],
    initStates: () => [{ x: 0, y: 0 }],
    actions(s, out) {
      if (s.x === 0) out.push({ name: "setX", p: 0 });
      if (s.x === 0 && s.y === 0) out.push({ name: "setY", p: 1 });
    },
    next: (s, a) => (a.name === "setX" ? { x: 1, y: s.y } : { x: s.x, y: 1 }),
    properties: [{ name: "NoY", kind: "always", holds: (s) => s.y === 0 }],
    deadlock: false, // the race is over once x is set: its end states are not deadlocks
    partialOrder: {
      process: (_s, a) => a.p,
      // wrong: setX disables setY, so A is not independent of B
      safe: (_s, p) => declaration === "wrong" && p === 0,
      invisible: (_s, a) => a.name === "setX",
    },
  };
}

test("a wrong independence declaration loses a violation, and the comparison sees it", (t) => {
  t.deepEqual(violated(explore(raceModel("wrong"))), ["NoY"]);
  t.deepEqual(violated(explore(raceModel("wrong"), { por: true })), [], "the wrong declaration must lose NoY");
  t.deepEqual(violated(explore(raceModel("right"), { por: true })), ["NoY"]);
});

test("a declared-invisible action that changes a property is a loud error", (t) => {
  const m = raceModel("wrong");
  const bad: Model<XY, XYAction> = { ...m, partialOrder: { process: (_s, a) => a.p, safe: (_s, p) => p === 1, invisible: () => true } };
  t.throws(() => explore(bad, { por: true }), { message: /declares setY invisible, but it changes the truth of NoY/ });
});

// ---------------------------------------------------------------------------------------------
// symmetry declarations: fast-check on random reachable states
// ---------------------------------------------------------------------------------------------

function randomWalk<S, A extends Action>(model: Model<S, A>, choices: number[]): S {
  let s: S = model.initStates()[0] as S;
  const out: A[] = [];
  for (const c of choices) {
    out.length = 0;
    model.actions(s, out);
    if (out.length === 0) break;
    s = model.next(s, out[c % out.length]!, { fail() {} });
  }
  return s;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** True when `canonical` maps each state into its own orbit, and canonical form, properties and successors are invariant under permutations. */
function symmetric<S, A extends Action>(model: Model<S, A>, canon: (s: S) => S, n: number, permute: (s: S, pi: number[]) => S): boolean {
  const all = permutations(n);
  const succ = (s: S): string[] => {
    const out: A[] = [];
    model.actions(s, out);
    return out.map((a) => String(canon(model.next(s, a, { fail() {} })))).sort();
  };
  const r = fc.check(
    fc.property(fc.array(fc.nat(50), { maxLength: 60 }), fc.nat(all.length - 1), (walk, k) => {
      const s: S = randomWalk(model, walk);
      const ps = permute(s, all[k]!);
      if (canon(ps) !== canon(s)) return false;
      if (!all.some((pi) => permute(s, pi) === canon(s))) return false; // the representative is in the orbit
      for (const p of model.properties) if (p.holds && p.holds(s) !== p.holds(ps)) return false;
      return JSON.stringify(succ(s)) === JSON.stringify(succ(ps));
    }),
    { numRuns: 300, seed: 6 },
  );
  return !r.failed;
}

test("counters: canonical form, InRange and successors are invariant under permutations of the counters", (t) => {
  const n = 4;
  const model = counters(n, 7);
  const permute = (s: number, pi: number[]): number => {
    let out = 0;
    for (let i = 0; i < n; i++) out += (Math.floor(s / 64 ** pi[i]!) % 64) * 64 ** i;
    return out;
  };
  t.true(symmetric(model, model.symmetry!.canonical, n, permute));
  t.false(symmetric(model, () => 0, n, permute), "a canonical form outside the orbit must fail the check");
  t.false(symmetric(model, (s) => s, n, permute), "no reduction at all is not a canonical form either");
});

test("twophase: canonical form, TCConsistent and successors are invariant under permutations of the RMs", (t) => {
  const rm = 4;
  const model = twoPhase(rm);
  const bit = (i: number): number => 2 ** i;
  const has = (s: number, i: number): boolean => Math.floor(s / bit(i)) % 2 === 1;
  const TM = 2 * rm;
  const TMP = TM + 1;
  const MSG_P = TMP + rm;
  const permute = (s: number, pi: number[]): number => {
    let out = (has(s, TM) ? bit(TM) : 0) + (has(s, MSG_P + rm) ? bit(MSG_P + rm) : 0) + (has(s, MSG_P + rm + 1) ? bit(MSG_P + rm + 1) : 0);
    for (let r = 0; r < rm; r++) {
      const q = pi[r]!;
      out += (Math.floor(s / bit(2 * q)) % 4) * bit(2 * r) + (has(s, TMP + q) ? bit(TMP + r) : 0) + (has(s, MSG_P + q) ? bit(MSG_P + r) : 0);
    }
    return out;
  };
  t.true(symmetric(model, model.symmetry!.canonical, rm, permute));
  t.false(symmetric(model, (s) => s, rm, permute), "the identity is not a canonical form");
});

// ---------------------------------------------------------------------------------------------
// the kernel declaration: no CPU touches another CPU's private state
// ---------------------------------------------------------------------------------------------

/** Steps that read another CPU's contexts, only through core.ts `switching()` (a frame of __perf_event_task_sched_in/out). */
const READS_SWITCHING_VIEW: ReadonlySet<string> = new Set(["event_function_call:fallback"]);

for (const scenario of smpScenarios) {
  test(`kernel ${scenario}: no action of one CPU reads or writes the other CPU's private state (first 4,000 states)`, (t) => {
    const params = paramsOf({ model: "kernel", params: { scenario } });
    const model = build("kernel", params) as unknown as KernelModel;
    const cfg = buildKernelConfig(params);
    const seen = new Set<string>();
    const fp = new Uint32Array(2);
    let frontier: Words[] = [...model.initStates()];
    let checkedSteps = 0;
    const out: (Action & { params: readonly (string | number)[]; context: string })[] = [];
    while (frontier.length > 0 && seen.size < 4000) {
      const next: Words[] = [];
      for (const w of frontier) {
        out.length = 0;
        model.actions(w, out);
        const s = model.codec.decode(w);
        for (const a of out) {
          const c = cpuOfAction(cfg, a);
          const packed = model.next(w, a, { fail() {} });
          const after = model.codec.decode(packed);
          for (let o = 0; o < cfg.ncpus; o++) {
            if (o === c) continue;
            for (const f of PRIVATE_CPU_FIELDS) {
              const before = (s.cpu[o] as unknown as Record<string, unknown>)[f];
              const now = (after.cpu[o] as unknown as Record<string, unknown>)[f];
              if (JSON.stringify(before) !== JSON.stringify(now)) t.fail(`${formatAction(a)} on cpu${c} wrote cpu${o}.${f}`);
            }
          }
          const top = s.cpu[c]!.ctx[s.cpu[c]!.ctx.length - 1];
          const f = top?.frames[top.frames.length - 1];
          if (f && a.name === `${f.fn}:${f.pc}`) {
            checkedSteps++;
            for (const r of trackStep(s, c, cfg).touched) {
              const m = /^cpu(\d+)\.(.+)$/.exec(r);
              if (!m || Number(m[1]) === c || !PRIVATE_CPU_FIELDS.has(m[2]!)) continue;
              // the one documented cross-CPU read: core.ts switching() (reduction.ts switchingView), which reduction.ts keeps unchanged
              if (m[2] === "ctx" && READS_SWITCHING_VIEW.has(a.name)) continue;
              t.fail(`${a.name} on cpu${c} touched ${r}`);
            }
          }
          structuralFingerprint(after, fp);
          const key = `${fp[0]}:${fp[1]}`;
          if (!seen.has(key)) {
            seen.add(key);
            next.push(packed.slice()); // (a successor lives in the codec's scratch until two more steps)
          }
        }
      }
      frontier = next;
    }
    t.true(checkedSteps > 100, `only ${checkedSteps} steps checked`);
  });
}
