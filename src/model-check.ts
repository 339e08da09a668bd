/**
 * Checks the Model contract while searching: a state must not change once the search holds it.
 * A `next` that changes its input, or a state changed after it was stored (a successor that
 * shares data some later step writes), makes the search merge or lose states and report wrong
 * counts and verdicts without a sign. Each expanded state is fingerprinted from scratch before
 * and after each of its steps (src/fingerprint.ts `freshFingerprint`, which reads typed arrays
 * too, so it works where freezing cannot); the first `DEFAULT_CHECKED_STATES` expansions of a
 * search are checked by default, every one with `--check-model`.
 */
import { freshFingerprint, structuralFingerprint } from "./fingerprint.ts";
import { formatAction, ModelError, type Action, type Model, type StepContext } from "./model.ts";
import { diff } from "./trace.ts";

/** Expansions checked by default, per searcher: cheap (two fresh fingerprints of a state each), and a mutating model is caught at once. */
export const DEFAULT_CHECKED_STATES = 500;

export class ModelCheck<S, A extends Action> {
  private left: number;
  private readonly before = new Uint32Array(2);
  private readonly now = new Uint32Array(2);
  private active = false;

  constructor(
    private readonly model: Model<S, A>,
    states: number,
  ) {
    this.left = states;
  }

  /** A state is about to be expanded. */
  begin(s: S): void {
    this.active = this.left > 0;
    if (!this.active) return;
    this.left--;
    freshFingerprint(s, this.before);
    // the hashes remembered for its parts since they were first fingerprinted: a part changed since gives another
    structuralFingerprint(s, this.now);
    if (!this.same()) throw new ModelError(`${this.model.name}: a state changed after the search stored it (a step returned data that a later step changed in place); states must be immutable`);
  }

  /** `next(s, a)` has run. */
  after(s: S, a: A): void {
    if (!this.active) return;
    freshFingerprint(s, this.now);
    if (this.same()) return;
    throw new ModelError(`${this.model.name}: next(state, ${formatAction(a)}) changed its input state${this.where(s, a)}; next must return a new state and leave its input as it was`);
  }

  private same(): boolean {
    return this.before[0] === this.now[0] && this.before[1] === this.now[1];
  }

  /** Where the step writes into its input: run it once more on a copy and compare. */
  private where(s: S, a: A): string {
    try {
      const copy = structuredClone(s);
      const again = structuredClone(s);
      const ignore: StepContext = { fail: () => {} };
      this.model.next(again, a, ignore);
      const paths = Object.keys(diff(copy, again));
      const shown = paths.slice(0, 3).map((x) => `state${x === "" || x.startsWith("[") ? "" : "."}${x}`.replace(/\.(\d+)(?=$|[.[])/g, "[$1]"));
      return paths.length > 0 ? ` (at ${shown.join(", ")})` : "";
    } catch {
      return "";
    }
  }
}
