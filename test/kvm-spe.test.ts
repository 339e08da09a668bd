/**
 * Issue 5: the KVM arm64 SPE buffer-pinning model. Verdicts against the expectations kept as data
 * (models/kvm-spe/runs.ts), the counterexamples' shape, the pin-cost counts, immutability, an
 * independent reachability check and a fast-check random walk against it, and the release paths
 * P-Release relies on.
 */
import test from "ava";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { explore } from "../src/explore.ts";
import { structuralFingerprint } from "../src/fingerprint.ts";
import { formatAction, type Model } from "../src/model.ts";
import { InputError, resolveParams } from "../src/registry.ts";
import type { Violation } from "../src/result.ts";
import { matchesExpectation, verdictOf, violatedSet } from "../src/runner.ts";
import { modelEntries, reportGenerators, standardRuns } from "../models/index.ts";
import { configOf, VARIANTS, type Config } from "../models/kvm-spe/config.ts";
import { CLARK_CONTEXT_SWITCHES, CLARK_REPORTED_SECONDS, CLARK_SECONDS_PER_PIN_OP, runWorkload, WORKLOADS } from "../models/kvm-spe/cost.ts";
import { kvmSpeEntry, kvmSpeReports, kvmSpeRuns } from "../models/kvm-spe/index.ts";
import { buildKvmSpeModel, type SpeAction } from "../models/kvm-spe/model.ts";
import { exploreRun, replayTrace } from "../models/kvm-spe/report.ts";
import { canWrite, initialState, type SpeState } from "../models/kvm-spe/state.ts";
import { blackoutViolation, freshViolation, releaseViolation } from "../invariants/kvm-spe/index.ts";

const ROOT = join(import.meta.dirname, "..");

// ---------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------

test("kvm-spe is registered: entry, standard runs and report", (t) => {
  t.true(modelEntries.includes(kvmSpeEntry));
  for (const r of kvmSpeRuns) t.true(standardRuns.includes(r), r.id);
  for (const g of kvmSpeReports) t.true(reportGenerators.includes(g));
  t.deepEqual(
    [...new Set(kvmSpeRuns.filter((r) => Object.keys(r.params).length === 1).map((r) => r.params.variant))].sort(),
    [...VARIANTS].sort(),
    "one default-parameter run per variant",
  );
});

test("parameters: defaults resolve, bad values are input errors", (t) => {
  const p = resolveParams(kvmSpeEntry, {});
  t.is(p.variant, "eager");
  t.is(p.mode, "per-task");
  t.is(resolveParams(kvmSpeEntry, { variant: "lazy-rewalk", invalidations: "2" }).invalidations, 2);
  t.throws(() => resolveParams(kvmSpeEntry, { variant: "lazy" }), { instanceOf: InputError });
  t.throws(() => resolveParams(kvmSpeEntry, { reopens: "9" }), { instanceOf: InputError });
  t.throws(() => configOf({ variant: "nope" }), { instanceOf: InputError });
});

// ---------------------------------------------------------------------------------------------
// Verdicts against the expectation data, with frozen states (a mutating step would throw)
// ---------------------------------------------------------------------------------------------

const outcomes = new Map(kvmSpeRuns.map((r) => [r.id, exploreRun(r, true)]));

for (const run of kvmSpeRuns) {
  test(`verdicts: ${run.id} matches its expectation (${run.expected.verdict}${run.expected.violated ? `: ${run.expected.violated.join(", ")}` : ""})`, (t) => {
    const o = outcomes.get(run.id)!;
    const r = o.result;
    t.true(r.complete || r.stopReason === "all-violated", `search cut short: ${r.stopReason}`);
    t.is(verdictOf(r), run.expected.verdict);
    if (run.expected.verdict === "violation") t.deepEqual(violatedSet(r).sort(), [...(run.expected.violated ?? [])].sort());
    t.true(matchesExpectation(r, run.expected));
    t.true(r.distinct < 200_000, "state space stays small");
  });
}

// ---------------------------------------------------------------------------------------------
// The counterexamples say what the issue says they say
// ---------------------------------------------------------------------------------------------

function violation(id: string, prop: string): { v: Violation; cfg: Config } {
  const o = outcomes.get(id)!;
  const v = o.result.properties.find((p) => p.name === prop)?.violation;
  if (!v) throw new Error(`${id}: no ${prop} violation`);
  return { v, cfg: o.cfg };
}

const actions = (v: Violation): string[] => v.trace.map((s) => s.action);

