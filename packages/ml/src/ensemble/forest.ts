import { ModelFormatError, NotFittedError, UserError } from '../core/errors.js';
import { argmaxRows } from '../core/types.js';
import type { Classifier, ComponentJSON, Labels, Matrix } from '../core/types.js';
import { construct, expectType, readClasses, readInt } from '../linear/json-state.js';
import { checkFitInput, checkOptionKeys, checkPredictInput } from '../linear/validation.js';
import type { TreeArrays } from '../tree/builder.js';
import { validateClassWeightOption, type TreeClassWeight } from '../tree/class-weight.js';
import { CompactTree, numpySum } from '../tree/compact-tree.js';
import { checkRow } from '../tree/decision-tree.js';
import { ENTROPY, GINI, validateGrowthParams, validateRandomState, type Criterion, type MaxFeatures, type TreeGrowthParams } from '../tree/params.js';
import { checkFinitePredictInput } from '../tree/training-data.js';
import { forestJob, ForestWorkspace, growForestTree } from './forest-grow.js';
import { computeOob } from './forest-oob.js';
import { effectiveJobs, growTreesInParallel } from './forest-parallel.js';

export type ForestClassWeight = TreeClassWeight | 'balanced_subsample';

export interface RandomForestClassifierOptions {
  nEstimators?: number;
  criterion?: Criterion;
  maxDepth?: number | null;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  /** Columns drawn at each node; default 'sqrt' (sklearn 1.2). */
  maxFeatures?: MaxFeatures;
  minImpurityDecrease?: number;
  bootstrap?: boolean;
  /** Rows drawn per tree: a count, a fraction in (0, 1], or null for all (bootstrap only). */
  maxSamples?: number | null;
  /** Compute the out-of-bag accuracy (oobScore_) and decision function (bootstrap only). */
  oobScore?: boolean;
  classWeight?: ForestClassWeight | null;
  randomState?: number;
  /**
   * Threads growing trees: a count, or −1 (the default) for every core, or CUSTSEG_N_JOBS threads when
   * that environment variable is set (sklearn's default is one thread). An execution setting, not part
   * of the model: the fitted forest is identical for every value, so a configuration may set it but
   * toJSON never writes it (clones, such as OneVsRest's members, get it through executionParams).
   */
  nJobs?: number;
  /** Told about rows no tree left out of its sample (their OOB probabilities are 0). Not serialised. */
  onWarning?: (message: string) => void;
}

export const RANDOM_FOREST_TYPE = 'RandomForestClassifier';

const OPTION_KEYS = [
  'nEstimators',
  'criterion',
  'maxDepth',
  'minSamplesSplit',
  'minSamplesLeaf',
  'maxFeatures',
  'minImpurityDecrease',
  'bootstrap',
  'maxSamples',
  'oobScore',
  'classWeight',
  'randomState',
  'nJobs',
  'onWarning',
];

/**
 * scikit-learn 1.2's RandomForestClassifier: trees grown as DecisionTreeClassifier's on bootstrap
 * samples expressed as sample weights, predictProba the mean of the trees' probabilities (summed in
 * tree order, then divided, as sklearn). Tree i's random draws come from a seed derived from
 * (randomState, i) alone, so the forest never depends on nJobs or thread timing.
 */
export class RandomForestClassifier implements Classifier {
  readonly type = RANDOM_FOREST_TYPE;
  readonly nEstimators: number;
  readonly growth: TreeGrowthParams;
  readonly bootstrap: boolean;
  readonly maxSamples: number | null;
  readonly oobScore: boolean;
  readonly classWeight: ForestClassWeight | null;
  readonly randomState: number;
  readonly nJobs: number;
  private readonly onWarning?: (message: string) => void;

  classes: readonly string[] = [];
  nFeatures = 0;
  private trees: CompactTree[] = [];
  /** Out-of-bag accuracy, when fitted with oobScore (kept in the model document). */
  oobScore_: number | null = null;
  /** n × k out-of-bag probabilities of the training rows; only after fit, not kept in the model document. */
  oobDecisionFunction_: Float64Array | null = null;

