/**
 * Reductions that add in the same order as numpy 1.24, so results match scikit-learn to the last bit
 * rather than to a tolerance: `np.sum` seeds with 0 and then uses pairwise summation (blocks of 128
 * in 8 interleaved accumulators), which a plain left-to-right loop does not reproduce.
 */

const BLOCK = 128;

function pairwise(a: ArrayLike<number>, start: number, n: number, stride: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i * stride];
    return res;
  }
  if (n <= BLOCK) {
    let r0 = a[start];
    let r1 = a[start + stride];
    let r2 = a[start + 2 * stride];
    let r3 = a[start + 3 * stride];
    let r4 = a[start + 4 * stride];
    let r5 = a[start + 5 * stride];
    let r6 = a[start + 6 * stride];
    let r7 = a[start + 7 * stride];
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      const o = start + i * stride;
      r0 += a[o];
      r1 += a[o + stride];
      r2 += a[o + 2 * stride];
      r3 += a[o + 3 * stride];
      r4 += a[o + 4 * stride];
      r5 += a[o + 5 * stride];
      r6 += a[o + 6 * stride];
      r7 += a[o + 7 * stride];
    }
    let res = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i * stride];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2, stride) + pairwise(a, start + n2 * stride, n - n2, stride);
}

/** `np.sum` of `n` elements starting at `start`, `stride` apart (default: the whole array). */
export function npSum(a: ArrayLike<number>, start = 0, n = a.length - start, stride = 1): number {
  return 0 + pairwise(a, start, n, stride);
}

/** `np.mean`. NaN for an empty array, as numpy (which also warns). */
export function npMean(a: ArrayLike<number>): number {
  return npSum(a) / a.length;
}

/** `np.std` with ddof=0 (population), the spread scikit-learn reports in `cv_results_`. */
export function npStd(a: ArrayLike<number>): number {
  const n = a.length;
  const m = npSum(a) / n;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[i] - m;
    sq[i] = d * d;
  }
  return Math.sqrt(npSum(sq) / n);
}

/** `np.average(a, weights=w)`: sum(a*w) / sum(w), each summed pairwise. */
export function npAverage(a: ArrayLike<number>, weights?: ArrayLike<number>): number {
  if (!weights) return npMean(a);
  const n = a.length;
  const prod = new Float64Array(n);
  for (let i = 0; i < n; i++) prod[i] = a[i] * weights[i];
  return npSum(prod) / npSum(weights);
}

/** `np.trapz(y, x)`: sum of (x[i+1]-x[i]) * (y[i+1]+y[i]) / 2, summed pairwise. */
export function npTrapz(y: ArrayLike<number>, x: ArrayLike<number>): number {
  const m = y.length - 1;
  if (m <= 0) return 0;
  const parts = new Float64Array(m);
  for (let i = 0; i < m; i++) parts[i] = ((x[i + 1] - x[i]) * (y[i + 1] + y[i])) / 2.0;
  return npSum(parts);
}
