/**
 * The kernel state packed into words: what the search stores, hashes and hands between threads.
 *
 * The kernel functions keep reading and writing the plain objects of state.ts (`E(k, e).hw.interrupts
 * = MAX_INTERRUPTS`, beside the C). A state at rest is an Int32Array of small integers instead, one per leaf
 * of state.ts; a step runs on a plain copy decoded from its parent's words and is packed again. That
 * keeps the hot path free of immer's drafts and of the structural hash's object walk: decoding is one
 * object literal, packing and hashing are loops over about 100 words.
 *
 * Layout, fixed for a run (its Config):
 *   w[0]                 the end of the hashed part (everything up to it is the state; what follows only
 *                        restores the order in which a frame's locals were set, for printing)
 *   the fixed part       every leaf of the initial state (events, ring buffers, the CPUs' PMU and trace
 *                        units, budgets, ghosts, ...) in the initial state's key order, one word each. The
 *                        leaf paths are read off the initial state, so a field added to state.ts is packed
 *                        without touching this file (a test round-trips every reachable state).
 *   the variable part    per CPU, its execution contexts: kind, IRQ-disable depth, frames (function, step
 *                        label, and the arguments/locals as (key, value) pairs sorted by key); then each
 *                        CPU's `csd` (two CPUs only); then the preempted system call `smp.saved` (two CPUs).
 *   the order part       per frame (and csd), the insertion order of its pairs: a permutation, 4 bits per
 *                        pair, 7 pairs per word.
 *
 * A word is a tagged value: an integer n as n << 2, a string as (id << 2) | 1 (ids from a table of this
 * process), false / true as 2 / 6, null as 3, undefined as 7. The fingerprint hashes strings by content
 * (so that threads, whose ids differ, agree) and sorts pairs by the content hash of their key: the same
 * equivalence as the engine's structural hash (key order does not matter; undefined = absent), so every
 * run keeps its state counts.
 */
import { fmix32 } from "../../../src/fingerprint.ts";
import type { StatePacking, Transport } from "../../../src/model.ts";
import type { Context, Frame, KState, Val } from "./state.ts";

/**
 * A packed kernel state: an Int32Array, never written once built. The search reads a level's states as views
 * into its chunks (`wordsPacking.read`), and `encode` packs a successor into one of two scratch buffers that
 * take turns: it stays valid until the second `encode` after it, so the search copies what it keeps
 * (`wordsPacking.copy`; the level's `write` is a copy already). Typed words and reused buffers replaced an
 * array per state and the element-by-element copies into and out of the level, about a fifth of the
 * search's main thread, by block copies (`set`).
 */
export type Words = Int32Array;

const W_FALSE = 2;
const W_TRUE = 6;
const W_NULL = 3;
const W_UNDEFINED = 7;
const INT_LIMIT = 1 << 29;
const PAIRS_PER_ORDER_WORD = 7;

/** The strings met in states: ids for packing, content hashes for fingerprints. One table per process (thread). */
class StringTable {
  private readonly ids = new Map<string, number>();
  readonly strings: string[] = [];
  readonly hashes: number[] = [];

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.ids.set(s, id);
      this.strings.push(s);
      let h = 0x811c9dc5;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      this.hashes.push(fmix32(h ^ s.length));
    }
    return id;
  }
}

export const strings = new StringTable();

/** One leaf value as a word. */
export function pack(v: unknown): number {
  switch (typeof v) {
    case "number":
      if ((v | 0) !== v || v >= INT_LIMIT || v < -INT_LIMIT) throw new Error(`kernel state: ${v} is not a small integer`);
      return v << 2;
    case "string":
      return (strings.id(v) << 2) | 1;
    case "boolean":
      return v ? W_TRUE : W_FALSE;
    case "undefined":
      return W_UNDEFINED;
    default:
      if (v === null) return W_NULL;
      throw new Error(`kernel state: cannot pack a ${typeof v} leaf`);
  }
}

/** A word back to its leaf value. */
export function unpack(w: number): Val | undefined {
  switch (w & 3) {
    case 0:
      return w >> 2;
    case 1:
      return strings.strings[w >> 2]!;
    case 2:
      return w === W_TRUE;
    default:
      return w === W_NULL ? null : undefined;
  }
}

