/**
 * perf core (kernel/events/core.c, about v7.1-rc1 = [LY-core] @01b0793e with the audit's
 * corrections), as labelled atomic steps. Each function keeps the kernel's name and branch
 * structure; a dropped branch is named with the reason. Labels sit where an NMI (or, with IRQs
 * on, the tick / an IPI) could observe or change the state the function works on
 * (modelling-style.md). Reference: kernel-semantics.md §2.1–§2.8, audit D1, D2.
 *
 * Not modelled anywhere (named once here): perf_log_throttle / perf_log_itrace_start /
 * perf_event_output / PERF_RECORD_AUX (records into the data ring buffer, whose free space is not
 * modelled); timekeeping (ctx_time_freeze, update_context_time); cgroups; the ctx->lock and
 * aux_mutex (one CPU per scenario so far; NMIs ignore locks); BPF overflow handlers; sigtrap;
 * pinned groups and flexible rotation (perf record's groups are flexible).
 * Issue 7 added: the event_limit branch (__perf_event_overflow), frequency mode (the `freq` step of
 * __perf_event_account_interrupt → perf_adjust_period in core-fidelity.ts; the tick's nr_freq walk and
 * freq-leader adjustment), and DEAD (perf_release, core-fidelity.ts) wherever the kernel tests `<= OFF`.
 */
import { ev, groupPmu, leadersOfCtx } from "./config.ts";
import { driverOf, E, num, perf_pmu_disable, perf_pmu_enable, pmuOps, rb_free_aux, ring_buffer_get, ring_buffer_put, setInterrupts, str } from "./helpers.ts";
import { call, goto, jump, kfn, ret, type KFunction } from "./machine.ts";
import { perf_event_disable_inatomic } from "./irq-work.ts";
import { EAGAIN, MAX_INTERRUPTS, PERF_EF_RELOAD, PERF_EF_START, PERF_EF_UPDATE, PERF_EF_PAUSE, PERF_EF_RESUME } from "./state.ts";

const V = "v7.1-rc1 [LY-core]";

// ---------------------------------------------------------------------------------------------
// Overflow accounting and throttling (NMI context: called from the PMU interrupt handler)
// ---------------------------------------------------------------------------------------------

export const perf_event_overflow = kfn({
  name: "perf_event_overflow",
  cite: `kernel/events/core.c perf_event_overflow() — kernel-semantics.md §2.2 (${V}); the hardware PMI entry, throttle = 1`,
  steps: {
    // adj (issue 7): the nondeterministic outcome of perf_adjust_period for a freq-mode counter (state.ts Counter.adj)
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
      f.a.events = E(k, str(f.a.e)).event_limit; // int events = atomic_read(&event->event_limit) (issue 7)
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
      // issue 7, audit claim 4 / X10: "if (events && atomic_dec_and_test(&event->event_limit)) { ret = 1;
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
      // issue 7: "if (event->attr.freq) { ... if (delta > 0 && delta < 2*TICK_NSEC) perf_adjust_period(event, delta,
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
      // ctx (event_sched_in/out, issue 7); the one modelled pmu_ctx has the same count (pmu_ctx->nr_freq).
      const nrFreq = x.cfg.events.filter((e) => e.attr.freq && (ctx === "cpu" ? e.cpu === x.cpu : e.cpu === -1) && E(k, e.id).state === "ACTIVE").length;
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
      perf_pmu_enable(k, x, (f.a.pmu as "armv8" | null) ?? null);
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
      // is_event_in_freq_mode(event) (issue 7): a frequency-mode leader (a lone freq=N counter; AUX leaders never are)
      const freq = ev(x.cfg, e).attr.freq;
      f.a.cur = e;
      if (E(k, e).hw.interrupts === MAX_INTERRUPTS) {
        return call("perf_event_unthrottle_group", { e, skip_start_event: freq }, freq ? "freq_adj" : "loop");
      }
      // if (!is_event_in_freq_mode(event)) continue;
      if (!freq) return goto("loop");
      return jump("freq_adj");
    },
    // issue 7: "event->pmu->stop(event, PERF_EF_UPDATE); ... if (delta > 0) perf_adjust_period(event, period, delta,
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
      // "if (event->pending_disable) { event->pending_disable = 0; ... state = PERF_EVENT_STATE_OFF; }" (irq-work.ts)
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
  cite: `kernel/events/core.c ctx_resched() — perf_pmu_disable, sched out the CPU context's flexible groups, perf_event_sched_in, perf_pmu_enable`,
  steps: {
    entry(k, _f, x) {
      // for_each_epc(...) perf_pmu_disable(epc->pmu); no task context in per-CPU sessions.
      perf_pmu_disable(k, x, "armv8");
      return call("ctx_sched_out", { ctx: "cpu" }, "sched_in");
    },
    sched_in: () => call("ctx_sched_in", { ctx: "cpu" }, "enable"),
    enable(k, _f, x) {
      perf_pmu_enable(k, x, "armv8");
      return ret();
    },
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
      perf_pmu_disable(k, x, "armv8"); // perf_ctx_disable(ctx, false)
      return call("ctx_sched_out", { ctx: "task" }, "enable"); // task_ctx_sched_out(ctx, NULL, EVENT_ALL)
    },
    enable(k, _f, x) {
      k.cpu[x.cpu]!.task_ctx_current = false; // cpuctx->task_ctx = NULL
      perf_pmu_enable(k, x, "armv8"); // perf_ctx_enable(ctx, false)
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
      perf_pmu_disable(k, x, "armv8"); // perf_ctx_disable(ctx, false)
      k.cpu[x.cpu]!.task_ctx_current = true; // cpuctx->task_ctx = ctx
      // perf_event_sched_in: CPU pinned, task pinned, CPU flexible (all empty), then the task's flexible groups.
      return call("ctx_sched_in", { ctx: "task" }, "enable");
    },
    enable(k, _f, x) {
      perf_pmu_enable(k, x, "armv8"); // perf_ctx_enable(ctx, false)
      return ret();
    },
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
  cite: `kernel/events/core.c perf_mmap_close() (the AUX vma) — kernel-semantics.md §2.9, §4 step 6, E4; audit claim 6`,
  steps: {
    entry(k, f) {
      const r = num(f.a.rb);
      const rb = k.rb[r]!;
      // rb_has_aux(rb) && vma->vm_pgoff == rb->aux_pgoff && refcount_dec_and_mutex_lock(&rb->aux_mmap_count, &rb->aux_mutex)
      if (!rb.has_aux || rb.aux_mmap_count === 0) return ret();
      rb.aux_mmap_count--;
      if (rb.aux_mmap_count > 0) return ret();
      // "Stop all AUX events that are writing to this buffer"
      return call("perf_pmu_output_stop", { rb: r }, "free_aux");
    },
    free_aux(k, f, x) {
      const r = num(f.a.rb);
      // locked_vm / pinned_vm accounting: not modelled. "this has to be the last one"
      rb_free_aux(k, r);
      const rb = k.rb[r]!;
      if (rb.aux_refcount !== 0) {
        x.fail("munmap-warn", `WARN_ON_ONCE(refcount_read(&rb->aux_refcount)) in perf_mmap_close: aux_refcount = ${rb.aux_refcount} after the last rb_free_aux (AUX pages leaked)`);
      }
      // The data area's munmap (ring_buffer_attach(event, NULL) → perf_event_stop(event, 0)) is a
      // separate vma close, not modelled here (F4, issue 4).
      return ret();
    },
  },
});

export const perf_pmu_output_stop = kfn({
  name: "perf_pmu_output_stop",
  cite: `kernel/events/core.c perf_pmu_output_stop() — kernel-semantics.md §2.6: a cpu_function_call to every CPU running an event of the rb`,
  steps: {
    entry(k, f, x) {
      // list_for_each_entry_rcu(iter, &event->rb->event_list): per-CPU events go to iter->cpu,
      // per-task ones to iter->oncpu (-1: skipped). One call per event; each stops every AUX event
      // of the rb on that CPU, so calls after the first find them stopped: modelled as one call per CPU.
      const r = num(f.a.rb);
      const onThisCpu = x.cfg.events.some((e) => e.rb === r && (e.cpu === x.cpu || (e.cpu === -1 && k.ev[e.id]!.oncpu === x.cpu)));
      if (!onThisCpu) return ret();
      // cpu_function_call(cpu, __perf_pmu_output_stop): on this CPU it runs with IRQs off.
      x.irqSave();
      return call("__perf_pmu_output_stop", { rb: r }, "done");
    },
    done(_k, _f, x) {
      x.irqRestore();
      // err == -EAGAIN → restart: __perf_event_stop only returns it for another CPU's event; munmap runs on one CPU
      // only (config.ts refuses the munmaps budget with ncpus=2).
      return ret();
    },
  },
});

export const __perf_pmu_output_stop = kfn({
  name: "__perf_pmu_output_stop",
  cite: `kernel/events/core.c __perf_pmu_output_stop() — perf_iterate_ctx(cpuctx->ctx, then cpuctx->task_ctx, __perf_event_output_stop)`,
  steps: {
    entry(_k, f) {
      f.a.i = 0;
      return jump("loop");
    },
    loop(k, f, x) {
      const r = num(f.a.rb);
      const inCtx = x.cfg.events.filter((e) => e.cpu === x.cpu || (e.cpu === -1 && k.cpu[x.cpu]!.task_ctx_current));
      const i = num(f.a.i);
      if (i >= inCtx.length) return ret(0);
      f.a.i = i + 1;
      return call("__perf_event_output_stop", { e: inCtx[i]!.id, rb: r }, "loop");
    },
  },
});

export const __perf_event_output_stop = kfn({
  name: "__perf_event_output_stop",
  cite: `kernel/events/core.c __perf_event_output_stop() — only AUX events (has_aux) whose rb is the one being unmapped`,
  steps: {
    entry(_k, f, x) {
      const e = str(f.a.e);
      const info = ev(x.cfg, e);
      if (!info.pmu.aux) return ret(); // !has_aux(event)
      if (info.rb !== num(f.a.rb)) return ret(); // rcu_dereference(parent->rb) != rb
      return call("__perf_event_stop", { e, restart: 0 }, "done");
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
];

