/**
 * The kernel's liveness properties (invariants/kernel/lockup.ts, throttle-progress.ts): a context that
 * never returns is a lockup with a lasso-shaped trace, whatever the patch; with unbounded ticks a trace
 * that a throttle left off for good is a violation of eventually-resumed.
 */
import test from "ava";
import { buildKernelConfig, kernelModel } from "../models/kernel/model.ts";
import { goto, kfn, type KFunction } from "../models/kernel/interpreter/machine.ts";
import type { Config } from "../models/kernel/interpreter/config.ts";
import { explore } from "../src/explore.ts";
import type { ExploreResult } from "../src/result.ts";
import type { Params } from "../src/registry.ts";

/** The run with one kernel function's step `label` replaced by a step that jumps back to itself (a patch that never returns). */
function withLoopingStep(params: Params, fn: string, label: string): Config {
  const cfg = buildKernelConfig(params);
  const f = cfg.fns[fn]!;
  const looping: KFunction = kfn({ name: f.name, cite: f.cite, steps: { ...f.steps, [label]: () => goto(label) }, ...(f.blocks ? { blocks: f.blocks } : {}) });
  cfg.fns = { ...cfg.fns, [fn]: looping };
  return cfg;
}

const verdictOf = (r: ExploreResult, name: string) => r.properties.find((p) => p.name === name)!;

test("a patch whose __perf_event_aux_pause never returns (in the NMI) is a hard lockup, shown as a lasso", (t) => {
  const r = explore(kernelModel(withLoopingStep({ scenario: "seed-coresight-warn" }, "__perf_event_aux_pause", "done")));
  t.true(r.complete);
  const hard = verdictOf(r, "hard-lockup");
  t.is(hard.verdict, "violated");
  const v = hard.violation!;
  t.truthy(v.loop, "a lasso");
  t.false(v.loop!.stutter, "a cycle, not an end");
  // the cycle is the looping step itself, inside the NMI's call chain
  const cycle = v.trace.slice(v.loop!.start);
  t.true(cycle.length >= 1);
  t.true(cycle.every((s) => s.action.startsWith("__perf_event_aux_pause:done")), cycle.map((s) => s.action).join(", "));
  t.true(cycle.every((s) => s.context === "NMI"));
});

test("a task-context function that never returns is a soft lockup", (t) => {
  const r = explore(kernelModel(withLoopingStep({ scenario: "seed-coresight-warn" }, "__perf_event_enable", "entry")));
  const soft = verdictOf(r, "soft-lockup");
  t.is(soft.verdict, "violated");
  t.true(soft.violation!.trace.slice(soft.violation!.loop!.start).every((s) => s.context === "task"));
});

test("mainline: no lockup on the seed; with ticks unbounded the trace a failed begin stopped is never restarted (eventually-resumed)", (t) => {
  const bounded = explore(kernelModel(buildKernelConfig({ scenario: "seed-coresight-warn" })));
  for (const p of ["hard-lockup", "soft-lockup", "eventually-unthrottled", "eventually-resumed"]) t.is(verdictOf(bounded, p).verdict, "ok", p);
  const unbounded = explore(kernelModel(buildKernelConfig({ scenario: "seed-coresight-warn", ticks_unbounded: true })));
  t.true(unbounded.complete, "finite with unbounded ticks (sequence counters kept relative)");
  const resumed = verdictOf(unbounded, "eventually-resumed");
  t.is(resumed.verdict, "violated");
  const cycle = resumed.violation!.trace.slice(resumed.violation!.loop!.start);
  t.true(cycle.some((s) => s.action === "tick"), "ticks keep coming in the cycle, and the trace stays off");
  t.is(verdictOf(unbounded, "eventually-unthrottled").verdict, "ok");
});

test("ticks_unbounded is refused with two CPUs (the sequence counters' order matters across CPUs)", (t) => {
  t.throws(() => buildKernelConfig({ scenario: "smp-tick-other-cpu", ticks_unbounded: true }), { message: /one CPU only/ });
});
