/**
 * The model API: what a model gives the engine. In the spirit of Stateright's `Model`
 * (initial states, actions, next state, properties), with the additions a kernel model
 * needs: the execution context of each action, call chains, in-step assertions (the
 * model's WARN_ON) and invariants that only hold at quiescent states.
 *
 * The engine never looks inside a state except through `fingerprint` (or the default
 * structural hash) and `view` (for printing). A model chooses its representation: the
 * kernel models use immer-updated plain objects, the classic models pack into integers.
 */

import type { TraceStep } from "./result.ts";

/** One enabled action of a state. `name` is the action family (used for coverage). */
export interface Action {
  /** Action family, e.g. `overflow`. Coverage counts per name. */
  readonly name: string;
  /** Parameters, printed as `overflow(P)`; keep them small and JSON-serialisable. */
  readonly params?: readonly (string | number | boolean)[];
  /** Execution context the step runs in (`task`, `tick`, `NMI`, `IRQ`, `hw`, ...), when the model has contexts. */
  readonly context?: string;
}

/** What an in-step assertion (a WARN_ON) reports. */
export interface AssertionHit {
  /** The assertion property's name, as declared in `properties`. */
  readonly property: string;
  /** Free text shown with the violation, e.g. the WARN condition. */
  readonly message?: string;
  /** Call chain at the WARN, innermost first (the kernel's "Call trace:"). */
  readonly callChain?: readonly string[];
}

/** Passed to `next`: lets a step raise assertions without leaving the immutable-state style. */
export interface StepContext {
  /** Record that an assertion property failed during this step (the step still completes, as WARN_ON does). */
  fail(hit: AssertionHit): void;
}

export type PropertyKind =
  /** checked on every reached state */
  | "always"
  /** checked only on states where `model.quiescent(state)` holds */
  | "quiescent"
  /** raised from inside a step through `StepContext.fail` */
  | "assertion"
  /** a reachable state with no enabled action that is not `final` (checked by default: `Model.deadlock`) */
  | "deadlock"
  /** liveness, TLA+'s []<>P: on every fair behaviour, `holds` (P) is true again and again (src/liveness/) */
  | "always-eventually"
  /** liveness, TLA+'s P ~> Q: on every fair behaviour, each state where `from` (P) holds is followed, or met, by one where `to` (Q) holds */
  | "leads-to";

export interface Property<S, A extends Action = Action> {
  readonly name: string;
  readonly kind: PropertyKind;
  /** For `always` and `quiescent`: true when the state satisfies the property. For `always-eventually`: P. */
  readonly holds?: (state: S) => boolean;
  /** What it protects, and the reference section it comes from. Printed in reports. */
  readonly description?: string;

  // ---- liveness properties only (src/liveness/check.ts) ----
  /** For `leads-to`: P of P ~> Q. */
  readonly from?: (state: S) => boolean;
  /** For `leads-to`: Q of P ~> Q. */
  readonly to?: (state: S) => boolean;
  /** Fairness assumed for this property only, on top of `Model.fairness` (e.g. "under weak fairness of the tick"). */
  readonly fairness?: readonly Fairness<A>[];
  /**
   * States where the model's budgets (finite stand-ins for an unbounded supply, e.g. a number of
   * timer ticks) have cut the behaviour short for this property: they are left out of its
   * analysis, so a behaviour that reaches one is not judged (neither as an end nor as part of a
   * cycle). Say in `description` what this means for the verdict.
   */
  readonly outOfBudget?: (state: S) => boolean;
}

/** A function of an action, bivariant in it (method syntax) so that a `Model<S, A>` stays a `Model<S, Action>`. */
export type ActionPredicate<A, R> = { f(action: A): R }["f"];

