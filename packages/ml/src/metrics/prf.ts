import { UserError } from '../core/errors.js';
import { checkPair, checkWeights, classCount } from './validate.js';
import { npAverage, npSum } from './numeric.js';

/** scikit-learn's zero_division: 'warn' scores an undefined ratio as 0 and reports it; 0 or 1 set it silently. */
export type ZeroDivision = 'warn' | 0 | 1;

export interface PrfOptions {
  /**
   * Class indices to score, in the order wanted. Default: the classes present in yTrue or yPred,
   * ascending (scikit-learn's default), so a class absent from both does not drag the macro average.
   */
  labels?: ArrayLike<number>;
  /** Weight of recall against precision in the F-score (F1 when 1). */
  beta?: number;
  zeroDivision?: ZeroDivision;
  sampleWeight?: ArrayLike<number>;
}

export interface PrfAverage {
  readonly precision: number;
  readonly recall: number;
  readonly fscore: number;
}

export interface PrfResult {
  /** Class indices scored; the per-class arrays below are aligned with it. */
  readonly labels: Int32Array;
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly fscore: Float64Array;
  /** Number (or total weight) of true rows per label. */
  readonly support: Float64Array;
  readonly micro: PrfAverage;
  readonly macro: PrfAverage;
  readonly weighted: PrfAverage;
  /** Some label had no predicted rows, so its precision was set by zeroDivision. */
  readonly undefinedPrecision: boolean;
  /** Some label had no true rows, so its recall was set by zeroDivision. */
  readonly undefinedRecall: boolean;
  /** The UndefinedMetricWarning texts scikit-learn would emit (only with zeroDivision 'warn'); never printed. */
  readonly warnings: readonly string[];
}

/** Class indices occurring in yTrue or yPred, ascending. */
export function presentLabels(yTrue: Int32Array, yPred: Int32Array, k: number): Int32Array {
  const seen = new Uint8Array(k);
  for (let i = 0; i < yTrue.length; i++) seen[yTrue[i]] = 1;
  for (let i = 0; i < yPred.length; i++) seen[yPred[i]] = 1;
  const out: number[] = [];
  for (let c = 0; c < k; c++) if (seen[c]) out.push(c);
  return Int32Array.from(out);
}

export function resolveLabels(labels: ArrayLike<number> | undefined, yTrue: Int32Array, yPred: Int32Array, k: number): Int32Array {
  if (labels === undefined) return presentLabels(yTrue, yPred, k);
  if (labels.length === 0) throw new UserError('labels must name at least one class');
  const out = new Int32Array(labels.length);
  const seen = new Uint8Array(k);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= k) throw new UserError(`labels[${i}] = ${c} is not a class index in [0, ${k})`);
    if (seen[c]) throw new UserError(`labels lists class index ${c} twice`);
    seen[c] = 1;
    out[i] = c;
  }
  return out;
}

function checkZeroDivision(z: unknown): ZeroDivision {
  if (z === 'warn' || z === 0 || z === 1) return z;
  throw new UserError(`zeroDivision must be 'warn', 0 or 1, got ${String(z)}`);
}

/** scikit-learn's _prf_divide: num/den with den == 0 replaced by the zero_division value. */
function prfDivide(num: Float64Array, den: Float64Array, zero: ZeroDivision): { ratio: Float64Array; undefinedAny: boolean } {
  const ratio = new Float64Array(num.length);
  let undefinedAny = false;
  for (let i = 0; i < num.length; i++) {
    if (den[i] === 0) {
      undefinedAny = true;
      ratio[i] = zero === 1 ? 1 : 0;
    } else {
      ratio[i] = num[i] / den[i];
    }
  }
  return { ratio, undefinedAny };
}

function fbeta(precision: Float64Array, recall: Float64Array, beta: number): Float64Array {
  const f = new Float64Array(precision.length);
  if (beta === Infinity) {
    f.set(recall);
    return f;
  }
  const beta2 = beta ** 2;
  for (let i = 0; i < f.length; i++) {
    let denom = beta2 * precision[i] + recall[i];
    if (denom === 0) denom = 1;
    // Same operation order as scikit-learn, so the result is bit-identical.
    f[i] = ((1 + beta2) * precision[i] * recall[i]) / denom;
  }
  return f;
}

