/**
 * Patch `fix-a`: candidate fix A of kernel-semantics.md §6, "separate throttle reason, re-evaluated by
 * the guard holder (for AUX_PAUSE PMUs)". Not a posted patch: the reference's candidate as a diff on
 * top of Leo Yan's (throttle/unthrottle of an AUX_PAUSE event go through perf_event_aux_pause).
 *
 *   - hw.aux_paused becomes a reason mask {USER = 1, THROTTLE = 2}; drivers read "effective paused" =
 *     mask != 0 (ETM4x enable and pt_config_start already test the value for non-zero: no driver change).
 *   - throttle sets THROTTLE, unthrottle clears it, the user's aux_pause/aux_resume toggle USER; only a
 *     0 ↔ non-0 transition calls stop(PAUSE) / start(RESUME).
 *   - event_sched_in's perf_event_unthrottle(event, false) also clears THROTTLE (no driver call: the
 *     add(START) that follows starts according to USER only) — this fixes F1.
 *   - NMI safety: the mask is updated atomically (atomic_or / atomic_andnot) BEFORE the recursion-guard
 *     test, so an NMI that finds the guard held still records its intent; the guard holder re-reads the
 *     mask after each callback and after releasing the guard, and re-applies until the hardware state
 *     it last applied matches the mask (the retry loop) — this fixes F3.
 *   The mask update also comes before the rb test (the intent is event state; the driver reads it at the
 *   next start even if the rb is gone). Nothing changes for PMUs without AUX_PAUSE (F5 stays).
 *
 * Overrides: perf_event_throttle, perf_event_unthrottle, perf_event_aux_pause (which now calls the
 * driver itself; __perf_event_aux_pause is left in the table, uncalled).
 */
import { E, num, str } from "../kernel/interpreter/access.ts";
import { ev, pmuOps } from "../kernel/interpreter/config.ts";
import { setInterrupts } from "../kernel/interpreter/ghost.ts";
import { ring_buffer_get, ring_buffer_put } from "../kernel/linux/kernel/events/internal.ts";
import { call, goto, jump, kfn, ret } from "../kernel/interpreter/machine.ts";
import { AUX_PAUSE_THROTTLE, AUX_PAUSE_USER, MAX_INTERRUPTS, PERF_EF_PAUSE, PERF_EF_RESUME } from "../kernel/interpreter/state.ts";
import type { Patch } from "./index.ts";

const CITE = "candidate fix A (kernel-semantics.md §6) on kernel/events/core.c";

const perf_event_throttle = kfn({
  name: "perf_event_throttle",
  cite: `${CITE}: perf_event_throttle() — AUX_PAUSE: perf_event_aux_pause(event, true, THROTTLE) — kernel-semantics.md §2.3`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (E(k, e).state !== "ACTIVE") return ret();
      setInterrupts(k, x, e, MAX_INTERRUPTS);
      if (ev(x.cfg, e).pmu.capAuxPause) return call("perf_event_aux_pause", { e, pause: true, reason: AUX_PAUSE_THROTTLE }, "log");
      return call(pmuOps(x, e).stop, { e, flags: 0 }, "log");
    },
    // if (event == event->group_leader) perf_log_throttle(event, 0): not modelled.
    log: () => ret(),
  },
});

const perf_event_unthrottle = kfn({
  name: "perf_event_unthrottle",
  cite: `${CITE}: perf_event_unthrottle() — AUX_PAUSE: clear THROTTLE (through the pause path when start) — kernel-semantics.md §2.3`,
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      if (E(k, e).state !== "ACTIVE") return ret();
      setInterrupts(k, x, e, 0);
      if (ev(x.cfg, e).pmu.capAuxPause) {
        if (f.a.start) return call("perf_event_aux_pause", { e, pause: false, reason: AUX_PAUSE_THROTTLE }, "log");
        // event_sched_in: atomic_andnot(THROTTLE, &hw.aux_paused); add(START) follows and reads the mask.
        E(k, e).hw.aux_paused &= ~AUX_PAUSE_THROTTLE;
        return ret();
      }
      if (f.a.start) return call(pmuOps(x, e).start, { e, flags: 0 }, "log");
      return ret();
    },
    log: () => ret(),
  },
});

const perf_event_aux_pause = kfn({
  name: "perf_event_aux_pause",
  cite: `${CITE}: perf_event_aux_pause(event, pause, reason) — mask updated before the guard; the holder re-applies`,
  blocks: ["loop"],
  steps: {
    entry(k, f, x) {
      const e = str(f.a.e);
      const reason = typeof f.a.reason === "number" ? f.a.reason : AUX_PAUSE_USER; // __perf_event_overflow: the user's action
      const hw = E(k, e).hw;
      const old = hw.aux_paused;
      hw.aux_paused = f.a.pause ? old | reason : old & ~reason; // atomic_fetch_or / atomic_fetch_andnot
      f.a.applied = old !== 0 ? 1 : 0; // what the hardware was last told, as this context knows it
      return goto("guard");
    },
    guard(k, f, x) {
      const e = str(f.a.e);
      const r = ring_buffer_get(k, x, e);
      if (r === null) return ret();
      f.a.rb = r;
      x.irqSave();
      if (k.rb[r]!.aux_in_pause_resume) {
        // The holder re-reads the mask after its callback: this intent is not lost.
        x.irqRestore();
        ring_buffer_put(k, r);
        return ret();
      }
      k.rb[r]!.aux_in_pause_resume = true;
      return jump("loop");
    },
    loop(k, f, x) {
      const e = str(f.a.e);
      const want = E(k, e).hw.aux_paused !== 0 ? 1 : 0;
      if (want === num(f.a.applied)) return goto("release");
      f.a.applied = want;
      if (want) return call(pmuOps(x, e).stop, { e, flags: PERF_EF_PAUSE }, "applied");
      return call(pmuOps(x, e).start, { e, flags: PERF_EF_RESUME }, "applied");
    },
    applied: () => jump("loop"),
    release(k, f) {
      k.rb[num(f.a.rb)]!.aux_in_pause_resume = false; // barrier(); WRITE_ONCE(rb->aux_in_pause_resume, 0)
      return goto("recheck");
    },
    recheck(k, f, x) {
      const e = str(f.a.e);
      const r = num(f.a.rb);
      // An NMI between the last test and the release found the guard held and only updated the mask.
      if ((E(k, e).hw.aux_paused !== 0 ? 1 : 0) !== num(f.a.applied)) {
        k.rb[r]!.aux_in_pause_resume = true;
        return jump("loop");
      }
      x.irqRestore();
      ring_buffer_put(k, r);
      return ret();
    },
  },
});

export const fixA: Patch = {
  name: "fix-a",
  description: "candidate fix A (§6): hw.aux_paused as a {USER, THROTTLE} mask, NMI-safe re-apply by the guard holder, sched-in clears THROTTLE",
  overrides: [perf_event_throttle, perf_event_unthrottle, perf_event_aux_pause],
};
