/**
 * kernel/smp.c: smp_call_function_single() and the IPI that runs the queued function, as far as the perf
 * core's cross-CPU calls (cpu_function_call, task_function_call: linux/kernel/events/core.ts) use them.
 * In the function table only with two CPUs; with one, every call is local and folded into its caller.
 *
 * Read for this model: smp_call_function_single(cpu, func, info, wait = 1): this_cpu = get_cpu()
 * (preemption off); cpu == this_cpu → local_irq_save; func(info); local_irq_restore. Offline / invalid cpu
 * → -ENXIO. Else queue the csd on cpu's call_single_queue, send IPI_CALL_FUNC, csd_lock_wait() (spinning,
 * IRQs on); put_cpu(). The target runs it from generic_smp_call_function_single_interrupt() (hardirq) and
 * csd_unlock()s it. kernel-semantics.md §2.6 ("runs on event->oncpu via IPI").
 */
import { num } from "../../interpreter/access.ts";
import { call, goto, kfn, ret, type KFunction } from "../../interpreter/machine.ts";
import { ENXIO, type Frame, type KState, type Val } from "../../interpreter/state.ts";

export const smp_call_function_single = kfn({
  name: "smp_call_function_single",
  cite: "kernel/smp.c smp_call_function_single(cpu, remote_function, &data, wait = 1); kernel-semantics.md §2.6 (\"runs on event->oncpu via IPI\")",
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
  cite: "kernel/smp.c generic_smp_call_function_single_interrupt() → __flush_smp_call_function_queue() → csd_do_func(); csd_unlock() — hardirq, IPI_CALL_FUNC — kernel-semantics.md §2.3 (caller 3), §2.6",
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

/** The sender's step is spinning in csd_lock_wait(): not enabled until the target CPU csd_unlock()s its csd. */
export function csdLockWaitBlocked(s: KState, f: Frame): boolean {
  return f.fn === "smp_call_function_single" && f.pc === "wait" && s.cpu[num(f.a.target)]!.csd?.state !== "done";
}

export const SMP_FUNCTIONS: KFunction[] = [smp_call_function_single, generic_smp_call_function_single_interrupt];
