import { checkPair, checkWeights } from './validate.js';
import { npSum, npAverage } from './numeric.js';

export interface AccuracyOptions {
  /** Per-row weights (scikit-learn's sample_weight). */
  sampleWeight?: ArrayLike<number>;
  /** false: the (weighted) count of correct rows instead of the fraction. Default true. */
  normalize?: boolean;
}

/**
 * Fraction of rows where yPred equals yTrue (scikit-learn's accuracy_score). Inputs are class
 * indices; the number of classes does not matter, so none is asked for.
 */
export function accuracyScore(yTrue: Int32Array, yPred: Int32Array, opts: AccuracyOptions = {}): number {
  checkPair(yTrue, yPred);
  const n = yTrue.length;
  checkWeights(opts.sampleWeight, n);
  const hit = new Float64Array(n);
  for (let i = 0; i < n; i++) hit[i] = yTrue[i] === yPred[i] ? 1 : 0;
  const w = opts.sampleWeight;
  if (opts.normalize === false) {
    if (!w) return npSum(hit);
    // np.dot in scikit-learn; left-to-right here (BLAS order is unspecified anyway).
    let s = 0;
    for (let i = 0; i < n; i++) s += hit[i] * w[i];
    return s;
  }
  return npAverage(hit, w);
}
