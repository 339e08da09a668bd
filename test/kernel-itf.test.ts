/**
 * ITF of a kernel counterexample: each state carries the call stacks, so that every step of the trace
 * changes its ITF state (the trace can be replayed from the ITF alone), and null is Quint's None.
 */
import test from "ava";
import { buildKernelModel } from "../models/kernel/model.ts";
import { explore } from "../src/explore.ts";
import { toItf } from "../src/itf.ts";

test("the seed's R1 trace in ITF: no step hidden, call stacks in each state", (t) => {
  const model = buildKernelModel({ scenario: "seed-coresight-warn" });
  const v = explore(model, { liveness: false }).properties.find((p) => p.name === "R1")!.violation!;
  const { itf, hiddenSteps } = toItf(model, v);
  t.deepEqual(hiddenSteps, []);
  const states = (itf as { states: { stacks: unknown[] }[] }).states;
  t.is(states.length, v.steps + 1);
  t.true(states.every((s) => Array.isArray(s.stacks)));
  t.false(JSON.stringify(itf).includes("#unserializable"));
});
