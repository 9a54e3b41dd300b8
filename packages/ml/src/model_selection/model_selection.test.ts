import { describe, it, expect } from 'vitest';
import { UserError } from '../core/errors.js';
import type { Labels } from '../core/types.js';
import { Rng } from '../random/rng.js';
import { approximateMode, crossValidate, KFold, StratifiedKFold, trainTestSplit, type Fold } from './index.js';

function labels(codes: number[], classes?: string[]): Labels {
  const k = Math.max(...codes) + 1;
  return { codes: Int32Array.from(codes), classes: classes ?? Array.from({ length: k }, (_, i) => String.fromCharCode(65 + i)) };
}

function expectPartition(train: Int32Array, test: Int32Array, n: number): void {
  const all = [...train, ...test].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
  for (const part of [train, test]) for (let i = 1; i < part.length; i++) expect(part[i]).toBeGreaterThan(part[i - 1]);
}

describe('trainTestSplit', () => {
  const y = labels(Array.from({ length: 90 }, (_, i) => (i * 7) % 3));

  it('partitions the rows, sorted, with scikit-learn sizes', () => {
    const { train, test } = trainTestSplit(y, { seed: 1 });
    expect(test.length).toBe(Math.ceil(0.25 * 90));
    expectPartition(train, test, 90);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = trainTestSplit(y, { seed: 42 });
    const b = trainTestSplit(y, { seed: 42 });
    const c = trainTestSplit(y, { seed: 43 });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
    const p = trainTestSplit(90, { seed: 42 });
    expect(Array.from(p.test)).toEqual(Array.from(trainTestSplit(90, { seed: 42 }).test));
    expect(Array.from(p.test)).not.toEqual(Array.from(trainTestSplit(90, { seed: 7 }).test));
  });

  it('takes an absolute test size', () => {
    const { train, test } = trainTestSplit(y, { testSize: 10, seed: 0 });
    expect([train.length, test.length]).toEqual([80, 10]);
    expect(trainTestSplit(5, { testSize: 1 }).test.length).toBe(1);
  });

  it('stratifies two classes exactly and leaves rows unstratified on request', () => {
    const two = labels([...Array(30).fill(0), ...Array(10).fill(1)]);
    for (let seed = 0; seed < 10; seed++) {
      const { test } = trainTestSplit(two, { testSize: 0.2, seed });
      expect(Array.from(test).filter((i) => two.codes[i] === 1).length).toBe(2);
    }
    const plain = trainTestSplit(two, { testSize: 0.2, seed: 9, stratify: false });
    expect(plain.test.length).toBe(8);
  });

  it('handles a single class and a tiny set', () => {
    const one = labels([0, 0, 0, 0]);
    const { train, test } = trainTestSplit(one, { testSize: 0.5, seed: 2 });
    expect([train.length, test.length]).toEqual([2, 2]);
    const tiny = trainTestSplit(labels([0, 1, 0, 1]), { testSize: 2, seed: 3 });
    expect(Array.from(tiny.test, (i) => [0, 1, 0, 1][i]).sort()).toEqual([0, 1]);
  });

  it('rejects impossible sizes and options with clear errors', () => {
    expect(() => trainTestSplit(y, { testSize: 0 })).toThrow(UserError);
    expect(() => trainTestSplit(y, { testSize: 1.5 })).toThrow(/test_size=1.5/);
    expect(() => trainTestSplit(y, { testSize: 90 })).toThrow(/smaller than the number of samples 90/);
    expect(() => trainTestSplit(y, { seed: 0.5 })).toThrow(/seed must be an integer/);
    expect(() => trainTestSplit(-1)).toThrow(/non-negative integer/);
    expect(() => trainTestSplit(labels([0, 1, 1, 1]), { testSize: 0.5 })).toThrow(/only 1 member/);
  });

  it('does not mutate the labels', () => {
    const codes = Array.from(y.codes);
    trainTestSplit(y, { seed: 5 });
    expect(Array.from(y.codes)).toEqual(codes);
  });
});

describe('approximateMode', () => {
  it('splits proportionally and breaks remainder ties with the Rng', () => {
    expect(Array.from(approximateMode([10, 10, 10], 9, new Rng(0)))).toEqual([3, 3, 3]);
    const seen = new Set<string>();
    for (let s = 0; s < 30; s++) {
      const m = approximateMode([3, 3, 3], 4, new Rng(s));
      expect(m.reduce((a, b) => a + b, 0)).toBe(4);
      seen.add(Array.from(m).join());
    }
    expect(seen.size).toBe(3);
  });
});

