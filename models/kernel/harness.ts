/**
 * A harness for stepping kernel functions outside the search: push one context with one entry
 * frame onto a (hand-built) state and run its atomic steps until the context ends, with nothing
 * interleaved. Used by the unit tests (each modelled function from a hand-built state, compared
 * with kernel-semantics.md §4's rows) and handy for debugging a function in isolation.
 */
import { Immer, type Draft } from "immer";
import type { Params } from "../../src/registry.ts";
import type { Config } from "./interpreter/config.ts";
import { runStep } from "./interpreter/machine.ts";
import { buildKernelConfig, initialState } from "./model.ts";
import type { ContextKind, KState, Val } from "./interpreter/state.ts";

const immer = new Immer({ autoFreeze: false });

export interface Hit {
  readonly property: string;
  readonly message: string;
  readonly callChain: readonly string[];
}

export interface RunResult {
  readonly state: KState;
  readonly hits: readonly Hit[];
  /** the labels of the atomic steps, in order */
  readonly steps: readonly string[];
}

export function configFor(params: Params): Config {
  return buildKernelConfig(params);
}

/** Applies hand edits to a state (immer recipe). */
export function edit(s: KState, recipe: (k: Draft<KState>) => void): KState {
  return immer.produce(s, recipe);
}

/** Pushes a context running `fn(args)` on `cpu` and runs it to its end. */
export function runContext(cfg: Config, s: KState, kind: ContextKind, fn: string, args: Record<string, Val> = {}, opts: { cpu?: number; irqoff?: number } = {}): RunResult {
  const cpu = opts.cpu ?? 0;
  const hits: Hit[] = [];
  const steps: string[] = [];
  let state = edit(s, (k) => {
    k.cpu[cpu]!.ctx.push({ kind, irqoff: opts.irqoff ?? (kind === "task" ? 1 : 0), frames: [{ fn, pc: "entry", a: { ...args } }] });
  });
  const depth = s.cpu[cpu]!.ctx.length;
  for (let n = 0; state.cpu[cpu]!.ctx.length > depth; n++) {
    if (n > 10_000) throw new Error(`${fn} does not terminate`);
    state = edit(state, (k) => {
      steps.push(runStep(k, cpu, cfg, (property, message, callChain) => hits.push({ property, message, callChain })));
    });
  }
  return { state, hits, steps };
}

/** Runs the innermost context already on `cpu` (e.g. one an interrupt was taken inside) until it ends. */
export function finish(cfg: Config, s: KState, cpu = 0): RunResult {
  const hits: Hit[] = [];
  const steps: string[] = [];
  const depth = s.cpu[cpu]!.ctx.length - 1;
  if (depth < 0) throw new Error(`cpu${cpu}: no context to finish`);
  let state = s;
  for (let n = 0; state.cpu[cpu]!.ctx.length > depth; n++) {
    if (n > 10_000) throw new Error("the context does not terminate");
    state = edit(state, (k) => {
      steps.push(runStep(k, cpu, cfg, (property, message, callChain) => hits.push({ property, message, callChain })));
    });
  }
  return { state, hits, steps };
}

/** Latches the PMOVS bit of a counter event (the hardware overflow). */
export function latch(s: KState, id: string): KState {
  return edit(s, (k) => {
    const idx = k.ev[id]!.hw.idx;
    if (idx < 0) throw new Error(`${id} is not on a counter`);
    k.cpu[0]!.pmu.ctr[String(idx)]!.ovf = true;
  });
}

/** The state once the events are scheduled in: perf record's enable (per-CPU) or the task's sched-in (per-task), run to completion. */
export function installed(cfg: Config): KState {
  const s0 = initialState(cfg);
  if (cfg.mode === "per-task") return runContext(cfg, s0, "task", "__perf_event_task_sched_in").state;
  let s = s0;
  for (const l of cfg.leaders) s = runContext(cfg, s, "task", "__perf_event_enable", { e: l }).state;
  return s;
}

/** One PMU interrupt with `ids` latched, run to completion. */
export function pmuInterrupt(cfg: Config, s: KState, ...ids: string[]): RunResult {
  let t = s;
  for (const id of ids) t = latch(t, id);
  return runContext(cfg, t, "NMI", "armv8pmu_handle_irq");
}
