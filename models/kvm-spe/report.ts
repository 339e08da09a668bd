/**
 * Generates `reports/kvm-spe-pinning.md` and its plot `reports/kvm-spe-pinning-cost.svg`: the
 * policies × properties table, the cost per context switch against the buffer size from counted
 * operations and stated prices, James Clark's figures under each reading, the sensitivity runs, the
 * shortest counterexamples (text and Mermaid), the scope and the assumptions. Deterministic: no
 * timings, no dates (a test regenerates it and compares).
 */
import { explore } from "../../src/explore.ts";
import { cell, mermaidSequence, traceTable } from "../../src/markdown.ts";
import { formatAction } from "../../src/model.ts";
import type { StandardRun } from "../../src/registry.ts";
import type { ReportGenerator } from "../../src/report-api.ts";
import type { ExploreResult, Violation } from "../../src/result.ts";
import { matchesExpectation } from "../../src/runner.ts";
import { blackoutViolation, freshViolation, KVM_SPE_PROPERTY_NAMES, noStalePinViolation, ownedPageViolation, releaseViolation } from "../../invariants/kvm-spe/index.ts";
import { ASSUMPTIONS } from "./assumptions.ts";
import { configOf, KVM_SPE_PARAMS, MODES, VARIANT_SOURCES, VARIANTS, type Config, type Variant } from "./config.ts";
import { costPlotSvg, type PlotSeries } from "./cost-plot.ts";
import { CLARK_CONTEXT_SWITCHES, costTable, WORKLOADS, type CostResult } from "./cost.ts";
import { buildKvmSpeModel, LANES, type SpeAction } from "./model.ts";
import { CLARK_BUFFER_BYTES, CLARK_DEBUG_SECONDS, CLARK_NORMAL_SECONDS, PIN_READINGS, PRICES, secondsPerSwitch, SIZES_BYTES, sizeName, type Prices } from "./pricing.ts";
import { kvmSpeSensitivityRuns, kvmSpeVariantRuns } from "./runs.ts";
import { SCOPE_LIMITS } from "./scope.ts";
import type { SpeState } from "./state.ts";

const PLOT_FILE = "kvm-spe-pinning-cost.svg";

export interface RunRecord {
  readonly run: StandardRun;
  readonly cfg: Config;
  readonly result: ExploreResult;
  readonly matches: boolean;
}

/** Explores one standard run with its parameters completed from the defaults. */
export function exploreRun(run: StandardRun, freezeStates = false): RunRecord {
  const params = { ...Object.fromEntries(KVM_SPE_PARAMS.map((p) => [p.name, p.default])), ...run.params };
  const cfg = configOf(params);
  const result = explore(buildKvmSpeModel(cfg), {
    freezeStates,
    ...(run.maxStates !== undefined ? { maxStates: run.maxStates } : {}),
    ...(run.maxDepth !== undefined ? { maxDepth: run.maxDepth } : {}),
  });
  return { run, cfg, result, matches: matchesExpectation(result, run.expected) };
}

/** Replays a counterexample by its printed actions and returns the states (initial first). */
export function replayTrace(cfg: Config, v: Violation): SpeState[] {
  const model = buildKvmSpeModel(cfg);
  let s = model.initStates()[0]!;
  const states = [s];
  const buf: SpeAction[] = [];
  for (const step of v.trace) {
    buf.length = 0;
    model.actions(s, buf);
    const a = buf.find((x) => formatAction(x) === step.action);
    if (!a) throw new Error(`replay: step ${step.index} ${step.action} is not enabled`);
    s = model.next(s, a, { fail: () => undefined });
    states.push(s);
  }
  return states;
}

/** The property's own explanation of why a state violates it. */
export function propertyDetail(cfg: Config, property: string, s: SpeState): string | null {
  switch (property) {
    case "P-Blackout":
      return blackoutViolation(s);
    case "P-Fresh":
      return freshViolation(s);
    case "P-NoStalePin":
      return noStalePinViolation(s);
    case "P-OwnedPage":
      return ownedPageViolation(s);
    case "P-Release":
      return releaseViolation(s, cfg);
    default:
      return null;
  }
}

