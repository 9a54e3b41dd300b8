import { describe, expect, it } from 'vitest';
import { makeMatrix, type Labels, type Matrix } from '../../core/types.js';
import { fixture } from '../../test-support/data.js';
import { BinMapper, findBinningThresholds, knownCategories } from './binning.js';
import { HistGradientBoostingClassifier, type HistGradientBoostingOptions } from './index.js';

// Small generated data sets against scikit-learn 1.2.1 (scripts/reference/hgb.py): with few distinct
// values binning and splits are identical, so raw predictions after each of the first 5 iterations
// must agree to float noise (measured: bit-identical or within 1e-14; the test allows 1e-10).

type Cell = number | null;
interface SmallCase {
  name: string;
  params: Record<string, unknown>;
  categorical: boolean[];
  X: Cell[][];
  y: number[];
  raw: Cell[][][];
  proba_head: Cell[][];
  probe: Cell[][];
  probe_raw: Cell[][];
  thresholds: number[][];
  n_leaves: number[][];
}
interface SmallFixture {
  stages: number;
  cases: SmallCase[];
  binning: { name: string; values: Cell[]; thresholds: Record<string, number[]> }[];
}

const fx = await fixture<SmallFixture>('packages/ml/src/ensemble/hgb/__fixtures__/hgb-small.json');

function toMatrix(rows: Cell[][]): Matrix {
  const d = rows[0].length;
  return makeMatrix(rows.length, d, Array.from({ length: d }, (_, j) => `x${j}`), Float64Array.from(rows.flat(), (v) => (v === null ? NaN : v)));
}

function toLabels(y: number[]): Labels {
  const k = Math.max(...y) + 1;
  return { codes: Int32Array.from(y), classes: Array.from({ length: k }, (_, c) => String(c)) };
}

const CAMEL: Record<string, string> = {
  min_samples_leaf: 'minSamplesLeaf',
  max_leaf_nodes: 'maxLeafNodes',
  l2_regularization: 'l2Regularization',
  max_depth: 'maxDepth',
  learning_rate: 'learningRate',
  class_weight: 'classWeight',
  max_bins: 'maxBins',
};

function options(c: SmallCase, maxIter: number): HistGradientBoostingOptions {
  const o: Record<string, unknown> = { maxIter, earlyStopping: false };
  for (const [k, v] of Object.entries(c.params)) o[CAMEL[k] ?? k] = v;
  if (c.categorical.length > 0) o.categoricalFeatures = c.categorical;
  return o as HistGradientBoostingOptions;
}

function maxAbsDiff(actual: Float64Array, expected: Cell[][]): number {
  const flat = expected.flat();
  expect(actual.length).toBe(flat.length);
  let worst = 0;
  flat.forEach((e, i) => (worst = Math.max(worst, Math.abs(actual[i] - (e as number)))));
  return worst;
}

describe('HistGradientBoostingClassifier vs scikit-learn 1.2.1 on small data', () => {
  for (const c of fx.cases) {
    describe(c.name, () => {
      const X = toMatrix(c.X);
      const y = toLabels(c.y);

      it('bins like _BinMapper', () => {
        const maxBins = (c.params.max_bins as number | undefined) ?? 255;
        const isCat = Uint8Array.from({ length: X.nCols }, (_, j) => (c.categorical[j] ? 1 : 0));
        const known = Array.from({ length: X.nCols }, (_, j) => (isCat[j] ? knownCategories(X, j, maxBins) : null));
        const mapper = BinMapper.fit(X, maxBins, isCat, known, 0);
        expect(mapper.thresholds.map((t) => Array.from(t))).toEqual(c.thresholds);
      });

      for (let stage = 1; stage <= fx.stages; stage++) {
        it(`raw predictions after ${stage} iteration(s) match to 1e-10`, () => {
          const model = new HistGradientBoostingClassifier(options(c, stage)).fit(X, y);
          expect(model.nIter).toBe(stage);
          expect(maxAbsDiff(model.decisionFunction(X), c.raw[stage - 1])).toBeLessThan(1e-10);
          expect(model.trees.leavesPerTree()).toEqual(c.n_leaves.slice(0, stage).flat());
        });
      }

      it('probabilities and predictions on unseen rows (NaN, unknown categories) match', () => {
        const model = new HistGradientBoostingClassifier(options(c, fx.stages)).fit(X, y);
        const head = toMatrix(c.X.slice(0, c.proba_head.length));
        expect(maxAbsDiff(model.predictProba(head), c.proba_head)).toBeLessThan(1e-10);
        expect(maxAbsDiff(model.decisionFunction(toMatrix(c.probe)), c.probe_raw)).toBeLessThan(1e-10);
      });
    });
  }
});

describe('binning thresholds vs _find_binning_thresholds', () => {
  for (const b of fx.binning) {
    for (const [maxBins, expected] of Object.entries(b.thresholds)) {
      it(`${b.name}, maxBins ${maxBins}: bit-identical`, () => {
        const values = Float64Array.from(b.values, (v) => (v === null ? NaN : v));
        const got = findBinningThresholds(values, Number(maxBins));
        expect(Array.from(got)).toEqual(expected);
      });
    }
  }
});
