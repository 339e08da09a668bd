/**
 * Sleeping locks (struct mutex) as state (state.ts KState.locks): ctx->mutex of a perf context and
 * event->mmap_mutex. Two ways to take one, both equivalent to "sleep in mutex_lock until it is free, then own it":
 *   - an entry action (a system call or ioctl) that takes it first thing is not offered while the lock is held, and
 *     takes it when applied; the interpreter releases it when the context ends (its bottom frame's `held`);
 *   - a step inside a function (`mutexLock`) names the lock in its frame (`f.a.wait`): the step is not an enabled
 *     action while the lock is held (lockWaits), and takes it when it runs; `mutexUnlock` releases it.
 * Only task-level code takes these locks (NMIs, IRQs, the tick and IPIs never do).
 */
import type { Frame, KState } from "./state.ts";

export function isHeld(k: KState, lock: string): boolean {
  const v = k.locks[lock];
  if (v === undefined) throw new Error(`unknown lock ${lock}`);
  return v;
}

/** Takes locks an entry action needs (all free: the offer checked), recording them in the context's bottom frame. */
export function takeAtEntry(k: KState, bottom: Frame, locks: readonly string[]): void {
  if (locks.length === 0) return;
  for (const l of locks) {
    if (isHeld(k, l)) throw new Error(`${l} is held`);
    k.locks[l] = true;
  }
  bottom.a.held = locks.join(",");
}

/** Releases what a context took at entry, when its bottom frame returns. */
export function releaseAtExit(k: KState, bottom: Frame): void {
  const held = bottom.a.held;
  if (typeof held !== "string" || held === "") return;
  for (const l of held.split(",")) k.locks[l] = false;
}

/** The frame's next step waits for a lock another context holds. */
export function lockWaits(k: KState, f: Frame): boolean {
  return typeof f.a.wait === "string" && isHeld(k, f.a.wait);
}

/** mutex_lock(lock) in the step that `lockWaits` gated: takes it. */
export function mutexLock(k: KState, f: Frame): void {
  const l = f.a.wait;
  if (typeof l !== "string") throw new Error("mutexLock without f.a.wait");
  if (isHeld(k, l)) throw new Error(`${l} taken while held`);
  k.locks[l] = true;
  delete f.a.wait;
}

export function mutexUnlock(k: KState, lock: string): void {
  if (!isHeld(k, lock)) throw new Error(`${lock} released while free`);
  k.locks[lock] = false;
}
