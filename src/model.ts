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
  /** a reachable state with no enabled action that is not `final` */
  | "deadlock";

export interface Property<S> {
  readonly name: string;
  readonly kind: PropertyKind;
  /** For `always` and `quiescent`: true when the state satisfies the property. */
  readonly holds?: (state: S) => boolean;
  /** What it protects, and the reference section it comes from. Printed in reports. */
  readonly description?: string;
}

/** A step as printed: where it ran and what it changed. */
export interface StepInfo {
  readonly context: string | null;
  readonly callChain: readonly string[];
  /** Step label inside the innermost function, e.g. `perf_aux_output_begin:nest_check`. */
  readonly label?: string;
}

export interface Model<S, A extends Action = Action> {
  readonly name: string;
  /** Initial states, in a deterministic order. */
  initStates(): readonly S[];
  /** Push the enabled actions of `state` onto `out`, in a deterministic order. */
  actions(state: S, out: A[]): void;
  /** The successor of `state` under `action`. Must not mutate `state`. */
  next(state: S, action: A, step: StepContext): S;
  readonly properties: readonly Property<S>[];
  /** Every action name the model can produce, for the coverage report. */
  readonly actionNames: readonly string[];

  /** Quiescent: e.g. no context is inside a kernel function. Default: every state. */
  quiescent?(state: S): boolean;
  /** States that may legitimately have no enabled action (deadlock detection). Default: none. */
  final?(state: S): boolean;
  /**
   * 64-bit fingerprint, written as two uint32 halves into out[0], out[1].
   * Default: the engine's structural hash of the state (plain data: objects, arrays,
   * numbers, strings, booleans, null), which does not depend on object key order.
   */
  fingerprint?(state: S, out: Uint32Array): void;
  /** A plain-data view of the state for traces and ITF (default: the state itself). */
  view?(state: S): unknown;
  /** Where a step runs and its call chain, for traces. Default: the action's context, empty chain. */
  stepInfo?(before: S, action: A, after: S): StepInfo;
}

/** Renders `overflow(P)` / `tick`. */
export function formatAction(a: Action): string {
  if (!a.params || a.params.length === 0) return a.name;
  return `${a.name}(${a.params.map(String).join(", ")})`;
}
