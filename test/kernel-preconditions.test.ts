/**
 * Every operation's preconditions (models/kernel/environment/preconditions.ts), each probed: from a state that
 * meets the condition the operation is offered, from the same state with the condition broken it is not. Every
 * entry action of user space, the scheduler and the remote-ioctl IPIs has rows, and every row has a probe.
 */
import test from "ava";
import { InputError } from "../src/registry.ts";
import { PRECONDITIONS } from "../models/kernel/environment/preconditions.ts";
import { USER_SPACE_ACTIONS } from "../models/kernel/environment/user-space.ts";
import { SCHEDULER_ACTIONS } from "../models/kernel/environment/scheduler.ts";
import { buildConfig } from "../models/kernel/environment/perf-event-open.ts";
import { buildKernelModel, type KAction } from "../models/kernel/model.ts";
import type { KState } from "../models/kernel/interpreter/state.ts";
import { configFor } from "../models/kernel/harness.ts";

type Params = Record<string, string | number | boolean>;

/** The actions offered in the scenario's initial state after `edit`, as `name@cpu` (or `name` on one CPU). */
function offered(params: Params, edit: (k: KState) => void = () => {}): string[] {
  const m = buildKernelModel(params);
  const k = m.codec.decode(m.initStates()[0]!);
  edit(k);
  const out: KAction[] = [];
  m.actions(m.codec.encode(k), out);
  return out.map((a) => (typeof a.params[0] === "string" && a.params[0].startsWith("cpu") ? `${a.name}@${a.params[0]}` : a.name));
}

interface Probe {
  readonly params: Params;
  /** the state that meets the condition (default: the initial state) */
  readonly meet?: (k: KState) => void;
  /** the same state with the condition broken */
  readonly breakIt: (k: KState) => void;
  /** the action (name, or name@cpuN) offered in the first and not in the second */
  readonly action: string;
}

const both = (f: (k: KState) => void, g: (k: KState) => void) => (k: KState) => {
  f(k);
  g(k);
};
const lock = (l: string) => (k: KState) => void (k.locks[l] = true);
const state = (e: string, st: KState["ev"][string]["state"]) => (k: KState) => void (k.ev[e]!.state = st);
const current = (c: number) => (k: KState) => void (k.cpu[c]!.task_ctx_current = true);

const F4 = { scenario: "f4-set-output" };
const PROBES: Readonly<Record<string, Probe>> = {
  "enable/ctx-mutex": { params: { scenario: "seed-coresight-warn" }, breakIt: lock("ctx:cpu"), action: "enable" },
  "enable/off": { params: { scenario: "seed-coresight-warn" }, breakIt: (k) => Object.values(k.ev).forEach((e) => (e.state = "INACTIVE")), action: "enable" },
  "munmap/mapped": { params: { scenario: "f4-munmap-detach" }, breakIt: (k) => void (k.rb[0]!.aux_mmap_count = 0), action: "munmap" },
  "set_output/ctx-mutex": { params: F4, breakIt: lock("ctx:task"), action: "set_output@cpu1" },
  "set_output/mmap-mutex": { params: F4, breakIt: lock("mmap:L"), action: "set_output@cpu1" },
  "set_output/fd-open": { params: F4, breakIt: state("L", "DEAD"), action: "set_output@cpu1" },
  "detach/aux-unmapped": { params: { scenario: "f4-munmap-detach" }, meet: (k) => void (k.rb[0]!.aux_mmap_count = 0), breakIt: (k) => void (k.rb[0]!.aux_mmap_count = 1), action: "detach" },
  "detach/mmap-mutex": {
    params: { scenario: "f4-munmap-detach" },
    meet: (k) => void k.cpu[0]!.ctx.push({ kind: "task", irqoff: 0, frames: [{ fn: "perf_mmap_close_data", pc: "locked", a: { rb: 0, cur: "L", wait: "mmap:L" } }] }),
    breakIt: lock("mmap:L"),
    action: "perf_mmap_close_data:locked",
  },
  "close/ctx-mutex": { params: { scenario: "close-aux-leader" }, meet: state("L", "INACTIVE"), breakIt: lock("ctx:cpu"), action: "close" },
  "close/fd-open": { params: { scenario: "close-aux-leader" }, meet: state("L", "INACTIVE"), breakIt: state("L", "DEAD"), action: "close" },
  "sw_event/scheduled-in": {
    params: { scenario: "f3-sw-sibling" },
    meet: (k) => {
      const sw = Object.keys(k.ev).find((id) => id !== "L" && k.ev[id]!.hw.idx === -1 && id.startsWith("S"))!;
      k.ev[sw]!.state = "ACTIVE";
      k.ev[sw]!.oncpu = 0;
      k.ev[sw]!.hw.state = 0;
    },
    breakIt: (k) => Object.values(k.ev).forEach((e) => (e.hw.state |= 1)),
    action: "sw_event",
  },
  "ioctl_period/ctx-mutex": { params: { scenario: "smp-ioc-period-remote" }, breakIt: lock("ctx:cpu"), action: "ioctl_period@cpu0" },
  "ioctl_period/tool-cpu": { params: { scenario: "smp-ioc-period-task" }, meet: current(1), breakIt: current(0), action: "ioctl_period@cpu0" },
  "set_filter/ctx-mutex": { params: { scenario: "smp-addr-filter-remote" }, breakIt: lock("ctx:cpu"), action: "set_filter@cpu1" },
  "mmap_filter/current": { params: { scenario: "smp-addr-filter-migrate" }, meet: current(1), breakIt: (k) => void (k.cpu[1]!.task_ctx_current = false), action: "mmap_filter@cpu1" },
  "ioc_period/ctx-mutex": { params: { scenario: "f3-guard-ioc" }, breakIt: lock("ctx:cpu"), action: "ioc_period" },
  "addr_filter_restart/ctx-mutex": { params: { scenario: "addr-filter-restart" }, meet: state("L", "ACTIVE"), breakIt: lock("ctx:cpu"), action: "addr_filter_restart" },
  "addr_filter_restart/active": { params: { scenario: "addr-filter-restart" }, meet: state("L", "ACTIVE"), breakIt: state("L", "INACTIVE"), action: "addr_filter_restart" },
  "sched_in/affinity": { params: F4, breakIt: () => {}, action: "sched_in@cpu1" },
  "sched_in/one-cpu-at-a-time": { params: { scenario: "smp-migrate-throttled" }, breakIt: current(0), action: "sched_in@cpu1" },
};

