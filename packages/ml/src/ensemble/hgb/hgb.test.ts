import { describe, expect, it } from 'vitest';
import { ModelFormatError, NotFittedError, UserError } from '../../core/errors.js';
import { classifierFromJSON } from '../../core/registry.js';
import { makeMatrix, type ComponentJSON, type Labels, type Matrix } from '../../core/types.js';
import { Rng } from '../../random/rng.js';
import { Frame, numericColumn } from '../../data/frame.js';
import { Pipeline } from '../../pipeline/pipeline.js';
import { expectSameBits } from '../../test-support/conformance-classifier.js';
import { decodeArray, encodeArray } from './codec.js';
import { HistGradientBoostingClassifier, HGB_TYPE } from './index.js';

/** n rows, 3 classes: a categorical column (codes 0..5, a few NaN), a numeric one with NaN, noise. */
function data(n: number, seed = 1): { X: Matrix; y: Labels } {
  const rng = new Rng(seed);
  const X = makeMatrix(n, 3, ['cat', 'num', 'noise']);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cat = rng.nextInt(6);
    const num = rng.nextNormal();
    const score = [1.2, -0.8, 0.3, -1.5, 0.9, 0][cat] + num;
    codes[i] = score < -0.6 ? 0 : score < 0.6 ? 1 : 2;
    X.data[3 * i] = rng.nextFloat() < 0.05 ? NaN : cat;
    X.data[3 * i + 1] = rng.nextFloat() < 0.15 ? NaN : num + 0.3 * rng.nextNormal();
    X.data[3 * i + 2] = rng.nextNormal();
  }
  return { X, y: { codes, classes: ['lo', 'mid', 'hi'] } };
}

function withRow(X: Matrix, row: number[]): Matrix {
  return makeMatrix(1, X.nCols, X.columnNames, Float64Array.from(row));
}

const fitted = (opts: ConstructorParameters<typeof HistGradientBoostingClassifier>[0], n = 400) => {
  const { X, y } = data(n);
  return { X, y, model: new HistGradientBoostingClassifier(opts).fit(X, y) };
};

describe('HistGradientBoostingClassifier options', () => {
  it('has scikit-learn defaults, all in the params of toJSON', () => {
    expect(new HistGradientBoostingClassifier().toJSON()).toEqual({
      type: HGB_TYPE,
      params: {
        learningRate: 0.1,
        maxIter: 100,
        maxLeafNodes: 31,
        maxDepth: null,
        minSamplesLeaf: 20,
        l2Regularization: 0,
        maxBins: 255,
        categoricalFeatures: null,
        earlyStopping: 'auto',
        validationFraction: 0.1,
        nIterNoChange: 10,
        tol: 1e-7,
        scoring: 'loss',
        classWeight: null,
        randomState: 0,
      },
    });
  });

  it.each([
    [{ learningRate: 0 }, /learningRate/],
    [{ maxIter: 0 }, /maxIter/],
    [{ maxLeafNodes: 1 }, /maxLeafNodes/],
    [{ maxDepth: 0 }, /maxDepth/],
    [{ minSamplesLeaf: 0.5 }, /minSamplesLeaf/],
    [{ l2Regularization: -1 }, /l2Regularization/],
    [{ maxBins: 256 }, /maxBins/],
    [{ earlyStopping: 'yes' }, /earlyStopping/],
    [{ validationFraction: 1.5 }, /validationFraction/],
    [{ nIterNoChange: 0 }, /nIterNoChange/],
    [{ tol: NaN }, /tol/],
    [{ scoring: 'f1' }, /scoring/],
    [{ classWeight: 'uniform' }, /classWeight/],
    [{ randomState: 0.5 }, /randomState/],
    [{ categoricalFeatures: [1, 2] }, /categoricalFeatures/],
    [{ max_iter: 10 }, /unknown option "max_iter"/],
  ])('rejects %j', (opts, message) => {
    expect(() => new HistGradientBoostingClassifier(opts as never)).toThrow(UserError);
    expect(() => new HistGradientBoostingClassifier(opts as never)).toThrow(message);
  });

  it('takes null for "no limit" as scikit-learn takes None', () => {
    const m = new HistGradientBoostingClassifier({ maxLeafNodes: null, maxDepth: 4, validationFraction: null, scoring: null });
    expect(m.options.maxLeafNodes).toBeNull();
    expect(m.options.validationFraction).toBeNull();
    expect(() => m.fit(data(120).X, data(120).y)).not.toThrow();
  });
});

