import { describe, expect, it } from 'vitest';
import { isConstantFeature, nanMean, nanMeanVar, nanMedian, nanMinMax, noNegZero, numpySum } from './numeric-stats.js';

/** Same formula as the Python generator of the expected sums below (IEEE-exact on both sides). */
function arr(n: number, nanEvery = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (nanEvery && i % nanEvery === 0 ? NaN : (i % 7) * 0.1 + 1 / (i + 1) - (i % 3) * 1e3));
}

// [length, np.sum(a), np.nansum(a with a[::13] = NaN)] from numpy 1.24 (naive summation disagrees with most).
const NUMPY: [number, number, number][] = [
  [0, 0, 0],
  [1, 1, 0],
  [5, -3996.7166666666667, -3997.7166666666667],
  [8, -6995.182142857142, -6996.182142857142],
  [9, -8994.97103174603, -8995.97103174603],
  [127, -125956.77466540741, -116961.1836766344],
  [128, -126956.66685290741, -117961.07586413441],
  [129, -128956.45910096943, -119960.86811219645],
  [1000, -998692.8145291394, -922717.2834244496],
  [8191, -8187533.411932024, -7557723.943006748],
  [8192, -8188533.311809953, -7558723.842884678],
  [8193, -8190533.111687898, -7560723.642762623],
  [9000, -8997290.817748923, -8304500.256037814],
  [20000, -19992989.81927178, -18454453.318960197],
];

describe('numpySum', () => {
  it.each(NUMPY)('equals numpy bit for bit for length %i (sum and nansum)', (n, sum, nansum) => {
    expect(numpySum(arr(n))).toBe(sum);
    expect(numpySum(arr(n, 13), true)).toBe(nansum);
  });

  it('propagates NaN unless asked to skip it', () => {
    expect(numpySum(Float64Array.of(1, NaN, 2))).toBeNaN();
    expect(numpySum(Float64Array.of(1, NaN, 2), true)).toBe(3);
  });
});

describe('pandas-style mean and median', () => {
  it('skips NaN and is NaN when nothing is present', () => {
    expect(nanMean(Float64Array.of(1, NaN, 2, 6))).toBe(3);
    expect(nanMean(Float64Array.of(NaN, NaN))).toBeNaN();
    expect(nanMedian(Float64Array.of())).toBeNaN();
  });

  it('median takes the middle value, or averages the two middle values', () => {
    expect(nanMedian(Float64Array.of(5, NaN, 1, 3))).toBe(3);
    expect(nanMedian(Float64Array.of(4, 1, NaN, 3, 2))).toBe(2.5);
    expect(nanMedian(Float64Array.of(-1, 10))).toBe(4.5);
  });

  it('min/max ignore NaN', () => {
    expect(nanMinMax(Float64Array.of(NaN, 3, -2, NaN, 7))).toEqual({ min: -2, max: 7 });
    expect(nanMinMax(Float64Array.of(NaN))).toEqual({ min: NaN, max: NaN });
  });
});

describe('sklearn-style variance and constant detection', () => {
  it('computes the population variance, ignoring NaN', () => {
    const s = nanMeanVar(Float64Array.of(2, 4, NaN, 4, 4, 5, 5, 7, 9));
    expect(s).toEqual({ mean: 5, variance: 4, count: 8 });
  });

  it('treats a variance within the two-pass error bound as constant', () => {
    expect(isConstantFeature(0, 0.1, 9)).toBe(true);
    // 1e9 with one value nudged by 1e-6: variance ~8e-14 is below n * (n * mean * eps)^2 ~ 5e-12.
    expect(isConstantFeature(8.185452315956354e-14, 1e9, 10)).toBe(true);
    expect(isConstantFeature(1e-3, 1, 10)).toBe(false);
  });

  it('noNegZero turns -0 into +0 and leaves everything else alone', () => {
    expect(Object.is(noNegZero(-0), 0)).toBe(true);
    expect(noNegZero(-1.5)).toBe(-1.5);
    expect(noNegZero(NaN)).toBeNaN();
  });
});
