/**
 * 64-bit structural fingerprints, as two 32-bit lanes computed with Math.imul (faster here
 * than BigInt, WASM or N-API hashes for small keys: toolchain-notes §2.11).
 *
 * Objects hash their (key, value) pairs with a commutative sum, so two equal states built
 * with different key orders get the same fingerprint. Arrays and typed arrays hash in order;
 * a Set hashes its elements and a Map its (key, value) pairs, by content and in any order.
 * What has no content to hash (a function, a symbol, a WeakMap, a Promise) is refused with an
 * error naming where it is in the state: hashing it alike everywhere would merge distinct states.
 */
import { ModelError } from "./model.ts";

let H1 = 0;
let H2 = 0;

const F64 = new Float64Array(1);
const F64_WORDS = new Uint32Array(F64.buffer);

/** murmur3's 32-bit finaliser. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mix one 32-bit word into both lanes. */
function absorb(a: number, b: number, w: number): void {
  H1 = fmix32((Math.imul(a ^ w, 0x9e3779b1) + 0x7f4a7c15) | 0);
  H2 = fmix32((Math.imul(b + w, 0x85ebca77) ^ 0x165667b1) | 0);
}

function hashString(s: string, seed: number): void {
  let a = 0x811c9dc5 ^ seed;
  let b = 0x27d4eb2f ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
  }
  H1 = fmix32(a);
  H2 = fmix32(b ^ 0x3c6ef372);
}

/**
 * Hashes of objects and arrays by identity. States are immutable (the Model contract; tests
 * deep-freeze them to make sure), and immer shares the unchanged subtrees of a successor with
 * its parent, so a successor's hash costs in proportion to what the step changed.
 */
const frozenHashes = new WeakMap<object, { readonly h1: number; readonly h2: number }>();

/** false while re-fingerprinting a state from scratch (`freshFingerprint`): no hash is taken from, or put in, the cache. */
let useCache = true;

function hashValue(v: unknown): void {
  if (typeof v === "object" && v !== null && useCache) {
    const hit = frozenHashes.get(v);
    if (hit !== undefined) {
      H1 = hit.h1;
      H2 = hit.h2;
      return;
    }
    hashFresh(v);
    frozenHashes.set(v, { h1: H1, h2: H2 });
    return;
  }
  hashFresh(v);
}

/** Sums of the element hashes of a Set, or of the (key, value) hashes of a Map: order-independent. */
function hashCollection(c: ReadonlySet<unknown> | ReadonlyMap<unknown, unknown>, isMap: boolean): void {
  let sa = isMap ? 0x3707344a : 0x299f31d0;
  let sb = isMap ? 0x082efa98 : 0xec4e6c89;
  if (isMap) {
    for (const [k, val] of c as ReadonlyMap<unknown, unknown>) {
      hashValue(k);
      const k1 = H1;
      const k2 = H2;
      hashValue(val);
      sa = (sa + fmix32(Math.imul(k1, 0x2545f491) ^ H1)) | 0;
      sb = (sb + fmix32(Math.imul(k2 ^ H2, 0x9e3779b9) + 0x632be5ab)) | 0;
    }
  } else {
    for (const x of c as ReadonlySet<unknown>) {
      hashValue(x);
      sa = (sa + fmix32(H1 ^ 0x452821e6)) | 0;
      sb = (sb + fmix32(Math.imul(H2, 0x38d01377) + 0x34e90c6c)) | 0;
    }
  }
  H1 = fmix32(sa ^ c.size);
  H2 = fmix32(sb + c.size);
}

/** A typed array (or a DataView / ArrayBuffer, as bytes), element by element in order, tagged with its type. */
function hashView(v: ArrayBufferView | ArrayBuffer | SharedArrayBuffer): void {
  const elems: ArrayLike<number | bigint> = ArrayBuffer.isView(v) ? (v instanceof DataView ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : (v as unknown as ArrayLike<number | bigint>)) : new Uint8Array(v);
  hashString(Object.prototype.toString.call(v), 0xd);
  let a = H1 ^ elems.length;
  let b = H2 + elems.length;
  for (let i = 0; i < elems.length; i++) {
    const x = elems[i]!;
    if (typeof x === "number" && (x | 0) === x) {
      a = fmix32(Math.imul(a ^ x, 0x01000193) + i);
      b = fmix32(Math.imul(b + x, 0x5bd1e995) ^ 0x6b43a9b5);
    } else {
      hashFresh(x);
      a = fmix32((Math.imul(a, 0x01000193) ^ H1) + i);
      b = fmix32(Math.imul(b ^ H2, 0x5bd1e995) + 0x6b43a9b5);
    }
  }
  H1 = a;
  H2 = b;
}

/** Why a value cannot be part of a state, or null when it can. */
function unhashable(v: unknown): string | null {
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return "a symbol";
  if (v instanceof WeakMap || v instanceof WeakSet || v instanceof WeakRef || v instanceof Promise) return `a ${v.constructor.name}, whose content cannot be read`;
  return null;
}

class Unhashable extends Error {}