test("lazy-va: the shortest P-Blackout trace closes and reopens the buffer at the same VA, then re-enables on the stale pins", (t) => {
  const { v, cfg } = violation("kvm-spe-lazy-va", "P-Blackout");
  const a = actions(v);
  t.is(v.trace[0]!.context, "guest");
  t.true(a[0]!.startsWith("event_sched_in"), "starts with the profiled task's first sched-in");
  const reopen = a.indexOf("arm_spe_pmu_reopen_aux(same-va)");
  t.true(reopen > 0, "contains a reopen at the same VA");
  t.false(a.includes("arm_spe_pmu_reopen_aux(new-va)"));
  t.true(a.slice(0, reopen).includes("kvm_spe_park_buffer"), "the pins went dormant before the reopen");
  const after = a.slice(reopen + 1);
  t.true(after.includes("kvm_spe_pin_buffer_walk") && after.includes("kvm_spe_pin_buffer_map"), "re-enabled after the reopen");
  t.false(a.some((x) => x.startsWith("mmu_notifier_invalidate")), "no host event is needed");
  // replay: the last state is one where the SPU can write into an unpinned, unmapped page
  const states = replayTrace(cfg, v);
  const last = states[states.length - 1]!;
  t.true(canWrite(last));
  t.regex(blackoutViolation(last) ?? "", /NOT pinned/);
  t.is(blackoutViolation(states[states.length - 2]!), null, "the state before the last one is fine");
  // no pin operation after the reopen: the stale pins were reused
  const pinsBefore = states[reopen + 1]!.k.pins.map((p) => p.ipa);
  t.deepEqual(last.k.pins.map((p) => p.ipa), pinsBefore);
});

test("lazy-va: P-Fresh and P-Release fail on the stage-2 install that adopts the stale pins", (t) => {
  const blk = violation("kvm-spe-lazy-va", "P-Blackout").v;
  for (const prop of ["P-Fresh", "P-Release"]) {
    const { v, cfg } = violation("kvm-spe-lazy-va", prop);
    t.is(v.trace[v.trace.length - 1]!.actionName, "kvm_spe_pin_buffer_map", prop);
    t.is(v.depth, blk.depth - 1, `${prop} one step before the blackout`);
    const last = replayTrace(cfg, v).at(-1)!;
    t.not(prop === "P-Fresh" ? freshViolation(last) : releaseViolation(last, cfg), null);
  }
});

test("lazy-rewalk-noseq: the shortest trace is a notifier invalidation between the walk and the stage-2 install of a dormant reuse", (t) => {
  const { v, cfg } = violation("kvm-spe-lazy-rewalk-noseq", "P-Blackout");
  const a = actions(v);
  t.false(a.some((x) => x.startsWith("arm_spe_pmu_reopen_aux")), "no reopen: the guest stage 1 never changes");
  const inv = a.findIndex((x) => x.startsWith("mmu_notifier_invalidate"));
  t.true(inv > 0, "contains an MMU-notifier invalidation");
  t.is(v.trace[inv]!.context, "host");
  t.is(a[inv - 1], "kvm_spe_pin_buffer_walk", "right after a walk");
  t.is(a[inv + 1], "kvm_spe_pin_buffer_map", "right before the install");
  const states = replayTrace(cfg, v);
  const beforeWalk = states[inv - 1]!; // the state the walk started from
  t.true(beforeWalk.k.pins.length > 0 && beforeWalk.k.pins.every((p) => p.st === "dormant"), "the walk reused dormant pins");
  const last = states.at(-1)!;
  t.true(canWrite(last));
  t.regex(blackoutViolation(last) ?? "", /stale pfn/);
  // the same trace with the sequence check retries instead
  const seqCfg = configOf({ variant: "lazy-rewalk" });
  const m = buildKvmSpeModel(seqCfg);
  let s = m.initStates()[0]!;
  const buf: SpeAction[] = [];
  for (let i = 0; i <= inv + 1; i++) {
    buf.length = 0;
    m.actions(s, buf);
    const act = buf.find((x) => formatAction(x) === a[i]);
    t.truthy(act, `step ${i + 1} enabled under lazy-rewalk`);
    s = m.next(s, act!, { fail: () => undefined });
  }
  t.is(s.k.op?.phase, "walk", "lazy-rewalk's mmu_invalidate_retry sends it back to the walk");
});

test("notifier_pinned=zap: eager blacks out on a plain invalidation while enabled", (t) => {
  const { v } = violation("kvm-spe-eager-notifier-zap", "P-Blackout");
  t.true(actions(v).at(-1)!.startsWith("mmu_notifier_invalidate"));
  t.is(v.steps, 5);
});

// ---------------------------------------------------------------------------------------------
// Pin cost: counted by the model, not written down
// ---------------------------------------------------------------------------------------------

