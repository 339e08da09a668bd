/**
 * perf event syntax and bad input: the parser, the perf_event_open() rules the config enforces,
 * and the CLI's answer to an unknown scenario / patch / PMU or a malformed event string (one line
 * naming the valid choices, exit code 2). Also the --json callChain of the seed WARN.
 */
import test from "ava";
import { InputError } from "../src/registry.ts";
import { parsePerfEvents } from "../models/kernel/environment/perf-event-syntax.ts";
import { buildKernelConfig, buildKernelModel } from "../models/kernel/model.ts";
import { SEED_EVENTS } from "../models/kernel/scenarios/scenarios.ts";
import { cli } from "./helpers/cli.ts";

test("the seed's event string: L = cs_etm start-paused leads P (pause) and R (resume)", (t) => {
  const p = parsePerfEvents(`-a ${SEED_EVENTS}`);
  t.true(p.systemWide);
  t.deepEqual(
    p.events.map((e) => [e.pmu, e.auxAction, e.period, e.modifiers]),
    [
      ["cs_etm", "start-paused", null, "k"],
      ["cycles", "pause", 3000, ""],
      ["cycles", "resume", 1500, ""],
    ],
  );
  const cfg = buildKernelConfig({ scenario: "seed-coresight-warn" });
  t.deepEqual(cfg.leaders, ["L"]);
  t.deepEqual(cfg.byId.L!.siblings, ["P", "R"]);
  t.is(cfg.byId.P!.auxEvent, "L");
  t.true(cfg.byId.L!.attr.aux_start_paused);
  t.true(cfg.byId.P!.attr.aux_pause);
  t.true(cfg.byId.R!.attr.aux_resume);
  t.is(cfg.mode, "per-cpu");
  t.is(buildKernelConfig({ scenario: "switch-before-tick" }).mode, "per-task");
});

test("group syntax, --event=, -eEV, comma lists, quotes; events without aux-action stand alone", (t) => {
  const p = parsePerfEvents(`-e '{cs_etm//,cycles/aux-action=pause,period=10/}:k' --event=instructions/period=7/ -ecycles/period=5/,instructions/period=9/`);
  t.deepEqual(
    p.events.map((e) => [e.pmu, e.group]),
    [
      ["cs_etm", 0],
      ["cycles", 0],
      ["instructions", null],
      ["cycles", null],
      ["instructions", null],
    ],
  );
  const cfg = buildKernelConfig({ scenario: "seed-coresight-warn", events: "-a -e cycles/period=5/ -e cs_etm//k -e cycles/aux-action=resume,period=9/" });
  t.deepEqual(cfg.leaders, ["C", "L"], "the standalone counter keeps its own group; the AUX group is placed where its first member appears");
  t.deepEqual(cfg.byId.L!.siblings, ["R"]);
  // --events without -a: per task
  t.is(buildKernelConfig({ scenario: "seed-coresight-warn", events: SEED_EVENTS }).mode, "per-task");
});

const BAD_EVENTS: [string, RegExp][] = [
  ["", /no -e EVENT/],
  ["-e", /needs an event/],
  ["-x cs_etm//", /unexpected '-x'; valid: -a, -e EVENT/],
  ["-e cs_etm/aux-action=bogus/", /aux-action must be one of start-paused, pause, resume/],
  ["-e cs_etm/sinkid=3/", /unknown term 'sinkid'; valid terms: aux-action, period, freq/],
  ["-e cs_etm/aux-action=start-paused", /missing closing '\/'/],
  ["-e cs_etm//q", /unknown modifier 'q'; valid modifiers/],
  ["-e cycles/period=0/", /period must be a positive integer/],
  ["-e '{cs_etm//,cycles/period=1/'", /missing '}'/],
  ["-e 'cs_etm//", /unterminated quote/],
  ["-e foo//", /unknown PMU 'foo'.*valid: cs_etm, arm_spe, intel_pt, cycles, instructions/],
  ["-e cs_etm// -e cycles/aux-action=pause/", /frequency-mode counters.*give period=N/],
  ["-e cs_etm// -e cycles/aux-action=pause,aux-action=resume,period=3/", /aux-action given twice/],
  ["-e cycles/aux-action=pause,period=3/", /needs an AUX group leader with PERF_PMU_CAP_AUX_PAUSE/],
  ["-e cycles/aux-action=start-paused,period=3/", /applies to the AUX event only/],
  ["-e cs_etm/aux-action=pause/", /not on the AUX event/],
  ["-e cs_etm/freq/", /never in frequency mode/],
  ["-e '{cycles/period=3/,cs_etm//}'", /must be the group leader/],
  ["-e '{cs_etm//,cs_etm//}'", /more than one AUX event/],
];

