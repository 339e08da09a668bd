/**
 * Issue 6: two CPUs. The cross-CPU function calls of kernel/events/core.c and kernel/smp.c, the task-level
 * operations that issue them from the other CPU, and the profiled task's migration. model.ts calls the hooks
 * `smpActions` / `smpNext` / `smpBlocked` only when ncpus = 2; with one CPU nothing here runs and every
 * one-CPU run keeps its states.
 *
 * Read for this model ([LY-core] Leo-Yan/linux kernel/events/core.c @01b0793e, the reference's own copy;
 * kernel-semantics.md §2.3 caller 3, §2.5, §2.6):
 *
 *   remote_function(data):            // the IPI side of cpu_function_call / task_function_call
 *       if (p) { if (task_cpu(p) != smp_processor_id()) return;      // ret stays -EAGAIN
 *                tfc->ret = -ESRCH; if (p != current) return; }
 *       tfc->ret = tfc->func(tfc->info);
 *   task_function_call(p, func, info): data.ret = -EAGAIN;
 *       for (;;) { ret = smp_call_function_single(task_cpu(p), remote_function, &data, 1);
 *                  if (!ret) ret = data.ret; if (ret != -EAGAIN) break; cond_resched(); }
 *   cpu_function_call(cpu, func, info): data = { .p = NULL, .ret = -ENXIO };
 *       smp_call_function_single(cpu, remote_function, &data, 1); return data.ret;
 *   event_function(info):             // IRQs off, perf_ctx_lock(cpuctx, cpuctx->task_ctx)
 *       if (ctx->task) { if (ctx->task != current) { ret = -ESRCH; goto unlock; }
 *                        WARN_ON_ONCE(!ctx->is_active); WARN_ON_ONCE(task_ctx != ctx); }
 *       else WARN_ON_ONCE(&cpuctx->ctx != ctx);
 *       efs->func(event, cpuctx, ctx, efs->data);
 *   event_function_call(event, func, data):
 *       if (!task) { cpu_function_call(event->cpu, event_function, &efs); return; }
 *       again: if (!task_function_call(task, event_function, &efs)) return;
 *       local_irq_disable(); perf_ctx_lock(cpuctx, ctx); task = ctx->task; ...
 *       if (ctx->is_active) { perf_ctx_unlock; local_irq_enable(); goto again; }
 *       func(event, NULL, ctx, data); perf_ctx_unlock; local_irq_enable();
 *   perf_event_stop(event, restart):  do { if (READ_ONCE(event->state) != ACTIVE) return 0; smp_rmb();
 *       ret = cpu_function_call(READ_ONCE(event->oncpu), __perf_event_stop, &sd); } while (ret == -EAGAIN);
 *   __perf_event_stop: ACTIVE re-check; "There is a window with interrupts enabled before we get here, so we
 *       need to check again lest we try to stop another CPU's event": oncpu != smp_processor_id() → -EAGAIN.
 *   __perf_addr_filters_adjust (from perf_event_mmap → perf_addr_filters_adjust, under rcu_read_lock(), in the
 *       mmap'ing task, for current->perf_event_ctxp): ... if (restart) perf_event_stop(event, 1);
 *   perf_event_addr_filters_apply (PERF_EVENT_IOC_SET_FILTER): ... event->addr_filters_gen++; perf_event_stop(event, 1);
 * kernel/smp.c smp_call_function_single(cpu, func, info, wait = 1): this_cpu = get_cpu() (preemption off);
 *   cpu == this_cpu → local_irq_save; func(info); local_irq_restore. Offline / invalid cpu → -ENXIO. Else queue
 *   the csd on cpu's call_single_queue, send IPI_CALL_FUNC, csd_lock_wait() (spinning, IRQs on); put_cpu().
 *   The target runs it from generic_smp_call_function_single_interrupt() (hardirq) and csd_unlock()s it.
 *
 * Folded (each named): cpu_function_call into its callers (it only builds remote_function_call{.p = NULL}, and
 * remote_function with p == NULL only calls func); _perf_event_period's argument checks; the period value
 * (not modelled, as in one-CPU runs); perf_ctx_lock / ctx->lock (every modelled user of the lock runs with IRQs
 * off on the CPU where the ctx is active, and the one cross-CPU user — event_function_call's fallback — is a
 * single step whose func is a no-op on an inactive ctx: see `fallback`).
 *
 * ASSUMPTIONS (issue 6; NOTE.md):
 *  - set_task_cpu() (wakeup placement, load balancing) is folded into the switch-in: task_cpu(p) changes when
 *    the task is scheduled in on the other CPU. The kernel's window where task_cpu(p) already names the new CPU
 *    but the task is not running there only makes remote_function answer -EAGAIN / -ESRCH, which lead to the
 *    same retry / inactive fallback as the modelled "not current" answer.
 *  - The issuing tool task is not preempted between its oncpu / task_cpu read and get_cpu() (its CPU is
 *    occupied by its context until the call returns). With two CPUs that makes __perf_event_stop's -EAGAIN
 *    unreachable from the tool: the event cannot become ACTIVE on the tool's CPU meanwhile. The -EAGAIN
 *    retry is reached through the issuer "self" (the profiled task's own mmap), preempted and migrated in
 *    that window — which needs a preemptible rcu_read_lock() (CONFIG_PREEMPT_RCU): the `preempt_rcu`
 *    parameter (UNCONFIRMED which config a CoreSight / SPE / PT box runs; default true).
 *  - Preemption of the self issuer is modelled at one point only: perf_event_stop between READ_ONCE(oncpu)
 *    and the call (`perf_event_stop:call`). Elsewhere in the syscall it holds no perf state.
 */
