/**
 * The successors of the state being expanded, as both engines (src/explore.ts, src/level-search.ts)
 * compute them: `model.next` with a collector for the assertions the step raises, the optional
 * deep freeze (tests), the check that the step left its input as it was (src/model-check.ts), and
 * the fingerprint. With --por, `get` keeps each successor it computes
 * (the ample-set choice needs them) and `take` reuses it, so no step runs twice.
 */
import { lasting, type Action, type AssertionHit, type Model, type StepContext } from "./model.ts";
import type { ModelCheck } from "./model-check.ts";
import type { Successor } from "./reduction/por.ts";

class HitCollector implements StepContext {
  hits: AssertionHit[] | null = null;
  fail(hit: AssertionHit): void {
    (this.hits ??= []).push(hit);
  }
}

export class Successors<S, A extends Action> {
  private readonly cache: (Successor<S> | undefined)[] = [];
  private readonly collector = new HitCollector();
  private parent!: S;
  private enabled: readonly A[] = [];
  /** Set by `take`: the successor and the assertions its step raised. */
  state!: S;
  hits: readonly AssertionHit[] | null = null;

  /**
   * `fp` receives each fingerprint (two uint32 halves); `freeze` is applied to every successor
   * when given (deep-frozen states under test).
   */
  constructor(
    private readonly model: Model<S, A>,
    private readonly fingerprint: (state: S, out: Uint32Array) => void,
    private readonly fp: Uint32Array,
    private readonly freeze: ((state: S) => S) | null,
    private readonly check: ModelCheck<S, A>,
  ) {}

  /** Starts on a new parent state and its enabled actions; forgets the kept successors. */
  of(parent: S, enabled: readonly A[]): void {
    this.check.begin(parent);
    this.parent = parent;
    this.enabled = enabled;
    if (this.cache.length !== 0) this.cache.length = 0; // (setting an array's length costs a call even when it is 0)
  }

  /** The successor under enabled[k], computed once and kept (the ample-set choice). */
  readonly get = (k: number): Successor<S> => {
    let c = this.cache[k];
    if (c === undefined) {
      this.step(k);
      // kept while the other successors are computed
      c = this.cache[k] = { state: lasting(this.model, this.state), hits: this.hits, hi: this.fp[0]!, lo: this.fp[1]! };
    }
    return c;
  };

  /** The successor under enabled[k] into `state`, `hits` and `fp`: the kept one when `get` computed it. */
  take(k: number): void {
    const c = this.cache[k];
    if (c === undefined) {
      this.step(k);
      return;
    }
    this.state = c.state;
    this.hits = c.hits;
    this.fp[0] = c.hi;
    this.fp[1] = c.lo;
  }

  private step(k: number): void {
    const collector = this.collector;
    collector.hits = null;
    const t = this.model.next(this.parent, this.enabled[k]!, collector);
    this.check.after(this.parent, this.enabled[k]!);
    this.state = this.freeze ? this.freeze(t) : t;
    this.hits = collector.hits;
    this.fingerprint(this.state, this.fp);
  }
}
