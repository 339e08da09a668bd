/**
 * kernel/events/core.c as labelled atomic steps: the perf core (about v7.1-rc1 = [LY-core]
 * Leo-Yan/linux @01b0793e, with the audit's corrections). Each function keeps the kernel's name and
 * branch structure; a dropped branch is named with the reason. Labels sit where an NMI (or, with IRQs
 * on, the tick / an IPI) could observe or change the state the function works on (modelling-style.md).
 * Reference: kernel-semantics.md §2.1–§2.9, audit D1, D2, D6.
 *
 * Sections, in this order: overflow accounting and throttling; AUX pause/resume; the tick; scheduling
 * in and out; PERF_EVENT_IOC_PERIOD and perf_event_stop; munmap of the AUX area and the output stop;
 * frequency mode (perf_adjust_period); close() (perf_event_release_kernel); pending disable; detaching
 * an event from its ring buffer (ring_buffer_attach, SET_OUTPUT, the last munmap); cross-CPU function
 * calls (remote_function, event_function_call) and the ioctls / mmap that use them; the software PMU
 * (perf_swevent_*).
 *
 * Not modelled anywhere (named once here): perf_log_throttle / perf_log_itrace_start /
 * perf_event_output / PERF_RECORD_AUX (records into the data ring buffer, whose free space is not
 * modelled); timekeeping (ctx_time_freeze, update_context_time); cgroups; the ctx->lock and
 * aux_mutex (NMIs ignore locks); BPF overflow handlers; sigtrap; pinned groups and flexible rotation
 * (perf record's groups are flexible).
 */
import { corePmu, ev, groupPmu, leadersOfCtx, pmuOps, driverOf, type Config, type DriverKind } from "../../../interpreter/config.ts";
import { E, num, str } from "../../../interpreter/access.ts";
import { setInterrupts } from "../../../interpreter/ghost.ts";
import { call, goto, jump, kfn, ret, WARN_ON, type KFunction } from "../../../interpreter/machine.ts";
import { EAGAIN, ESRCH, MAX_INTERRUPTS, PERF_EF_RELOAD, PERF_EF_START, PERF_EF_UPDATE, PERF_EF_PAUSE, PERF_EF_RESUME, PERF_HES_STOPPED, type EventStateName, type KState, type Val } from "../../../interpreter/state.ts";
import { perf_event_disable_inatomic, perf_pmu_disable, perf_pmu_enable, perf_pmu_enable_from, rb_free_aux, ring_buffer_get, ring_buffer_put } from "./internal.ts";
import { mutexLock, mutexUnlock } from "../../../interpreter/locks.ts";

const V = "v7.1-rc1 [LY-core]";
const CORE_C = "kernel/events/core.c ([LY-core] @01b0793e, v7.1-rc1)";

// ---------------------------------------------------------------------------------------------
// Overflow accounting and throttling (NMI context: called from the PMU interrupt handler)
// ---------------------------------------------------------------------------------------------

export const perf_event_overflow = kfn({
  name: "perf_event_overflow",
  cite: `kernel/events/core.c perf_event_overflow() — kernel-semantics.md §2.2 (${V}); the hardware PMI entry, throttle = 1`,
  steps: {
    // adj: the nondeterministic outcome of perf_adjust_period for a freq-mode counter (state.ts Counter.adj)
    entry: (_k, f) => call("__perf_event_overflow", { e: str(f.a.e), throttle: 1, adj: f.a.adj ?? false }, "done"),
    done: (_k, f) => ret(f.a.rv ?? 0),
  },
});

export const __perf_event_overflow = kfn({
  name: "__perf_event_overflow",
  cite: `kernel/events/core.c __perf_event_overflow() — kernel-semantics.md §2.2 (${V}); audit claim 4`,
  steps: {
    // !is_sampling_event(event): every modelled counter samples (period=N / freq=N), so never taken.
    entry(k, f) {
      f.a.events = E(k, str(f.a.e)).event_limit; // int events = atomic_read(&event->event_limit)
      return call("__perf_event_account_interrupt", { e: str(f.a.e), throttle: f.a.throttle ?? 1, adj: f.a.adj ?? false }, "aux_pause");
    },
    aux_pause(k, f, x) {
      f.a.ret = f.a.rv ?? 0;
      const info = ev(x.cfg, str(f.a.e));
      // Runs even when this call just throttled the group (ret == 1).
      if (info.attr.aux_pause && info.auxEvent !== null) {
        k.ghost.userPaused[info.auxEvent] = true;
        return call("perf_event_aux_pause", { e: info.auxEvent, pause: true }, "limit");
      }
      // BPF drop (goto out): not modelled (see file header).
      return jump("limit");
    },
    limit(k, f, x) {
      // audit claim 4 / X10: "if (events && atomic_dec_and_test(&event->event_limit)) { ret = 1;
      // event->pending_kill = POLL_HUP; perf_event_disable_inatomic(event); event->pmu->stop(event, 0); }"
      const e = str(f.a.e);
      if (num(f.a.events ?? 0) > 0 && --E(k, e).event_limit === 0) {
        f.a.ret = 1;
        perf_event_disable_inatomic(k, e);
        return call(pmuOps(x, e).stop, { e, flags: 0 }, "out");
      }
      // sigtrap, overflow_handler (the sample), pending wakeup: not modelled (see file header).
      return jump("out");
    },
    out(k, f, x) {
      const info = ev(x.cfg, str(f.a.e));
      // aux_resume sits at out:, the very end ("so as to trace less of perf itself").
      if (info.attr.aux_resume && info.auxEvent !== null) {
        k.ghost.userPaused[info.auxEvent] = false;
        return call("perf_event_aux_pause", { e: info.auxEvent, pause: false }, "done");
      }
      return ret(f.a.ret ?? 0);
    },
    done: (_k, f) => ret(f.a.ret ?? 0),
  },
});

export const __perf_event_account_interrupt = kfn({
  name: "__perf_event_account_interrupt",
  cite: `kernel/events/core.c __perf_event_account_interrupt() — kernel-semantics.md §2.1 (${V}); audit X2`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const hw = E(k, e).hw;
      const seq = k.cpu[x.cpu]!.perf_throttled_seq;
      if (seq !== hw.interrupts_seq) {
        hw.interrupts_seq = seq;
        setInterrupts(k, x, e, 1);
      } else {
        // MAX_INTERRUPTS is ~0ULL: ++ wraps to 0 (audit X2: a latched overflow of a throttled member).
        setInterrupts(k, x, e, hw.interrupts === MAX_INTERRUPTS ? 0 : hw.interrupts + 1);
      }
      const n = E(k, e).hw.interrupts;
      if (f.a.throttle && n !== MAX_INTERRUPTS && n >= x.cfg.params.maxSamplesPerTick) {
        k.cpu[x.cpu]!.perf_throttled_count++;
        // tick_dep_set_cpu(): keeps the tick alive under nohz; the model's tick is always possible.
        f.a.ret = 1;
        return call("perf_event_throttle_group", { e }, "freq");
      }
      f.a.ret = 0;
      return jump("freq");
    },
    freq(_k, f, x) {
      // "if (event->attr.freq) { ... if (delta > 0 && delta < 2*TICK_NSEC) perf_adjust_period(event, delta,
      // hwc->last_period, true); }" — perf_clock() and the counts are not modelled: whether the adjustment
      // restarts the counter is the overflow's nondeterministic `adj` (state.ts Counter.adj).
      const e = str(f.a.e);
      if (ev(x.cfg, e).attr.freq) return call("perf_adjust_period", { e, disable: true, restart: f.a.adj ?? false }, "done");
      return ret(f.a.ret ?? 0);
    },
    done: (_k, f) => ret(f.a.ret ?? 0),
  },
});

export const perf_event_throttle = kfn({
  name: "perf_event_throttle",
  cite: `kernel/events/core.c perf_event_throttle() — kernel-semantics.md §2.3 (${V}, with the state != ACTIVE guard); audit claim 1`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (E(k, e).state !== "ACTIVE") return ret();
      setInterrupts(k, x, e, MAX_INTERRUPTS);
      return call(pmuOps(x, e).stop, { e, flags: 0 }, "log");
    },
    // if (event == event->group_leader) perf_log_throttle(event, 0): data-rb record, not modelled.
    log: () => ret(),
  },
});

export const perf_event_unthrottle = kfn({
  name: "perf_event_unthrottle",
  cite: `kernel/events/core.c perf_event_unthrottle() — kernel-semantics.md §2.3 (${V}, with the state != ACTIVE guard); audit claim 1`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (E(k, e).state !== "ACTIVE") return ret();
      setInterrupts(k, x, e, 0);
      if (f.a.start) return call(pmuOps(x, e).start, { e, flags: 0 }, "log");
      return ret();
    },
    // if (event == event->group_leader) perf_log_throttle(event, 1): not modelled.
    log: () => ret(),
  },
});

