/**
 * Task-level operations: the system calls and ioctls of the perf tool and of the profiled task, offered
 * only on a CPU with no running context (a task is running there and enters the kernel).
 *
 *   enable       (task) PERF_EVENT_IOC_ENABLE of a per-CPU group leader (perf record enables after mmap):
 *                       event_function_call → cpu_function_call to the event's CPU, IRQs off.
 *   munmap       (task) munmap of the AUX area: perf_mmap_close. Budget `munmaps`.
 *   set_output   (task) PERF_EVENT_IOC_SET_OUTPUT(L, -1): perf_event_set_output(L, NULL). Budget `setoutputs`.
 *   detach       (task) the last munmap (the data area, after the AUX area): perf_mmap_close_data. Budget `detaches`.
 *   sw_event     (task) one occurrence of a software sibling's event (a page fault of the profiled task, or on
 *                       this CPU for -a): perf_swevent_event. Budget `sw_events`.
 *   close        (task) close() of the AUX group leader: perf_event_release_kernel, run with IRQs off like
 *                       every event_function_call. Budget `closes`.
 *   Two CPUs (the issuer of the scenario's ioctls is another task, "tool", or the profiled task, "self"):
 *   ioctl_period (task) the perf tool's PERF_EVENT_IOC_PERIOD on the scenario's target, from a CPU where the
 *                       profiled task is not current (per-CPU events: either CPU). Budget `ioctls`.
 *   set_filter   (task) the perf tool's PERF_EVENT_IOC_SET_FILTER on the AUX event. Budget `restarts`.
 *   mmap_filter  (task) the profiled task mmaps an executable file a filter matches (perf_addr_filters_adjust),
 *                       on the CPU where it is current. Budget `restarts`.
 */
import { InputError } from "../../../src/registry.ts";
import { ctxMutexOf, ev, type Config } from "../interpreter/config.ts";
import { pushContext } from "../interpreter/machine.ts";
import type { EntryAction, Offer } from "./offer.ts";

/** Who issues the scenario's ioctls / address-filter restarts with two CPUs. */
export function issuerOf(cfg: Config): "tool" | "self" {
  return cfg.scenario.issuer ?? "tool";
}

/** Static checks of close() (InputError: the CLI exits 2). */
export function validateClose(cfg: Config): void {
  if (cfg.budgets.closes <= 0) return;
  const L = cfg.events.find((e) => e.pmu.aux);
  if (!L || L.leader !== L.id) throw new InputError("close: needs an AUX group leader (perf_put_aux_event)");
  const plain = L.siblings.filter((s) => cfg.byId[s]!.auxEvent !== L.id);
  if (plain.length > 0) {
    throw new InputError(
      `close: siblings without an aux-action (${plain.join(", ")}) would be promoted to singleton leaders (perf_promote_sibling_to_leader), which the model's static groups cannot express; give every sibling an aux-action`,
    );
  }
}

/** Static checks of the two-CPU issuer (InputError: the CLI exits 2). */
export function validateIssuer(cfg: Config): void {
  if (cfg.ncpus < 2) return;
  if (issuerOf(cfg) === "self") {
    if (cfg.mode !== "per-task") throw new InputError("issuer self (the profiled task's own mmap) needs a per-task session; drop -a");
    if (cfg.budgets.ioctls > 0) throw new InputError("issuer self: PERF_EVENT_IOC_PERIOD is the tool's ioctl; give ioctls=0 or use a tool-issuer scenario");
  }
}

/** perf record's PERF_EVENT_IOC_ENABLE of each per-CPU group leader. */
export function offerEnable(o: Offer): void {
  if (o.top !== null || o.cfg.mode !== "per-cpu") return;
  for (const l of o.cfg.leaders) if (o.s.ev[l]!.state === "OFF" && ev(o.cfg, l).cpu === o.c) o.out.push({ name: "enable", params: [...o.cp, l], context: "task" });
}

/**
 * The perf tool's operations run on a CPU with no running context where, with two CPUs and a per-task session, the
 * profiled task is not current (the tool is another task).
 */
function toolMayRun(o: Offer): boolean {
  return o.top === null && (o.cfg.ncpus === 1 || o.cfg.mode === "per-cpu" || !o.s.cpu[o.c]!.task_ctx_current);
}

/** munmap of the AUX area (the rb owner's AUX vma). */
export function offerMunmap(o: Offer): void {
  if (toolMayRun(o) && o.s.budget.munmaps > 0 && o.s.rb[0]!.aux_mmap_count > 0) o.out.push({ name: "munmap", params: [...o.cp, 0], context: "task" });
}

/**
 * SET_OUTPUT(L, -1), what perf_event_set_output() accepts: an open fd (not DEAD) of an event with no mmap of its own
 * ("Can't redirect output if we've got an active mmap()": refcount_read(&event->mmap_count) — the rb owner has one).
 * The last munmap of the data area, after the AUX area's.
 */
export function offerDetach(o: Offer): void {
  const { s, cfg, cp } = o;
  if (!toolMayRun(o)) return;
  const L = cfg.events.find((e) => e.pmu.aux)?.id ?? null;
  if (L !== null && s.budget.setoutputs > 0 && L !== cfg.rbOwner && s.ev[L]!.state !== "DEAD") o.out.push({ name: "set_output", params: [...cp, L], context: "task" });
  if (s.budget.detaches > 0 && s.rb[0]!.aux_mmap_count === 0 && Object.values(s.ev).some((e) => e.rb !== null)) {
    o.out.push({ name: "detach", params: [...cp, 0], context: "task" });
  }
}