function warnText(msgStart: string, modifier: string, single: boolean): string {
  const where = single ? 'due to' : 'in labels with';
  return `${msgStart} ill-defined and being set to 0.0 ${where} no ${modifier} samples. Use \`zero_division\` parameter to control this behavior.`;
}

/**
 * Per-class precision, recall, F-beta and support plus micro, macro and weighted averages, computed
 * as scikit-learn 1.2's precision_recall_fscore_support (same sums in the same order).
 */
export function precisionRecallFscoreSupport(
  yTrue: Int32Array,
  yPred: Int32Array,
  classes: readonly string[],
  opts: PrfOptions = {},
): PrfResult {
  const k = classCount(classes);
  checkPair(yTrue, yPred, k);
  const n = yTrue.length;
  checkWeights(opts.sampleWeight, n);
  const zero = checkZeroDivision(opts.zeroDivision ?? 'warn');
  const beta = opts.beta ?? 1;
  if (typeof beta !== 'number' || Number.isNaN(beta) || beta < 0) throw new UserError('beta should be >=0 in the F-beta score');
  const labels = resolveLabels(opts.labels, yTrue, yPred, k);
  const w = opts.sampleWeight;

  // bincount-style accumulation in row order, as numpy does.
  const tpAll = new Float64Array(k);
  const predAll = new Float64Array(k);
  const trueAll = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    const t = yTrue[i];
    const p = yPred[i];
    predAll[p] += wi;
    trueAll[t] += wi;
    if (t === p) tpAll[t] += wi;
  }
  const L = labels.length;
  const tp = new Float64Array(L);
  const predSum = new Float64Array(L);
  const trueSum = new Float64Array(L);
  for (let j = 0; j < L; j++) {
    const c = labels[j];
    tp[j] = tpAll[c];
    // scikit-learn goes through the multilabel confusion matrix (fp = pred - tp, then tp + fp);
    // with fractional weights that round trip can change the last bit, so it is kept.
    predSum[j] = tpAll[c] + (predAll[c] - tpAll[c]);
    trueSum[j] = tpAll[c] + (trueAll[c] - tpAll[c]);
  }

  const p = prfDivide(tp, predSum, zero);
  const r = prfDivide(tp, trueSum, zero);
  const f = fbeta(p.ratio, r.ratio, beta);

  const warnings: string[] = [];
  if (zero === 'warn') {
    if (p.undefinedAny) warnings.push(warnText('Precision and F-score are', 'predicted', L === 1));
    if (r.undefinedAny) warnings.push(warnText('Recall and F-score are', 'true', L === 1));
  }

  const microTp = Float64Array.of(npSum(tp));
  const mp = prfDivide(microTp, Float64Array.of(npSum(predSum)), zero).ratio;
  const mr = prfDivide(microTp, Float64Array.of(npSum(trueSum)), zero).ratio;
  const mf = fbeta(mp, mr, beta);
  const micro = { precision: mp[0], recall: mr[0], fscore: mf[0] };

  const macro = { precision: npAverage(p.ratio), recall: npAverage(r.ratio), fscore: npAverage(f) };

  let weighted: PrfAverage;
  if (npSum(trueSum) === 0) {
    // scikit-learn's special case: no true rows among the labels at all.
    const z = zero === 1 ? 1 : 0;
    weighted = npSum(predSum) === 0 ? { precision: z, recall: z, fscore: z } : { precision: 0, recall: z, fscore: 0 };
  } else {
    weighted = {
      precision: npAverage(p.ratio, trueSum),
      recall: npAverage(r.ratio, trueSum),
      fscore: npAverage(f, trueSum),
    };
  }

  return {
    labels,
    precision: p.ratio,
    recall: r.ratio,
    fscore: f,
    support: trueSum,
    micro,
    macro,
    weighted,
    undefinedPrecision: p.undefinedAny,
    undefinedRecall: r.undefinedAny,
    warnings,
  };
}
