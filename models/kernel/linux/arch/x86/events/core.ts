/**
 * arch/x86/events/core.c: the x86 core PMU's `struct pmu` callbacks (x86_pmu_add/del/start/stop) and its
 * pmu_enable/pmu_disable (x86_pmu_enable/x86_pmu_disable), for the counter siblings of an AUX group on an
 * x86 machine (`--param pmu_irq_handler=x86`, which selects this PMU together with intel_pmu_handle_irq,
 * linux/arch/x86/events/intel/core.ts). kernel-semantics.md §2.10 (the callback contract), audit D1 / X1.
 *
 * Read for this model: lordspline/linux @ced6579a arch/x86/events/core.c (≥ v6.16: x86_pmu_add, x86_pmu_del,
 * x86_pmu_start, x86_pmu_stop, x86_pmu_enable, x86_pmu_disable, x86_pmu_enable_all, x86_pmu_start_txn /
 * commit_txn / cancel_txn, x86_pmu_handle_irq); the same functions as linux-riscv/linux @47de96d7 (audit X1).
 * How it differs from the arm64 callbacks (linux/drivers/perf/arm_pmu.ts) — the reason it is modelled apart:
 *   - x86_pmu_add does NOT start the counter: it collects the event into cpuc->event_list, sets
 *     `hwc->state = PERF_HES_UPTODATE | PERF_HES_STOPPED` (| PERF_HES_ARCH without PERF_EF_START) and counts it
 *     in `cpuc->n_added`. The counter is started late, by x86_pmu_enable() at the outermost perf_pmu_enable():
 *     `if (hwc->state & PERF_HES_ARCH) continue; x86_pmu_start(event, PERF_EF_RELOAD);` for each added event.
 *     Between the add and that start the event is ACTIVE and not counting; a throttle there finds nothing to
 *     stop (x86_pmu_stop tests active_mask), and the late start then starts the counter with interrupts == MAX.
 *   - x86_pmu_start: `if (WARN_ON_ONCE(!(event->hw.state & PERF_HES_STOPPED))) return;` — a start of a
 *     running counter WARNs and does nothing (arm64's armpmu_start silently re-enables it). Then
 *     `if (WARN_ON_ONCE(idx == -1)) return;`, `if (flags & PERF_EF_RELOAD) { WARN_ON_ONCE(!(state &
 *     PERF_HES_UPTODATE)); x86_pmu_set_period(event); }`, `event->hw.state = 0; cpuc->events[idx] = event;
 *     __set_bit(idx, cpuc->active_mask); x86_pmu_enable(event);` (property x86-start-warn).
 *   - x86_pmu_stop: `if (test_bit(hwc->idx, cpuc->active_mask)) { x86_pmu_disable(event); __clear_bit(idx,
 *     active_mask); cpuc->events[idx] = NULL; WARN_ON_ONCE(hwc->state & PERF_HES_STOPPED); hwc->state |=
 *     PERF_HES_STOPPED; }` then UPDATE → x86_pmu_update, UPTODATE. It is gated on active_mask, not on
 *     hw.state (property x86-stop-warn). It leaves the counter's GLOBAL_STATUS bit latched; the model ends
 *     the pending overflow there all the same (the ASSUMPTION in x86_pmu_stop: interrupt latency).
 *   - x86_pmu_enable/x86_pmu_disable keep `cpuc->enabled`, which intel_pmu_handle_irq reads ("Only restore
 *     PMU state when it's active"); x86_pmu_disable also resets `cpuc->n_added = 0`.
 *
 * State (interpreter/state.ts Counter, CorePmu): `ctr.event` = cpuc->events[idx] and the active_mask bit, `en`
 * = the EVENTSEL enable, `ovf` = the GLOBAL_STATUS bit of an overflow whose PMI is still to be taken;
 * `pmu.pmcr_e` = GLOBAL_CTRL, `pmu.enabled` = cpuc->enabled, `pmu.added` = the n_added tail of event_list. Counter values and periods are not modelled
 * (x86_pmu_set_period / x86_pmu_update write nothing the model holds).
 *
 * ASSUMPTION (modelling, not in the reference): counter assignment is fixed — each counter event always gets
 * the same counter (the arm64 policy applied in event order: `cycles` the fixed cycles counter, the others the
 * lowest general counters), so match_prev_assignment() holds for every running event and x86_pmu_enable's
 * step 1 (stop the events moving to another counter, PERF_HES_ARCH for the stopped ones) never runs, and the
 * model sets hwc->idx in x86_pmu_add rather than in x86_pmu_enable's x86_assign_hw_event(). A stop before the
 * first x86_pmu_enable (`test_bit(-1, active_mask)`) reads as "not active".
 * Not modelled (named): the ADD transaction's x86_pmu_del (`if (cpuc->txn_flags & PERF_PMU_TXN_ADD) goto
 * do_del;`: a ->del() inside group_sched_in's undo — unreachable here, x86_pmu_add never fails and AUX events
 * are leaders); `WARN_ON_ONCE(i == cpuc->n_events)` in x86_pmu_del (del without add: unreachable); the
 * schedulability test (x86_schedule_events: the modelled groups always fit); PEBS, LBR, counter pairs,
 * perf-metrics, hybrid PMUs; x86_pmu_set_period's "left" arithmetic.
 */
