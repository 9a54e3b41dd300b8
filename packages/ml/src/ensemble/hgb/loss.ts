/**
 * The two losses of scikit-learn 1.2's HistGradientBoostingClassifier, on typed arrays:
 * HalfBinomialLoss (one raw score per row, P(classes[1]) = expit(raw)) and HalfMultinomialLoss (K raw
 * scores per row, softmax). Gradients and hessians are float32, as scikit-learn stores them: the
 * histograms then sum exactly the same numbers.
 */

import { fastExp } from '../../core/fast-exp.js';

const EPS = 2.220446049250313e-16;

/**
 * Raw prediction of the intercept-only model, per tree of an iteration: the log-odds of the weighted
 * prior for two classes (clipped 10·eps away from 0 and 1), otherwise scikit-learn's symmetric
 * multinomial logit log(p_k / geometric mean(p)) of the priors (clipped eps away).
 */
export function baselinePrediction(codes: Int32Array, weights: Float64Array | null, nClasses: number): Float64Array {
  const sums = new Float64Array(nClasses);
  let total = 0;
  for (let i = 0; i < codes.length; i++) {
    const w = weights === null ? 1 : weights[i];
    sums[codes[i]] += w;
    total += w;
  }
  if (nClasses === 2) {
    const lo = 10 * EPS;
    const p = Math.min(Math.max(sums[1] / total, lo), 1 - lo);
    return Float64Array.of(Math.log(p / (1 - p)));
  }
  const p = new Float64Array(nClasses);
  let meanLog = 0;
  for (let k = 0; k < nClasses; k++) {
    p[k] = Math.min(Math.max(sums[k] / total, EPS), 1 - EPS);
    meanLog += Math.log(p[k]);
  }
  const gm = Math.exp(meanLog / nClasses);
  return p.map((pk) => Math.log(pk / gm));
}

/** Binary log loss gradients/hessians: g = expit(raw) − y, h = expit(raw)(1 − expit(raw)), times the weight. */
export function binomialGradientHessian(
  codes: Int32Array,
  raw: Float64Array,
  weights: Float64Array | null,
  gradient: Float32Array,
  hessian: Float32Array,
): void {
  for (let i = 0; i < codes.length; i++) {
    const y = codes[i];
    const r = raw[i];
    let g: number;
    let h: number;
    if (r > -37) {
      const e = fastExp(-r);
      g = (1 - y - y * e) / (1 + e);
      h = e / ((1 + e) * (1 + e));
    } else {
      // exp(-r) would overflow far below here; expit(r) ≈ exp(r) is exact to double precision.
      const e = fastExp(r);
      g = e - y;
      h = e;
    }
    if (weights !== null) {
      g *= weights[i];
      h *= weights[i];
    }
    gradient[i] = g;
    hessian[i] = h;
  }
}

/**
 * Multinomial gradients/hessians, one float32 column per class: g_k = p_k − [y = k], h_k = p_k(1 − p_k)
 * with p = softmax(raw row), times the weight. `raw` is one Float64Array column per class; `scratch`
 * holds n·(K + 2) doubles. Column by column rather than row by row (same operations in the same
 * order per row, so the same bits): about twice as fast, the loops being simple enough to pipeline.
 */
export function multinomialGradientHessian(
  codes: Int32Array,
  raw: readonly Float64Array[],
  weights: Float64Array | null,
  gradients: readonly Float32Array[],
  hessians: readonly Float32Array[],
  scratch: Float64Array,
): void {
  const K = raw.length;
  const n = codes.length;
  const max = scratch.subarray(0, n);
  const sum = scratch.subarray(n, 2 * n);
  const exps = scratch.subarray(2 * n, (K + 2) * n);
  max.set(raw[0]);
  for (let k = 1; k < K; k++) {
    const r = raw[k];
    for (let i = 0; i < n; i++) if (max[i] < r[i]) max[i] = r[i];
  }
  sum.fill(0);
  for (let k = 0; k < K; k++) {
    const r = raw[k];
    const off = k * n;
    for (let i = 0; i < n; i++) {
      const e = fastExp(r[i] - max[i]);
      exps[off + i] = e;
      sum[i] += e;
    }
  }
  for (let k = 0; k < K; k++) {
    const G = gradients[k];
    const H = hessians[k];
    const off = k * n;
    if (weights === null) {
      for (let i = 0; i < n; i++) {
        const p = exps[off + i] / sum[i];
        G[i] = p - +(codes[i] === k);
        H[i] = p * (1 - p);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const p = exps[off + i] / sum[i];
        const w = weights[i];
        G[i] = (p - +(codes[i] === k)) * w;
        H[i] = p * (1 - p) * w;
      }
    }
  }
}

/** log(1 + exp(x)) without overflow or cancellation (scikit-learn's log1pexp). */
function log1pexp(x: number): number {
  if (x <= -37) return fastExp(x);
  if (x <= -2) return Math.log1p(fastExp(x));
  if (x <= 18) return Math.log(1 + fastExp(x));
  if (x <= 33.3) return x + fastExp(-x);
  return x;
}

/** Weighted mean loss (what early stopping compares) from raw scores held one column per tree (K = 1 for two classes). */
export function meanLoss(codes: Int32Array, raw: readonly Float64Array[], weights: Float64Array | null): number {
  const n = codes.length;
  const K = raw.length;
  let total = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    let l: number;
    if (K === 1) {
      const r = raw[0][i];
      l = log1pexp(r) - codes[i] * r;
    } else {
      let max = raw[0][i];
      for (let k = 1; k < K; k++) if (max < raw[k][i]) max = raw[k][i];
      let sum = 0;
      for (let k = 0; k < K; k++) sum += fastExp(raw[k][i] - max);
      l = Math.log(sum) + max - raw[codes[i]][i];
    }
    const w = weights === null ? 1 : weights[i];
    total += w * l;
    wsum += w;
  }
  return total / wsum;
}

/** Weighted accuracy of the argmax class (first on ties, as numpy) from raw score columns. */
export function accuracyFromRaw(codes: Int32Array, raw: readonly Float64Array[], weights: Float64Array | null): number {
  const n = codes.length;
  const K = raw.length;
  let hit = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    let pred: number;
    if (K === 1) {
      const p1 = 1 / (1 + fastExp(-raw[0][i]));
      pred = p1 > 1 - p1 ? 1 : 0;
    } else {
      pred = 0;
      for (let k = 1; k < K; k++) if (raw[k][i] > raw[pred][i]) pred = k;
    }
    const w = weights === null ? 1 : weights[i];
    if (pred === codes[i]) hit += w;
    wsum += w;
  }
  return hit / wsum;
}

/** Probabilities, n × nClasses row-major, from raw scores n × K (K = 1 for two classes). */
export function rawToProba(raw: Float64Array, n: number, nClasses: number): Float64Array {
  const out = new Float64Array(n * nClasses);
  if (nClasses === 2) {
    for (let i = 0; i < n; i++) {
      const p1 = 1 / (1 + fastExp(-raw[i]));
      out[2 * i] = 1 - p1;
      out[2 * i + 1] = p1;
    }
    return out;
  }
  const K = nClasses;
  for (let i = 0; i < n; i++) {
    const base = i * K;
    let max = raw[base];
    for (let k = 1; k < K; k++) if (raw[base + k] > max) max = raw[base + k];
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = fastExp(raw[base + k] - max);
      out[base + k] = e;
      sum += e;
    }
    for (let k = 0; k < K; k++) out[base + k] /= sum;
  }
  return out;
}