for (const [events, re] of BAD_EVENTS) {
  test(`malformed or refused event string '${events}' → InputError, one line`, (t) => {
    const err = t.throws(() => buildKernelModel({ scenario: "seed-coresight-warn", events: events === "" ? " " : events }), { instanceOf: InputError });
    t.regex(err!.message, re);
    t.false(err!.message.includes("\n"));
  });
}

test("unknown scenario, patch, pmu, variant from build(): InputError naming the valid choices", (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ scenario: "nope" }, /unknown scenario 'nope'; valid: seed-coresight-warn, switch-before-tick, addr-filter-restart, ioc-period-throttled, munmap-orphan/],
    [{ patch: "nope" }, /unknown patch 'nope'; valid: none, revert-9734e25fbf5a/],
    [{ pmu: "arm_spe_0" }, /unknown pmu 'arm_spe_0'; valid: cs_etm/],
    [{ etm_variant: "C" }, /valid: A, B/],
  ];
  for (const [p, re] of cases) {
    const err = t.throws(() => buildKernelModel(p), { instanceOf: InputError });
    t.regex(err!.message, re);
  }
});

test("CLI: unknown scenario / patch / pmu and a malformed event string print one line naming the valid choices and exit 2", (t) => {
  const cases: [string[], RegExp][] = [
    [["check", "--scenario", "nope"], /unknown scenario 'nope'; valid: .*seed-coresight-warn/],
    [["check", "--scenario", "seed-coresight-warn", "--patch", "nope"], /unknown patch 'nope'.*valid: none, revert-9734e25fbf5a/],
    [["check", "--scenario", "seed-coresight-warn", "--pmu", "nope"], /unknown pmu 'nope'.*valid: cs_etm/],
    [["check", "--scenario", "seed-coresight-warn", "--events=-e cs_etm/aux-action=bogus/"], /aux-action must be one of start-paused, pause, resume/],
    [["check", "--scenario", "seed-coresight-warn", "--events=-a -e foo//"], /unknown PMU 'foo'.*valid: cs_etm, arm_spe, intel_pt, cycles, instructions/],
  ];
  for (const [args, re] of cases) {
    const r = cli(args);
    t.is(r.code, 2, args.join(" "));
    t.regex(r.stderr, re);
    t.is(r.stderr.trim().split("\n").length, 1, `one line for ${args.join(" ")}`);
  }
});

test("CLI --json: the seed violation's callChain is the kernel's call trace", (t) => {
  const r = cli(["check", "--scenario", "seed-coresight-warn", "--json"]);
  t.is(r.code, 1, r.stderr); // the seed WARN: a violation
  const doc = JSON.parse(r.stdout) as { runs: { verdict: string; violations: { property: string; callChain: string[] }[] }[] };
  const v = doc.runs[0]!.violations.find((x) => x.property === "R1")!;
  t.deepEqual(v.callChain, [
    "perf_aux_output_begin",
    "etm_event_start",
    "perf_event_unthrottle",
    "perf_event_unthrottle_group",
    "perf_adjust_freq_unthr_events",
    "perf_adjust_freq_unthr_context",
    "perf_event_task_tick",
  ]);
});

test("a budget for hardware the PMU does not have is refused: AUX buffer interrupts need SPE or Intel PT, fills need the ETM", (t) => {
  // the full matrix once recorded aux-irq-throttled on cs_etm as "ok" while no AUX interrupt could ever happen
  t.throws(() => buildKernelConfig({ scenario: "aux-irq-throttled", pmu: "cs_etm" }), { instanceOf: InputError, message: /auxirqs: .*ETM over ETR has none/ });
  t.notThrows(() => buildKernelConfig({ scenario: "aux-irq-throttled", pmu: "arm_spe" }));
  t.notThrows(() => buildKernelConfig({ scenario: "aux-irq-throttled", pmu: "intel_pt", pmu_irq_handler: "x86" }));
  t.throws(() => buildKernelConfig({ scenario: "aux-irq-throttled", pmu: "arm_spe", fills: 1 }), { instanceOf: InputError, message: /fills: / });
});