import { ev, isCounter, type Config } from "../../../../interpreter/config.ts";
import { E, num, str } from "../../../../interpreter/access.ts";
import { call, goto, jump, kfn, ret, type Exec, type KFunction, type Next } from "../../../../interpreter/machine.ts";
import { hesString, PERF_EF_RELOAD, PERF_EF_START, PERF_EF_UPDATE, PERF_HES_ARCH, PERF_HES_STOPPED, PERF_HES_UPTODATE, type Frame, type KState } from "../../../../interpreter/state.ts";

const FILE = "arch/x86/events/core.c (lordspline/linux @ced6579a)";

/** The counter the event always gets (see the ASSUMPTION above): cycles → the cycles counter "31", else the lowest general counter, in event order. */
export function x86AssignedCounter(cfg: Config, id: string): string {
  const taken = new Set<string>();
  for (const e of cfg.events) {
    if (!isCounter(e.pmu.driver)) continue;
    const slot = e.pmu.evtype === "CPU_CYCLES" && !taken.has("31") ? "31" : cfg.counterSlots.find((s) => s !== "31" && !taken.has(s));
    if (slot === undefined) throw new Error(`no counter for ${e.id}`);
    taken.add(slot);
    if (e.id === id) return slot;
  }
  throw new Error(`${id} is not a counter event`);
}

/**
 * The counter events, in scheduling order (group by group, leader first): the order x86_pmu_add collects them
 * into cpuc->event_list. (`pmu.added` is a record of leaves, which the packed state's views do not enumerate:
 * it is always read by id.)
 */
function counterIds(cfg: Config): string[] {
  return cfg.leaders.flatMap((l) => [l, ...ev(cfg, l).siblings]).filter((id) => isCounter(ev(cfg, id).pmu.driver));
}

/** test_bit(hwc->idx, cpuc->active_mask) (idx == -1, never assigned: clear). */
function active(k: KState, cpu: number, e: string): boolean {
  const idx = E(k, e).hw.idx;
  return idx >= 0 && k.cpu[cpu]!.pmu.ctr[String(idx)]!.event !== null;
}

/**
 * x86_pmu_disable(pmu), the pmu_disable callback (perf_pmu_disable's first level): `if (!cpuc->enabled) return;
 * cpuc->n_added = 0; cpuc->enabled = 0; barrier(); x86_pmu_disable_all();` (GLOBAL_CTRL = 0). One step: "There
 * may be PMI landing after enabled=0 ... either situation is harmless" (the kernel's comment).
 */
export function x86_pmu_disable(k: KState, x: Exec): void {
  const p = k.cpu[x.cpu]!.pmu;
  if (!p.enabled) return;
  for (const id of counterIds(x.cfg)) p.added[id] = false; // cpuc->n_added = 0
  p.enabled = false;
  p.pmcr_e = false; // static_call(x86_pmu_disable_all)(): intel_pmu_disable_all → GLOBAL_CTRL = 0
}

/** x86_pmu_enable()'s counters to start late: cpuc->n_added != 0. */
export function x86NewlyAdded(k: KState, x: Exec): boolean {
  const p = k.cpu[x.cpu]!.pmu;
  return counterIds(x.cfg).some((id) => p.added[id]);
}

/** The end of x86_pmu_enable(): `cpuc->enabled = 1; barrier(); static_call(x86_pmu_enable_all)(added);` (GLOBAL_CTRL on). */
export function x86_pmu_enable_all(k: KState, cpu: number): void {
  const p = k.cpu[cpu]!.pmu;
  p.enabled = true;
  p.pmcr_e = true;
}

/**
 * x86_pmu_enable()'s step 2 from the `f.a.i`-th event: `for (i = 0; i < cpuc->n_events; i++)` — running events
 * keep their counter (continue); the newly added ones, in the order they were collected, are assigned (done at
 * add) and started unless PERF_HES_ARCH. After the last: `cpuc->n_added = 0`, then the enable proper.
 */