/**
 * Fairness of a family of actions (TLA+'s WF_vars(A) / SF_vars(A)), declared by the model. A
 * behaviour is fair for a weak constraint when the family is not enabled continuously from some
 * point on without being taken; for a strong one, when it is not enabled again and again without
 * being taken. Enabled = some action of the family is among `actions(state)`; taken = a step of
 * the behaviour is one of its actions. A step that leaves the state unchanged is a step (the
 * engine has no implicit stuttering: see src/liveness/check.ts).
 */
export interface Fairness<A extends Action = Action> {
  readonly kind: "weak" | "strong";
  /** The family: action names (`Action.name`), or a predicate over enabled actions. */
  readonly actions: readonly string[] | ActionPredicate<A, boolean>;
  /**
   * One constraint per value of `per(action)` instead of one for the whole family (TLA+'s
   * \A p: WF_vars(A(p))), e.g. `(a) => a.params[0]` for per-process fairness.
   */
  readonly per?: ActionPredicate<A, string | number>;
  /** Printed with a lasso, e.g. `WF(tick)`. Default: built from kind and actions. */
  readonly name?: string;
}

/**
 * A reachability obligation: the search must reach a state where `reached` holds, or take a step
 * of the action family `action` (give one of the two).
 */
export interface Goal<S> {
  readonly name: string;
  /** What happens when it is reached, as a phrase for "never reached: ...", e.g. "a throttle (hw.interrupts == MAX)". */
  readonly description: string;
  readonly reached?: (state: S) => boolean;
  readonly action?: string;
}

/** A step as printed: where it ran and what it changed. */
export interface StepInfo {
  readonly context: string | null;
  readonly callChain: readonly string[];
  /** Step label inside the innermost function, e.g. `perf_aux_output_begin:nest_check`. */
  readonly label?: string;
  /** The race diagram's column: the context with where it runs (`CPU0 tick`, `hardware`). Default: `context`. */
  readonly lane?: string;
  /**
   * When this step is the first of a function: the call as the code reads (`etm_event_start(L, 0)`).
   * The race diagram prints one line per such step, indented by the call chain's depth.
   */
  readonly enters?: string;
}


export interface Model<S, A extends Action = Action> {
  readonly name: string;
  /** Initial states, in a deterministic order. */
  initStates(): readonly S[];
  /** Push the enabled actions of `state` onto `out`, in a deterministic order. */
  actions(state: S, out: A[]): void;
  /** The successor of `state` under `action`. Must not mutate `state`. */
  next(state: S, action: A, step: StepContext): S;
  readonly properties: readonly Property<S, A>[];
  /** Every action name the model can produce, for the coverage report. */
  readonly actionNames: readonly string[];

