/** Writes (and checks the freshness of) the generated Markdown reports under `reports/`. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { checkWritableDir, checkWritableFile } from "./output-files.ts";
import type { ReportGenerator } from "./report-api.ts";

export const REPORTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "reports");

/** Every file a generator produces: path under reports/ → text. */
async function filesOf(g: ReportGenerator): Promise<Readonly<Record<string, string>>> {
  const out = await g.generate();
  return typeof out === "string" ? { [g.file]: out } : out;
}

/** Throws InputError when a report file (every one that exists, every generator's main file) cannot be written: checked before the searches. */
function checkReportTargets(generators: readonly ReportGenerator[], dir = REPORTS_DIR): void {
  checkWritableDir(dir, "reports directory");
  const files = new Set(generators.map((g) => g.file));
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith(".md")) files.add(relative(dir, join(d, e.name)));
    }
  };
  if (existsSync(dir)) walk(dir);
  for (const f of files) checkWritableFile(join(dir, f), "report", true);
}

export async function writeReports(generators: readonly ReportGenerator[], dir = REPORTS_DIR): Promise<string[]> {
  checkReportTargets(generators, dir);
  const written: string[] = [];
  for (const g of generators) {
    for (const [file, text] of Object.entries(await filesOf(g))) {
      const path = join(dir, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      written.push(path);
    }
  }
  return written;
}

/** The report files whose committed text differs from what the generators produce now. */
export async function staleReports(generators: readonly ReportGenerator[], dir = REPORTS_DIR): Promise<string[]> {
  const stale: string[] = [];
  for (const g of generators) {
    for (const [file, text] of Object.entries(await filesOf(g))) {
      let committed: string | null;
      try {
        committed = readFileSync(join(dir, file), "utf8");
      } catch {
        committed = null;
      }
      if (committed !== text) stale.push(file);
    }
  }
  return stale;
}

/** Markdown files under reports/ that no generator produces any more (left behind by a renamed row or report). */
export async function orphanReports(generators: readonly ReportGenerator[], dir = REPORTS_DIR): Promise<string[]> {
  const generated = new Set<string>();
  for (const g of generators) for (const file of Object.keys(await filesOf(g))) generated.add(file);
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith(".md")) found.push(relative(dir, path).split("\\").join("/"));
    }
  };
  walk(dir);
  return found.filter((f) => !generated.has(f)).sort();
}
