import { describe, expect, it } from 'vitest';
import { DataError, ModelFormatError, UserError } from '../core/errors.js';
import { classifierFromJSON } from '../core/registry.js';
import { makeMatrix } from '../core/types.js';
import { Rng } from '../random/rng.js';
import { expectSameBits } from '../test-support/conformance-classifier.js';
import { DecisionTreeClassifier } from './index.js';
import { deriveSeed } from './seed.js';
import { mixedDataset } from './test-support/datasets.js';
import { TreeRandom } from './tree-random.js';

describe('DecisionTreeClassifier options', () => {
  it('has sklearn defaults and writes every parameter, unset ones as null', () => {
    expect(new DecisionTreeClassifier().toJSON()).toEqual({
      type: 'DecisionTreeClassifier',
      params: {
        criterion: 'gini',
        maxDepth: null,
        minSamplesSplit: 2,
        minSamplesLeaf: 1,
        maxFeatures: null,
        classWeight: null,
        randomState: 0,
        minImpurityDecrease: 0,
      },
    });
  });

  const invalid: [string, object, RegExp][] = [
    ['criterion', { criterion: 'mse' }, /criterion/],
    ['maxDepth 0', { maxDepth: 0 }, /maxDepth/],
    ['maxDepth 2.5', { maxDepth: 2.5 }, /maxDepth/],
    ['minSamplesSplit 1', { minSamplesSplit: 1 }, /minSamplesSplit/],
    ['minSamplesLeaf 0', { minSamplesLeaf: 0 }, /minSamplesLeaf/],
    ['minSamplesLeaf 1.5', { minSamplesLeaf: 1.5 }, /minSamplesLeaf/],
    ['maxFeatures auto', { maxFeatures: 'auto' }, /maxFeatures/],
    ['maxFeatures 0', { maxFeatures: 0 }, /maxFeatures/],
    ['classWeight list', { classWeight: [1, 2] }, /classWeight/],
    ['classWeight negative', { classWeight: { a: -1 } }, /classWeight/],
    ['randomState', { randomState: 1.5 }, /randomState/],
    ['minImpurityDecrease', { minImpurityDecrease: -1 }, /minImpurityDecrease/],
    ['an unknown option', { max_depth: 3 }, /unknown option "max_depth"/],
  ];
  for (const [what, options, message] of invalid) {
    it(`rejects ${what}`, () => expect(() => new DecisionTreeClassifier(options as never)).toThrow(message));
  }

  it('rejects more features than columns at fit, as sklearn', () => {
    const { X, y } = mixedDataset(50, 2);
    expect(() => new DecisionTreeClassifier({ maxFeatures: 6 }).fit(X, y)).toThrow(/maxFeatures/);
  });
});

