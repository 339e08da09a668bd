/**
 * drivers/hwtracing/coresight/coresight-etm4x-core.c: what coresight_{enable,disable,pause,resume}_source
 * reach in the ETM4x source driver in perf mode (the trace unit's state: drvdata->mode and ->paused).
 * kernel-semantics.md §1.5, §3.1 ([ML] ETM4x pause patch; the audit read the full etm4x-core.c).
 */
import { E, str } from "../../../../interpreter/access.ts";
import { kfn, ret, type KFunction } from "../../../../interpreter/machine.ts";
import { EINVAL } from "../../../../interpreter/state.ts";

export const etm4_enable_perf = kfn({
  name: "etm4_enable_perf",
  cite: "coresight-etm4x-core.c etm4_enable() → etm4_enable_perf() → etm4_enable_hw() — kernel-semantics.md §3.1 ([ML] ETM4x pause patch)",
  steps: {
    entry(k, f, x) {
      const d = k.cpu[x.cpu]!.etm.drvdata;
      d.mode = "PERF"; // coresight_take_mode(csdev, CS_MODE_PERF)
      // ASSUMPTION (UNCONFIRMED, kernel-semantics.md §1.5 / §3.1: read from a public mirror; the audit read
      // the full etm4x-core.c, and the ETM4x AUX-pause patch shows the same lines): the enable copies
      // hw.aux_paused into drvdata->paused and etm4_enable_hw enables the trace unit only if !paused.
      d.paused = !!E(k, str(f.a.e)).hw.aux_paused;
      return ret(0);
    },
  },
});

export const etm4_disable = kfn({
  name: "etm4_disable",
  cite: "coresight-etm4x-core.c etm4_disable() → etm4_disable_perf(): trace unit off, mode DISABLED — kernel-semantics.md §3.1",
  steps: {
    entry(k, _f, x) {
      k.cpu[x.cpu]!.etm.drvdata.mode = "DISABLED";
      return ret();
    },
  },
});

export const etm4_pause_perf = kfn({
  name: "etm4_pause_perf",
  cite: "coresight-etm4x-core.c etm4_pause_perf() (via coresight_pause_source) — kernel-semantics.md §3.1",
  steps: {
    entry(k, _f, x) {
      const d = k.cpu[x.cpu]!.etm.drvdata;
      if (d.mode !== "PERF") return ret();
      d.paused = true; // etm4_disable_trace_unit
      return ret();
    },
  },
});

export const etm4_resume_perf = kfn({
  name: "etm4_resume_perf",
  cite: "coresight-etm4x-core.c etm4_resume_perf() (via coresight_resume_source) — kernel-semantics.md §3.1",
  steps: {
    entry(k, _f, x) {
      const d = k.cpu[x.cpu]!.etm.drvdata;
      if (d.mode !== "PERF") return ret(EINVAL);
      d.paused = false; // etm4_enable_trace_unit
      return ret(0);
    },
  },
});

export const ETM4X_FUNCTIONS: KFunction[] = [etm4_enable_perf, etm4_disable, etm4_pause_perf, etm4_resume_perf];

