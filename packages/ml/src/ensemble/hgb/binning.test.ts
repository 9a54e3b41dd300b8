import { describe, expect, it } from 'vitest';
import { makeMatrix } from '../../core/types.js';
import { UserError } from '../../core/errors.js';
import { ALMOST_INF, BINNING_SUBSAMPLE, BinMapper, findBinningThresholds, knownCategories } from './binning.js';

const col = (values: number[]) => makeMatrix(values.length, 1, ['x'], Float64Array.from(values));

describe('findBinningThresholds', () => {
  it('uses midpoints between distinct values when there are at most maxBins of them', () => {
    expect(Array.from(findBinningThresholds(Float64Array.of(3, 1, 2, 2, NaN, 1), 255))).toEqual([1.5, 2.5]);
  });

  it('has no thresholds for a constant or all-missing column', () => {
    expect(findBinningThresholds(Float64Array.of(4, 4, 4), 255).length).toBe(0);
    expect(findBinningThresholds(Float64Array.of(NaN, NaN), 255).length).toBe(0);
  });

  it('uses maxBins - 1 percentiles beyond maxBins distinct values', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i);
    const t = findBinningThresholds(values, 4);
    expect(Array.from(t)).toEqual([24.5, 49.5, 74.5]);
  });

  it('caps thresholds at ALMOST_INF, keeping +inf for the "all values left" split', () => {
    expect(Array.from(findBinningThresholds(Float64Array.of(0, Infinity), 255))).toEqual([ALMOST_INF]);
  });
});

describe('BinMapper', () => {
  it('bins values by upper bound and sends NaN to bin maxBins', () => {
    const X = col([1, 2, 3, NaN, 2, 1, 3]);
    const m = BinMapper.fit(X, 255, new Uint8Array(1), [null], 0);
    expect(Array.from(m.thresholds[0])).toEqual([1.5, 2.5]);
    expect(Array.from(m.transform(X))).toEqual([0, 1, 2, 255, 1, 0, 2]);
    // A value equal to a threshold belongs to the bin below it; beyond the last one, to the last bin.
    expect(Array.from(m.transform(col([1.5, 2.5, -Infinity, Infinity, 100])))).toEqual([0, 1, 0, 2, 2]);
    expect(Array.from(m.nBinsNonMissing)).toEqual([3]);
    expect(m.missingBin).toBe(255);
  });

  it('is column-major', () => {
    const X = makeMatrix(3, 2, ['a', 'b'], Float64Array.of(0, 10, 1, 20, 2, 30));
    const m = BinMapper.fit(X, 8, new Uint8Array(2), [null, null], 0);
    expect(Array.from(m.transform(X))).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('maps categories to their rank among the known ones; unknown, negative, fractional and NaN codes to the missing bin', () => {
    const X = col([0, 4, 2, 4, NaN, -1]);
    const known = knownCategories(X, 0, 255);
    expect(Array.from(known)).toEqual([0, 2, 4]);
    const m = BinMapper.fit(X, 255, Uint8Array.of(1), [known], 0);
    expect(Array.from(m.transform(X))).toEqual([0, 2, 1, 2, 255, 255]);
    expect(Array.from(m.transform(col([3, 1.5, 254, 7])))).toEqual([255, 255, 255, 255]);
  });

  it('rejects category codes that are fractional or not below maxBins', () => {
    expect(() => knownCategories(col([0, 1.5]), 0, 255)).toThrow(UserError);
    expect(() => knownCategories(col([0, 16]), 0, 16)).toThrow(/codes 0\.\.15/);
  });

  it(`finds thresholds on a seeded subsample of ${BINNING_SUBSAMPLE} rows for larger data`, () => {
    const n = BINNING_SUBSAMPLE + 5000;
    const X = makeMatrix(n, 1, ['x'], Float64Array.from({ length: n }, (_, i) => (i * 7919) % 100003));
    const a = BinMapper.fit(X, 255, new Uint8Array(1), [null], 3);
    const b = BinMapper.fit(X, 255, new Uint8Array(1), [null], 3);
    expect(a.thresholds[0].length).toBe(254);
    expect(Array.from(a.thresholds[0])).toEqual(Array.from(b.thresholds[0]));
    // Quantiles of a subsample stay close to the full data's (uniform on 0..100002).
    expect(Math.abs(a.thresholds[0][126] - 50000)).toBeLessThan(1500);
  });
});
