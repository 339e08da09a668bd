/**
 * Reading a kernel function's state and arguments: `E(k, id)` for `event`, `str` / `num` for a frame's
 * arguments and locals (checked, so a wrong-typed argument fails loudly instead of misbehaving).
 */
import type { EventState, KState, Val } from "./state.ts";

export function E(k: KState, id: string): EventState {
  const e = k.ev[id];
  if (!e) throw new Error(`no event ${id}`);
  return e;
}

export function str(v: Val | undefined): string {
  if (typeof v !== "string") throw new Error(`expected a string argument, got ${String(v)}`);
  return v;
}

export function num(v: Val | undefined): number {
  if (typeof v !== "number") throw new Error(`expected a number argument, got ${String(v)}`);
  return v;
}

