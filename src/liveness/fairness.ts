/**
 * Fairness constraints as the liveness check sees them: each declared `Fairness` (src/model.ts)
 * becomes one *class* per instance (`per(action)`), and each edge of the state graph carries a
 * *label*: the set of classes its action belongs to, interned as a small integer (0 = none).
 */
import type { Action, Fairness, Model, Property } from "../model.ts";

export interface FairnessClass {
  /** Index of the declaration in the constraint list. */
  readonly constraint: number;
  readonly strong: boolean;
  /** e.g. `WF(tick)` or `WF(step)[p1]` */
  readonly name: string;
}

/** The fairness constraints that apply to a property: the model's, then the property's own. */
export function fairnessOf<S, A extends Action>(model: Model<S, A>, p: Property<S, A>): readonly Fairness<A>[] {
  return [...(model.fairness ?? []), ...(p.fairness ?? [])];
}

/** The name of a declaration: its own, or `WF(a, b)` / `SF(...)`. */
export function fairnessName<A extends Action>(f: Fairness<A>): string {
  if (f.name !== undefined) return f.name;
  const what = typeof f.actions === "function" ? "<predicate>" : f.actions.join(", ");
  return `${f.kind === "weak" ? "WF" : "SF"}(${what})`;
}

/** Whether `action` is in the declaration's family. */
export function inFamily<A extends Action>(f: Fairness<A>, action: A): boolean {
  return typeof f.actions === "function" ? f.actions(action) : f.actions.includes(action.name);
}

/** The instance a family member belongs to: `per(action)`, or one instance for the whole family. */
export function instanceOf<A extends Action>(f: Fairness<A>, action: A): string | number | null {
  return f.per ? f.per(action) : null;
}

export class FairnessLabels<A extends Action> {
  readonly classes: FairnessClass[] = [];
  /** combos[label] = the class ids of a label, ascending; combos[0] = []. */
  readonly combos: (readonly number[])[] = [[]];
  private readonly classIds = new Map<string, number>();
  private readonly comboIds = new Map<string, number>([["", 0]]);
  private readonly names: readonly (ReadonlySet<string> | null)[];
  private readonly scratch: number[] = [];

  constructor(readonly constraints: readonly Fairness<A>[]) {
    this.names = constraints.map((f) => (typeof f.actions === "function" ? null : new Set(f.actions)));
  }

  /** The label of an edge taken by `action`. */
  label(action: A): number {
    const found = this.scratch;
    found.length = 0;
    for (let ci = 0; ci < this.constraints.length; ci++) {
      const f = this.constraints[ci]!;
      const names = this.names[ci];
      if (names ? !names.has(action.name) : !inFamily(f, action)) continue;
      const inst = instanceOf(f, action);
      const key = `${ci}\u0000${inst === null ? "" : `${typeof inst}:${inst}`}`;
      let c = this.classIds.get(key);
      if (c === undefined) {
        c = this.classes.length;
        this.classes.push({ constraint: ci, strong: f.kind === "strong", name: inst === null ? fairnessName(f) : `${fairnessName(f)}[${inst}]` });
        this.classIds.set(key, c);
      }
      found.push(c);
    }
    if (found.length === 0) return 0;
    found.sort((a, b) => a - b);
    const key = found.join(",");
    let l = this.comboIds.get(key);
    if (l === undefined) {
      l = this.combos.length;
      if (l > 0xffff) throw new Error("liveness: more than 65535 combinations of fairness classes on one model's actions");
      this.combos.push([...found]);
      this.comboIds.set(key, l);
    }
    return l;
  }
}
