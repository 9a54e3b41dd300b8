import type { Matrix } from '../core/types.js';
import { fastExp } from '../core/fast-exp.js';
import type { Objective } from '../optim/lbfgs.js';

/**
 * The objectives scikit-learn 1.2's lbfgs solver minimises (LinearModelLoss with HalfBinomialLoss /
 * HalfMultinomialLoss):  Σ_i w_i · loss_i + ½ · l2 · ‖coef‖²,  intercept not penalised, a SUM over
 * rows (not a mean), so `tol` means the same thing as in sklearn 1.2.
 * Each evaluation is one pass over the row-major matrix accumulating loss and gradient together.
 */

/**
 * Binary problem with targets y ∈ {0, 1}. Parameter layout: [coef_0 .. coef_{d-1}, intercept?].
 */
export function binaryLogisticObjective(
  X: Matrix,
  y: Float64Array,
  sampleWeight: Float64Array,
  l2: number,
  fitIntercept: boolean,
): Objective {
  const n = X.nRows;
  const d = X.nCols;
  const data = X.data;
  return (w, grad) => {
    grad.fill(0);
    const b = fitIntercept ? w[d] : 0;
    let loss = 0;
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const base = i * d;
      let raw = 0;
      for (let j = 0; j < d; j++) raw += data[base + j] * w[j];
      raw += b;
      const yi = y[i];
      const sw = sampleWeight[i];
      // sklearn's closs_grad_half_binomial: branch on the sign so exp never overflows.
      let li: number;
      let gi: number;
      if (raw <= 0) {
        const e = Math.exp(raw);
        li = raw <= -37 ? e - yi * raw : Math.log1p(e) - yi * raw;
        gi = ((1 - yi) * e - yi) / (1 + e);
      } else {
        const e = Math.exp(-raw);
        li = raw <= 18 ? Math.log1p(e) + (1 - yi) * raw : e + (1 - yi) * raw;
        gi = (1 - yi - yi * e) / (1 + e);
      }
      loss += sw * li;
      const r = sw * gi;
      gb += r;
      for (let j = 0; j < d; j++) grad[j] += r * data[base + j];
    }
    let norm2 = 0;
    for (let j = 0; j < d; j++) {
      norm2 += w[j] * w[j];
      grad[j] += l2 * w[j];
    }
    if (fitIntercept) grad[d] = gb;
    return loss + 0.5 * l2 * norm2;
  };
}

/**
 * K-class softmax problem (sklearn's symmetric parametrisation: K full coefficient vectors).
 * Parameter layout is Fortran order of the K × (d + 1) matrix, as sklearn ravels it: index j·K + k
 * holds coefficient j of class k, j = d being the intercept. Keeping the layout keeps the optimiser's
 * floating-point sums in the same order as scipy's.
 */
export function multinomialLogisticObjective(
  X: Matrix,
  codes: Int32Array,
  nClasses: number,
  sampleWeight: Float64Array,
  l2: number,
  fitIntercept: boolean,
): Objective {
  if (nClasses === 4) return fourClassObjective(X, codes, sampleWeight, l2, fitIntercept);
  return genericMultinomialObjective(X, codes, nClasses, sampleWeight, l2, fitIntercept);
}

/** Any number of classes (exported for the test that pins the four-class fast path to it). */
export function genericMultinomialObjective(
  X: Matrix,
  codes: Int32Array,
  nClasses: number,
  sampleWeight: Float64Array,
  l2: number,
  fitIntercept: boolean,
): Objective {
  const n = X.nRows;
  const d = X.nCols;
  const K = nClasses;
  const data = X.data;
  // Class-major copies of the weights and gradient, so the per-row loops run over contiguous memory.
  // The sums happen in the same order as over the Fortran layout, so results do not depend on this.
  const wk = new Float64Array(K * d);
  const gk = new Float64Array(K * d);
  const bias = new Float64Array(K);
  const gBias = new Float64Array(K);
  const raw = new Float64Array(K);
  return (w, grad) => {
    for (let j = 0; j < d; j++) for (let k = 0; k < K; k++) wk[k * d + j] = w[j * K + k];
    for (let k = 0; k < K; k++) bias[k] = fitIntercept ? w[d * K + k] : 0;
    gk.fill(0);
    gBias.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const base = i * d;
      for (let k = 0; k < K; k++) {
        const off = k * d;
        let z = 0;
        for (let j = 0; j < d; j++) z += data[base + j] * wk[off + j];
        raw[k] = z + bias[k];
      }
      let max = raw[0];
      for (let k = 1; k < K; k++) if (max < raw[k]) max = raw[k];
      const yi = codes[i];
      const rawY = raw[yi];
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = fastExp(raw[k] - max);
        raw[k] = e;
        sum += e;
      }
      const sw = sampleWeight[i];
      loss += sw * (Math.log(sum) + max - rawY);
      // raw holds unnormalised probabilities; the pointwise gradient is (p_k − [k = y]) · w_i.
      for (let k = 0; k < K; k++) {
        const r = (raw[k] / sum - (k === yi ? 1 : 0)) * sw;
        gBias[k] += r;
        const off = k * d;
        for (let j = 0; j < d; j++) gk[off + j] += r * data[base + j];
      }
    }
    let norm2 = 0;
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < K; k++) {
        const t = j * K + k;
        norm2 += w[t] * w[t];
        grad[t] = gk[k * d + j] + l2 * w[t];
      }
    }
    if (fitIntercept) for (let k = 0; k < K; k++) grad[d * K + k] = gBias[k];
    return loss + 0.5 * l2 * norm2;
  };
}

