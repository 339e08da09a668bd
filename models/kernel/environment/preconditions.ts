/**
 * What each operation of the environment needs before the kernel lets it run: the checks its system call,
 * ioctl or interrupt path makes (and the locks it sleeps on), each with the C that decides it and where the
 * model enforces it. test/kernel-preconditions.test.ts probes every row: a state that breaks the condition
 * does not offer the operation (and the state that keeps it does).
 *
 * Read: kernel/events/core.c ([LY-core] Leo-Yan/linux @01b0793e, v7.1-rc1): perf_ioctl, _perf_ioctl,
 * perf_event_set_output, ring_buffer_attach, perf_mmap, perf_mmap_close, perf_event_release_kernel,
 * perf_addr_filters_adjust, perf_event_addr_filters_exec, perf_event_parse_addr_filter, exclusive_event_init,
 * exclusive_event_installable; kernel/events/ring_buffer.c rb_alloc_aux (torvalds/linux @0e8a6621).
 */

export interface Precondition {
  /** `op/what`, unique; the entry action's name first */
  readonly id: string;
  /** the kernel's check, quoted, and the function it is in */
  readonly kernel: string;
  /** where and how the model enforces it */
  readonly model: string;
}

export const PRECONDITIONS: readonly Precondition[] = [
  // ---- PERF_EVENT_IOC_ENABLE
  {
    id: "enable/ctx-mutex",
    kernel: "perf_ioctl(): `ctx = perf_event_ctx_lock(event); ret = _perf_ioctl(event, cmd, arg); perf_event_ctx_unlock(event, ctx);` (ctx->mutex)",
    model: "user-space.ts enable: locks [ctxMutexOf(L)]",
  },
  {
    id: "enable/off",
    kernel: "_perf_event_enable(): `if (event->state >= PERF_EVENT_STATE_INACTIVE || event->state < PERF_EVENT_STATE_ERROR) { raw_spin_unlock_irq(&ctx->lock); return; }`",
    model: "offerEnable: only a leader in state OFF (perf record enables once, per-CPU sessions)",
  },
  // ---- munmap of the AUX area
  {
    id: "munmap/mapped",
    kernel: "perf_mmap_close(): `if (rb_has_aux(rb) && vma->vm_pgoff == rb->aux_pgoff && refcount_dec_and_mutex_lock(&rb->aux_mmap_count, &rb->aux_mutex))` — the vma exists while aux_mmap_count > 0",
    model: "offerMunmap: rb->aux_mmap_count > 0 (rb->aux_mutex: no other modelled operation takes it)",
  },
  // ---- PERF_EVENT_IOC_SET_OUTPUT(fd, -1)
  {
    id: "set_output/ctx-mutex",
    kernel: "perf_ioctl(): perf_event_ctx_lock(event) around _perf_ioctl(PERF_EVENT_IOC_SET_OUTPUT)",
    model: "user-space.ts set_output: locks [ctxMutexOf(L), ...]",
  },
  {
    id: "set_output/mmap-mutex",
    kernel: "perf_event_set_output(event, NULL): `if (!output_event) { mutex_lock(&event->mmap_mutex); goto set; }`",
    model: "user-space.ts set_output: locks [..., mmap:L], held until the ioctl returns (ring_buffer_attach runs under it)",
  },
  {
    id: "set_output/no-own-mmap",
    kernel: "perf_event_set_output(): `set: /* Can't redirect output if we've got an active mmap() */ if (refcount_read(&event->mmap_count)) goto unlock;`",
    model: "offerDetach: L is not the rb owner (Config.rbOwner: perf record mmaps the first AUX event's fd of each CPU)",
  },
  {
    id: "set_output/fd-open",
    kernel: "perf_ioctl() needs the event's file: after close() (perf_release → perf_event_release_kernel, state DEAD) there is none",
    model: "offerDetach: L is not DEAD",
  },
  {
    id: "set_output/earlier-redirect",
    kernel:
      "perf_event_set_output(event, output_event) for the redirection that gave L its rb: `if (output_event->cpu != event->cpu) goto out;` (\"Don't allow cross-cpu buffers\"); `if (output_event->cpu == -1 && output_event->hw.target != event->hw.target) goto out;` (\"If its not a per-cpu rb, it must be the same task\"); `if (has_aux(event) && has_aux(output_event) && event->pmu != output_event->pmu) goto out;`; rb_alloc_aux(): `if (!has_aux(event)) return -EOPNOTSUPP;` (the AUX area's owner is an AUX event of the same PMU); exclusive_event_installable() refuses two events of an exclusive PMU (cs_etm, intel_pt) whose cpu matches or is -1 in one context",
    model:
      "perf-event-open.ts buildConfig: the rb owner is the session's AUX event, or (Scenario.rbOwner = other-task) another task's event bound to the same CPU — only for per-task events bound to a CPU (InputError otherwise)",
  },
  // ---- the last munmap (the data area)
  {
    id: "detach/aux-unmapped",
    kernel: "perf_mmap_close(): the data vma's close after the AUX vma's (`refcount_dec_and_mutex_lock(&event->mmap_count, &event->mmap_mutex)`: the owner's last mmap)",
    model: "offerDetach: rb->aux_mmap_count == 0 and some event still has an rb (the AUX area is unmapped first: ASSUMPTION, the order perf's munmap uses)",
  },
  {
    id: "detach/mmap-mutex",
    kernel: "perf_mmap_close(): `mutex_lock(&event->mmap_mutex); if (event->rb == rb) ring_buffer_attach(event, NULL); mutex_unlock(&event->mmap_mutex);` for every event on rb->event_list",
    model: "perf_mmap_close_data:locked is a mutexSteps step: not enabled while another context holds mmap:<event>",
  },
  // ---- close()
  {
    id: "close/ctx-mutex",
    kernel: "perf_event_release_kernel(): `ctx = perf_event_ctx_lock(event); ... perf_remove_from_context(event, DETACH_GROUP|DETACH_DEAD); perf_event_ctx_unlock(event, ctx);`",
    model: "user-space.ts close: locks [ctxMutexOf(L)]",
  },
  {
    id: "close/fd-open",
    kernel: "close(fd): once — the file's release runs perf_event_release_kernel, the event is DEAD afterwards",
    model: "offerSwEventAndClose: L not DEAD (and not OFF: the model closes an enabled leader only)",
  },
  // ---- a software sibling's event
  {
    id: "sw_event/scheduled-in",
    kernel: "perf_swevent_event() through the hlist of this CPU's scheduled-in events (perf_swevent_add), `perf_exclude_event()` / PERF_HES_STOPPED (perf_swevent_match: `if (event->hw.state & PERF_HES_STOPPED) return 0;`)",
    model: "offerSwEventAndClose: ACTIVE on this CPU and not STOPPED; no lock",
  },
  // ---- two CPUs: the tool's ioctls and the task's mmap
  {
    id: "ioctl_period/ctx-mutex",
    kernel: "perf_ioctl(): perf_event_ctx_lock(event) around _perf_ioctl(PERF_EVENT_IOC_PERIOD) → _perf_event_period()",
    model: "user-space.ts ioctl_period: locks [ctxMutexOf(target)]",
  },
  {
    id: "ioctl_period/tool-cpu",
    kernel: "the tool is a task: it runs where the profiled task is not current",
    model: "offerIoctls: toolMayRun (no context on the CPU; per-task sessions: the profiled task is not current there)",
  },
  {
    id: "set_filter/ctx-mutex",
    kernel: "perf_ioctl(): perf_event_ctx_lock(event) around _perf_ioctl(PERF_EVENT_IOC_SET_FILTER) → perf_event_set_filter() → perf_event_set_addr_filter() → perf_event_addr_filters_apply()",
    model: "user-space.ts set_filter: locks [ctxMutexOf(target)]",
  },
  {
    id: "mmap_filter/current",
    kernel: "perf_addr_filters_adjust(): `ctx = rcu_dereference(current->perf_event_ctxp); if (ctx) perf_iterate_ctx(ctx, __perf_addr_filters_adjust, vma, true);` — only current's task context; perf_event_addr_filters_exec likewise from perf_event_exec(); file-based filters need a task: perf_event_parse_addr_filter() `if (!event->ctx->task) goto fail;`",
    model: "offerIoctls: mmap_filter only where the profiled task is current (issuer self, per-task: validateIssuer); no perf lock (mmap holds the mm's mmap_lock)",
  },
  // ---- one CPU: the IPIs of another CPU's ioctls
  {
    id: "ioc_period/ctx-mutex",
    kernel: "the IPI's issuer is in perf_ioctl() under perf_event_ctx_lock(event) (event_function_call → cpu_function_call)",
    model: "interrupts.ts ioc_period: locks [ctxMutexOf(target)] for the IPI's duration",
  },
  {
    id: "addr_filter_restart/ctx-mutex",
    kernel:
      "from another CPU the restart is PERF_EVENT_IOC_SET_FILTER's (perf_ioctl under perf_event_ctx_lock); perf_addr_filters_adjust / perf_event_addr_filters_exec restart only current's events, on their own CPU",
    model: "interrupts.ts addr_filter_restart: locks [ctxMutexOf(target)] for the IPI's duration",
  },
  {
    id: "addr_filter_restart/active",
    kernel: "perf_event_stop(): `if (READ_ONCE(event->state) != PERF_EVENT_STATE_ACTIVE) return 0;` before the cross-CPU call",
    model: "offerRemoteIoctlIpis: the target is ACTIVE",
  },
  // ---- the scheduler
  {
    id: "sched_in/affinity",
    kernel: "the task runs only on the CPUs of its affinity (Scenario.taskCpus; per-task events bound to a CPU: event_filter_match() `event->cpu == -1 || event->cpu == smp_processor_id()` is not modelled, so the task is pinned to that CPU)",
    model: "offerSwitches: sched_in only on a CPU of cfg.taskCpus; buildConfig refuses a bound session whose task may run elsewhere",
  },
  {
    id: "sched_in/one-cpu-at-a-time",
    kernel: "a task is current on one CPU at a time; a switch-in elsewhere waits for the switch-out to finish (p->on_cpu in try_to_wake_up)",
    model: "offerSwitches (two CPUs): sched_in only where the task runs nowhere (taskCpuNow = -1)",
  },
];
