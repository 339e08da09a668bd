/**
 * The KVM arm64 SPE buffer-pinning model. Verdicts against the expectations kept as data
 * (models/kvm-spe/runs.ts), the counterexamples' shape, immutability, an independent reachability
 * check and a fast-check random walk against it, the release paths and the deadline P-Release
 * relies on, the guest driver's PMBIRQ outcomes. The cost counter: test/kvm-spe-cost.test.ts.
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
import { kvmSpeEntry, kvmSpeReports, kvmSpeRuns } from "../models/kvm-spe/index.ts";
import { buildKvmSpeModel, type SpeAction } from "../models/kvm-spe/model.ts";
import { dormantTimeoutDue } from "../models/kvm-spe/release-clock.ts";
import { exploreRun, replayTrace } from "../models/kvm-spe/report.ts";
import { canWrite, guestRuns, initialState, type SpeState } from "../models/kvm-spe/state.ts";
import { blackoutViolation, freshViolation, noStalePinViolation, ownedPageViolation, releaseViolation } from "../invariants/kvm-spe/index.ts";

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
  t.throws(() => configOf({ buffers: 2, mode: "per-cpu" }), { instanceOf: InputError }, "two per-CPU SPE sessions exclude each other");
});

// ---------------------------------------------------------------------------------------------
// Verdicts against the expectation data, with frozen states (a mutating step would throw)
// ---------------------------------------------------------------------------------------------

const outcomes = new Map(kvmSpeRuns.map((r) => [r.id, exploreRun(r, true)]));

for (const run of kvmSpeRuns) {
  test(`verdicts: ${run.id} matches its expectation (${run.expected.verdict}${run.expected.violated ? `: ${run.expected.violated.join(", ")}` : ""})`, (t) => {
    const o = outcomes.get(run.id)!;
    const r = o.result;
    t.true(r.complete, `search cut short: ${r.stopReason}`);
    t.is(verdictOf(r), run.expected.verdict);
    if (run.expected.verdict === "violation") t.deepEqual(violatedSet(r).sort(), [...(run.expected.violated ?? [])].sort());
    t.true(matchesExpectation(r, run.expected));
    t.true(r.distinct < 200_000, "state space stays small");
  });
}

// ---------------------------------------------------------------------------------------------
// The counterexamples say what the report says they say
// ---------------------------------------------------------------------------------------------

function violation(id: string, prop: string): { v: Violation; cfg: Config } {
  const o = outcomes.get(id)!;
  const v = o.result.properties.find((p) => p.name === prop)?.violation;
  if (!v) throw new Error(`${id}: no ${prop} violation`);
  return { v, cfg: o.cfg };
}

const actions = (v: Violation): string[] => v.trace.map((s) => s.action);
const isInval = (a: string): boolean => a.startsWith("mmu_notifier_invalidate");

/** Replays the first `steps` actions of a trace under another configuration. */
function replayUnder(cfg: Config, acts: readonly string[], steps: number): SpeState | null {
  const m = buildKvmSpeModel(cfg);
  let s = m.initStates()[0]!;
  const buf: SpeAction[] = [];
  for (let i = 0; i < steps; i++) {
    buf.length = 0;
    m.actions(s, buf);
    const a = buf.find((x) => formatAction(x) === acts[i]);
    if (!a) return null;
    s = m.next(s, a, { fail: () => undefined });
  }
  return s;
}

test("lazy-va: the shortest P-Blackout trace closes and reopens the buffer at the same VA, then re-enables on the stale pins", (t) => {
  const { v, cfg } = violation("kvm-spe-lazy-va", "P-Blackout");
  const a = actions(v);
  t.true(a[0]!.startsWith("event_sched_in"), "starts with the profiled task's first sched-in");
  const reopen = a.indexOf("arm_spe_pmu_reopen_aux(same-va)");
  t.true(reopen > 0, "contains a reopen at the same VA");
  t.true(a.slice(0, reopen).includes("kvm_spe_park_buffer"), "the pins went dormant before the reopen");
  t.false(a.some(isInval), "no host event is needed");
  const states = replayTrace(cfg, v);
  const last = states.at(-1)!;
  t.true(canWrite(last));
  t.regex(blackoutViolation(last) ?? "", /NOT pinned/);
  t.is(blackoutViolation(states.at(-2)!), null, "the state before the last one is fine");
  t.deepEqual(
    last.k.pins.map((p) => p.ipa),
    states[reopen + 1]!.k.pins.map((p) => p.ipa),
    "no pin operation after the reopen: the stale pins were reused",
  );
});

