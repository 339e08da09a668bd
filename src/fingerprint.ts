/**
 * 64-bit structural fingerprints, as two 32-bit lanes computed with Math.imul (faster here
 * than BigInt, WASM or N-API hashes for small keys: toolchain-notes §2.11).
 *
 * Objects hash their (key, value) pairs with a commutative sum, so two equal states built
 * with different key orders get the same fingerprint. Arrays hash in order.
 */

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

function hashValue(v: unknown): void {
  if (typeof v === "object" && v !== null) {
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
    case "object": {
      if (v === null) {
        H1 = 0x1f83d9ab;
        H2 = 0x5be0cd19;
        return;
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
      throw new TypeError(`cannot fingerprint a ${typeof v} inside a state`);
  }
}

/** Structural fingerprint of plain data, written to out[0] (high) and out[1] (low). */
export function structuralFingerprint(state: unknown, out: Uint32Array): void {
  hashValue(state);
  out[0] = H1;
  out[1] = H2;
}

/** Fingerprint of a state packed into one integer (0 <= n < 2^53). */
export function integerFingerprint(n: number, out: Uint32Array): void {
  const lo = n >>> 0;
  const hi = Math.floor(n / 4294967296) >>> 0;
  out[0] = fmix32(Math.imul(lo ^ 0x5bd1e995, 0x9e3779b1) ^ hi);
  out[1] = fmix32((Math.imul(hi + 0x27d4eb2f, 0x85ebca77) ^ lo) + 0x165667b1);
}