import { InputError } from "../../src/registry.ts";
import type { Config } from "./config.ts";
import { num, str } from "./helpers.ts";
import { cloneContext } from "./state-codec.ts";
import { call, goto, kfn, ret, type KFunction } from "./machine.ts";
import type { KAction } from "./model.ts";
import { EAGAIN, ENXIO, ESRCH, type Context, type ContextKind, type Frame, type KState, type Val } from "./state.ts";

const V = "kernel/events/core.c (v7.1-rc1 [LY-core] @01b0793e)";

// ---------------------------------------------------------------------------------------------
// kernel/smp.c
// ---------------------------------------------------------------------------------------------

export const smp_call_function_single = kfn({
  name: "smp_call_function_single",
  cite: "kernel/smp.c smp_call_function_single(cpu, remote_function, &data, wait = 1) — issue 6; kernel-semantics.md §2.6 (\"runs on event->oncpu via IPI\")",
  steps: {
    entry(k, f, x) {
      const cpu = num(f.a.cpu);
      // this_cpu = get_cpu(): preemption off from here to put_cpu().
      if (cpu === x.cpu) {
        // "if (cpu == this_cpu) { local_irq_save(flags); func(info); local_irq_restore(flags); }"
        x.irqSave();
        const args: Record<string, Val> = { ...f.a };
        delete args.cpu;
        return call("remote_function", args, "local_done");
      }
      // "(unsigned)cpu >= nr_cpu_ids || !cpu_online(cpu)": err = -ENXIO (data.ret keeps its initial value;
      // both callers then return -ENXIO: cpu_function_call's initial ret, task_function_call's `if (!ret)`).
      if (cpu < 0 || cpu >= x.cfg.ncpus) return ret(ENXIO);
      // csd_lock(csd); csd->func = remote_function; __smp_call_single_queue(cpu, &csd->node.llist) → IPI_CALL_FUNC
      const args: Record<string, Val> = { ...f.a };
      delete args.cpu;
      delete args.rv;
      k.cpu[cpu]!.csd = { func: "remote_function", args, state: "queued", ret: null };
      f.a.target = cpu;
      return goto("wait");
    },
    // csd_lock_wait(csd): spins with IRQs enabled until the target's csd_unlock() (smpBlocked keeps this step
    // disabled until then; interrupts still land on this CPU meanwhile).
    wait(k, f) {
      const c = k.cpu[num(f.a.target)]!;
      const r = c.csd!.ret;
      c.csd = null;
      return ret(r);
    },
    local_done(_k, f, x) {
      x.irqRestore();
      return ret(f.a.rv ?? 0);
    },
  },
});