export const perf_event_throttle_group = kfn({
  name: "perf_event_throttle_group",
  cite: `kernel/events/core.c perf_event_throttle_group() — kernel-semantics.md §2.3 (9734e25fbf5a)`,
  steps: {
    entry(_k, f, x) {
      const leader = ev(x.cfg, str(f.a.e)).leader;
      f.a.i = 0;
      return call("perf_event_throttle", { e: leader }, "siblings");
    },
    siblings(_k, f, x) {
      const sibs = ev(x.cfg, ev(x.cfg, str(f.a.e)).leader).siblings;
      const i = num(f.a.i);
      if (i >= sibs.length) return ret();
      f.a.i = i + 1;
      return call("perf_event_throttle", { e: sibs[i]! }, "siblings");
    },
  },
});

export const perf_event_unthrottle_group = kfn({
  name: "perf_event_unthrottle_group",
  cite: `kernel/events/core.c perf_event_unthrottle_group() — kernel-semantics.md §2.3 (9734e25fbf5a): leader first, then each sibling`,
  steps: {
    entry(_k, f, x) {
      const e = str(f.a.e);
      const leader = ev(x.cfg, e).leader;
      f.a.i = 0;
      return call("perf_event_unthrottle", { e: leader, start: f.a.skip_start_event ? leader !== e : true }, "siblings");
    },
    siblings(_k, f, x) {
      const e = str(f.a.e);
      const sibs = ev(x.cfg, ev(x.cfg, e).leader).siblings;
      const i = num(f.a.i);
      if (i >= sibs.length) return ret();
      f.a.i = i + 1;
      const s = sibs[i]!;
      return call("perf_event_unthrottle", { e: s, start: f.a.skip_start_event ? s !== e : true }, "siblings");
    },
  },
});

// ---------------------------------------------------------------------------------------------
// AUX pause / resume
// ---------------------------------------------------------------------------------------------

export const perf_event_aux_pause = kfn({
  name: "perf_event_aux_pause",
  cite: `kernel/events/core.c perf_event_aux_pause() — kernel-semantics.md §2.8, audit X3 / D3 ([RV-core] guard; the aux_in_sampling test is the aux_in_sampling_guard parameter)`,
  steps: {
    entry(k, f, x) {
      // if (WARN_ON_ONCE(!event)) return: aux_event is always set for aux-action events (perf_get_aux_event) — unreachable.
      const e = str(f.a.e);
      const r = ring_buffer_get(k, x, e);
      if (r === null) return ret();
      f.a.rb = r;
      // scoped_guard (irqsave): IRQs off inside (NMIs still possible).
      x.irqSave();
      const rb = k.rb[r]!;
      // ASSUMPTION (UNCONFIRMED, kernel-semantics.md §2.8 / audit X3): mainline at the patch base tests only
      // aux_in_pause_resume; [LY-core]'s "|| aux_in_sampling" is the aux_in_sampling_guard parameter (default off).
      if (rb.aux_in_pause_resume || (x.cfg.params.auxInSamplingGuard && rb.aux_in_sampling)) {
        // break: the later action is dropped ("Pause/resume in NMI context will miss out if it coincides with another pause/resume").
        x.irqRestore();
        ring_buffer_put(k, r);
        return ret();
      }
      // The refcount increment and the guard check + set are one step: an NMI in between runs to
      // completion and leaves the guard as it found it, so it is equivalent to an NMI before the step.
      rb.aux_in_pause_resume = true;
      return call("__perf_event_aux_pause", { e, pause: f.a.pause ?? false }, "unguard");
    },
    unguard(k, f, x) {
      const r = num(f.a.rb);
      k.rb[r]!.aux_in_pause_resume = false;
      x.irqRestore();
      ring_buffer_put(k, r);
      return ret();
    },
  },
});

export const __perf_event_aux_pause = kfn({
  name: "__perf_event_aux_pause",
  cite: `kernel/events/core.c __perf_event_aux_pause() — kernel-semantics.md §2.8: the flag is written before the driver callback`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const hw = E(k, e).hw;
      if (f.a.pause) {
        if (!hw.aux_paused) {
          hw.aux_paused = 1;
          return call(pmuOps(x, e).stop, { e, flags: PERF_EF_PAUSE }, "done");
        }
      } else if (hw.aux_paused) {
        hw.aux_paused = 0;
        return call(pmuOps(x, e).start, { e, flags: PERF_EF_RESUME }, "done");
      }
      return ret();
    },
    done: () => ret(),
  },
});

// ---------------------------------------------------------------------------------------------
// The tick (hardirq, IRQs off)
// ---------------------------------------------------------------------------------------------

export const perf_event_task_tick = kfn({
  name: "perf_event_task_tick",
  cite: `kernel/events/core.c perf_event_task_tick() — kernel-semantics.md §2.4, audit D2 (${V}); called from sched_tick (outside the model)`,
  steps: {
    entry(k, _f, x) {
      k.cpu[x.cpu]!.perf_throttled_seq++;
      return goto("xchg");
    },
    xchg(k, f, x) {
      const c = k.cpu[x.cpu]!;
      const throttled = c.perf_throttled_count;
      c.perf_throttled_count = 0;
      f.a.throttled = throttled;
      // tick_dep_clear_cpu(): nohz bookkeeping, not modelled.
      return call("perf_adjust_freq_unthr_context", { ctx: "cpu", unthrottle: throttled !== 0 }, "task_ctx");
    },
    task_ctx(k, f, x) {
      // ctx = current->perf_event_ctxp: the profiled task's context when it is current.
      if (x.cfg.mode === "per-task" && k.cpu[x.cpu]!.task_ctx_current) {
        return call("perf_adjust_freq_unthr_context", { ctx: "task", unthrottle: num(f.a.throttled) !== 0 }, "done");
      }
      return ret();
    },
    done: () => ret(),
  },
});

export const perf_adjust_freq_unthr_context = kfn({
  name: "perf_adjust_freq_unthr_context",
  cite: `kernel/events/core.c perf_adjust_freq_unthr_context() — kernel-semantics.md §2.4, audit D2`,
  steps: {
    entry(k, f, x) {
      const ctx = str(f.a.ctx) as "cpu" | "task";
      // if (!(ctx->nr_freq || unthrottle)) return; — ctx->nr_freq counts the ACTIVE frequency-mode events of the
      // ctx (event_sched_in/out); the one modelled pmu_ctx has the same count (pmu_ctx->nr_freq).
      const nrFreq = x.cfg.events.filter((e) => e.attr.freq && (ctx === "cpu" ? !e.task && e.cpu === x.cpu : e.task) && E(k, e.id).state === "ACTIVE").length;
      if (!(nrFreq > 0 || f.a.unthrottle)) return ret();
      // raw_spin_lock(&ctx->lock): not modelled. The modelled groups live in the core PMU's
      // pmu_ctx (move_group, §2.4); !perf_pmu_ctx_is_active() → continue is "no group of the ctx
      // is ACTIVE"; the core PMU has no PERF_PMU_CAP_NO_INTERRUPT.
      const leaders = leadersOfCtx(x.cfg, ctx, x.cpu);
      if (!leaders.some((l) => E(k, l).state === "ACTIVE")) return ret();
      const pmu = leaders.map((l) => groupPmu(x.cfg, l)).find((p) => p !== null) ?? null;
      f.a.pmu = pmu;
      perf_pmu_disable(k, x, pmu);
      // perf_adjust_freq_unthr_events(&pmu_ctx->pinned_active): empty (no pinned groups); then flexible_active:
      return call("perf_adjust_freq_unthr_events", { ctx }, "enable");
    },
    enable(k, f, x) {
      perf_pmu_enable(k, x, (f.a.pmu as DriverKind | null) ?? null);
      return ret();
    },
  },
});

export const perf_adjust_freq_unthr_events = kfn({
  name: "perf_adjust_freq_unthr_events",
  cite: `kernel/events/core.c perf_adjust_freq_unthr_events() — kernel-semantics.md §2.4: the list holds GROUP LEADERS only (merge_sched_in)`,
  steps: {
    entry(_k, f) {
      f.a.i = 0;
      return jump("loop");
    },
    loop(k, f, x) {
      // list_for_each_entry(event, event_list, active_list): the active list is the ACTIVE leaders
      // (list_add_tail in merge_sched_in, list_del_init in event_sched_out, both with IRQs off).
      const leaders = leadersOfCtx(x.cfg, str(f.a.ctx) as "cpu" | "task", x.cpu);
      const i = num(f.a.i);
      if (i >= leaders.length) return ret();
      f.a.i = i + 1;
      const e = leaders[i]!;
      // event->state != ACTIVE || !event_filter_match(event): continue
      if (E(k, e).state !== "ACTIVE") return goto("loop");
      // is_event_in_freq_mode(event): a frequency-mode leader (a lone freq=N counter; AUX leaders never are)
      const freq = ev(x.cfg, e).attr.freq;
      f.a.cur = e;
      if (E(k, e).hw.interrupts === MAX_INTERRUPTS) {
        return call("perf_event_unthrottle_group", { e, skip_start_event: freq }, freq ? "freq_adj" : "loop");
      }
      // if (!is_event_in_freq_mode(event)) continue;
      if (!freq) return goto("loop");
      return jump("freq_adj");
    },
    // "event->pmu->stop(event, PERF_EF_UPDATE); ... if (delta > 0) perf_adjust_period(event, period, delta,
    // false); event->pmu->start(event, delta > 0 ? PERF_EF_RELOAD : 0);" — counts not modelled: delta > 0 (RELOAD),
    // and perf_adjust_period(.., false) changes only hw.sample_period (not modelled).
    freq_adj: (_k, f, x) => call(pmuOps(x, str(f.a.cur)).stop, { e: str(f.a.cur), flags: PERF_EF_UPDATE }, "freq_start"),
    freq_start: (_k, f, x) => call(pmuOps(x, str(f.a.cur)).start, { e: str(f.a.cur), flags: PERF_EF_RELOAD }, "loop"),
  },
});

