/** Writes (and checks the freshness of) the generated Markdown reports under `reports/`. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ReportGenerator } from "./report-api.ts";

export const REPORTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "reports");

export async function writeReports(generators: readonly ReportGenerator[], dir = REPORTS_DIR): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const g of generators) {
    const path = join(dir, g.file);
    writeFileSync(path, await g.generate());
    written.push(path);
  }
  return written;
}

/** The reports whose committed text differs from what the generator produces now. */
export async function staleReports(generators: readonly ReportGenerator[], dir = REPORTS_DIR): Promise<string[]> {
  const stale: string[] = [];
  for (const g of generators) {
    let committed: string | null;
    try {
      committed = readFileSync(join(dir, g.file), "utf8");
    } catch {
      committed = null;
    }
    if (committed !== (await g.generate())) stale.push(g.file);
  }
  return stale;
}
