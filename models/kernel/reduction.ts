/**
 * The kernel model's declared independence, for `--por` (src/reduction/por.ts part 3).
 * No symmetry is declared: events are bound to CPUs (per-CPU sessions) or the task starts on CPU0,
 * the scenarios' issuers sit on given CPUs, so the two CPUs are not interchangeable.
 *
 * PROCESSES: the CPUs (an action's CPU is its `cpuN` parameter). With one CPU there is a single
 * process, so no proper ample set exists and `--por` explores the full graph: on one CPU every
 * step is dependent on the interrupt entries that can preempt it (an NMI entry disables the step
 * of the context it interrupts), which is why the reduction only applies across CPUs.
 *
 * CPU c's PRIVATE state: `cpu[c].{ctx, perf_throttled_count, perf_throttled_seq, pmu, etm, spe,
 * pt}` (its contexts' stacks and locals, its PMU, its trace units). Not private: `ev`, `rb`,
 * `budget`, `ghost`, `smp`, and `cpu[c].csd` (the sender writes it) and `cpu[c].task_ctx_current`
 * (read by the other CPU's event_function_call fallback). One view of `cpu[c].ctx` is shared:
 * whether c is in the middle of a context switch of the task (`switchingView`: a frame of
 * `__perf_event_task_sched_in/out`), which core.ts and environment/scheduler.ts read for every CPU (`switching()`: the
 * event_function_call fallback step, and `taskCpuNow` in the sched_in guard); so a step is only
 * ample if it leaves that view unchanged. Every other step and entry of the model indexes
 * `k.cpu[x.cpu]` (its own CPU) for the private fields; test/reduction.test.ts checks over the
 * reachable states of the two-CPU runs that no action of one CPU writes another CPU's private
 * state, and that no step reads it except the fallback's `switching()` read.
 *
 * safe(s, c) (C1) holds only when CPU c's ONLY enabled action is the step of its innermost context,
 * that step touches only c's private state (found by running it on a read/write-tracking view of
 * the state: `trackStep`), and no other action of c can become enabled while c does not move:
 *   - c is inside a context with IRQs off (an NMI, IRQ, IPI, the tick, or a task section with
 *     local_irq_save): no tick, IPI, csd IPI, PMU IRQ, irq_work, preemption; no task-level operation
 *     (those need an idle CPU);
 *   - no NMI can be taken (no latched overflow while outside an NMI; ToPA PMI likewise), and no
 *     hardware event of c can fire: an overflow, buffer_full or aux_fill consumes a shared budget
 *     (dependent on the other CPU's), so c must have none of them possible (budget 0, or c's own
 *     counters / trace unit not in a state to produce one; that state is private to c).
 * Then the other CPU's actions neither read nor write anything the step reads or writes (they
 * commute, with the same assertions), the step's guard (c's innermost frame) is private, and the
 * step is the only action of c until c moves: C1.
 *
 * invisible(s, a) (C2) for that step: it raises no assertion; CPU c has a context before and after
 * (so quiescent() is false before and after, whatever the other CPU does: the `quiescent`
 * invariants and R7's quiescent part are not evaluated); user-pause-dropped reads only the ghost; and R6 / R6-aux, whose
 * CPU-c part reads c's contexts (the NMI / unthrottle-path exemption), the enables of c's counters
 * and trace units, and the shared event state, sees the same c-inputs after the step (R7's R6 part,
 * with the AUX-only filter, reads the same inputs). Since the step writes only c's private state,
 * this holds at every state the other CPU can lead to. The engine re-checks it at the state.
 * If the model gains another `always` property, or a property kind this file does not know, the
 * declaration switches itself off (safe is false): a wrong independence would lose violations.
 * Liveness properties (lockups, throttle progress) are not checked under --por (src/explore.ts: their
 * verdict is "unchecked"), so they ask nothing of the declaration; deadlocks are kept by any ample set
 * that is non-empty where the full set is (a deadlock of the reduced graph is one of the full graph,
 * and C1 leaves every deadlock reachable).
 */