describe('DecisionTreeClassifier', () => {
  it('refuses NaN and infinity at fit and at prediction, naming the column', () => {
    const { X, y } = mixedDataset(40, 2);
    const data = X.data.slice();
    data[7 * 5 + 3] = NaN;
    const withNaN = makeMatrix(40, 5, X.columnNames, data);
    expect(() => new DecisionTreeClassifier().fit(withNaN, y)).toThrow(DataError);
    expect(() => new DecisionTreeClassifier().fit(withNaN, y)).toThrow(/column "age" has a missing value \(NaN\) at row 7/);
    const model = new DecisionTreeClassifier().fit(X, y);
    expect(() => model.predictProba(withNaN)).toThrow(/column "age"/);
    data[7 * 5 + 3] = 1e39;
    expect(() => model.predict(makeMatrix(40, 5, X.columnNames, data))).toThrow(/too large for float32/);
    expect(() => model.predictProbaRow([0, 0, 0, Infinity, 0])).toThrow(UserError);
  });

  it('fully grown, it fits training rows without duplicates exactly', () => {
    const { X, y } = mixedDataset(300, 3, 9);
    const model = new DecisionTreeClassifier().fit(X, y);
    expect(Array.from(model.predict(X))).toEqual(Array.from(y.codes));
    expect(model.getNLeaves()).toBe((model.tree.nNodes + 1) / 2);
  });

  it('respects maxDepth, minSamplesLeaf and minSamplesSplit', () => {
    const { X, y } = mixedDataset(400, 3, 5);
    expect(new DecisionTreeClassifier({ maxDepth: 3 }).fit(X, y).getDepth()).toBe(3);
    const leafy = new DecisionTreeClassifier({ minSamplesLeaf: 20 }).fit(X, y).tree;
    const split = new DecisionTreeClassifier({ minSamplesSplit: 50 }).fit(X, y).tree;
    // Unweighted: node sample counts are the value sums.
    for (let i = 0; i < leafy.nNodes; i++) if (leafy.left[i] === -1) expect(leafy.value[i * 3] + leafy.value[i * 3 + 1] + leafy.value[i * 3 + 2]).toBeGreaterThanOrEqual(20);
    for (let i = 0; i < split.nNodes; i++) {
      if (split.left[i] !== -1) expect(split.value[i * 3] + split.value[i * 3 + 1] + split.value[i * 3 + 2]).toBeGreaterThanOrEqual(50);
    }
    // A fraction means a fraction of the rows (ceil), as sklearn's floats.
    const frac = new DecisionTreeClassifier({ minSamplesLeaf: 0.05 }).fit(X, y).tree;
    for (let i = 0; i < frac.nNodes; i++) if (frac.left[i] === -1) expect(frac.value[i * 3] + frac.value[i * 3 + 1] + frac.value[i * 3 + 2]).toBeGreaterThanOrEqual(20);
  });

  it('gives class weights as weights: zero-weight classes take no part, balanced reweights', () => {
    const { X, y } = mixedDataset(300, 3, 6);
    const tree = new DecisionTreeClassifier({ classWeight: { class0: 0, class1: 1, class2: 2 } }).fit(X, y).tree;
    expect(tree.value[0]).toBe(0);
    const counts = [0, 0, 0];
    for (const c of y.codes) counts[c]++;
    expect(tree.value[1]).toBe(counts[1]);
    expect(tree.value[2]).toBe(2 * counts[2]);
    const balanced = new DecisionTreeClassifier({ classWeight: 'balanced' }).fit(X, y).tree;
    for (let c = 0; c < 3; c++) expect(balanced.value[c]).toBeCloseTo(100, 10);
    expect(() => new DecisionTreeClassifier({ classWeight: { nope: 2 } }).fit(X, y)).toThrow(/not classes/);
  });

  it('predictProbaRow gives the rows of predictProba, bit for bit', () => {
    const { X, y } = mixedDataset(200, 4, 8);
    const model = new DecisionTreeClassifier({ maxDepth: 6 }).fit(X, y);
    const all = model.predictProba(X);
    const out = new Float64Array(4);
    for (let i = 0; i < X.nRows; i++) {
      expect(model.predictProbaRow(X.data.subarray(i * 5, i * 5 + 5), out)).toBe(out);
      expectSameBits(out, all.subarray(i * 4, i * 4 + 4), `row ${i}`);
    }
    expect(() => model.predictProbaRow([1, 2])).toThrow(/columns/);
  });

  it('reports impurity importances that sum to 1, on the informative columns', () => {
    const { X, y } = mixedDataset(600, 3, 2);
    const imp = new DecisionTreeClassifier({ maxDepth: 4 }).fit(X, y).featureImportances;
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const v of imp) expect(v).toBeGreaterThanOrEqual(0);
    const lone = new DecisionTreeClassifier().fit(X, { codes: new Int32Array(600), classes: ['only'] });
    expect(lone.tree.nNodes).toBe(1);
    expect(Array.from(lone.featureImportances)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(lone.predictProba(X).slice(0, 2))).toEqual([1, 1]);
  });

  it('depends on randomState only through ties and feature sampling', () => {
    const { X, y } = mixedDataset(400, 3, 12);
    const json = (rs: number, mf: number | null) => JSON.stringify(new DecisionTreeClassifier({ randomState: rs, maxFeatures: mf }).fit(X, y).toJSON().state);
    expect(json(1, 2)).not.toBe(json(2, 2));
    expect(json(1, 2)).toBe(json(1, 2));
  });

  it('grows deep trees without recursion (a staircase of 3000 alternating runs)', () => {
    const n = 6000;
    const X = makeMatrix(n, 1, ['x'], Float64Array.from({ length: n }, (_, i) => i));
    const codes = Int32Array.from({ length: n }, (_, i) => (i >> 1) & 1);
    // Gini prefers splits at the ends, so this is a long chain rather than a balanced tree.
    const model = new DecisionTreeClassifier().fit(X, { codes, classes: ['a', 'b'] });
    expect(Array.from(model.predict(X))).toEqual(Array.from(codes));
    expect(model.getNLeaves()).toBe(3000);
    expect(model.getDepth()).toBe(2999);
  });

  it('loads only valid documents', () => {
    const { X, y } = mixedDataset(100, 2);
    const json = new DecisionTreeClassifier({ maxDepth: 3 }).fit(X, y).toJSON();
    expect(() => classifierFromJSON({ ...json, state: { ...json.state, tree: undefined } })).toThrow(ModelFormatError);
    expect(() => classifierFromJSON({ ...json, state: { ...json.state, nFeatures: 0 } })).toThrow(ModelFormatError);
    const tree = (json.state as { tree: Record<string, unknown> }).tree;
    expect(() => classifierFromJSON({ ...json, state: { ...json.state, tree: { ...tree, nNodes: (tree.nNodes as number) + 1 } } })).toThrow(/bytes/);
    expect(() => classifierFromJSON({ ...json, params: { ...json.params, maxDepth: -1 } })).toThrow(ModelFormatError);
    const reloaded = classifierFromJSON(JSON.parse(JSON.stringify(json))) as DecisionTreeClassifier;
    expect(reloaded.modelSizeBytes()).toBe(reloaded.tree.nNodes * (20 + 2 * 8));
  });
});

describe('TreeRandom', () => {
  it('is the number stream of our Rng with the derived seed', () => {
    for (const [rs, stream] of [[0, 0], [42, 7], [-3, 1], [2 ** 40 + 5, 99]]) {
      const a = new Rng(deriveSeed(rs, stream));
      const b = new TreeRandom(rs, stream);
      for (let i = 0; i < 2000; i++) expect(b.nextUint32()).toBe(a.nextUint32());
    }
  });

  it('draws every integer of a range about equally often, also above the fast path', () => {
    const r = new TreeRandom(5, 0);
    for (const n of [1, 3, 7, 1000, 3_000_000]) {
      const buckets = new Int32Array(Math.min(n, 10));
      const draws = 20000;
      for (let t = 0; t < draws; t++) {
        const v = r.nextInt(n);
        expect(v >= 0 && v < n && Number.isInteger(v)).toBe(true);
        buckets[Math.floor((v * buckets.length) / n)]++;
      }
      for (const b of buckets) expect(Math.abs(b - draws / buckets.length)).toBeLessThan(6 * Math.sqrt(draws / buckets.length));
    }
  });

  it('derives distinct seeds for distinct (randomState, stream) pairs', () => {
    const seen = new Set<number>();
    for (let rs = 0; rs < 20; rs++) for (let s = 0; s < 50; s++) seen.add(deriveSeed(rs, s));
    expect(seen.size).toBe(1000);
    expect(deriveSeed(2 ** 32, 0)).not.toBe(deriveSeed(0, 0));
  });
});
