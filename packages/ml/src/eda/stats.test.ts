import { describe, expect, it } from 'vitest';
import { cramersV, mutualInfo } from './association.js';
import { psi } from './drift.js';
import { binIndex, decileEdges, histogram, quantile, type WeightedValues } from './stats.js';

function weighted(xs: number[]): WeightedValues {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  const keys = [...m.keys()].sort((a, b) => a - b);
  return { values: Float64Array.from(keys), counts: Float64Array.from(keys, (k) => m.get(k)!), total: xs.length };
}

describe('order statistics (values from numpy 1.24 / pandas 1.5)', () => {
  it('quantile: linear interpolation over repeated values', () => {
    const w = weighted([1, 2, 2, 3, 10]);
    // pd.Series([1,2,2,3,10]).quantile([0, .1, .25, .5, .9, 1]) = 1.0, 1.4, 2.0, 2.0, 7.200000000000001, 10.0
    expect([0, 0.1, 0.25, 0.5, 0.9, 1].map((q) => quantile(w, q))).toEqual([1, 1.4, 2, 2, 7.200000000000001, 10]);
    expect(quantile(weighted([]), 0.5)).toBeNull();
  });

  it('histogram: numpy.histogram bins with the last one closed', () => {
    // np.histogram([0, 1, 1, 2, 3, 4], bins=4) -> counts [1, 2, 1, 2], edges [0, 1, 2, 3, 4]
    expect(histogram(weighted([0, 1, 1, 2, 3, 4]), 4)).toEqual({ edges: [0, 1, 2, 3, 4], counts: [1, 2, 1, 2] });
  });

  it('decile edges drop repeats and bins include the lowest edge (pandas qcut)', () => {
    const w = weighted([1, 1, 1, 1, 1, 1, 2, 3, 4, 5]);
    const edges = decileEdges(w);
    // Series.quantile(linspace(0, 1, 11)) = [1.0 ×6, 1.4000000000000004, 2.3, 3.2, 4.1, 5.0]; qcut codes [0 ×6, 1, 2, 3, 4]
    expect(edges).toEqual([1, 1.4000000000000004, 2.3, 3.2, 4.1, 5]);
    expect([1, 1.4, 2, 5].map((x) => binIndex(edges, x))).toEqual([0, 0, 1, 4]);
    expect(binIndex(edges, 6)).toBe(-1);
  });
});

describe('association', () => {
  it("Cramér's V: 1 for a perfect relation, 0 for independence, chi² without correction", () => {
    expect(cramersV([[10, 0], [0, 10]])).toBe(1);
    expect(cramersV([[5, 5], [5, 5]])).toBe(0);
    // scipy: chi2_contingency([[10, 20], [30, 15]], correction=False)[0] = 8.035714285714285 -> V = sqrt(χ² / 75)
    expect(cramersV([[10, 20], [30, 15]])).toBeCloseTo(Math.sqrt(8.035714285714285 / 75), 14);
    expect(cramersV([[3, 4]])).toBe(0);
  });

  it('mutual information in nats equals sklearn mutual_info_score', () => {
    // mutual_info_score([0,0,1,1], [0,0,1,1]) = ln 2
    expect(mutualInfo([[2, 0], [0, 2]])).toBeCloseTo(Math.log(2), 15);
    expect(mutualInfo([[1, 1], [1, 1]])).toBe(0);
    // mutual_info_score([0,0,0,1,1,2], [0,1,0,1,1,1]) = 0.3182570841474065
    expect(mutualInfo([[2, 1], [0, 2], [0, 1]])).toBeCloseTo(0.3182570841474065, 14);
  });

  it('PSI: 0 for equal shares, symmetric form Σ(c−r)·ln(c/r), empty bins floored', () => {
    expect(psi([10, 20, 30], [1, 2, 3])).toBe(0);
    expect(psi([50, 50], [25, 75])).toBeCloseTo(-0.25 * Math.log(0.5) + 0.25 * Math.log(1.5), 15);
    expect(Number.isFinite(psi([10, 0], [5, 5]))).toBe(true);
  });
});
