/**
 * Symmetry reduction (`--symmetry`): the model declares `symmetry.canonical(state)` (a
 * representative of the state's orbit under the permutations it declares, e.g. the counters
 * sorted); the engine fingerprints the representative instead of the state. Nothing else
 * changes: the visited set holds one fingerprint per orbit, the frontier holds the CONCRETE state
 * found first for each orbit, and parent links (parent id, action index into the concrete
 * parent's enabled list) chain concrete states. A trace is therefore a concrete path of the
 * model, replayed by src/trace.ts exactly as without --symmetry (replay does not fingerprint).
 *
 * CONTRACT of `reducedFingerprint(model, state, out, symmetry)` (parallel engine too): writes
 * into out[0], out[1] the fingerprint to store in, and look up from, the visited set:
 * `fingerprint(canonical(state))` when `symmetry` is on and the model declares it, else
 * `fingerprint(state)`; `fingerprint` is the one of the model's exact key (Model.key), the model's own, or the structural one. `fingerprinter`
 * returns the same function once bound.
 *
 * SOUNDNESS. The model promises that the initial states, the transition relation (with the
 * assertions each step raises), `quiescent`, `final` and every property are invariant under the
 * group. Then for s and π(s): a path from s to a violation of P maps to a path from π(s) of the
 * same length to a violation of P, so exploring one state per orbit finds every violated
 * property, at the same BFS depth (the orbit graph is bisimilar to the full one and levels
 * coincide: the shortest counterexample length is unchanged). The test suite checks the
 * properties' symmetry on random reachable states (test/reduction.test.ts). A fingerprint is
 * 64 bits of the representative, so the collision estimate is the usual one.
 */
import { keyFingerprint, structuralFingerprint } from "../fingerprint.ts";
import { ModelError, type Action, type Model } from "../model.ts";

export function declaresSymmetry(model: Model<unknown, Action>): boolean {
  return model.symmetry !== undefined;
}

/** The fingerprint function the visited set uses, with or without symmetry. */
export function fingerprinter<S, A extends Action>(model: Model<S, A>, symmetry: boolean): (state: S, out: Uint32Array) => void {
  const fp: (state: S, out: Uint32Array) => void = model.key ? keyFingerprinter(model.key.bind(model)) : model.fingerprint ? model.fingerprint.bind(model) : structuralFingerprint;
  const sym = symmetry ? model.symmetry : undefined;
  if (!sym) return fp;
  return (state, out) => fp(sym.canonical(state), out);
}

/** The fingerprint of the model's exact key (Model.key), which must be a uint32. */
function keyFingerprinter<S>(key: (state: S) => number): (state: S, out: Uint32Array) => void {
  return (state, out) => {
    const k = key(state);
    if (k >>> 0 !== k) throw new ModelError(`the model's key of a state is ${String(k)}: a key is an integer in 0..2^32-1`);
    keyFingerprint(k, out);
  };
}

export function reducedFingerprint<S, A extends Action>(model: Model<S, A>, state: S, out: Uint32Array, symmetry: boolean): void {
  fingerprinter(model, symmetry)(state, out);
}
