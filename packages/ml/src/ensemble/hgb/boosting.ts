import type { Labels, Matrix } from '../../core/types.js';
import { makeMatrix } from '../../core/types.js';
import { trainTestSplit } from '../../model_selection/trainTestSplit.js';
import { BinMapper, knownCategories } from './binning.js';
import { resolveJobs } from '../worker-pool.js';
import { TreeGrower, type GrowerData, type GrowerParams } from './grower.js';
import { accuracyFromRaw, baselinePrediction, binomialGradientHessian, meanLoss, multinomialGradientHessian } from './loss.js';
import type { ResolvedOptions } from './options.js';
import { ParallelTrees } from './parallel.js';
import { BITSET_WORDS, setBitset } from './splitter.js';
import { TreeEnsemble, type TreeArrays } from './trees.js';

/** Rows on which a scorer other than the loss evaluates training progress (scikit-learn's small train set). */
const SCORER_TRAIN_ROWS = 10_000;

export interface BoostingResult {
  isCategorical: Uint8Array;
  /** Per feature, the category codes seen at fit (empty for numeric features). */
  knownCategories: Float64Array[];
  /** Per feature, the bin thresholds (empty for categorical features). */
  binThresholds: Float64Array[];
  baseline: Float64Array;
  nTreesPerIteration: number;
  nIter: number;
  trees: TreeEnsemble;
  doEarlyStopping: boolean;
  trainScore: number[];
  validationScore: number[];
}

/** Bitsets (8 words per feature) of the categories seen at fit, for predict to recognise unknown ones. */
export function knownCategoryBitsets(known: readonly Float64Array[]): Uint32Array {
  const out = new Uint32Array(known.length * BITSET_WORDS);
  known.forEach((cats, f) => cats.forEach((c) => setBitset(out, f * BITSET_WORDS, c)));
  return out;
}

/**
 * scikit-learn 1.2's BaseHistGradientBoosting.fit for classification: optional stratified validation
 * split, binning on the training part, baseline raw predictions, then per iteration the loss
 * gradients and one tree per class (one tree for two classes), with early stopping on the
 * validation (or training) score.
 */
