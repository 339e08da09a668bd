/**
 * A small interpreter for kernel functions written as labelled atomic steps (PlusCal style).
 *
 * A kernel function is `{ name, cite, steps: { entry(k, f, x) {...}, label2(...) {...} } }`.
 * A step mutates the immer draft `k` (the whole kernel state) and the frame `f` (arguments and
 * locals in `f.a`), then returns one of:
 *   - `goto(label)`: end of the atomic step; the next step of this frame is `label`. An
 *     interrupt (NMI; or tick/IPI where IRQs are on) may land here.
 *   - `jump(label)`: continue at `label` inside the same atomic step (for branches that skip
 *     only unmodelled, state-free code, so that no redundant interleaving point appears).
 *   - `call(fn, args, resume)`: push a frame for `fn` (looked up by name in the function table,
 *     so that a patch can replace it); the callee's `entry` is the next atomic step. When it
 *     returns, this frame continues at `resume` with the return value in `f.a.rv`;
 *     `call(fn, args, resume, "ret")` puts it in `f.a.ret` instead, as C's `ret = fn(args);`.
 *   - `ret(value)`: pop this frame (end of the atomic step). When a context's last frame
 *     returns, the context ends and the interrupted one resumes.
 *
 * The call stack is state, so every step of a trace shows its context and call chain, and a
 * WARN reports the chain the way the kernel's "Call trace:" does (innermost first).
 */
import type { Action } from "../../../src/model.ts";
import type { Config } from "./config.ts";
import type { Context, ContextKind, Frame, KState, Val } from "./state.ts";
import { probeEntry, probeReturn } from "./ghost.ts";
import { releaseAtExit } from "./locks.ts";

/** An action of the kernel model: the next step of a CPU's running context (named `fn:label`), or an entry action. */
export interface KAction extends Action {
  readonly name: string;
  readonly params: readonly (string | number)[];
  readonly context: string;
}

export type Next =
  | { readonly t: "goto"; readonly pc: string }
  | { readonly t: "jump"; readonly pc: string }
  | { readonly t: "call"; readonly fn: string; readonly args: Record<string, Val>; readonly resume: string; readonly into?: string }
  | { readonly t: "ret"; readonly v: Val };

export const goto = (pc: string): Next => ({ t: "goto", pc });
export const jump = (pc: string): Next => ({ t: "jump", pc });
/** `call(fn, args, resume)`, or with `into`: C's `into = fn(args);` (the return value in the local `into`, not `rv`). */
export const call = (fn: string, args: Record<string, Val>, resume: string, into?: string): Next => (into === undefined ? { t: "call", fn, args, resume } : { t: "call", fn, args, resume, into });

/** The caller's local that holds where a callee's return value goes (`call(..., into)`), while the callee runs. */
export const INTO = "$into";
export const ret = (v: Val = null): Next => ({ t: "ret", v });

/** What a step may use besides the state: where it runs, the static configuration, WARN reporting. */
export interface Exec {
  readonly cpu: number;
  readonly ctx: ContextKind;
  readonly cfg: Config;
  /** WARN_ON(...) fired: the property named by an assertion invariant, with the condition as message. */
  fail(property: string, message: string): void;
  /** local_irq_save()/restore() in task context (no effect in interrupt contexts, which run with IRQs off). */
  irqSave(): void;
  irqRestore(): void;
  /**
   * in_atomic(): the step runs in an interrupt (NMI, IRQ, the tick, an IPI) or in task code that the model runs with
   * IRQs off — every such section is also non-preemptible in the kernel (the context switch under the rq lock,
   * smp_call_function_single's get_cpu(), perf_swevent's preempt_disable, event_function's raw lock).
   */
  atomic(): boolean;
}

export type Step = (k: KState, f: Frame, x: Exec) => Next;

