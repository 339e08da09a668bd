/** The KVM SPE buffer-pinning model's entry for the CLI, its standard runs and its report (issue 5). */
import type { ModelEntry } from "../../src/registry.ts";
import type { ReportGenerator } from "../../src/report-api.ts";
import { configOf, KVM_SPE_PARAMS } from "./config.ts";
import { CLARK_CONTEXT_SWITCHES, CLARK_SECONDS_PER_PIN_OP, runWorkload, WORKLOADS } from "./cost.ts";
import { buildKvmSpeModel } from "./model.ts";
import { kvmSpePinningReport } from "./report.ts";

export const kvmSpeEntry: ModelEntry = {
  name: "kvm-spe",
  description: "KVM arm64 SPE stage-2 buffer pinning (RFC v6): guest SPE driver, KVM pin policies, host MMU notifier, SPU — P-Blackout, P-Fresh, P-Release",
  params: KVM_SPE_PARAMS,
  matrixDimensions: ["variant", "mode", "windows", "vcpu_put_unpins", "notifier_pinned", "reopen_va", "seq_check", "reopens", "invalidations"],
  build: (p) => buildKvmSpeModel(configOf(p)),
  // The pin cost of the bounded workloads (cost.ts), for the same parameters.
  figures(p) {
    const cfg = configOf(p);
    const results = WORKLOADS.map((w) => runWorkload(cfg, w));
    const text = [
      `pin cost (${cfg.variant}, ${cfg.mode}; ${CLARK_CONTEXT_SWITCHES} guest context switches, ${CLARK_SECONDS_PER_PIN_OP} s per pin/unpin as James Clark measured):`,
      ...results.map(
        (r) =>
          `  ${r.workload.padEnd(12)} pin+unpin calls per switch ${r.opsPerSwitch.toFixed(2)} (steady state ${r.steadyOpsPerSwitch.toFixed(2)}), pins per sched-in ${r.pinsPerSchedIn.toFixed(2)} → ${r.clarkSeconds.toFixed(2)} s`,
      ),
    ].join("\n");
    return { text, data: results };
  },
};

export { kvmSpeRuns } from "./runs.ts";

export const kvmSpeReports: readonly ReportGenerator[] = [kvmSpePinningReport];