import { Immer, type Draft } from "immer";
import { isLiveness } from "../../src/liveness/check.ts";
import type { PartialOrder } from "../../src/model.ts";
import { THROTTLE_CLEARING_PATHS } from "../../invariants/kernel/R6-nmi-throttle-sticks.ts";
import type { Config } from "./interpreter/config.ts";
import { isPmuInterruptContext } from "./interpreter/ghost.ts";
import { innermost, runStep, type KAction } from "./interpreter/machine.ts";
import type { KernelModel } from "./model.ts";
import type { Words } from "./interpreter/state-codec.ts";
import { etmTracing, speTracing, type CpuState, type KState } from "./interpreter/state.ts";

const immer = new Immer({ autoFreeze: false });

/** The fields of `cpu[c]` only CPU c reads or writes. */
export const PRIVATE_CPU_FIELDS: ReadonlySet<string> = new Set(["ctx", "perf_throttled_count", "perf_throttled_seq", "pmu", "etm", "spe", "pt"]);

/** What a step touched: top-level regions (`ev`, `rb`, `budget`, `ghost`, `smp`, ...) and `cpuN.field`. */
export interface Footprint {
  readonly touched: ReadonlySet<string>;
  readonly hits: number;
  readonly after: KState;
}

/** Runs the next step of CPU c's innermost context on a view of the state that records every region it reads or writes. */
export function trackStep(s: KState, c: number, cfg: Config): Footprint {
  const touched = new Set<string>();
  let hits = 0;
  const after = immer.produce(s, (draft) => {
    runStep(trackingView(draft, touched), c, cfg, () => {
      hits++;
    });
  });
  return { touched, hits, after };
}

function trackingView(draft: Draft<KState>, touched: Set<string>): Draft<KState> {
  const cpuElement = (i: string, target: object): object =>
    new Proxy(target, {
      get(t, p) {
        if (typeof p === "string") touched.add(`cpu${i}.${p}`);
        return Reflect.get(t, p);
      },
      set(t, p, v) {
        touched.add(`cpu${i}.${String(p)}`);
        return Reflect.set(t, p, v);
      },
      deleteProperty(t, p) {
        touched.add(`cpu${i}.${String(p)}`);
        return Reflect.deleteProperty(t, p);
      },
    });
  const cpuArray = (target: object): object =>
    new Proxy(target, {
      get(t, p) {
        const v = Reflect.get(t, p);
        if (typeof p === "string" && /^\d+$/.test(p) && v !== null && typeof v === "object") return cpuElement(p, v as object);
        return v;
      },
      set(t, p, v) {
        touched.add(`cpu${String(p)}`);
        return Reflect.set(t, p, v);
      },
    });
  return new Proxy(draft, {
    get(t, p) {
      const v = Reflect.get(t, p);
      if (p === "cpu") return cpuArray(v as object);
      if (typeof p === "string") touched.add(p);
      return v;
    },
    set(t, p, v) {
      touched.add(String(p));
      return Reflect.set(t, p, v);
    },
  }) as Draft<KState>;
}

/** The part of cpu[c].ctx other CPUs read (core.ts `switching()`, duplicated here: keep the two in step). */
export function switchingView(cpu: CpuState): boolean {
  return cpu.ctx.some((x) => x.frames.some((f) => f.fn === "__perf_event_task_sched_in" || f.fn === "__perf_event_task_sched_out"));
}

/** The inputs of R6's (and R7's R6 part's) CPU-c term that live in cpu[c]: "exempt", or the running state of c's hardware. */
export function r6Inputs(cpu: CpuState): string {
  if (cpu.ctx.some((x) => isPmuInterruptContext(x)) || cpu.ctx.some((x) => x.frames.some((f) => THROTTLE_CLEARING_PATHS.has(f.fn)))) return "exempt";
  const ctr = Object.keys(cpu.pmu.ctr)
    .sort()
    .map((i) => `${i}:${cpu.pmu.ctr[i]!.en ? 1 : 0}`)
    .join(",");
  return `${ctr}|${etmTracing(cpu) ? 1 : 0}|${speTracing(cpu) ? 1 : 0}|${cpu.pt.trace_en ? 1 : 0}`;
}

