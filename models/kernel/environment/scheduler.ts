/**
 * The scheduler, as far as the profiled task of a per-task session is concerned: its context switches
 * (kernel-semantics.md §2.5), and, with two CPUs, its migration and the preemption of its own system call.
 *
 *   sched_in   (task) the task is switched in on this CPU: __perf_event_task_sched_in, IRQs off. With two
 *                     CPUs only where it runs nowhere (a task is current on one CPU at a time, and a switch-in
 *                     elsewhere waits for the switch-out to finish: p->on_cpu). Budget `switches`.
 *   sched_out  (task) the task is switched out where it is current: __perf_event_task_sched_out, IRQs off; not in
 *                     the middle of its own (preempted) system call. Budget `switches`.
 *   preempt    (task) two CPUs, issuer "self": the task's mmap is preempted between READ_ONCE(event->oncpu) and the
 *                     call in perf_event_stop (under a preemptible rcu_read_lock(): `preempt_rcu`); its syscall
 *                     stack is put aside and the switch-out runs. Budget `switches`.
 *   resume     (task) the preempted syscall continues on the CPU the task was switched in on.
 *
 * ASSUMPTIONS (NOTE.md, two CPUs):
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
import { cloneContext } from "../interpreter/state-codec.ts";
import { pushContext } from "../interpreter/machine.ts";
import type { KState, SmpTask } from "../interpreter/state.ts";
import { switching } from "../linux/kernel/events/core.ts";
import type { EntryAction, Offer } from "./offer.ts";
import { issuerOf } from "./user-space.ts";

/** The one label where the self issuer may be preempted (see the header). */
const PREEMPT_POINT = "perf_event_stop:call";

/** Where the profiled task is: the CPU it is current on or being switched on, or -1 (not running). */
export function taskCpuNow(s: KState): number {
  return s.cpu.findIndex((c) => c.task_ctx_current || switching(c));
}

/** The task's scheduler state at the start (two CPUs): created on CPU0 (task_cpu(p) = 0), not yet run. */
export function initialTask(): SmpTask {
  return { task_cpu: 0, saved: null };
}

/** The context switches of the profiled task (per-task sessions). */
export function offerSwitches(o: Offer): void {
  const { s, cfg, c, cp } = o;
  if (o.top !== null || cfg.mode !== "per-task" || s.budget.switches <= 0) return;
  if (cfg.ncpus === 1) {
    o.out.push({ name: s.cpu[c]!.task_ctx_current ? "sched_out" : "sched_in", params: cp, context: "task" });
    return;
  }
  const where = taskCpuNow(s);
  if (where === -1 && cfg.taskCpus.includes(c)) o.out.push({ name: "sched_in", params: cp, context: "task" }); // its affinity
  else if (where === c && s.cpu[c]!.task_ctx_current && s.smp!.saved === null) o.out.push({ name: "sched_out", params: cp, context: "task" });
}

/** Two CPUs, issuer self: the preemption of the task's mmap inside perf_event_stop, and its resumption. */
export function offerPreemption(o: Offer): void {
  const { s, cfg, c, cp, top } = o;
  if (cfg.ncpus < 2) return;
  const cpu = s.cpu[c]!;
  if (top === null) {
    if (s.smp?.saved && cpu.task_ctx_current) o.out.push({ name: "resume", params: cp, context: "task" });
  } else if (issuerOf(cfg) === "self" && o.preemptRcu && s.budget.switches > 0 && top.kind === "task" && top.irqoff === 0 && cpu.task_ctx_current) {
    const f = top.frames[top.frames.length - 1]!;
    if (top.frames[0]!.fn === "perf_addr_filters_adjust" && `${f.fn}:${f.pc}` === PREEMPT_POINT && cpu.ctx.length === 1) {
      o.out.push({ name: "preempt", params: cp, context: "task" });
    }
  }
}

export const SCHEDULER_ACTIONS: readonly EntryAction[] = [
  {
    name: "sched_in",
    entry: "__perf_event_task_sched_in",
    apply(k, c) {
      k.budget.switches--;
      if (k.smp) k.smp.task_cpu = c; // set_task_cpu folded into the switch-in (see the header)
      pushContext(k, c, "task", "__perf_event_task_sched_in", {}, 1);
    },
  },
  {
    name: "sched_out",
    entry: "__perf_event_task_sched_out",
    apply(k, c) {
      k.budget.switches--;
      pushContext(k, c, "task", "__perf_event_task_sched_out", {}, 1);
    },
  },
  {
    name: "preempt",
    entry: "__perf_event_task_sched_out",
    apply(k, c) {
      k.budget.switches--;
      // preempt_schedule → __schedule → context_switch: the syscall's stack stays with the task.
      const cpu = k.cpu[c]!;
      const sys = cpu.ctx.pop()!;
      k.smp!.saved = cloneContext(sys);
      pushContext(k, c, "task", "__perf_event_task_sched_out", {}, 1);
    },
  },
  {
    name: "resume",
    label: () => "the preempted system call resumes on this CPU",
    apply(k, c) {
      const saved = k.smp!.saved!;
      k.cpu[c]!.ctx.push(cloneContext(saved));
      k.smp!.saved = null;
    },
  },
];
