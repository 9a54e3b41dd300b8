import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { profileCsvFile } from './read.js';
import { profileFrame, trainingBlocker } from './profile.js';
import { categoricalFromValues, Frame, numericColumn } from '../data/frame.js';

const dir = mkdtempSync(join(tmpdir(), 'custseg-eda-'));
function csv(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('edge cases', () => {
  it('an all-missing column: counted as missing everywhere, no statistics, a warning', async () => {
    const p = await profileCsvFile(csv('allmissing.csv', 'ID,a,b,Segmentation\n1,,x,A\n2,,y,B\n3,NA,x,A\n'));
    const a = p.columns.find((c) => c.name === 'a')!;
    expect([a.count, a.missing, a.missing_pct, a.distinct]).toEqual([0, 3, 100, 0]);
    expect(a.type).toBe('categorical');
    expect(a.categorical!.frequencies).toEqual([]);
    expect(p.warnings).toContain('a is missing in every row.');
    const rel = p.target!.relations.find((r) => r.feature === 'a')!;
    expect(rel.cramers_v).toBe(0);
    expect(rel.mutual_info).toBe(0);
    expect(p.missingness.patterns[0]).toEqual({ columns: ['a'], count: 3 });
  });

  it('a constant column: zero spread, numpy histogram range v ± 0.5, one decile group, a warning', async () => {
    const p = await profileCsvFile(csv('constant.csv', 'x,k,Segmentation\n5,c,A\n5,c,B\n5,c,B\n'));
    const x = p.columns.find((c) => c.name === 'x')!.numeric!;
    expect([x.min, x.max, x.mean, x.std, x.median]).toEqual([5, 5, 5, 0, 5]);
    expect(x.histogram).toEqual([{ lo: 4.5, hi: 5.5, count: 3 }]);
    expect(x.outliers).toEqual({ lower_fence: 5, upper_fence: 5, low: 0, high: 0 });
    expect(p.target!.relations.find((r) => r.feature === 'x')!.groups).toHaveLength(1);
    expect(p.correlations.matrix).toEqual([[null]]);
    expect(p.warnings).toContain('x is constant (every present value is the same): it cannot help a model.');
    expect(p.warnings).toContain('k is constant (every present value is the same): it cannot help a model.');
  });

  it('one row: std undefined, quantiles the value itself, a single class blocks training', async () => {
    const p = await profileCsvFile(csv('one.csv', 'ID,Age,Gender,Segmentation\n7,33,Male,C\n'));
    const age = p.columns.find((c) => c.name === 'Age')!.numeric!;
    expect(age.std).toBeNull();
    expect(Object.values(age.quantiles)).toEqual(Array(9).fill(33));
    expect(p.overview).toMatchObject({ rows: 1, duplicate_ids: 0, duplicate_rows: 0, missing_cells: 0 });
    expect(trainingBlocker(p)).toBe('one.csv: the target Segmentation has a single class (C); training needs at least two');
  });

  it('a header only: zero rows, and training is refused', async () => {
    const p = await profileCsvFile(csv('header.csv', 'ID,Age,Segmentation\n'));
    expect(p.overview.rows).toBe(0);
    expect(trainingBlocker(p)).toBe('header.csv: the file has a header but no data rows');
  });

  it('an empty file and a missing file are one-line data errors naming the file', async () => {
    const empty = csv('empty.csv', '');
    await expect(profileCsvFile(empty)).rejects.toBeInstanceOf(DataError);
    await expect(profileCsvFile(empty)).rejects.toThrow('empty.csv: the file is empty (expected a header line)');
    await expect(profileCsvFile(join(dir, 'nope.csv'))).rejects.toThrow('nope.csv: no such file');
    await expect(profileCsvFile(csv('t.csv', 'a,b\n1,2\n'), { target: 'y' })).rejects.toThrow('t.csv: the target column y is not in the header (a, b)');
  });

  it('no target: no relations and training is refused', async () => {
    const p = await profileCsvFile(csv('notarget.csv', 'a,b\n1,x\n2,y\n'));
    expect(p.target).toBeNull();
    expect(trainingBlocker(p)).toBe('notarget.csv: no target column, so there is nothing to train on');
  });

  it('unicode headers and values are kept and escaped as text', async () => {
    const p = await profileCsvFile(csv('uni.csv', 'Âge,Профессия,客户群\n30,врач,A\n40,инженер,B\n50,врач,A\n'), { target: '客户群' });
    expect(p.columns.map((c) => c.name)).toEqual(['Âge', 'Профессия', '客户群']);
    expect(p.target!.classes).toEqual(['A', 'B']);
    expect(p.columns[1].categorical!.frequencies[0]).toEqual({ value: 'врач', count: 2, share: 2 / 3 });
  });

  it('quoted fields with commas are one value', async () => {
    const p = await profileCsvFile(csv('quoted.csv', 'city,n,Segmentation\n"Paris, France",1,A\n"Paris, France",2,B\n"Lyon, ""Rhône""",3,A\n'));
    const city = p.columns.find((c) => c.name === 'city')!;
    expect(city.categorical!.frequencies.map((f) => [f.value, f.count])).toEqual([
      ['Paris, France', 2],
      ['Lyon, "Rhône"', 1],
    ]);
  });

  it('a value that is not a number after many numeric rows makes the column categorical (types come from every row)', async () => {
    const lines = Array.from({ length: 25_000 }, (_, i) => `${i % 90},A`);
    lines.push('unknown,B');
    const p = await profileCsvFile(csv('late.csv', `x,Segmentation\n${lines.join('\n')}\n`), { batchRows: 1000 });
    expect(p.columns[0].type).toBe('categorical');
  });

  it('a row with too many fields is an error naming the line', async () => {
    await expect(profileCsvFile(csv('bad.csv', 'a,b\n1,2\n3,4,5\n'))).rejects.toThrow(/bad\.csv line 3: expected 2 fields like the header, got 3/);
  });

  it('profileFrame works on a frame and labels directly, same as the file reader', () => {
    const frame = new Frame([numericColumn('x', Float64Array.from([1, 2, NaN, 4])), categoricalFromValues('c', ['a', null, 'a', 'b'])]);
    const p = profileFrame(frame, { labels: ['A', 'B', 'A', null], targetName: 'y', source: 'mem' });
    expect(p.target!.counts).toEqual([2, 1]);
    expect(p.target!.missing).toBe(1);
    expect(p.overview.missing_cells).toBe(3);
    expect(p.missingness.vs_target.map((v) => [v.column, v.missing_counts, v.present_counts])).toEqual([
      ['x', [1, 0], [1, 1]],
      ['c', [0, 1], [2, 0]],
    ]);
  });
});