/**
 * (Both multinomial objectives use fastExp: deterministic IEEE arithmetic within about one ulp of Math.exp and
 * several times faster on softmax arguments; sklearn parity tests hold at their tolerances.)
 *
 * The multinomial objective for exactly four classes (the customer segments), with the class loop unrolled
 * into scalars: V8 keeps them in registers and the four dot products run in parallel, about twice as fast as
 * the generic loop. Every sum runs in the same order with the same operations as the generic version, so
 * results are bit-identical to it.
 */
function fourClassObjective(X: Matrix, codes: Int32Array, sampleWeight: Float64Array, l2: number, fitIntercept: boolean): Objective {
  const n = X.nRows;
  const d = X.nCols;
  const data = X.data;
  // Gradient accumulated in the parameter layout itself (index j·4 + k): same per-entry summation order.
  const g = new Float64Array(4 * d);
  return (w, grad) => {
    g.fill(0);
    const b0 = fitIntercept ? w[d * 4] : 0;
    const b1 = fitIntercept ? w[d * 4 + 1] : 0;
    const b2 = fitIntercept ? w[d * 4 + 2] : 0;
    const b3 = fitIntercept ? w[d * 4 + 3] : 0;
    let gb0 = 0;
    let gb1 = 0;
    let gb2 = 0;
    let gb3 = 0;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const base = i * d;
      let z0 = 0;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      for (let j = 0; j < d; j++) {
        const x = data[base + j];
        const o = j * 4;
        z0 += x * w[o];
        z1 += x * w[o + 1];
        z2 += x * w[o + 2];
        z3 += x * w[o + 3];
      }
      z0 += b0;
      z1 += b1;
      z2 += b2;
      z3 += b3;
      let max = z0;
      if (max < z1) max = z1;
      if (max < z2) max = z2;
      if (max < z3) max = z3;
      const yi = codes[i];
      const rawY = yi === 0 ? z0 : yi === 1 ? z1 : yi === 2 ? z2 : z3;
      // exp(0) is exactly 1: skipping the call for the largest score saves a quarter of the exps.
      const e0 = z0 === max ? 1 : fastExp(z0 - max);
      const e1 = z1 === max ? 1 : fastExp(z1 - max);
      const e2 = z2 === max ? 1 : fastExp(z2 - max);
      const e3 = z3 === max ? 1 : fastExp(z3 - max);
      const sum = e0 + e1 + e2 + e3;
      const sw = sampleWeight[i];
      loss += sw * (Math.log(sum) + max - rawY);
      const r0 = (e0 / sum - (yi === 0 ? 1 : 0)) * sw;
      const r1 = (e1 / sum - (yi === 1 ? 1 : 0)) * sw;
      const r2 = (e2 / sum - (yi === 2 ? 1 : 0)) * sw;
      const r3 = (e3 / sum - (yi === 3 ? 1 : 0)) * sw;
      gb0 += r0;
      gb1 += r1;
      gb2 += r2;
      gb3 += r3;
      for (let j = 0; j < d; j++) {
        const x = data[base + j];
        const o = j * 4;
        g[o] += r0 * x;
        g[o + 1] += r1 * x;
        g[o + 2] += r2 * x;
        g[o + 3] += r3 * x;
      }
    }
    let norm2 = 0;
    for (let t = 0; t < 4 * d; t++) {
      norm2 += w[t] * w[t];
      grad[t] = g[t] + l2 * w[t];
    }
    if (fitIntercept) {
      grad[d * 4] = gb0;
      grad[d * 4 + 1] = gb1;
      grad[d * 4 + 2] = gb2;
      grad[d * 4 + 3] = gb3;
    }
    return loss + 0.5 * l2 * norm2;
  };
}