  constructor(options: RandomForestClassifierOptions = {}) {
    const who = RANDOM_FOREST_TYPE;
    if (typeof options !== 'object' || options === null) throw new UserError(`${who}: options must be an object`);
    checkOptionKeys(who, options, OPTION_KEYS);
    const nEstimators = options.nEstimators ?? 100;
    if (!(typeof nEstimators === 'number' && Number.isInteger(nEstimators) && nEstimators >= 1)) {
      throw new UserError(`${who}: nEstimators must be an integer >= 1, got ${JSON.stringify(nEstimators)}`);
    }
    this.growth = validateGrowthParams(who, options, 'sqrt');
    const bootstrap = options.bootstrap ?? true;
    if (typeof bootstrap !== 'boolean') throw new UserError(`${who}: bootstrap must be a boolean`);
    const oobScore = options.oobScore ?? false;
    if (typeof oobScore !== 'boolean') throw new UserError(`${who}: oobScore must be a boolean`);
    if (oobScore && !bootstrap) throw new UserError(`${who}: oobScore needs bootstrap = true (out-of-bag rows exist only then)`);
    const maxSamples = options.maxSamples ?? null;
    if (maxSamples !== null) {
      if (!(typeof maxSamples === 'number' && ((Number.isInteger(maxSamples) && maxSamples >= 1) || (maxSamples > 0 && maxSamples < 1)))) {
        throw new UserError(`${who}: maxSamples must be an integer >= 1, a fraction in (0, 1), or null, got ${JSON.stringify(maxSamples)}`);
      }
      if (!bootstrap) throw new UserError(`${who}: maxSamples can only be set with bootstrap = true`);
    }
    const nJobs = options.nJobs ?? -1;
    if (!(typeof nJobs === 'number' && Number.isInteger(nJobs) && (nJobs >= 1 || nJobs === -1))) {
      throw new UserError(`${who}: nJobs must be an integer >= 1, or -1 for every core, got ${JSON.stringify(nJobs)}`);
    }
    if (options.onWarning !== undefined && typeof options.onWarning !== 'function') throw new UserError(`${who}: onWarning must be a function`);
    this.nEstimators = nEstimators;
    this.bootstrap = bootstrap;
    this.maxSamples = maxSamples;
    this.oobScore = oobScore;
    this.classWeight = validateClassWeightOption(who, options.classWeight, ['balanced_subsample']) as ForestClassWeight | null;
    this.randomState = validateRandomState(who, options.randomState);
    this.nJobs = nJobs;
    this.onWarning = options.onWarning;
  }

  get fitted(): boolean {
    return this.trees.length > 0;
  }

  /** nJobs, for clones (not part of the model document). */
  get executionParams(): Record<string, unknown> {
    return { nJobs: this.nJobs };
  }

  /** The fitted trees (sklearn's estimators_[i].tree_). */
  get estimators(): readonly CompactTree[] {
    if (!this.fitted) throw new NotFittedError(RANDOM_FOREST_TYPE);
    return this.trees;
  }

