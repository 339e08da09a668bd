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
  /** Per declaration: its class (no `per`) or its classes by instance. */
  private readonly classOf: (number | Map<string | number, number>)[];
  /** The label of a single class (-1: none yet). */
  private readonly single: number[] = [];
  private readonly comboIds = new Map<string, number>();
  private readonly names: readonly (ReadonlySet<string> | null)[];
  private readonly scratch: number[] = [];

  constructor(readonly constraints: readonly Fairness<A>[]) {
    this.names = constraints.map((f) => (typeof f.actions === "function" ? null : new Set(f.actions)));
    this.classOf = constraints.map((f) => (f.per ? new Map() : -1));
  }

  /** Labels of actions seen (actions are immutable; models often reuse one object per action). */
  private readonly known = new WeakMap<A, number>();

  /** The label of an edge taken by `action`. */
  label(action: A): number {
    let l = this.known.get(action);
    if (l === undefined) this.known.set(action, (l = this.labelOf(action)));
    return l;
  }

  private labelOf(action: A): number {
    const found = this.scratch;
    found.length = 0;
    for (let ci = 0; ci < this.constraints.length; ci++) {
      const f = this.constraints[ci]!;
      const names = this.names[ci];
      if (names ? !names.has(action.name) : !inFamily(f, action)) continue;
      found.push(this.classFor(ci, f, action));
    }
    if (found.length === 0) return 0;
    if (found.length === 1) {
      const c = found[0]!;
      return this.single[c] ?? (this.single[c] = this.intern([c]));
    }
    found.sort((a, b) => a - b);
    return this.comboIds.get(found.join(",")) ?? this.intern([...found]);
  }

  private classFor(ci: number, f: Fairness<A>, action: A): number {
    const slot = this.classOf[ci]!;
    if (typeof slot === "number") return slot >= 0 ? slot : (this.classOf[ci] = this.newClass(ci, f, fairnessName(f)));
    const inst = f.per!(action);
    let c = slot.get(inst);
    if (c === undefined) slot.set(inst, (c = this.newClass(ci, f, `${fairnessName(f)}[${inst}]`)));
    return c;
  }

  private newClass(constraint: number, f: Fairness<A>, name: string): number {
    this.classes.push({ constraint, strong: f.kind === "strong", name });
    return this.classes.length - 1;
  }

  private intern(classes: number[]): number {
    const l = this.combos.length;
    if (l > 0xffff) throw new Error("liveness: more than 65535 combinations of fairness classes on one model's actions");
    this.combos.push(classes);
    this.comboIds.set(classes.join(","), l);
    return l;
  }
}
