/** Shared reading of the kernel state for the invariants: what "running" means per driver. */
import { ev, isCounter, membersOf, type Config } from "../../models/kernel/interpreter/config.ts";
import { patchByName } from "../../models/patches/index.ts";
import { etmTracing, PERF_HES_STOPPED, speTracing, type CpuState, type KState, type OutputHandle } from "../../models/kernel/interpreter/state.ts";

/**
 * The event's hardware is running: a counter whose PMCNTEN/PMINTEN enable is set (the driver did
 * not stop it; PMCR_EL0.E is transiently cleared by perf_pmu_disable sections and is not looked at),
 * or, for the ETM, the trace unit tracing (source enabled in perf mode and not paused).
 */
export function running(s: KState, cfg: Config, id: string): boolean {
  const e = s.ev[id]!;
  if (e.state !== "ACTIVE" || e.oncpu < 0) return false;
  const cpu = s.cpu[e.oncpu]!;
  const info = ev(cfg, id);
  if (isCounter(info.pmu.driver)) return e.hw.idx >= 0 && cpu.pmu.ctr[String(e.hw.idx)]!.en;
  if (info.pmu.driver === "etm") return etmTracing(cpu);
  if (info.pmu.driver === "spe") return speTracing(cpu); // PMSCR on and PMBLIMITR.E
  if (info.pmu.driver === "pt") return cpu.pt.trace_en; // RTIT_CTL.TraceEn
  if (info.pmu.driver === "swevent") return !(e.hw.state & PERF_HES_STOPPED); // counted unless perf_exclude_event (STOPPED)
  return false;
}

/**
 * An AUX member that the patch explicitly exempts from group throttling (fix C, kernel-semantics.md §6 R3:
 * "For the AUX member: not tracing, or explicitly exempted (fix C)").
 */
export function throttleExempt(cfg: Config, id: string): boolean {
  return ev(cfg, id).pmu.aux && patchByName(cfg.patch)?.exemptsAuxFromThrottle === true;
}

/** ACTIVE members of the event's group whose hardware runs (members exempt from throttling left out). */
export function runningMembers(s: KState, cfg: Config, id: string): string[] {
  return membersOf(cfg, ev(cfg, id).leader).filter((m) => running(s, cfg, m) && !throttleExempt(cfg, m));
}

/** The per-CPU output handles of every AUX driver (ETM, SPE, PT); a run uses one of them. */
export function auxHandles(c: CpuState): OutputHandle[] {
  return [c.etm.handle, c.spe.handle, c.pt.handle];
}

/** The handle of the AUX event's driver on this CPU. */
export function handleFor(c: CpuState, cfg: Config, id: string): OutputHandle {
  const d = ev(cfg, id).pmu.driver;
  return d === "spe" ? c.spe.handle : d === "pt" ? c.pt.handle : c.etm.handle;
}
