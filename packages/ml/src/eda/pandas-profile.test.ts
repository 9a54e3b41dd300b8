import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, realDataFile } from '../test-support/data.js';
import { profileCsvFile } from './read.js';
import type { DataProfile } from './types.js';

// Figures from scripts/reference/eda.py (pandas 1.5, numpy, scipy, sklearn) on the real train.csv / test.csv.
interface PandasProfile {
  overview: { rows: number; duplicate_ids: number; duplicate_rows: number; missing_cells: number; rows_with_missing: number };
  columns: Record<
    string,
    {
      count: number;
      missing: number;
      distinct: number;
      min?: number;
      max?: number;
      mean?: number;
      std?: number;
      median?: number;
      quantiles?: Record<string, number>;
      histogram_counts?: number[];
      histogram_edges?: number[];
      outliers?: { lower_fence: number; upper_fence: number; low: number; high: number };
      frequencies?: Record<string, number>;
      rare_labels?: string[];
    }
  >;
  class_counts: Record<string, number>;
  relations: Record<string, { cramers_v: number; mutual_info: number; n_groups: number }>;
  missing_together: Record<string, { both: number; correlation: number }>;
  missing_vs_target: Record<string, number>;
  correlation: { columns: string[]; matrix: number[][] };
  drift: Record<string, { psi: number; reference: number[]; current: number[] }>;
}

const train = realDataFile('train.csv');
const test = realDataFile('test.csv');

describe.skipIf(!train || !test)('profile of train.csv equals pandas', () => {
  let ours: DataProfile;
  let ref: PandasProfile;
  beforeAll(async () => {
    ref = await fixture<PandasProfile>('packages/ml/src/eda/__fixtures__/pandas-profile.json');
    ours = await profileCsvFile(train!, { compare: test!, batchRows: 1000 });
  });
  const close = (a: number | null | undefined, b: number, tol = 1e-12) => expect(Math.abs((a ?? NaN) - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

  it('overview: rows, duplicates, missing cells', () => {
    expect(ours.overview.rows).toBe(ref.overview.rows);
    expect(ours.overview.duplicate_ids).toBe(ref.overview.duplicate_ids);
    expect(ours.overview.duplicate_rows).toBe(ref.overview.duplicate_rows);
    expect(ours.overview.missing_cells).toBe(ref.overview.missing_cells);
    expect(ours.missingness.rows_with_missing).toBe(ref.overview.rows_with_missing);
    expect(ours.columns.map((c) => c.name)).toEqual(Object.keys(ref.columns));
  });

  it('per column: counts, numeric statistics, quantiles, histogram, outliers, frequencies, rare labels', () => {
    for (const [name, r] of Object.entries(ref.columns)) {
      const c = ours.columns.find((x) => x.name === name)!;
      expect([name, c.count, c.missing, c.distinct]).toEqual([name, r.count, r.missing, r.distinct]);
      if (r.mean !== undefined) {
        const s = c.numeric!;
        expect(s.min).toBe(r.min);
        expect(s.max).toBe(r.max);
        close(s.mean, r.mean);
        close(s.std, r.std!);
        expect(s.median).toBe(r.median);
        for (const [q, v] of Object.entries(r.quantiles!)) expect([name, q, s.quantiles[q]]).toEqual([name, q, v]);
        expect(s.histogram.map((b) => b.count)).toEqual(r.histogram_counts);
        r.histogram_edges!.forEach((e, i) => close(i < s.histogram.length ? s.histogram[i].lo : s.histogram[i - 1].hi, e));
        expect(s.outliers).toEqual(r.outliers);
      }
      if (r.frequencies) {
        const f = Object.fromEntries(c.categorical!.frequencies.map((x) => [x.value, x.count]));
        expect(f).toEqual(r.frequencies);
        expect([...c.categorical!.rare_labels].sort()).toEqual(r.rare_labels);
      }
    }
  });

  it("class balance, Cramér's V and mutual information per feature", () => {
    const t = ours.target!;
    expect(Object.fromEntries(t.classes.map((c, k) => [c, t.counts[k]]))).toEqual(ref.class_counts);
    for (const [name, r] of Object.entries(ref.relations)) {
      const rel = t.relations.find((x) => x.feature === name)!;
      close(rel.cramers_v, r.cramers_v, 1e-12);
      close(rel.mutual_info, r.mutual_info, 1e-12);
      expect([name, rel.groups.length]).toEqual([name, r.n_groups]);
    }
    expect(t.relations.map((r) => r.rank)).toEqual(t.relations.map((_, i) => i + 1));
  });

  it('missingness: pairs missing together and relation to the target', () => {
    for (const [key, r] of Object.entries(ref.missing_together)) {
      const [a, b] = key.split('|');
      const ours2 = ours.missingness.together.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a))!;
      expect([key, ours2.both]).toEqual([key, r.both]);
      close(ours2.correlation, r.correlation, 1e-12);
    }
    for (const [col, v] of Object.entries(ref.missing_vs_target)) close(ours.missingness.vs_target.find((x) => x.column === col)!.cramers_v, v, 1e-12);
  });

  it('Pearson correlations equal DataFrame.corr()', () => {
    expect(ours.correlations.columns).toEqual(ref.correlation.columns);
    ref.correlation.matrix.forEach((row, i) => row.forEach((v, j) => close(ours.correlations.matrix[i][j], v, 1e-12)));
  });

  it('PSI of test.csv against train.csv per feature', () => {
    for (const [name, r] of Object.entries(ref.drift)) {
      const f = ours.drift!.features.find((x) => x.feature === name)!;
      expect([name, f.bins.map((b) => b.reference)]).toEqual([name, r.reference]);
      expect([name, f.bins.map((b) => b.current)]).toEqual([name, r.current]);
      close(f.psi, r.psi, 1e-12);
    }
  });
});
