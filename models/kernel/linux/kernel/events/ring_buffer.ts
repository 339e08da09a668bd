/**
 * AUX transactions (kernel/events/ring_buffer.c, [LY-rb] @0e8a6621): `perf_aux_output_begin` /
 * `perf_aux_output_end`, with the refcounts, `aux_nest` and the driver's per-CPU handle.
 * kernel-semantics.md §2.9, audit claim 6.
 *
 * The handle is the driver's (ETM: `etm_ctxt.handle`), named by the `h` argument. Positions
 * (aux_head, handle->head/size/wakeup), PERF_RECORD_AUX and wakeups are not modelled.
 * ASSUMPTION (abstraction): free space
 * is abstracted as "always some" unless `rb.aux_full` (set only by the SPE buffer-full hardware event
 * with the consumer behind): the zero-space branch of begin and the TRUNCATED branch of end
 * both lead to perf_event_disable_inatomic → pending_disable (pending disable, linux/kernel/events/core.ts).
 */
import { num, str } from "../../../interpreter/access.ts";
import { goto, kfn, ret, type Exec, type KFunction } from "../../../interpreter/machine.ts";
import type { KState, OutputHandle } from "../../../interpreter/state.ts";
import { perf_event_disable_inatomic, rb_free_aux, ring_buffer_get, ring_buffer_put } from "./internal.ts";

/** `PERF_AUX_FLAG_TRUNCATED` / `PERF_AUX_FLAG_PARTIAL` (include/uapi/linux/perf_event.h) in `handle->aux_flags`. */
export const PERF_AUX_FLAG_TRUNCATED = 0x01;
export const PERF_AUX_FLAG_PARTIAL = 0x04;

/** The per-CPU handle a driver passes in (`h` = "etm", "spe" (spe_pmu->handle), "pt" (pt_ctx.handle)). */
export function handleOf(k: KState, x: Exec, h: string): OutputHandle {
  if (h === "etm") return k.cpu[x.cpu]!.etm.handle;
  if (h === "spe") return k.cpu[x.cpu]!.spe.handle;
  if (h === "pt") return k.cpu[x.cpu]!.pt.handle;
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
      // !rb->aux_overwrite: handle->size = free space. "if (!handle->size) { /* A, matches D */
      // perf_event_disable_inatomic(handle->event); perf_output_wakeup(handle); WRITE_ONCE(rb->aux_nest, 0);
      // goto err_put; }" — free space is "some" unless rb.aux_full (an SPE buffer-full with the
      // consumer behind, audit D4).
      if (k.rb[r]!.aux_full) {
        perf_event_disable_inatomic(k, str(f.a.e));
        k.rb[r]!.aux_nest = 0;
        return goto("err_put");
      }
      return ret(r); // handle->rb->aux_priv (recorded as the rb index)
    },
    err_put(k, f, x) {
      rb_free_aux(k, x, num(f.a.r)); // "can't be last"
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
      if (h.event === null) {
        // a second end of the same transaction (a stop(0) that ends it, fix B1, racing with the
        // end in progress): the kernel dereferences a NULL buf / releases twice. Reported, not executed.
        x.fail("aux-double-end", "perf_aux_output_end() on a handle with no open transaction (handle->event == NULL): NULL buf / double release");
        return ret();
      }
      f.a.r = h.rb;
      // aux_head += size, PERF_RECORD_AUX, user_page->aux_head: not modelled. TRUNCATED sets wakeup, and
      // "if (wakeup) { if (handle->aux_flags & PERF_AUX_FLAG_TRUNCATED) perf_event_disable_inatomic(handle->event); ... }".
      if (h.aux_flags & PERF_AUX_FLAG_TRUNCATED && h.event !== null) perf_event_disable_inatomic(k, h.event);
      h.event = null;
      return goto("release");
    },
    release(k, f, x) {
      const r = num(f.a.r);
      k.rb[r]!.aux_nest = 0; // WRITE_ONCE(rb->aux_nest, 0)
      rb_free_aux(k, x, r); // "can't be last"
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

