/** Writes reports/kvm-spe-pinning.md (`node --import=tsx models/kvm-spe/write-report.ts`); `npm run report` does the same for every report. */
import { writeReports } from "../../src/reports.ts";
import { kvmSpeReports } from "./index.ts";

for (const path of await writeReports(kvmSpeReports)) console.log(`wrote ${path}`);