test("lazy-va: both P-Fresh readings fail on the stage-2 install that adopts the stale pins, and the leaked pins fail P-Release", (t) => {
  const blk = violation("kvm-spe-lazy-va", "P-Blackout").v;
  for (const [prop, detail] of [
    ["P-Fresh", freshViolation],
    ["P-NoStalePin", noStalePinViolation],
  ] as const) {
    const { v, cfg } = violation("kvm-spe-lazy-va", prop);
    t.is(v.trace.at(-1)!.actionName, "kvm_spe_pin_buffer_map", prop);
    t.is(v.depth, blk.depth - 1, `${prop} one step before the blackout`);
    t.not(detail(replayTrace(cfg, v).at(-1)!), null);
  }
  const { v, cfg } = violation("kvm-spe-lazy-va", "P-Release");
  t.regex(releaseViolation(replayTrace(cfg, v).at(-1)!, cfg) ?? "", /leaked/);
});

test("reference P-Fresh on lazy-rewalk-noseq: a notifier invalidation between the walk and the install of a dormant reuse leaves a window page unpinned", (t) => {
  const { v, cfg } = violation("kvm-spe-lazy-rewalk-noseq", "P-Fresh");
  const a = actions(v);
  t.true(v.depth >= 10 && v.depth <= 12, `about depth 11: ${v.depth}`);
  t.false(a.some((x) => x.startsWith("arm_spe_pmu_reopen_aux")), "no reopen: the guest stage 1 never changes");
  const inv = a.findIndex(isInval);
  t.is(a[inv - 1], "kvm_spe_pin_buffer_walk", "right after a walk");
  t.is(a[inv + 1], "kvm_spe_pin_buffer_map", "right before the install");
  const states = replayTrace(cfg, v);
  t.true(states[inv - 1]!.k.pins.length > 0 && states[inv - 1]!.k.pins.every((p) => p.st === "dormant"), "the walk reused dormant pins");
  t.regex(freshViolation(states.at(-1)!) ?? "", /not pinned/);
  t.is(noStalePinViolation(states.at(-1)!), null, "the other reading holds: no pin is stale");
  const withCheck = replayUnder(configOf({ variant: "lazy-rewalk" }), a, inv + 2);
  t.is(withCheck?.k.op?.phase, "walk", "lazy-rewalk's mmu_invalidate_retry sends the same trace back to the walk");
});

test("lazy-rewalk-noseq with migration only: the SPU write lands in a page the host freed (use-after-free), and the trace shows the write", (t) => {
  const { v, cfg } = violation("kvm-spe-lazy-rewalk-noseq-migrate-only", "P-OwnedPage");
  t.is(v.trace.at(-1)!.actionName, "spu_write_record");
  t.true(actions(v).some((x) => isInval(x) && x.endsWith("migrate)")));
  const last = replayTrace(cfg, v).at(-1)!;
  t.true(last.host.stray?.freed === true);
  t.regex(ownedPageViolation(last) ?? "", /use-after-free/);
});

test("unmap-type invalidation on eager without the sequence check: a page replaced between walk and install blacks out in 5 steps, then the SPU writes into it", (t) => {
  const { v, cfg } = violation("kvm-spe-eager-noseq", "P-Blackout");
  const a = actions(v);
  t.is(v.steps, 5);
  const inv = a.findIndex(isInval);
  t.regex(a[inv]!, /madv_dontneed|munmap/, "an unmap-type event, not a migration");
  t.deepEqual([a[inv - 1], a[inv + 1]], ["kvm_spe_pin_buffer_walk", "kvm_spe_pin_buffer_map"]);
  t.regex(blackoutViolation(replayTrace(cfg, v).at(-1)!) ?? "", /stale pfn/);
  const withCheck = replayUnder(configOf({ variant: "eager" }), a, inv + 2);
  t.is(withCheck?.k.op?.phase, "walk", "with the sequence check the same steps retry");
  const owned = violation("kvm-spe-eager-noseq", "P-OwnedPage");
  t.is(owned.v.trace.at(-1)!.actionName, "spu_write_record");
  t.true(replayTrace(owned.cfg, owned.v).at(-1)!.host.stray?.freed === false, "the old page is still pinned by eager: detached, not freed");
});

