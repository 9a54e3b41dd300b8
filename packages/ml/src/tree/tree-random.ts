import type { RandomSource } from './builder.js';
import { deriveSeed } from './seed.js';

const TWO_32 = 4294967296;
/** 2^-32: multiplying by it is exact, and quicker than dividing by 2^32. */
const INV_TWO_32 = 2.3283064365386963e-10;
/** Below this bound x · n of a 32-bit x is exact in a double. */
const EXACT_BOUND = 2097152;

/**
 * The random draws of tree growing (bootstrap rows, feature order): exactly the number stream of
 * `new Rng(deriveSeed(randomState, stream))` (random/rng.ts: splitmix32 seeding, xoshiro128**), which
 * a test pins, computed on int32 state. Millions of draws per forest: Rng keeps its state as unsigned
 * values that V8 must box, and its nextInt pays two floating-point remainders; here integers in [0, n)
 * come from Lemire's multiply-and-reject, one 32-bit output and no division in the common case.
 */
export class TreeRandom implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(randomState: number, stream: number) {
    let x = deriveSeed(randomState, stream) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) | 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Uniform integer in [0, 2^32), the same as Rng.nextUint32. */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    this.s2 = s2 ^ (s1 << 9);
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32, without bias. */
  nextInt(n: number): number {
    if (n > EXACT_BOUND) {
      const limit = TWO_32 - (TWO_32 % n);
      let r: number;
      do r = this.nextUint32();
      while (r >= limit);
      return r % n;
    }
    let m = this.nextUint32() * n;
    let hi = Math.floor(m * INV_TWO_32);
    let lo = m - hi * TWO_32;
    if (lo < n) {
      // Reject the 2^32 mod n low values that would make small results more likely.
      const threshold = (TWO_32 - n) % n;
      while (lo < threshold) {
        m = this.nextUint32() * n;
        hi = Math.floor(m * INV_TWO_32);
        lo = m - hi * TWO_32;
      }
    }
    return hi;
  }
}
