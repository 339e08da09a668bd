/**
 * drivers/hwtracing/coresight/coresight-tmc-etr.c: the ETR sink's perf update_buffer, as far as the
 * AUX handle is concerned (the sink of the modelled CoreSight path).
 */
import type { KState, OutputHandle } from "../../../../interpreter/state.ts";
import { PERF_AUX_FLAG_TRUNCATED } from "../../../kernel/events/ring_buffer.ts";

/**
 * `sink_ops(sink)->update_buffer` for the ETR (coresight-tmc-etr.c tmc_update_etr_buffer), as far as the
 * handle is concerned: "if (!etr_perf->snapshot && size > handle->size) { ...; lost = true; }
 * lost |= etr_buf->full; ... if (!etr_perf->snapshot && lost) perf_aux_output_flag(handle,
 * PERF_AUX_FLAG_TRUNCATED)". The trace sizes are not modelled: the data is lost exactly when the AUX buffer
 * has no free space (rb.aux_full, set by the `aux_fill` action), and the TRUNCATED end then queues a
 * pending disable (perf_aux_output_end → perf_event_disable_inatomic). Not snapshot mode.
 */
export function tmc_update_etr_buffer(k: KState, h: OutputHandle): void {
  if (h.rb !== null && k.rb[h.rb]!.aux_full) h.aux_flags |= PERF_AUX_FLAG_TRUNCATED;
}
