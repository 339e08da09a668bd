/**
 * The KVM SPE cost counter (models/kvm-spe/cost.ts) and its prices (models/kvm-spe/pricing.ts):
 * the unit of a context switch (out and back in), what each policy does per context switch, and
 * how the walks and pins scale with the buffer size.
 */
import test from "ava";
import { configOf } from "../models/kvm-spe/config.ts";
import { CLARK_CONTEXT_SWITCHES, runWorkload, WORKLOADS } from "../models/kvm-spe/cost.ts";
import { pinPlan } from "../models/kvm-spe/kvm.ts";
import { CLARK_BUFFER_BYTES, CLARK_SECONDS_PER_PIN_UNPIN, PAGE_BYTES, PIN_READINGS, PRICES, secondsPerSwitch } from "../models/kvm-spe/pricing.ts";
import { initialState, type SpeState } from "../models/kvm-spe/state.ts";

const workload = (id: string): (typeof WORKLOADS)[number] => WORKLOADS.find((x) => x.id === id)!;

test("cost unit: a context switch is one sched-out and one sched-in; eager pins and unpins the whole buffer once per context switch", (t) => {
  const r = runWorkload(configOf({ variant: "eager", mode: "per-task" }), workload("clark-true"));
  t.is(r.contextSwitches, CLARK_CONTEXT_SWITCHES);
  t.is(r.switches.schedOuts, CLARK_CONTEXT_SWITCHES, "100 switches out");
  t.is(r.switches.schedIns, CLARK_CONTEXT_SWITCHES, "and 100 back in");
  t.is(r.total.schedIns, CLARK_CONTEXT_SWITCHES + 1, "plus the session's first sched-in");
  t.is(r.switches.pinCalls, CLARK_CONTEXT_SWITCHES, "one pin_user_pages per context switch");
  t.is(r.switches.unpinCalls, CLARK_CONTEXT_SWITCHES, "one unpin_user_pages per context switch");
  t.deepEqual([r.perSwitch.pinBuffers, r.perSwitch.unpinBuffers], [1, 1]);
  // the model does not choose a reading of Clark's 0.2 s: the two readings differ by a factor of two
  const secs = PIN_READINGS.map((p) => CLARK_CONTEXT_SWITCHES * secondsPerSwitch(r.perSwitch, CLARK_BUFFER_BYTES, { ...p, walk: 0 }));
  t.true(Math.abs(secs[0]! - CLARK_CONTEXT_SWITCHES * CLARK_SECONDS_PER_PIN_UNPIN) < 1e-9, `pair: ${secs[0]}`);
  t.true(Math.abs(secs[1]! - 2 * secs[0]!) < 1e-9, `each: ${secs[1]}`);
});

test("cost: walks scale with the buffer; lazy-rewalk walks the whole buffer on every enable and pays only its walks", (t) => {
  const r = runWorkload(configOf({ variant: "lazy-rewalk" }), workload("clark-true"));
  t.deepEqual([r.perSwitch.pinBuffers, r.perSwitch.unpinBuffers, r.perSwitch.walkBuffers], [0, 0, 1]);
  const pages = CLARK_BUFFER_BYTES / PAGE_BYTES;
  t.true(Math.abs(secondsPerSwitch(r.perSwitch, CLARK_BUFFER_BYTES, PRICES.default) - pages * PRICES.default.walk * 1e-6) < 1e-12, "one walk per page of the buffer");
  for (const k of ["default", "low", "high"] as const) {
    const small = secondsPerSwitch(r.perSwitch, CLARK_BUFFER_BYTES / 4, PRICES[k]);
    t.true(small > 0 && Math.abs(secondsPerSwitch(r.perSwitch, CLARK_BUFFER_BYTES, PRICES[k]) - 4 * small) < 1e-12, `${k}: linear in the size`);
  }
  // eager's walks lead to pins and are priced with them; lazy-rewalk's are priced alone
  const eager = runWorkload(configOf({ variant: "eager" }), workload("clark-true"));
  t.is(eager.perSwitch.walkBuffers, 1);
  t.is(secondsPerSwitch(eager.perSwitch, CLARK_BUFFER_BYTES, { ...PRICES.default, walk: 1e6 }), secondsPerSwitch(eager.perSwitch, CLARK_BUFFER_BYTES, PRICES.default));
});