/**
 * The `always` properties this declaration knows to be invisible to an ample step: R6 and R6-aux read, for CPU c,
 * exactly r6Inputs(cpu[c]) plus shared event state; user-pause-dropped reads only the ghost, which an ample step
 * (private fields only) never writes.
 */
const KNOWN_ALWAYS = new Set(["R6", "R6-aux", "user-pause-dropped"]);

export function cpuOfAction(cfg: Config, a: KAction): number {
  return cfg.ncpus > 1 ? Number(String(a.params[0]).slice(3)) : 0;
}

/** The kernel model with its partial-order declaration (see the file comment). */
export function withReduction(cfg: Config, model: KernelModel): KernelModel {
  const understood = model.properties.every(
    (p) => p.kind === "assertion" || p.kind === "quiescent" || p.kind === "deadlock" || isLiveness(p) || (p.kind === "always" && KNOWN_ALWAYS.has(p.name)),
  );
  // one-entry memo: the engine asks safe(s, c) then invisible(s, a) for the same state
  let memoState: Words | null = null;
  let memoCpu = -1;
  let memo: { safe: boolean; label: string | null; invisible: boolean } = { safe: false, label: null, invisible: false };
  const enabled: KAction[] = [];

  const judge = (s: Words, c: number): typeof memo => {
    if (memoState === s && memoCpu === c) return memo;
    memoState = s;
    memoCpu = c;
    memo = judgeUncached(s, c);
    return memo;
  };

  const judgeUncached = (w: Words, c: number): typeof memo => {
    const no = { safe: false, label: null, invisible: false };
    if (!understood || cfg.ncpus < 2) return no;
    const s = model.codec.decode(w);
    const cpu = s.cpu[c]!;
    const top = innermost(s, c);
    if (top === null) return no; // task-level operations possible
    if (top.kind === "task" && top.irqoff === 0) return no; // IRQs on: tick, IPIs, preemption
    const ovfLatched = Object.values(cpu.pmu.ctr).some((x) => x.ovf);
    const inNmi = cpu.ctx.some((x) => x.kind === "NMI");
    if (ovfLatched && !inNmi) return no; // the PMU NMI can be taken (visible: it exempts the CPU from R6)
    if (s.budget.overflows > 0 && Object.values(cpu.pmu.ctr).some((x) => x.en && !x.ovf)) return no;
    if (s.budget.auxirqs > 0 && (speTracing(cpu) || cpu.pt.trace_en)) return no;
    if (cpu.pt.pmi && !inNmi) return no;
    if (cpu.spe.pmbsr !== null) return no;
    if (s.budget.fills > 0 && etmTracing(cpu)) return no;
    // Robustness: c's enabled actions must be exactly its innermost step.
    enabled.length = 0;
    model.actions(w, enabled);
    const f = top.frames[top.frames.length - 1]!;
    const label = `${f.fn}:${f.pc}`;
    const mine = enabled.filter((a) => cpuOfAction(cfg, a) === c);
    if (mine.length !== 1 || mine[0]!.name !== label) return no;
    const fp = trackStep(s, c, cfg);
    for (const r of fp.touched) {
      const m = /^cpu(\d+)\.(.+)$/.exec(r);
      if (!m || Number(m[1]) !== c || !PRIVATE_CPU_FIELDS.has(m[2]!)) return no;
    }
    if (switchingView(fp.after.cpu[c]!) !== switchingView(cpu)) return no; // the other CPU reads it
    const invisible = fp.hits === 0 && fp.after.cpu[c]!.ctx.length > 0 && r6Inputs(fp.after.cpu[c]!) === r6Inputs(cpu);
    return { safe: true, label, invisible };
  };

  const partialOrder: PartialOrder<Words, KAction> = {
    process: (_s, a) => cpuOfAction(cfg, a),
    safe: (s, c) => judge(s, c).safe,
    invisible(s, a) {
      const c = cpuOfAction(cfg, a);
      const j = judge(s, c);
      return j.safe && j.invisible && a.name === j.label;
    },
  };
  return { ...model, partialOrder };
}
