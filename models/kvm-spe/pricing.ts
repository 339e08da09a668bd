/**
 * Prices for the counts of models/kvm-spe/cost.ts: seconds per context switch as a function of
 * the buffer size, from stated per-page costs. The counts come from the model; the per-page costs
 * are parameters, each with its source and its range. Nothing here is chosen to reproduce a total.
 *
 * - Pin and unpin, per 4 KiB page. The only measurement is James Clark's (seed 001): "each
 *   pin/unpin taking about 0.2s" for a 256 MiB buffer (65,536 pages) on a kernel with lockdep and
 *   kmemleak. The thread does not say whether 0.2 s is one pin plus one unpin ("pair") or each of
 *   them ("each"); both readings are kept. A normal build ran his whole example in 4 s instead of
 *   20 s; scaling the pin cost by 4/20 is the reference's arithmetic (§7, UNCONFIRMED).
 *   ASSUMPTION: the measured pin includes the guest stage-1 walk that finds the pages (the series
 *   walks, then pins), so a walk that leads to a pin is not priced again.
 * - Walk, per 4 KiB page, for the walks that do not lead to a pin (lazy-rewalk's check that the
 *   translation is unchanged). Not measured anywhere: an estimate from the code. KVM's software
 *   walker `walk_s1` (arch/arm64/kvm/at.c, torvalds/linux@0090c0a2) reads one descriptor per level
 *   with `kvm_read_guest` (memslot lookup + copy_from_user of 8 bytes); a 4 KiB granule with 48-bit
 *   VAs has 4 levels. Default 0.4 µs: 4 reads of about 0.1 µs on the debug kernel Clark measured
 *   on. Low 0.04 µs: one leaf descriptor read per page by a walker that keeps the upper levels
 *   (512 pages share them) on a normal build. High 1.5 µs: half the "each" pin cost, i.e. the walk
 *   as half of what a pin costs.
 */
export const PAGE_BYTES = 4096;
export const MIB = 1 << 20;
/** Clark's buffer: `-m,256M`. */
export const CLARK_BUFFER_BYTES = 256 * MIB;
/** "I measured each pin/unpin taking about 0.2s" — seed 001. */
export const CLARK_SECONDS_PER_PIN_UNPIN = 0.2;
/** "On a kernel with lockep and kmemleak etc this takes 20s to complete. On a normal kernel build it still takes 4s." — seed 001. */
export const CLARK_DEBUG_SECONDS = 20;
export const CLARK_NORMAL_SECONDS = 4;

const clarkPages = CLARK_BUFFER_BYTES / PAGE_BYTES;
const us = (seconds: number): number => seconds * 1e6;

/** Per-page costs in µs. */
export interface Prices {
  readonly pin: number;
  readonly unpin: number;
  readonly walk: number;
}

export interface PinReading {
  readonly id: string;
  readonly text: string;
  readonly pin: number;
  readonly unpin: number;
}

/** The two readings of Clark's "0.2 s per pin/unpin", on the kernel he measured. */
export const PIN_READINGS: readonly PinReading[] = [
  { id: "pair", text: "0.2 s for one pin plus one unpin of the 256 MiB buffer, split evenly", pin: us(CLARK_SECONDS_PER_PIN_UNPIN / 2 / clarkPages), unpin: us(CLARK_SECONDS_PER_PIN_UNPIN / 2 / clarkPages) },
  { id: "each", text: "0.2 s for each pin and for each unpin of the 256 MiB buffer", pin: us(CLARK_SECONDS_PER_PIN_UNPIN / clarkPages), unpin: us(CLARK_SECONDS_PER_PIN_UNPIN / clarkPages) },
];

const NORMAL_BUILD = CLARK_NORMAL_SECONDS / CLARK_DEBUG_SECONDS;

/** Default, low and high prices: the default is Clark's kernel, "pair" reading; low is the normal build, high the "each" reading. */
export const PRICES: Readonly<Record<"default" | "low" | "high", Prices>> = {
  default: { pin: PIN_READINGS[0]!.pin, unpin: PIN_READINGS[0]!.unpin, walk: 0.4 },
  low: { pin: PIN_READINGS[0]!.pin * NORMAL_BUILD, unpin: PIN_READINGS[0]!.unpin * NORMAL_BUILD, walk: 0.04 },
  high: { pin: PIN_READINGS[1]!.pin, unpin: PIN_READINGS[1]!.unpin, walk: PIN_READINGS[1]!.pin / 2 },
};

/** Buffer sizes priced (the `-m` of `perf record`): 1 MiB to 1 GiB. */
export const SIZES_BYTES: readonly number[] = [1, 4, 16, 64, 256, 1024].map((m) => m * MIB);

export const sizeName = (bytes: number): string => (bytes >= 1024 * MIB ? `${bytes / (1024 * MIB)} GiB` : `${bytes / MIB} MiB`);

/** Per context switch, in whole buffers (models/kvm-spe/cost.ts `perSwitch`). */
export interface PerSwitch {
  readonly pinBuffers: number;
  readonly unpinBuffers: number;
  readonly walkBuffers: number;
}

/** Seconds per context switch for a buffer of `bytes`: pins, unpins, and the walks that do not lead to a pin. */
export function secondsPerSwitch(c: PerSwitch, bytes: number, p: Prices): number {
  const pages = bytes / PAGE_BYTES;
  const checkWalks = Math.max(0, c.walkBuffers - c.pinBuffers);
  return pages * (c.pinBuffers * p.pin + c.unpinBuffers * p.unpin + checkWalks * p.walk) * 1e-6;
}