/** A software sibling's event occurrence, and close() of the AUX leader. */
export function offerSwEventAndClose(o: Offer): void {
  const { s, cfg, cp, c } = o;
  if (o.top !== null) return;
  if (s.budget.sw_events > 0) {
    for (const e of cfg.events) {
      const st = s.ev[e.id]!;
      // on the hlist (scheduled in) and not excluded (perf_exclude_event: STOPPED)
      if (e.pmu.driver === "swevent" && st.state === "ACTIVE" && st.oncpu === c && !(st.hw.state & 1)) {
        o.out.push({ name: "sw_event", params: [...cp, e.id], context: "task" });
      }
    }
  }
  if (s.budget.closes > 0 && toolMayRun(o)) {
    const L = cfg.events.find((e) => e.pmu.aux);
    if (L && s.ev[L.id]!.state !== "DEAD" && s.ev[L.id]!.state !== "OFF") o.out.push({ name: "close", params: [...cp, L.id], context: "task" });
  }
}

/** Two CPUs: the tool's ioctls and the task's own mmap. */
export function offerIoctls(o: Offer): void {
  const { s, cfg, cp } = o;
  if (cfg.ncpus < 2 || o.top !== null) return;
  const cpu = s.cpu[o.c]!;
  const self = issuerOf(cfg) === "self";
  const tool = toolMayRun(o);
  if (s.budget.ioctls > 0 && tool) for (const t of cfg.iocPeriodTargets) o.out.push({ name: "ioctl_period", params: [...cp, t], context: "task" });
  if (s.budget.restarts > 0 && cfg.restartTarget !== null) {
    if (!self && tool) o.out.push({ name: "set_filter", params: [...cp, cfg.restartTarget], context: "task" });
    if (self && cpu.task_ctx_current && s.smp!.saved === null) o.out.push({ name: "mmap_filter", params: [...cp, cfg.restartTarget], context: "task" });
  }
}

export const USER_SPACE_ACTIONS: readonly EntryAction[] = [
  {
    name: "enable",
    entry: "__perf_event_enable",
    locks: (params, cfg) => [ctxMutexOf(cfg, String(params[0]))], // perf_ioctl → perf_event_ctx_lock
    apply(k, c, params) {
      // PERF_EVENT_IOC_ENABLE → event_function_call → cpu_function_call to this CPU: IRQs off.
      pushContext(k, c, "task", "__perf_event_enable", { e: String(params[0]) }, 1);
    },
  },
  {
    name: "munmap",
    entry: "perf_mmap_close",
    apply(k, c, params) {
      k.budget.munmaps--;
      pushContext(k, c, "task", "perf_mmap_close", { rb: Number(params[0]) }, 0);
    },
  },
  {
    name: "set_output",
    entry: "perf_event_set_output",
    // perf_ioctl → perf_event_ctx_lock(event) (ctx->mutex); perf_event_set_output(event, NULL): mutex_lock(&event->mmap_mutex)
    locks: (params, cfg) => [ctxMutexOf(cfg, String(params[0])), `mmap:${String(params[0])}`],
    apply(k, c, params) {
      k.budget.setoutputs--;
      // PERF_EVENT_IOC_SET_OUTPUT: perf_ioctl → perf_event_ctx_lock → _perf_ioctl (task context, IRQs on).
      pushContext(k, c, "task", "perf_event_set_output", { e: String(params[0]) }, 0);
    },
  },
  {
    name: "detach",
    entry: "perf_mmap_close_data",
    apply(k, c, params) {
      k.budget.detaches--;
      pushContext(k, c, "task", "perf_mmap_close_data", { rb: Number(params[0]) }, 0);
    },
  },
  {
    name: "sw_event",
    entry: "perf_swevent_event",
    apply(k, c, params) {
      k.budget.sw_events--;
      pushContext(k, c, "task", "perf_swevent_event", { e: String(params[0]) }, 0);
    },
  },
  {
    name: "close",
    entry: "perf_event_release_kernel",
    locks: (params, cfg) => [ctxMutexOf(cfg, String(params[0]))], // perf_event_release_kernel: ctx = perf_event_ctx_lock(event)
    apply(k, c, params) {
      k.budget.closes--;
      // close(fd) → perf_release → perf_event_release_kernel → perf_remove_from_context → event_function_call:
      // the function runs on the event's CPU with IRQs off (cpu_function_call / raw_spin_lock_irq).
      pushContext(k, c, "task", "perf_event_release_kernel", { e: String(params[0]) }, 1);
    },
  },
  {
    name: "ioctl_period",
    entry: "_perf_event_period",
    locks: (params, cfg) => [ctxMutexOf(cfg, String(params[0]))], // perf_ioctl → perf_event_ctx_lock
    apply(k, c, params) {
      k.budget.ioctls--;
      // perf_ioctl → perf_event_ctx_lock (ctx->mutex) → _perf_ioctl: task context, IRQs on.
      pushContext(k, c, "task", "_perf_event_period", { e: String(params[0]) }, 0);
    },
  },
  {
    name: "set_filter",
    entry: "perf_event_addr_filters_apply",
    locks: (params, cfg) => [ctxMutexOf(cfg, String(params[0]))], // perf_ioctl → perf_event_ctx_lock; PERF_EVENT_IOC_SET_FILTER
    apply(k, c, params) {
      k.budget.restarts--;
      pushContext(k, c, "task", "perf_event_addr_filters_apply", { e: String(params[0]) }, 0);
    },
  },
  {
    name: "mmap_filter",
    entry: "perf_addr_filters_adjust",
    apply(k, c, params) {
      k.budget.restarts--;
      // mmap → perf_event_mmap → perf_addr_filters_adjust: the profiled task's own syscall (IRQs on).
      pushContext(k, c, "task", "perf_addr_filters_adjust", { e: String(params[0]) }, 0);
    },
  },
];