describe('KFold', () => {
  it('shuffled folds are a deterministic partition', () => {
    const a = new KFold({ nSplits: 4, shuffle: true, seed: 8 }).split(10);
    const b = new KFold({ nSplits: 4, shuffle: true, seed: 8 }).split(10);
    expect(a.folds.map((f) => Array.from(f.test))).toEqual(b.folds.map((f) => Array.from(f.test)));
    expect(a.folds.map((f) => f.test.length)).toEqual([3, 3, 2, 2]);
    for (const f of a) expectPartition(f.train, f.test, 10);
    const testFolds = a.folds.map((f) => Array.from(f.test)).flat().sort((x, y) => x - y);
    expect(testFolds).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('validates options as scikit-learn', () => {
    expect(() => new KFold({ nSplits: 1 })).toThrow(/n_splits=2 or more/);
    expect(() => new KFold({ nSplits: 2.5 })).toThrow(/Integral/);
    expect(() => new KFold({ seed: 3 })).toThrow(/shuffle is false/);
  });
});

describe('StratifiedKFold', () => {
  const y = labels(Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? 1 : i % 3 === 0 ? 2 : 0)));

  it('every row is tested exactly once; train is the complement', () => {
    const folds = new StratifiedKFold({ nSplits: 5 }).split(y);
    expect(folds.length).toBe(5);
    const tested = new Int32Array(50);
    for (const f of folds) {
      expectPartition(f.train, f.test, 50);
      for (const i of f.test) tested[i]++;
    }
    expect(Array.from(tested).every((t) => t === 1)).toBe(true);
    folds.folds.forEach((f, i) => f.test.forEach((r) => expect(folds.testFold[r]).toBe(i)));
  });

  it('shuffle is deterministic per seed, differs across seeds, keeps fold sizes', () => {
    const plain = new StratifiedKFold({ nSplits: 5 }).split(y);
    const a = new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 1 }).split(y);
    const b = new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 1 }).split(y);
    const c = new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 2 }).split(y);
    expect(Array.from(a.testFold)).toEqual(Array.from(b.testFold));
    expect(Array.from(a.testFold)).not.toEqual(Array.from(c.testFold));
    expect(a.folds.map((f) => f.test.length)).toEqual(plain.folds.map((f) => f.test.length));
  });

  it('k = 2 with a small class: a warning, not an error', () => {
    const folds = new StratifiedKFold({ nSplits: 3 }).split(labels([0, 0, 0, 0, 0, 1, 1]));
    expect(folds.warnings).toEqual(['The least populated class in y has only 2 members, which is less than n_splits=3.']);
    expect(folds.folds.map((f) => f.test.length)).toEqual([3, 2, 2]);
  });

  it('a single class works; too many splits do not', () => {
    expect(new StratifiedKFold({ nSplits: 2 }).split(labels([0, 0, 0])).folds.map((f) => Array.from(f.test))).toEqual([[0, 1], [2]]);
    expect(() => new StratifiedKFold({ nSplits: 4 }).split(labels([0, 0, 0]))).toThrow(/greater than the number of samples/);
  });
});

describe('crossValidate', () => {
  const y = labels([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], ['a', 'b', 'c']);
  // A model that predicts the training class frequencies for every row.
  const prior = (train: Int32Array, test: Int32Array): Float64Array => {
    const freq = new Float64Array(3);
    for (const i of train) freq[y.codes[i]] += 1 / train.length;
    const out = new Float64Array(test.length * 3);
    for (let r = 0; r < test.length; r++) out.set(freq, r * 3);
    return out;
  };
  // A model that knows the answer.
  const oracle = (_train: Int32Array, test: Int32Array): Float64Array => {
    const out = new Float64Array(test.length * 3);
    test.forEach((i, r) => (out[r * 3 + y.codes[i]] = 1));
    return out;
  };

  it('scores each fold and summarises with mean and population std', () => {
    const calls: [number, number][] = [];
    // Each KFold test block holds one row of each class, so the prior is uniform on every fold.
    const res = crossValidate({ labels: y, folds: new KFold({ nSplits: 4 }).split(y), fitAndPredict: prior, onFold: (i, n) => calls.push([i, n]) });
    expect(calls).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    expect(res.folds).toHaveLength(4);
    for (const f of res.folds) {
      expect(f.accuracy).toBeCloseTo(1 / 3, 12);
      expect(f.log_loss).toBeCloseTo(Math.log(3), 12);
      expect(f.fit_seconds).toBeGreaterThanOrEqual(0);
    }
    expect(res.mean.log_loss).toBeCloseTo(Math.log(3), 12);
    expect(res.std.accuracy).toBeCloseTo(0, 12);

    const perfect = crossValidate({ labels: y, folds: new StratifiedKFold({ nSplits: 3 }).split(y), fitAndPredict: oracle });
    expect(perfect.mean.accuracy).toBe(1);
    expect(perfect.mean.macro_f1).toBe(1);
    expect(perfect.mean.log_loss).toBeLessThan(1e-12);
  });

  it('uses the population std of fold scores', () => {
    let fold = 0;
    const halfRight = (train: Int32Array, test: Int32Array): Float64Array => (fold++ === 0 ? oracle(train, test) : prior(train, test));
    const folds: Fold[] = [...new KFold({ nSplits: 2 }).split(12)];
    const res = crossValidate({ labels: y, folds, fitAndPredict: halfRight });
    const accs = res.folds.map((f) => f.accuracy);
    const m = (accs[0] + accs[1]) / 2;
    expect(res.std.accuracy).toBeCloseTo(Math.abs(accs[0] - m), 14);
  });

  it('a fold missing a class still gets a log loss', () => {
    const folds: Fold[] = [{ train: Int32Array.from([0, 1, 2, 3, 4, 5]), test: Int32Array.from([6, 7]) }];
    const res = crossValidate({ labels: y, folds, fitAndPredict: prior });
    expect(Number.isFinite(res.folds[0].log_loss)).toBe(true);
  });

  it('rejects wrong shapes and bad indices', () => {
    const folds = [...new KFold({ nSplits: 3 }).split(12)];
    expect(() => crossValidate({ labels: y, folds, fitAndPredict: () => new Float64Array(1) })).toThrow(/must return 4 × 3 probabilities/);
    expect(() => crossValidate({ labels: y, folds: [{ train: Int32Array.of(0), test: Int32Array.of(99) }], fitAndPredict: prior })).toThrow(/outside/);
    expect(() => crossValidate({ labels: labels([0, 0], ['only']), folds, fitAndPredict: prior })).toThrow(/two classes/);
    expect(() => crossValidate({ labels: y, folds: [], fitAndPredict: prior })).toThrow(/at least one fold/);
  });
});