// ---------------------------------------------------------------------------------------------
// Scheduling in and out (IRQs off)
// ---------------------------------------------------------------------------------------------

export const event_sched_in = kfn({
  name: "event_sched_in",
  cite: `kernel/events/core.c event_sched_in() — kernel-semantics.md §2.5 (${V}); audit claim 3`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const s = E(k, e);
      if (s.state === "OFF" || s.state === "ERROR" || s.state === "DEAD") return ret(0); // event->state <= PERF_EVENT_STATE_OFF
      s.oncpu = x.cpu;
      s.state = "ACTIVE";
      // After ACTIVE (so the state guard passes), before pmu->add: interrupts = 0, NO start, NO aux resume.
      if (s.hw.interrupts === MAX_INTERRUPTS) return call("perf_event_unthrottle", { e, start: false }, "add");
      return jump("add");
    },
    add(k, f, x) {
      const e = str(f.a.e);
      perf_pmu_disable(k, x, driverOf(x, e));
      // perf_log_itrace_start(event): data-rb record, not modelled.
      return call(pmuOps(x, e).add, { e, flags: PERF_EF_START }, "added");
    },
    added(k, f, x) {
      const e = str(f.a.e);
      let r = 0;
      if (f.a.rv !== 0) {
        E(k, e).state = "INACTIVE";
        E(k, e).oncpu = -1;
        r = EAGAIN;
      }
      perf_pmu_enable(k, x, driverOf(x, e));
      return ret(r);
    },
  },
});

export const event_sched_out = kfn({
  name: "event_sched_out",
  cite: `kernel/events/core.c event_sched_out() — kernel-semantics.md §2.5: del = stop(UPDATE); interrupts and aux_paused untouched`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (E(k, e).state !== "ACTIVE") return ret();
      // list_del_init(&event->active_list): the active list is derived from ACTIVE leaders.
      perf_pmu_disable(k, x, driverOf(x, e));
      return call(pmuOps(x, e).del, { e, flags: 0 }, "deleted");
    },
    deleted(k, f, x) {
      const e = str(f.a.e);
      E(k, e).oncpu = -1;
      // "if (event->pending_disable) { event->pending_disable = 0; ... state = PERF_EVENT_STATE_OFF; }" (pending disable, linux/kernel/events/core.ts)
      if (E(k, e).pending_disable) {
        E(k, e).pending_disable = false;
        E(k, e).state = "OFF";
      } else E(k, e).state = "INACTIVE";
      perf_pmu_enable(k, x, driverOf(x, e));
      return ret();
    },
  },
});

export const group_sched_in = kfn({
  name: "group_sched_in",
  cite: `kernel/events/core.c group_sched_in() — kernel-semantics.md §2.5; start_txn/commit_txn of the core PMU are perf_pmu_disable/enable (perf_pmu_start_txn)`,
  blocks: ["siblings"],
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (E(k, e).state === "OFF") return ret(0);
      perf_pmu_disable(k, x, groupPmu(x.cfg, e)); // pmu->start_txn(pmu, PERF_PMU_TXN_ADD)
      return call("event_sched_in", { e }, "leader_in");
    },
    leader_in(_k, f) {
      if (f.a.rv !== 0) return jump("error");
      f.a.i = 0;
      return jump("siblings");
    },
    siblings(k, f, x) {
      const e = str(f.a.e);
      const sibs = ev(x.cfg, e).siblings;
      const i = num(f.a.i);
      if (i < sibs.length) return call("event_sched_in", { e: sibs[i]! }, "sibling_in");
      perf_pmu_enable(k, x, groupPmu(x.cfg, e)); // pmu->commit_txn(pmu) succeeds
      return ret(0);
    },
    sibling_in(_k, f) {
      const i = num(f.a.i);
      if (f.a.rv !== 0) {
        f.a.partial = i;
        f.a.j = 0;
        return jump("group_error");
      }
      f.a.i = i + 1;
      return jump("siblings");
    },
    group_error(_k, f, x) {
      const e = str(f.a.e);
      const sibs = ev(x.cfg, e).siblings;
      const j = num(f.a.j);
      if (j < num(f.a.partial)) {
        f.a.j = j + 1;
        return call("event_sched_out", { e: sibs[j]! }, "group_error");
      }
      return call("event_sched_out", { e }, "error");
    },
    error(k, f, x) {
      perf_pmu_enable(k, x, groupPmu(x.cfg, str(f.a.e))); // pmu->cancel_txn(pmu)
      return ret(EAGAIN);
    },
  },
});

export const group_sched_out = kfn({
  name: "group_sched_out",
  cite: `kernel/events/core.c group_sched_out() — kernel-semantics.md §2.5`,
  steps: {
    entry(_k, f) {
      f.a.i = 0;
      return call("event_sched_out", { e: str(f.a.e) }, "siblings");
    },
    siblings(_k, f, x) {
      const sibs = ev(x.cfg, str(f.a.e)).siblings;
      const i = num(f.a.i);
      if (i >= sibs.length) return ret();
      f.a.i = i + 1;
      return call("event_sched_out", { e: sibs[i]! }, "siblings");
    },
  },
});

export const merge_sched_in = kfn({
  name: "merge_sched_in",
  cite: `kernel/events/core.c merge_sched_in() — kernel-semantics.md §2.5`,
  steps: {
    entry(k, f) {
      const e = str(f.a.e);
      const s = E(k, e).state;
      if (s === "OFF" || s === "ERROR" || s === "DEAD") return ret(0); // event->state <= PERF_EVENT_STATE_OFF
      // event_filter_match / group_can_go_on: always true for the modelled groups (one exclusive AUX PMU per CPU).
      return call("group_sched_in", { e }, "after");
    },
    after: () =>
      // On success list_add_tail(&event->active_list) (derived). If still INACTIVE: pinned → ERROR
      // (not modelled: perf record's groups are flexible); flexible → ctx->rotate_necessary
      // (rotation not modelled): the group waits for the next sched-in.
      ret(0),
  },
});

export const ctx_sched_in = kfn({
  name: "ctx_sched_in",
  cite: `kernel/events/core.c ctx_sched_in() → pmu_groups_sched_in() → visit_groups_merge() — kernel-semantics.md §2.5 (flexible groups, in order)`,
  steps: {
    entry(_k, f) {
      f.a.i = 0;
      return jump("loop");
    },
    loop(_k, f, x) {
      const leaders = leadersOfCtx(x.cfg, str(f.a.ctx) as "cpu" | "task", x.cpu);
      const i = num(f.a.i);
      if (i >= leaders.length) return ret();
      f.a.i = i + 1;
      return call("merge_sched_in", { e: leaders[i]! }, "loop");
    },
  },
});

export const ctx_sched_out = kfn({
  name: "ctx_sched_out",
  cite: `kernel/events/core.c ctx_sched_out() → __pmu_ctx_sched_out() — kernel-semantics.md §2.5 (task_ctx_sched_out and __pmu_ctx_sched_out are pass-through wrappers, folded in)`,
  steps: {
    entry(_k, f) {
      f.a.i = 0;
      return jump("loop");
    },
    loop(k, f, x) {
      const leaders = leadersOfCtx(x.cfg, str(f.a.ctx) as "cpu" | "task", x.cpu);
      let i = num(f.a.i);
      while (i < leaders.length && E(k, leaders[i]!).state !== "ACTIVE") i++;
      if (i >= leaders.length) return ret();
      f.a.i = i + 1;
      return call("group_sched_out", { e: leaders[i]! }, "loop");
    },
  },
});

export const __perf_event_enable = kfn({
  name: "__perf_event_enable",
  cite: `kernel/events/core.c __perf_event_enable() — PERF_EVENT_IOC_ENABLE of the group leader (perf record enables after mmap); kernel-semantics.md §4 step 0`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const s = E(k, e).state;
      if (s === "INACTIVE" || s === "ACTIVE" || s === "ERROR") return ret();
      E(k, e).state = "INACTIVE";
      // ctx->is_active: the CPU context; event_filter_match: yes; event is the leader.
      if (ev(x.cfg, e).leader !== e && E(k, ev(x.cfg, e).leader).state !== "ACTIVE") return ret();
      return call("ctx_resched", {}, "done");
    },
    done: () => ret(),
  },
});

