import { describe, expect, it } from 'vitest';
import { makeMatrix } from '../core/types.js';
import type { Labels, Matrix } from '../core/types.js';
import { fixture } from '../test-support/data.js';
import { TreeBuilder } from './builder.js';
import { classCounts, classWeightsFor } from './class-weight.js';
import { CompactTree } from './compact-tree.js';
import { DecisionTreeClassifier, type DecisionTreeClassifierOptions } from './decision-tree.js';
import { resolveGrowthParams, validateGrowthParams } from './params.js';
import { SklearnTreeRandom } from './test-support/sklearn-random.js';
import { prepareTrainingData } from './training-data.js';

// Parity with scikit-learn 1.2.1's DecisionTreeClassifier (scripts/reference/trees.py small).
interface TreeRecord {
  params: DecisionTreeClassifierOptions;
  node_count: number;
  max_depth: number;
  n_leaves: number;
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[][];
  feature_importances: number[];
  predict_train: number[];
  predict_test: number[];
  seeds: { seed_invariant: boolean; node_count: [number, number]; max_depth: [number, number]; min_test_agreement: number };
}
interface Dataset {
  X_train: number[][];
  y_train: number[];
  X_test: number[][];
  y_test: number[];
  trees: Record<string, TreeRecord>;
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

/** Our builder fed sklearn's own random draws (random_state = 0): sklearn's tree, node for node. */
function growWithSklearnRandom(X: Matrix, y: Labels, options: DecisionTreeClassifierOptions): CompactTree {
  const k = y.classes.length;
  const data = prepareTrainingData('test', X, y.codes, k);
  const params = resolveGrowthParams('test', validateGrowthParams('test', options, null), X.nRows, X.nCols);
  const weights = new Float64Array(X.nRows).fill(1);
  if (options.classWeight) {
    const cw = classWeightsFor('test', options.classWeight, y.classes, classCounts(y.codes, k));
    for (let i = 0; i < X.nRows; i++) weights[i] = cw[y.codes[i]];
  }
  return CompactTree.fromBuilt(new TreeBuilder(data).build(weights, params, new SklearnTreeRandom(0)));
}

function predictCodes(tree: CompactTree, X: Matrix): number[] {
  const k = tree.nClasses;
  const p = new Float64Array(X.nRows * k);
  tree.addProba(X.data, X.nRows, X.nCols, p);
  return Array.from({ length: X.nRows }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
    return best;
  });
}

function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

for (const [dsName, ds] of Object.entries(datasets)) {
  describe(`DecisionTreeClassifier vs scikit-learn on "${dsName}"`, () => {
    const X = matrix(ds.X_train);
    const Xt = matrix(ds.X_test);
    const y = labels(ds.y_train);

    for (const [setting, ref] of Object.entries(ds.trees)) {
      it(`${setting}: with sklearn's random draws, the same tree node for node`, () => {
        const tree = growWithSklearnRandom(X, y, ref.params);
        if (ref.params.classWeight !== undefined) {
          // Class weights make the sums fractional, and their last bits depend on the order samples are
          // added (which sklearn's unstable sort decides). That decides whether a pure node's impurity comes
          // out as 0 or as 4e-16 > EPSILON, which sklearn then "splits" into two pure leaves; the extra
          // split also consumes random draws, so later ties can go another way. Hence only as close as
          // sklearn's own random_states are to each other.
          expect(Math.abs(tree.nNodes - ref.node_count)).toBeLessThanOrEqual(10);
          expect(agreement(predictCodes(tree, X), ref.predict_train)).toBeGreaterThanOrEqual(0.99);
          expect(agreement(predictCodes(tree, Xt), ref.predict_test)).toBeGreaterThanOrEqual(ref.seeds.min_test_agreement - 0.02);
          return;
        }
        expect(predictCodes(tree, X)).toEqual(ref.predict_train);
        expect(predictCodes(tree, Xt)).toEqual(ref.predict_test);
        const imp = tree.featureImportances(ref.params.criterion === 'entropy' ? 1 : 0, X.nCols);
        expect(tree.nNodes).toBe(ref.node_count);
        expect(Array.from(tree.feature)).toEqual(ref.feature);
        expect(Array.from(tree.threshold)).toEqual(ref.threshold);
        expect(Array.from(tree.left)).toEqual(ref.left);
        expect(Array.from(tree.right)).toEqual(ref.right);
        const k = y.classes.length;
        expect(Array.from(tree.value)).toEqual(ref.value.flatMap((row) => row.slice(0, k)));
        expect(tree.maxDepth).toBe(ref.max_depth);
        expect(tree.nLeaves).toBe(ref.n_leaves);
        ref.feature_importances.forEach((v, j) => expect(Math.abs(imp[j] - v)).toBeLessThan(1e-12));
      });

      it(`${setting}: with our own RNG, within the variation of sklearn's random_state`, () => {
        const model = new DecisionTreeClassifier(ref.params).fit(X, y);
        const s = ref.seeds;
        if (s.seed_invariant) {
          // No ties anywhere: any RNG must grow exactly this tree.
          expect(Array.from(model.tree.feature)).toEqual(ref.feature);
          expect(Array.from(model.tree.threshold)).toEqual(ref.threshold);
          expect(Array.from(model.predict(Xt))).toEqual(ref.predict_test);
        }
        const nodes = model.tree.nNodes;
        // Our RNG is one more random_state: allow a little beyond the 20 seeds sklearn was run with.
        expect(nodes).toBeGreaterThanOrEqual(s.node_count[0] - 4);
        expect(nodes).toBeLessThanOrEqual(s.node_count[1] + 4);
        expect(model.getDepth()).toBeGreaterThanOrEqual(s.max_depth[0] - 1);
        expect(model.getDepth()).toBeLessThanOrEqual(s.max_depth[1] + 1);
        // Fully grown trees fit their training rows: the same training predictions whatever the ties.
        if (ref.params.maxDepth === undefined && ref.params.minSamplesLeaf === undefined && ref.params.minImpurityDecrease === undefined) {
          expect(agreement(model.predict(X), ref.predict_train)).toBe(1);
        }
        expect(agreement(model.predict(Xt), ref.predict_test)).toBeGreaterThanOrEqual(Math.min(0.99, s.min_test_agreement) - 0.05);
      });
    }
  });
}
