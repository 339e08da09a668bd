/**
 * The model as both engines check it: the deadlock property that TLC checks by default, added
 * when the model declares none, and the combinations the engine refuses rather than answer
 * wrongly. Idempotent, so that every entry point (sequential search, parallel main thread, its
 * helper threads) can call it and all see the same property list.
 */
import { isLiveness } from "./liveness/check.ts";
import type { Action, Model, Property } from "./model.ts";
import { InputError } from "./registry.ts";

export interface CheckOptions {
  /** false: no deadlock checking (TLC's -deadlock), whatever the model says. Default true. */
  readonly deadlock?: boolean;
  readonly por?: boolean;
  readonly symmetry?: boolean;
}

/** The property the engine adds for deadlock checking. */
export const DEADLOCK: Property<never> = {
  name: "deadlock",
  kind: "deadlock",
  description: "a reachable state with no enabled action is final (TLC's deadlock check; the model declares `final`, or turns it off with `deadlock: false`)",
};

export function checkedModel<S, A extends Action>(model: Model<S, A>, options: CheckOptions = {}): Model<S, A> {
  const live = model.properties.filter(isLiveness);
  if (live.length > 0 && (options.por || options.symmetry)) {
    throw new InputError(
      `${options.por ? "--por" : "--symmetry"} is not sound for liveness (property ${live[0]!.name} of ${model.name}): run without it`,
    );
  }
  let properties = model.properties;
  if (options.deadlock === false) properties = properties.filter((p) => p.kind !== "deadlock");
  else if (model.deadlock !== false && !properties.some((p) => p.kind === "deadlock")) properties = [...properties, DEADLOCK as Property<S, A>];
  // a model whose prototype is the model: class-based models keep their methods
  return properties === model.properties ? model : (Object.create(model, { properties: { value: properties, enumerable: true } }) as Model<S, A>);
}
