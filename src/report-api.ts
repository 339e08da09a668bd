/**
 * A report generator writes Markdown under `reports/` (deterministically: a test regenerates and
 * compares). Most write one file; a large report may add companion files (e.g. one per matrix row)
 * so that each stays readable.
 */
export interface ReportGenerator {
  /** File name under `reports/`, e.g. `kvm-spe-pinning.md`. */
  readonly file: string;
  /**
   * Produces the whole Markdown text of `file`, or a map from paths under `reports/` to their
   * text that includes `file`. Must be deterministic: no timestamps, no timings.
   */
  generate(): string | Readonly<Record<string, string>> | Promise<string | Readonly<Record<string, string>>>;
}
