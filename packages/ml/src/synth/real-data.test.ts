import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { realDataFile } from '../test-support/data.js';
import { generateCustomers } from './generate.js';

const train = realDataFile('train.csv');
const COLUMNS = ['Gender', 'Ever_Married', 'Graduated', 'Profession', 'Spending_Score', 'Var_1', 'Work_Experience', 'Family_Size'];

/** Per segment, per column, the share of each value ('' = missing) among the segment's rows. */
function frequencies(header: readonly string[], rows: number, cell: (i: number, j: number) => string) {
  const seg = header.indexOf('Segmentation');
  const out = new Map<string, Map<string, Map<string, number>>>();
  const sizes = new Map<string, number>();
  for (let i = 0; i < rows; i++) {
    const s = cell(i, seg);
    sizes.set(s, (sizes.get(s) ?? 0) + 1);
    if (!out.has(s)) out.set(s, new Map(COLUMNS.map((c) => [c, new Map()])));
    for (const c of COLUMNS) {
      // train.csv writes the integer columns as "1.0"; the generator writes "1".
      const raw = cell(i, header.indexOf(c));
      const v = raw === '' ? '' : /^\d+\.0$/.test(raw) ? raw.slice(0, -2) : raw;
      const m = out.get(s)!.get(c)!;
      m.set(v, (m.get(v) ?? 0) + 1);
    }
  }
  for (const [s, cols] of out) for (const m of cols.values()) for (const [v, n] of m) m.set(v, n / sizes.get(s)!);
  return out;
}

describe.skipIf(!train)('synthetic vs real train.csv', () => {
  it('per-segment category frequencies of 50k synthetic rows are within 0.05 of the real ones', () => {
    const records = parse(readFileSync(train!, 'utf8'), { bom: true }) as string[][];
    const [header, ...rows] = records;
    const real = frequencies(header, rows.length, (i, j) => rows[i][j].trim());
    const syn = generateCustomers({ rows: 50_000, seed: 4242 });
    const fake = frequencies(syn.header, 50_000, (i, j) => syn.columns[j][i]);

    expect([...fake.keys()].sort()).toEqual([...real.keys()].sort());
    let worst = { diff: 0, where: '' };
    for (const [s, cols] of real) {
      for (const c of COLUMNS) {
        const r = cols.get(c)!;
        const f = fake.get(s)!.get(c)!;
        // Same value sets, missing included: no invented categories, none lost.
        expect([...f.keys()].sort(), `${s} ${c}`).toEqual([...r.keys()].sort());
        for (const v of r.keys()) {
          const diff = Math.abs((f.get(v) ?? 0) - r.get(v)!);
          if (diff > worst.diff) worst = { diff, where: `${s} ${c}=${JSON.stringify(v)}` };
        }
      }
    }
    expect(worst.diff, worst.where).toBeLessThan(0.05);
  });
});
