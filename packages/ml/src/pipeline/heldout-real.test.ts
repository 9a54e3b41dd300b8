import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsvFile, type Dataset } from '../data/csv.js';
import { evaluateClassification } from '../metrics/index.js';
import { trainTestSplit } from '../model_selection/index.js';
import { realDataFile } from '../test-support/data.js';
import { crossValidateConfig, subsetLabels } from '../train.js';
import { pipelineFromConfig } from './config.js';
import { getPreset } from './presets.js';

const train = realDataFile('train.csv');

interface Scores {
  accuracy: number;
  log_loss: number;
}
/** scripts/reference/heldout.py: scikit-learn on custseg's own held-out splits, and in RepeatedStratifiedKFold(5, 10). */
const sklearn = JSON.parse(readFileSync(new URL('./__fixtures__/heldout-sklearn.json', import.meta.url), 'utf8')) as {
  seed_42_test_rows: number[];
  splits: { seed: number; models: Record<string, Scores> }[];
  repeated_cv: { models: Record<string, { accuracy: { mean: number }; log_loss: { mean: number } }> };
};

/** As `custseg train --model best --seed S` (default --test-size 0.2): stratified split, fit on 80 %, score the rest. */
function heldOut(ds: Dataset, seed: number): Scores {
  const labels = ds.labels!;
  const { train: rows, test } = trainTestSplit(labels, { testSize: 0.2, seed, stratify: true });
  const p = pipelineFromConfig(getPreset('best').build(ds.schema, seed)).fit(ds.frame.take(rows), subsetLabels(labels, rows));
  return evaluateClassification(subsetLabels(labels, test).codes, p.predictProba(ds.frame.take(test)), labels.classes);
}

describe.skipIf(!train)('best on customers it never saw (train.csv)', () => {
  it('custseg train’s held-out rows are the ones the sklearn figures were measured on', async () => {
    const ds = await readCsvFile(train!, { requireTarget: true });
    expect(Array.from(trainTestSplit(ds.labels!, { testSize: 0.2, seed: 42, stratify: true }).test)).toEqual(sklearn.seed_42_test_rows);
  });

  it('scores as scikit-learn’s same model does on each of five held-out splits', async () => {
    const ds = await readCsvFile(train!, { requireTarget: true });
    for (const { seed, models } of sklearn.splits) {
      const ours = heldOut(ds, seed);
      // Measured: equal to sklearn's to 4 decimals on all five (seed 42: 0.5128 / 1.0835, the hardest split; no
      // sklearn model in the fixture gets below 1.07 log loss there). Tolerance: two rows of 1,291; 0.001 log loss.
      expect(Math.abs(ours.accuracy - models.best.accuracy), `seed ${seed} accuracy`).toBeLessThanOrEqual(0.0016);
      expect(Math.abs(ours.log_loss - models.best.log_loss), `seed ${seed} log loss`).toBeLessThanOrEqual(0.001);
    }
  }, 120_000);

  it('repeated 5-fold CV: log loss at the issue’s 1.05 and level with scikit-learn’s', async () => {
    const ds = await readCsvFile(train!, { requireTarget: true });
    const cv = crossValidateConfig(ds.frame, ds.labels!, getPreset('best').build(ds.schema, 0), 5, undefined, { repeats: 4, seed: 42 });
    const reference = sklearn.repeated_cv.models.best; // sklearn 5×10: 0.5336 / 1.0489
    // Measured here (5×4, seed 42): 0.5327 / 1.0507; `custseg train --model best --cv 5 --cv-repeats 20`: 0.5336 / 1.0494.
    // Which rows share a fold moves the mean by ±0.002 at 20 folds, so the check is against sklearn's, not 1.05.
    expect(cv.mean.accuracy).toBeGreaterThanOrEqual(0.53);
    expect(Math.abs(cv.mean.log_loss - reference.log_loss.mean)).toBeLessThanOrEqual(0.006);
  }, 120_000);
});
