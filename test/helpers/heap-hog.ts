/**
 * A model whose frontier fills the heap (a binary tree of states, each carrying 2 KB), for the
 * memory stop: `node --max-old-space-size=64 --import=tsx heap-hog.ts [sequential|parallel]`
 * prints the search's result as JSON. It also exports `modelEntries`, which the parallel search's
 * helper threads import.
 */
import { fileURLToPath } from "node:url";
import type { Model } from "../../src/model.ts";
import type { ModelEntry } from "../../src/registry.ts";

interface Node {
  readonly id: number;
  readonly pad: readonly number[];
}

function heapHog(): Model<Node> {
  return {
    name: "HeapHog",
    actionNames: ["left", "right"],
    initStates: () => [{ id: 0, pad: new Array<number>(256).fill(0) }],
    actions: (s, out) => {
      if (s.id < 2 ** 22) out.push({ name: "left" }, { name: "right" });
    },
    next: (s, a) => {
      const id = 2 * s.id + (a.name === "left" ? 1 : 2);
      return { id, pad: new Array<number>(256).fill(id) };
    },
    properties: [{ name: "anything", kind: "always", holds: () => true }],
  };
}

export const modelEntries: readonly ModelEntry[] = [{ name: "heap-hog", description: "fills the heap", params: [], build: () => heapHog() }];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { exploreAsync } = await import("../../src/explore.ts");
  const { exploreParallel } = await import("../../src/parallel.ts");
  const model = heapHog();
  const r =
    process.argv[2] === "parallel"
      ? await exploreParallel(model, { modulePath: fileURLToPath(import.meta.url), entryName: "heap-hog", params: {}, workers: 2, waitForHelpers: true })
      : await exploreAsync(model);
  process.stdout.write(JSON.stringify({ stopReason: r.stopReason, complete: r.complete, distinct: r.distinct, depth: r.depth, queued: r.queued, verdict: r.properties[0]!.verdict }) + "\n");
}
