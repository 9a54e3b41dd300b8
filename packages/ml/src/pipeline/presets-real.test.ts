import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../data/csv.js';
import { evaluateClassification } from '../metrics/index.js';
import { trainTestSplit } from '../model_selection/index.js';
import { realDataFile } from '../test-support/data.js';
import { crossValidateConfig, subsetLabels } from '../train.js';
import { pipelineFromConfig } from './config.js';
import { getPreset } from './presets.js';

const train = realDataFile('train.csv');

// The bar for `best`: beat every scikit-learn model it lists in 5-fold CV on train.csv
// (the best of them, RandomForest(300, min_samples_leaf=5), scored 0.524 with sklearn 1.2), with a log loss
// near 1.05 (on customers it never saw, in repeated CV and level with sklearn: heldout-real.test.ts); `blend` trades speed for the lowest log loss, below 1.05 in CV and on held-out customers on average.
describe.skipIf(!train)('the best preset on train.csv', () => {
  it('beats every listed scikit-learn model in 5-fold stratified CV', async () => {
    const ds = await readCsvFile(train!, { requireTarget: true });
    const cv = crossValidateConfig(ds.frame, ds.labels!, getPreset('best').build(ds.schema, 0), 5);
    expect(cv.mean.accuracy).toBeGreaterThanOrEqual(0.53); // measured 0.5341
    expect(cv.mean.log_loss).toBeLessThan(1.06); // measured 1.0502
  });
});

describe.skipIf(!train)('the blend preset on train.csv', () => {
  it('beats every listed scikit-learn model in 5-fold stratified CV, log loss below 1.05', async () => {
    const ds = await readCsvFile(train!, { requireTarget: true });
    const cv = crossValidateConfig(ds.frame, ds.labels!, getPreset('blend').build(ds.schema, 0), 5);
    expect(cv.mean.accuracy).toBeGreaterThanOrEqual(0.53); // measured 0.5352
    expect(cv.mean.log_loss).toBeLessThan(1.05); // measured 1.0470
  });

  it('holds up on held-out customers: custseg train’s default split and the mean over five split seeds', async () => {
    const ds = await readCsvFile(train!, { requireTarget: true });
    const labels = ds.labels!;
    const seeds = [42, 0, 1, 2, 3];
    const scores = seeds.map((seed) => {
      // As `custseg train --model blend --seed S` (default --test-size 0.2): stratified split, fit, score the rest.
      const { train: rows, test } = trainTestSplit(labels, { testSize: 0.2, seed, stratify: true });
      const p = pipelineFromConfig(getPreset('blend').build(ds.schema, seed)).fit(ds.frame.take(rows), subsetLabels(labels, rows));
      return evaluateClassification(subsetLabels(labels, test).codes, p.predictProba(ds.frame.take(test)), labels.classes);
    });
    // The default split (seed 42) is the hardest of these: measured 0.5337 accuracy, log loss 1.0690
    // (best, gradient boosting alone, scores 0.513 and 1.084 there).
    expect(scores[0].accuracy).toBeGreaterThanOrEqual(0.52);
    expect(scores[0].log_loss).toBeLessThan(1.075);
    const mean = (f: (e: (typeof scores)[number]) => number) => scores.reduce((s, e) => s + f(e), 0) / scores.length;
    expect(mean((e) => e.accuracy)).toBeGreaterThanOrEqual(0.53); // measured 0.5368
    expect(mean((e) => e.log_loss)).toBeLessThanOrEqual(1.05); // measured 1.0454
  }, 180_000);
});