  /** Quiescent: e.g. no context is inside a kernel function. Default: every state. */
  quiescent?(state: S): boolean;
  /** States that may legitimately have no enabled action (deadlock detection). Default: none. */
  final?(state: S): boolean;
  /**
   * Deadlock checking, on by default as in TLC: a reachable state with no enabled action that is
   * not `final` violates the property `deadlock`, which the engine adds to `properties` when the
   * model declares none. `false` turns it off (TLC's -deadlock): say why in a comment.
   */
  readonly deadlock?: boolean;
  /**
   * TLC's state constraint (CONSTRAINT): a successor (or initial state) for which it is false is
   * counted as generated and checked against the `always`/`quiescent` invariants, but neither
   * stored nor expanded (src/explore.ts says where this differs from pruning in `actions`).
   */
  constraint?(state: S): boolean;
  /** Fairness assumed by every liveness property of the model (TLA+'s WF/SF conjuncts of Spec). */
  readonly fairness?: readonly Fairness<A>[];
  /**
   * The state as written to ITF (src/itf.ts), when `view` leaves out part of the state (e.g. call
   * stacks) or the model wants ITF's sets, maps and tuples: JS `Set` and `Map` become `#set` and
   * `#map`, `itfTuple([...])` becomes `#tup`. Default: `view`. Consecutive ITF states must differ
   * whenever the state changed; the ITF writer warns when they do not.
   */
  itfView?(state: S): unknown;
  /**
   * 64-bit fingerprint, written as two uint32 halves into out[0], out[1].
   * Default: the engine's structural hash of the state (plain data: objects, arrays,
   * numbers, strings, booleans, null), which does not depend on object key order.
   */
  fingerprint?(state: S, out: Uint32Array): void;
  /**
   * Instead of `fingerprint`, for a model whose states pack into 32 bits: the state's exact key, a
   * uint32 that two states share only when they are the same state. The sequential search then
   * stores the keys themselves (src/visited.ts KeySet: 4 bytes a state, no fingerprint collision
   * possible) and the other engines the 64-bit fingerprint made of the key (src/fingerprint.ts
   * keyFingerprint). A key that is not a uint32 is a model error.
   */
  key?(state: S): number;
  /** A plain-data view of the state for traces and ITF (default: the state itself). */
  view?(state: S): unknown;
  /** Where a step runs and its call chain, for traces. Default: the action's context, empty chain. */
  stepInfo?(before: S, action: A, after: S): StepInfo;
  /**
   * How many execution contexts run nested inside another in this state (an NMI taken inside the
   * tick: 1). Among the counterexamples of minimal depth the search prints one whose steps raise
   * the nesting the fewest times (src/path-cost.ts), so that a trace nests an interrupt only when
   * the property needs it. Absent: the first shortest counterexample in the search's order.
   */
  nesting?(state: S): number;
  /**
   * The parts of the state (view paths as in a trace's changes: `ev.L.hw.interrupts`, `rb[0]`) that
   * the violated property reads: for a state property in `after`, for an assertion in the step from
   * `before` under `action` that raised it. The race diagram shows only changes to these. Absent or
   * null: every change is shown.
   */
  reads?(property: string, before: S, action: A, after: S): readonly string[] | null;
  /**
   * The set-up at the start of a trace that a race diagram folds into one line (e.g. "group L{P,R}
   * enabled on CPU0"): how many of the first steps, and the line. `views[i]` is the view of the
   * state after step i (views[0]: the initial state). Null: nothing folded.
   */
  setup?(trace: readonly TraceStep[], views: readonly unknown[]): { readonly steps: number; readonly summary: string } | null;

  /**
   * What the search must reach for a run to mean anything (e.g. "the events are enabled", "a
   * throttle happens"): a complete search that reaches no violation but misses a goal gives the
   * verdict `vacuous`, naming what never happened. Goals are symmetric like the properties
   * (`symmetry`), and visible to `--por` (PartialOrder.invisible).
   */
  readonly goals?: readonly Goal<S>[];
  /**
   * The independence the model declares for partial-order reduction (`--por`); see
   * `src/reduction/por.ts` for how the engine uses it and why the search stays sound.
   * Absent: the model declares none and `--por` explores the full graph.
   */
  readonly partialOrder?: PartialOrder<S, A>;
  /**
   * The symmetry the model declares (`--symmetry`): used only for the fingerprint, see
   * `src/reduction/symmetry.ts`. Absent: the model declares none.
   */
  readonly symmetry?: Symmetry<S>;
  /**
   * How states cross threads (the parallel search's work stealing): packed into bytes in the sending
   * thread and unpacked in the receiving one. Needed when a state means something only in the thread
   * that made it (e.g. it holds ids of a per-thread string table). Absent: states are structured-cloned.
   */
  readonly transport?: Transport<S>;
  /**
   * States as 32-bit words, for the search's queue of states to expand (src/state-queue.ts): a model
   * whose states are arrays of small integers (the kernel's packed words) lets the search keep a level
   * as words in typed arrays instead of as objects. Absent: the queue holds the objects.
   */
  readonly packing?: StatePacking<S>;
}

