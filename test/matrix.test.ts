/** The terminal verdict matrix: column names short enough to read, each abbreviation unique and explained. */
import test from "ava";
import { shortNames } from "../src/matrix.ts";
import { KERNEL_PROPERTY_NAMES } from "../invariants/kernel/index.ts";

test("short column names: short names kept, long ones by their initials, unique, numbered where two read the same", (t) => {
  const names = [...KERNEL_PROPERTY_NAMES, "deadlock"];
  const short = shortNames(names);
  t.is(new Set(short).size, names.length, "unique");
  t.is(short[names.indexOf("R3-aux")], "R3-aux");
  t.is(short[names.indexOf("deadlock")], "deadlock");
  t.is(short[names.indexOf("stuck-stopped")], "ss");
  t.is(short[names.indexOf("throttle-no-rb")], "tnorb");
  t.deepEqual([short[names.indexOf("x86-start-warn")], short[names.indexOf("x86-stop-warn")]], ["x86sw1", "x86sw2"]);
  for (const s of short) t.true(s.length <= 8, s);
});

test("an abbreviation never takes a name another column already has", (t) => {
  t.deepEqual(shortNames(["ss", "stuck-stopped"]), ["ss", "ss1"]);
});