describe('HistGradientBoostingClassifier fit and predict', () => {
  it('refuses to predict before fit', () => {
    expect(() => new HistGradientBoostingClassifier().decisionFunction(data(10).X)).toThrow(NotFittedError);
    expect(() => new HistGradientBoostingClassifier().trees).toThrow(NotFittedError);
  });

  it('learns: training accuracy well above the majority class', () => {
    const { X, y, model } = fitted({ maxIter: 30, categoricalFeatures: ['cat'] });
    const pred = model.predict(X);
    let hit = 0;
    for (let i = 0; i < X.nRows; i++) hit += pred[i] === y.codes[i] ? 1 : 0;
    expect(hit / X.nRows).toBeGreaterThan(0.75);
  });

  it('grows K trees per iteration for K > 2 classes and one for 2', () => {
    const { model } = fitted({ maxIter: 7 });
    expect(model.nTreesPerIteration).toBe(3);
    expect(model.trees.nTrees).toBe(21);
    const { X, y } = data(200);
    const binary = { codes: y.codes.map((c) => (c === 2 ? 1 : 0)), classes: ['no', 'yes'] };
    const b = new HistGradientBoostingClassifier({ maxIter: 7 }).fit(X, binary);
    expect(b.nTreesPerIteration).toBe(1);
    expect(b.trees.nTrees).toBe(7);
    expect(b.decisionFunction(X).length).toBe(200);
  });

  it('respects maxLeafNodes, maxDepth and minSamplesLeaf', () => {
    const { model } = fitted({ maxIter: 5, maxLeafNodes: 4 });
    expect(Math.max(...model.trees.leavesPerTree())).toBeLessThanOrEqual(4);
    const d = fitted({ maxIter: 5, maxLeafNodes: null, maxDepth: 2 }).model;
    expect(Math.max(...d.trees.leavesPerTree())).toBeLessThanOrEqual(4);
    const big = fitted({ maxIter: 3, minSamplesLeaf: 150 }).model;
    expect(Math.max(...big.trees.leavesPerTree())).toBeLessThanOrEqual(2);
  });

  it('fits with minSamplesLeaf larger than half the data: constant (baseline) predictions', () => {
    const { X, model } = fitted({ maxIter: 3, minSamplesLeaf: 1000 }, 100);
    const raw = model.decisionFunction(X);
    for (let i = 1; i < X.nRows; i++) for (let k = 0; k < 3; k++) expect(raw[3 * i + k]).toBe(raw[k]);
  });

  it('declares categorical features by name or by mask alike', () => {
    const a = fitted({ maxIter: 5, categoricalFeatures: ['cat'] }).model;
    const b = fitted({ maxIter: 5, categoricalFeatures: [true, false, false] }).model;
    expect(a.isCategorical).toEqual([true, false, false]);
    expect(JSON.stringify(b.toJSON().state)).toBe(JSON.stringify(a.toJSON().state));
  });

  it('rejects a categorical column that is not a column, a wrong-sized mask, and non-code values', () => {
    const { X, y } = data(100);
    expect(() => new HistGradientBoostingClassifier({ categoricalFeatures: ['Profession'] }).fit(X, y)).toThrow(/not a column of X/);
    expect(() => new HistGradientBoostingClassifier({ categoricalFeatures: [true] }).fit(X, y)).toThrow(/mask has 1 entries/);
    expect(() => new HistGradientBoostingClassifier({ categoricalFeatures: ['num'] }).fit(X, y)).toThrow(/category codes/);
  });

  it('treats an unknown category like a missing value, and never fails on odd codes', () => {
    const { X, model } = fitted({ maxIter: 20, categoricalFeatures: ['cat'] });
    const missing = model.decisionFunction(withRow(X, [NaN, 0.5, 0]));
    for (const code of [6, 7, 200, 254, 255, 1000, -1, 2.5, Infinity, -Infinity]) {
      expectSameBits(model.decisionFunction(withRow(X, [code, 0.5, 0])), missing, `category ${code}`);
    }
    // A known category is not missing.
    expect(Array.from(model.decisionFunction(withRow(X, [0, 0.5, 0])))).not.toEqual(Array.from(missing));
  });

  it('treats negative category codes as missing at fit too', () => {
    const { X, y } = data(300);
    const negative = makeMatrix(X.nRows, X.nCols, X.columnNames, X.data.map((v, t) => (t % 3 === 0 && Number.isNaN(v) ? -1 : v)));
    const a = new HistGradientBoostingClassifier({ maxIter: 5, categoricalFeatures: ['cat'] }).fit(X, y);
    const b = new HistGradientBoostingClassifier({ maxIter: 5, categoricalFeatures: ['cat'] }).fit(negative, y);
    expect(JSON.stringify(b.toJSON().state)).toBe(JSON.stringify(a.toJSON().state));
  });

  it('accepts NaN in any column at predict, also where there was none at fit', () => {
    const { X, y } = data(300);
    const clean = makeMatrix(X.nRows, X.nCols, X.columnNames, X.data.map((v) => (Number.isNaN(v) ? 0 : v)));
    const model = new HistGradientBoostingClassifier({ maxIter: 10 }).fit(clean, y);
    const p = model.predictProba(withRow(X, [NaN, NaN, NaN]));
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('classWeight: equal weights change nothing; balanced weights favour the rare class', () => {
    const { X, y } = data(400);
    const plain = new HistGradientBoostingClassifier({ maxIter: 10 }).fit(X, y);
    const ones = new HistGradientBoostingClassifier({ maxIter: 10, classWeight: { lo: 1, mid: 1, hi: 1 } }).fit(X, y);
    expectSameBits(ones.decisionFunction(X), plain.decisionFunction(X), 'unit class weights');

    const rare = { codes: y.codes.map((c, i) => (c === 2 && i % 4 !== 0 ? 1 : c)), classes: y.classes };
    const count = (m: HistGradientBoostingClassifier) => m.predict(X).filter((c) => c === 2).length;
    const unweighted = new HistGradientBoostingClassifier({ maxIter: 20 }).fit(X, rare);
    const balanced = new HistGradientBoostingClassifier({ maxIter: 20, classWeight: 'balanced' }).fit(X, rare);
    expect(count(balanced)).toBeGreaterThan(count(unweighted));
    expect(() => new HistGradientBoostingClassifier({ classWeight: { nope: 2 } }).fit(X, y)).toThrow(UserError);
  });
});

describe('HistGradientBoostingClassifier in a pipeline', () => {
  it('declares acceptsMissing, so a Pipeline hands it NaN as it is (no mean filling)', () => {
    const model = new HistGradientBoostingClassifier({ maxIter: 5 });
    expect(model.acceptsMissing).toBe(true);
    const { X, y } = data(200);
    const frame = new Frame(X.columnNames.map((name, j) => numericColumn(name, Float64Array.from({ length: X.nRows }, (_, i) => X.data[i * 3 + j]))));
    const pipe = new Pipeline([], model).fit(frame, y);
    const direct = new HistGradientBoostingClassifier({ maxIter: 5 }).fit(X, y);
    expectSameBits(pipe.predictProba(frame), direct.predictProba(X), 'pipeline vs direct');
  });
});

describe('HistGradientBoostingClassifier early stopping', () => {
  it("'auto' is off up to 10,000 rows", () => {
    const { model } = fitted({ maxIter: 12 });
    expect(model.doEarlyStopping).toBe(false);
    expect(model.nIter).toBe(12);
    expect(model.validationScore).toEqual([]);
  });

  it("'auto' is on beyond 10,000 rows", () => {
    const { model } = fitted({ maxIter: 300, learningRate: 0.5 }, 10_050);
    expect(model.doEarlyStopping).toBe(true);
    expect(model.nIter).toBeLessThan(300);
    expect(model.validationScore.length).toBe(model.nIter + 1);
  });

  it('stops when the validation loss has not improved by tol for nIterNoChange iterations', () => {
    const { model } = fitted({ maxIter: 500, earlyStopping: true, nIterNoChange: 5, learningRate: 0.5, randomState: 3 });
    expect(model.nIter).toBeLessThan(500);
    const s = model.validationScore;
    const ref = s[s.length - 6] + model.options.tol;
    expect(s.slice(-5).every((v) => v <= ref)).toBe(true);
    expect(model.trainScore.length).toBe(s.length);
    // Scores are negative losses: the first (before any tree) is the baseline's.
    expect(s[0]).toBeLessThan(0);
  });

  it('scores accuracy when asked, and on the training data without a validation split', () => {
    const acc = fitted({ maxIter: 200, earlyStopping: true, scoring: 'accuracy', learningRate: 0.5 }).model;
    expect(acc.validationScore.every((v) => v >= 0 && v <= 1)).toBe(true);
    const noVal = fitted({ maxIter: 200, earlyStopping: true, validationFraction: null, nIterNoChange: 3, tol: 1e-3 }).model;
    expect(noVal.validationScore).toEqual([]);
    expect(noVal.trainScore.length).toBe(noVal.nIter + 1);
    expect(noVal.nIter).toBeLessThan(200);
  });

  it('depends on randomState through the validation split only', () => {
    const a = fitted({ maxIter: 40, earlyStopping: true, randomState: 1 }).model;
    const b = fitted({ maxIter: 40, earlyStopping: true, randomState: 2 }).model;
    expect(a.validationScore).not.toEqual(b.validationScore);
    const c = fitted({ maxIter: 10, earlyStopping: false, randomState: 1 }).model;
    const d = fitted({ maxIter: 10, earlyStopping: false, randomState: 2 }).model;
    expect(JSON.stringify(c.toJSON().state)).toBe(JSON.stringify(d.toJSON().state));
  });
});

describe('HistGradientBoostingClassifier model document', () => {
  const { X, model } = fitted({ maxIter: 20, categoricalFeatures: ['cat'] });
  const json = JSON.parse(JSON.stringify(model.toJSON())) as ComponentJSON;
  const state = json.state as Record<string, unknown>;
  const trees = state.trees as Record<string, string>;
  const withTrees = (patch: Record<string, unknown>): ComponentJSON => ({ ...json, state: { ...state, trees: { ...trees, ...patch } } });

  it('stores trees as base64 typed arrays and reloads bit-identically', () => {
    for (const v of Object.values(trees)) expect(typeof v).toBe('string');
    const loaded = classifierFromJSON(json) as HistGradientBoostingClassifier;
    expectSameBits(loaded.decisionFunction(X), model.decisionFunction(X), 'raw after reload');
    expect(JSON.stringify(loaded.toJSON())).toBe(JSON.stringify(json));
  });

  it('is compact: about 20 bytes of JSON per tree node', () => {
    const bytes = JSON.stringify(json).length;
    expect(bytes / model.trees.nNodes).toBeLessThan(24);
  });

  it('rejects corrupted trees with ModelFormatError', () => {
    const left = decodeArray(trees.left, Int32Array, 'left');
    const right = decodeArray(trees.right, Int32Array, 'right');
    const feature = decodeArray(trees.feature, Int32Array, 'feature');
    const bad: Record<string, unknown>[] = [
      { left: 'AAAA' },
      { left: '@@@@' },
      { feature: encodeArray(feature.map((f, i) => (i === 0 ? 3 : f))) },
      { feature: encodeArray(feature.map((f, i) => (i === 0 ? -1 : f))) },
      // A child pointing back at its parent (a cycle) or at an earlier node.
      { left: encodeArray(left.map((c, i) => (i === 1 ? 0 : c))) },
      // The same leaf reached twice.
      { right: encodeArray(right.map((c, i) => (i === 0 ? left[0] : c))) },
      { value: encodeArray(new Float64Array(decodeArray(trees.value, Float64Array, 'v').length).fill(NaN)) },
      { bitsets: '' },
      { nSplits: encodeArray(Int32Array.of(-1)) },
    ];
    for (const patch of bad) expect(() => classifierFromJSON(withTrees(patch)), JSON.stringify(patch)).toThrow(ModelFormatError);
  });

  it('rejects inconsistent state with ModelFormatError', () => {
    const bad: Record<string, unknown>[] = [
      { nTreesPerIteration: 1 },
      { nIter: 19 },
      { baseline: [0, 0] },
      { isCategorical: [true] },
      { knownCategories: [[0, 0], [], []] },
      { knownCategories: [[0, 300], [], []] },
      { binThresholds: ['', '', ''] },
      { trees: 'nope' },
    ];
    for (const patch of bad) expect(() => classifierFromJSON({ ...json, state: { ...state, ...patch } }), JSON.stringify(patch)).toThrow(ModelFormatError);
  });
});
