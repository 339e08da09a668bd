/**
 * Time for §7's P-Release ("a pin not used by an enabled buffer is released within K steps or
 * under memory pressure") and for the lazy policies' dormant timeout, which the engine, having no
 * liveness checking yet, cannot otherwise see fire.
 *
 * One step of the model is one unit of time. The ghost `k.age` counts the consecutive steps in
 * which KVM holds a pin the enabled buffer does not use (`pinUsed`); it stands still while a KVM
 * buffer operation is in flight (the pins are being reused or released) and drops to 0 once every
 * held pin is used again or released. The dormant timeout (KVM delayed work, §7 "timeout") is a
 * deadline: when the age reaches `dormantTimeout` with an unused dormant pin held and no operation in
 * flight, the timeout work is the step that happens. The shrinker (memory pressure) may release
 * the dormant pins at any earlier step. P-Release then fails when the age exceeds `releaseK`: a pin
 * the timeout does not reach (a leak), or a timeout longer than K.
 */
import { isLazy, type Config } from "./config.ts";
import { pinUsed, type SpeState } from "./state.ts";

/** KVM holds a pin that the enabled buffer does not use. */
export const holdsUnusedPin = (s: SpeState): boolean => s.k.pins.some((p) => !pinUsed(s, p));

/** The age after a step that led to `s` (the step itself does not touch `k.age`). */
export function tickAge(s: SpeState, cfg: Config): SpeState {
  const cap = Math.max(cfg.releaseK, cfg.dormantTimeout) + 1;
  const age = !holdsUnusedPin(s) ? 0 : s.k.op !== null ? s.k.age : Math.min(s.k.age + 1, cap);
  return age === s.k.age ? s : { ...s, k: { ...s.k, age } };
}

/** The dormant timeout's deadline has come: it is the only step enabled. */
export const dormantTimeoutDue = (s: SpeState, cfg: Config): boolean =>
  isLazy(cfg) && s.k.op === null && s.k.age >= cfg.dormantTimeout && s.k.pins.some((p) => p.st === "dormant" && !pinUsed(s, p));