test("cost: a walk counts every page of the window and of the held pins (the model's pin plan)", (t) => {
  const cfg = configOf({ variant: "lazy-rewalk" });
  const s0 = initialState(cfg);
  const s: SpeState = {
    ...s0,
    g: { ...s0.g, pc: "enabling", ptr: 0, limit: 1 },
    k: { ...s0.k, op: { kind: "enable", phase: "walk", seq: 0, plan: [] }, pins: [{ va: 1, ipa: 1, pfn: 0, st: "dormant" }], s2: [-1, 0, -1, -1], locked: 1 },
  };
  t.is(pinPlan(s, cfg).walks, 2, "window A0 and the dormant pin A1");
  t.is(pinPlan(s, configOf({ variant: "eager" })).walks, 1, "eager walks the window only");
  t.is(pinPlan(s, configOf({ variant: "none" })).walks, 0);
});

test("cost: with one profiled task the lazy policies pin nothing per context switch; with two alternating they thrash", (t) => {
  for (const variant of ["lazy-va", "lazy-rewalk", "lazy-rewalk-noseq"] as const) {
    for (const w of ["clark-true", "with-pmbirq"]) {
      for (const mode of ["per-task", "per-cpu"] as const) {
        const r = runWorkload(configOf({ variant, mode }), workload(w));
        t.deepEqual([r.perSwitch.pinCalls, r.perSwitch.unpinCalls], [0, 0], `${w} ${mode} ${variant}`);
        t.is(r.total.pinCalls, 1, `${w} ${mode} ${variant}: the first enable`);
      }
    }
    const two = runWorkload(configOf({ variant }), workload("two-tasks"));
    t.deepEqual([two.perSwitch.pinBuffers, two.perSwitch.unpinBuffers], [1, 1], `${variant}: §7 unpins what the other task's window does not cover`);
  }
});

test("cost: per-cpu eager pays per buffer-full interrupt, not per switch; unpinning while S = 1 costs more pins with interrupts", (t) => {
  const quiet = runWorkload(configOf({ variant: "eager", mode: "per-cpu" }), workload("clark-true"));
  t.deepEqual([quiet.perSwitch.pinCalls, quiet.perSwitch.unpinCalls], [0, 0]);
  t.deepEqual([quiet.total.pinCalls, quiet.total.unpinCalls], [1, 1], "once at session start and end");
  const busy = runWorkload(configOf({ variant: "eager", mode: "per-cpu" }), workload("with-pmbirq"));
  t.true(busy.switches.pinCalls + busy.switches.unpinCalls >= busy.switches.irqs, "at least one operation per interrupt");
  const eOnly = runWorkload(configOf({ variant: "eager" }), workload("with-pmbirq"));
  const withS = runWorkload(configOf({ variant: "eager", service_unpins: true }), workload("with-pmbirq"));
  t.true(withS.perSwitch.pinBuffers > eOnly.perSwitch.pinBuffers, `${withS.perSwitch.pinBuffers} > ${eOnly.perSwitch.pinBuffers}`);
});

test("cost: no pinning costs nothing and faults once per scheduling period when the SPU writes", (t) => {
  const r = runWorkload(configOf({ variant: "none" }), workload("with-pmbirq"));
  t.deepEqual([r.total.pinCalls, r.total.unpinCalls, r.total.walkPages], [0, 0, 0]);
  t.is(r.perSwitch.faults, 1);
  t.is(runWorkload(configOf({ variant: "none" }), workload("clark-true")).total.faults, 0, "Clark's filtered example writes nothing");
});
