import { describe, expect, it } from 'vitest';
import '../preprocessing/index.js';
import '../linear/index.js';
import './index.js';
import { classifierFromJSON } from '../core/registry.js';
import { argmaxRows } from '../core/types.js';
import { readCsvFile } from '../data/csv.js';
import { accuracyScore } from '../metrics/index.js';
import { StratifiedKFold } from '../model_selection/index.js';
import { pipelineFromConfig, type PipelineConfig } from '../pipeline/config.js';
import { referencePreprocessing } from '../pipeline/presets.js';
import { fixture, realDataFile } from '../test-support/data.js';
import { subsetLabels } from '../train.js';
import type { RandomForestClassifier } from './forest.js';

// Statistical parity with scikit-learn 1.2.1 on the real train.csv (scripts/reference/trees.py real):
// our forests draw other random numbers than sklearn's, so the figures to match are sklearn's 5-fold CV
// accuracies averaged over random_state 0, 1, 2, and the shape of the default forest's trees.
interface ModelFixture {
  estimator: PipelineConfig['estimator'];
  cv: { seed: number; fold_accuracy: number[]; mean_accuracy: number }[];
  cv_mean_accuracy: number;
  fit_seconds_median_of_3: number;
  fit_cpu_seconds_median_of_3?: number;
}
interface Fixture {
  fold_test_sizes: number[];
  models: Record<string, ModelFixture>;
  rf100_all_rows: { oob_score: number; mean_node_count: number; mean_max_depth: number; feature_importances: number[]; train_accuracy: number };
  feature_names: string[];
}

const train = realDataFile('train.csv');

describe.skipIf(!train)('random forests vs scikit-learn on train.csv', async () => {
  const fx = await fixture<Fixture>('packages/ml/src/tree/__fixtures__/forest-train.json');
  const ds = await readCsvFile(train!, { requireTarget: true });
  const labels = ds.labels!;
  const steps = referencePreprocessing(ds.schema);
  const folds = [...new StratifiedKFold({ nSplits: 5 }).split(labels)];

  it('uses the folds the reference used', () => {
    expect(folds.map((f) => f.test.length)).toEqual(fx.fold_test_sizes);
  });

  for (const name of ['rf100', 'ovr-rf100', 'rf300-leaf5']) {
    it(`${name}: 5-fold CV accuracy within 1.5 points of sklearn's`, () => {
      const ref = fx.models[name];
      const accuracies = folds.map((f) => {
        const p = pipelineFromConfig({ steps, estimator: ref.estimator }).fit(ds.frame.take(f.train), subsetLabels(labels, f.train));
        const yt = subsetLabels(labels, f.test).codes;
        return accuracyScore(yt, argmaxRows(p.predictProba(ds.frame.take(f.test)), f.test.length, labels.classes.length));
      });
      const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
      console.log(`${name}: custseg CV accuracy ${mean.toFixed(4)}, sklearn ${ref.cv_mean_accuracy.toFixed(4)} (seeds ${ref.cv.map((c) => c.mean_accuracy.toFixed(4)).join(', ')})`);
      expect(Math.abs(mean - ref.cv_mean_accuracy)).toBeLessThanOrEqual(0.015);
    });
  }

  it('grows trees of the shape sklearn grows, with the same out-of-bag accuracy and importances', () => {
    const ref = fx.rf100_all_rows;
    const p = pipelineFromConfig({ steps, estimator: { type: 'RandomForestClassifier', params: { oobScore: true } } }).fit(ds.frame, labels);
    const rf = p.estimator as RandomForestClassifier;
    const trees = rf.estimators;
    const meanNodes = rf.nodeCount / trees.length;
    const meanDepth = trees.reduce((a, t) => a + t.maxDepth, 0) / trees.length;
    console.log(`rf100 on all rows: custseg ${meanNodes.toFixed(1)} nodes, depth ${meanDepth.toFixed(2)}, OOB ${rf.oobScore_!.toFixed(4)}; sklearn ${ref.mean_node_count}, ${ref.mean_max_depth}, ${ref.oob_score.toFixed(4)}`);
    expect(Math.abs(meanNodes / ref.mean_node_count - 1)).toBeLessThan(0.02);
    expect(Math.abs(meanDepth - ref.mean_max_depth)).toBeLessThan(1.5);
    expect(Math.abs(rf.oobScore_! - ref.oob_score)).toBeLessThan(0.015);
    // Importances by feature name: column order may differ where feature-engine appends.
    const ours = new Map(p.features.map((f, j) => [f, rf.featureImportances[j]]));
    fx.feature_names.forEach((f, j) => expect(Math.abs(ours.get(f)! - ref.feature_importances[j]), f).toBeLessThan(0.01));
    const trainAcc = accuracyScore(labels.codes, argmaxRows(p.predictProba(ds.frame), ds.frame.nRows, 4));
    expect(Math.abs(trainAcc - ref.train_accuracy)).toBeLessThan(0.01);
  });

  it('fits on all rows; prints wall and CPU times next to sklearn', () => {
    const pre = pipelineFromConfig({ steps, estimator: { type: 'DummyClassifier', params: {} } }).fit(ds.frame, labels);
    const X = pre.transform(ds.frame);
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
    for (const name of ['rf100', 'ovr-rf100', 'rf300-leaf5']) {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let r = 0; r < 3; r++) {
        const model = classifierFromJSON(fx.models[name].estimator);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        model.fit(X, labels);
        wall.push((performance.now() - t0) / 1000);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1e6);
      }
      const ref = fx.models[name];
      console.log(
        `${name}: fit on all rows ${median(wall).toFixed(3)} s wall, ${median(cpu).toFixed(3)} s CPU (median of 3); ` +
          `sklearn ${ref.fit_seconds_median_of_3.toFixed(3)} s wall, ${ref.fit_cpu_seconds_median_of_3?.toFixed(3)} s CPU`,
      );
      expect(median(wall)).toBeGreaterThan(0);
    }
  });
});
