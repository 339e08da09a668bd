/** The kernel model's standard runs (part of the default `auxcheck check`), each with its expected verdict as data. */
import type { StandardRun } from "../../../../src/registry.ts";
import { mainlineRuns } from "./mainline.ts";
import { patchRuns } from "./patch-matrix.ts";
import { platformRuns } from "./pmu-interrupt-platforms.ts";
import { twoCpuRuns } from "./two-cpus.ts";
import { corePmuRuns } from "./core-pmu.ts";
import { softwareSiblingRuns } from "./software-siblings.ts";

export const kernelRuns: readonly StandardRun[] = [
  // the seed and §4's variants on mainline
  ...mainlineRuns,
  // every scenario × patch × AUX PMU cell of the verdict matrix
  ...patchRuns,
  // the audit's corrections (X1-X10), each scenario on both PMU-interrupt platforms
  ...platformRuns,
  // two CPUs: migration, the tick on the other CPU, the IPI paths from the other CPU
  ...twoCpuRuns,
  // the core PMU's counters: arm64 against x86 (a frequency-mode sibling restarted while throttled)
  ...corePmuRuns,
  // an AUX leader resumed by a software sibling outside NMI (Intel PT's resume window; F3 route (b) on intel_pt)
  ...softwareSiblingRuns,
];