export const ctx_resched = kfn({
  name: "ctx_resched",
  cite: `kernel/events/core.c ctx_resched() — perf_pmu_disable, sched out the CPU context's flexible groups, perf_event_sched_in, perf_pmu_enable — kernel-semantics.md §2.5`,
  steps: {
    entry(k, _f, x) {
      // for_each_epc(...) perf_pmu_disable(epc->pmu); no task context in per-CPU sessions.
      perf_pmu_disable(k, x, corePmu(x.cfg));
      return call("ctx_sched_out", { ctx: "cpu" }, "sched_in");
    },
    sched_in: () => call("ctx_sched_in", { ctx: "cpu" }, "enable"),
    // perf_pmu_enable(epc->pmu): on x86 it starts the counters just added (x86_pmu_enable)
    enable: (k, _f, x) => perf_pmu_enable_from(k, x, corePmu(x.cfg), "done") ?? ret(),
    done: () => ret(),
  },
});

export const __perf_event_task_sched_out = kfn({
  name: "__perf_event_task_sched_out",
  cite: `kernel/events/core.c __perf_event_task_sched_out() — kernel-semantics.md §2.5 (context switch, IRQs off)`,
  steps: {
    entry(k, _f, x) {
      if (!k.cpu[x.cpu]!.task_ctx_current) return ret();
      return call("perf_event_context_sched_out", {}, "done");
    },
    done: () => ret(),
  },
});

export const perf_event_context_sched_out = kfn({
  name: "perf_event_context_sched_out",
  cite: `kernel/events/core.c perf_event_context_sched_out() — kernel-semantics.md §2.5 (the clone-swap shortcut is not taken: the next task has no perf context)`,
  steps: {
    entry(k, _f, x) {
      perf_pmu_disable(k, x, corePmu(x.cfg)); // perf_ctx_disable(ctx, false)
      return call("ctx_sched_out", { ctx: "task" }, "enable"); // task_ctx_sched_out(ctx, NULL, EVENT_ALL)
    },
    enable(k, _f, x) {
      k.cpu[x.cpu]!.task_ctx_current = false; // cpuctx->task_ctx = NULL
      perf_pmu_enable(k, x, corePmu(x.cfg)); // perf_ctx_enable(ctx, false)
      return ret();
    },
  },
});

export const __perf_event_task_sched_in = kfn({
  name: "__perf_event_task_sched_in",
  cite: `kernel/events/core.c __perf_event_task_sched_in() — kernel-semantics.md §2.5`,
  steps: {
    entry: () => call("perf_event_context_sched_in", {}, "done"),
    done: () => ret(),
  },
});

export const perf_event_context_sched_in = kfn({
  name: "perf_event_context_sched_in",
  cite: `kernel/events/core.c perf_event_context_sched_in() → perf_event_sched_in() — kernel-semantics.md §2.5`,
  steps: {
    entry(k, _f, x) {
      perf_pmu_disable(k, x, corePmu(x.cfg)); // perf_ctx_disable(ctx, false)
      k.cpu[x.cpu]!.task_ctx_current = true; // cpuctx->task_ctx = ctx
      // perf_event_sched_in: CPU pinned, task pinned, CPU flexible (all empty), then the task's flexible groups.
      return call("ctx_sched_in", { ctx: "task" }, "enable");
    },
    // perf_ctx_enable(ctx, false): on x86 it starts the counters just added (x86_pmu_enable)
    enable: (k, _f, x) => perf_pmu_enable_from(k, x, corePmu(x.cfg), "done") ?? ret(),
    done: () => ret(),
  },
});

// ---------------------------------------------------------------------------------------------
// PERF_EVENT_IOC_PERIOD and perf_event_stop (IPI / cpu_function_call, IRQs off)
// ---------------------------------------------------------------------------------------------

export const __perf_event_period = kfn({
  name: "__perf_event_period",
  cite: `kernel/events/core.c __perf_event_period() — kernel-semantics.md §2.3 caller 3, §4.4 (9734e25fbf5a's version); reached through event_function (IPI)`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      // attr.sample_period = hw.sample_period = value: the period value is not modelled.
      const active = E(k, e).state === "ACTIVE";
      f.a.active = active;
      if (!active) return ret(); // local64_set(&hw.period_left, 0) only
      perf_pmu_disable(k, x, driverOf(x, e));
      return call(pmuOps(x, e).stop, { e, flags: PERF_EF_UPDATE }, "start");
    },
    start(_k, f, x) {
      const e = str(f.a.e);
      // local64_set(&event->hw.period_left, 0): not modelled.
      return call(pmuOps(x, e).start, { e, flags: PERF_EF_RELOAD }, "unthrottle");
    },
    unthrottle(k, f) {
      const e = str(f.a.e);
      // "the event/group could be throttled. Unthrottle the event/group now"
      if (E(k, e).hw.interrupts === MAX_INTERRUPTS) return call("perf_event_unthrottle_group", { e, skip_start_event: true }, "enable");
      return jump("enable");
    },
    enable(k, f, x) {
      perf_pmu_enable(k, x, driverOf(x, str(f.a.e)));
      return ret();
    },
  },
});

export const __perf_event_stop = kfn({
  name: "__perf_event_stop",
  cite: `kernel/events/core.c __perf_event_stop() — kernel-semantics.md §2.6: stop(UPDATE), then start(0) if restart; no perf_pmu_disable, and throttling is ignored`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (E(k, e).state !== "ACTIVE") return ret(0);
      if (E(k, e).oncpu !== x.cpu) return ret(EAGAIN);
      return call(pmuOps(x, e).stop, { e, flags: PERF_EF_UPDATE }, "restart");
    },
    restart(_k, f, x) {
      const e = str(f.a.e);
      // "such events will refuse to restart because of rb::aux_mmap_count==0"
      if (f.a.restart) return call(pmuOps(x, e).start, { e, flags: 0 }, "done");
      return ret(0);
    },
    done: () => ret(0),
  },
});

// ---------------------------------------------------------------------------------------------
// munmap of the AUX area (task context, IRQs on)
// ---------------------------------------------------------------------------------------------

export const perf_mmap_close = kfn({
  name: "perf_mmap_close",
  cite: `kernel/events/core.c perf_mmap_close() of the AUX vma (the rb owner's) — kernel-semantics.md §2.9, §4 step 6, E4; audit claim 6; errata X14 (${CORE_C})`,
  steps: {
    entry(k, f) {
      const r = num(f.a.rb);
      const rb = k.rb[r]!;
      // rb_has_aux(rb) && vma->vm_pgoff == rb->aux_pgoff && refcount_dec_and_mutex_lock(&rb->aux_mmap_count, &rb->aux_mutex)
      // (rb->aux_mutex: no other modelled operation takes it.)
      if (!rb.has_aux || rb.aux_mmap_count === 0) return ret();
      rb.aux_mmap_count--;
      if (rb.aux_mmap_count > 0) return ret();
      // "Stop all AUX events that are writing to this buffer, so that we can free its AUX pages and corresponding PMU
      // data. Note that after rb::aux_mmap_count dropped to zero, they won't start any more (see perf_aux_output_begin())."
      return call("perf_pmu_output_stop", { rb: r }, "free_aux");
    },
    free_aux(k, f, x) {
      const r = num(f.a.rb);
      // locked_vm / pinned_vm accounting: not modelled. "this has to be the last one"
      rb_free_aux(k, x, r);
      const rb = k.rb[r]!;
      WARN_ON(x, rb.aux_refcount !== 0, "munmap-warn", `WARN_ON_ONCE(refcount_read(&rb->aux_refcount)) in perf_mmap_close: aux_refcount = ${rb.aux_refcount} after the last rb_free_aux (a transaction output stop did not end)`);
      // The data area's munmap (ring_buffer_attach(event, NULL)) is its own vma close: perf_mmap_close_data below.
      return ret();
    },
  },
});

/** rb->event_list: the owner outside the model (on the list until its own detach, not modelled) and the events on it. */
function eventList(k: KState, cfg: Config, r: number): { id: string | null; cpu: number }[] {
  const out: { id: string | null; cpu: number }[] = [];
  if (cfg.rbOwner === null) out.push({ id: null, cpu: cfg.rbOwnerCpu });
  for (const e of cfg.events) if (k.ev[e.id]!.rb_entry === r) out.push({ id: e.id, cpu: e.cpu });
  return out;
}

export const perf_pmu_output_stop = kfn({
  name: "perf_pmu_output_stop",
  cite: `${CORE_C} perf_pmu_output_stop(event): for every iter on event->rb->event_list, cpu_function_call(iter->cpu, or READ_ONCE(iter->oncpu) for cpu == -1 events, __perf_pmu_output_stop, event); -EAGAIN restarts the walk — kernel-semantics.md §2.6, errata X14`,
  blocks: ["restart"],
  steps: {
    entry: () => jump("restart"),
    restart(_k, f) {
      f.a.i = 0; // restart: rcu_read_lock(); list_for_each_entry_rcu(iter, &event->rb->event_list, rb_entry)
      return goto("walk");
    },
    walk(k, f, x) {
      const r = num(f.a.rb);
      const list = eventList(k, x.cfg, r);
      let i = num(f.a.i);
      while (i < list.length) {
        const iter = list[i++]!;
        // "For per-CPU events, we need to make sure that neither they nor their children are running; for cpu==-1
        // events it's sufficient to stop the event itself if it's active, since it can't have children."
        let cpu = iter.cpu;
        if (cpu === -1) cpu = iter.id === null ? -1 : E(k, iter.id).oncpu;
        if (cpu === -1) continue;
        f.a.i = i;
        if (x.cfg.ncpus > 1) return call("smp_call_function_single", { cpu, p: null, func: "__perf_pmu_output_stop", rb: r }, "called");
        // One CPU: cpu_function_call to this CPU runs the function here with IRQs off.
        x.irqSave();
        f.a.local = true;
        return call("__perf_pmu_output_stop", { rb: r }, "called");
      }
      return ret();
    },
    called(_k, f, x) {
      if (f.a.local) {
        x.irqRestore();
        delete f.a.local;
      }
      if (f.a.rv === EAGAIN) return jump("restart"); // err == -EAGAIN: rcu_read_unlock(); goto restart;
      return goto("walk");
    },
  },
});

