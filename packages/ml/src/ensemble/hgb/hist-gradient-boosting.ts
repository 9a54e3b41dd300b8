import { NotFittedError } from '../../core/errors.js';
import { argmaxRows } from '../../core/types.js';
import type { Classifier, ComponentJSON, Labels, Matrix } from '../../core/types.js';
import { computeClassWeight } from '../../linear/class-weight.js';
import { construct, expectType } from '../../linear/json-state.js';
import { checkFitInput, checkPredictInput } from '../../linear/validation.js';
import { fitBoosting, knownCategoryBitsets, type BoostingResult } from './boosting.js';
import { rawToProba } from './loss.js';
import { HGB_TYPE, optionsToParams, resolveCategorical, resolveOptions, type HistGradientBoostingOptions, type ResolvedOptions } from './options.js';
import { hgbStateToJSON, readHgbState } from './state.js';
import type { TreeEnsemble } from './trees.js';

export { HGB_TYPE } from './options.js';
export type { HistGradientBoostingOptions } from './options.js';

/**
 * scikit-learn 1.2's HistGradientBoostingClassifier: gradient-boosted trees on binned features
 * (≤ maxBins quantile bins per feature plus one for missing values), grown leaf-wise on gradient and
 * hessian histograms of the log loss; native missing-value handling and native categorical splits.
 * Two classes: one tree per iteration on the log-odds; more: one tree per class per iteration, softmax.
 * Accepts NaN in X at fit and predict.
 */
export class HistGradientBoostingClassifier implements Classifier {
  readonly type = HGB_TYPE;
  /** NaN in X is input (the missing-value bin), not an error: pipelines pass it through untouched. */
  readonly acceptsMissing = true;
  readonly options: ResolvedOptions;

  classes: readonly string[] = [];
  nFeatures = 0;
  /** Iterations actually run (fewer than maxIter when early stopping kicked in), as sklearn's n_iter_. */
  nIter = 0;
  /** 1 for two classes, else the number of classes. */
  nTreesPerIteration = 0;
  /** Which features were treated as categorical. */
  isCategorical: boolean[] = [];
  doEarlyStopping = false;
  /** Scores per iteration (the first before any tree) when early stopping: −loss, or accuracy. */
  trainScore: number[] = [];
  validationScore: number[] = [];
  private model: BoostingResult | null = null;
  private knownBits: Uint32Array = new Uint32Array(0);

  constructor(options: HistGradientBoostingOptions = {}) {
    this.options = resolveOptions(options);
  }

  get fitted(): boolean {
    return this.model !== null;
  }

  /** nJobs, for clones (not part of the model document). */
  get executionParams(): Record<string, unknown> {
    return { nJobs: this.options.nJobs };
  }

  /** The fitted trees (nIter × nTreesPerIteration, iteration-major), for inspection. */
  get trees(): TreeEnsemble {
    if (this.model === null) throw new NotFittedError(HGB_TYPE);
    return this.model.trees;
  }

  fit(X: Matrix, y: Labels): this {
    const counts = checkFitInput(HGB_TYPE, X, y, { minClasses: 2, finite: false });
    const isCategorical = resolveCategorical(this.options.categoricalFeatures, X.columnNames);
    let weights: Float64Array | null = null;
    if (this.options.classWeight !== null) {
      const perClass = computeClassWeight(HGB_TYPE, this.options.classWeight, y.classes, counts);
      weights = Float64Array.from(y.codes, (c) => perClass[c]);
    }
    this.setModel(fitBoosting(X, y, weights, isCategorical, this.options), y.classes, X.nCols);
    return this;
  }

  private setModel(model: BoostingResult, classes: readonly string[], nFeatures: number): void {
    this.model = model;
    this.knownBits = knownCategoryBitsets(model.knownCategories);
    this.classes = [...classes];
    this.nFeatures = nFeatures;
    this.nIter = model.nIter;
    this.nTreesPerIteration = model.nTreesPerIteration;
    this.isCategorical = Array.from(model.isCategorical, (b) => b === 1);
    this.doEarlyStopping = model.doEarlyStopping;
    this.trainScore = [...model.trainScore];
    this.validationScore = [...model.validationScore];
  }

  /** Raw scores (sum of tree values plus the baseline), n × nTreesPerIteration, row-major. */
  decisionFunction(X: Matrix): Float64Array {
    if (this.model === null) throw new NotFittedError(HGB_TYPE);
    checkPredictInput(HGB_TYPE, X, this.nFeatures, false);
    return this.model.trees.predictRaw(X, this.model.baseline, this.knownBits);
  }

  predictProba(X: Matrix): Float64Array {
    return rawToProba(this.decisionFunction(X), X.nRows, this.classes.length);
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X), X.nRows, this.classes.length);
  }

  toJSON(): ComponentJSON {
    const params = optionsToParams(this.options);
    if (this.model === null) return { type: HGB_TYPE, params };
    return { type: HGB_TYPE, params, state: hgbStateToJSON(this.model, this.classes, this.nFeatures) };
  }

  static fromJSON(json: ComponentJSON): HistGradientBoostingClassifier {
    expectType(json, HGB_TYPE);
    const model = construct(HGB_TYPE, () => new HistGradientBoostingClassifier(json.params as HistGradientBoostingOptions));
    if (json.state === undefined) return model;
    const { classes, nFeatures, result } = readHgbState(json.state as Record<string, unknown>, model.options.maxBins);
    model.setModel(result, classes, nFeatures);
    return model;
  }
}
