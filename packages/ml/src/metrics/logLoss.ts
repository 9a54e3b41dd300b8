import { UserError } from '../core/errors.js';
import { checkCodes, checkProba, checkWeights, classCount } from './validate.js';
import { npAverage, npSum } from './numeric.js';

export interface LogLossOptions {
  /** Probabilities are clipped to [eps, 1 - eps]; 'auto' (default) is float64 machine epsilon, as scikit-learn 1.2. */
  eps?: 'auto' | number;
  /** false: summed over rows instead of averaged. Default true. */
  normalize?: boolean;
  sampleWeight?: ArrayLike<number>;
}

/**
 * Cross-entropy of n × k probabilities against true class indices, exactly as scikit-learn 1.2's
 * log_loss(y_true, proba, labels=range(k)): clip, renormalise each row, average -log p(true class).
 * The labels are always all of `classes`, so a class missing from yTrue (a small fold) still works.
 */
export function logLoss(yTrue: Int32Array, proba: Float64Array, classes: readonly string[], opts: LogLossOptions = {}): number {
  const k = classCount(classes);
  if (k < 2) {
    throw new UserError(`The labels array needs to contain at least two labels for log_loss, got [${classes.map((c) => `'${c}'`).join(' ')}].`);
  }
  checkCodes('yTrue', yTrue, k);
  const n = yTrue.length;
  if (n === 0) throw new UserError('cannot score an empty set of rows');
  checkProba(proba, n, k);
  checkWeights(opts.sampleWeight, n);
  const epsOpt = opts.eps ?? 'auto';
  if (epsOpt !== 'auto' && !(typeof epsOpt === 'number' && epsOpt >= 0 && epsOpt < 0.5)) {
    throw new UserError(`eps must be 'auto' or a number in [0, 0.5), got ${String(epsOpt)}`);
  }
  const eps = epsOpt === 'auto' ? Number.EPSILON : epsOpt;
  const hi = 1 - eps;

  const row = new Float64Array(k);
  const loss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const v = proba[i * k + j];
      row[j] = v < eps ? eps : v > hi ? hi : v;
    }
    const s = npSum(row);
    // xlogy(0, p) = 0 for the other classes, so the row's loss is the true class's term alone.
    loss[i] = -Math.log(row[yTrue[i]] / s);
  }
  if (opts.normalize === false) {
    const w = opts.sampleWeight;
    if (!w) return npSum(loss);
    let t = 0;
    for (let i = 0; i < n; i++) t += loss[i] * w[i];
    return t;
  }
  return npAverage(loss, opts.sampleWeight);
}