function x86StartNextAdded(k: KState, f: Frame, x: Exec): Next {
  const p = k.cpu[x.cpu]!.pmu;
  const order = counterIds(x.cfg);
  let i = num(f.a.i);
  while (i < order.length) {
    const e = order[i++]!;
    if (!p.added[e] || E(k, e).hw.state & PERF_HES_ARCH) continue;
    f.a.i = i;
    // "if cpuc->enabled = 0, then no wrmsr as per x86_pmu_enable_event()"
    return call("x86_pmu_start", { e, flags: PERF_EF_RELOAD }, "loop");
  }
  // cpuc->n_added = 0; perf_events_lapic_init();
  for (const id of order) p.added[id] = false;
  x86_pmu_enable_all(k, x.cpu);
  return ret();
}

export const x86_pmu_enable = kfn({
  name: "x86_pmu_enable",
  cite: `${FILE} x86_pmu_enable() (the pmu_enable callback, perf_pmu_enable's last level): step 2 starts the newly added counters — kernel-semantics.md §2.10`,
  steps: {
    entry(k, f, x) {
      // if (!x86_pmu_initialized()) return; if (cpuc->enabled) return;
      if (k.cpu[x.cpu]!.pmu.enabled) return ret();
      // if (cpuc->n_added): step 1 (stop events moving to another counter): none move (fixed assignment).
      f.a.i = 0;
      return x86StartNextAdded(k, f, x);
    },
    loop: (k, f, x) => x86StartNextAdded(k, f, x),
  },
});

export const x86_pmu_add = kfn({
  name: "x86_pmu_add",
  cite: `${FILE} x86_pmu_add(): collect, STOPPED|UPTODATE (| ARCH without START), n_added — no start (x86_pmu_enable starts it) — kernel-semantics.md §2.10; audit X1`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const hw = E(k, e).hw;
      // n = collect_events(cpuc, event, false): cpuc->event_list[n] = event (the modelled groups fit: n <= max_count).
      hw.state = PERF_HES_UPTODATE | PERF_HES_STOPPED;
      if (!(num(f.a.flags) & PERF_EF_START)) hw.state |= PERF_HES_ARCH;
      // cpuc->txn_flags & PERF_PMU_TXN_ADD: the schedulability test waits for commit_txn; otherwise
      // x86_schedule_events() + memcpy(cpuc->assign): both assign the fixed counter (see the file header).
      hw.idx = Number(x86AssignedCounter(x.cfg, e));
      k.cpu[x.cpu]!.pmu.added[e] = true; // cpuc->n_events = n; cpuc->n_added += n - n0; cpuc->n_txn += n - n0
      return ret(0);
    },
  },
});

export const x86_pmu_del = kfn({
  name: "x86_pmu_del",
  cite: `${FILE} x86_pmu_del(): x86_pmu_stop(event, PERF_EF_UPDATE), then drop it from event_list (and from n_added if newly added) — kernel-semantics.md §2.10; audit X1`,
  steps: {
    // if (cpuc->txn_flags & PERF_PMU_TXN_ADD) goto do_del: unreachable (file header). __set_bit(idx, cpuc->dirty).
    entry: (_k, f) => call("x86_pmu_stop", { e: str(f.a.e), flags: PERF_EF_UPDATE }, "list"),
    list(k, f, x) {
      // for (i...) if (event == cpuc->event_list[i]) break; WARN_ON_ONCE(i == cpuc->n_events): unreachable.
      // "If we have a newly added event; make sure to decrease n_added." Then the array entry is deleted;
      // hwc->idx is kept (match_prev_assignment on the next add).
      k.cpu[x.cpu]!.pmu.added[str(f.a.e)] = false;
      return ret();
    },
  },
});

