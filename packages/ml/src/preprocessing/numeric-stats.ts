/**
 * Column statistics computed the way numpy / pandas / scikit-learn compute them, so learned parameters match
 * the reference implementation bit for bit rather than merely to rounding error: a mean is only "the same"
 * across implementations when the additions happen in the same order.
 */

/** numpy's reduction buffer: a sum over a contiguous float64 array is folded from 0 over blocks of this size. */
const NUMPY_BUFSIZE = 8192;
/** numpy's pairwise-summation leaf size (PW_BLOCKSIZE in loops_utils.h). */
const PW_BLOCKSIZE = 128;

function at(v: Float64Array, i: number, nanAsZero: boolean): number {
  const x = v[i];
  return nanAsZero && x !== x ? 0 : x;
}

function pairwise(v: Float64Array, start: number, n: number, nanAsZero: boolean): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += at(v, start + i, nanAsZero);
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = at(v, start, nanAsZero);
    let r1 = at(v, start + 1, nanAsZero);
    let r2 = at(v, start + 2, nanAsZero);
    let r3 = at(v, start + 3, nanAsZero);
    let r4 = at(v, start + 4, nanAsZero);
    let r5 = at(v, start + 5, nanAsZero);
    let r6 = at(v, start + 6, nanAsZero);
    let r7 = at(v, start + 7, nanAsZero);
    const end8 = n - (n % 8);
    let i = 8;
    for (; i < end8; i += 8) {
      const b = start + i;
      r0 += at(v, b, nanAsZero);
      r1 += at(v, b + 1, nanAsZero);
      r2 += at(v, b + 2, nanAsZero);
      r3 += at(v, b + 3, nanAsZero);
      r4 += at(v, b + 4, nanAsZero);
      r5 += at(v, b + 5, nanAsZero);
      r6 += at(v, b + 6, nanAsZero);
      r7 += at(v, b + 7, nanAsZero);
    }
    let res = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += at(v, start + i, nanAsZero);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(v, start, n2, nanAsZero) + pairwise(v, start + n2, n - n2, nanAsZero);
}

/**
 * `np.sum` of a contiguous float64 array (pairwise summation inside 8192-element buffers), or `np.nansum`
 * when `skipNaN` (pandas and sklearn replace NaN by 0 and sum the whole array, which this reproduces).
 */
export function numpySum(v: Float64Array, skipNaN = false): number {
  let total = 0;
  for (let start = 0; start < v.length; start += NUMPY_BUFSIZE) {
    total += pairwise(v, start, Math.min(NUMPY_BUFSIZE, v.length - start), skipNaN);
  }
  return total;
}

export function countPresent(v: Float64Array): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) if (v[i] === v[i]) n++;
  return n;
}

/** pandas `Series.mean()` (skipna): NaN when nothing is present. */
export function nanMean(v: Float64Array): number {
  const n = countPresent(v);
  return n === 0 ? NaN : numpySum(v, true) / n;
}

/** pandas `Series.median()` (skipna): the middle value, or the mean of the two middle values. */
export function nanMedian(v: Float64Array): number {
  const present = new Float64Array(countPresent(v));
  let k = 0;
  for (let i = 0; i < v.length; i++) if (v[i] === v[i]) present[k++] = v[i];
  if (k === 0) return NaN;
  present.sort();
  const mid = k >> 1;
  return k % 2 === 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
}

/** `np.nanmin` / `np.nanmax`: NaN when nothing is present. */
export function nanMinMax(v: Float64Array): { min: number; max: number } {
  let min = NaN;
  let max = NaN;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== x) continue;
    if (!(x >= min)) min = x;
    if (!(x <= max)) max = x;
  }
  return { min, max };
}

/**
 * Mean and population variance exactly as scikit-learn's `_incremental_mean_and_var` computes them for a
 * first batch: the corrected two-pass algorithm, NaN ignored.
 */
export function nanMeanVar(v: Float64Array): { mean: number; variance: number; count: number } {
  const count = countPresent(v);
  const sum = numpySum(v, true);
  const mean = (0 + sum) / count;
  const t = sum / count;
  const temp = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) temp[i] = v[i] - t;
  const correction = numpySum(temp, true);
  for (let i = 0; i < temp.length; i++) temp[i] = temp[i] * temp[i];
  let unnormalized = numpySum(temp, true);
  unnormalized -= (correction * correction) / count;
  return { mean, variance: unnormalized / count, count };
}

/** float64 machine epsilon (np.finfo(np.float64).eps). */
export const EPS = 2.220446049250313e-16;

/** scikit-learn's `_is_constant_feature`: variance indistinguishable from 0 given the 2-pass error bound. */
export function isConstantFeature(variance: number, mean: number, n: number): boolean {
  const a = n * mean * EPS;
  const upper = n * EPS * variance + a * a;
  return variance <= upper;
}

/** JSON has no -0: storing +0 keeps a reloaded transformer bit-identical to the one that was saved. */
export function noNegZero(x: number): number {
  return x === 0 ? 0 : x;
}
