/**
 * A patch is in the verdict matrix by being registered (a file in models/patches/): one without
 * standard runs of its own gets a run per scenario and AUX PMU it applies to, with no expectation,
 * so `npm run check` and `npm run report` show its verdicts without judging them. Setting
 * expectations (scenarios/runs/patch-matrix.ts) is optional and makes them judged.
 */
import { InputError, type SetRun, type StandardRun } from "../../../../src/registry.ts";
import { PATCHES } from "../../../patches/index.ts";
import { AUX_PMUS } from "../../environment/pmus.ts";
import { buildKernelConfig } from "../../model.ts";
import { HAND_MADE_SCENARIO_NAMES } from "../scenarios.ts";

export function registeredPatchRuns(runs: readonly StandardRun[]): SetRun[] {
  const covered = new Set(runs.filter((r) => r.model === "kernel").map((r) => String(r.params.patch ?? "none")));
  const out: SetRun[] = [];
  for (const p of PATCHES) {
    if (covered.has(p.name)) continue;
    for (const scenario of HAND_MADE_SCENARIO_NAMES) {
      for (const pmu of AUX_PMUS) {
        const params = { scenario, patch: p.name, pmu };
        try {
          buildKernelConfig(params);
        } catch (e) {
          if (e instanceof InputError) continue; // the scenario does not apply to this PMU
          throw e;
        }
        out.push({ id: `patch-${p.name}-${scenario}-${pmu}`, model: "kernel", params, expected: null, scenario, patch: p.name, pmu });
      }
    }
  }
  return out;
}