export const __perf_pmu_output_stop = kfn({
  name: "__perf_pmu_output_stop",
  cite: `${CORE_C} __perf_pmu_output_stop(info = the unmapping event): ro.rb = event->rb; perf_iterate_ctx(&cpuctx->ctx, __perf_event_output_stop, &ro); then cpuctx->task_ctx; return ro.err — kernel-semantics.md §2.9, errata X14`,
  steps: {
    entry(_k, f) {
      f.a.i = 0;
      f.a.err = 0;
      return jump("loop");
    },
    loop(k, f, x) {
      const r = num(f.a.rb);
      // the CPU context's events, then the task context if it is scheduled in here (cpuctx->task_ctx);
      // perf_iterate_ctx(all = false): "if (event->state < PERF_EVENT_STATE_INACTIVE) continue;" (event_filter_match:
      // a bound per-task event's CPU is the task's, environment/perf-event-open.ts)
      const inCtx = x.cfg.events.filter((e) => ((!e.task && e.cpu === x.cpu) || (e.task && k.cpu[x.cpu]!.task_ctx_current)) && (E(k, e.id).state === "INACTIVE" || E(k, e.id).state === "ACTIVE"));
      const i = num(f.a.i);
      if (i > 0 && f.a.rv !== undefined && f.a.rv !== null) f.a.err = f.a.rv; // ro->err = __perf_event_stop(&sd) (only when called)
      if (i >= inCtx.length) return ret(f.a.err ?? 0);
      f.a.i = i + 1;
      f.a.rv = null;
      return call("__perf_event_output_stop", { e: inCtx[i]!.id, rb: r }, "loop");
    },
  },
});

export const __perf_event_output_stop = kfn({
  name: "__perf_event_output_stop",
  cite: `${CORE_C} __perf_event_output_stop(): if (!has_aux(event)) return; if (rcu_dereference(parent->rb) == rb) ro->err = __perf_event_stop(&sd) — errata X14: the event's CURRENT rb`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (!ev(x.cfg, e).pmu.aux) return ret(null); // !has_aux(event)
      // "We are using event::rb to determine if the event should be stopped, however this may race with
      // ring_buffer_attach() (through set_output), which will make us skip the event that actually needs to be
      // stopped. So ring_buffer_attach() has to stop an aux event before re-assigning its rb pointer."
      if (E(k, e).rb !== num(f.a.rb)) return ret(null);
      return call("__perf_event_stop", { e, restart: 0 }, "done");
    },
    done: (_k, f) => ret(f.a.rv ?? 0),
  },
});

// ---------------------------------------------------------------------------------------------
// Frequency mode: perf_adjust_period (kernel-semantics.md §2.1 ⚠ X1, audit D1)
// ---------------------------------------------------------------------------------------------

/**
 * `perf_adjust_period(event, nsec, count, disable)`:
 *   period = perf_calculate_period(event, nsec, count); delta = (period - hwc->sample_period) / 8 (low-pass);
 *   hwc->sample_period += delta (at least 1);
 *   if (local64_read(&hwc->period_left) > 8*sample_period) {
 *       if (disable) event->pmu->stop(event, PERF_EF_UPDATE);
 *       local64_set(&hwc->period_left, 0);
 *       if (disable) event->pmu->start(event, PERF_EF_RELOAD);
 *   }
 * Counts, nsec and periods are not modelled: `restart` is the outcome of the `period_left > 8*sample_period`
 * test, chosen nondeterministically by the hardware `overflow` action (state.ts Counter.adj). From
 * __perf_event_account_interrupt (disable = true) this restarts the overflowing counter EVEN JUST AFTER the
 * group throttle stopped it: the counter then counts with interrupts == MAX (audit D1: "keeps counting while
 * interrupts == MAX", R3) and can re-throttle the group (E5 route (ii), audit X8). The handlers do not stop it
 * again (X1). The tick's call (disable = false) never stops/starts here (the tick does it around the call).
 */
export const perf_adjust_period = kfn({
  name: "perf_adjust_period",
  cite: `${CORE_C} perf_adjust_period() — kernel-semantics.md §2.1 (⚠ X1), audit D1, X8 (E5 route ii)`,
  steps: {
    entry(_k, f, x) {
      // hwc->sample_period = sample_period: not modelled.
      if (!f.a.restart || !f.a.disable) return ret();
      const e = str(f.a.e);
      return call(pmuOps(x, e).stop, { e, flags: PERF_EF_UPDATE }, "reload");
    },
    // local64_set(&hwc->period_left, 0)
    reload: (_k, f, x) => call(pmuOps(x, str(f.a.e)).start, { e: str(f.a.e), flags: PERF_EF_RELOAD }, "done"),
    done: () => ret(),
  },
});

/** enum perf_event_state order: ACTIVE 1 > INACTIVE 0 > OFF -1 > ERROR -2 > (EXIT -3) > DEAD -4. */
const STATE_RANK: Readonly<Record<EventStateName, number>> = { ACTIVE: 1, INACTIVE: 0, OFF: -1, ERROR: -2, DEAD: -4 };

/**
 * `perf_event_release_kernel(event)` for a group leader, as far as the group is concerned:
 * perf_remove_from_context(event, DETACH_GROUP | DETACH_DEAD) → (ctx active) event_function_call →
 * cpu_function_call → event_function (IRQs off, ctx->lock) → __perf_remove_from_context.
 * Not modelled (named): the owner/child lists, perf_event_exit_event of inherited children,
 * _free_event → ring_buffer_attach(event, NULL) (the rb detach is ring_buffer_attach, below),
 * put_event of the aux_event references.
 */
export const perf_event_release_kernel = kfn({
  name: "perf_event_release_kernel",
  cite: `${CORE_C} perf_event_release_kernel() → perf_remove_from_context(event, DETACH_GROUP | DETACH_DEAD) — audit X10 / D6.6`,
  steps: {
    entry: (_k, f) => call("__perf_remove_from_context", { e: str(f.a.e) }, "done"),
    // perf_remove_from_owner, child events, free_event: not modelled.
    done: () => ret(),
  },
});

export const __perf_remove_from_context = kfn({
  name: "__perf_remove_from_context",
  cite: `${CORE_C} __perf_remove_from_context(): ctx_time_update; __event_disable(event, ctx, DEAD); if (DETACH_GROUP) perf_group_detach(event); list_del_event — kernel-semantics.md §2.5; audit D6.6, X10`,
  steps: {
    // ctx_time_update(): not modelled. state = PERF_EVENT_STATE_DEAD (DETACH_DEAD).
    entry: (_k, f) => call("__event_disable", { e: str(f.a.e), state: "DEAD" }, "detach"),
    detach: (_k, f) => call("perf_group_detach", { e: str(f.a.e) }, "done"),
    // list_del_event(), pmu_ctx->nr_events / ctx->is_active bookkeeping: not modelled (a DEAD event is never scheduled).
    done: () => ret(),
  },
});

export const __event_disable = kfn({
  name: "__event_disable",
  cite: `${CORE_C} __event_disable(): event_sched_out(event, ctx); perf_cgroup_event_disable; perf_event_set_state(event, min(event->state, state)) — kernel-semantics.md §2.5; audit D6.6, X10`,
  steps: {
    entry: (_k, f) => call("event_sched_out", { e: str(f.a.e) }, "set"),
    set(k, f) {
      const s = E(k, str(f.a.e));
      const want = str(f.a.state) as EventStateName;
      if (STATE_RANK[want] < STATE_RANK[s.state]) s.state = want; // min(event->state, state)
      return ret();
    },
  },
});

/**
 * `perf_group_detach(event)` → `perf_put_aux_event(event)`: "If the event is an aux_event, tear down all
 * links to it from other events": for each sibling with iter->aux_event == event: iter->aux_event = NULL;
 * put_event(event); "If it's ACTIVE, schedule it out and put it into ERROR state so that we don't try to
 * schedule it again": __event_disable(iter, ctx, PERF_EVENT_STATE_ERROR). Then the siblings are promoted
 * to singleton leaders (perf_promote_sibling_to_leader): not modelled — groups are static in this model,
 * so a close is only allowed for groups whose siblings all have an aux-action (they end in ERROR and never
 * run again; environment/ checks it).
 */
