import { ModelFormatError, NotFittedError, UserError } from '../core/errors.js';
import { argmaxRows } from '../core/types.js';
import type { Classifier, ComponentJSON, Labels, Matrix } from '../core/types.js';
import { construct, expectType, readClasses, readInt } from '../linear/json-state.js';
import { checkFitInput, checkOptionKeys, checkPredictInput } from '../linear/validation.js';
import { TreeBuilder } from './builder.js';
import { classWeightsFor, validateClassWeightOption, type TreeClassWeight } from './class-weight.js';
import { CompactTree } from './compact-tree.js';
import { resolveGrowthParams, validateGrowthParams, validateRandomState, type Criterion, type MaxFeatures, type TreeGrowthParams } from './params.js';
import { checkFinitePredictInput, prepareTrainingData } from './training-data.js';
import { TreeRandom } from './tree-random.js';

export interface DecisionTreeClassifierOptions {
  criterion?: Criterion;
  maxDepth?: number | null;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  /** Columns drawn at each node: a count, a fraction, 'sqrt', 'log2', or null for all (the default). */
  maxFeatures?: MaxFeatures;
  classWeight?: TreeClassWeight | null;
  randomState?: number;
  minImpurityDecrease?: number;
}

export const DECISION_TREE_TYPE = 'DecisionTreeClassifier';

const OPTION_KEYS = ['criterion', 'maxDepth', 'minSamplesSplit', 'minSamplesLeaf', 'maxFeatures', 'classWeight', 'randomState', 'minImpurityDecrease'];

/**
 * scikit-learn 1.2's DecisionTreeClassifier (best splitter, depth-first growth). predictProba is the
 * reached leaf's class weights normalised, as sklearn; predict is its argmax. NaN or ±Infinity in X is
 * refused at fit and at prediction, as sklearn 1.2 does: impute first.
 */
export class DecisionTreeClassifier implements Classifier {
  readonly type = DECISION_TREE_TYPE;
  readonly growth: TreeGrowthParams;
  readonly classWeight: TreeClassWeight | null;
  readonly randomState: number;

  classes: readonly string[] = [];
  nFeatures = 0;
  private compact: CompactTree | null = null;

  constructor(options: DecisionTreeClassifierOptions = {}) {
    const who = DECISION_TREE_TYPE;
    if (typeof options !== 'object' || options === null) throw new UserError(`${who}: options must be an object`);
    checkOptionKeys(who, options, OPTION_KEYS);
    this.growth = validateGrowthParams(who, options, null);
    this.classWeight = validateClassWeightOption(who, options.classWeight) as TreeClassWeight | null;
    this.randomState = validateRandomState(who, options.randomState);
  }

  get fitted(): boolean {
    return this.compact !== null;
  }

  /** The fitted tree's arrays (sklearn's tree_). */
  get tree(): CompactTree {
    if (!this.compact) throw new NotFittedError(DECISION_TREE_TYPE);
    return this.compact;
  }

  fit(X: Matrix, y: Labels): this {
    const who = DECISION_TREE_TYPE;
    const counts = checkFitInput(who, X, y, { minClasses: 1, finite: false });
    const k = y.classes.length;
    const data = prepareTrainingData(who, X, y.codes, k);
    const params = resolveGrowthParams(who, this.growth, X.nRows, X.nCols);
    const weights = new Float64Array(X.nRows).fill(1);
    if (this.classWeight !== null) {
      const cw = classWeightsFor(who, this.classWeight, y.classes, counts);
      for (let i = 0; i < X.nRows; i++) weights[i] = cw[y.codes[i]];
    }
    const arrays = new TreeBuilder(data).build(weights, params, new TreeRandom(this.randomState, 0));
    this.compact = CompactTree.fromBuilt(arrays);
    this.classes = [...y.classes];
    this.nFeatures = X.nCols;
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    const who = DECISION_TREE_TYPE;
    const tree = this.tree;
    checkPredictInput(who, X, this.nFeatures, false);
    checkFinitePredictInput(who, X);
    const out = new Float64Array(X.nRows * this.classes.length);
    tree.addProba(X.data, X.nRows, X.nCols, out);
    return out;
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X), X.nRows, this.classes.length);
  }

  /** Probabilities of one row (nFeatures values) into `out`, allocating nothing else. */
  predictProbaRow(row: ArrayLike<number>, out: Float64Array = new Float64Array(this.classes.length)): Float64Array {
    const tree = this.tree;
    checkRow(DECISION_TREE_TYPE, row, this.nFeatures);
    const k = this.classes.length;
    const leaf = tree.leafOf(row, 0) * k;
    for (let c = 0; c < k; c++) out[c] = tree.proba[leaf + c];
    return out;
  }

  /** Impurity-based feature importances, normalised to sum 1 (sklearn's feature_importances_). */
  get featureImportances(): Float64Array {
    return this.tree.featureImportances(this.growth.criterion === 'gini' ? 0 : 1, this.nFeatures);
  }

  getDepth(): number {
    return this.tree.maxDepth;
  }

  getNLeaves(): number {
    return this.tree.nLeaves;
  }

  /** Bytes of the fitted arrays (what the model document stores, before base64). */
  modelSizeBytes(): number {
    return this.tree.sizeBytes;
  }

  toJSON(): ComponentJSON {
    const g = this.growth;
    const params = {
      criterion: g.criterion,
      maxDepth: g.maxDepth,
      minSamplesSplit: g.minSamplesSplit,
      minSamplesLeaf: g.minSamplesLeaf,
      maxFeatures: g.maxFeatures,
      classWeight: this.classWeight === null || typeof this.classWeight === 'string' ? this.classWeight : { ...this.classWeight },
      randomState: this.randomState,
      minImpurityDecrease: g.minImpurityDecrease,
    };
    if (!this.compact) return { type: this.type, params };
    return { type: this.type, params, state: { classes: [...this.classes], nFeatures: this.nFeatures, tree: this.compact.toJSON() } };
  }

  static fromJSON(json: ComponentJSON): DecisionTreeClassifier {
    const who = DECISION_TREE_TYPE;
    expectType(json, who);
    const model = construct(who, () => new DecisionTreeClassifier(json.params as DecisionTreeClassifierOptions));
    const state = json.state as Record<string, unknown> | undefined;
    if (state === undefined) return model;
    const classes = readClasses(state, who, 1);
    const nFeatures = readInt(state, 'nFeatures', who, 1);
    if (state.tree === undefined) throw new ModelFormatError(`${who}: state.tree is missing`);
    model.compact = CompactTree.fromJSON(state.tree, nFeatures, classes.length, who);
    model.classes = classes;
    model.nFeatures = nFeatures;
    return model;
  }
}

/** A single row for predictProbaRow: the right length and finite as float32. */
export function checkRow(who: string, row: ArrayLike<number>, nFeatures: number): void {
  if (row.length !== nFeatures) throw new UserError(`${who}: the row has ${row.length} columns but the model was fitted on ${nFeatures}`);
  for (let j = 0; j < nFeatures; j++) {
    const v = Math.fround(row[j]);
    if (v - v !== 0) throw new UserError(`${who}: column ${j} of the row is not a finite number (${row[j]}); impute it first`);
  }
}