const n = (x: number): string => x.toLocaleString("en-US");
const f2 = (x: number): string => x.toFixed(2);
/** Milliseconds with about three significant digits. */
const ms = (seconds: number): string => {
  const m = seconds * 1e3;
  return m === 0 ? "0" : m >= 100 ? m.toFixed(0) : m >= 1 ? m.toFixed(1) : m.toFixed(2);
};

function propCell(r: ExploreResult, name: string): string {
  const p = r.properties.find((q) => q.name === name);
  if (!p) return "—";
  if (p.violation) return `**VIOLATED** at depth ${p.violation.depth}`;
  return p.verdict;
}

function expectedText(run: StandardRun): string {
  const e = run.expected;
  return e.verdict === "violation" ? `violation: ${(e.violated ?? []).join(", ")}` : e.verdict;
}

const paramText = (run: StandardRun): string =>
  Object.entries(run.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");

function findCost(costs: readonly CostResult[], workload: string, mode: string, variant: Variant, serviceUnpins = false): CostResult {
  return costs.find((c) => c.workload === workload && c.mode === mode && c.variant === variant && c.serviceUnpins === serviceUnpins)!;
}

/** "default [low–high]" milliseconds per context switch for a buffer of `bytes`. */
function priceCell(c: CostResult, bytes: number): string {
  const at = (p: Prices): number => secondsPerSwitch(c.perSwitch, bytes, p);
  const d = at(PRICES.default);
  return d === 0 ? "0" : `${ms(d)} [${ms(at(PRICES.low))}–${ms(at(PRICES.high))}]`;
}

function plotSeries(costs: readonly CostResult[]): PlotSeries[] {
  const pts = (c: CostResult): [number, number, number, number][] =>
    SIZES_BYTES.map((b) => [b, ...([PRICES.default, PRICES.low, PRICES.high].map((p) => secondsPerSwitch(c.perSwitch, b, p) * 1e3) as [number, number, number])]);
  return [
    { label: "eager (the series), one or two profiled tasks", color: "#1f77b4", points: pts(findCost(costs, "clark-true", "per-task", "eager")) },
    { label: "lazy-rewalk(-noseq) (§7 heuristic), one profiled task: walks only", color: "#2ca02c", points: pts(findCost(costs, "clark-true", "per-task", "lazy-rewalk")) },
    { label: "lazy-rewalk(-noseq), two profiled tasks alternating (thrash)", color: "#d62728", dashed: true, points: pts(findCost(costs, "two-tasks", "per-task", "lazy-rewalk")) },
  ];
}

function verdictSummary(r: ExploreResult): string {
  const bad = r.properties.filter((p) => p.violation).map((p) => p.name);
  return bad.length === 0 ? "holds every property" : `violates ${bad.join(", ")}`;
}

export function generateKvmSpeReport(): Record<string, string> {
  const main = kvmSpeVariantRuns.map((r) => exploreRun(r));
  const sens = kvmSpeSensitivityRuns.map((r) => exploreRun(r));
  const all = [...main, ...sens];
  const costs = costTable(VARIANTS, MODES);
  const def = configOf({});
  const L: string[] = [];
  const p = (...lines: string[]): void => {
    L.push(...lines);
  };
  const clark = (v: Variant, w = "clark-true"): CostResult => findCost(costs, w, "per-task", v);

  p(
    "# KVM arm64 SPE stage-2 buffer pinning: blackouts, host pages, pin cost per context switch, lazy unpin",
    "",
    "Generated by `models/kvm-spe/report.ts` (`npm run report`); do not edit by hand. Sources:",
    "`shared/seeds/kvm-arm64-spe-buffer-pinning-discussion.txt` (seed 001: James Clark on RFC v6 patch 29 by Alexandru Elisei),",
    "`shared/seeds/arm-spe-driver-notes.md`, `shared/reference/kernel-semantics.md` §7 (with audit X4), and the kernel code named",
    "where it is used. Every verdict and count below comes from a run of the model; every price is a stated parameter",
    "(`models/kvm-spe/pricing.ts`). Timings are not printed (this file must be reproducible): `npm run check` prints them.",
    "",
    "**Question.** Can KVM stop pinning and unpinning the guest's SPE buffer on every guest context switch without",
    "bringing back the profiling blackout the series exists to remove, and without letting the SPU write into host",
    "memory the guest no longer owns?",
    "",
    "**Answer from the model**, per policy (only `eager` is the series' own; the `lazy-*` policies are the reference's",
    "§7 candidate heuristic, which nobody proposed on the list; `none` is the fallback James Clark prefers). Cost: per",
    `context switch (out and back in) of the profiled task, for a ${sizeName(CLARK_BUFFER_BYTES)} buffer, in ms at the default prices [low–high]:`,
    "",
  );
  for (const m of main) {
    const v = m.cfg.variant;
    const one = clark(v);
    const two = clark(v, "two-tasks");
    p(
      `- \`${v}\` — ${VARIANT_SOURCES[v]} — ${verdictSummary(m.result)}; ${priceCell(one, CLARK_BUFFER_BYTES)} ms with one profiled task, ${priceCell(two, CLARK_BUFFER_BYTES)} ms with two taking turns.`,
    );
  }
  const safe = main.filter((m) => m.result.properties.every((q) => !q.violation)).map((m) => `\`${m.cfg.variant}\``);
  const at256 = (c: CostResult): number => secondsPerSwitch(c.perSwitch, CLARK_BUFFER_BYTES, PRICES.default);
  p(
    "",
    `With the default host (pages replaced only while the guest has the buffer disabled), the policies that hold every`,
    `property are ${safe.join(" and ") || "none"}. \`lazy-rewalk\` replaces eager's pin and unpin of the whole buffer by a walk of it:`,
    `${f2(at256(clark("lazy-rewalk")) / at256(clark("eager")))} of eager's cost at the default prices with one profiled task, but ${at256(clark("lazy-rewalk", "two-tasks")) > at256(clark("eager", "two-tasks")) ? "more than" : "no more than"}`,
    "eager's with two tasks taking turns, because §7's heuristic unpins the buffer the other task does not cover.",
  );
  const anyTime = ["kvm-spe-eager-unmap-any-time", "kvm-spe-eager-unmap-any-time-zap"].map((id) => sens.find((m) => m.run.id === id)!.result);
  const violates = (r: ExploreResult, prop: string): boolean => r.properties.some((q) => q.name === prop && q.violation);
  if (anyTime.every((r) => violates(r, "P-Blackout") && violates(r, "P-OwnedPage")))
    p(
      "A host that takes pages from an *enabled* buffer (`unmap_events=any-time`) makes the series black out, and it then",
      "lets the SPU write into a page the guest no longer owns whether the notifier handler keeps the entry on",
      "MMU_NOTIFY_CLEAR or zaps it (sensitivity runs kvm-spe-eager-unmap-any-time and -zap); a handler that also drops the",
      "pin is not modelled.",
    );
  p("");

  // ---- policies ----
  p("## Policies and where they come from", "", "| policy | source | on E → 1 | on E → 0 |", "|---|---|---|---|");
  const behaviour: Record<Variant, [string, string]> = {
    none: ["nothing (stage 2 filled on demand)", "nothing"],
    eager: ["walk [PTR, LIMIT), pin it, map it at stage 2 (sequence-checked)", "unmap and unpin everything"],
    "lazy-va": ["reuse the pins if [PTR, LIMIT) ⊆ the pinned VAs; else pin the delta, unpin what is not covered", "keep the pins (Dormant)"],
    "lazy-rewalk": ["re-walk the window and every pin; reuse if nothing changed; else pin the delta, unpin the rest (sequence-checked)", "keep the pins (Dormant)"],
    "lazy-rewalk-noseq": ["as lazy-rewalk, without the sequence check", "keep the pins (Dormant)"],
  };
  for (const v of VARIANTS) p(`| \`${v}\` | ${cell(VARIANT_SOURCES[v])} | ${cell(behaviour[v][0])} | ${cell(behaviour[v][1])} |`);
  p(
    "",
    "The lazy policies release dormant pins on an MMU-notifier invalidation, under memory pressure (shrinker), on their",
    "dormant timeout, at teardown or an RLIMIT exit (§7). Per-task against per-cpu mode is the thread's own contrast",
    "(Clark: the driver disables the buffer on every switch \"unless you explicitly ask for per-CPU mode\").",
    "",
  );

  // ---- verdicts ----
  p(
    "## Verdicts per policy",
    "",
    `Bounds of every run: per-task mode, ${def.reopens} close-and-reopen of the AUX buffer, ${def.invalidations} MMU-notifier invalidation (a migration`,
    "attempt at any time, or a munmap / MADV_DONTNEED while the guest's PMBLIMITR_EL1.E is 0), every [PTR, LIMIT) window,",
    `unbounded context switches and buffer-full interrupts, the TRUNCATED and FATAL PMBIRQ outcomes, K = ${def.releaseK} steps for P-Release`,
    `with the dormant timeout at ${def.dormantTimeout} steps, RLIMIT = one AUX area. \`ok\` means no violation in the complete state space within`,
    "these bounds; a depth counts the initial state as 1 (TLC).",
    "",
    `| policy | ${KVM_SPE_PROPERTY_NAMES.join(" | ")} | expected | matches | distinct | generated | depth |`,
    `|---|${KVM_SPE_PROPERTY_NAMES.map(() => "---|").join("")}---|---|---|---|---|`,
  );
  for (const m of main) {
    p(
      `| \`${m.cfg.variant}\` | ${KVM_SPE_PROPERTY_NAMES.map((name) => propCell(m.result, name)).join(" | ")} | ${cell(expectedText(m.run))} | ${m.matches ? "yes" : "**NO**"} | ${n(m.result.distinct)} | ${n(m.result.generated)} | ${m.result.depth} |`,
    );
  }
  p("", "Search statistics: every run in this report is " + (all.every((m) => m.result.complete) ? "complete." : "**NOT complete**."), "");

  // ---- properties ----
  const props = buildKvmSpeModel(def).properties;
  p("## What each property answers", "");
  for (const pr of props) p(`- **${pr.name}** (${pr.kind}): ${pr.description ?? ""}`);
  p(
    "",
    "- P-Blackout is the series' own goal: no stage-2 fault while the SPU can write.",
    "- P-Fresh is §7's definition (\"the pinned set is a superset of the current S1 translation of the enabled range\"):",
    "  everything the SPU may write is held by KVM as soon as the buffer is enabled. It catches a missing pin (the",
    "  notifier race of §7 item 3, the `none` baseline), not a superfluous one.",
    "- P-NoStalePin is the other reading (\"no stale translation used\", checked on the pins): it catches the stale pins a",
    "  VA-only check keeps after a close and reopen (§7 item 1), not a missing pin.",
    "- P-OwnedPage is host safety: a present stage-2 entry does not fault, so an entry naming a page the host has",
    "  migrated, freed or replaced makes the SPU write there (use-after-free if nobody pins the page). It must hold against",
    "  any VMM, since user space is not trusted.",
    "- P-Release is §7's bounded response (memory held long after profiling stopped, §7 item 2), checked on a ghost age",
    "  (`models/kvm-spe/release-clock.ts`): the dormant timeout is a deadline, the shrinker may come earlier; a pin no",
    "  release path reaches, or a timeout longer than K, fails it. A leads-to check with fairness will replace the step",
    "  bound once the engine checks liveness.",
    "",
  );

  // ---- cost ----
  const eagerOne = clark("eager");
  const rewalkOne = clark("lazy-rewalk");
  p(
    "## Cost per context switch",
    "",
    "**Unit.** A context switch is the profiled task switching out and back in (Clark: \"100 context switches\"): per-task,",
    "one `event_sched_out` (PMBLIMITR_EL1 = 0, trapped) and one `event_sched_in` (PMBLIMITR_EL1 = LIMIT|E, trapped). Each",
    `workload drives the model's own actions through a first sched-in, ${CLARK_CONTEXT_SWITCHES} context switches and a last sched-out, with no host`,
    "event; the counts below are those of the context switches only, divided by their number, in whole buffers (pages of",
    "the model's 2-page area / 2): a pin, an unpin or a walk of a buffer of N pages is N page operations.",
    "",
    ...WORKLOADS.map((w) => `- \`${w.id}\`: ${w.description}.`),
    "",
    "### Counted operations per context switch",
    "",
    "| workload | mode | S = 1 unpins | policy | pin calls | unpin calls | buffers pinned | buffers unpinned | buffers walked | stage-2 faults |",
    "|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const c of costs) {
    const s = c.perSwitch;
    p(
      `| ${c.workload} | ${c.mode} | ${c.serviceUnpins ? "yes" : "no"} | \`${c.variant}\` | ${f2(s.pinCalls)} | ${f2(s.unpinCalls)} | ${f2(s.pinBuffers)} | ${f2(s.unpinBuffers)} | ${f2(s.walkBuffers)} | ${f2(s.faults)} |`,
    );
  }
  p(
    "",
    "\"S = 1 unpins\" is assumption A7. The series keeps the buffer mapped \"while ProfilingBufferEnabled() is true\", and",
    "ProfilingBufferEnabled() is PMBLIMITR_EL1.E = 1 ∧ PMBSR_EL1.S = 0; whether it therefore unpins when the SPU sets S",
    "(buffer full, fault) and pins again on the guest's trapped PMBSR_EL1 = 0 write is not in the thread. The model checks",
    "both: the verdicts are the same (kvm-spe-eager-service-unpins, kvm-spe-lazy-rewalk-service-unpins: while S = 1 the SPU",
    `does not write), the cost is not: per-task \`eager\` with a PMBIRQ per period pins ${f2(findCost(costs, "with-pmbirq", "per-task", "eager", true).perSwitch.pinBuffers)} buffers per context switch instead of`,
    `${f2(findCost(costs, "with-pmbirq", "per-task", "eager").perSwitch.pinBuffers)}. In per-cpu mode the \`none\` baseline's first stage-2 fault is FATAL for the guest driver, which then`,
    "records nothing until the session is re-enabled, so it shows no further faults.",
    "",
    "### Prices",
    "",
    "| parameter (per 4 KiB page) | default | low | high | source |",
    "|---|---|---|---|---|",
    `| pin (\`pin_user_pages\` with the walk that finds the page, and the stage-2 map) | ${f2(PRICES.default.pin)} µs | ${f2(PRICES.low.pin)} µs | ${f2(PRICES.high.pin)} µs | Clark: 0.2 s per pin/unpin of 256 MiB on a debug kernel; default \"${PIN_READINGS[0]!.id}\" (${PIN_READINGS[0]!.text}), high \"${PIN_READINGS[1]!.id}\" (${PIN_READINGS[1]!.text}), low the default × ${CLARK_NORMAL_SECONDS} s / ${CLARK_DEBUG_SECONDS} s for a normal build (the reference's arithmetic, UNCONFIRMED) |`,
    `| unpin (stage-2 unmap, \`unpin_user_pages\`) | ${f2(PRICES.default.unpin)} µs | ${f2(PRICES.low.unpin)} µs | ${f2(PRICES.high.unpin)} µs | as pin |`,
    `| walk not followed by a pin (lazy-rewalk's check) | ${f2(PRICES.default.walk)} µs | ${f2(PRICES.low.walk)} µs | ${f2(PRICES.high.walk)} µs | estimate, not measured: \`walk_s1\` (arch/arm64/kvm/at.c) reads one descriptor per level with \`kvm_read_guest\`, 4 levels for a 4 KiB granule; about 0.1 µs per read on a debug kernel; low: one leaf read per page (upper levels kept) on a normal build; high: half an \"each\" pin |`,
    "",
    "The low and high columns move every price together (normal build and cheap walks; \"each\" reading and expensive",
    "walks), so each cell's range below is the span of the whole pricing.",
    "",
    `### Cost against buffer size (\`clark-true\`, per-task, one profiled task)`,
    "",
    `ms per context switch, default [low–high]. ![cost per context switch against buffer size](${PLOT_FILE})`,
    "",
    `| buffer | ${VARIANTS.map((v) => `\`${v}\``).join(" | ")} |`,
    `|---|${VARIANTS.map(() => "---|").join("")}`,
  );
  for (const b of SIZES_BYTES) p(`| ${sizeName(b)} | ${VARIANTS.map((v) => priceCell(clark(v), b)).join(" | ")} |`);
  p(
    "",
    `\`lazy-va\` and \`none\` do no work per context switch; \`lazy-va\` is unsafe and \`none\` blacks out whenever the SPU writes`,
    "(Clark's `-- true` example records nothing, so there `none` costs nothing at all). Every cost is linear in the buffer size",
    "(Clark: \"The bigger you make it the worse the problem gets\"); the ratio between the policies is not:",
    `at the default prices lazy-rewalk costs ${f2(secondsPerSwitch(rewalkOne.perSwitch, CLARK_BUFFER_BYTES, PRICES.default) / secondsPerSwitch(eagerOne.perSwitch, CLARK_BUFFER_BYTES, PRICES.default))} of eager's, at the low`,
    `prices ${f2(secondsPerSwitch(rewalkOne.perSwitch, CLARK_BUFFER_BYTES, PRICES.low) / secondsPerSwitch(eagerOne.perSwitch, CLARK_BUFFER_BYTES, PRICES.low))}, at the high prices ${f2(secondsPerSwitch(rewalkOne.perSwitch, CLARK_BUFFER_BYTES, PRICES.high) / secondsPerSwitch(eagerOne.perSwitch, CLARK_BUFFER_BYTES, PRICES.high))}.`,
    "",
    "Two profiled tasks with their own buffers, alternating (`two-tasks`, §7 item 4):",
    "",
    `| buffer | ${VARIANTS.map((v) => `\`${v}\``).join(" | ")} |`,
    `|---|${VARIANTS.map(() => "---|").join("")}`,
  );
  for (const b of SIZES_BYTES) p(`| ${sizeName(b)} | ${VARIANTS.map((v) => priceCell(clark(v, "two-tasks"), b)).join(" | ")} |`);
  p(
    "",
    "§7's heuristic unpins \"what is no longer covered\", so each switch to the other task's buffer unpins this one and pins",
    "that one: the lazy policies pay eager's pins and unpins plus their walks. \"≈ 0 pins per context switch\" holds for one",
    "profiled task only; keeping several dormant sets (§7's LRU) is not modelled (scope S1).",
    "",
  );

  // ---- Clark ----
  const readingSeconds = (c: CostResult, readingIdx: number): number =>
    CLARK_CONTEXT_SWITCHES * secondsPerSwitch(c.perSwitch, CLARK_BUFFER_BYTES, { ...PIN_READINGS[readingIdx]!, walk: PRICES.default.walk });
  p(
    "### James Clark's figures",
    "",
    `Clark: \`perf record -e arm_spe/min_latency=1000,event_filter=10/ -m,256M -- true\` took ${CLARK_DEBUG_SECONDS} s on a debug kernel`,
    `(${CLARK_NORMAL_SECONDS} s on a normal build); \"each pin/unpin taking about 0.2s and the basic 'true' example resulting in 100 context`,
    "switches which adds up to the 20s\".",
    "",
    `- The model counts, for \`eager\`, ${f2(eagerOne.perSwitch.pinCalls)} pin and ${f2(eagerOne.perSwitch.unpinCalls)} unpin of the whole buffer per context switch, as §7 says.`,
    ...PIN_READINGS.map(
      (r, i) => `- Reading "${r.id}" (${r.text}): ${CLARK_CONTEXT_SWITCHES} context switches cost ${readingSeconds(eagerOne, i).toFixed(1)} s for \`eager\`.`,
    ),
    `- The "${PIN_READINGS[0]!.id}" figure equals Clark's total by construction: it is his ${CLARK_CONTEXT_SWITCHES} times his 0.2 s, and confirms only the count of one pin`,
    `  and one unpin per context switch. The "${PIN_READINGS[1]!.id}" figure is twice his total: either his 0.2 s covers a pin and an unpin, or his`,
    "  100 context switches count the switches out and in separately. The thread does not say which; neither is a check of",
    "  the model.",
    `- The normal build gives no independent check either: pricing it as ${CLARK_NORMAL_SECONDS} s / ${CLARK_DEBUG_SECONDS} s of the debug pin cost assumes the whole run`,
    "  scales like pinning (UNCONFIRMED). The `-- perf stat true` example (3 min / 50 s) does not give its number of context",
    "  switches, so the model cannot price it.",
    `- \`lazy-rewalk\` in the same example: ${f2(rewalkOne.perSwitch.pinCalls)} pins and ${f2(rewalkOne.perSwitch.walkBuffers)} walk of the whole buffer per context switch, ${(CLARK_CONTEXT_SWITCHES * secondsPerSwitch(rewalkOne.perSwitch, CLARK_BUFFER_BYTES, PRICES.default)).toFixed(2)} s for ${CLARK_CONTEXT_SWITCHES} switches at`,
    `  the default walk price (${(CLARK_CONTEXT_SWITCHES * secondsPerSwitch(rewalkOne.perSwitch, CLARK_BUFFER_BYTES, PRICES.low)).toFixed(2)}–${(CLARK_CONTEXT_SWITCHES * secondsPerSwitch(rewalkOne.perSwitch, CLARK_BUFFER_BYTES, PRICES.high)).toFixed(2)} s over the range), plus one pin of the buffer at the first enable.`,
    "",
  );

  // ---- sensitivity ----
  p(
    "## Sensitivity runs",
    "",
    `| run | parameters | ${KVM_SPE_PROPERTY_NAMES.join(" | ")} | expected | matches | distinct | generated | depth |`,
    `|---|---|${KVM_SPE_PROPERTY_NAMES.map(() => "---|").join("")}---|---|---|---|---|`,
  );
  for (const m of sens) {
    p(
      `| ${m.run.id} | \`${paramText(m.run)}\` | ${KVM_SPE_PROPERTY_NAMES.map((name) => propCell(m.result, name)).join(" | ")} | ${cell(expectedText(m.run))} | ${m.matches ? "yes" : "**NO**"} | ${n(m.result.distinct)} | ${n(m.result.generated)} | ${m.result.depth} |`,
    );
  }
  p("");

  // ---- traces ----
  p("## Shortest counterexamples", "", "Mermaid diagrams for the policy runs; step tables for every run.", "");
  const printed: { id: string; prop: string; actions: string[] }[] = [];
  for (const m of all) {
    for (const pr of m.result.properties) {
      const v = pr.violation;
      if (!v) continue;
      const actions = v.trace.map((s) => s.action);
      p(`### ${m.run.id}: ${v.property} violated at depth ${v.depth} (${v.steps} steps)`, "");
      p(`Why the last state violates it: ${propertyDetail(m.cfg, v.property, replayTrace(m.cfg, v).at(-1)!) ?? "(holds)"}.`, "");
      const prefixOf = printed.find((q) => q.actions.length >= actions.length && actions.every((a, i) => q.actions[i] === a));
      if (prefixOf) {
        p(`The trace is steps 1–${v.steps} of the ${prefixOf.prop} trace of ${prefixOf.id} above.`, "");
        continue;
      }
      p(traceTable(v), "");
      if (main.includes(m)) p(mermaidSequence(v, LANES), "");
      printed.push({ id: m.run.id, prop: v.property, actions });
    }
  }

  // ---- scope ----
  p("## Scope: what is not modelled", "");
  for (const s of SCOPE_LIMITS) p(`- **${s.id}. ${s.topic}.** ${s.limit} *Risk:* ${s.risk}`);
  p("");

  // ---- assumptions ----
  p("## Assumptions", "", "### UNCONFIRMED in the reference or in no source", "");
  for (const a of ASSUMPTIONS.filter((x) => x.unconfirmed)) p(`- **${a.id}.** ${a.text} *Modelled:* ${a.modelled} *Effect:* ${a.effect}`);
  p("", "### Modelling choices", "");
  for (const a of ASSUMPTIONS.filter((x) => !x.unconfirmed)) p(`- **${a.id}.** ${a.text} *Modelled:* ${a.modelled} *Effect:* ${a.effect}`);
  p("");

  // ---- agreement ----
  const mismatches = all.filter((m) => !m.matches);
  const recordedAfter = all.filter((m) => (m.run.expected.source ?? "").startsWith("RECORDED AFTER"));
  p("## Model versus the expectations", "");
  p(
    mismatches.length === 0
      ? "Every run gives the verdicts expected (the expectations are data in `models/kvm-spe/runs.ts`, each with its source)."
      : `**${mismatches.length} run(s) disagree with their expectation:** ${mismatches.map((m) => m.run.id).join(", ")}.`,
    "",
  );
  if (recordedAfter.length > 0) {
    p("Expectations recorded after the model found them (the expectation derived before running was different):", "");
    for (const m of recordedAfter) p(`- ${m.run.id}: ${m.run.expected.source}`);
    p("");
  }

  return { "kvm-spe-pinning.md": L.join("\n"), [PLOT_FILE]: costPlotSvg("KVM SPE: cost per context switch (out and back in), per-task", plotSeries(costs)) };
}

export const kvmSpePinningReport: ReportGenerator = {
  file: "kvm-spe-pinning.md",
  generate: generateKvmSpeReport,
};
