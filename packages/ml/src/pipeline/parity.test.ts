import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../data/csv.js';
import '../preprocessing/index.js';
import '../linear/index.js';
import { readCsvFile } from '../data/csv.js';
import { StratifiedKFold } from '../model_selection/index.js';
import { accuracyScore, logLoss } from '../metrics/index.js';
import { argmaxRows } from '../core/types.js';
import { fixture, realDataFile } from '../test-support/data.js';
import { getPreset } from './presets.js';
import { pipelineFromConfig, type PipelineConfig } from './config.js';
import { subsetLabels } from '../train.js';

// Golden parity of the whole `logistic` / `ovr-logistic` presets with the reference scikit-learn pipeline
// (scripts/reference/pipeline_logistic.py), on the real train.csv.
interface ModelFixture {
  feature_names: string[];
  coef: number[][];
  intercept: number[] | number;
  proba_probe: number[][];
  train_accuracy: number;
  cv: { accuracy: number; macro_f1: number; log_loss: number }[];
  cv_mean_accuracy: number;
}
interface Fixture {
  classes: string[];
  probe_rows: number[];
  fold_test_sizes: number[];
  fold_test_first: number[][];
  models: Record<string, ModelFixture>;
}

const train = realDataFile('train.csv');

function tightConfig(config: PipelineConfig): PipelineConfig {
  const tighten = (c: PipelineConfig['estimator']): PipelineConfig['estimator'] =>
    c.type === 'LogisticRegression'
      ? { type: c.type, params: { ...c.params, tol: 1e-10, maxIter: 10000 } }
      : { type: c.type, params: { ...c.params, estimator: tighten(c.params.estimator as PipelineConfig['estimator']) } };
  return { steps: config.steps, estimator: tighten(config.estimator) };
}

describe.skipIf(!train)('logistic presets vs scikit-learn on train.csv', () => {
  let fx: Fixture;
  let ds: Dataset;
  let labels: Dataset['labels'] & object;
  beforeAll(async () => {
    fx = await fixture<Fixture>('packages/ml/src/pipeline/__fixtures__/logistic-pipeline.json');
    ds = await readCsvFile(train!, { requireTarget: true });
    labels = ds.labels!;
  });

  it('uses the same folds as StratifiedKFold(5)', () => {
    const folds = [...new StratifiedKFold({ nSplits: 5 }).split(labels)];
    expect(folds.map((f) => f.test.length)).toEqual(fx.fold_test_sizes);
    expect(folds.map((f) => [...f.test.slice(0, 5)])).toEqual(fx.fold_test_first);
  });

  for (const [name, preset, tight] of [
    ['logistic-tight', 'logistic', true],
    ['ovr-logistic-tight', 'ovr-logistic', true],
    ['logistic', 'logistic', false],
    ['ovr-logistic', 'ovr-logistic', false],
  ] as const) {
    it(`${name}: probabilities, coefficients and 5-fold CV match`, () => {
      const ref = fx.models[name];
      let config = getPreset(preset).build(ds.schema, 0);
      if (tight) config = tightConfig(config);
      const p = pipelineFromConfig(config).fit(ds.frame, labels);
      // Column order differs only where feature-engine appends; compare through names.
      expect([...p.features].sort()).toEqual([...ref.feature_names].sort());
      const proba = p.predictProba(ds.frame.take(fx.probe_rows));
      const tol = tight ? 1e-6 : 1e-4;
      fx.probe_rows.forEach((_, i) => {
        for (let c = 0; c < 4; c++) expect(Math.abs(proba[i * 4 + c] - ref.proba_probe[i][c])).toBeLessThan(tol);
      });
      const all = p.predictProba(ds.frame);
      expect(accuracyScore(labels.codes, argmaxRows(all, ds.frame.nRows, 4))).toBeCloseTo(ref.train_accuracy, tight ? 10 : 3);

      const folds = [...new StratifiedKFold({ nSplits: 5 }).split(labels)];
      folds.forEach((f, i) => {
        const fp = pipelineFromConfig(config).fit(ds.frame.take(f.train), subsetLabels(labels, f.train));
        const pp = fp.predictProba(ds.frame.take(f.test));
        const yt = subsetLabels(labels, f.test).codes;
        const acc = accuracyScore(yt, argmaxRows(pp, f.test.length, 4));
        // At most one customer of ~1,300 may flip where two classes are within the solvers' tolerance.
        expect(Math.abs(acc - ref.cv[i].accuracy)).toBeLessThanOrEqual(1 / f.test.length + 1e-12);
        expect(logLoss(yt, pp, labels.classes)).toBeCloseTo(ref.cv[i].log_loss, tight ? 6 : 3);
      });
    });
  }
});