export const generic_smp_call_function_single_interrupt = kfn({
  name: "generic_smp_call_function_single_interrupt",
  cite: "kernel/smp.c generic_smp_call_function_single_interrupt() → __flush_smp_call_function_queue() → csd_do_func(); csd_unlock() — issue 6 (hardirq, IPI_CALL_FUNC)",
  steps: {
    entry(k, _f, x) {
      const csd = k.cpu[x.cpu]!.csd!;
      return call(csd.func, { ...csd.args }, "unlock");
    },
    unlock(k, f, x) {
      const csd = k.cpu[x.cpu]!.csd!;
      csd.ret = f.a.rv ?? 0; // the remote_function_call's ret, read by the sender after csd_lock_wait()
      csd.state = "done"; // csd_unlock(csd)
      return ret();
    },
  },
});

// ---------------------------------------------------------------------------------------------
// kernel/events/core.c: remote_function, event_function, event_function_call
// ---------------------------------------------------------------------------------------------

/** The profiled task is `current` on this CPU: its perf context is scheduled in here (cpuctx->task_ctx). */
function taskIsCurrent(k: KState, cpu: number): boolean {
  return k.cpu[cpu]!.task_ctx_current;
}

export const remote_function = kfn({
  name: "remote_function",
  cite: `${V} remote_function(): for task_function_call the task_cpu(p) and p == current re-checks; for cpu_function_call (p == NULL) just func`,
  steps: {
    entry(k, f, x) {
      if (f.a.p !== null && f.a.p !== undefined) {
        // "if (task_cpu(p) != smp_processor_id()) return;" — data.ret stays -EAGAIN
        if (k.smp!.task_cpu !== x.cpu) return ret(EAGAIN);
        // "Now that we're on right CPU with IRQs disabled, we can test if we hit the right task without races."
        if (!taskIsCurrent(k, x.cpu)) return ret(ESRCH);
      }
      const args: Record<string, Val> = { ...f.a };
      const fn = str(args.func);
      for (const k0 of ["func", "p", "cpu", "rv"]) delete args[k0];
      return call(fn, args, "done");
    },
    done: (_k, f) => ret(f.a.rv ?? 0),
  },
});

export const event_function = kfn({
  name: "event_function",
  cite: `${V} event_function(): IRQs off, perf_ctx_lock; ctx->task != current → -ESRCH; else efs->func — kernel-semantics.md §2.3 caller 3 ("reached through event_function (IPI)")`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (x.cfg.mode === "per-task") {
        // "if (ctx->task != current) { ret = -ESRCH; goto unlock; }"
        if (!taskIsCurrent(k, x.cpu)) return ret(ESRCH);
        // WARN_ON_ONCE(!ctx->is_active), WARN_ON_ONCE(task_ctx != ctx): current ⇒ the task ctx is scheduled in
        // here (task_ctx_current), so neither can fire in the model.
      } else if (x.cfg.byId[e]!.cpu !== x.cpu) {
        // WARN_ON_ONCE(&cpuctx->ctx != ctx): cpu_function_call(event->cpu) always lands on event->cpu.
        throw new Error(`event_function on cpu${x.cpu} for ${e} of cpu${x.cfg.byId[e]!.cpu}`);
      }
      return call(str(f.a.efunc), { e }, "done");
    },
    done: () => ret(0),
  },
});

