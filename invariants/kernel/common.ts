/** Shared reading of the kernel state for the invariants: what "running" means per driver. */
import { ev, membersOf, type Config } from "../../models/kernel/config.ts";
import { etmTracing, type KState } from "../../models/kernel/state.ts";

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
  if (info.pmu.driver === "armv8") return e.hw.idx >= 0 && cpu.pmu.ctr[String(e.hw.idx)]!.en;
  if (info.pmu.driver === "etm") return etmTracing(cpu);
  return false;
}

/** ACTIVE members of the event's group whose hardware runs. */
export function runningMembers(s: KState, cfg: Config, id: string): string[] {
  return membersOf(cfg, ev(cfg, id).leader).filter((m) => running(s, cfg, m));
}
