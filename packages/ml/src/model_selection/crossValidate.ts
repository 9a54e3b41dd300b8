import { performance } from 'node:perf_hooks';
import { UserError } from '../core/errors.js';
import { argmaxRows, type Labels } from '../core/types.js';
import { accuracyScore } from '../metrics/accuracy.js';
import { logLoss } from '../metrics/logLoss.js';
import { precisionRecallFscoreSupport } from '../metrics/prf.js';
import { npMean, npStd } from '../metrics/numeric.js';
import type { Fold } from './folds.js';

export interface FoldScores {
  accuracy: number;
  /** Over the classes present in the fold's truth or predictions (scikit-learn's 'f1_macro'). */
  macro_f1: number;
  /** With every class as a label, so a fold missing a class still scores. */
  log_loss: number;
  /** Wall time of fitAndPredict. */
  fit_seconds: number;
}

export interface CrossValidateResult {
  folds: FoldScores[];
  mean: FoldScores;
  /** Population standard deviation (np.std, as cv_results_' std_test_score). */
  std: FoldScores;
}

export interface CrossValidateOptions {
  labels: Labels;
  folds: Iterable<Fold>;
  /** Fits on the `train` rows and returns probabilities for the `test` rows: test.length × k, row-major. */
  fitAndPredict: (train: Int32Array, test: Int32Array) => Float64Array;
  /** Called after each fold with its 0-based index, the number of folds and fitAndPredict's seconds. */
  onFold?: (i: number, n: number, seconds: number) => void;
}

const KEYS = ['accuracy', 'macro_f1', 'log_loss', 'fit_seconds'] as const;

function checkIndices(name: string, idx: Int32Array, n: number, fold: number): void {
  if (!(idx instanceof Int32Array)) throw new UserError(`fold ${fold}: ${name} indices must be an Int32Array`);
  for (let j = 0; j < idx.length; j++) {
    if (idx[j] < 0 || idx[j] >= n) throw new UserError(`fold ${fold}: ${name} index ${idx[j]} is outside [0, ${n})`);
  }
}

/**
 * Scores a model on each fold: the caller fits and predicts (this knows nothing of pipelines),
 * this scores the test rows' probabilities against the labels and summarises across folds.
 */
export function crossValidate(opts: CrossValidateOptions): CrossValidateResult {
  const { labels, fitAndPredict, onFold } = opts;
  const codes = labels.codes;
  const classes = labels.classes;
  const n = codes.length;
  const k = classes.length;
  if (k < 2) throw new UserError(`cross-validation needs at least two classes, got ${k}`);
  const folds = Array.from(opts.folds);
  if (folds.length === 0) throw new UserError('cross-validation needs at least one fold');

  const scores: FoldScores[] = [];
  folds.forEach((fold, i) => {
    checkIndices('train', fold.train, n, i);
    checkIndices('test', fold.test, n, i);
    if (fold.test.length === 0) throw new UserError(`fold ${i} has no test rows`);
    const t0 = performance.now();
    const proba = fitAndPredict(fold.train, fold.test);
    const seconds = (performance.now() - t0) / 1000;
    const m = fold.test.length;
    if (!(proba instanceof Float64Array) || proba.length !== m * k) {
      throw new UserError(`fold ${i}: fitAndPredict must return ${m} × ${k} probabilities, got ${proba?.length ?? 'none'}`);
    }
    const yTrue = new Int32Array(m);
    for (let j = 0; j < m; j++) yTrue[j] = codes[fold.test[j]];
    const yPred = argmaxRows(proba, m, k);
    scores.push({
      accuracy: accuracyScore(yTrue, yPred),
      macro_f1: precisionRecallFscoreSupport(yTrue, yPred, classes).macro.fscore,
      log_loss: logLoss(yTrue, proba, classes),
      fit_seconds: seconds,
    });
    onFold?.(i, folds.length, seconds);
  });

  const summarise = (f: (v: number[]) => number): FoldScores => {
    const out = {} as FoldScores;
    for (const key of KEYS) out[key] = f(scores.map((s) => s[key]));
    return out;
  };
  return { folds: scores, mean: summarise(npMean), std: summarise(npStd) };
}
