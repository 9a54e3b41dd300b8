import { makeMatrix } from '../core/types.js';
import type { Labels, Matrix } from '../core/types.js';
import { describeClassifierConformance } from '../test-support/conformance-classifier.js';
import { fixture } from '../test-support/data.js';
import { DummyClassifier, LogisticRegression, OneVsRestClassifier } from './index.js';

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

describeClassifierConformance('LogisticRegression binary', () => new LogisticRegression(), dataset('binary'));
describeClassifierConformance('LogisticRegression multinomial', () => new LogisticRegression({ C: 10 }), dataset('multiclass'));
describeClassifierConformance(
  'LogisticRegression balanced',
  () => new LogisticRegression({ classWeight: 'balanced', multiClass: 'ovr' }),
  dataset('imbalanced'),
);
describeClassifierConformance(
  'LogisticRegression multinomial, 2 classes, no intercept',
  () => new LogisticRegression({ multiClass: 'multinomial', fitIntercept: false, penalty: 'none' }),
  dataset('binary'),
);
describeClassifierConformance(
  'OneVsRestClassifier(LogisticRegression)',
  () => new OneVsRestClassifier({ estimator: new LogisticRegression({ C: 0.5 }) }),
  dataset('multiclass'),
);
for (const strategy of ['most_frequent', 'prior', 'stratified', 'uniform'] as const) {
  describeClassifierConformance(`DummyClassifier(${strategy})`, () => new DummyClassifier({ strategy, randomState: 3 }), dataset('imbalanced'));
}