export const event_function_call = kfn({
  name: "event_function_call",
  cite: `${V} event_function_call(): cpu_function_call(event->cpu) for a CPU event; task_function_call(task) with the -EAGAIN retry and the ctx-inactive fallback for a task event`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      // struct task_struct *task = READ_ONCE(ctx->task);
      if (x.cfg.mode === "per-cpu") {
        // cpu_function_call(event->cpu, event_function, &efs) (cpu_function_call folded: p = NULL)
        return call("smp_call_function_single", { cpu: x.cfg.byId[e]!.cpu, p: null, func: "event_function", e, efunc: str(f.a.efunc) }, "done");
      }
      // TASK_TOMBSTONE: the task exited — not modelled (the task lives for the whole scenario).
      return goto("again");
    },
    again(k, f) {
      // task_function_call(task, event_function, &efs): smp_call_function_single(task_cpu(p), remote_function, ...)
      return call("smp_call_function_single", { cpu: k.smp!.task_cpu, p: "task", func: "event_function", e: str(f.a.e), efunc: str(f.a.efunc) }, "tfc");
    },
    tfc(_k, f) {
      const r = f.a.rv;
      // "if (ret != -EAGAIN) break; cond_resched();" — the loop re-reads task_cpu(p)
      if (r === EAGAIN) return goto("again");
      // "if (!task_function_call(task, event_function, &efs)) return;"
      if (r === 0) return ret();
      return goto("fallback");
    },
    fallback(k) {
      // local_irq_disable(); perf_ctx_lock(cpuctx, ctx); task = ctx->task;
      // "if (ctx->is_active) { perf_ctx_unlock(cpuctx, ctx); local_irq_enable(); goto again; }"
      // ctx->lock is held by a context switch of the task for its whole duration; the model reads "is_active or
      // locked by a switch in progress" and retries in both cases (the kernel would spin on the lock and then
      // read is_active: after a switch-in it retries too; after a switch-out it runs func on the inactive ctx,
      // which a later retry of the model also reaches — or the model's retry finds the task switched in again,
      // which the kernel reaches when the lock is taken after that switch-in).
      if (k.cpu.some((c) => c.task_ctx_current || switching(c))) return goto("again");
      // func(event, NULL, ctx, data) under ctx->lock with IRQs off, on an inactive ctx: every event of it is
      // INACTIVE, so __perf_event_period only sets attr.sample_period / hw.sample_period / period_left (not
      // modelled, as in one-CPU runs); perf_ctx_unlock(cpuctx, ctx); local_irq_enable().
      return ret();
    },
    done: () => ret(),
  },
});

export const _perf_event_period = kfn({
  name: "_perf_event_period",
  cite: `${V} perf_ioctl(PERF_EVENT_IOC_PERIOD) → perf_event_period() → _perf_event_period() → event_function_call(event, __perf_event_period, &value) — kernel-semantics.md §2.3 caller 3, §4.4`,
  steps: {
    // "if (!is_sampling_event(event)) return -EINVAL; if (!value) return -EINVAL; if (event->attr.freq && value >
    // sysctl_perf_event_sample_rate) return -EINVAL; perf_event_check_period(): the modelled targets pass.
    entry: (_k, f) => call("event_function_call", { e: str(f.a.e), efunc: "__perf_event_period" }, "done"),
    done: () => ret(0),
  },
});

export const perf_event_addr_filters_apply = kfn({
  name: "perf_event_addr_filters_apply",
  cite: `${V} perf_ioctl(PERF_EVENT_IOC_SET_FILTER) → perf_event_set_filter() → perf_event_set_addr_filter() → perf_event_addr_filters_apply(): event->addr_filters_gen++; perf_event_stop(event, 1) — kernel-semantics.md §2.6`,
  steps: {
    // the filter ranges (ifh->lock, mmap_read_lock) are not modelled; perf_event_stop(event, 1) restarts.
    entry: (_k, f) => call("perf_event_stop", { e: str(f.a.e), restart: 1 }, "done"),
    done: () => ret(),
  },
});

export const perf_addr_filters_adjust = kfn({
  name: "perf_addr_filters_adjust",
  cite: `${V} perf_event_mmap() → perf_addr_filters_adjust(vma) (rcu_read_lock; current->perf_event_ctxp) → __perf_addr_filters_adjust(): if (restart) perf_event_stop(event, 1) — kernel-semantics.md §2.6`,
  steps: {
    // "if (!(vma->vm_flags & VM_EXEC)) return;" — the scenario's mmap is an executable file mapping that a
    // filter matches (restart = 1). perf_iterate_ctx over the task ctx: the AUX event is its only filtered event.
    entry: (_k, f) => call("perf_event_stop", { e: str(f.a.e), restart: 1 }, "done"),
    done: () => ret(),
  },
});

export const SMP_FUNCTIONS: KFunction[] = [
  smp_call_function_single,
  generic_smp_call_function_single_interrupt,
  remote_function,
  event_function,
  event_function_call,
  _perf_event_period,
  perf_event_addr_filters_apply,
  perf_addr_filters_adjust,
];

