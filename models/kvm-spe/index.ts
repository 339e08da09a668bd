/** The KVM SPE buffer-pinning model's entry for the CLI, its standard runs and its report (issue 5). */
import type { ModelEntry } from "../../src/registry.ts";
import type { ReportGenerator } from "../../src/report-api.ts";
import { configOf, KVM_SPE_PARAMS } from "./config.ts";
import { buildKvmSpeModel } from "./model.ts";
import { kvmSpePinningReport } from "./report.ts";

export const kvmSpeEntry: ModelEntry = {
  name: "kvm-spe",
  description: "KVM arm64 SPE stage-2 buffer pinning (RFC v6): guest SPE driver, KVM pin policies, host MMU notifier, SPU — P-Blackout, P-Fresh, P-Release",
  params: KVM_SPE_PARAMS,
  matrixDimensions: ["variant", "mode", "windows", "vcpu_put_unpins", "notifier_pinned", "reopen_va", "seq_check", "reopens", "invalidations"],
  build: (p) => buildKvmSpeModel(configOf(p)),
};

export { kvmSpeRuns } from "./runs.ts";

export const kvmSpeReports: readonly ReportGenerator[] = [kvmSpePinningReport];
