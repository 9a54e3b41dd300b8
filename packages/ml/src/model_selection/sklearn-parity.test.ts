import { describe, it, expect } from 'vitest';
import { fixture, realDataFile } from '../test-support/data.js';
import { readCsvFile } from '../data/csv.js';
import type { Labels } from '../core/types.js';
import { Rng } from '../random/rng.js';
import { npMean, npStd } from '../metrics/numeric.js';
import { trainTestSplit } from './trainTestSplit.js';
import { StratifiedKFold } from './stratifiedKFold.js';
import { KFold } from './kfold.js';

type Err = { error: string };
interface Outcome {
  train: number[];
  test: number[];
}
interface SplitCounts {
  n_train: number;
  n_test: number;
  outcomes: Outcome[];
}
interface Doc {
  sklearn: string;
  train_test_split: { counts: number[]; test_size: number; stratified: SplitCounts | Err; plain: Omit<SplitCounts, 'outcomes'> | Err }[];
  stratified_kfold: ({ y: number[]; n_splits: number } & ({ warnings: string[]; test: number[][]; shuffled_class_counts: number[][] } | Err))[];
  kfold: ({ n: number; n_splits: number } & ({ test: number[][] } | Err))[];
  mean_std: { a: number[]; mean: number; std: number }[];
  real_data: null | {
    n: number;
    classes: string[];
    class_counts: number[];
    train_test_split: ({ test_size: number } & SplitCounts)[];
    stratified_kfold_5: { size: number; class_counts: number[]; index_sum: number; index_square_sum: number; first: number[] }[];
  };
}

const doc = await fixture<Doc>('packages/ml/src/model_selection/__fixtures__/sklearn-splits.json');

/** Labels with the given class counts, rows in a seeded random order. */
function labelsFromCounts(counts: number[], seed = 1): Labels {
  const codes: number[] = [];
  counts.forEach((c, k) => {
    for (let i = 0; i < c; i++) codes.push(k);
  });
  return { codes: new Rng(seed).shuffle(Int32Array.from(codes)), classes: counts.map((_, k) => `c${k}`) };
}

function bincount(codes: Int32Array, idx: Int32Array, k: number): number[] {
  const out = new Array<number>(k).fill(0);
  for (const i of idx) out[codes[i]]++;
  return out;
}

function isErr(x: object): x is Err {
  return 'error' in x;
}

describe(`trainTestSplit matches scikit-learn ${doc.sklearn}`, () => {
  for (const c of doc.train_test_split) {
    it(`counts ${JSON.stringify(c.counts)}, test_size ${c.test_size}`, () => {
      const labels = labelsFromCounts(c.counts);
      const k = c.counts.length;
      if (isErr(c.stratified)) {
        expect(() => trainTestSplit(labels, { testSize: c.test_size, seed: 3 })).toThrow(c.stratified.error);
      } else {
        const allowed = c.stratified.outcomes.map((o) => JSON.stringify(o));
        const seen = new Set<string>();
        for (let seed = 0; seed < 40; seed++) {
          const { train, test } = trainTestSplit(labels, { testSize: c.test_size, seed });
          expect([train.length, test.length]).toEqual([c.stratified.n_train, c.stratified.n_test]);
          const got = JSON.stringify({ train: bincount(labels.codes, train, k), test: bincount(labels.codes, test, k) });
          expect(allowed).toContain(got);
          seen.add(got);
        }
        // Where scikit-learn breaks remainder ties at random, our Rng reaches every one of its outcomes.
        expect(seen.size).toBe(allowed.length);
      }
      if (isErr(c.plain)) {
        expect(() => trainTestSplit(labels.codes.length, { testSize: c.test_size })).toThrow(c.plain.error);
      } else {
        const { train, test } = trainTestSplit(labels, { testSize: c.test_size, stratify: false, seed: 5 });
        expect([train.length, test.length]).toEqual([c.plain.n_train, c.plain.n_test]);
      }
    });
  }
});

describe(`StratifiedKFold matches scikit-learn ${doc.sklearn}`, () => {
  for (const c of doc.stratified_kfold) {
    it(`y of ${c.y.length} rows, ${c.n_splits} splits`, () => {
      const y = Int32Array.from(c.y);
      if (isErr(c)) {
        expect(() => new StratifiedKFold({ nSplits: c.n_splits }).split(y)).toThrow(c.error);
        return;
      }
      const folds = new StratifiedKFold({ nSplits: c.n_splits }).split(y);
      expect(folds.folds.map((f) => Array.from(f.test))).toEqual(c.test);
      expect(folds.warnings).toEqual(c.warnings);
      for (const f of folds) expect(f.train.length + f.test.length).toBe(y.length);

      const k = Math.max(...c.y) + 1;
      for (const seed of [0, 1, 2]) {
        const shuffled = new StratifiedKFold({ nSplits: c.n_splits, shuffle: true, seed }).split(y);
        expect(shuffled.folds.map((f) => bincount(y, f.test, k))).toEqual(c.shuffled_class_counts);
      }
    });
  }
});

describe(`KFold matches scikit-learn ${doc.sklearn}`, () => {
  for (const c of doc.kfold) {
    it(`${c.n} rows, ${c.n_splits} splits`, () => {
      if (isErr(c)) {
        expect(() => new KFold({ nSplits: c.n_splits }).split(c.n)).toThrow(c.error);
        return;
      }
      expect(new KFold({ nSplits: c.n_splits }).split(c.n).folds.map((f) => Array.from(f.test))).toEqual(c.test);
    });
  }
});

describe('mean and population std as numpy', () => {
  it('bit for bit', () => {
    for (const m of doc.mean_std) {
      expect(npMean(m.a)).toBe(m.mean);
      expect(npStd(m.a)).toBe(m.std);
    }
  });
});

const trainCsv = realDataFile('train.csv');
describe.skipIf(!trainCsv || !doc.real_data)('real customer-segmentation labels', () => {
  it('stratified split and 5-fold assignment equal scikit-learn’s', async () => {
    const real = doc.real_data!;
    const { labels } = await readCsvFile(trainCsv!);
    expect(labels).toBeDefined();
    const y = labels!;
    expect(y.codes.length).toBe(real.n);
    expect([...y.classes]).toEqual(real.classes);

    for (const s of real.train_test_split) {
      const { train, test } = trainTestSplit(y, { testSize: s.test_size, seed: 11 });
      expect([train.length, test.length]).toEqual([s.n_train, s.n_test]);
      expect(s.outcomes.map((o) => JSON.stringify(o))).toContain(
        JSON.stringify({ train: bincount(y.codes, train, 4), test: bincount(y.codes, test, 4) }),
      );
    }

    const folds = new StratifiedKFold({ nSplits: 5 }).split(y);
    folds.folds.forEach((f, i) => {
      const want = real.stratified_kfold_5[i];
      let sum = 0;
      let sq = 0;
      for (const j of f.test) {
        sum += j;
        sq += j * j;
      }
      expect({ size: f.test.length, class_counts: bincount(y.codes, f.test, 4), index_sum: sum, index_square_sum: sq, first: Array.from(f.test.slice(0, 5)) }).toEqual(want);
    });
  });
});