// ---------------------------------------------------------------------------------------------
// Entry actions (ncpus = 2)
// ---------------------------------------------------------------------------------------------
/*
 *   ipi            (IPI)  this CPU takes IPI_CALL_FUNC for the queued csd, where IRQs are on.
 *   ioctl_period   (task) the perf tool's PERF_EVENT_IOC_PERIOD on the scenario's target, from a CPU where the
 *                         profiled task is not current (per-CPU events: either CPU). Budget `ioctls`.
 *   set_filter     (task) the perf tool's PERF_EVENT_IOC_SET_FILTER on the AUX event (issuer "tool"). Budget `restarts`.
 *   mmap_filter    (task) the profiled task mmaps an executable file a filter matches (issuer "self"), on the
 *                         CPU where it is current. Budget `restarts`.
 *   preempt        (task) the self issuer is preempted between READ_ONCE(event->oncpu) and the call: its
 *                         syscall stack is put aside and the switch-out runs (__perf_event_task_sched_out).
 *                         Needs `preempt_rcu`. Budget `switches`.
 *   resume         (task) the preempted syscall continues on the CPU the task was switched in on.
 */
export const SMP_ENTRY_ACTIONS = ["ipi", "ioctl_period", "set_filter", "mmap_filter", "preempt", "resume"] as const;

export const SMP_ENTRY_FN: Readonly<Record<string, string>> = {
  ipi: "generic_smp_call_function_single_interrupt",
  ioctl_period: "_perf_event_period",
  set_filter: "perf_event_addr_filters_apply",
  mmap_filter: "perf_addr_filters_adjust",
  preempt: "__perf_event_task_sched_out",
};

/** The one label where the self issuer may be preempted (see the header). */
const PREEMPT_POINT = "perf_event_stop:call";

export function issuerOf(cfg: Config): "tool" | "self" {
  return cfg.scenario.issuer ?? "tool";
}

/** Static checks (InputError: the CLI exits 2). */
export function validateSmp(cfg: Config): void {
  if (cfg.ncpus < 2) return;
  if (issuerOf(cfg) === "self") {
    if (cfg.mode !== "per-task") throw new InputError("issuer self (the profiled task's own mmap) needs a per-task session; drop -a");
    if (cfg.budgets.ioctls > 0) throw new InputError("issuer self: PERF_EVENT_IOC_PERIOD is the tool's ioctl; give ioctls=0 or use a tool-issuer scenario");
  }
}

/** A CPU in the middle of a context switch of the profiled task (the switch holds the task ctx's lock, IRQs off). */
function switching(c: { readonly ctx: readonly Context[] }): boolean {
  return c.ctx.some((x) => x.frames.some((f) => f.fn === "__perf_event_task_sched_in" || f.fn === "__perf_event_task_sched_out"));
}

/** Where the profiled task is: the CPU it is current on or being switched on, or -1 (not running). */
export function taskCpuNow(s: KState): number {
  return s.cpu.findIndex((c) => c.task_ctx_current || switching(c));
}

/** The step of this frame is waiting (csd_lock_wait): not enabled. */
export function smpBlocked(s: KState, f: Frame): boolean {
  return f.fn === "smp_call_function_single" && f.pc === "wait" && s.cpu[num(f.a.target)]!.csd?.state !== "done";
}

/**
 * The task-level operations of a per-task session with two CPUs (model.ts offers these instead of its one-CPU
 * sched_in / sched_out): the task is switched in on a CPU only when it runs nowhere (a task is current on one
 * CPU at a time, and a switch-in elsewhere waits for the switch-out to finish: p->on_cpu), and switched out
 * only where it is current and not in the middle of its own (preempted) system call.
 */
export function smpSchedActions(s: KState, cfg: Config, c: number, cp: (string | number)[], out: KAction[]): void {
  if (cfg.mode !== "per-task" || s.budget.switches <= 0) return;
  const where = taskCpuNow(s);
  if (where === -1) out.push({ name: "sched_in", params: cp, context: "task" });
  else if (where === c && s.cpu[c]!.task_ctx_current && s.smp!.saved === null) out.push({ name: "sched_out", params: cp, context: "task" });
}

