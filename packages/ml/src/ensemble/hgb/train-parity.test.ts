import { describe, expect, it } from 'vitest';
import '../../preprocessing/index.js';
import './index.js';
import { argmaxRows, type Labels } from '../../core/types.js';
import { readCsvFile } from '../../data/csv.js';
import { accuracyScore, logLoss } from '../../metrics/index.js';
import { StratifiedKFold } from '../../model_selection/index.js';
import { pipelineFromConfig } from '../../pipeline/config.js';
import { referencePreprocessing } from '../../pipeline/presets.js';
import { fixture, realDataFile } from '../../test-support/data.js';
import { subsetLabels } from '../../train.js';
import { HistGradientBoostingClassifier, HGB_TYPE } from './index.js';

// Parity with scikit-learn 1.2.1 on the real train.csv (scripts/reference/hgb.py): 5-fold
// StratifiedKFold (unshuffled) accuracy within 1.5 points, with the reference preprocessing and with
// the "native" one (categoricals ordinal-encoded and declared categorical, NaN left for the model).

interface Variant {
  params: Record<string, unknown>;
  native: boolean;
  cv: { accuracy: number; log_loss: number; n_iter: number }[];
  cv_mean_accuracy: number;
  train_accuracy: number;
  n_nodes: number;
  proba_probe: number[][];
}
interface TrainFixture {
  classes: string[];
  columns: string[];
  probe_rows: number[];
  variants: Record<string, Variant>;
}

const CATEGORICAL = ['Gender', 'Ever_Married', 'Graduated', 'Profession', 'Spending_Score', 'Var_1'];
const CAMEL: Record<string, string> = {
  learning_rate: 'learningRate',
  max_leaf_nodes: 'maxLeafNodes',
  min_samples_leaf: 'minSamplesLeaf',
  l2_regularization: 'l2Regularization',
  max_depth: 'maxDepth',
  class_weight: 'classWeight',
};

const train = realDataFile('train.csv');

describe.skipIf(!train)('HistGradientBoostingClassifier vs scikit-learn on train.csv', async () => {
  const fx = await fixture<TrainFixture>('packages/ml/src/ensemble/hgb/__fixtures__/hgb-train.json');
  const ds = await readCsvFile(train!, { requireTarget: true });
  const labels = ds.labels!;
  const folds = [...new StratifiedKFold({ nSplits: 5 }).split(labels)];

  /** Fits on the training rows, returns probabilities for the test rows (the same rows for a full fit). */
  function fitPredict(v: Variant, trainRows: Int32Array, testRows: Int32Array): { proba: Float64Array; model: HistGradientBoostingClassifier } {
    const params: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v.params)) params[CAMEL[k] ?? k] = val;
    const y = subsetLabels(labels, trainRows);
    // The native variant: categories as codes, NaN left in (the model takes it, so the pipeline passes it on).
    const steps = v.native ? [{ type: 'OrdinalEncoder', params: { encodingMethod: 'arbitrary', variables: CATEGORICAL } }] : referencePreprocessing(ds.schema);
    if (v.native) params.categoricalFeatures = CATEGORICAL;
    const p = pipelineFromConfig({ steps, estimator: { type: HGB_TYPE, params } });
    p.fit(ds.frame.take(trainRows), y);
    return { proba: p.predictProba(ds.frame.take(testRows)), model: p.estimator as HistGradientBoostingClassifier };
  }

  it('reads the same columns and classes as the reference', () => {
    expect(ds.frame.names).toEqual(fx.columns);
    expect([...labels.classes]).toEqual(fx.classes);
  });

  for (const name of Object.keys(fx.variants)) {
    it(`${name}: 5-fold CV accuracy within 1.5 points of scikit-learn's`, () => {
      const ref = fx.variants[name];
      const accs = folds.map((f, i) => {
        const { proba, model } = fitPredict(ref, f.train, f.test);
        const yt: Labels = subsetLabels(labels, f.test);
        const acc = accuracyScore(yt.codes, argmaxRows(proba, f.test.length, 4));
        expect(model.nIter).toBe(ref.cv[i].n_iter);
        // Identical trees give identical folds; allow a couple of rows to flip on float-level ties.
        expect(Math.abs(acc - ref.cv[i].accuracy)).toBeLessThanOrEqual(3 / f.test.length);
        expect(Math.abs(logLoss(yt.codes, proba, labels.classes) - ref.cv[i].log_loss)).toBeLessThan(1e-6);
        return acc;
      });
      const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
      expect(Math.abs(mean - ref.cv_mean_accuracy)).toBeLessThanOrEqual(0.015);
    });
  }

  for (const name of ['reference/default', 'native/default']) {
    it(`${name}: a fit on all rows has scikit-learn's tree sizes and probabilities`, () => {
      const ref = fx.variants[name];
      const all = Int32Array.from({ length: ds.frame.nRows }, (_, i) => i);
      const { proba, model } = fitPredict(ref, all, Int32Array.from(fx.probe_rows));
      expect(model.trees.nNodes).toBe(ref.n_nodes);
      let worst = 0;
      ref.proba_probe.flat().forEach((p, i) => (worst = Math.max(worst, Math.abs(proba[i] - p))));
      expect(worst).toBeLessThan(1e-6);
    });
  }
});
