/** A report generator writes one Markdown file under `reports/` (deterministically: a test regenerates and compares). */
export interface ReportGenerator {
  /** File name under `reports/`, e.g. `kvm-spe-pinning.md`. */
  readonly file: string;
  /** Produces the whole Markdown text. Must be deterministic: no timestamps, no timings. */
  generate(): string | Promise<string>;
}
