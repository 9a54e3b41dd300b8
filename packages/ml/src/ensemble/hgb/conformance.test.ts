import { makeMatrix } from '../../core/types.js';
import type { Labels, Matrix } from '../../core/types.js';
import { OneVsRestClassifier } from '../../linear/index.js';
import { Rng } from '../../random/rng.js';
import { describeClassifierConformance } from '../../test-support/conformance-classifier.js';
import { fixture } from '../../test-support/data.js';
import { HistGradientBoostingClassifier } from './index.js';

interface Dataset {
  nRows: number;
  nCols: number;
  X: number[];
  y: number[];
  classes: string[];
}
const { datasets } = await fixture<{ datasets: Record<string, Dataset> }>('packages/ml/src/linear/__fixtures__/datasets.json');

/** A fresh copy per call, so a model that wrote into its input could not hide it from the next test. */
function dataset(name: string): () => { X: Matrix; y: Labels } {
  const d = datasets[name];
  return () => ({
    X: makeMatrix(d.nRows, d.nCols, Array.from({ length: d.nCols }, (_, j) => `x${j}`), Float64Array.from(d.X)),
    y: { codes: Int32Array.from(d.y), classes: [...d.classes] },
  });
}

/** 3 classes, 240 rows: a feature with NaN in a fifth of the rows, a small-integer one with some NaN, and noise. */
function withMissing(): { X: Matrix; y: Labels } {
  const rng = new Rng(11);
  const n = 240;
  const X = makeMatrix(n, 3, ['num', 'code', 'noise']);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    codes[i] = c;
    X.data[3 * i] = rng.nextFloat() < 0.2 ? NaN : rng.nextNormal() + c;
    X.data[3 * i + 1] = rng.nextFloat() < 0.1 ? NaN : (2 * c + rng.nextInt(2)) % 6;
    X.data[3 * i + 2] = rng.nextNormal();
  }
  return { X, y: { codes, classes: ['a', 'b', 'c'] } };
}

describeClassifierConformance('HistGradientBoostingClassifier binary', () => new HistGradientBoostingClassifier({ maxIter: 20 }), dataset('binary'));
describeClassifierConformance('HistGradientBoostingClassifier multiclass', () => new HistGradientBoostingClassifier({ maxIter: 20 }), dataset('multiclass'));
describeClassifierConformance(
  'HistGradientBoostingClassifier balanced, regularised',
  () => new HistGradientBoostingClassifier({ maxIter: 15, classWeight: 'balanced', l2Regularization: 1, maxDepth: 3, maxBins: 32 }),
  dataset('imbalanced'),
);
// HGB takes NaN at fit and predict. (Categorical features are covered in hgb.test.ts: the suite's own
// blobs have no column of category codes to declare.)
describeClassifierConformance(
  'HistGradientBoostingClassifier with NaN in X',
  () => new HistGradientBoostingClassifier({ maxIter: 15, minSamplesLeaf: 5 }),
  withMissing,
);
describeClassifierConformance(
  'HistGradientBoostingClassifier with early stopping',
  () => new HistGradientBoostingClassifier({ maxIter: 200, earlyStopping: true, validationFraction: 0.2, nIterNoChange: 3, randomState: 5 }),
  dataset('multiclass'),
);
describeClassifierConformance(
  'OneVsRestClassifier(HistGradientBoostingClassifier)',
  () => new OneVsRestClassifier({ estimator: new HistGradientBoostingClassifier({ maxIter: 10 }) }),
  dataset('multiclass'),
);
describeClassifierConformance(
  'OneVsRestClassifier(HistGradientBoostingClassifier) with NaN in X',
  () => new OneVsRestClassifier({ estimator: new HistGradientBoostingClassifier({ maxIter: 10, minSamplesLeaf: 5 }) }),
  withMissing,
);
