import { describe, it } from 'vitest';
import { makeMatrix, type Matrix } from '../core/types.js';
import { Rng } from '../random/rng.js';
import { expectSameBits } from '../test-support/conformance-classifier.js';
import { mixedDataset } from '../tree/test-support/datasets.js';
import { RandomForestClassifier } from './index.js';

/**
 * The reference for predictProba: each row walked alone through each tree with Math.fround at every
 * split (sklearn's float32 comparison), probabilities summed in tree order, then divided. The forest
 * rounds the rows once and walks four rows in lockstep; it must give the same bits.
 */
function referenceProba(forest: RandomForestClassifier, X: Matrix): Float64Array {
  const k = forest.classes.length;
  const out = new Float64Array(X.nRows * k);
  for (const tree of forest.estimators) {
    for (let i = 0; i < X.nRows; i++) {
      const leaf = tree.leafOf(X.data, i * X.nCols);
      for (let c = 0; c < k; c++) out[i * k + c] += tree.proba[leaf * k + c];
    }
  }
  for (let j = 0; j < out.length; j++) out[j] /= forest.estimators.length;
  return out;
}

describe('RandomForestClassifier.predictProba fast path', () => {
  it('equals the one-row-at-a-time walk bit for bit, for every row count around the lockstep of four', () => {
    const { X, y } = mixedDataset(400, 3, 2);
    const forest = new RandomForestClassifier({ nEstimators: 15, randomState: 3 }).fit(X, y);
    const rng = new Rng(8);
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 101]) {
      // New rows: training rows with values nudged by less than a float32 step, so float32 rounding decides.
      const data = new Float64Array(n * X.nCols);
      for (let i = 0; i < n; i++) {
        const src = rng.nextInt(X.nRows);
        for (let j = 0; j < X.nCols; j++) {
          const v = X.data[src * X.nCols + j];
          data[i * X.nCols + j] = rng.nextFloat() < 0.5 ? v : v * (1 + (rng.nextFloat() - 0.5) * 1e-8);
        }
      }
      const rows = makeMatrix(n, X.nCols, X.columnNames, data);
      expectSameBits(forest.predictProba(rows), referenceProba(forest, rows), `${n} rows`);
    }
    expectSameBits(forest.predictProba(X), referenceProba(forest, X), 'training rows');
  });
});
