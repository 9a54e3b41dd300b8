/**
 * Test-only emulation of the random numbers scikit-learn 1.2 draws for trees and forests, so tests can
 * grow sklearn's exact trees (ties between equally good splits included) and so check the builder's
 * faithfulness node by node. Production code uses our own Rng instead.
 *
 * numpy's legacy RandomState(seed) is MT19937 seeded with init_genrand(seed); its randint(low, high)
 * draws 32-bit outputs, masks them to the smallest covering power of two, and rejects values above
 * high − low − 1. A tree's splitter seeds sklearn's rand_r (xorshift) with randint(0, RAND_R_MAX) and
 * draws rand_int(low, high) = low + rand_r() % (high − low).
 */
export class MT19937 {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i, mod 2^32, without losing bits to double rounding.
      mt[i] = (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
  }

  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= 624) {
      for (let i = 0; i < 624; i++) {
        const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
        mt[i] = mt[(i + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** numpy RandomState.randint(low, high) for high − low ≤ 2^32 (the masked legacy algorithm). */
  randint(low: number, high: number): number {
    const rng = high - low - 1;
    if (rng === 0) return low;
    let mask = rng;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0;
    while (v > rng);
    return low + v;
  }
}

const RAND_R_MAX = 0x7fffffff;

/** The splitter's generator of a tree fitted with random_state = seed. */
export class SklearnTreeRandom {
  private state: number;

  constructor(seed: number) {
    this.state = new MT19937(seed).randint(0, RAND_R_MAX) >>> 0;
  }

  private randR(): number {
    let s = this.state;
    if (s === 0) s = 1; // sklearn's DEFAULT_SEED
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    this.state = s;
    return s % (RAND_R_MAX + 1);
  }

  nextInt(n: number): number {
    return this.randR() % n;
  }
}

/** Seeds sklearn gives the trees of RandomForestClassifier(random_state = seed). */
export function sklearnForestTreeSeeds(seed: number, nEstimators: number): number[] {
  const mt = new MT19937(seed);
  return Array.from({ length: nEstimators }, () => mt.randint(0, 2147483647));
}

/** sklearn's _generate_sample_indices: bootstrap counts per row of the tree seeded with `treeSeed`. */
export function sklearnBootstrapCounts(treeSeed: number, nRows: number, nDraws: number): Float64Array {
  const mt = new MT19937(treeSeed);
  const counts = new Float64Array(nRows);
  for (let t = 0; t < nDraws; t++) counts[mt.randint(0, nRows)]++;
  return counts;
}
