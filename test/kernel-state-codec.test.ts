/**
 * The packed kernel state (models/kernel/state-codec.ts): over every reachable state of runs that use
 * each part of the state (one CPU and two, csd and the preempted system call, each AUX PMU), packing is
 * lossless, the view reads what the plain decoding reads, and the words' fingerprint makes the same
 * states equal as the engine's structural fingerprint of the plain objects.
 */
import test from "ava";
import type { Words } from "../models/kernel/interpreter/state-codec.ts";
import { buildKernelModel } from "../models/kernel/model.ts";
import { wordsTransport } from "../models/kernel/interpreter/state-codec.ts";
import { explore } from "../src/explore.ts";
import { structuralFingerprint } from "../src/fingerprint.ts";
import type { Params } from "../src/registry.ts";

/** Every reachable state's words (collected by an `always` property that holds; copied: the search's own live only while it needs them). */
function reachable(params: Params): { model: ReturnType<typeof buildKernelModel>; states: Words[] } {
  const model = buildKernelModel(params);
  const states: Words[] = [];
  const collect = { name: "collect", kind: "always" as const, holds: (w: Words) => (states.push(w.slice()), true) };
  const r = explore({ ...model, properties: [...model.properties, collect] }, { freezeStates: true });
  if (!r.complete) throw new Error("incomplete");
  return { model, states };
}

/**
 * A plain copy of a state, by Object.keys (own enumerable properties, in order): the view must
 * enumerate as the plain object does (code reads records with Object.keys / values / entries).
 */
function snapshot(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(snapshot);
  const out: Record<string, unknown> = {};
  const keys = Object.keys(v);
  // a frame of the view keeps its locals `a` in an accessor of its class (state-codec.ts PackedFrame), not an own key
  if ("fn" in v && "pc" in v && !keys.includes("a")) keys.push("a");
  for (const k of keys) out[k] = snapshot((v as Record<string, unknown>)[k]);
  return out;
}

const RUNS: Params[] = [
  { scenario: "seed-coresight-warn" },
  { scenario: "f5-throttle-tick", pmu: "arm_spe" },
  { scenario: "seed-coresight-warn", pmu: "intel_pt", patch: "leo-yan-v1" },
  { scenario: "smp-addr-filter-migrate" },
  { scenario: "smp-ioc-period-remote" },
  // x86 counters (pmu.enabled, the pmu.added record read by id) and PT's aux_config copy
  { scenario: "sw-resume-throttle", pmu: "intel_pt", pmu_irq_handler: "x86" },
];

for (const params of RUNS) {
  test(`packing is lossless and fingerprints agree with the structural hash: ${JSON.stringify(params)}`, (t) => {
    const { model, states } = reachable(params);
    const codec = model.codec;
    const fp = new Uint32Array(2);
    const byWords = new Set<string>();
    const byStructure = new Set<string>();
    let checked = 0;
    for (const w of states) {
      const plain = codec.decode(w);
      // lossless: decode then encode gives the same words, order part included
      t.deepEqual(codec.encode(plain), w);
      // the view reads the same values, and enumerates the same keys in the same order
      const seen = snapshot(codec.peek(w));
      t.deepEqual(seen, snapshot(plain));
      t.is(JSON.stringify(seen), JSON.stringify(snapshot(plain)));
      model.fingerprint!(w, fp);
      byWords.add(`${fp[0]},${fp[1]}`);
      structuralFingerprint(plain, fp);
      byStructure.add(`${fp[0]},${fp[1]}`);
      checked++;
    }
    t.true(checked > 100, `${checked} states`);
    t.is(byWords.size, states.length, "distinct states have distinct word fingerprints");
    t.is(byStructure.size, states.length, "... and distinct structural fingerprints");
    // across threads: a batch packed for another thread comes back as the same states
    const back = wordsTransport.unpack(structuredClone(wordsTransport.pack(states.slice(0, 500)).data));
    t.deepEqual(back, states.slice(0, 500));
  });
}

test("a write through a peeked (read-only) state fails loudly and leaves its words as they were", (t) => {
  const model = buildKernelModel({ scenario: "seed-coresight-warn" });
  const w = model.initStates()[0]!;
  const before = w.slice();
  const view = model.codec.peek(w);
  t.throws(
    () => {
      view.budget.ticks = 0;
    },
    { message: /read-only view/ },
  );
  t.deepEqual(w, before);
  // a step's view (take) is its own copy: writing there is what a step does
  const k = model.codec.take(w);
  k.budget.ticks = 0;
  t.deepEqual(w, before);
});
