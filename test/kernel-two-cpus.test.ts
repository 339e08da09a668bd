/**
 * the kernel model on two CPUs (models/kernel/linux/kernel/smp.ts, scenarios/runs/two-cpus.ts). Each standard run is explored
 * completely and its violated set compared with the expectation kept as data; every counterexample replays
 * from the initial state by action name; and the cross-CPU mechanisms the runs exist for are shown to be
 * reachable (or not) with probe properties — migration, the per-CPU tick, the IPI, -EAGAIN, -ESRCH.
 */
import test from "ava";
import { explore } from "../src/explore.ts";
import { formatAction, type AssertionHit, type Property } from "../src/model.ts";
import type { ExploreResult } from "../src/result.ts";
import { matchesExpectation, verdictOf, violatedSet } from "../src/runner.ts";
import { twoCpuRuns } from "../models/kernel/scenarios/runs/two-cpus.ts";
import { kernelRuns } from "../models/kernel/scenarios/runs/index.ts";
import { buildKernelModel, onWords, type KAction } from "../models/kernel/model.ts";
import { r2Violation } from "../invariants/kernel/R2-transaction-balance.ts";
import type { Frame, KState } from "../models/kernel/interpreter/state.ts";
import { EAGAIN, ESRCH } from "../models/kernel/interpreter/state.ts";

const results = new Map<string, ExploreResult>();
function resultOf(id: string): ExploreResult {
  let r = results.get(id);
  if (!r) {
    const run = twoCpuRuns.find((x) => x.id === id)!;
    r = explore(buildKernelModel(run.params), { freezeStates: true, timeoutSeconds: 120 });
    results.set(id, r);
  }
  return r;
}

/** Explores a model with extra `always` probes ("this never happens"); a violated probe = reachable, with its shortest trace. */
function probe(params: Record<string, string | number | boolean>, probes: Property<KState>[]): ExploreResult {
  const m = buildKernelModel(params);
  return explore({ ...m, properties: [...m.properties, ...probes.map((p) => onWords(p, m.codec))] }, { timeoutSeconds: 120 });
}
const never = (name: string, bad: (s: KState) => boolean): Property<KState> => ({ name, kind: "always", description: name, holds: (s) => !bad(s) });
const frames = (s: KState): Frame[] => s.cpu.flatMap((c) => c.ctx.flatMap((x) => x.frames));

test.serial("the runs are part of the kernel model's standard runs", (t) => {
  t.true(twoCpuRuns.length >= 8);
  for (const r of twoCpuRuns) t.truthy(kernelRuns.find((k) => k.id === r.id), r.id);
});

for (const run of twoCpuRuns) {
  test.serial(`${run.id}: explored completely, violated set as expected (${run.expected.violated?.join(", ") ?? run.expected.verdict})`, (t) => {
    const r = resultOf(run.id);
    t.true(r.complete, r.stopReason);
    t.true(matchesExpectation(r, run.expected), `got ${verdictOf(r)} ${violatedSet(r).join(", ")}; expected ${run.expected.violated?.join(", ") ?? ""}`);
    t.deepEqual([...violatedSet(r)].sort(), [...(run.expected.violated ?? [])].sort());
  });

  test.serial(`${run.id}: every counterexample replays by action name and ends in its violation`, (t) => {
    const model = buildKernelModel(run.params);
    const r = resultOf(run.id);
    for (const p of r.properties) {
      if (p.verdict !== "violated") continue;
      const v = p.violation!;
      let s = model.initStates()[0]!;
      const acts: KAction[] = [];
      const hits: AssertionHit[] = [];
      v.trace.forEach((step, i) => {
        acts.length = 0;
        model.actions(s, acts);
        const a = acts.find((x) => formatAction(x) === step.action);
        if (!a) throw new Error(`${p.name} step ${i + 1}: ${step.action} not enabled`);
        hits.length = 0;
        s = model.next(s, a, { fail: (h) => void hits.push(h) });
      });
      const prop = model.properties.find((q) => q.name === p.name)!;
      if (prop.kind === "assertion") t.true(hits.some((h) => h.property === p.name), `${p.name}: the last step raises it`);
      else t.false(prop.holds!(s), `${p.name}: the trace's last state violates it`);
    }
  });
}

