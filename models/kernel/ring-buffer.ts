/**
 * AUX transactions (kernel/events/ring_buffer.c, [LY-rb] @0e8a6621): `perf_aux_output_begin` /
 * `perf_aux_output_end`, with the refcounts, `aux_nest` and the driver's per-CPU handle.
 * kernel-semantics.md §2.9, audit claim 6.
 *
 * The handle is the driver's (ETM: `etm_ctxt.handle`), named by the `h` argument. Positions
 * (aux_head, handle->head/size/wakeup), PERF_RECORD_AUX and wakeups are not modelled.
 * ASSUMPTION (abstraction): free space
 * is abstracted as "always some": the zero-space branch of begin and the TRUNCATED branch of end
 * both lead to perf_event_disable_inatomic → pending_disable, which is issue 7's.
 */
import type { Draft } from "immer";
import { num, rb_free_aux, ring_buffer_get, ring_buffer_put, str } from "./helpers.ts";
import { goto, kfn, ret, type Exec, type KFunction } from "./machine.ts";
import type { KState, OutputHandle } from "./state.ts";

/** The per-CPU handle a driver passes in (`h` = "etm"; issue 4 adds "spe", "pt"). */
export function handleOf(k: Draft<KState>, x: Exec, h: string): Draft<OutputHandle> {
  if (h === "etm") return k.cpu[x.cpu]!.etm.handle;
  throw new Error(`unknown AUX handle ${h}`);
}

export const perf_aux_output_begin = kfn({
  name: "perf_aux_output_begin",
  cite: "kernel/events/ring_buffer.c perf_aux_output_begin() — kernel-semantics.md §2.9 (the seed WARN: ring_buffer.c:415, WARN_ON_ONCE(nest))",
  steps: {
    entry(k, f, x) {
      // output_event = event->parent ?: event (no inherited children are modelled)
      const r = ring_buffer_get(k, x, str(f.a.e));
      if (r === null) return ret(null); // no rb: returns without touching the handle
      f.a.r = r;
      return goto("checks");
    },
    checks(k, f) {
      const rb = k.rb[num(f.a.r)]!;
      if (!rb.has_aux) return goto("err"); // !rb_has_aux(rb): data-only mmap
      if (rb.aux_mmap_count === 0) return goto("err"); // "in perf_mmap_close(), about to get freed"
      if (rb.aux_refcount === 0) return goto("err"); // !refcount_inc_not_zero(&rb->aux_refcount)
      rb.aux_refcount++;
      return goto("nest");
    },
    nest(k, f, x) {
      const rb = k.rb[num(f.a.r)]!;
      const nest = rb.aux_nest; // READ_ONCE(rb->aux_nest)
      if (nest) {
        x.fail("R1", "WARN_ON_ONCE(nest) in perf_aux_output_begin (kernel/events/ring_buffer.c:415): an AUX transaction is already open on this rb");
        return goto("err_put");
      }
      rb.aux_nest = nest + 1; // WRITE_ONCE(rb->aux_nest, nest + 1)
      return goto("handle");
    },
    handle(k, f, x) {
      const h = handleOf(k, x, str(f.a.h));
      const r = num(f.a.r);
      h.rb = r;
      h.event = str(f.a.e);
      h.aux_flags = 0;
      // !rb->aux_overwrite: handle->size = free space, > 0 by the abstraction (the zero-space
      // branch, perf_event_disable_inatomic + aux_nest = 0 + err_put, is issue 7's).
      return ret(r); // handle->rb->aux_priv (recorded as the rb index)
    },
    err_put(k, f) {
      rb_free_aux(k, num(f.a.r)); // "can't be last"
      return goto("err");
    },
    err(k, f, x) {
      ring_buffer_put(k, num(f.a.r));
      // On the WARN path this clears the handle of the EARLIER, still open transaction (§2.9).
      handleOf(k, x, str(f.a.h)).event = null;
      return ret(null);
    },
  },
});

export const perf_aux_output_end = kfn({
  name: "perf_aux_output_end",
  cite: "kernel/events/ring_buffer.c perf_aux_output_end() — kernel-semantics.md §2.9 (\"must be called from pmu::stop() or the PMI\")",
  steps: {
    entry(k, f, x) {
      const h = handleOf(k, x, str(f.a.h));
      if (h.rb === null) throw new Error("perf_aux_output_end without a transaction");
      f.a.r = h.rb;
      // aux_head += size, PERF_RECORD_AUX, user_page->aux_head, wakeup; TRUNCATED → perf_event_disable_inatomic: not modelled.
      h.event = null;
      return goto("release");
    },
    release(k, f) {
      const r = num(f.a.r);
      k.rb[r]!.aux_nest = 0; // WRITE_ONCE(rb->aux_nest, 0)
      rb_free_aux(k, r); // "can't be last"
      ring_buffer_put(k, r);
      return ret();
    },
  },
});

export const RING_BUFFER_FUNCTIONS: KFunction[] = [perf_aux_output_begin, perf_aux_output_end];

/** `perf_get_aux(handle)`: handle->event ? handle->rb->aux_priv : NULL */
export function perf_get_aux(h: { event: string | null; rb: number | null }): number | null {
  return h.event !== null ? h.rb : null;
}

