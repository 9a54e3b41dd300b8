import { describe, expect, it } from 'vitest';
import { makeMatrix } from '../core/types.js';
import type { Labels, Matrix } from '../core/types.js';
import { fixture } from '../test-support/data.js';
import { TreeBuilder } from '../tree/builder.js';
import { classCounts } from '../tree/class-weight.js';
import { CompactTree } from '../tree/compact-tree.js';
import { ENTROPY, GINI } from '../tree/params.js';
import { SklearnTreeRandom, sklearnBootstrapCounts, sklearnForestTreeSeeds } from '../tree/test-support/sklearn-random.js';
import { fillTreeWeights, forestJob } from './forest-grow.js';
import { RandomForestClassifier, type RandomForestClassifierOptions } from './forest.js';

// scikit-learn 1.2.1's RandomForestClassifier(random_state=0) grown tree for tree from sklearn's own random
// draws (per-tree seeds, bootstrap rows, feature draws: tree/test-support/sklearn-random.ts) through our
// forest job, weights and builder: the forest semantics (bootstrap as weights, max_features draws past
// constant features, max_samples, class weights, probability averaging) checked to the last bit.
// Fixtures: scripts/reference/trees.py small.
interface ForestRecord {
  params: RandomForestClassifierOptions;
  tree_seeds: number[];
  node_counts: number[];
  root_value: number[][];
  root_split: [number, number][];
  proba_test: number[][];
  feature_importances: number[];
}
interface Dataset {
  X_train: number[][];
  y_train: number[];
  X_test: number[][];
  forests: Record<string, ForestRecord>;
}
const { datasets } = await fixture<{ datasets: Record<string, Dataset> }>('packages/ml/src/tree/__fixtures__/trees-small.json');

function matrix(rows: number[][]): Matrix {
  const d = rows[0].length;
  return makeMatrix(rows.length, d, Array.from({ length: d }, (_, j) => `x${j}`), Float64Array.from(rows.flat()));
}

function labels(y: number[]): Labels {
  const k = Math.max(...y) + 1;
  return { codes: Int32Array.from(y), classes: Array.from({ length: k }, (_, c) => String(c)) };
}

for (const [dsName, ds] of Object.entries(datasets)) {
  describe(`RandomForestClassifier vs scikit-learn on "${dsName}", with sklearn's random draws`, () => {
    const X = matrix(ds.X_train);
    const Xt = matrix(ds.X_test);
    const y = labels(ds.y_train);
    const k = y.classes.length;

    for (const [setting, ref] of Object.entries(ds.forests)) {
      it(setting, () => {
        const model = new RandomForestClassifier(ref.params);
        const job = forestJob('test', model, X, y, classCounts(y.codes, k));
        const seeds = sklearnForestTreeSeeds(0, model.nEstimators);
        expect(seeds).toEqual(ref.tree_seeds);
        const builder = new TreeBuilder(job.data);
        const weights = new Float64Array(X.nRows);
        const proba = new Float64Array(Xt.nRows * k);
        const trees = seeds.map((seed) => {
          const counts = job.bootstrap ? sklearnBootstrapCounts(seed, X.nRows, job.nDraws) : null;
          fillTreeWeights(job, counts, weights);
          const tree = CompactTree.fromBuilt(builder.build(weights, job.params, new SklearnTreeRandom(seed)));
          tree.addProba(Xt.data, Xt.nRows, Xt.nCols, proba);
          return tree;
        });
        for (let t = 0; t < proba.length; t++) proba[t] /= trees.length;
        const expected = ref.proba_test.flat();
        // Every tree's sample weights (bootstrap counts × class weights) show in its root's class sums.
        trees.forEach((t, i) => {
          ref.root_value[i].forEach((v, c) => expect(Math.abs(t.value[c] - v)).toBeLessThanOrEqual(1e-12 * v));
          expect([t.feature[0], t.threshold[0]]).toEqual(ref.root_split[i]);
        });
        if (model.classWeight === 'balanced_subsample') {
          // Fractional weights: sklearn subtracts running sums, so a pure child can come out with an
          // impurity of ~1e-16 > EPSILON, which sklearn then "splits" (into pure leaves of the same class);
          // ours sums exactly and stops. Predictions of that node are unaffected, but the extra split
          // consumes random draws, so the rest of the tree is as different as another random_state's.
          trees.forEach((t, i) => expect(Math.abs(t.nNodes - ref.node_counts[i])).toBeLessThanOrEqual(0.3 * ref.node_counts[i]));
          return;
        }
        expect(trees.map((t) => t.nNodes)).toEqual(ref.node_counts);
        expect(Array.from(proba)).toEqual(expected);
        // sklearn's feature_importances_: mean of the trees' normalised importances, renormalised.
        const criterion = model.growth.criterion === 'gini' ? GINI : ENTROPY;
        const mean = new Float64Array(X.nCols);
        for (const t of trees) t.featureImportances(criterion, X.nCols).forEach((v, j) => (mean[j] += v / trees.length));
        const total = mean.reduce((a, b) => a + b, 0);
        ref.feature_importances.forEach((v, j) => expect(Math.abs(mean[j] / total - v)).toBeLessThan(1e-12));
      });
    }
  });
}