/** Pushes this CPU's enabled issue-6 actions (called by model.ts `actions` when ncpus = 2). */
export function smpActions(s: KState, cfg: Config, c: number, top: Context | null, irqsOn: boolean, cp: (string | number)[], out: KAction[], preemptRcu: boolean): void {
  const cpu = s.cpu[c]!;
  if (cpu.csd?.state === "queued" && irqsOn) out.push({ name: "ipi", params: cp, context: "IPI" });
  const self = issuerOf(cfg) === "self";
  if (top === null) {
    const toolMayRun = cfg.mode === "per-cpu" || !cpu.task_ctx_current;
    if (s.budget.ioctls > 0 && cfg.iocPeriodTarget !== null && toolMayRun) out.push({ name: "ioctl_period", params: [...cp, cfg.iocPeriodTarget], context: "task" });
    if (s.budget.restarts > 0 && cfg.restartTarget !== null) {
      if (!self && toolMayRun) out.push({ name: "set_filter", params: [...cp, cfg.restartTarget], context: "task" });
      if (self && cpu.task_ctx_current && s.smp!.saved === null) out.push({ name: "mmap_filter", params: [...cp, cfg.restartTarget], context: "task" });
    }
    if (s.smp?.saved && cpu.task_ctx_current) out.push({ name: "resume", params: cp, context: "task" });
  } else if (self && preemptRcu && s.budget.switches > 0 && top.kind === "task" && top.irqoff === 0 && cpu.task_ctx_current) {
    const f = top.frames[top.frames.length - 1]!;
    if (top.frames[0]!.fn === "perf_addr_filters_adjust" && `${f.fn}:${f.pc}` === PREEMPT_POINT && cpu.ctx.length === 1) {
      out.push({ name: "preempt", params: cp, context: "task" });
    }
  }
}

type Push = (k: KState, cpu: number, kind: ContextKind, fn: string, args: Record<string, Val>, irqoff: number) => void;

/** Applies one of these actions; false if the action is not one of them. */
export function smpNext(k: KState, a: KAction, c: number, params: readonly (string | number)[], push: Push): boolean {
  switch (a.name) {
    case "ipi":
      k.cpu[c]!.csd!.state = "running";
      push(k, c, "IPI", "generic_smp_call_function_single_interrupt", {}, 0);
      return true;
    case "ioctl_period":
      k.budget.ioctls--;
      // perf_ioctl → perf_event_ctx_lock (ctx->mutex) → _perf_ioctl: task context, IRQs on.
      push(k, c, "task", "_perf_event_period", { e: String(params[0]) }, 0);
      return true;
    case "set_filter":
      k.budget.restarts--;
      push(k, c, "task", "perf_event_addr_filters_apply", { e: String(params[0]) }, 0);
      return true;
    case "mmap_filter":
      k.budget.restarts--;
      // mmap → perf_event_mmap → perf_addr_filters_adjust: the profiled task's own syscall (IRQs on).
      push(k, c, "task", "perf_addr_filters_adjust", { e: String(params[0]) }, 0);
      return true;
    case "preempt": {
      k.budget.switches--;
      // preempt_schedule → __schedule → context_switch: the syscall's stack stays with the task.
      const cpu = k.cpu[c]!;
      const sys = cpu.ctx.pop()!;
      k.smp!.saved = cloneContext(sys);
      push(k, c, "task", "__perf_event_task_sched_out", {}, 1);
      return true;
    }
    case "resume": {
      const saved = k.smp!.saved!;
      k.cpu[c]!.ctx.push(cloneContext(saved));
      k.smp!.saved = null;
      return true;
    }
    default:
      return false;
  }
}

/** sched_in on CPU c: set_task_cpu folded in (see the header). */
export function smpSchedIn(k: KState, c: number): void {
  if (k.smp) k.smp.task_cpu = c;
}

/** The initial issue-6 state: the task was created on CPU0 (task_cpu(p) = 0) and has not run. */
export function smpInitial(): { task_cpu: number; saved: null } {
  return { task_cpu: 0, saved: null };
}