/** Is this path (from the state's root) one of the variable parts, packed separately? */
function isVariable(path: readonly (string | number)[]): boolean {
  return (path.length === 3 && path[0] === "cpu" && (path[2] === "ctx" || path[2] === "csd")) || (path.length === 2 && path[0] === "smp" && path[1] === "saved");
}

export interface StateCodec {
  /**
   * Packs a state: a plain one (state.ts objects; its words last), or the view after a step (`take`; its words
   * are in the scratch, valid until the second `encode` after this one).
   */
  encode(s: KState): Words;
  /** A fresh plain state (state.ts objects), free to keep and mutate: for traces, tests, `--por`. */
  decode(w: Words): KState;
  /**
   * The state `w` through the run's view: read-only (its setters would write into `w`, which tests
   * freeze), and valid only until the next `peek` or `take` (the view is rebound). The hot path's
   * reading of a state: enabled actions, properties, quiescence.
   */
  peek(w: Words): KState;
  /**
   * The state `w` through the run's view, bound to a private copy of its words: a step may mutate it;
   * `encode` then packs the successor. Valid until the next `peek` or `take`.
   */
  take(w: Words): KState;
  /** After `encode(take(...))` gave `w`: rebinds the view to `w` read-only without decoding (`peek(w)` is then free). */
  remember(w: Words, s: KState): void;
  /** 64-bit fingerprint into out[0], out[1]. */
  fingerprint(w: Words, out: Uint32Array): void;
}

/**
 * The packer's scratch: the words being written (`out`, up to `n`: one of two buffers that take turns, the
 * successor a view of it), the order part (`ord`, up to `nOrd`) and one record's pairs.
 */
const SCRATCH_WORDS = 1 << 16;
const scratch = [new Int32Array(SCRATCH_WORDS), new Int32Array(SCRATCH_WORDS)];
let out = scratch[0]!;
let n = 0;
const ord: number[] = Array.from({ length: 256 }, () => 0);
let nOrd = 0;
const pairKey: number[] = Array.from({ length: 16 }, () => 0);
const pairVal: number[] = Array.from({ length: 16 }, () => 0);
const pairIdx: number[] = Array.from({ length: 16 }, () => 0);

function put(word: number): void {
  out[n++] = word;
}

/** Does key word x sort before key word y (by content hash, then by the string)? */
function keyBefore(x: number, y: number): boolean {
  const hx = strings.hashes[x >> 2]!;
  const hy = strings.hashes[y >> 2]!;
  return hx !== hy ? hx < hy : strings.strings[x >> 2]! < strings.strings[y >> 2]!;
}

/** Packs a record's defined (key, value) pairs sorted by key, and their insertion order into the order part. */
function packPairs(a: Record<string, Val>): void {
  let m = 0;
  for (const key in a) {
    const v = a[key];
    if (v === undefined) continue; // absent and undefined are the same state
    if (m === 16) throw new Error("kernel state: a frame with more than 16 locals");
    pairKey[m] = pack(key);
    pairVal[m] = pack(v);
    // insertion sort of the insertion indices by key
    let p = m;
    while (p > 0 && keyBefore(pairKey[m]!, pairKey[pairIdx[p - 1]!]!)) {
      pairIdx[p] = pairIdx[p - 1]!;
      p--;
    }
    pairIdx[p] = m;
    m++;
  }
  put(m << 2);
  for (let p = 0; p < m; p++) {
    put(pairKey[pairIdx[p]!]!);
    put(pairVal[pairIdx[p]!]!);
  }
  // order: for each sorted position, its insertion index
  for (let base = 0; base < m; base += PAIRS_PER_ORDER_WORD) {
    let code = 0;
    const end = Math.min(m, base + PAIRS_PER_ORDER_WORD);
    for (let p = base; p < end; p++) code |= pairIdx[p]! << (4 * (p - base));
    ord[nOrd++] = code;
  }
}

/** The record of `n` pairs at w[at..] (sorted by key), in insertion order from the order words at w[ord..]. */
function unpackPairs(w: Words, at: number, n: number, ord: number): Record<string, Val> {
  const pos: number[] = new Array(n); // insertion index -> sorted position
  for (let base = 0; base < n; base += PAIRS_PER_ORDER_WORD) {
    const code = w[ord++]!;
    const end = Math.min(n, base + PAIRS_PER_ORDER_WORD);
    for (let p = base; p < end; p++) pos[(code >>> (4 * (p - base))) & 15] = p;
  }
  const a: Record<string, Val> = {};
  for (let ins = 0; ins < n; ins++) {
    const p = at + 2 * pos[ins]!;
    a[unpack(w[p]!) as string] = unpack(w[p + 1]!) as Val;
  }
  return a;
}