test.serial("(a) intel_pt: R1 needs the migration — pt_event_add's -EBUSY is per CPU, so the trace switches in on the other CPU", (t) => {
  const v = resultOf("smp-migrate-intel_pt").properties.find((p) => p.name === "R1")!.violation!;
  const ins = v.trace.filter((s) => s.actionName === "sched_in").map((s) => s.params[0]);
  t.true(ins.length >= 2);
  t.not(ins[0], ins[ins.length - 1], "switched in on a different CPU the second time");
  t.deepEqual(v.callChain.slice(0, 3), ["perf_aux_output_begin", "pt_event_start", "pt_event_add"]);
});

test.serial("(a) cs_etm: after the migration the old CPU's handle still holds L's transaction while the task runs on the other CPU, and R2 says so", (t) => {
  // The switch-in's add on the new CPU fails (begin WARNs: etm_event_add → -EINVAL), so L is INACTIVE there.
  const stale = (s: KState): boolean => s.cpu.some((c, i) => c.etm.handle.event === "L" && s.cpu[1 - i]!.task_ctx_current);
  const r = probe({ scenario: "smp-migrate-throttled" }, [never("probe-stale-handle", (s) => stale(s) && s.cpu.every((c) => c.ctx.length === 0))]);
  const v = r.properties.find((p) => p.name === "probe-stale-handle")!;
  t.is(v.verdict, "violated", "reachable at a quiescent state");
  // replay it and read R2 on its last state
  const model = buildKernelModel({ scenario: "smp-migrate-throttled" });
  let s = model.initStates()[0]!;
  const acts: KAction[] = [];
  for (const step of v.violation!.trace) {
    acts.length = 0;
    model.actions(s, acts);
    s = model.next(s, acts.find((x) => formatAction(x) === step.action)!, { fail: () => {} });
  }
  t.regex(r2Violation(model.codec.decode(s)) ?? "", /holds a transaction of L/);
});

test.serial("(b) a tick on the other CPU unthrottles nothing; R1 (the seed WARN) needs the tick on the task's CPU", (t) => {
  const v = resultOf("smp-tick-cs_etm").properties.find((p) => p.name === "R1")!.violation!;
  const tick = v.trace.find((s) => s.actionName === "tick")!;
  const lastIn = v.trace.filter((s) => s.actionName === "sched_in").pop()!;
  t.is(tick.params[0], lastIn.params[0]);
  t.is(v.callChain[v.callChain.length - 1], "perf_event_task_tick");
  // a quiescent state after a tick on the other CPU, with the group still throttled and the task running
  const r = probe({ scenario: "smp-tick-other-cpu" }, [
    never("probe-tick-elsewhere", (s) => {
      const L = s.ev.L!;
      return s.cpu.every((c) => c.ctx.length === 0) && L.state === "ACTIVE" && L.hw.interrupts === "MAX" && s.budget.ticks === 0 && s.cpu[1 - L.oncpu]!.perf_throttled_seq === 1;
    }),
  ]);
  t.is(r.properties.find((p) => p.name === "probe-tick-elsewhere")!.verdict, "violated");
});

test.serial("(c) IOC_PERIOD from CPU1: __perf_event_period runs in an IPI on CPU0 while CPU1 spins in csd_lock_wait", (t) => {
  const v = resultOf("smp-ioc-period-remote").properties.find((p) => p.name === "R1")!.violation!;
  t.true(v.callChain.includes("__perf_event_period"));
  const r = probe({ scenario: "smp-ioc-period-remote" }, [
    never("probe-remote-period", (s) =>
      s.cpu[0]!.ctx.some((x) => x.kind === "IPI" && x.frames.some((f) => f.fn === "__perf_event_period")) &&
      s.cpu[1]!.ctx.some((x) => x.frames.some((f) => f.fn === "smp_call_function_single" && f.pc === "wait")),
    ),
  ]);
  t.is(r.properties.find((p) => p.name === "probe-remote-period")!.verdict, "violated");
});

