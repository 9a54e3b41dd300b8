import type { Labels, Matrix } from '../core/types.js';
import type { Objective } from '../optim/lbfgs.js';
import { computeClassWeight, type ClassWeight } from './class-weight.js';
import { binaryLogisticObjective, multinomialLogisticObjective } from './logistic-loss.js';

export interface LogisticSpec {
  multiClass: 'ovr' | 'multinomial';
  /** 1/C, or 0 without penalty. */
  l2: number;
  fitIntercept: boolean;
  classWeight: ClassWeight | null;
}

export interface LogisticProblem {
  objective: Objective;
  /** Length of the parameter vector (start at zeros, as sklearn does). */
  nParams: number;
  /** Class code whose "vs rest" problem this is ('ovr'); null for the one multinomial problem. */
  positive: number | null;
}

/**
 * The optimisation problems scikit-learn 1.2's `_logistic_regression_path` sets up: one softmax
 * problem, or one binary problem per positive class (only classes[1] when there are 2 classes).
 * Sample weights follow sklearn: an explicit mapping (and 'balanced' for multinomial) weighs rows by
 * their original label; for 'ovr', 'balanced' is recomputed on each binary problem.
 * `counts` are the rows per class, all positive.
 */
export function logisticProblems(who: string, X: Matrix, y: Labels, counts: Float64Array, spec: LogisticSpec): LogisticProblem[] {
  const n = X.nRows;
  const d = X.nCols;
  const K = y.classes.length;
  const p = d + (spec.fitIntercept ? 1 : 0);
  const cw = spec.classWeight;
  const sw = new Float64Array(n).fill(1);
  if (cw !== null && (cw !== 'balanced' || spec.multiClass === 'multinomial')) {
    const w = computeClassWeight(who, cw, y.classes, counts);
    for (let i = 0; i < n; i++) sw[i] = w[y.codes[i]];
  }
  if (spec.multiClass === 'multinomial') {
    return [{ objective: multinomialLogisticObjective(X, y.codes, K, sw, spec.l2, spec.fitIntercept), nParams: p * K, positive: null }];
  }
  const positives = K === 2 ? [1] : Array.from({ length: K }, (_, c) => c);
  return positives.map((pos) => {
    const yBin = new Float64Array(n);
    let nPos = 0;
    for (let i = 0; i < n; i++) {
      yBin[i] = y.codes[i] === pos ? 1 : 0;
      nPos += yBin[i];
    }
    let swBin = sw;
    if (cw === 'balanced') {
      const wPos = n / (2 * nPos);
      const wNeg = n / (2 * (n - nPos));
      swBin = new Float64Array(n);
      for (let i = 0; i < n; i++) swBin[i] = sw[i] * (yBin[i] === 1 ? wPos : wNeg);
    }
    return { objective: binaryLogisticObjective(X, yBin, swBin, spec.l2, spec.fitIntercept), nParams: p, positive: pos };
  });
}

/**
 * Coefficient rows and intercepts from a solved multinomial parameter vector (Fortran layout
 * j·K + k). For 2 classes sklearn keeps only the row of classes[1] and predicts softmax(−z, z).
 */
export function unpackMultinomial(x: Float64Array, K: number, d: number, fitIntercept: boolean): { coef: Float64Array[]; intercept: number[] } {
  const coef: Float64Array[] = [];
  const intercept: number[] = [];
  for (let k = K === 2 ? 1 : 0; k < K; k++) {
    const row = new Float64Array(d);
    for (let j = 0; j < d; j++) row[j] = x[j * K + k];
    coef.push(row);
    intercept.push(fitIntercept ? x[d * K + k] : 0);
  }
  return { coef, intercept };
}