/**
 * A frame decoded from words, whose arguments/locals are decoded only when a step reads them (most
 * frames of a state are not the running one): until then, packing copies its words as they were.
 */
class PackedFrame implements Frame {
  // the words of `fn` and `pc` as decoded (packing reuses them while they are unchanged)
  readonly #fn0: string;
  readonly #pc0: string;
  readonly #fnW: number;
  readonly #pcW: number;
  #src: Words | null;
  #at: number;
  #n: number;
  #ord: number;
  #a: Record<string, Val> | null = null;
  fn: string;
  pc: string;
  /**
   * The arguments and locals, decoded on first read. An accessor of the class (not an own property): defining
   * one per frame cost a tenth of the kernel search. Nothing enumerates a frame's keys (what copies a frame
   * names fn, pc and a: cloneContext, the trace's stacks).
   */
  get a(): Record<string, Val> {
    if (this.#a === null) {
      this.#a = unpackPairs(this.#src!, this.#at, this.#n, this.#ord);
      this.#src = null;
    }
    return this.#a;
  }
  set a(v: Record<string, Val>) {
    this.#a = v;
    this.#src = null;
  }
  constructor(src: Words, fnAt: number, n: number, ord: number) {
    this.#fnW = src[fnAt]!;
    this.#pcW = src[fnAt + 1]!;
    this.fn = this.#fn0 = strings.strings[this.#fnW >> 2]!;
    this.pc = this.#pc0 = strings.strings[this.#pcW >> 2]!;
    const at = fnAt + 3;
    this.#src = src;
    this.#at = at;
    this.#n = n;
    this.#ord = ord;
  }
  /** Packs the function and label: their decoded words while unchanged. */
  static packHeader(f: Frame): void {
    if (f instanceof PackedFrame) {
      put(f.fn === f.#fn0 ? f.#fnW : pack(f.fn));
      put(f.pc === f.#pc0 ? f.#pcW : pack(f.pc));
    } else {
      put(pack(f.fn));
      put(pack(f.pc));
    }
  }
  /** Packs the pairs: copied from the source words when never decoded. */
  static packPairs(f: Frame): void {
    if (!(f instanceof PackedFrame) || f.#src === null) {
      packPairs(f.a);
      return;
    }
    const src = f.#src;
    const m = f.#n;
    put(m << 2);
    for (let x = f.#at, end = f.#at + 2 * m; x < end; x++) put(src[x]!);
    for (let x = f.#ord, end = f.#ord + Math.ceil(m / PAIRS_PER_ORDER_WORD); x < end; x++) ord[nOrd++] = src[x]!;
  }
}

/** A context as plain data (frames too), for what copies one: the preempted system call (environment/scheduler.ts). */
export function cloneContext(c: Context): Context {
  return { kind: c.kind, irqoff: c.irqoff, frames: c.frames.map((f) => ({ fn: f.fn, pc: f.pc, a: { ...f.a } })) };
}

function packContext(c: Context): void {
  put(pack(c.kind));
  put(pack(c.irqoff));
  put(pack(c.frames.length));
  for (const f of c.frames) {
    PackedFrame.packHeader(f);
    PackedFrame.packPairs(f);
  }
}

/** The words a run's views read and write (one binding per codec). */
interface Binding {
  w: Words;
  /** Bound to a state's own words (peek, remember): writing through the view is a bug, refused loudly. */
  ro: boolean;
}

type ViewClass = new (b: Binding, o: number) => object;

/**
 * The classes of the views of the fixed part, one per shape of object (all events share one, all CPUs
 * one, ...), kept for the process: runs of other configurations reuse them, so that the kernel code
 * reading them stays monomorphic from run to run. A leaf is an own enumerable accessor (so that
 * Object.keys/values/entries work on a view as on the plain object) reading or writing its word of
 * the binding `#b` at the view's base offset `#o` plus the leaf's place in the shape;
 * an object child is a view in an own property; a variable part (`ctx`, `csd`, `saved`) is an own
 * property holding plain objects.
 */
const viewClasses = new Map<string, ViewClass>();
const READ_ONLY = "kernel state: a write through a read-only view (a state's words are never written once built)";

/** The view of the initial state's shape: a root view bound to `b` (its leaves start at word 1). */
function buildView(init: KState, b: Binding): KState {
  let leaf = 1;
  // Returns the shape of `v` (its leaves start at `leaf`): a signature and how to build its view at a base offset.
  const shape = (v: object, path: (string | number)[]): { sig: string; make: (o: number) => object } => {
    const start = leaf;
    if (Array.isArray(v)) {
      const items = v.map((x, i) => {
        if (typeof x !== "object" || x === null) throw new Error(`kernel state: an array of leaves at ${path.join(".")} is not supported`);
        const rel = leaf - start;
        return { rel, s: shape(x as object, [...path, i]) };
      });
      return { sig: `[${items.map((x) => x.s.sig).join(",")}]`, make: (o) => items.map((x) => x.s.make(o + x.rel)) };
    }
    const members: string[] = [];
    const ctor: string[] = [];
    const sig: string[] = [];
    const children: { rel: number; make: (o: number) => object }[] = [];
    for (const key of Object.keys(v)) {
      const p = [...path, key];
      const k = JSON.stringify(key);
      const val = (v as Record<string, unknown>)[key];
      if (isVariable(p)) {
        ctor.push(`this[${k}] = ${key === "ctx" ? "[]" : "null"};`);
        sig.push(`${k}:V`);
      } else if (typeof val !== "object" || val === null) {
        const rel = leaf++ - start;
        members.push(
          `${k}: { enumerable: true, get() { const x = this.#b.w[this.#o + ${rel}]; return (x & 3) === 0 ? x >> 2 : U(x); }, set(v) { const b = this.#b; if (b.ro) throw new Error(RO); b.w[this.#o + ${rel}] = P(v); } }`,
        );
        ctor.push(`Object.defineProperty(this, ${k}, View.leaves[${k}]);`);
        sig.push(`${k}:L${rel}`);
      } else {
        const rel = leaf - start;
        const s = shape(val as object, p);
        ctor.push(`this[${k}] = children[${children.length}](o + ${rel});`);
        children.push({ rel, make: s.make });
        sig.push(`${k}:${rel}${s.sig}`);
      }
    }
    const signature = `{${sig.join(",")}}`;
    let cls = viewClasses.get(signature);
    if (cls === undefined) {
      // the children's views are built by the functions passed to the constructor (their classes are shared too)
      // leaves are own enumerable accessors (Object.keys / values / entries see them, in the state's key
      // order), their get/set functions shared by every view of the shape (one hidden class)
      const source = `return class View {\n  #b;\n  #o;\n  static leaves = {\n    ${members.join(",\n    ")}\n  };\n  constructor(b, o, children) { this.#b = b; this.#o = o; ${ctor.join(" ")} }\n};`;
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      cls = new Function("U", "P", "RO", source)(unpack, pack, READ_ONLY) as ViewClass;
      viewClasses.set(signature, cls);
    }
    const C = cls as unknown as new (b: Binding, o: number, children: ((o: number) => object)[]) => object;
    const makers = children.map((c) => c.make);
    return { sig: signature, make: (o) => new C(b, o, makers) };
  };
  return shape(init, []).make(1) as KState;
}

/** The codec of one run, from its initial state. */
export function stateCodec(init: KState): StateCodec {
  const ncpus = init.cpu.length;
  const hasCsd = init.cpu.every((c) => "csd" in c);
  const hasSaved = init.smp !== undefined;

  // The fixed part's encoder and decoder, generated once from the leaf paths (straight-line code; a walk
  // over paths would cost a lookup per leaf). The encoder names the objects o0, o1, ...; the decoder is one
  // object literal, with an inline fast path for integers.
  const encLines: string[] = [];
  let leaf = 1;
  let tmp = 0;
  const literal = (v: unknown, path: (string | number)[], ref: string): string => {
    if (typeof v !== "object" || v === null) {
      encLines.push(`w[${leaf}] = P(${ref});`);
      const x = `w[${leaf++}]`;
      return `((${x} & 3) === 0 ? ${x} >> 2 : U(${x}))`;
    }
    const name = `o${tmp++}`;
    encLines.push(`const ${name} = ${ref};`);
    if (Array.isArray(v)) return `[${v.map((x, i) => literal(x, [...path, i], `${name}[${i}]`)).join(", ")}]`;
    const fields = Object.keys(v).map((key) => {
      const p = [...path, key];
      const body = isVariable(p) ? (key === "ctx" ? "[]" : "null") : literal((v as Record<string, unknown>)[key], p, `${name}[${JSON.stringify(key)}]`);
      return `${JSON.stringify(key)}: ${body}`;
    });
    return `{${fields.join(", ")}}`;
  };
  const decodeBody = literal(init, [], "s");
  const fixedEnd = leaf;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const encodeFixed = new Function("P", `return function encodeFixed(s, w) {\n${encLines.join("\n")}\n};`)(pack) as (s: KState, w: Int32Array) => void;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const decodeFixed = new Function("U", `return function decodeFixed(w) {\nreturn ${decodeBody};\n};`)(unpack) as (w: Words) => KState;

  // The decoder's cursors: i in the hashed part, o in the order part.
  let i = 0;
  let o = 0;
  const decodePairs = (w: Words): Record<string, Val> => {
    const n = w[i]! >> 2;
    const a = unpackPairs(w, i + 1, n, o);
    i += 1 + 2 * n;
    o += Math.ceil(n / PAIRS_PER_ORDER_WORD);
    return a;
  };
  // lazy: frames as PackedFrame (the view); else plain frames (decode: traces, tests)
  const decodeContext = (w: Words, lazy: boolean): Context => {
    const kind = unpack(w[i++]!) as Context["kind"];
    const irqoff = w[i++]! >> 2;
    const nf = w[i++]! >> 2;
    const frames: Frame[] = new Array(nf);
    for (let f = 0; f < nf; f++) {
      if (lazy) {
        const n = w[i + 2]! >> 2;
        frames[f] = new PackedFrame(w, i, n, o);
        i += 3 + 2 * n;
        o += Math.ceil(n / PAIRS_PER_ORDER_WORD);
      } else {
        const fn = unpack(w[i++]!) as string;
        const pc = unpack(w[i++]!) as string;
        frames[f] = { fn, pc, a: decodePairs(w) };
      }
    }
    return { kind, irqoff, frames };
  };
  /** Decodes the variable part of `w` into `s` (a plain state or the view). */
  const decodeVariable = (w: Words, s: KState, lazy: boolean): void => {
    i = fixedEnd;
    o = w[0]! >> 2;
    for (let c = 0; c < ncpus; c++) {
      const n = w[i++]! >> 2;
      const ctx: Context[] = new Array(n);
      for (let x = 0; x < n; x++) ctx[x] = decodeContext(w, lazy);
      s.cpu[c]!.ctx = ctx;
    }
    if (hasCsd) {
      for (let c = 0; c < ncpus; c++) {
        if (w[i] === W_NULL) {
          i++;
          s.cpu[c]!.csd = null;
          continue;
        }
        const func = unpack(w[i++]!) as string;
        const state = unpack(w[i++]!) as "queued" | "running" | "done";
        const ret = unpack(w[i++]!) as Val;
        s.cpu[c]!.csd = { func, args: decodePairs(w), state, ret };
      }
    }
    if (hasSaved) {
      if (w[i] === W_NULL) {
        i++;
        s.smp!.saved = null;
      } else s.smp!.saved = decodeContext(w, lazy);
    }
    if (i !== w[0]! >> 2 || o !== w.length) throw new Error("kernel state: words left over after decoding");
  };
  /** Packs the variable part of `s` after the fixed part already in `out`; returns the state's words. */
  const finish = (s: KState): Words => {
    nOrd = 0;
    for (let c = 0; c < ncpus; c++) {
      const ctx = s.cpu[c]!.ctx;
      put(pack(ctx.length));
      for (const x of ctx) packContext(x);
    }
    if (hasCsd) {
      for (let c = 0; c < ncpus; c++) {
        const csd = s.cpu[c]!.csd;
        if (!csd) put(W_NULL);
        else {
          put(pack(csd.func));
          put(pack(csd.state));
          put(pack(csd.ret));
          packPairs(csd.args);
        }
      }
    }
    if (hasSaved) {
      const saved = s.smp!.saved;
      if (saved === null) put(W_NULL);
      else packContext(saved);
    }
    out[0] = n << 2;
    for (let x = 0; x < nOrd; x++) put(ord[x]!);
    if (n > out.length) throw new Error(`kernel state: more than ${out.length} words`); // (typed stores past the end are dropped)
    const w = out.subarray(0, n);
    out = scratch[out === scratch[0] ? 1 : 0]!; // the other buffer for the next successor: this one stays valid until then
    return w;
  };

  // The views: one set per run, bound to one state's words at a time.
  const binding: Binding = { w: new Int32Array(0), ro: true };
  const work = new Int32Array(fixedEnd); // take's copy of the fixed part
  const view = buildView(init, binding);
  let bound: Words | null = null; // the words `view` shows read-only (peek), or null
  let owned = false; // `view` is bound to a private copy (take): encode reads its fixed part from there

  const codec: StateCodec = {
    encode(s) {
      n = fixedEnd;
      if (s !== view) {
        encodeFixed(s, out);
        return finish(s).slice(); // a plain state's words last (initial states, tests): only a step's live in the scratch
      }
      const w = binding.w;
      out.set(w.length === fixedEnd ? w : w.subarray(0, fixedEnd)); // (word 0 is finish's)
      return finish(s);
    },
    decode(w) {
      const s = decodeFixed(w);
      decodeVariable(w, s, false);
      return s;
    },
    peek(w) {
      if (w !== bound) {
        binding.w = w;
        binding.ro = true;
        decodeVariable(w, view, true);
        bound = w;
        owned = false;
      }
      return view;
    },
    take(w) {
      // a successor in the buffer the next one is packed into (two encodes old): off it first, as its frames
      // are read while the successor is written
      if (w.buffer === out.buffer) w = w.slice();
      if (w !== bound) decodeVariable(w, view, true);
      work.set(w.subarray(0, fixedEnd));
      binding.w = work;
      binding.ro = false;
      bound = null;
      owned = true;
      return view;
    },
    remember(w, s) {
      if (s !== view || !owned) throw new Error("kernel state: remember() takes the view just packed");
      binding.w = w;
      binding.ro = true;
      bound = w;
      owned = false;
    },
    fingerprint: fingerprintWords,
  };
  return codec;
}

/** The fingerprint of packed words: murmur3's body per word in two lanes over the hashed part, strings by content. */
export function fingerprintWords(w: Words, out: Uint32Array): void {
  const hashes = strings.hashes;
  const end = w[0]! >> 2;
  let h1 = 0x9747b28c;
  let h2 = 0x5bd1e995;
  for (let j = 1; j < end; j++) {
    let x = w[j]!;
    if ((x & 3) === 1) x = hashes[x >> 2]!;
    let k = Math.imul(x, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = (Math.imul(h2 ^ x, 0x01000193) + k) | 0;
    h2 = (h2 << 11) | (h2 >>> 21);
  }
  out[0] = fmix32(h1 ^ end);
  out[1] = fmix32(h2 ^ Math.imul(end, 0x85ebca6b));
}

/**
 * Packed states across threads (the parallel search's work stealing): the words of a batch in one
 * Int32Array, with the sender's string table; the receiver maps each string word to its own id.
 */
export const wordsTransport: Transport<Words> = {
  pack(states) {
    let total = 0;
    for (const w of states) total += w.length;
    const words = new Int32Array(total);
    const lengths = new Int32Array(states.length);
    let at = 0;
    states.forEach((w, k) => {
      lengths[k] = w.length;
      words.set(w, at);
      at += w.length;
    });
    return { data: { words, lengths, table: strings.strings.slice() }, transfer: [words.buffer, lengths.buffer] };
  },
  unpack(data) {
    const { words, lengths, table } = data as { words: Int32Array; lengths: Int32Array; table: string[] };
    const ids = table.map((s) => strings.id(s));
    const out: Words[] = [];
    let at = 0;
    for (const len of lengths) {
      // the string words renumbered in place, each state a view of the batch (the receiver copies it into its store)
      const w = words.subarray(at, at + len);
      const end = w[0]! >> 2; // the order part after `end` holds raw codes, not tagged words
      for (let x = 1; x < end; x++) if ((w[x]! & 3) === 1) w[x] = (ids[w[x]! >> 2]! << 2) | 1;
      out.push(w);
      at += len;
    }
    return out;
  },
};

/** The words as they are: the search's queue keeps them in typed arrays (src/state-queue.ts), and reads them in place. */
export const wordsPacking: StatePacking<Words> = {
  size: (w) => w.length,
  write(w, out, at) {
    out.set(w, at);
  },
  read: (src, at, size) => src.subarray(at, at + size),
  copy: (w) => w.slice(),
};
