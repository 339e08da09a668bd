/**
 * The CLI's exit codes: a contract with scripts, shown by --help and by the README's table (a
 * test compares the two). A run's exit code is its verdict, whichever stored run it resembles.
 */
export const EXIT_CODES: readonly (readonly [number, string])[] = [
  [0, "no violation: a complete search that reached every goal (a run, a sweep); every verdict as expected (the standard set, --expect)"],
  [1, "a violation (a run, a sweep); a verdict not as expected (the standard set, --expect)"],
  [2, "bad input, found before any search: one line on stderr says why"],
  [3, "incomplete: --max-states, --max-depth, --timeout or the heap limit cut the search before it could decide, or a complete search left liveness properties unchecked (--no-liveness, --por, --symmetry) and found no violation"],
  [4, "vacuous: a complete search without violation never reached what the run exists to test (the verdict line names what never happened)"],
  [70, "model or internal error: a model broke the Model contract (e.g. its next changed its input state), or a bug: no result"],
  [130, "interrupted (SIGINT, Ctrl-C): partial statistics printed, as incomplete"],
  [141, "stdout closed before the output was written (e.g. piped into head): the search was stopped"],
  [143, "terminated (SIGTERM): partial statistics printed, as incomplete"],
];
export const EXIT = { ok: 0, violation: 1, input: 2, incomplete: 3, vacuous: 4, error: 70, stdoutClosed: 141 } as const;
export const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };
