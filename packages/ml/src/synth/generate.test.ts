import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { fixture } from '../test-support/data.js';
import { generateCustomers, type SyntheticTable } from './generate.js';
import { loadSynthParams, type CategoricalNode, type QuantileNode } from './params.js';

const HEADER = ['ID', 'Gender', 'Ever_Married', 'Age', 'Graduated', 'Profession', 'Work_Experience', 'Spending_Score', 'Family_Size', 'Var_1', 'Segmentation'];
const FREQUENCY_COLUMNS = ['Gender', 'Ever_Married', 'Graduated', 'Profession', 'Spending_Score', 'Var_1', 'Work_Experience', 'Family_Size'];

interface RealSummary {
  segmentPriors: Record<string, number>;
  segments: Record<string, { frequencies: Record<string, Record<string, number>>; meanAge: number }>;
  dependences: {
    meanAgeByEverMarried: Record<'No' | 'Yes', number>;
    meanFamilySizeByEverMarried: Record<'No' | 'Yes', number>;
    shareLowSpendingByEverMarried: Record<'No' | 'Yes', number>;
    spearmanAgeWorkExperience: number;
  };
}

const params = loadSynthParams();
const N = 50_000;
const table = generateCustomers({ rows: N, seed: 20240607 });
const col = (t: SyntheticTable, name: string): string[] => t.columns[t.header.indexOf(name)];
const node = (name: string) => params.nodes.find((n) => n.name === name)!;
const segments = (node('Segmentation') as CategoricalNode).categories;

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Mean of one column over the rows where `where` holds and the value is present. */
function meanWhere(name: string, where: (i: number) => boolean): number {
  const values = col(table, name);
  const picked: number[] = [];
  for (let i = 0; i < N; i++) if (values[i] !== '' && where(i)) picked.push(Number(values[i]));
  return mean(picked);
}

describe('generateCustomers', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateCustomers({ rows: 500, seed: 7 });
    const b = generateCustomers({ rows: 500, seed: 7 });
    const c = generateCustomers({ rows: 500, seed: 8 });
    expect(a).toEqual(b);
    expect(c.header).toEqual(a.header);
    for (const name of ['Age', 'Profession', 'Segmentation']) expect(col(c, name)).not.toEqual(col(a, name));
    // The ID column is the same for any seed: only the customers differ.
    expect(col(c, 'ID')).toEqual(col(a, 'ID'));
  });

  it('writes the real header, with or without the target', () => {
    expect(table.header).toEqual(HEADER);
    expect(table.columns).toHaveLength(HEADER.length);
    for (const c of table.columns) expect(c).toHaveLength(N);
    const noTarget = generateCustomers({ rows: 10, seed: 1, withTarget: false });
    expect(noTarget.header).toEqual(HEADER.slice(0, -1));
    // Dropping the target does not change the customers.
    const withTarget = generateCustomers({ rows: 10, seed: 1 });
    expect(noTarget.columns).toEqual(withTarget.columns.slice(0, -1));
  });

  it('uses exactly the categories of the params, and all of them', () => {
    for (const name of [...FREQUENCY_COLUMNS, 'Segmentation']) {
      const seen = new Set(col(table, name));
      seen.delete('');
      expect([...seen].sort(), name).toEqual([...(node(name) as CategoricalNode).categories].sort());
    }
  });

  it('numbers: integer text within the real ranges', () => {
    const ranges: [string, number, number][] = [['Age', 18, 89], ['Work_Experience', 0, 14], ['Family_Size', 1, 9]];
    for (const [name, lo, hi] of ranges) {
      for (const v of col(table, name)) {
        if (v === '') continue;
        expect(v, name).toMatch(/^(0|[1-9]\d*)$/);
        const x = Number(v);
        if (x < lo || x > hi) expect.fail(`${name} ${v} outside [${lo}, ${hi}]`);
      }
    }
  });

  it('IDs: unique 6-digit integers from 100000 + idOffset', () => {
    const ids = col(table, 'ID');
    expect(ids[0]).toBe('100000');
    expect(ids[N - 1]).toBe(String(100000 + N - 1));
    expect(new Set(ids).size).toBe(N);
    const shifted = generateCustomers({ rows: 3, seed: 1, idOffset: 250 });
    expect(col(shifted, 'ID')).toEqual(['100250', '100251', '100252']);
  });

  it('missing rates within 1.5 points of the params', () => {
    const seg = col(table, 'Segmentation');
    const share = segments.map((s) => seg.filter((v) => v === s).length / N);
    for (const name of HEADER.slice(1, -1)) {
      const rates = params.missing[name] ?? segments.map(() => 0);
      const expected = rates.reduce((s, r, k) => s + r * share[k], 0);
      const observed = col(table, name).filter((v) => v === '').length / N;
      expect(Math.abs(observed - expected), name).toBeLessThan(0.015);
      if (expected === 0) expect(observed, name).toBe(0);
    }
  });

  it('segment priors within 1.5 points of the params', () => {
    const priors = (node('Segmentation') as CategoricalNode).probs[0];
    const seg = col(table, 'Segmentation');
    segments.forEach((s, k) => {
      const observed = seg.filter((v) => v === s).length / N;
      expect(Math.abs(observed - priors[k]), s).toBeLessThan(0.015);
    });
  });

  it('orders the segments by mean Age as the params do', () => {
    const bands = node('AgeBand') as CategoricalNode;
    const age = node('Age') as QuantileNode;
    const nb = bands.categories.length;
    // Mean of the piecewise-linear distribution of each (segment, band) row, weighted by P(band | segment).
    const expected = segments.map((_, s) => {
      let m = 0;
      for (let b = 0; b < nb; b++) {
        const q = age.quantiles[s * nb + b];
        let rowMean = 0;
        for (let a = 0; a + 1 < q.length; a++) rowMean += ((age.levels[a + 1] - age.levels[a]) * (q[a] + q[a + 1])) / 2;
        m += bands.probs[s][b] * rowMean;
      }
      return m;
    });
    const seg = col(table, 'Segmentation');
    const observed = segments.map((s) => meanWhere('Age', (i) => seg[i] === s));
    const order = (xs: number[]) => xs.map((_, k) => k).sort((p, q) => xs[p] - xs[q]);
    expect(order(observed)).toEqual(order(expected));
    observed.forEach((m, k) => expect(Math.abs(m - expected[k])).toBeLessThan(1));
  });

  it('matches the per-segment category frequencies of train.csv (committed summary) within 0.05', async () => {
    const real = await fixture<RealSummary>('packages/ml/src/synth/__fixtures__/real_summary.json');
    const seg = col(table, 'Segmentation');
    let worst = 0;
    for (const s of segments) {
      const rows = seg.flatMap((v, i) => (v === s ? [i] : []));
      for (const name of FREQUENCY_COLUMNS) {
        const values = col(table, name);
        const counts = new Map<string, number>();
        for (const i of rows) counts.set(values[i], (counts.get(values[i]) ?? 0) + 1);
        const realFreq = real.segments[s].frequencies[name];
        for (const key of new Set([...Object.keys(realFreq), ...counts.keys()])) {
          const diff = Math.abs((counts.get(key) ?? 0) / rows.length - (realFreq[key] ?? 0));
          worst = Math.max(worst, diff);
          expect(diff, `${s} ${name}=${JSON.stringify(key)}`).toBeLessThan(0.05);
        }
      }
    }
    expect(worst).toBeGreaterThan(0); // sampled, not copied
  });

  it('keeps the main dependences between features (committed summary of train.csv)', async () => {
    const { dependences: real, segments: realSegments } = await fixture<RealSummary>('packages/ml/src/synth/__fixtures__/real_summary.json');
    const married = col(table, 'Ever_Married');
    const spending = col(table, 'Spending_Score');
    for (const v of ['No', 'Yes'] as const) {
      expect(Math.abs(meanWhere('Age', (i) => married[i] === v) - real.meanAgeByEverMarried[v]), `Age | ${v}`).toBeLessThan(1.5);
      expect(Math.abs(meanWhere('Family_Size', (i) => married[i] === v) - real.meanFamilySizeByEverMarried[v]), `Family_Size | ${v}`).toBeLessThan(0.15);
      const ofV = married.flatMap((m, i) => (m === v ? [i] : []));
      const low = ofV.filter((i) => spending[i] === 'Low').length / ofV.length;
      expect(Math.abs(low - real.shareLowSpendingByEverMarried[v]), `Low spending | ${v}`).toBeLessThan(0.03);
    }
    // Older customers spend more, and have less work experience.
    const ageBy = (score: string) => meanWhere('Age', (i) => spending[i] === score);
    expect(ageBy('Low')).toBeLessThan(ageBy('Average'));
    expect(ageBy('Average')).toBeLessThan(ageBy('High'));
    const age = col(table, 'Age');
    expect(meanWhere('Work_Experience', (i) => Number(age[i]) >= 60)).toBeLessThan(meanWhere('Work_Experience', (i) => Number(age[i]) < 40));
    expect(real.spearmanAgeWorkExperience).toBeLessThan(0);
    const seg = col(table, 'Segmentation');
    for (const s of segments) expect(Math.abs(meanWhere('Age', (i) => seg[i] === s) - realSegments[s].meanAge), s).toBeLessThan(1.5);
  });

  it('handles zero rows', () => {
    const empty = generateCustomers({ rows: 0 });
    expect(empty.header).toEqual(HEADER);
    expect(empty.columns.every((c) => c.length === 0)).toBe(true);
  });

  it('rejects bad options with UserError', () => {
    for (const bad of [{ rows: -1 }, { rows: 1.5 }, { rows: NaN }, { rows: 1, seed: 0.5 }, { rows: 1, idOffset: -3 }, { rows: 1, withTarget: 'yes' as unknown as boolean }]) {
      expect(() => generateCustomers(bad), JSON.stringify(bad)).toThrow(UserError);
    }
  });
});