function hashFresh(v: unknown): void {
  switch (typeof v) {
    case "number":
      if ((v | 0) === v) {
        absorb(0x1234567, 0x7654321, v);
      } else {
        F64[0] = v;
        absorb(0x2345678, 0x8765432, F64_WORDS[0]!);
        absorb(H1, H2, F64_WORDS[1]!);
      }
      return;
    case "string":
      hashString(v, 0x5);
      return;
    case "boolean":
      H1 = v ? 0x6a09e667 : 0xbb67ae85;
      H2 = v ? 0x3c6ef372 : 0xa54ff53a;
      return;
    case "undefined":
      H1 = 0x510e527f;
      H2 = 0x9b05688c;
      return;
    case "bigint":
      hashString(v.toString(), 0xb);
      return;
    case "object": {
      if (v === null) {
        H1 = 0x1f83d9ab;
        H2 = 0x5be0cd19;
        return;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null && !Array.isArray(v)) {
        if (v instanceof Set) return hashCollection(v, false);
        if (v instanceof Map) return hashCollection(v, true);
        if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) return hashView(v);
        if (v instanceof Date) {
          F64[0] = v.getTime();
          absorb(0x3456789, 0x9876543, F64_WORDS[0]!);
          absorb(H1, H2, F64_WORDS[1]!);
          return;
        }
        if (unhashable(v) !== null) throw new Unhashable();
        // any other object (a class instance): its enumerable fields, as a plain object
      }
      if (Array.isArray(v)) {
        let a = 0xcbf29ce4 ^ v.length;
        let b = 0x84222325 + v.length;
        for (let i = 0; i < v.length; i++) {
          hashValue(v[i]);
          const h1 = H1;
          const h2 = H2;
          a = fmix32((Math.imul(a, 0x01000193) ^ h1) + i);
          b = fmix32(Math.imul(b ^ h2, 0x5bd1e995) + 0x6b43a9b5);
        }
        H1 = a;
        H2 = b;
        return;
      }
      // Commutative over (key, value) pairs: key order does not matter.
      let sa = 0x243f6a88;
      let sb = 0x85a308d3;
      const o = v as Record<string, unknown>;
      for (const k in o) {
        const val = o[k];
        if (val === undefined) continue; // absent and undefined are the same state
        hashString(k, 0x9);
        const k1 = H1;
        const k2 = H2;
        hashValue(val);
        sa = (sa + fmix32(Math.imul(k1, 0x2545f491) ^ H1)) | 0;
        sb = (sb + fmix32(Math.imul(k2 ^ H2, 0x9e3779b9) + 0x632be5ab)) | 0;
      }
      H1 = fmix32(sa);
      H2 = fmix32(sb ^ 0x13198a2e);
      return;
    }
    default:
      throw new Unhashable();
  }
}

/**
 * Structural fingerprint of plain data, written to out[0] (high) and out[1] (low). Throws a
 * ModelError naming the path of a value that cannot be part of a state.
 */
export function structuralFingerprint(state: unknown, out: Uint32Array): void {
  try {
    hashValue(state);
  } catch (e) {
    if (e instanceof Unhashable) throw unhashableError(state);
    throw e;
  }
  out[0] = H1;
  out[1] = H2;
}

/**
 * The structural fingerprint computed from scratch, ignoring the hashes remembered for objects
 * already seen: a state changed in place after it was first hashed gets a different one
 * (src/model-check.ts).
 */
export function freshFingerprint(state: unknown, out: Uint32Array): void {
  useCache = false;
  try {
    structuralFingerprint(state, out);
  } finally {
    useCache = true;
  }
}

function unhashableError(state: unknown): ModelError {
  const seen = new Set<unknown>();
  const find = (v: unknown, path: string): string | null => {
    const why = unhashable(v);
    if (why !== null) return `${path} is ${why}`;
    if (typeof v !== "object" || v === null || seen.has(v)) return null;
    seen.add(v);
    if (v instanceof Map) {
      for (const [k, x] of v) {
        const hit = find(k, `${path} (a key)`) ?? find(x, `${path}.get(${String(k)})`);
        if (hit) return hit;
      }
    } else if (v instanceof Set) {
      for (const x of v) {
        const hit = find(x, `${path} (an element)`);
        if (hit) return hit;
      }
    } else {
      for (const k in v) {
        const hit = find((v as Record<string, unknown>)[k], Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`);
        if (hit) return hit;
      }
    }
    return null;
  };
  const where = find(state, "state") ?? "a value in the state cannot be fingerprinted";
  return new ModelError(`cannot fingerprint the state: ${where}; a state is plain data (objects, arrays, Set, Map, typed arrays, numbers, strings, booleans, null)`);
}

/** Fingerprint of a state packed into one integer (0 <= n < 2^53). */
export function integerFingerprint(n: number, out: Uint32Array): void {
  const lo = n >>> 0;
  const hi = Math.floor(n / 4294967296) >>> 0;
  out[0] = fmix32(Math.imul(lo ^ 0x5bd1e995, 0x9e3779b1) ^ hi);
  out[1] = fmix32((Math.imul(hi + 0x27d4eb2f, 0x85ebca77) ^ lo) + 0x165667b1);
}

/**
 * The fingerprint of an exact key (Model.key, a uint32): the key itself in out[1], so that two
 * states share a fingerprint only when they share a key, and a mix of it in out[0], for the tables
 * that take a home slot from the fingerprint's bits (src/shared-visited.ts). Never (0, 0).
 */
export function keyFingerprint(key: number, out: Uint32Array): void {
  out[0] = keyHash(key);
  out[1] = key;
}

/** A well-spread 32-bit hash of a uint32 key (murmur3's finaliser is a bijection; the xor keeps key 0 from hashing to 0). */
export function keyHash(key: number): number {
  return fmix32(key ^ 0x9e3779b9);
}