export const x86_pmu_start = kfn({
  name: "x86_pmu_start",
  cite: `${FILE} x86_pmu_start(): WARN_ON_ONCE(!(hw.state & PERF_HES_STOPPED)) → return; hw.state = 0; events[idx], active_mask; x86_pmu_enable(event) — kernel-semantics.md §2.10; audit X1`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const hw = E(k, e).hw;
      if (!(hw.state & PERF_HES_STOPPED)) {
        x.fail("x86-start-warn", `WARN_ON_ONCE(!(event->hw.state & PERF_HES_STOPPED)) in x86_pmu_start(${e}): the counter is already started (hw.state = ${hesString(hw.state)}); the start returns and changes nothing`);
        return ret();
      }
      if (hw.idx === -1) {
        x.fail("x86-start-warn", `WARN_ON_ONCE(idx == -1) in x86_pmu_start(${e})`);
        return ret();
      }
      if (num(f.a.flags) & PERF_EF_RELOAD) {
        if (!(hw.state & PERF_HES_UPTODATE)) x.fail("x86-start-warn", `WARN_ON_ONCE(!(event->hw.state & PERF_HES_UPTODATE)) in x86_pmu_start(${e}, PERF_EF_RELOAD)`);
        // static_call(x86_pmu_set_period)(event): counter value, not modelled.
      }
      hw.state = 0;
      // An NMI may land here: a throttle's x86_pmu_stop finds the active_mask bit clear and does nothing,
      // so the start below then runs the counter with interrupts == MAX and hw.state == 0.
      return goto("active");
    },
    active(k, f, x) {
      // cpuc->events[idx] = event; __set_bit(idx, cpuc->active_mask);
      k.cpu[x.cpu]!.pmu.ctr[String(E(k, str(f.a.e)).hw.idx)]!.event = str(f.a.e);
      // An NMI may land here: its handler sees the counter active; a throttle's x86_pmu_stop disables the
      // (not yet enabled) counter, clears the bit and sets STOPPED — and x86_pmu_enable(event) below then
      // enables the counter behind a STOPPED, inactive event (counter-orphan).
      return goto("enable");
    },
    enable(k, f, x) {
      // static_call(x86_pmu_enable)(event) = intel_pmu_enable_event(): the EVENTSEL enable (counting once GLOBAL_CTRL is on).
      k.cpu[x.cpu]!.pmu.ctr[String(E(k, str(f.a.e)).hw.idx)]!.en = true;
      // perf_event_update_userpage(event): no modelled state.
      return ret();
    },
  },
});

export const x86_pmu_stop = kfn({
  name: "x86_pmu_stop",
  cite: `${FILE} x86_pmu_stop(): gated on active_mask, not hw.state; WARN_ON_ONCE(hwc->state & PERF_HES_STOPPED) — kernel-semantics.md §2.10; audit X1`,
  blocks: ["update"],
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (!active(k, x.cpu, e)) return jump("update");
      // static_call(x86_pmu_disable)(event) = intel_pmu_disable_event(): the EVENTSEL enable cleared.
      const c = k.cpu[x.cpu]!.pmu.ctr[String(E(k, e).hw.idx)]!;
      c.en = false;
      // ASSUMPTION (interrupt latency, not kernel code): x86_pmu_stop does not ack the counter's GLOBAL_STATUS
      // bit, but a PMI it raised is taken within instructions on hardware (an NMI is held only while another
      // NMI runs), long before the counter is restarted. The model lets a pending interrupt wait any number of
      // steps; so that an x86 PMI cannot outlive the counter's stop and be handled after a restart (across a
      // whole context switch), the pending overflow ends here — where arm64's armv8pmu_disable_intens clears
      // PMOVS in code. An interrupt latched before the caller's perf_pmu_disable can still land anywhere up
      // to this point (audit D1's window, as on arm64).
      c.ovf = false;
      c.adj = false;
      // An NMI may land here: its handler still sees the counter active and handles a latched overflow of it; a
      // throttle's nested x86_pmu_stop then clears the bit and sets STOPPED, and this stop reaches its WARN.
      return goto("clear");
    },
    clear(k, f, x) {
      const e = str(f.a.e);
      const hw = E(k, e).hw;
      k.cpu[x.cpu]!.pmu.ctr[String(hw.idx)]!.event = null; // __clear_bit(hwc->idx, cpuc->active_mask); cpuc->events[hwc->idx] = NULL;
      if (hw.state & PERF_HES_STOPPED) x.fail("x86-stop-warn", `WARN_ON_ONCE(hwc->state & PERF_HES_STOPPED) in x86_pmu_stop(${e}): the counter was active while its hw.state said STOPPED`);
      hw.state |= PERF_HES_STOPPED;
      return jump("update");
    },
    update(k, f) {
      // if ((flags & PERF_EF_UPDATE) && !(hwc->state & PERF_HES_UPTODATE)) { x86_pmu_update(event); hwc->state |= PERF_HES_UPTODATE; }
      const hw = E(k, str(f.a.e)).hw;
      if (num(f.a.flags) & PERF_EF_UPDATE && !(hw.state & PERF_HES_UPTODATE)) hw.state |= PERF_HES_UPTODATE;
      return ret();
    },
  },
});

export const X86_CORE_FUNCTIONS: KFunction[] = [x86_pmu_add, x86_pmu_del, x86_pmu_start, x86_pmu_stop, x86_pmu_enable];
