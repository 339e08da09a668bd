/**
 * The heap, watched by the searches: a search stops with stopReason "memory" and its partial
 * statistics when the JavaScript heap nears its limit, instead of dying in a V8 abort that
 * leaves nothing. What runs out is the old generation (V8's heap limit is the old generation's
 * plus the young generation's, three semi-spaces). Each thread has its own heap: a helper
 * thread of the parallel search watches its own.
 */
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";

/** Stop when the old generation passes this fraction of its limit. */
export const HEAP_STOP_FRACTION = 0.8;

/** The searches look at the heap every HEAP_CHECK_MASK + 1 new states (a look costs about 3 µs). */
export const HEAP_CHECK_MASK = 511;

/** V8's semi-space limit in MB: --max-semi-space-size, or its 64-bit default. */
function semiSpaceMb(): number {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  const given = flags.map((f) => /^--max[-_]semi[-_]space[-_]size=(\d+)$/.exec(f)?.[1]).find((v) => v !== undefined);
  return given !== undefined ? Number(given) : 16;
}

const YOUNG_BYTES = 3 * semiSpaceMb() * 2 ** 20;
const YOUNG_SPACES = new Set(["new_space", "new_large_object_space"]);

/** The old generation's use and limit, in bytes. */
function oldGeneration(): { used: number; limit: number } {
  let used = 0;
  for (const s of getHeapSpaceStatistics()) if (!YOUNG_SPACES.has(s.space_name)) used += s.space_used_size;
  return { used, limit: Math.max(getHeapStatistics().heap_size_limit - YOUNG_BYTES, 1) };
}

export function heapNearLimit(): boolean {
  const g = oldGeneration();
  return g.used > HEAP_STOP_FRACTION * g.limit;
}

/** "412 MB (heap 31 % of its limit)": the process's resident memory and this thread's heap. */
export function memoryText(): string {
  const g = oldGeneration();
  return `${Math.round(process.memoryUsage.rss() / 2 ** 20)} MB (heap ${Math.round((100 * g.used) / g.limit)} % of its limit)`;
}
