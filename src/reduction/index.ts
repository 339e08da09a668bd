/** State-space reductions the engines can call: partial-order (ample sets) and symmetry (canonical fingerprints). */
export { ampleSet, declaresPartialOrder, LevelFingerprints, newPorStats, type PorStats, type Successor } from "./por.ts";
export { declaresSymmetry, fingerprinter, reducedFingerprint } from "./symmetry.ts";
