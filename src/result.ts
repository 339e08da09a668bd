/** What an exploration returns. Field names are part of the `--json` contract: keep them stable. */
import type { TracePath } from "./trace.ts";

/** "unchecked": a liveness property under --por or --symmetry, which keep only the safety verdicts. */
export type PropertyVerdict = "ok" | "violated" | "incomplete" | "unchecked";

export type StopReason =
  | "complete" // every reachable state explored
  | "all-violated" // every property has a violation; nothing left to decide
  | "max-states"
  | "max-depth"
  | "timeout"
  | "interrupted"
  | "memory"; // the heap neared its limit (src/memory.ts)

export interface TraceStep {
  /** 1-based step number (the initial state is step 0 and is not listed). */
  readonly index: number;
  readonly context: string | null;
  /** `overflow(P)` */
  readonly action: string;
  readonly actionName: string;
  readonly params: readonly (string | number | boolean)[];
  readonly callChain: readonly string[];
  readonly label: string | null;
  /** The race diagram's column (`CPU0 tick`); null: the context's. */
  readonly lane: string | null;
  /** When the step is the first of a function: the call as the code reads (`etm_event_start(L, 0)`). */
  readonly enters: string | null;
  /** Only the state fields this step changed: path -> [before, after]. */
  readonly changes: Readonly<Record<string, readonly [unknown, unknown]>>;
}

export interface Violation {
  readonly property: string;
  readonly kind: string;
  /** States in the trace, the initial state counted as 1 (TLC's depth convention). */
  readonly depth: number;
  /** Actions in the trace (= depth - 1). */
  readonly steps: number;
  readonly message: string | null;
  /** Call chain at the violation, innermost first (the WARN's "Call trace:"); [] for state invariants. */
  readonly callChain: readonly string[];
  /** The initial state's view, then the trace. */
  readonly initial: unknown;
  readonly trace: readonly TraceStep[];
  /** Views of every state of the trace, initial first (for ITF and diagrams). */
  readonly states: readonly unknown[];
  /**
   * Liveness: the trace is a lasso; its cycle starts at `states[loop.start]` and its last step
   * leads back to that state (the last state equals it). `stutter`: no cycle, the behaviour ends
   * in a state with no enabled action, which repeats forever (start = the last state). null for
   * safety properties.
   */
  readonly loop: { readonly start: number; readonly stutter: boolean } | null;
  /** How to replay the trace (initial state index, action indices): ITF export replays it. */
  readonly path: TracePath;
  /** The view paths the property reads (Model.reads), for the race diagram; null: every change counts. */
  readonly reads: readonly string[] | null;
  /** The set-up a race diagram folds into one line (Model.setup), or null. */
  readonly setup: { readonly steps: number; readonly summary: string } | null;
}

export interface PropertyResult {
  readonly name: string;
  readonly kind: string;
  readonly verdict: PropertyVerdict;
  readonly description: string | null;
  readonly violation: Violation | null;
}

export interface ActionCount {
  readonly name: string;
  /** Successors produced by this action, duplicates included. */
  readonly generated: number;
  /** New states first reached through this action. */
  readonly distinct: number;
}

export interface GoalResult {
  readonly name: string;
  readonly description: string;
  readonly reached: boolean;
}

export interface ExploreResult {
  readonly model: string;
  readonly complete: boolean;
  readonly stopReason: StopReason;
  readonly distinct: number;
  /** Initial states + every successor produced, duplicates included (TLC). */
  readonly generated: number;
  /** BFS levels explored, the initial level counted as 1 (TLC). */
  readonly depth: number;
  /** States discovered but not expanded when the search stopped. */
  readonly queued: number;
  readonly seconds: number;
  readonly properties: readonly PropertyResult[];
  readonly actions: readonly ActionCount[];
  /** The model's goals (Model.goals) and whether the search reached each; [] when it declares none. */
  readonly goals: readonly GoalResult[];
  /** TLC's estimate of the probability that a fingerprint collision hid a state: d*(g-d)/2^64; 0 when the model gives exact keys (Model.key). */
  readonly collisionProbability: number;
  /** Present when the model gives exact keys (Model.key): states are told apart by their keys, so no collision can hide one. */
  readonly exactKeys?: true;
  /** Bytes held by the visited set and the parent links. */
  readonly visitedBytes: number;
  /** Present when --por or --symmetry was asked for (src/reduction/). */
  readonly reduction?: ReductionInfo;
}

/** What a reduction did: `on`, or `not-declared` (the model declares no such hook: the search is unreduced), or `off`. */
export interface ReductionInfo {
  readonly por: "on" | "not-declared" | "off";
  readonly symmetry: "on" | "not-declared" | "off";
  /** --por: states expanded with a proper ample set */
  readonly ampleStates: number;
  /** --por: states fully expanded because every candidate ample set failed the cycle proviso */
  readonly provisoExpansions: number;
}
