/** Shared reading of the kernel state for the properties: what "running" means per driver, and the AUX handles. */
import { ev, isCounter, membersOf, type Config } from "../../models/kernel/interpreter/config.ts";
import { etmTracing, PERF_HES_STOPPED, speTracing, type CpuState, type KState, type OutputHandle } from "../../models/kernel/interpreter/state.ts";

/**
 * The event's hardware is running: a counter whose PMCNTEN/PMINTEN enable is set (the driver did
 * not stop it; PMCR_EL0.E is transiently cleared by perf_pmu_disable sections and is not looked at),
 * the ETM trace unit tracing (source enabled in perf mode and not paused), SPE sampling into an enabled
 * buffer, PT's TraceEn, or a software event not excluded (perf_exclude_event: STOPPED).
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
  if (info.pmu.driver === "swevent") return !(e.hw.state & PERF_HES_STOPPED);
  return false;
}

/**
 * Which members a property looks at: the group's counters (hardware counters and software events: everything
 * without `has_aux`), its AUX member, or all of them. R3 and R6 are split in two on this (counters / AUX members),
 * so that a fix that keeps the trace running while the counters are throttled (fix C, kernel-semantics.md §6 C)
 * shows the trade in the AUX column and nowhere else.
 */
export type Members = "counters" | "aux" | "all";

export function memberKind(cfg: Config, id: string): "counters" | "aux" {
  return ev(cfg, id).pmu.aux ? "aux" : "counters";
}

/** ACTIVE members of the event's group, of the given kind, whose hardware runs. */
export function runningMembers(s: KState, cfg: Config, id: string, members: Members = "all"): string[] {
  return membersOf(cfg, ev(cfg, id).leader).filter((m) => (members === "all" || memberKind(cfg, m) === members) && running(s, cfg, m));
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