/** Rows probed otherwise (a configuration the kernel refuses, or a budget that never offers it), with the test below. */
const OTHERWISE = new Set(["set_output/no-own-mmap", "set_output/earlier-redirect"]);

test("every operation has its preconditions listed, and every row a probe", (t) => {
  const ops = new Set(PRECONDITIONS.map((p) => p.id.split("/")[0]));
  for (const a of [...USER_SPACE_ACTIONS, ...SCHEDULER_ACTIONS]) {
    if (a.name === "preempt" || a.name === "resume") continue; // the self issuer's preemption point (scheduler.ts header)
    if (a.name === "sched_out") continue; // where the task is current, not inside its own preempted syscall: scheduler.ts
    t.true(ops.has(a.name), `${a.name} has no precondition rows`);
  }
  for (const op of ["ioc_period", "addr_filter_restart"]) t.true(ops.has(op), op);
  t.deepEqual(new Set(PRECONDITIONS.map((p) => p.id)).size, PRECONDITIONS.length, "ids are unique");
  for (const p of PRECONDITIONS) t.true(p.id in PROBES || OTHERWISE.has(p.id), `${p.id} has no probe`);
  for (const id of Object.keys(PROBES)) t.truthy(PRECONDITIONS.find((p) => p.id === id), `probe ${id} has no row`);
});

for (const [id, p] of Object.entries(PROBES)) {
  test(`${id}: offered when the condition holds, not when it is broken`, (t) => {
    const meet = p.meet ?? (() => {});
    if (id !== "sched_in/affinity") t.true(offered(p.params, meet).includes(p.action), `${p.action} offered`);
    t.false(offered(p.params, both(meet, p.breakIt)).includes(p.action), `${p.action} not offered`);
  });
}

test("sched_in/affinity: the pinned task is switched in on its CPU only", (t) => {
  t.true(offered(F4).includes("sched_in@cpu0"));
  t.false(offered(F4).includes("sched_in@cpu1"));
});

test("set_output/no-own-mmap: the rb owner's SET_OUTPUT is never offered; an event redirected into another's rb is", (t) => {
  // per-CPU session: perf record mmaps L (the AUX event) itself
  t.false(offered({ scenario: "f4-munmap-detach", setoutputs: 1 }).includes("set_output"));
  t.true(offered(F4).includes("set_output@cpu1"));
});

test("set_output/earlier-redirect: an rb of another task's event needs per-task events bound to a CPU", (t) => {
  const cfg = configFor(F4);
  const opts = { events: "", pmu: "cs_etm", patch: "none", params: cfg.params, budgets: cfg.budgets, fns: cfg.fns, ncpus: 2 };
  t.notThrows(() => buildConfig(cfg.scenario, opts));
  const e = t.throws(() => buildConfig({ ...cfg.scenario, taskEventCpu: undefined }, opts));
  t.true(e instanceof InputError);
  t.regex(e!.message, /same task|bound to a CPU/);
});
