/** Writes (and checks the freshness of) the generated Markdown reports under `reports/`. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ReportGenerator } from "./report-api.ts";

export const REPORTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "reports");

export function writeReports(generators: readonly ReportGenerator[], dir = REPORTS_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  return generators.map((g) => {
    const path = join(dir, g.file);
    writeFileSync(path, g.generate());
    return path;
  });
}

/** The reports whose committed text differs from what the generator produces now. */
export function staleReports(generators: readonly ReportGenerator[], dir = REPORTS_DIR): string[] {
  return generators
    .filter((g) => {
      let committed: string;
      try {
        committed = readFileSync(join(dir, g.file), "utf8");
      } catch {
        return true;
      }
      return committed !== g.generate();
    })
    .map((g) => g.file);
}