  fit(X: Matrix, y: Labels): this {
    const who = RANDOM_FOREST_TYPE;
    const counts = checkFitInput(who, X, y, { minClasses: 1, finite: false });
    const job = forestJob(who, this, X, y, counts);
    const threads = effectiveJobs(this.nJobs, this.nEstimators);
    let arrays: TreeArrays[];
    if (threads > 1) arrays = growTreesInParallel(job, threads).trees;
    else {
      const ws = new ForestWorkspace(job);
      arrays = Array.from({ length: this.nEstimators }, (_, i) => growForestTree(ws, i));
    }
    this.trees = arrays.map((a) => CompactTree.fromBuilt(a));
    this.classes = [...y.classes];
    this.nFeatures = X.nCols;
    this.oobScore_ = null;
    this.oobDecisionFunction_ = null;
    if (this.oobScore) {
      const oob = computeOob(job, this.trees, X, y.codes);
      if (oob.rowsWithoutOob > 0) {
        this.onWarning?.(
          `${who}: ${oob.rowsWithoutOob} rows were in every tree's bootstrap sample and have no out-of-bag prediction; use more trees for a reliable oobScore_`,
        );
      }
      this.oobScore_ = oob.score;
      this.oobDecisionFunction_ = oob.decision;
    }
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    const who = RANDOM_FOREST_TYPE;
    const trees = this.estimators;
    checkPredictInput(who, X, this.nFeatures, false);
    checkFinitePredictInput(who, X);
    const out = new Float64Array(X.nRows * this.classes.length);
    if (X.nRows < 4) {
      // Too few rows for the lockstep walk: the plain one is quicker for a served row.
      for (const tree of trees) tree.addProba(X.data, X.nRows, X.nCols, out);
    } else {
      // Rounded to float32 once (as every split compares) rather than at every node of every tree.
      const rounded = Float32Array.from(X.data);
      for (const tree of trees) tree.addProbaRounded(rounded, X.nRows, X.nCols, out);
    }
    const m = trees.length;
    for (let t = 0; t < out.length; t++) out[t] /= m;
    return out;
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X), X.nRows, this.classes.length);
  }

  /** Probabilities of one row into `out`, allocating nothing else; bit-identical to predictProba's row. */
  predictProbaRow(row: ArrayLike<number>, out: Float64Array = new Float64Array(this.classes.length)): Float64Array {
    const trees = this.estimators;
    checkRow(RANDOM_FOREST_TYPE, row, this.nFeatures);
    const k = this.classes.length;
    out.fill(0, 0, k);
    for (const tree of trees) {
      const leaf = tree.leafOf(row, 0) * k;
      const proba = tree.proba;
      for (let c = 0; c < k; c++) out[c] += proba[leaf + c];
    }
    for (let c = 0; c < k; c++) out[c] /= trees.length;
    return out;
  }

  /**
   * sklearn's feature_importances_: the mean of the trees' normalised impurity importances (trees that
   * are a lone root left out), renormalised to sum 1; all zeros when no tree split.
   */
  get featureImportances(): Float64Array {
    const trees = this.estimators;
    const d = this.nFeatures;
    const criterion = this.growth.criterion === 'gini' ? GINI : ENTROPY;
    const mean = new Float64Array(d);
    let used = 0;
    for (const tree of trees) {
      if (tree.nNodes <= 1) continue;
      const imp = tree.featureImportances(criterion, d);
      for (let j = 0; j < d; j++) mean[j] += imp[j];
      used++;
    }
    if (used === 0) return mean;
    for (let j = 0; j < d; j++) mean[j] /= used;
    const total = numpySum(mean);
    for (let j = 0; j < d; j++) mean[j] /= total;
    return mean;
  }

  /** Bytes of the fitted arrays of all trees (what the model document stores, before base64). */
  modelSizeBytes(): number {
    let bytes = 0;
    for (const tree of this.estimators) bytes += tree.sizeBytes;
    return bytes;
  }

  /** Total nodes over all trees. */
  get nodeCount(): number {
    let nodes = 0;
    for (const tree of this.estimators) nodes += tree.nNodes;
    return nodes;
  }

  toJSON(): ComponentJSON {
    const g = this.growth;
    const cw = this.classWeight;
    const params = {
      nEstimators: this.nEstimators,
      criterion: g.criterion,
      maxDepth: g.maxDepth,
      minSamplesSplit: g.minSamplesSplit,
      minSamplesLeaf: g.minSamplesLeaf,
      maxFeatures: g.maxFeatures,
      minImpurityDecrease: g.minImpurityDecrease,
      bootstrap: this.bootstrap,
      maxSamples: this.maxSamples,
      oobScore: this.oobScore,
      classWeight: cw === null || typeof cw === 'string' ? cw : { ...cw },
      randomState: this.randomState,
    };
    if (!this.fitted) return { type: this.type, params };
    return {
      type: this.type,
      params,
      state: {
        classes: [...this.classes],
        nFeatures: this.nFeatures,
        oobScore: this.oobScore_,
        trees: this.trees.map((t) => t.toJSON()),
      },
    };
  }

  static fromJSON(json: ComponentJSON): RandomForestClassifier {
    const who = RANDOM_FOREST_TYPE;
    expectType(json, who);
    const model = construct(who, () => new RandomForestClassifier(json.params as RandomForestClassifierOptions));
    const state = json.state as Record<string, unknown> | undefined;
    if (state === undefined) return model;
    const classes = readClasses(state, who, 1);
    const nFeatures = readInt(state, 'nFeatures', who, 1);
    const oob = state.oobScore;
    if (!(oob === null || (typeof oob === 'number' && oob >= 0 && oob <= 1)) || (oob !== null) !== model.oobScore) {
      throw new ModelFormatError(`${who}: state.oobScore must be a number in [0, 1] when params.oobScore is true, else null`);
    }
    const trees = state.trees;
    if (!Array.isArray(trees) || trees.length !== model.nEstimators) {
      throw new ModelFormatError(`${who}: state.trees must be an array of nEstimators = ${model.nEstimators} trees`);
    }
    model.trees = trees.map((t, i) => CompactTree.fromJSON(t, nFeatures, classes.length, `${who} tree ${i}`));
    model.classes = classes;
    model.nFeatures = nFeatures;
    model.oobScore_ = oob as number | null;
    return model;
  }
}