export const perf_group_detach = kfn({
  name: "perf_group_detach",
  cite: `${CORE_C} perf_group_detach() → perf_put_aux_event() — audit X10 / D6.6: the AUX leader's aux-action siblings go to ERROR`,
  steps: {
    entry(_k, f) {
      f.a.i = 0;
      return call("perf_put_aux_event", { e: str(f.a.e), i: 0 }, "done");
    },
    // list_del_init(sibling_list) / perf_promote_sibling_to_leader / perf_event__header_size: not modelled (see above).
    done: () => ret(),
  },
});

export const perf_put_aux_event = kfn({
  name: "perf_put_aux_event",
  cite: `${CORE_C} perf_put_aux_event(): for_each_sibling_event(iter, event) if (iter->aux_event == event) { iter->aux_event = NULL; put_event(event); __event_disable(iter, ctx, PERF_EVENT_STATE_ERROR); } — kernel-semantics.md §2.5; audit D6.6, X10`,
  steps: {
    entry(_k, f, x) {
      const e = str(f.a.e);
      const sibs = ev(x.cfg, e).siblings;
      let i = typeof f.a.i === "number" ? f.a.i : 0;
      while (i < sibs.length) {
        const s = sibs[i++]!;
        if (ev(x.cfg, s).auxEvent !== e) continue;
        f.a.i = i;
        // iter->aux_event = NULL; put_event(event): the link is static (interpreter/config.ts); an ERROR event never runs again.
        return call("__event_disable", { e: s, state: "ERROR" }, "entry");
      }
      return ret();
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Pending disable (perf_event_disable_inatomic's irq_work: perf_pending_disable → __perf_event_disable)
// ---------------------------------------------------------------------------------------------

/**
 * pending_disable and its irq_work.
 *
 * kernel/events/core.c ([LY-core]; the v6.16 rename pending_irq → pending_disable_irq and
 * "@pending_disable = 1" read in Leo Yan's 2025-06 fix "perf: Fix pending disable flow" as merged):
 *   perf_event_disable_inatomic(event): event->pending_disable = 1; irq_work_queue(&event->pending_disable_irq)
 *   perf_pending_disable(entry) → __perf_pending_disable(event):
 *       cpu = READ_ONCE(event->oncpu); if (cpu < 0) return;      // "If the event had been stopped, we're done."
 *       if (cpu == smp_processor_id()) { if (event->pending_disable) { event->pending_disable = 0;
 *                                         perf_event_disable_local(event); } return; }
 *       irq_work_queue_on(..., cpu)                               // other CPU: one CPU is modelled
 *   perf_event_disable_local(event) → event_function_local(event, __perf_event_disable) → __perf_event_disable:
 *       if (event->state < PERF_EVENT_STATE_INACTIVE) return;
 *       perf_pmu_disable(event->pmu_ctx->pmu);
 *       if (event == event->group_leader) group_sched_out(event, ctx); else event_sched_out(event, ctx);
 *       perf_event_set_state(event, PERF_EVENT_STATE_OFF); perf_pmu_enable(...)
 * (audit D6.3 / X4: acts only on `oncpu`, schedules the whole group out, leaves the event OFF;
 * the newer __event_disable(event, ctx, OFF) has the same effect on a leader.)
 *
 * Modelled: the flag (perf_event_disable_inatomic, internal.ts), the works run by irq_work_run()
 * (linux/kernel/irq_work.ts) — synchronously from the SPE PMBIRQ handler ("Ensure perf callbacks have
 * completed"), or from the irq_work self-IPI where IRQs are on (environment/interrupts.ts) — and
 * event_sched_out's conversion of the flag into OFF (above).
 */

export const perf_pending_disable = kfn({
  name: "perf_pending_disable",
  cite: `${CORE_C} perf_pending_disable() → __perf_pending_disable() — kernel-semantics.md §3.1; audit X10`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const cpu = E(k, e).oncpu;
      // "If the event had been stopped, we're done." (the flag stays set: event_sched_out consumed it, or it waits)
      if (cpu < 0) return ret();
      if (cpu !== x.cpu) return ret(); // irq_work_queue_on(other cpu): one CPU modelled, unreachable
      if (!E(k, e).pending_disable) return ret();
      E(k, e).pending_disable = false;
      return call("__perf_event_disable", { e }, "done");
    },
    done: () => ret(),
  },
});

export const __perf_event_disable = kfn({
  name: "__perf_event_disable",
  cite: `${CORE_C} perf_event_disable_local() → event_function_local() → __perf_event_disable(): leader → group_sched_out, then OFF (audit D6.3)`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const s = E(k, e).state;
      if (s === "OFF" || s === "ERROR" || s === "DEAD") return ret(); // event->state < PERF_EVENT_STATE_INACTIVE
      const leader = x.cfg.byId[e]!.leader;
      perf_pmu_disable(k, x, groupPmu(x.cfg, leader)); // perf_pmu_disable(event->pmu_ctx->pmu)
      // ctx_time_update_event(): not modelled.
      if (leader === e) return call("group_sched_out", { e }, "off");
      return call("event_sched_out", { e }, "off");
    },
    off(k, f, x) {
      const e = str(f.a.e);
      E(k, e).state = "OFF"; // perf_event_set_state(event, PERF_EVENT_STATE_OFF)
      perf_pmu_enable(k, x, groupPmu(x.cfg, x.cfg.byId[e]!.leader));
      return ret();
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Detaching an event from its ring buffer: ring_buffer_attach, PERF_EVENT_IOC_SET_OUTPUT, the last munmap
// ---------------------------------------------------------------------------------------------

/**
 * Detaching an event from its ring buffer (kernel/events/core.c, [LY-core]), for finding F4:
 * `ring_buffer_attach(event, NULL)` from the last munmap (perf_mmap_close, data vma) and from
 * PERF_EVENT_IOC_SET_OUTPUT with fd -1 (perf_event_set_output(event, NULL)). kernel-semantics.md §2.9,
 * §5 F4, audit table row F4.
 *
 * Read for this model (public copies of core.c; the same text in several trees):
 *   ring_buffer_attach(event, rb):
 *       if (event->rb) { old_rb = event->rb; list_del_rcu(&event->rb_entry); rcu_pending ... }
 *       if (rb) { ... list_add_rcu(&event->rb_entry, &rb->event_list); }
 *       "Avoid racing with perf_mmap_close(AUX): stop the event before swizzling the event::rb pointer;
 *        if it's getting unmapped, its aux_mmap_count will be 0 and it won't restart. [...] Data will
 *        inevitably be lost when set_output is done in mid-air, but then again, whoever does it like
 *        this is not in for the data anyway."
 *       if (has_aux(event)) perf_event_stop(event, 0);
 *       rcu_assign_pointer(event->rb, rb);
 *       if (old_rb) { ring_buffer_put(old_rb); wake_up_all(&event->waitq); }
 *   perf_event_set_output(event, NULL): mutex_lock(&event->mmap_mutex); goto set;
 *       set: "Can't redirect output if we've got an active mmap()": if (event->mmap_count) goto unlock;
 *       ring_buffer_attach(event, rb = NULL); ret = 0
 *   perf_event_stop(event, restart): if (READ_ONCE(event->state) != ACTIVE) return 0; smp_rmb();
 *       cpu_function_call(READ_ONCE(event->oncpu), __perf_event_stop, &sd), retried on -EAGAIN.
 *
 * The two steps of ring_buffer_attach (the stop, then the pointer swap) run in task context with IRQs
 * on in between: an address-filter restart IPI (perf_event_stop(event, 1) from
 * perf_event_addr_filters_exec / perf_addr_filters_adjust, which take neither the ctx mutex nor the
 * event's mmap_mutex) can land there and open a transaction on the OLD rb, which event->rb then
 * no longer names (the reference's §5 F4 "edge case, not analysed in full").
 *
 * ASSUMPTION (abstraction): `rb.refcount` counts the base reference (the mapping and the events'
 * event->rb) plus one per open transaction; ring_buffer_attach's ring_buffer_put(old_rb) and the rb's
 * final free are not modelled (the rb of the model outlives its users). `event->mmap_count` is not
 * state: the F4 scenarios say which events own an mmap.
 */

export const perf_event_stop = kfn({
  name: "perf_event_stop",
  cite: `${CORE_C} perf_event_stop(): cpu_function_call(event->oncpu, __perf_event_stop) — kernel-semantics.md §2.6`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      // do { if (READ_ONCE(event->state) != PERF_EVENT_STATE_ACTIVE) return 0; smp_rmb();
      if (E(k, e).state !== "ACTIVE") return ret(0);
      if (x.cfg.ncpus > 1) return goto("oncpu"); // the two reads and the call are separate steps
      // One CPU: the state test, the oncpu read and cpu_function_call() to this CPU (smp_call_function_single
      // runs the function here with IRQs off) are one step.
      x.irqSave();
      return call("__perf_event_stop", { e, restart: num(f.a.restart) }, "done");
    },
    done(_k, f, x) {
      x.irqRestore();
      if (f.a.rv === EAGAIN) return ret(EAGAIN); // another CPU's event: unreachable with one CPU
      return ret(f.a.rv ?? 0);
    },
    // ncpus = 2: "ret = cpu_function_call(READ_ONCE(event->oncpu), __perf_event_stop, &sd);" — the
    // oncpu read (an event that went INACTIVE here has oncpu == -1: "fall through with ret==-ENXIO"), then the call
    // (cpu_function_call folded: remote_function_call{.p = NULL}). The issuer "self" may be preempted between them (environment/scheduler.ts).
    oncpu(k, f) {
      f.a.cpu = E(k, str(f.a.e)).oncpu;
      return goto("call");
    },
    call: (_k, f) => call("smp_call_function_single", { cpu: num(f.a.cpu), p: null, func: "__perf_event_stop", e: str(f.a.e), restart: num(f.a.restart) }, "retry"),
    retry(_k, f) {
      // } while (ret == -EAGAIN);
      if (f.a.rv === EAGAIN) return goto("entry");
      return ret(f.a.rv ?? 0);
    },
  },
});

export const ring_buffer_attach = kfn({
  name: "ring_buffer_attach",
  cite: `${CORE_C} ring_buffer_attach(event, NULL): list_del_rcu(&event->rb_entry), then perf_event_stop(event, 0) if has_aux, THEN rcu_assign_pointer(event->rb, rb) — §2.9, §5 F4, errata X13/X14`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      // if (event->rb) { old_rb = event->rb; spin_lock_irqsave(&old_rb->event_lock); list_del_rcu(&event->rb_entry);
      // spin_unlock_irqrestore(); event->rcu_batches = get_state_synchronize_rcu(); event->rcu_pending = 1; }
      // (rb == NULL: no list_add.) The list leaves before the pointer changes (errata X14).
      if (E(k, e).rb !== null) E(k, e).rb_entry = null;
      return goto("stop");
    },
    stop(_k, f, x) {
      const e = str(f.a.e);
      // "Avoid racing with perf_mmap_close(AUX): stop the event before swizzling the event::rb pointer"
      if (ev(x.cfg, e).pmu.aux) return call("perf_event_stop", { e, restart: 0 }, "assign"); // has_aux(event)
      return jump("assign");
    },
    assign(k, f) {
      E(k, str(f.a.e)).rb = null; // rcu_assign_pointer(event->rb, NULL); ring_buffer_put(old_rb): abstracted
      return ret();
    },
  },
});

export const perf_event_set_output = kfn({
  name: "perf_event_set_output",
  cite: `${CORE_C} perf_event_set_output(event, NULL) (PERF_EVENT_IOC_SET_OUTPUT with fd -1, from _perf_ioctl under ctx->mutex) — §5 F4, errata X13`,
  steps: {
    // "if (!output_event) { mutex_lock(&event->mmap_mutex); goto set; } ... set: /* Can't redirect output if we've
    // got an active mmap() */ if (refcount_read(&event->mmap_count)) goto unlock;" — the user-space operation is
    // offered only for an event without an mmap of its own (environment/user-space.ts), with ctx->mutex and
    // event->mmap_mutex free, and takes both (released when the ioctl returns).
    entry: (_k, f) => call("ring_buffer_attach", { e: str(f.a.e) }, "done"),
    // ret = 0; unlock: mutex_unlock(&event->mmap_mutex);
    done: () => ret(0),
  },
});

export const perf_mmap_close_data = kfn({
  name: "perf_mmap_close_data",
  cite: `${CORE_C} perf_mmap_close() of the owner's LAST vma (the data area, after the AUX area): its own ring_buffer_attach(event, NULL) under event->mmap_mutex, then "detach from all other events that might redirect into the now unreachable buffer" — §2.9`,
  steps: {
    entry(_k, f, x) {
      // if (refcount_dec_and_mutex_lock(&event->mmap_count, &event->mmap_mutex)) { ring_buffer_attach(event, NULL); ... }
      const owner = x.cfg.rbOwner;
      if (owner === null) return goto("again"); // the owner is another task's event (not modelled)
      f.a.cur = owner;
      f.a.wait = `mmap:${owner}`;
      return goto("locked");
    },
    // again: rcu_read_lock(); list_for_each_entry_rcu(event, &rb->event_list, rb_entry) { ...;
    // mutex_lock(&event->mmap_mutex); if (event->rb == rb) ring_buffer_attach(event, NULL); mutex_unlock(); goto again; }
    again(k, f, x) {
      const r = num(f.a.rb);
      const next = x.cfg.events.find((e) => E(k, e.id).rb_entry === r);
      if (next === undefined) return ret(); // perf_mmap_unaccount(), ring_buffer_put(): not modelled
      f.a.cur = next.id;
      f.a.wait = `mmap:${next.id}`;
      return goto("locked");
    },
    locked(k, f) {
      mutexLock(k, f); // mutex_lock(&event->mmap_mutex): this step waits while another context holds it
      const e = str(f.a.cur);
      // "Check we didn't race with perf_event_set_output() which can swizzle the rb from under us"
      if (E(k, e).rb === num(f.a.rb)) return call("ring_buffer_attach", { e }, "unlock");
      // "If we find a different rb; ignore this event, a next iteration will no longer find it on the list"
      // (perf_event_set_output held event->mmap_mutex around its ring_buffer_attach: list_del_rcu came first).
      return goto("unlock");
    },
    unlock(k, f) {
      mutexUnlock(k, `mmap:${str(f.a.cur)}`); // mutex_unlock(&event->mmap_mutex); put_event(event)
      return goto("again"); // "Restart the iteration"
    },
  },
  mutexSteps: ["locked"],
});

// ---------------------------------------------------------------------------------------------
// Cross-CPU function calls: remote_function, event_function(_call); the ioctls and the mmap that use them
// ---------------------------------------------------------------------------------------------

/**
 * The cross-CPU function calls of kernel/events/core.c (the kernel/smp.c side is linux/kernel/smp.ts; the
 * operations that issue them are environment/user-space.ts, the task's migration environment/scheduler.ts).
 * In the function table only with two CPUs (CORE_SMP_FUNCTIONS); with one CPU every call is local and folded
 * into its caller.
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
 *
 * Folded (each named): cpu_function_call into its callers (it only builds remote_function_call{.p = NULL}, and
 * remote_function with p == NULL only calls func); _perf_event_period's argument checks; the period value
 * (not modelled, as in one-CPU runs); perf_ctx_lock / ctx->lock (every modelled user of the lock runs with IRQs
 * off on the CPU where the ctx is active, and the one cross-CPU user — event_function_call's fallback — is a
 * single step whose func is a no-op on an inactive ctx: see `fallback`).
 *
 * The scheduler's assumptions (set_task_cpu folded into the switch-in, the tool not preempted, the self issuer
 * preempted at one point, `preempt_rcu`) are environment/scheduler.ts's.
 */

/** The profiled task is `current` on this CPU: its perf context is scheduled in here (cpuctx->task_ctx). */
function taskIsCurrent(k: KState, cpu: number): boolean {
  return k.cpu[cpu]!.task_ctx_current;
}

export const remote_function = kfn({
  name: "remote_function",
  cite: `${CORE_C} remote_function(): for task_function_call the task_cpu(p) and p == current re-checks; for cpu_function_call (p == NULL) just func — kernel-semantics.md §2.3 (caller 3), §2.6`,
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
  cite: `${CORE_C} event_function(): IRQs off, perf_ctx_lock; ctx->task != current → -ESRCH; else efs->func — kernel-semantics.md §2.3 caller 3 ("reached through event_function (IPI)")`,
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

/**
 * A CPU in the middle of a context switch of the profiled task: `__perf_event_task_sched_in/out` hold the
 * task ctx's ctx->lock (with IRQs off) for their whole duration. event_function_call's fallback reads it.
 */
export function switching(c: { readonly ctx: readonly { readonly frames: readonly { readonly fn: string }[] }[] }): boolean {
  return c.ctx.some((x) => x.frames.some((f) => f.fn === "__perf_event_task_sched_in" || f.fn === "__perf_event_task_sched_out"));
}

export const event_function_call = kfn({
  name: "event_function_call",
  cite: `${CORE_C} event_function_call(): cpu_function_call(event->cpu) for a CPU event; task_function_call(task) with the -EAGAIN retry and the ctx-inactive fallback for a task event — kernel-semantics.md §2.3 (caller 3), §2.6`,
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
  cite: `${CORE_C} perf_ioctl(PERF_EVENT_IOC_PERIOD) → perf_event_period() → _perf_event_period() → event_function_call(event, __perf_event_period, &value) — kernel-semantics.md §2.3 caller 3, §4.4`,
  steps: {
    // "if (!is_sampling_event(event)) return -EINVAL; if (!value) return -EINVAL; if (event->attr.freq && value >
    // sysctl_perf_event_sample_rate) return -EINVAL; perf_event_check_period(): the modelled targets pass.
    entry: (_k, f) => call("event_function_call", { e: str(f.a.e), efunc: "__perf_event_period" }, "done"),
    done: () => ret(0),
  },
});

export const perf_event_addr_filters_apply = kfn({
  name: "perf_event_addr_filters_apply",
  cite: `${CORE_C} perf_ioctl(PERF_EVENT_IOC_SET_FILTER) → perf_event_set_filter() → perf_event_set_addr_filter() → perf_event_addr_filters_apply(): event->addr_filters_gen++; perf_event_stop(event, 1) — kernel-semantics.md §2.6`,
  steps: {
    // the filter ranges (ifh->lock, mmap_read_lock) are not modelled; perf_event_stop(event, 1) restarts.
    entry: (_k, f) => call("perf_event_stop", { e: str(f.a.e), restart: 1 }, "done"),
    done: () => ret(),
  },
});

export const perf_addr_filters_adjust = kfn({
  name: "perf_addr_filters_adjust",
  cite: `${CORE_C} perf_event_mmap() → perf_addr_filters_adjust(vma) (rcu_read_lock; current->perf_event_ctxp) → __perf_addr_filters_adjust(): if (restart) perf_event_stop(event, 1) — kernel-semantics.md §2.6`,
  steps: {
    // "if (!(vma->vm_flags & VM_EXEC)) return;" — the scenario's mmap is an executable file mapping that a
    // filter matches (restart = 1). perf_iterate_ctx over the task ctx: the AUX event is its only filtered event.
    entry: (_k, f) => call("perf_event_stop", { e: str(f.a.e), restart: 1 }, "done"),
    done: () => ret(),
  },
});

// ---------------------------------------------------------------------------------------------
// The software PMU (perf_swevent_*)
// ---------------------------------------------------------------------------------------------

/**
 * The software PMU (kernel/events/core.c perf_swevent_*, [LY-core] @01b0793e), for a software sibling
 * with an aux-action, e.g. `-e page-faults/aux-action=resume,period=1/` in an AUX group (
 * audit X10 / D6.7, F3 route (b) of X5).
 *
 * Read for this model:
 *   perf_swevent_add(event, flags): if sampling: hwc->last_period = sample_period; perf_swevent_set_period();
 *       hwc->state = !(flags & PERF_EF_START); hlist_add_head_rcu(); return 0
 *   perf_swevent_del(): hlist_del_rcu() (hw.state untouched)
 *   perf_swevent_start(): event->hw.state = 0;  perf_swevent_stop(): event->hw.state = PERF_HES_STOPPED
 *   do_perf_sw_event() → perf_swevent_match() → perf_exclude_event(): "if (event->hw.state & PERF_HES_STOPPED) return 1"
 *   perf_swevent_event(event, nr, data, regs): local64_add(count); ...; guard(irqsave)();
 *       if (event->state != PERF_EVENT_STATE_ACTIVE) return; ... perf_swevent_overflow(event, 1, data, regs)
 *   perf_swevent_overflow(event, overflow): int throttle = 0; ...; if (hwc->interrupts == MAX_INTERRUPTS) return;
 *       for (; overflow; overflow--) { if (__perf_event_overflow(event, throttle, data, regs)) break; throttle = 1; }
 * So a software sibling delivering one overflow per event never throttles (throttle = 0 on the first
 * iteration) but runs its aux-action — perf_event_aux_pause(), which takes rb->aux_in_pause_resume — with
 * IRQs disabled (guard(irqsave)): an ordinary-IRQ PMU interrupt cannot land inside it, an NMI can (X5, X9).
 *
 * ASSUMPTION (abstraction): the event occurrence (a page fault of the profiled task, or on this CPU for
 * -a) is a budgeted task-level operation (`sw_events`) with nr = 1 and sample_period = 1, so overflow = 1.
 * Occurrences while the event is not on the hlist (not ACTIVE) or excluded (STOPPED) do nothing and are not
 * offered. hrtimer software events (cpu-clock, task-clock: __perf_event_overflow(..., 1, ...) from hardirq,
 * audit D6.7 "from memory") are not modelled.
 */

export const perf_swevent_add = kfn({
  name: "perf_swevent_add",
  cite: `${CORE_C} perf_swevent_add(): hwc->state = !(flags & PERF_EF_START); hlist_add_head_rcu() — kernel-semantics.md §2.10, §5 F3 (b); audit X5`,
  steps: {
    entry(k, f) {
      // perf_swevent_set_period(): period_left not modelled.
      E(k, str(f.a.e)).hw.state = num(f.a.flags) & PERF_EF_START ? 0 : PERF_HES_STOPPED;
      return ret(0);
    },
  },
});

export const perf_swevent_del = kfn({
  name: "perf_swevent_del",
  cite: `${CORE_C} perf_swevent_del(): hlist_del_rcu() only (hw.state is left as it is) — kernel-semantics.md §2.10, §5 F3 (b); audit X5`,
  steps: { entry: () => ret() },
});

export const perf_swevent_start = kfn({
  name: "perf_swevent_start",
  cite: `${CORE_C} perf_swevent_start(): event->hw.state = 0 — kernel-semantics.md §2.10, §5 F3 (b); audit X5`,
  steps: {
    entry(k, f) {
      E(k, str(f.a.e)).hw.state = 0;
      return ret();
    },
  },
});

export const perf_swevent_stop = kfn({
  name: "perf_swevent_stop",
  cite: `${CORE_C} perf_swevent_stop(): event->hw.state = PERF_HES_STOPPED (PERF_EF_PAUSE / _RESUME never reach a software event) — kernel-semantics.md §2.10, §5 F3 (b); audit X5`,
  steps: {
    entry(k, f) {
      E(k, str(f.a.e)).hw.state = PERF_HES_STOPPED;
      return ret();
    },
  },
});

export const perf_swevent_event = kfn({
  name: "perf_swevent_event",
  cite: `${CORE_C} do_perf_sw_event() → perf_swevent_event(): guard(irqsave); if (event->state != ACTIVE) return; perf_swevent_overflow(event, 1, ...) — audit X10 / D6.7`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      // perf_exclude_event(): a STOPPED (throttled) software event is not matched.
      if (E(k, e).hw.state & PERF_HES_STOPPED) return ret();
      // local64_add(nr, &event->count); is_sampling_event: yes.
      x.irqSave(); // guard(irqsave)()
      if (E(k, e).state !== "ACTIVE") {
        x.irqRestore();
        return ret();
      }
      // (sample_type & PERF_SAMPLE_PERIOD) && !freq, or nr == 1 && sample_period == 1: overflow = 1
      return call("perf_swevent_overflow", { e, overflow: 1 }, "done");
    },
    done(_k, _f, x) {
      x.irqRestore();
      return ret();
    },
  },
});

export const perf_swevent_overflow = kfn({
  name: "perf_swevent_overflow",
  cite: `${CORE_C} perf_swevent_overflow(): throttle = 0 on the first iteration; "if (hwc->interrupts == MAX_INTERRUPTS) return;" — kernel-semantics.md §2.1, §5 F3 (b); audit X5`,
  steps: {
    entry(k, f) {
      const e = str(f.a.e);
      if (E(k, e).hw.interrupts === MAX_INTERRUPTS) return ret();
      // for (; overflow; overflow--): overflow == 1, so one iteration, with throttle = 0.
      return call("__perf_event_overflow", { e, throttle: 0 }, "done");
    },
    done: () => ret(),
  },
});

export const CORE_FUNCTIONS: KFunction[] = [
  perf_event_overflow,
  __perf_event_overflow,
  __perf_event_account_interrupt,
  perf_event_throttle,
  perf_event_unthrottle,
  perf_event_throttle_group,
  perf_event_unthrottle_group,
  perf_event_aux_pause,
  __perf_event_aux_pause,
  perf_event_task_tick,
  perf_adjust_freq_unthr_context,
  perf_adjust_freq_unthr_events,
  event_sched_in,
  event_sched_out,
  group_sched_in,
  group_sched_out,
  merge_sched_in,
  ctx_sched_in,
  ctx_sched_out,
  __perf_event_enable,
  ctx_resched,
  __perf_event_task_sched_out,
  perf_event_context_sched_out,
  __perf_event_task_sched_in,
  perf_event_context_sched_in,
  __perf_event_period,
  __perf_event_stop,
  perf_mmap_close,
  perf_pmu_output_stop,
  __perf_pmu_output_stop,
  __perf_event_output_stop,
  // frequency mode, close()
  perf_adjust_period,
  perf_event_release_kernel,
  __perf_remove_from_context,
  __event_disable,
  perf_group_detach,
  perf_put_aux_event,
  // pending disable
  perf_pending_disable,
  __perf_event_disable,
  // ring_buffer_attach and its callers
  perf_event_stop,
  ring_buffer_attach,
  perf_event_set_output,
  perf_mmap_close_data,
  // the software PMU
  perf_swevent_add,
  perf_swevent_del,
  perf_swevent_start,
  perf_swevent_stop,
  perf_swevent_event,
  perf_swevent_overflow,
];

/** The cross-CPU function calls: in the function table only with two CPUs (with one, every call is local and folded). */
export const CORE_SMP_FUNCTIONS: KFunction[] = [remote_function, event_function, event_function_call, _perf_event_period, perf_event_addr_filters_apply, perf_addr_filters_adjust];

