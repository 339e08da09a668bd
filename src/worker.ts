/**
 * A helper thread of the parallel search: builds its own copy of the model, says it is ready,
 * then runs the main thread's commands (src/parallel-protocol.ts) as one more searcher
 * (src/level-search.ts) until told to stop. It never returns to its event loop while the
 * search runs: commands arrive by `receiveMessageOnPort` after a wake-up in shared memory.
 */
import { receiveMessageOnPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { ModelError, type Action, type Model } from "./model.ts";
import { LevelSearch, stealProf } from "./level-search.ts";
import { ARRIVED, GEN, READY, waitChange, type FromHelper, type HelperData, type ToHelper } from "./parallel-protocol.ts";
import { fingerprinter } from "./reduction/symmetry.ts";
import { checkedModel } from "./checked-model.ts";
import { entriesOfModule } from "./model-file.ts";
import { SharedParentLinks } from "./shared-links.ts";
import { SharedVisited } from "./shared-visited.ts";

const data = workerData as HelperData;
const ctl = new Int32Array(data.control);
const port = data.port;

function reply(m: FromHelper, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
  Atomics.add(ctl, ARRIVED, 1);
  Atomics.notify(ctl, ARRIVED);
}

const mod: unknown = await import(pathToFileURL(data.modulePath).href);
const entry = entriesOfModule(mod, data.modulePath).find((e) => e.name === data.entryName);
if (!entry) throw new Error(`worker: no model ${data.entryName}`);
const model = checkedModel(entry.build(data.params) as Model<unknown, Action>, { deadlock: data.deadlock });
const fpOf = fingerprinter(model, data.symmetry);
const links = new SharedParentLinks();
let searcher: LevelSearch | null = null;
let gen = Atomics.load(ctl, GEN);
Atomics.store(ctl, READY(data.index), 1);
Atomics.notify(ctl, READY(data.index));
for (let running = true; running; ) {
  gen = waitChange(ctl, GEN, gen);
  // a wake-up that brings nothing is for the searchers taking part (this one has not joined yet)
  for (let got = receiveMessageOnPort(port); got !== undefined; got = receiveMessageOnPort(port)) {
    const msg = got.message as ToHelper;
    try {
      switch (msg.type) {
        case "join":
          links.adopt(msg.chunks);
          searcher = new LevelSearch(data.index, model, fpOf, new SharedVisited(msg.table), links, ctl, data.steal, data);
          break;
        case "table": {
          const bigger = new SharedVisited(msg.table);
          bigger.copyFrom(searcher!.table, msg.start, msg.end, msg.dropFrom);
          searcher!.table = bigger;
          reply({ type: "copied" });
          break;
        }
        case "expand":
          reply(searcher!.expand(msg));
          break;
        case "resolve": {
          const r = searcher!.resolve();
          reply(r, [r.hits.buffer, r.deadlocks.buffer, r.arrivals.buffer, r.generatedBySlot.buffer] as ArrayBuffer[]);
          break;
        }
        case "number":
          searcher!.number(msg);
          reply(msg.check ? searcher!.check(msg.check) : { type: "numbered" });
          break;
        case "check":
          reply(searcher!.check(msg));
          break;
        case "stop":
          if (process.env.AUXCHECK_PROFILE === "1") process.stderr.write(`helper ${data.index} steals: ${JSON.stringify(stealProf)}\n`);
          running = false;
          break;
      }
    } catch (e) {
      reply({ type: "error", message: e instanceof ModelError ? e.message : e instanceof Error ? `${e.message}\n${e.stack}` : String(e), modelError: e instanceof ModelError });
    }
  }
}
