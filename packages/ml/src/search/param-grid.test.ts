import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { Rng } from '../random/rng.js';
import { fixture } from '../test-support/data.js';
import { ParameterGrid, type ParamGrid } from './param-grid.js';
import { ParameterSampler, sampleWithoutReplacement } from './param-sampler.js';

interface SearchFixture {
  parameter_grid: Record<string, { grid: ParamGrid | ParamGrid[]; candidates: Record<string, unknown>[]; size: number }>;
  parameter_sampler: Record<string, { n_iter: number; n_candidates: number; warnings: string[] }>;
}
const fx = await fixture<SearchFixture>('packages/ml/src/search/__fixtures__/sklearn-search.json');

describe('ParameterGrid matches scikit-learn', () => {
  for (const [name, ref] of Object.entries(fx.parameter_grid)) {
    it(`${name}: same candidates in the same order (sorted keys, last key fastest)`, () => {
      const grid = new ParameterGrid(ref.grid);
      expect(grid.size).toBe(ref.size);
      const all = [...grid];
      expect(all).toEqual(ref.candidates);
      // Key order inside each candidate too: sklearn builds the dicts in sorted key order.
      expect(all.map((c) => Object.keys(c))).toEqual(ref.candidates.map((c) => Object.keys(c)));
      expect(Array.from({ length: grid.size }, (_, i) => grid.at(i))).toEqual(all);
    });
  }

  it('refuses a single value, an empty list and a non-object grid', () => {
    expect(() => new ParameterGrid({ 'estimator.C': 1 } as unknown as ParamGrid)).toThrow(/needs to be a list.*wrapped in a list/);
    expect(() => new ParameterGrid({ 'estimator.C': [] })).toThrow(UserError);
    expect(() => new ParameterGrid([{ a: [1] }, 3 as unknown as ParamGrid])).toThrow(/Parameter grid 1 is not an object/);
    expect(() => new ParameterGrid({ a: [1] }).at(1)).toThrow(RangeError);
  });

  it('finds any candidate of a huge grid without listing it', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const grid = new ParameterGrid({ a: values, b: values, c: values, d: values, e: values });
    expect(grid.size).toBe(1e10);
    expect(grid.at(1e10 - 1)).toEqual({ a: 99, b: 99, c: 99, d: 99, e: 99 });
    expect(grid.at(1234567890)).toEqual({ a: 12, b: 34, c: 56, d: 78, e: 90 });
  });
});

describe('ParameterSampler (sklearn semantics, our Rng)', () => {
  it('samples lists without replacement and caps nIter at the grid with sklearn\'s warning', () => {
    for (const name of ['all_lists_small', 'all_lists_large'] as const) {
      const ref = fx.parameter_sampler[name];
      const dists = name === 'all_lists_small' ? { a: [1, 2], b: ['x'] } : { a: [0, 1, 2, 3, 4, 5], b: ['x', 'y'] };
      const s = new ParameterSampler(dists, ref.n_iter, 3);
      const c = s.samples();
      expect(c.length).toBe(ref.n_candidates);
      expect(new Set(c.map((p) => JSON.stringify(p))).size).toBe(c.length);
      expect(s.warnings).toEqual(ref.warnings);
    }
    // The whole grid when asked for all of it: a permutation of ParameterGrid.
    const full = new ParameterSampler({ a: [1, 2, 3], b: [true, false] }, 6, 1).samples();
    expect(full.map((p) => JSON.stringify(p)).sort()).toEqual([...new ParameterGrid({ a: [1, 2, 3], b: [true, false] })].map((p) => JSON.stringify(p)).sort());
  });

  it('samples with replacement, nIter times, once any distribution is continuous', () => {
    const ref = fx.parameter_sampler.continuous;
    const s = new ParameterSampler({ a: [1, 2], c: { uniform: [0, 1] } }, ref.n_iter, 0);
    expect(s.samples().length).toBe(ref.n_candidates);
    expect(s.warnings).toEqual([]);
    const many = new ParameterSampler({ a: [1, 2], c: { uniform: [0, 1] } }, 50, 0).samples();
    expect(many.filter((p) => p.a === 1).length).toBeGreaterThan(1);
    expect(many.every((p) => Object.keys(p).join() === 'a,c')).toBe(true);
  });

  it('draws each distribution in range: uniform, loguniform, randint (high exclusive)', () => {
    const s = new ParameterSampler({ u: { uniform: [2, 5] }, l: { loguniform: [1e-3, 1e3] }, r: { randint: [3, 6] } }, 2000, 9).samples();
    const u = s.map((p) => p.u as number);
    const l = s.map((p) => p.l as number);
    const r = s.map((p) => p.r as number);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...u)).toBeLessThan(5);
    expect(Math.min(...l)).toBeGreaterThanOrEqual(1e-3);
    expect(Math.max(...l)).toBeLessThan(1e3);
    // Log-uniform: about half the draws below the geometric midpoint 1.
    expect(Math.abs(l.filter((x) => x < 1).length / s.length - 0.5)).toBeLessThan(0.05);
    expect(new Set(r)).toEqual(new Set([3, 4, 5]));
    expect(r.every(Number.isInteger)).toBe(true);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const d = { a: [1, 2, 3], c: { loguniform: [0.01, 100] } } as const;
    expect(new ParameterSampler(d, 10, 42).samples()).toEqual(new ParameterSampler(d, 10, 42).samples());
    expect([...new ParameterSampler(d, 10, 42)]).toEqual(new ParameterSampler(d, 10, 42).samples());
    expect(new ParameterSampler(d, 10, 43).samples()).not.toEqual(new ParameterSampler(d, 10, 42).samples());
  });

  it('a list of distributions picks one per draw', () => {
    const s = new ParameterSampler([{ a: { uniform: [0, 1] } }, { b: [7] }], 40, 5).samples();
    expect(s.some((p) => 'a' in p && !('b' in p))).toBe(true);
    expect(s.some((p) => p.b === 7 && !('a' in p))).toBe(true);
  });

  it('refuses malformed distributions', () => {
    expect(() => new ParameterSampler({ a: { normal: [0, 1] } } as never)).toThrow(/must be a list or one of/);
    expect(() => new ParameterSampler({ a: { uniform: [1, 1] } })).toThrow(/lo < hi/);
    expect(() => new ParameterSampler({ a: { loguniform: [0, 1] } })).toThrow(/lo > 0/);
    expect(() => new ParameterSampler({ a: { randint: [0, 1.5] } })).toThrow(/integers/);
    expect(() => new ParameterSampler({ a: [] })).toThrow(/empty list/);
    expect(() => new ParameterSampler({ a: [1] }, 0)).toThrow(/nIter/);
  });

  it('sampleWithoutReplacement gives k distinct values, also from a space too big to list', () => {
    const rng = new Rng(3);
    const small = sampleWithoutReplacement(10, 10, rng);
    expect([...small].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const big = sampleWithoutReplacement(1e12, 1000, rng);
    expect(new Set(big).size).toBe(1000);
    expect(big.every((i) => Number.isInteger(i) && i >= 0 && i < 1e12)).toBe(true);
  });
});
