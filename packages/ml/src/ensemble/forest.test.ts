import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../core/errors.js';
import { classifierFromJSON } from '../core/registry.js';
import { argmaxRows } from '../core/types.js';
import { expectSameBits } from '../test-support/conformance-classifier.js';
import { mixedDataset } from '../tree/test-support/datasets.js';
import { OneVsRestClassifier } from '../linear/one-vs-rest.js';
import { RandomForestClassifier } from './index.js';

describe('RandomForestClassifier options', () => {
  it("has sklearn 1.2's defaults; nJobs and onWarning are not part of the document", () => {
    const json = new RandomForestClassifier({ nJobs: 4, onWarning: () => undefined }).toJSON();
    expect(json).toEqual({
      type: 'RandomForestClassifier',
      params: {
        nEstimators: 100,
        criterion: 'gini',
        maxDepth: null,
        minSamplesSplit: 2,
        minSamplesLeaf: 1,
        maxFeatures: 'sqrt',
        minImpurityDecrease: 0,
        bootstrap: true,
        maxSamples: null,
        oobScore: false,
        classWeight: null,
        randomState: 0,
      },
    });
    // A configuration may ask for threads; the document written never says how it was computed.
    const threaded = classifierFromJSON({ ...json, params: { ...json.params, nJobs: 2 } }) as RandomForestClassifier;
    expect(threaded.nJobs).toBe(2);
    expect(threaded.toJSON()).toEqual(json);
    expect(() => classifierFromJSON({ ...json, params: { ...json.params, nJobs: 0 } })).toThrow(ModelFormatError);
  });

  it('passes nJobs on to clones, such as the members of a one-vs-rest, without writing it', () => {
    const { X, y } = mixedDataset(120, 3, 8);
    const ovr = new OneVsRestClassifier({ estimator: new RandomForestClassifier({ nEstimators: 3, nJobs: 1 }) }).fit(X, y);
    for (const member of ovr.estimators) expect((member as RandomForestClassifier).nJobs).toBe(1);
    expect(JSON.stringify(ovr.toJSON())).not.toContain('nJobs');
    const byDefault = new OneVsRestClassifier({ estimator: new RandomForestClassifier({ nEstimators: 3 }) }).fit(X, y);
    for (const member of byDefault.estimators) expect((member as RandomForestClassifier).nJobs).toBe(-1);
  });

  const invalid: [string, object, RegExp][] = [
    ['nEstimators 0', { nEstimators: 0 }, /nEstimators/],
    ['bootstrap "yes"', { bootstrap: 'yes' }, /bootstrap/],
    ['oobScore without bootstrap', { oobScore: true, bootstrap: false }, /oobScore needs bootstrap/],
    ['maxSamples without bootstrap', { maxSamples: 0.5, bootstrap: false }, /maxSamples can only be set with bootstrap/],
    ['maxSamples 1.5', { maxSamples: 1.5 }, /maxSamples/],
    ['classWeight subsample', { classWeight: 'subsample' }, /classWeight/],
    ['nJobs 0', { nJobs: 0 }, /nJobs/],
    ['maxFeatures 1.5', { maxFeatures: 1.5 }, /maxFeatures/],
    ['an unknown option', { n_estimators: 5 }, /unknown option "n_estimators"/],
  ];
  for (const [what, options, message] of invalid) {
    it(`rejects ${what}`, () => expect(() => new RandomForestClassifier(options as never)).toThrow(message));
  }

  it('rejects maxSamples above the number of rows at fit', () => {
    const { X, y } = mixedDataset(50, 2);
    expect(() => new RandomForestClassifier({ maxSamples: 51 }).fit(X, y)).toThrow(/at most the number of rows \(50\)/);
  });
});

