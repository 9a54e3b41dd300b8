import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { categoricalFromValues, Frame, numericColumn } from '../data/frame.js';
import { synthCsvChunks } from '../synth/csv-chunks.js';
import { ProfileAccumulator } from './accumulator.js';
import { MAX_EXACT_DISTINCT } from './numeric-acc.js';
import { profileCsvFile } from './read.js';

const dir = mkdtempSync(join(tmpdir(), 'custseg-eda-stream-'));

describe('streaming profile', () => {
  it('the profile does not depend on the batch size (8,000 synthetic customers)', async () => {
    const path = join(dir, 'synth.csv');
    writeFileSync(path, [...synthCsvChunks({ rows: 8000, seed: 3, withTarget: true })].join(''));
    const whole = await profileCsvFile(path, { batchRows: 100_000 });
    const small = await profileCsvFile(path, { batchRows: 7 });
    expect(small).toEqual(whole);
    expect(whole.overview.rows).toBe(8000);
    expect(whole.target!.classes).toEqual(['A', 'B', 'C', 'D']);
    expect(whole.columns.every((c) => !c.distinct_is_lower_bound)).toBe(true);
  });

  it('a column with more distinct values than MAX_EXACT_DISTINCT: exact moments, sampled quantiles, deterministic', () => {
    const n = 3 * MAX_EXACT_DISTINCT;
    const run = () => {
      const acc = new ProfileAccumulator({ source: 'big', targetName: 'y' });
      for (let start = 0; start < n; start += 5000) {
        const m = Math.min(5000, n - start);
        const x = Float64Array.from({ length: m }, (_, i) => ((start + i) * 7919) % n); // a permutation of 0..n-1
        const c = categoricalFromValues('c', Array.from({ length: m }, (_, i) => `k${(start + i) % 3}`));
        acc.add({ frame: new Frame([numericColumn('x', x), c]), target: Array.from({ length: m }, (_, i) => ((start + i) % 2 === 0 ? 'A' : 'B')) });
      }
      return acc.finish();
    };
    const p = run();
    const x = p.columns.find((c) => c.name === 'x')!;
    expect(x.distinct_is_lower_bound).toBe(true);
    const s = x.numeric!;
    expect([s.min, s.max, x.count]).toEqual([0, n - 1, n]);
    expect(s.mean).toBeCloseTo((n - 1) / 2, 6);
    expect(s.std).toBeCloseTo(Math.sqrt((n * (n + 1)) / 12), 3);
    expect(s.quantiles_exact).toBe(false);
    expect(Math.abs(s.median! - (n - 1) / 2)).toBeLessThan(0.02 * n);
    expect(s.histogram.reduce((a, b) => a + b.count, 0)).toBeGreaterThan(0.99 * n);
    expect(run()).toEqual(p);
  });

  it('the same rows in another order give the same figures (class order is sorted, categories by count)', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    const c = ['a', 'b', 'a', 'c', 'b', 'a', 'a', 'b'];
    const y = ['B', 'A', 'B', 'A', 'C', 'B', 'A', 'C'];
    const one = (order: number[]) =>
      new ProfileAccumulator({ targetName: 'y' })
        .add({
          frame: new Frame([numericColumn('x', Float64Array.from(order, (i) => x[i])), categoricalFromValues('c', order.map((i) => c[i]))]),
          target: order.map((i) => y[i]),
        })
        .finish();
    const a = one([0, 1, 2, 3, 4, 5, 6, 7]);
    const b = one([7, 6, 5, 4, 3, 2, 1, 0]);
    expect(b.target).toEqual(a.target);
    expect(b.columns).toEqual(a.columns);
    expect(b.correlations).toEqual(a.correlations);
  });
});