export function fitBoosting(X: Matrix, y: Labels, weights: Float64Array | null, isCategorical: Uint8Array, o: ResolvedOptions): BoostingResult {
  const nClasses = y.classes.length;
  const K = nClasses === 2 ? 1 : nClasses;
  const d = X.nCols;
  // Known categories come from all rows, before any validation split, so both parts bin alike.
  const known = Array.from({ length: d }, (_, f) => (isCategorical[f] ? knownCategories(X, f, o.maxBins) : new Float64Array(0)));

  const doEarlyStopping = o.earlyStopping === 'auto' ? X.nRows > 10_000 : o.earlyStopping;
  let Xtr = X;
  let ytr = y.codes;
  let wtr = weights;
  let val: { X: Matrix; codes: Int32Array; weights: Float64Array | null } | null = null;
  if (doEarlyStopping && o.validationFraction !== null) {
    const split = trainTestSplit(y, { testSize: o.validationFraction, seed: o.randomState, stratify: true });
    Xtr = takeRows(X, split.train);
    ytr = takeCodes(y.codes, split.train);
    wtr = weights && takeWeights(weights, split.train);
    val = { X: takeRows(X, split.test), codes: takeCodes(y.codes, split.test), weights: weights && takeWeights(weights, split.test) };
  }

  const mapper = BinMapper.fit(Xtr, o.maxBins, isCategorical, known, o.randomState);
  const binned = mapper.transform(Xtr);
  const n = Xtr.nRows;
  const hasMissing = new Uint8Array(d);
  for (let f = 0; f < d; f++) {
    const col = binned.subarray(f * n, (f + 1) * n);
    hasMissing[f] = col.includes(mapper.missingBin) ? 1 : 0;
  }

  const baseline = baselinePrediction(ytr, wtr, nClasses);
  // With several classes the trees of an iteration may grow on several threads (parallel.ts): the
  // per-class arrays then live in shared memory.
  const threads = K > 1 ? Math.min(resolveJobs(o.nJobs), K) : 1;
  const shared = threads > 1;
  const raw = Array.from({ length: K }, (_, k) => float64(n, shared).fill(baseline[k]));
  const gradients = Array.from({ length: K }, () => float32(n, shared));
  const hessians = Array.from({ length: K }, () => float32(n, shared));
  const scratch = new Float64Array(K === 1 ? 0 : n * (K + 2));
  const growerData: GrowerData = {
    binned,
    nSamples: n,
    nBinsNonMissing: mapper.nBinsNonMissing,
    missingBin: mapper.missingBin,
    hasMissingValues: hasMissing,
    isCategorical,
    thresholds: mapper.thresholds,
  };
  const growerParams: GrowerParams = {
    maxLeafNodes: o.maxLeafNodes,
    maxDepth: o.maxDepth,
    minSamplesLeaf: o.minSamplesLeaf,
    l2Regularization: o.l2Regularization,
    shrinkage: o.learningRate,
  };
  const grower = new TreeGrower(growerData, growerParams);

  const trainScore: number[] = [];
  const validationScore: number[] = [];
  const knownBits = knownCategoryBitsets(known);
  const rawVal = val && Array.from({ length: K }, (_, k) => new Float64Array(val.X.nRows).fill(baseline[k]));
  // With a scorer, training progress is measured on a (stratified) subset, as scikit-learn does.
  const small = doEarlyStopping && o.scoring !== 'loss' ? smallTrainSet(ytr, wtr, o.randomState, y.classes) : null;
  const score = (codes: Int32Array, r: Float64Array[], w: Float64Array | null): number =>
    o.scoring === 'loss' ? -meanLoss(codes, r, w) : accuracyFromRaw(codes, r, w);
  const recordScores = (): boolean => {
    if (small === null) trainScore.push(score(ytr, raw, wtr));
    else trainScore.push(score(small.codes, raw.map((col) => takeWeights(col, small.rows)), small.weights));
    if (val !== null) {
      validationScore.push(score(val.codes, rawVal!, val.weights));
      return shouldStop(validationScore, o.nIterNoChange, o.tol);
    }
    return shouldStop(trainScore, o.nIterNoChange, o.tol);
  };
  if (doEarlyStopping) recordScores();

  const trees: TreeArrays[] = [];
  let nIter = 0;
  const parallel = shared ? ParallelTrees.start(threads - 1, o.maxIter, grower, growerData, growerParams, gradients, hessians, raw) : null;
  try {
    for (let iter = 0; iter < o.maxIter; iter++) {
      if (K === 1) binomialGradientHessian(ytr, raw[0], wtr, gradients[0], hessians[0]);
      else multinomialGradientHessian(ytr, raw, wtr, gradients, hessians, scratch);
      let iterTrees: TreeArrays[];
      if (parallel !== null) iterTrees = parallel.growIteration(iter);
      else {
        iterTrees = [];
        for (let k = 0; k < K; k++) iterTrees.push(grower.grow(gradients[k], hessians[k], raw[k]));
      }
      trees.push(...iterTrees);
      nIter++;
      if (!doEarlyStopping) continue;
      if (val !== null) {
        const add = TreeEnsemble.concat(iterTrees).predictRaw(val.X, new Float64Array(K), knownBits);
        for (let i = 0; i < val.X.nRows; i++) for (let k = 0; k < K; k++) rawVal![k][i] += add[i * K + k];
      }
      if (recordScores()) break;
    }
  } finally {
    parallel?.stop();
  }

  return {
    isCategorical,
    knownCategories: known,
    binThresholds: mapper.thresholds.map((t, f) => (isCategorical[f] ? new Float64Array(0) : t)),
    baseline,
    nTreesPerIteration: K,
    nIter,
    trees: TreeEnsemble.concat(trees),
    doEarlyStopping,
    trainScore,
    validationScore,
  };
}

/** scikit-learn's _should_stop: none of the last n scores beats the one before them by more than tol. */
export function shouldStop(scores: readonly number[], nIterNoChange: number, tol: number): boolean {
  const ref = nIterNoChange + 1;
  if (scores.length < ref) return false;
  const reference = scores[scores.length - ref] + tol;
  for (let i = scores.length - ref + 1; i < scores.length; i++) if (scores[i] > reference) return false;
  return true;
}

function smallTrainSet(codes: Int32Array, weights: Float64Array | null, seed: number, classes: readonly string[]) {
  if (codes.length <= SCORER_TRAIN_ROWS) return null;
  const rows = trainTestSplit({ codes, classes }, { testSize: SCORER_TRAIN_ROWS, seed, stratify: true }).test;
  return { rows, codes: takeCodes(codes, rows), weights: weights && takeWeights(weights, rows) };
}

function float64(n: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(n);
}

function float32(n: number, shared: boolean): Float32Array {
  return shared ? new Float32Array(new SharedArrayBuffer(n * Float32Array.BYTES_PER_ELEMENT)) : new Float32Array(n);
}

function takeRows(X: Matrix, rows: Int32Array): Matrix {
  const d = X.nCols;
  const out = new Float64Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) out.set(X.data.subarray(rows[i] * d, rows[i] * d + d), i * d);
  return makeMatrix(rows.length, d, X.columnNames, out);
}

function takeCodes(codes: Int32Array, rows: Int32Array): Int32Array {
  return Int32Array.from(rows, (r) => codes[r]);
}

function takeWeights(w: Float64Array, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (r) => w[r]);
}