test("unmap at any time: MADV_DONTNEED carries MMU_NOTIFY_CLEAR, so a handler keyed on the event keeps the entry and the SPU writes into the replaced page", (t) => {
  const { v } = violation("kvm-spe-eager-unmap-any-time", "P-OwnedPage");
  t.true(actions(v).some((x) => isInval(x) && x.endsWith("madv_dontneed)")));
  t.false(actions(v).some((x) => isInval(x) && x.endsWith("munmap)")));
});

test("notifier_pinned=zap: eager blacks out on a migration attempt while enabled", (t) => {
  const { v } = violation("kvm-spe-eager-notifier-zap", "P-Blackout");
  t.true(actions(v).at(-1)!.endsWith("migrate)"));
  t.is(v.steps, 5);
});

test("slow dormant timeout: P-Release fails after K steps with the pins dormant; at the default timeout the deadline releases them", (t) => {
  const { v, cfg } = violation("kvm-spe-lazy-rewalk-slow-timeout", "P-Release");
  const last = replayTrace(cfg, v).at(-1)!;
  t.is(last.k.age, cfg.releaseK + 1);
  t.true(last.k.pins.some((p) => p.st === "dormant"));
  t.false(actions(v).includes("kvm_spe_dormant_timeout"));
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

test("an independent BFS finds as many states as the engine", (t) => {
  for (const v of VARIANTS) {
    const r = explore(buildKvmSpeModel(configOf({ variant: v })), {});
    t.true(r.complete, v);
    t.is(reach.get(v)!.size, r.distinct, v);
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
// The release paths and the deadline P-Release relies on
// ---------------------------------------------------------------------------------------------

test("release paths: timeout and shrinker release every dormant pin; the notifier releases the dormant pin it hits; the timeout is the only step at its deadline", (t) => {
  for (const variant of ["lazy-va", "lazy-rewalk", "lazy-rewalk-noseq"] as const) {
    const cfg = configOf({ variant });
    const model = buildKvmSpeModel(cfg);
    let dormantStates = 0;
    let dueStates = 0;
    const buf: SpeAction[] = [];
    for (const s of reach.get(variant)!.values()) {
      buf.length = 0;
      model.actions(s, buf);
      const names = buf.map((a) => a.name);
      if (dormantTimeoutDue(s, cfg)) {
        dueStates++;
        t.deepEqual(names, ["kvm_spe_dormant_timeout"], "the deadline: nothing else happens first");
      }
      if (variant !== "lazy-va") t.true(s.k.age <= cfg.releaseK, `${variant}: age ${s.k.age} within K`);
      const dormant = s.k.pins.filter((p) => p.st === "dormant");
      if (dormant.length === 0) continue;
      if (s.k.op === null) {
        dormantStates++;
        t.true(names.includes("kvm_spe_dormant_timeout"), "timeout enabled");
        if (!dormantTimeoutDue(s, cfg)) t.true(names.includes("kvm_spe_shrink_scan"), "shrinker enabled");
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
    t.true(dueStates > 0, `${variant} reaches the timeout's deadline`);
  }
});

test("eager never holds a pin while the buffer is disabled (no dormant state)", (t) => {
  for (const s of reach.get("eager")!.values()) {
    t.false(s.k.pins.some((p) => p.st === "dormant"));
    if (!s.g.E && s.k.op === null) t.is(s.k.pins.length, 0);
  }
});

// ---------------------------------------------------------------------------------------------
// The guest driver's PMBIRQ outcomes (arm_spe_pmu_buf_get_fault_act, audit X4)
// ---------------------------------------------------------------------------------------------

test("a stage-2 fault is 'Unexpected buffer fault' (FATAL) for the guest: the only reaction is to disable the buffer", (t) => {
  const model = buildKvmSpeModel(configOf({ variant: "none" }));
  const buf: SpeAction[] = [];
  let seen = 0;
  for (const s of reach.get("none")!.values()) {
    if (s.g.syndrome !== "stage2-fault" || s.g.pc !== "running" || !guestRuns(s)) continue;
    seen++;
    buf.length = 0;
    model.actions(s, buf);
    const guest = buf.filter((a) => a.context === "guest").map(formatAction);
    t.deepEqual(guest.filter((a) => a.startsWith("arm_spe_pmu_irq_handler")), ["arm_spe_pmu_irq_handler(fatal)"]);
    const after = model.next(s, buf.find((a) => formatAction(a) === "arm_spe_pmu_irq_handler(fatal)")!, { fail: () => undefined });
    t.is(after.k.op?.kind, "disable");
  }
  t.true(seen > 0);
});

test("a TRUNCATED buffer full leaves the event OFF: no sched-in starts it, only a new session", (t) => {
  const model = buildKvmSpeModel(configOf({ variant: "eager" }));
  const buf: SpeAction[] = [];
  let stopped = 0;
  for (const s of reach.get("eager")!.values()) {
    if (s.g.pc !== "stopped") continue;
    stopped++;
    t.false(s.g.E);
    buf.length = 0;
    model.actions(s, buf);
    t.false(buf.some((a) => a.name === "event_sched_in"), "no restart");
    if (s.b.reopens > 0 && s.k.vcpu === "loaded") t.true(buf.some((a) => a.name === "arm_spe_pmu_reopen_aux"), "a new session may start");
  }
  t.true(stopped > 0);
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
  for (const check of [blackoutViolation, freshViolation, noStalePinViolation, ownedPageViolation]) t.is(check(good), null);
  t.is(releaseViolation(good, cfg), null);
  const unmapped = { ...good, k: { ...good.k, s2: [0, -1, -1, -1] } };
  t.regex(blackoutViolation(unmapped) ?? "", /NOT mapped/);
  const stale = { ...good, g: { ...good.g, bufs: [{ area: 0, gen: 1 }] } };
  t.not(blackoutViolation(stale), null);
  t.regex(freshViolation(stale) ?? "", /not pinned/);
  t.regex(noStalePinViolation(stale) ?? "", /stale/);
  const onePin = { ...good, k: { ...good.k, pins: [good.k.pins[0]!], locked: 1 } };
  t.not(freshViolation(onePin), null, "P-Fresh: a window page without a pin");
  t.is(noStalePinViolation(onePin), null, "P-NoStalePin: nothing stale");
  const serviced = { ...onePin, g: { ...onePin.g, S: true } };
  t.is(freshViolation(serviced), null, "S = 1: ProfilingBufferEnabled() is false");
  const badCount = { ...good, k: { ...good.k, locked: 3 } };
  t.regex(releaseViolation(badCount, cfg) ?? "", /locked-page count/);
  const old = { ...stale, g: { ...stale.g, E: false }, k: { ...stale.k, age: cfg.releaseK + 1 } };
  t.regex(releaseViolation(old, cfg) ?? "", /held/);
  const stray = { ...good, host: { ...good.host, stray: { ipa: 0, pfn: 0, freed: true } } };
  t.regex(ownedPageViolation(stray) ?? "", /use-after-free/);
  const sampleOff = { ...unmapped, g: { ...unmapped.g, pmscr: false } };
  t.is(blackoutViolation(sampleOff), null, "no SPU write, no blackout");
});

// ---------------------------------------------------------------------------------------------
// Every assumption the reference marks UNCONFIRMED is marked in the code
// ---------------------------------------------------------------------------------------------

test("the code marks the §7 UNCONFIRMED assumptions it models", (t) => {
  const src = ["config.ts", "kvm.ts"].map((f) => readFileSync(join(ROOT, "models/kvm-spe", f), "utf8")).join("\n");
  const marks = src.match(/ASSUMPTION \(UNCONFIRMED in reference §7[^)]*\)/g) ?? [];
  t.true(marks.length >= 5, `${marks.length} markers`);
  for (const topic of ["vcpu_put", "notifier behaviour", "unpin trigger", "patch 29 body not read", "ProfilingBufferEnabled()"]) t.true(src.includes(topic), topic);
});
