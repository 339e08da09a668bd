/**
 * aux-double-end — perf_aux_output_end() on a handle whose transaction is already ended
 * (`handle->event == NULL`). In the kernel this is a crash or a corruption, not a WARN:
 * arm_spe_perf_aux_output_end() dereferences `buf = perf_get_aux(handle)` (NULL: `buf->base`), and
 * perf_aux_output_end() itself would drop `aux_nest`, an `aux_refcount` and an rb reference a second
 * time. Mainline drivers cannot reach it (their stop(0) never ends a transaction); it guards the
 * candidate fixes that make a stop(0) from NMI end the transaction (fix B1) against racing with a
 * stop(UPDATE) or a PMBIRQ that is ending the same transaction in task / IRQ context.
 * kernel-semantics.md §2.9 ("must be called from pmu::stop() or the PMI"), §6 B1.
 */
import type { Property } from "../../src/model.ts";
import type { KState } from "../../models/kernel/interpreter/state.ts";

export const AUX_DOUBLE_END: Property<KState> = {
  name: "aux-double-end",
  kind: "assertion",
  description: "perf_aux_output_end() on an already-ended handle (NULL buf dereference in SPE / double release) — kernel-semantics.md §2.9, §6 B1",
};