test("cost: eager pins or unpins about once per switch; James Clark's 20 s comes out of the model's counts", (t) => {
  const w = WORKLOADS.find((x) => x.id === "clark-true")!;
  const r = runWorkload(configOf({ variant: "eager", mode: "per-task" }), w);
  t.is(r.total.schedIns + r.total.schedOuts, CLARK_CONTEXT_SWITCHES);
  t.true(Math.abs(r.opsPerSwitch - 1) < 0.05, `ops/switch ${r.opsPerSwitch}`);
  t.true(Math.abs(r.pinsPerSchedIn - 1) < 0.05, `pins per sched-in ${r.pinsPerSchedIn}`);
  t.is(r.total.pinCalls, r.total.schedIns, "one pin_user_pages per sched-in");
  t.is(r.total.unpinCalls, r.total.schedOuts, "one unpin_user_pages per sched-out");
  t.true(Math.abs(r.clarkSeconds - CLARK_REPORTED_SECONDS) / CLARK_REPORTED_SECONDS < 0.1, `${r.clarkSeconds} s vs Clark's ${CLARK_REPORTED_SECONDS} s`);
  t.is(r.clarkSeconds, CLARK_CONTEXT_SWITCHES * (r.bufferOps / (r.total.schedIns + r.total.schedOuts)) * CLARK_SECONDS_PER_PIN_OP);
});

test("cost: the lazy policies pin once and then about zero times per switch in steady state", (t) => {
  for (const w of WORKLOADS) {
    for (const variant of ["lazy-va", "lazy-rewalk", "lazy-rewalk-noseq"] as const) {
      for (const mode of ["per-task", "per-cpu"] as const) {
        const r = runWorkload(configOf({ variant, mode }), w);
        t.is(r.steadyOpsPerSwitch, 0, `${w.id} ${mode} ${variant}`);
        t.is(r.total.pinCalls, 1, `${w.id} ${mode} ${variant}: the first enable`);
        t.true(r.clarkSeconds < 1, `${w.id} ${mode} ${variant}: ${r.clarkSeconds} s`);
      }
    }
    const rw = runWorkload(configOf({ variant: "lazy-rewalk" }), w);
    const va = runWorkload(configOf({ variant: "lazy-va" }), w);
    t.true(rw.total.walks > va.total.walks, "the re-walk is what lazy-rewalk pays instead");
  }
});

test("cost: per-cpu eager pays per buffer-full interrupt, not per switch", (t) => {
  const quiet = runWorkload(configOf({ variant: "eager", mode: "per-cpu" }), WORKLOADS.find((x) => x.id === "clark-true")!);
  t.is(quiet.total.pinCalls, 1);
  t.is(quiet.total.unpinCalls, 1);
  const busy = runWorkload(configOf({ variant: "eager", mode: "per-cpu" }), WORKLOADS.find((x) => x.id === "with-pmbirq")!);
  t.true(busy.total.pinCalls + busy.total.unpinCalls >= busy.total.irqs, "at least one operation per interrupt");
});

// ---------------------------------------------------------------------------------------------
// Independent reachability (plain Set of fingerprints) and a random walk inside it
// ---------------------------------------------------------------------------------------------

const fpKey = (s: unknown): string => {
  const out = new Uint32Array(2);
  structuralFingerprint(s, out);
  return `${out[0]}:${out[1]}`;
};

function reachable(model: Model<SpeState, SpeAction>): Map<string, SpeState> {
  const seen = new Map<string, SpeState>();
  const queue: SpeState[] = [];
  for (const s of model.initStates()) {
    const k = fpKey(s);
    if (!seen.has(k)) seen.set(k, s), queue.push(s);
  }
  const buf: SpeAction[] = [];
  for (let i = 0; i < queue.length; i++) {
    buf.length = 0;
    model.actions(queue[i]!, buf);
    for (const a of [...buf]) {
      const t = model.next(queue[i]!, a, { fail: () => undefined });
      const k = fpKey(t);
      if (!seen.has(k)) seen.set(k, t), queue.push(t);
    }
  }
  return seen;
}

const reach = new Map(VARIANTS.map((v) => [v, reachable(buildKvmSpeModel(configOf({ variant: v })))]));

test("an independent BFS finds as many states as the engine (complete runs)", (t) => {
  for (const v of VARIANTS) {
    const r = explore(buildKvmSpeModel(configOf({ variant: v })), {});
    if (r.complete) t.is(reach.get(v)!.size, r.distinct, v);
    else t.true(reach.get(v)!.size >= r.distinct, `${v}: a cut search sees fewer`);
  }
});

for (const variant of VARIANTS) {
  test(`random walk (${variant}): every state reached is one BFS found, and next never mutates its input`, (t) => {
    const model = buildKvmSpeModel(configOf({ variant }));
    const known = reach.get(variant)!;
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { maxLength: 80 }), (choices) => {
        let s = model.initStates()[0]!;
        const buf: SpeAction[] = [];
        for (const c of choices) {
          buf.length = 0;
          model.actions(s, buf);
          if (buf.length === 0) break;
          const before = JSON.stringify(s);
          const nxt = model.next(s, buf[c % buf.length]!, { fail: () => undefined });
          if (JSON.stringify(s) !== before) return false;
          s = nxt;
          if (!known.has(fpKey(s))) return false;
        }
        return true;
      }),
      { numRuns: 300, seed: 5 },
    );
    t.pass();
  });
}