describe('RandomForestClassifier', () => {
  const { X, y } = mixedDataset(500, 3, 21);

  it('averages its trees: predictProba is the mean of the trees, summed in tree order', () => {
    const model = new RandomForestClassifier({ nEstimators: 7 }).fit(X, y);
    const sum = new Float64Array(X.nRows * 3);
    for (const t of model.estimators) t.addProba(X.data, X.nRows, X.nCols, sum);
    expectSameBits(model.predictProba(X), sum.map((v) => v / 7), 'forest probabilities');
    expect(model.nodeCount).toBe(model.estimators.reduce((a, t) => a + t.nNodes, 0));
  });

  it('grows different trees from one randomState, and different forests from different ones', () => {
    const a = new RandomForestClassifier({ nEstimators: 3, randomState: 1 }).fit(X, y);
    const b = new RandomForestClassifier({ nEstimators: 3, randomState: 2 }).fit(X, y);
    const trees = a.estimators.map((t) => JSON.stringify(t.toJSON()));
    expect(new Set(trees).size).toBe(3);
    expect(JSON.stringify(b.toJSON().state)).not.toBe(JSON.stringify(a.toJSON().state));
  });

  it('predictProbaRow gives the rows of predictProba, bit for bit', () => {
    const model = new RandomForestClassifier({ nEstimators: 25 }).fit(X, y);
    const all = model.predictProba(X);
    const out = new Float64Array(3);
    for (let i = 0; i < X.nRows; i += 7) {
      model.predictProbaRow(X.data.subarray(i * 5, i * 5 + 5), out);
      expectSameBits(out, all.subarray(i * 3, i * 3 + 3), `row ${i}`);
    }
  });

  it('computes the out-of-bag decision function and accuracy, and warns about rows no tree left out', () => {
    const warnings: string[] = [];
    const model = new RandomForestClassifier({ nEstimators: 40, oobScore: true, onWarning: (m) => warnings.push(m) }).fit(X, y);
    const d = model.oobDecisionFunction_!;
    expect(d.length).toBe(X.nRows * 3);
    for (let i = 0; i < X.nRows; i++) expect(d[i * 3] + d[i * 3 + 1] + d[i * 3 + 2]).toBeCloseTo(1, 12);
    const pred = argmaxRows(d, X.nRows, 3);
    let correct = 0;
    for (let i = 0; i < X.nRows; i++) if (pred[i] === y.codes[i]) correct++;
    expect(model.oobScore_).toBe(correct / X.nRows);
    expect(warnings).toEqual([]);
    // Out-of-bag accuracy estimates accuracy on new rows, far below the training accuracy.
    const fresh = mixedDataset(2000, 3, 99);
    const heldOut = argmaxRows(model.predictProba(fresh.X), 2000, 3).filter((c, i) => c === fresh.y.codes[i]).length / 2000;
    expect(Math.abs(model.oobScore_! - heldOut)).toBeLessThan(0.06);

    const few = new RandomForestClassifier({ nEstimators: 2, oobScore: true, onWarning: (m) => warnings.push(m) }).fit(X, y);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no out-of-bag prediction/);
    expect(few.oobScore_).toBeGreaterThan(0);
    const reloaded = classifierFromJSON(JSON.parse(JSON.stringify(few.toJSON()))) as RandomForestClassifier;
    expect(reloaded.oobScore_).toBe(few.oobScore_);
    expect(reloaded.oobDecisionFunction_).toBeNull();
  });

  it('draws maxSamples rows per tree', () => {
    const model = new RandomForestClassifier({ nEstimators: 5, maxSamples: 100 }).fit(X, y);
    for (const t of model.estimators) expect(t.value[0] + t.value[1] + t.value[2]).toBe(100);
    const half = new RandomForestClassifier({ nEstimators: 5, maxSamples: 0.5 }).fit(X, y);
    for (const t of half.estimators) expect(t.value[0] + t.value[1] + t.value[2]).toBe(250);
    const all = new RandomForestClassifier({ nEstimators: 2, bootstrap: false }).fit(X, y);
    for (const t of all.estimators) expect(t.value[0] + t.value[1] + t.value[2]).toBe(500);
  });

  it("'balanced_subsample' balances each bootstrap sample, 'balanced' the whole data", () => {
    const sub = new RandomForestClassifier({ nEstimators: 4, classWeight: 'balanced_subsample' }).fit(X, y);
    for (const t of sub.estimators) {
      const w = t.value[0] + t.value[1] + t.value[2];
      for (let c = 0; c < 3; c++) expect(t.value[c]).toBeCloseTo(w / 3, 9);
    }
    const whole = new RandomForestClassifier({ nEstimators: 1, bootstrap: false, classWeight: 'balanced' }).fit(X, y);
    for (let c = 0; c < 3; c++) expect(whole.estimators[0].value[c]).toBeCloseTo(500 / 3, 9);
  });

  it('reports importances that sum to 1 and favour informative columns', () => {
    const imp = new RandomForestClassifier({ nEstimators: 30, maxDepth: 6 }).fit(X, y).featureImportances;
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Column b carries the weakest signal of the five.
    expect(imp[1]).toBeLessThan(Math.max(imp[0], imp[3], imp[4]));
  });

  it('stores trees compactly and loads only complete documents', () => {
    const model = new RandomForestClassifier({ nEstimators: 6 }).fit(X, y);
    const json = model.toJSON();
    const text = JSON.stringify(json);
    // base64 costs 4/3 of the bytes; the rest of the document is small.
    expect(text.length).toBeLessThan(model.modelSizeBytes() * 1.4 + 2000);
    const state = json.state as { trees: unknown[]; oobScore: unknown };
    expect(() => classifierFromJSON({ ...json, state: { ...state, trees: state.trees.slice(1) } })).toThrow(/6 trees/);
    expect(() => classifierFromJSON({ ...json, state: { ...state, oobScore: 0.5 } })).toThrow(/oobScore/);
    expect(() => classifierFromJSON({ ...json, state: { ...state, trees: [...state.trees.slice(1), { nNodes: 1 }] } })).toThrow(/tree 5/);
  });
});
