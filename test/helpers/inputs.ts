/**
 * The bad and edge inputs tried on the CLI, each with the exit code it must give and the first
 * line a user sees (test/cli-contract.test.ts runs them). Exit 2: the line is on stderr and is the
 * only output.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where the inputs point at files and directories (test.after removes it). */
export const TMP = mkdtempSync(join(tmpdir(), "auxcheck-contract-"));
const A_FILE = join(TMP, "a-file");
writeFileSync(A_FILE, "");
export const NO_AUX_TASK = "-e cs_etm//k -e cycles/period=3000/";

/** [arguments, exit code, first line]. */
export const INPUTS: readonly (readonly [readonly string[], number, RegExp])[] = [
  // --sweep: what does not go with it
  [["check", "--sweep", "--matrix", "full"], 2, /--sweep does not go with --matrix/],
  [["check", "--sweep", "--patch", "fix-c", "--baseline", "none"], 2, /--sweep does not go with --baseline/],
  [["check", "--sweep", "--model", "twophase"], 2, /--sweep: model twophase declares no budget dimensions/],
  [["check", "--sweep", "--scenario", "seed-coresight-warn"], 2, /--sweep: scenario seed-coresight-warn is hand-made/],
  [["check", "--sweep", "--pmu", "cs_etm", "--max-depth", "5"], 2, /--sweep does not go with --max-depth/],
  [["check", "--sweep", "--pmu", "cs_etm", "--param", "ncpus=2", "--param", "sw_events=1"], 2, /ncpus=2: budget\(s\) sw_events are not modelled across CPUs/],
  // unknown or malformed values
  [["check", "--model", "nosuch"], 2, /unknown model 'nosuch'; valid: twophase, diehard, counters, lock, peterson, dining, kernel, kvm-spe/],
  [["check", "--model", "twophase", "--param", "rm=x"], 2, /parameter rm of twophase must be an integer, got 'x'/],
  [["check", "--model", "twophase", "--param", "bogus=1"], 2, /unknown parameter 'bogus' for model twophase; valid: rm/],
  [["check", "--model", "twophase", "--param", "rm=9"], 2, /rm of twophase must be in 1\.\.7, got 9/],
  [["check", "--model", "twophase", "--param", "rm=0"], 2, /must be in 1\.\.7, got 0/],
  [["check", "--model", "twophase", "--param", "rm=-1"], 2, /must be in 1\.\.7, got -1/],
  [["check", "--model", "twophase", "--param", "rm="], 2, /must be an integer, got ''/],
  [["check", "--model", "twophase", "--param", "rm"], 2, /--param expects KEY=VALUE, got 'rm'/],
  [["check", "--model", "twophase", "--param", "=3"], 2, /--param expects KEY=VALUE, got '=3'/],
  [["check", "--scenario", "nope"], 2, /unknown scenario 'nope'; valid: seed-coresight-warn/],
  [["check", "--scenario", "seed-coresight-warn", "--patch", "nope"], 2, /unknown patch 'nope' for model kernel; valid: none/],
  [["check", "--scenario", "seed-coresight-warn", "--pmu", "nope"], 2, /unknown pmu 'nope' for model kernel; valid: cs_etm, arm_spe, intel_pt/],
  [["check", "--scenario", "seed-coresight-warn", "--param", "etm_variant=C"], 2, /unknown etm_variant 'C'.*valid: A, B/],
  [["check", "--scenario", "seed-coresight-warn", "--param", "ncpus=3"], 2, /ncpus of kernel must be in 0\.\.2/],
  [["check", "--scenario", "seed-coresight-warn", "--param", "ticks=10"], 2, /ticks of kernel must be in -1\.\.9/],
  [["check", "--scenario", "seed-coresight-warn", "--param", "aux_in_sampling_guard=maybe"], 2, /must be true or false, got 'maybe'/],
  [["check", "--scenario", "seed-coresight-warn", "--param", "events="], 2, /parameter events of kernel must not be empty/],
  [["frobnicate"], 2, /unknown command 'frobnicate'; valid: check, list, report/],
  [["check", "extra"], 2, /unexpected argument 'extra'/],
  // negative and huge numbers
  [["check", "--max-states", "-3"], 2, /--max-states must be a positive integer, got '-3'/],
  [["check", "--max-states", "0"], 2, /--max-states must be a positive integer, got '0'/],
  [["check", "--max-states", "1.5"], 2, /--max-states must be a positive integer, got '1\.5'/],
  [["check", "--max-states", "1e6"], 2, /--max-states must be a positive integer, got '1e6'/],
  [["check", "--max-states", "99999999999999999999"], 2, /--max-states must be at most 9007199254740991/],
  [["check", "--max-depth", "-1"], 2, /--max-depth must be a positive integer, got '-1'/],
  [["check", "--timeout", "-5"], 2, /--timeout must be a positive number of seconds, got '-5'/],
  [["check", "--timeout", "0"], 2, /--timeout must be a positive number of seconds/],
  [["check", "--timeout", "abc"], 2, /--timeout must be a positive number of seconds, got 'abc'/],
  [["check", "--timeout", "1e400"], 2, /--timeout must be a positive number of seconds, got '1e400'/],
  [["check", "--workers", "0"], 2, /--workers must be a positive integer, got '0'/],
  [["check", "--workers", "-2"], 2, /--workers must be a positive integer or auto, got '-2'/],
  [["check", "--workers", "many"], 2, /--workers must be a positive integer or auto, got 'many'/],
  [["check", "--model", "diehard", "--workers", "999"], 1, /auxcheck: --workers 999 capped at \d+ \(2 per core, \d+ cores\)/],
  [["check", "--model", "diehard", "--max-states", "9007199254740991"], 1, /^== diehard$/],
  [["check", "--model", "diehard", "--timeout", "1e300"], 1, /^== diehard$/],
  [["check", "--model", "diehard", "--max-depth", "1000000"], 1, /^== diehard$/],
  // malformed or refused event strings
  [["check", "--events", ""], 2, /--events needs a non-empty value/],
  [["check", "--events", " "], 2, /--events needs a non-empty value/],
  [["check", "--events", "-e"], 2, /malformed event string: '-e' needs an event/],
  [["check", "--events", "-e foo//"], 2, /unknown PMU 'foo'/],
  [["check", "--events", "-e cs_etm/aux-action=start-paused"], 2, /missing closing '\/'/],
  [["check", "--events", "-e cs_etm//q"], 2, /unknown modifier 'q'/],
  [["check", "--events", "-e cycles/period=0/"], 2, /period must be a positive integer/],
  [["check", "--events", "-e '{cs_etm//,cycles/period=1/'"], 2, /missing '}'/],
  [["check", "--events", "-x"], 2, /malformed event string: unexpected '-x'/],
  [["check", "--events", "-a -e cs_etm//k -e cs_etm//k -e cycles/period=3000/"], 2, /perf_event_open\(\) of the second fails with -EBUSY \(cs_etm is an exclusive PMU/],
  [["check", "--events", "-a -e cs_etm//k -e arm_spe//k -e cycles/period=3000/"], 2, /the model runs one AUX PMU at a time/],
  // conflicting or repeated options, options that do not apply, selections of nothing
  [["check", "--events", "-e arm_spe//k -e cycles/period=3000/", "--pmu", "cs_etm"], 2, /events names the AUX PMU arm_spe but pmu is cs_etm/],
  [["check", "--patch", "leo-yan-v1", "--patch", "fix-a"], 2, /--patch given twice \('leo-yan-v1' and 'fix-a'\); give it once/],
  [["check", "--model", "twophase", "--param", "rm=3", "--param", "rm=5"], 2, /--param rm given twice \('3' and '5'\)/],
  [["check", "--events", NO_AUX_TASK, "--events", NO_AUX_TASK], 2, /--events given twice/],
  [["check", "--scenario", "seed-coresight-warn", "--param", "scenario=switch-before-tick"], 2, /scenario given twice \(--scenario seed-coresight-warn and --param scenario=switch-before-tick\)/],
  [["check", "--model", "diehard", "--patch", "leo-yan-v1"], 2, /--patch does not apply to model diehard \(its parameters: none\)/],
  [["check", "--model", "kvm-spe", "--patch", "leo-yan-v1"], 2, /--patch does not apply to model kvm-spe \(its parameters: variant, /],
  [["check", "--model", "diehard", "--pmu", "cs_etm"], 2, /--pmu does not apply to model diehard/],
  [["check", "--model", "twophase", "--pmu", "arm_spe", "--json"], 2, /--pmu does not apply to model twophase \(its parameters: rm\)/],
  [["check", "--model", "diehard", "--scenario", "seed-coresight-warn"], 2, /--scenario does not apply to model diehard/],
  [["check", "--param", "rm=3"], 2, /--param needs --model, --model-file or --scenario/],
  [["check", "--expect", "ok"], 2, /--expect applies to a single run/],
  [["check", "--patch", "leo-yan-v1", "--expect", "ok"], 2, /--expect applies to a single run/],
  [["check", "--model", "diehard", "--expect", "maybe"], 2, /--expect: unknown verdict 'maybe'; valid: ok, violation, incomplete, vacuous/],
  [["check", "--model", "diehard", "--expect", "ok:NotSolved"], 2, /properties go with 'violation' only/],
  [["check", "--model", "diehard", "--expect", "violation:Nope"], 2, /--expect: unknown property 'Nope' of DieHard; valid: TypeOK, NotSolved/],
  [["list", "--json"], 2, /--json does not apply to 'list' \(only to: check\)/],
  [["report", "--model", "diehard"], 2, /--model does not apply to 'report'/],
  [["check", "--out", TMP], 2, /--out does not apply to 'check' \(only to: report\)/],
  [["check", "--nosuchflag"], 2, /unknown option '--nosuchflag'; valid: --model, --model-file, --scenario, .*--help/],
  [["check", "-x"], 2, /unknown option '-x'; valid: --model/],
  [["check", "--json=yes"], 2, /--json takes no value, got '--json=yes'/],
  [["check", "--model"], 2, /--model needs a value: --model NAME/],
  [["check", "--model", "--json"], 2, /--model needs a value: --model NAME/],
  [["--model", "diehard"], 2, /no command; valid: check, list, report, new-patch, check-patch \(e\.g\. auxcheck check --model diehard\)/],
  [[], 0, /^auxcheck: exhaustive interleaving model checker/],
  [["help"], 0, /^auxcheck: exhaustive interleaving model checker/],
  [["check", "-h"], 0, /^auxcheck: exhaustive interleaving model checker/],
  // files that cannot be written, properties that do not exist: refused before the search
  [["check", "--model", "diehard", "--itf", "/nonexistent-dir/t.itf.json"], 2, /--itf \/nonexistent-dir\/t\.itf\.json: no directory \/nonexistent-dir/],
  [["check", "--model", "diehard", "--itf", TMP], 2, /--itf .*: is a directory; give a file name/],
  [["check", "--model", "diehard", "--itf", join(A_FILE, "t.json")], 2, /--itf .*: no directory .*a-file/],
  [["check", "--model", "diehard", "--itf", join(TMP, "t.json"), "--itf-property", "NoSuchProp"], 2, /--itf-property: no property 'NoSuchProp'; valid: TypeOK, NotSolved/],
  [["check", "--model", "diehard", "--itf-property", "NotSolved"], 2, /--itf-property needs --itf FILE/],
  [["check", "--itf", join(TMP, "t.json")], 2, /--itf writes one run's counterexample/],
  [["report", "--out", A_FILE], 2, /reports directory .*a-file: .*a-file is not a directory/],
  [["report", "--out", join(A_FILE, "sub")], 2, /reports directory .*: .*a-file is not a directory/],
  // results: the exit code is the verdict
  [["check", "--model", "diehard"], 1, /^== diehard$/],
  [["check", "--model", "twophase"], 0, /^== twophase$/],
  [["check", "--model", "diehard", "--max-depth", "3"], 3, /^== diehard$/],
  [["check", "--model", "twophase", "--param", "rm=4", "--max-states", "100"], 3, /^== twophase$/],
  [["check", "--events", NO_AUX_TASK], 4, /^== kernel \(scenario seed-coresight-warn, patch none, pmu cs_etm\)$/],
  [["check", "--scenario", "seed-coresight-warn", "--patch", "leo-yan-v1", "--pmu", "cs_etm"], 1, /^== kernel/],
  [["check", "--scenario", "seed-coresight-warn", "--patch", "leo-yan-v1", "--pmu", "cs_etm", "--param", "ticks=2"], 1, /^== kernel/],
  [["check", "--model", "diehard", "--expect", "violation:NotSolved"], 0, /^== diehard$/],
  [["check", "--model", "diehard", "--expect", "ok"], 1, /^== diehard$/],
  [["check", "--model", "diehard", "--max-depth", "3", "--expect", "violation"], 3, /^== diehard$/],
  [["check", "--model", "diehard", "--check-model"], 1, /^== diehard$/],
  [["check", "--model", "diehard", "--workers", "2"], 1, /^== diehard$/],
  [["check", "--model", "diehard", "--workers", "auto"], 1, /^== diehard$/],
  [["list"], 0, /^twophase: two-phase commit/],
];