test.serial("(c) IOC_PERIOD on a task event: task_function_call's -ESRCH and the ctx-inactive fallback are reachable", (t) => {
  const r = probe({ scenario: "smp-ioc-period-task" }, [
    never("probe-esrch", (s) => frames(s).some((f) => f.fn === "event_function_call" && f.pc === "tfc" && f.a.rv === ESRCH)),
    never("probe-remote-event-function", (s) => s.cpu.some((c) => c.ctx.some((x) => x.kind === "IPI" && x.frames.some((f) => f.fn === "event_function")))),
  ]);
  t.is(r.properties.find((p) => p.name === "probe-esrch")!.verdict, "violated");
  t.is(r.properties.find((p) => p.name === "probe-remote-event-function")!.verdict, "violated");
});

const eagain = never("probe-eagain", (s) => frames(s).some((f) => f.fn === "perf_event_stop" && f.pc === "retry" && f.a.rv === EAGAIN));

test.serial("(c) perf_event_stop's -EAGAIN retry: reachable when the mmap'ing task is preempted after reading oncpu and migrates", (t) => {
  const r = probe({ scenario: "smp-addr-filter-migrate" }, [eagain]);
  const v = r.properties.find((p) => p.name === "probe-eagain")!;
  t.is(v.verdict, "violated");
  const names = v.violation!.trace.map((s) => s.actionName);
  for (const n of ["mmap_filter", "perf_event_stop:oncpu", "preempt", "resume", "ipi", "__perf_event_stop:entry"]) t.true(names.includes(n), n);
  const ins = v.violation!.trace.filter((s) => s.actionName === "sched_in").map((s) => s.params[0]);
  t.not(ins[0], ins[ins.length - 1], "the task came back on the other CPU");
  const ipi = v.violation!.trace.find((s) => s.actionName === "ipi")!;
  t.is(ipi.params[0], ins[0], "the IPI goes to the CPU the task left");
});

test.serial("(c) without a preemptible rcu_read_lock (preempt_rcu=false) -EAGAIN is unreachable", (t) => {
  const r = probe({ scenario: "smp-addr-filter-migrate", preempt_rcu: false }, [eagain]);
  t.true(r.complete);
  t.is(r.properties.find((p) => p.name === "probe-eagain")!.verdict, "ok");
});

test.serial("ncpus=1 leaves the one-CPU model as it was: the IOC_PERIOD scenario has ioc-period-throttled's states", (t) => {
  const one = explore(buildKernelModel({ scenario: "smp-ioc-period-remote", ncpus: 1 }), {});
  const ref = explore(buildKernelModel({ scenario: "ioc-period-throttled" }), {});
  t.is(one.distinct, ref.distinct);
  t.is(one.generated, ref.generated);
  t.deepEqual(violatedSet(one), violatedSet(ref));
});

test.serial("ncpus=2 refuses the budgets whose paths assume one CPU", (t) => {
  t.throws(() => buildKernelModel({ scenario: "aux-irq-throttled", pmu: "arm_spe", ncpus: 2 }), { message: /auxirqs.*valid with ncpus=2/ });
  t.notThrows(() => buildKernelModel({ scenario: "munmap-orphan", ncpus: 2 }), "munmap: perf_pmu_output_stop's cpu_function_call per event_list entry");
  t.throws(() => buildKernelModel({ scenario: "smp-addr-filter-migrate", ncpus: 2, events: "-a -e {cs_etm//k,cycles/period=1000/}" }), { message: /per-task/ });
});
