/** The KVM SPE buffer-pinning model's entry for the CLI, its standard runs and its report. */
import type { ModelEntry } from "../../src/registry.ts";
import type { ReportGenerator } from "../../src/report-api.ts";
import { configOf, KVM_SPE_PARAMS } from "./config.ts";
import { runWorkload, WORKLOADS, workloadApplies } from "./cost.ts";
import { buildKvmSpeModel } from "./model.ts";
import { CLARK_BUFFER_BYTES, PRICES, secondsPerSwitch } from "./pricing.ts";
import { kvmSpePinningReport } from "./report.ts";

export const kvmSpeEntry: ModelEntry = {
  name: "kvm-spe",
  description: "KVM arm64 SPE stage-2 buffer pinning (RFC v6): guest SPE driver, KVM pin policies, host MMU notifier, SPU — P-Blackout, P-Fresh, P-NoStalePin, P-OwnedPage, P-Release",
  params: KVM_SPE_PARAMS,
  matrixDimensions: ["variant", "mode", "windows", "buffers", "vcpu_put_unpins", "notifier_pinned", "unmap_events", "service_unpins", "reopen_va", "seq_check", "dormant_timeout", "reopens", "invalidations"],
  build: (p) => buildKvmSpeModel(configOf(p)),
  // The cost per context switch (out and back in) of the bounded workloads (cost.ts, pricing.ts), for the same parameters.
  figures(p) {
    const cfg = configOf(p);
    const results = WORKLOADS.filter((w) => workloadApplies(w, cfg.mode)).map((w) => runWorkload(cfg, w));
    const ms = (r: (typeof results)[number], k: keyof typeof PRICES): string => (secondsPerSwitch(r.perSwitch, CLARK_BUFFER_BYTES, PRICES[k]) * 1e3).toFixed(1);
    const text = [
      `cost per context switch (out and back in) — ${cfg.variant}, ${cfg.mode}; whole buffers pinned / unpinned / walked, and ms for a 256 MiB buffer (default [low–high] prices, models/kvm-spe/pricing.ts):`,
      ...results.map(
        (r) =>
          `  ${r.workload.padEnd(12)} ${r.perSwitch.pinBuffers.toFixed(2)} / ${r.perSwitch.unpinBuffers.toFixed(2)} / ${r.perSwitch.walkBuffers.toFixed(2)} → ${ms(r, "default")} ms [${ms(r, "low")}–${ms(r, "high")}]`,
      ),
    ].join("\n");
    return { text, data: results };
  },
};

export { kvmSpeRuns } from "./runs.ts";

export const kvmSpeReports: readonly ReportGenerator[] = [kvmSpePinningReport];