export interface StatePacking<S> {
  /** Number of words of `s`. */
  size(s: S): number;
  write(s: S, out: Int32Array, at: number): void;
  /**
   * The state whose `size` words start at src[at], equal to the one written: valid while src[at..at + size)
   * is (the search reads a state of a level only while it expands it, before the level's chunk is reused).
   */
  read(src: Int32Array, at: number, size: number): S;
  /**
   * Present when a state that `next` returns lives in the model's scratch space: valid until the second call of
   * `next` after the one that returned it (so that `next(next(s))` may read its input), after which the space is
   * reused. The engine copies, with this, a successor it keeps longer (the --por choice, a replayed trace); the
   * level's `write` is such a copy already. `initStates` returns states that last.
   */
  copy?(s: S): S;
}

/** A successor `s` of `model` as a state that lasts: copied out of the model's scratch space when it lives there (StatePacking.copy). */
export function lasting<S>(model: { readonly packing?: StatePacking<S> }, s: S): S {
  const copy = model.packing?.copy;
  return copy ? copy(s) : s;
}

/** A batch of states as bytes (see `Model.transport`). */
export interface PackedStates {
  readonly data: unknown;
  /** ArrayBuffers in `data` to transfer rather than copy. */
  readonly transfer: readonly ArrayBuffer[];
}

export interface Transport<S> {
  pack(states: readonly S[]): PackedStates;
  unpack(data: unknown): S[];
}

/**
 * Partial-order reduction, declared by the model. The enabled actions of a state are grouped by
 * `process` (a CPU, a resource manager, a counter); the enabled actions of one process form a
 * candidate ample set. Two actions a, b are *independent* at a state w where both are enabled when
 * each stays enabled after the other, a(b(w)) = b(a(w)), and each raises the same assertions in
 * either order. The model promises:
 *
 * - `safe(s, p)` (condition C1): on every path of the FULL graph from `s` on which `p` takes no
 *   step, every action taken is independent of every action `p` has enabled in `s`, and no other
 *   action of `p` becomes enabled. (Typically: `p`'s next steps read and write only `p`'s private
 *   state, their guards too, and no other process reads or writes that state.)
 * - `invisible(s, a)` (condition C2), asked only for actions of a safe process: taking `a` from `s`
 *   or from any state reached from `s` by actions of other processes raises no assertion and
 *   changes neither the truth of any `always` property, nor `quiescent(state)`, nor (at quiescent
 *   states) the truth of any `quiescent` property, nor the assertions the other processes' next
 *   steps raise, nor whether a state goal (`goals`) is reached. The engine re-checks this at `s`
 *   itself and throws when it does not hold there.
 *
 * Returning false is always sound (it only costs reduction).
 */
export interface PartialOrder<S, A extends Action = Action> {
  /** The process an enabled action belongs to (a small integer). */
  process(state: S, action: A): number;
  safe(state: S, process: number): boolean;
  invisible(state: S, action: A): boolean;
}

/**
 * Symmetry, declared by the model: `canonical(s)` maps every state of an orbit of the declared
 * permutation group to one representative (e.g. counters sorted). The model promises that the
 * transition relation, the initial states, `quiescent` and every property (the assertions raised
 * included) are invariant under the group. The engine fingerprints `canonical(s)` instead of `s`
 * and keeps, for each orbit, the concrete state it found first.
 */
export interface Symmetry<S> {
  canonical(state: S): S;
  /** What is interchangeable, for the output (e.g. "resource managers"). */
  readonly description?: string;
}

/** Renders `overflow(P)` / `tick`. */
export function formatAction(a: Action): string {
  if (!a.params || a.params.length === 0) return a.name;
  return `${a.name}(${a.params.map(String).join(", ")})`;
}

/**
 * A model broke the contract above (a state that cannot be fingerprinted, a `next` that changed
 * its input, an undeclared assertion): no result can be trusted, so the run stops with this.
 */
export class ModelError extends Error {
  override name = "ModelError";
}
