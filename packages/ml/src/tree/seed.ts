/**
 * A 32-bit Rng seed from an integer randomState (any safe integer, both 32-bit halves count) and a
 * stream number, e.g. a tree's index in a forest: each tree's randomness then depends on nothing but
 * (randomState, index), whichever thread grows it and in whatever order.
 */
export function deriveSeed(randomState: number, stream: number): number {
  const lo = randomState >>> 0;
  const hi = Math.floor(randomState / 4294967296) >>> 0;
  let h = fmix32(lo ^ 0x9e3779b9);
  h = fmix32(h ^ fmix32(hi + 0x85ebca6b));
  h = fmix32(h ^ fmix32((stream >>> 0) + 0xc2b2ae35));
  return h | 0;
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
