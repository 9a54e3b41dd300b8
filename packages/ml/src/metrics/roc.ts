import { UserError } from '../core/errors.js';
import { checkCodes, checkProba, checkWeights, classCount } from './validate.js';
import { npAverage, npTrapz } from './numeric.js';

export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  readonly thresholds: Float64Array;
}

/** The class has no positive or no negative rows, so its ROC AUC is undefined (scikit-learn raises). */
export class UndefinedRocAucError extends UserError {}

/**
 * ROC curve of a binary problem as scikit-learn 1.2's roc_curve(drop_intermediate=True):
 * one point per distinct score (tied rows move together, which is what handles ties), collinear
 * points dropped, and (0, 0) prepended. `positive[i]` is 1 for the positive class.
 */
export function rocCurve(positive: ArrayLike<number>, scores: ArrayLike<number>, sampleWeight?: ArrayLike<number>): RocCurve {
  const n = positive.length;
  if (scores.length !== n) throw new UserError(`${n} labels but ${scores.length} scores`);
  if (n === 0) throw new UserError('cannot compute a ROC curve of no rows');
  checkWeights(sampleWeight, n);
  for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i])) throw new UserError(`score ${i} is not finite (${scores[i]})`);

  // numpy's argsort(kind='mergesort')[::-1]: descending score, tied rows in reverse row order.
  // The order inside a tie only matters for the rounding of weighted cumulative sums.
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b] - scores[a] || b - a);

  const tpsAll: number[] = [];
  const fpsAll: number[] = [];
  const thrAll: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    const y = positive[i] ? 1 : 0;
    const wi = sampleWeight ? sampleWeight[i] : 1;
    tp += y * wi;
    if (sampleWeight) fp += (1 - y) * wi;
    if (r === n - 1 || scores[order[r + 1]] !== scores[i]) {
      tpsAll.push(tp);
      // Unweighted, scikit-learn counts false positives as rank - tps, not as a running sum.
      fpsAll.push(sampleWeight ? fp : 1 + r - tp);
      thrAll.push(scores[i]);
    }
  }

  let keep: number[];
  const m = tpsAll.length;
  if (m > 2) {
    keep = [0];
    for (let j = 1; j < m - 1; j++) {
      const d2f = fpsAll[j + 1] - fpsAll[j] - (fpsAll[j] - fpsAll[j - 1]);
      const d2t = tpsAll[j + 1] - tpsAll[j] - (tpsAll[j] - tpsAll[j - 1]);
      if (d2f !== 0 || d2t !== 0) keep.push(j);
    }
    keep.push(m - 1);
  } else {
    keep = Array.from({ length: m }, (_, j) => j);
  }

  const len = keep.length + 1;
  const fpr = new Float64Array(len);
  const tpr = new Float64Array(len);
  const thresholds = new Float64Array(len);
  const fLast = fpsAll[m - 1];
  const tLast = tpsAll[m - 1];
  thresholds[0] = thrAll[keep[0]] + 1;
  for (let j = 0; j < keep.length; j++) {
    fpr[j + 1] = fLast <= 0 ? NaN : fpsAll[keep[j]] / fLast;
    tpr[j + 1] = tLast <= 0 ? NaN : tpsAll[keep[j]] / tLast;
    thresholds[j + 1] = thrAll[keep[j]];
  }
  if (fLast <= 0) fpr[0] = NaN;
  if (tLast <= 0) tpr[0] = NaN;
  return { fpr, tpr, thresholds };
}

/** Area under the ROC curve of a binary problem (scikit-learn's trapezoid over the curve above). */
export function binaryRocAuc(positive: ArrayLike<number>, scores: ArrayLike<number>, sampleWeight?: ArrayLike<number>): number {
  let pos = false;
  let neg = false;
  for (let i = 0; i < positive.length; i++) {
    if (positive[i]) pos = true;
    else neg = true;
  }
  if (!(pos && neg)) throw new UndefinedRocAucError('Only one class present in y_true. ROC AUC score is not defined in that case.');
  const { fpr, tpr } = rocCurve(positive, scores, sampleWeight);
  return npTrapz(tpr, fpr);
}

export interface RocAucOptions {
  /** How the one-vs-rest scores of a multiclass problem are combined; ignored for two classes. */
  average?: 'macro' | 'weighted';
  sampleWeight?: ArrayLike<number>;
}

/**
 * ROC AUC from n × k probabilities, as scikit-learn 1.2's roc_auc_score: for two classes, the
 * binary AUC of the second class's column; for more, one-vs-rest per class averaged by `average`
 * (roc_auc_score(y, proba, multi_class='ovr', labels=range(k))). Throws UndefinedRocAucError when
 * a class never occurs in yTrue, as scikit-learn raises.
 */
export function rocAucScore(yTrue: Int32Array, proba: Float64Array, classes: readonly string[], opts: RocAucOptions = {}): number {
  const k = classCount(classes);
  checkCodes('yTrue', yTrue, k);
  const n = yTrue.length;
  if (n === 0) throw new UserError('cannot score an empty set of rows');
  checkProba(proba, n, k);
  checkWeights(opts.sampleWeight, n);
  const average = opts.average ?? 'macro';
  if (average !== 'macro' && average !== 'weighted') throw new UserError(`average must be 'macro' or 'weighted', got ${String(average)}`);
  if (k < 2) throw new UndefinedRocAucError('ROC AUC needs at least two classes');

  const positive = new Uint8Array(n);
  const scores = new Float64Array(n);
  const column = (c: number): void => {
    for (let i = 0; i < n; i++) {
      positive[i] = yTrue[i] === c ? 1 : 0;
      scores[i] = proba[i * k + c];
    }
  };
  if (k === 2) {
    column(1);
    return binaryRocAuc(positive, scores, opts.sampleWeight);
  }

  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += proba[i * k + j];
    // np.allclose(1, row_sums) with its default tolerances.
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      throw new UserError(
        'Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes',
      );
    }
  }
  const perClass = new Float64Array(k);
  const weights = new Float64Array(k);
  const w = opts.sampleWeight;
  for (let i = 0; i < n; i++) weights[yTrue[i]] += w ? w[i] : 1;
  for (let c = 0; c < k; c++) {
    column(c);
    perClass[c] = binaryRocAuc(positive, scores, w);
  }
  if (average === 'macro') return npAverage(perClass);
  let total = 0;
  for (let c = 0; c < k; c++) total += weights[c];
  if (Math.abs(total) <= 1e-8) return 0;
  for (let c = 0; c < k; c++) if (weights[c] === 0) perClass[c] = 0;
  return npAverage(perClass, weights);
}
