import { UserError } from '../core/errors.js';
import { checkPair, checkWeights, classCount } from './validate.js';
import { npSum } from './numeric.js';

export interface ConfusionOptions {
  sampleWeight?: ArrayLike<number>;
  /** Divide by row sums ('true'), column sums ('pred') or the total ('all'); 0/0 becomes 0. */
  normalize?: 'true' | 'pred' | 'all';
}

/**
 * k × k confusion matrix over all `classes`, rows = true class, columns = predicted class: equal to
 * scikit-learn's confusion_matrix(y_true, y_pred, labels=range(k)) (its default omits classes absent
 * from both vectors; here they stay as zero rows and columns so the shape never depends on the data).
 */
export function confusionMatrix(
  yTrue: Int32Array,
  yPred: Int32Array,
  classes: readonly string[],
  opts: ConfusionOptions = {},
): number[][] {
  const k = classCount(classes);
  checkPair(yTrue, yPred, k);
  const n = yTrue.length;
  checkWeights(opts.sampleWeight, n);
  const w = opts.sampleWeight;
  const cm = new Float64Array(k * k);
  for (let i = 0; i < n; i++) cm[yTrue[i] * k + yPred[i]] += w ? w[i] : 1;
  const norm = opts.normalize;
  if (norm !== undefined) {
    if (norm !== 'true' && norm !== 'pred' && norm !== 'all') {
      throw new UserError(`normalize must be one of 'true', 'pred', 'all', got ${String(norm)}`);
    }
    const total = norm === 'all' ? npSum(cm) : 0;
    const sums = new Float64Array(k);
    for (let j = 0; j < k; j++) sums[j] = norm === 'true' ? npSum(cm, j * k, k) : norm === 'pred' ? npSum(cm, j, k, k) : total;
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) {
        const d = norm === 'true' ? sums[r] : sums[c];
        const v = cm[r * k + c] / d;
        cm[r * k + c] = Number.isNaN(v) ? 0 : v;
      }
    }
  }
  const out: number[][] = [];
  for (let r = 0; r < k; r++) out.push(Array.from(cm.subarray(r * k, r * k + k)));
  return out;
}