/** A kernel function as written: its name, citation, steps and the labels reached only by `jump`. */
export interface KFunctionDef {
  readonly name: string;
  /** kernel file, function, reference section, version followed */
  readonly cite: string;
  /** `entry` is the first step */
  readonly steps: Readonly<Record<string, Step>>;
  /**
   * Labels entered only by `jump` (code that continues the current atomic step, not an
   * interleaving point). They are not actions; `goto`/`call` may not resume at them.
   */
  readonly blocks?: readonly string[];
  /**
   * Steps that begin with `mutex_lock(f.a.wait)` (interpreter/locks.ts mutexLock): such a step is not an enabled
   * action while another context holds that lock (the task sleeps in mutex_lock).
   */
  readonly mutexSteps?: readonly string[];
}

/** A kernel function ready to run (built by `kfn`): the definition plus its `fn:label` names, computed once. */
export interface KFunction extends KFunctionDef {
  /** label -> `fn:label` (action names, coverage) */
  readonly labelName: Readonly<Record<string, string>>;
  readonly blockSet: ReadonlySet<string>;
  readonly mutexSet: ReadonlySet<string>;
}

export function kfn(def: KFunctionDef): KFunction {
  if (!def.steps.entry) throw new Error(`${def.name}: no entry step`);
  for (const b of def.blocks ?? []) if (!def.steps[b] || b === "entry") throw new Error(`${def.name}: bad block ${b}`);
  for (const m of def.mutexSteps ?? []) if (!def.steps[m] || (def.blocks ?? []).includes(m)) throw new Error(`${def.name}: bad mutex step ${m}`);
  const labelName: Record<string, string> = {};
  for (const label of Object.keys(def.steps)) labelName[label] = `${def.name}:${label}`;
  return { ...def, labelName, blockSet: new Set(def.blocks ?? []), mutexSet: new Set(def.mutexSteps ?? []) };
}

/** Every label (steps and blocks) executed in this process, for the coverage test. */
export const executedLabels = new Set<string>();

export type FunctionTable = Readonly<Record<string, KFunction>>;

export function tableOf(...groups: readonly KFunction[][]): Record<string, KFunction> {
  const t: Record<string, KFunction> = {};
  for (const g of groups) for (const f of g) t[f.name] = f;
  return t;
}

/** Every `fn:label` that starts an atomic step (the model's action names, for coverage). */
export function stepLabels(table: FunctionTable): string[] {
  const out: string[] = [];
  for (const name of Object.keys(table).sort()) {
    const f = table[name]!;
    for (const label of Object.keys(f.steps)) if (!f.blockSet.has(label)) out.push(f.labelName[label]!);
  }
  return out;
}

/** Every `fn:label`, blocks included. */
export function allLabels(table: FunctionTable): string[] {
  const out: string[] = [];
  for (const name of Object.keys(table).sort()) for (const label of Object.keys(table[name]!.steps)) out.push(`${name}:${label}`);
  return out;
}

const MAX_JUMPS = 64;

/** Where a WARN goes: the property, the condition, the call chain (innermost first). */
export type FailSink = (property: string, message: string, chain: string[]) => void;

/**
 * The `Exec` of the step being run. One object, reset for every step (runStep is not re-entered while a
 * step runs), so that a step allocates nothing for it.
 */
class StepExec implements Exec {
  cpu = 0;
  ctx: ContextKind = "task";
  cfg!: Config;
  context!: Context;
  sink!: FailSink;
  fail(property: string, message: string): void {
    const chain: string[] = [];
    const frames = this.context.frames;
    for (let i = frames.length - 1; i >= 0; i--) chain.push(frames[i]!.fn);
    this.sink(property, message, chain);
  }
  irqSave(): void {
    if (this.context.kind === "task") this.context.irqoff++;
  }
  irqRestore(): void {
    if (this.context.kind === "task") this.context.irqoff--;
  }
  atomic(): boolean {
    return this.context.kind !== "task" || this.context.irqoff > 0;
  }
}
const exec = new StepExec();

/**
 * Runs the next atomic step of the innermost context of CPU `cpu` on the state `k` (mutated).
 * Returns the label that ran (`fn:pc`).
 */
