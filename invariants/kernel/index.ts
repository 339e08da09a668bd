/**
 * The kernel model's properties, in the order reports list them (the verdict matrix's columns). Each is defined here
 * from the state (or, for a kernel WARN site, raised where the modelled kernel code reaches the WARN) and is the
 * same for every patch: a patch file contains kernel code only.
 */
import type { Property } from "../../src/model.ts";
import type { Config } from "../../models/kernel/interpreter/config.ts";
import type { KAction } from "../../models/kernel/interpreter/machine.ts";
import type { KState } from "../../models/kernel/interpreter/state.ts";
import { ETM_MISC_WARN, ETM_TRACKING_START, ETM_TRACKING_STOP, MUNMAP_WARN, R1, RB_FREE_AUX_ATOMIC, X86_START_WARN, X86_STOP_WARN } from "./assertions.ts";
import { R2 } from "./R2-transaction-balance.ts";
import { R3, R3_AUX } from "./R3-throttle-stops-group.ts";
import { R4 } from "./R4-user-pause-respected.ts";
import { R5 } from "./R5-no-pause-leak.ts";
import { R6, R6_AUX } from "./R6-nmi-throttle-sticks.ts";
import { R7 } from "./R7-every-aux-pmu.ts";
import { AUX_DOUBLE_END } from "./aux-double-end.ts";
import { THROTTLE_NO_RB } from "./throttle-no-rb.ts";
import { THROTTLE_GUARD_DROP } from "./guard-drop.ts";
import { USER_PAUSE_DROPPED } from "./user-pause-dropped.ts";
import { STUCK_STOPPED } from "./stuck-stopped.ts";
import { COUNTER_ORPHAN } from "./counter-orphan.ts";
import { HARD_LOCKUP, SOFT_LOCKUP } from "./lockup.ts";
import { EVENTUALLY_RESUMED, EVENTUALLY_UNTHROTTLED } from "./throttle-progress.ts";

export const KERNEL_PROPERTY_NAMES = [
  "R1",
  "R2",
  "R3",
  "R3-aux",
  "R4",
  "R5",
  "R6",
  "R6-aux",
  "R7",
  "stuck-stopped",
  "user-pause-dropped",
  "throttle-guard-drop",
  "throttle-no-rb",
  "etm-tracking-stop",
  "etm-tracking-start",
  "etm-misc-warn",
  "munmap-warn",
  "rb-free-aux-atomic",
  "aux-double-end",
  "counter-orphan",
  "x86-start-warn",
  "x86-stop-warn",
  "hard-lockup",
  "soft-lockup",
  "eventually-unthrottled",
  "eventually-resumed",
] as const;

export function kernelProperties(cfg: Config): Property<KState, KAction>[] {
  const all = [
    R1,
    R2(cfg),
    R3(cfg),
    R3_AUX(cfg),
    R4(cfg),
    R5(cfg),
    R6(cfg),
    R6_AUX(cfg),
    R7,
    STUCK_STOPPED(cfg),
    USER_PAUSE_DROPPED(cfg),
    THROTTLE_GUARD_DROP(cfg),
    THROTTLE_NO_RB(cfg),
    ETM_TRACKING_STOP,
    ETM_TRACKING_START,
    ETM_MISC_WARN,
    MUNMAP_WARN,
    RB_FREE_AUX_ATOMIC,
    AUX_DOUBLE_END,
    COUNTER_ORPHAN(cfg),
    X86_START_WARN,
    X86_STOP_WARN,
    HARD_LOCKUP,
    SOFT_LOCKUP,
    EVENTUALLY_UNTHROTTLED(cfg),
    EVENTUALLY_RESUMED(cfg),
  ];
  if (all.map((p) => p.name).join() !== KERNEL_PROPERTY_NAMES.join()) throw new Error("kernelProperties: order differs from KERNEL_PROPERTY_NAMES");
  return all;
}
