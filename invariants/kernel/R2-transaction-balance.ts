/**
 * R2 — transaction balance (kernel-semantics.md §6 R2, §2.9).
 *
 * What it protects: an AUX transaction is owned by exactly one driver handle and one ACTIVE event;
 * after `del` it is closed; no reference is leaked. Precisely, at a quiescent state:
 *   (a) for every ring buffer, `aux_nest == 1` ⇔ some CPU's driver handle has `event != NULL` on it
 *       (the seed WARN's failed begin clears `handle.event` of the earlier, still open transaction:
 *       `aux_nest` stays 1 with no handle — the orphan of §4 step 4);
 *   (b) a handle's `event` is ACTIVE, on that handle's CPU (§4.1: a switched-out event whose transaction stayed
 *       open: a per-task event that migrated away from the CPU whose handle still holds it);
 *   (c) `aux_refcount == (AUX mapped ? 1 : 0) + aux_nest` and `refcount == 1 + aux_nest` (one
 *       reference per open transaction on top of the mapping's / the event's);
 *   (d) the transaction a handle holds is on its owner's current ring buffer (`handle->rb == event->rb`): a
 *       transaction begun on an rb the event has since been detached from (ring_buffer_attach in SET_OUTPUT or the
 *       last munmap swapped event->rb under it) is orphaned — output stop, which follows event->rb, cannot end it.
 *       R5 covers only the event's own transaction (d's complement), so the two never report the same state.
 * Why quiescent only: begin/end update these fields in several steps (§2.9), and an interrupt may
 * observe the intermediate states.
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import type { KState } from "../../models/kernel/interpreter/state.ts";
import { auxHandles } from "./running.ts";

export function r2Violation(s: KState): string | null {
  for (let r = 0; r < s.rb.length; r++) {
    const rb = s.rb[r]!;
    const owners = s.cpu.flatMap((c) => auxHandles(c)).filter((h) => h.event !== null && h.rb === r);
    if ((rb.aux_nest === 1) !== (owners.length > 0)) return `rb${r}: aux_nest = ${rb.aux_nest} but ${owners.length} handle(s) own a transaction`;
    const base = rb.aux_mmap_count > 0 ? 1 : 0;
    if (rb.aux_refcount !== base + rb.aux_nest) return `rb${r}: aux_refcount = ${rb.aux_refcount}, expected ${base + rb.aux_nest}`;
    if (rb.refcount !== 1 + rb.aux_nest) return `rb${r}: refcount = ${rb.refcount}, expected ${1 + rb.aux_nest}`;
  }
  for (let c = 0; c < s.cpu.length; c++) {
    for (const h of auxHandles(s.cpu[c]!)) {
      if (h.event !== null && s.ev[h.event]!.state !== "ACTIVE") return `cpu${c}: the driver handle holds a transaction of ${h.event}, which is ${s.ev[h.event]!.state}`;
      // two CPUs: the owner is ACTIVE *on this CPU* — a per-task event that migrated leaves the old CPU's
      // handle behind (with one CPU, ACTIVE implies oncpu == 0 at quiescent states, so this adds nothing there).
      if (h.event !== null && s.ev[h.event]!.oncpu !== c) return `cpu${c}: the driver handle holds a transaction of ${h.event}, which is ACTIVE on cpu${s.ev[h.event]!.oncpu}`;
      if (h.event !== null && s.ev[h.event]!.rb !== h.rb) return `cpu${c}: the driver handle holds ${h.event}'s transaction on rb${h.rb}, but ${h.event} writes to ${s.ev[h.event]!.rb === null ? "no rb" : `rb${s.ev[h.event]!.rb}`} (orphaned by ring_buffer_attach)`;
    }
  }
  return null;
}

export function R2(_cfg: Config): Property<KState> {
  return {
    name: "R2",
    kind: "quiescent",
    description: "R2 transaction balance: aux_nest == 1 ⇔ a handle owns the transaction, the owner is ACTIVE on that CPU and writes to that rb, refcounts = base + open transactions — kernel-semantics.md §6 R2, §2.9",
    holds: (s) => r2Violation(s) === null,
  };
}