export function runStep(k: KState, cpu: number, cfg: Config, fail: FailSink): string {
  const c = k.cpu[cpu]!;
  const ctx = c.ctx[c.ctx.length - 1];
  if (!ctx) throw new Error(`cpu${cpu}: no running context`);
  const f = ctx.frames[ctx.frames.length - 1]!;
  const fns = cfg.fns;
  const first = fns[f.fn];
  if (!first) throw new Error(`unknown kernel function ${f.fn}`);
  const label = first.labelName[f.pc];
  if (label === undefined) throw new Error(`${f.fn}: no step '${f.pc}'`);
  const x = exec;
  x.cpu = cpu;
  x.ctx = ctx.kind;
  x.cfg = cfg;
  x.context = ctx;
  x.sink = fail;
  if (f.pc === "entry") probeEntry(k, ctx, f, x);
  for (let n = 0; ; n++) {
    if (n > MAX_JUMPS) throw new Error(`${label}: jump loop`);
    const fn = fns[f.fn]!;
    const step = fn.steps[f.pc];
    if (!step) throw new Error(`${f.fn}: no step '${f.pc}'`);
    executedLabels.add(fn.labelName[f.pc]!);
    const r = step(k, f, x);
    switch (r.t) {
      case "jump":
        f.pc = r.pc;
        continue;
      case "goto":
        if (fn.blockSet.has(r.pc)) throw new Error(`${f.fn}: goto to block ${r.pc}`);
        f.pc = r.pc;
        return label;
      case "call":
        if (!fns[r.fn]) throw new Error(`${f.fn}:${f.pc} calls unknown function ${r.fn}`);
        if (fn.blockSet.has(r.resume)) throw new Error(`${f.fn}: resume at block ${r.resume}`);
        f.pc = r.resume;
        if (r.into !== undefined) f.a[INTO] = r.into;
        // the argument object a step passes to call() is a fresh literal: it becomes the callee's frame
        ctx.frames.push({ fn: r.fn, pc: "entry", a: r.args });
        return label;
      case "ret": {
        probeReturn(k, ctx, f, x);
        ctx.frames.pop();
        const caller = ctx.frames[ctx.frames.length - 1];
        if (caller) {
          const into = caller.a[INTO];
          if (typeof into === "string") {
            caller.a[into] = r.v;
            delete caller.a[INTO];
          } else caller.a.rv = r.v;
        } else {
          releaseAtExit(k, f);
          c.ctx.pop();
        }
        return label;
      }
    }
  }
}

/** The innermost context of a CPU, or null. */
export function innermost(k: KState, cpu: number) {
  const c = k.cpu[cpu]!;
  return c.ctx.length ? c.ctx[c.ctx.length - 1]! : null;
}

/** Function names of a context's stack, innermost first. */
export function chainOf(frames: readonly Frame[]): string[] {
  const out: string[] = [];
  for (let i = frames.length - 1; i >= 0; i--) out.push(frames[i]!.fn);
  return out;
}

/** Pushes a new context running `fn(args)` on a CPU (an interrupt entry, or a task entering the kernel). */
export function pushContext(k: KState, cpu: number, kind: ContextKind, fn: string, args: Record<string, Val>, irqoff: number): void {
  k.cpu[cpu]!.ctx.push({ kind, irqoff, frames: [{ fn, pc: "entry", a: args }] });
}

/** Interrupts other than NMIs may land: no context, or task code outside IRQs-off sections. */
export function irqsEnabled(top: Context | null): boolean {
  return top === null || (top.kind === "task" && top.irqoff === 0);
}

/**
 * `WARN_ON(condition)` / `WARN_ON_ONCE(condition)` at a kernel WARN site: when the condition holds, the site's
 * assertion property (invariants/kernel/assertions.ts) is raised; returns the condition, as the macro does, so that
 * `if (WARN_ON(x, cond, site, text)) return ...` reads like the C. A WARN does not stop the step.
 */
export function WARN_ON(x: Exec, condition: boolean, site: string, text: string): boolean {
  if (condition) x.fail(site, text);
  return condition;
}