// ---------------------------------------------------------------------------------------------
// The release paths P-Release counts on
// ---------------------------------------------------------------------------------------------

test("release paths: timeout and shrinker release every dormant pin; the notifier releases the dormant pin it hits", (t) => {
  for (const variant of ["lazy-va", "lazy-rewalk", "lazy-rewalk-noseq"] as const) {
    const cfg = configOf({ variant });
    const model = buildKvmSpeModel(cfg);
    let dormantStates = 0;
    const buf: SpeAction[] = [];
    for (const s of reach.get(variant)!.values()) {
      const dormant = s.k.pins.filter((p) => p.st === "dormant");
      if (dormant.length === 0) continue;
      buf.length = 0;
      model.actions(s, buf);
      const names = buf.map((a) => a.name);
      if (s.k.op === null) {
        dormantStates++;
        t.true(names.includes("kvm_spe_dormant_timeout") && names.includes("kvm_spe_shrink_scan"), "release events enabled");
      }
      for (const a of buf) {
        const after = model.next(s, a, { fail: () => undefined });
        if (a.name === "kvm_spe_dormant_timeout" || a.name === "kvm_spe_shrink_scan") {
          t.false(after.k.pins.some((p) => p.st === "dormant"), `${variant}: ${a.name} leaves a dormant pin`);
          t.is(after.k.locked, after.k.pins.length);
          for (const p of dormant) t.is(after.k.s2[p.ipa], -1, `${a.name} unmaps ipa${p.ipa} at stage 2`);
        }
        if (a.name === "mmu_notifier_invalidate") {
          const ipa = Number(String(a.params[0]).slice(3));
          t.false(after.k.pins.some((p) => p.ipa === ipa && p.st === "dormant"), `${variant}: notifier keeps a dormant pin on ipa${ipa}`);
        }
      }
    }
    t.true(dormantStates > 0, `${variant} reaches dormant states`);
  }
});

test("eager never holds a pin while the buffer is disabled (no dormant state)", (t) => {
  for (const s of reach.get("eager")!.values()) {
    t.false(s.k.pins.some((p) => p.st === "dormant"));
    if (!s.g.E && s.k.op === null) t.is(s.k.pins.length, 0);
  }
});

// ---------------------------------------------------------------------------------------------
// The properties can fail: hand-built states
// ---------------------------------------------------------------------------------------------

test("properties flag hand-built bad states and accept good ones", (t) => {
  const cfg = configOf({});
  const s0 = initialState(cfg);
  const good: SpeState = {
    ...s0,
    g: { ...s0.g, pc: "running", E: true, pmscr: true, ptr: 0, limit: 2 },
    k: {
      ...s0.k,
      pins: [
        { va: 0, ipa: 0, pfn: 0, st: "pinned" },
        { va: 1, ipa: 1, pfn: 0, st: "pinned" },
      ],
      s2: [0, 0, -1, -1],
      locked: 2,
    },
  };
  t.is(blackoutViolation(good), null);
  t.is(freshViolation(good), null);
  t.is(releaseViolation(good, cfg), null);
  const unmapped = { ...good, k: { ...good.k, s2: [0, -1, -1, -1] } };
  t.regex(blackoutViolation(unmapped) ?? "", /NOT mapped/);
  const stale = { ...good, g: { ...good.g, aux: { area: 0, gen: 1 } } };
  t.not(blackoutViolation(stale), null);
  t.not(freshViolation(stale), null);
  t.not(releaseViolation(stale, cfg), null);
  const badCount = { ...good, k: { ...good.k, locked: 3 } };
  t.regex(releaseViolation(badCount, cfg) ?? "", /locked-page count/);
  const sampleOff = { ...unmapped, g: { ...unmapped.g, pmscr: false } };
  t.is(blackoutViolation(sampleOff), null, "no SPU write, no blackout");
});

// ---------------------------------------------------------------------------------------------
// Every assumption the reference marks UNCONFIRMED is marked in the code
// ---------------------------------------------------------------------------------------------

test("the code marks the §7 UNCONFIRMED assumptions it models", (t) => {
  const src = ["config.ts", "kvm.ts"].map((f) => readFileSync(join(ROOT, "models/kvm-spe", f), "utf8")).join("\n");
  const marks = src.match(/ASSUMPTION \(UNCONFIRMED in reference §7[^)]*\)/g) ?? [];
  t.true(marks.length >= 4, `${marks.length} markers`);
  for (const topic of ["vcpu_put", "notifier behaviour", "unpin trigger", "patch 29 body not read"]) t.true(src.includes(topic), topic);
});
