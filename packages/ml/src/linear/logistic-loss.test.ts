import { describe, expect, it } from 'vitest';
import { makeMatrix } from '../core/types.js';
import type { Objective } from '../optim/lbfgs.js';
import { Rng } from '../random/rng.js';
import { binaryLogisticObjective, genericMultinomialObjective, multinomialLogisticObjective } from './logistic-loss.js';

function randomProblem(n: number, d: number, k: number, seed: number) {
  const rng = new Rng(seed);
  const X = makeMatrix(n, d, Array.from({ length: d }, (_, j) => `x${j}`));
  for (let t = 0; t < n * d; t++) (X.data as Float64Array)[t] = rng.nextNormal();
  const codes = Int32Array.from({ length: n }, () => rng.nextInt(k));
  const sw = Float64Array.from({ length: n }, () => 0.5 + rng.nextFloat());
  return { X, codes, sw, rng };
}

/** Largest |analytic − central difference| over all coordinates, relative to max(1, |gradient|). */
function gradientError(fun: Objective, w: Float64Array): number {
  const g = new Float64Array(w.length);
  fun(w, g);
  const scratch = new Float64Array(w.length);
  let worst = 0;
  for (let t = 0; t < w.length; t++) {
    const h = 1e-6 * Math.max(1, Math.abs(w[t]));
    const wp = w.slice();
    const wm = w.slice();
    wp[t] += h;
    wm[t] -= h;
    const numeric = (fun(wp, scratch) - fun(wm, scratch)) / (2 * h);
    worst = Math.max(worst, Math.abs(numeric - g[t]) / Math.max(1, Math.abs(g[t])));
  }
  return worst;
}

describe('logistic objectives', () => {
  for (const fitIntercept of [true, false]) {
    it(`binary gradient matches finite differences (fitIntercept ${fitIntercept})`, () => {
      const { X, codes, sw, rng } = randomProblem(40, 3, 2, 1);
      const y = Float64Array.from(codes);
      const fun = binaryLogisticObjective(X, y, sw, 0.7, fitIntercept);
      const w = Float64Array.from({ length: 3 + (fitIntercept ? 1 : 0) }, () => rng.nextNormal());
      expect(gradientError(fun, w)).toBeLessThan(1e-6);
    });

    it(`multinomial gradient matches finite differences (fitIntercept ${fitIntercept})`, () => {
      const { X, codes, sw, rng } = randomProblem(40, 3, 4, 2);
      const fun = multinomialLogisticObjective(X, codes, 4, sw, 0.3, fitIntercept);
      const w = Float64Array.from({ length: 4 * (3 + (fitIntercept ? 1 : 0)) }, () => rng.nextNormal());
      expect(gradientError(fun, w)).toBeLessThan(1e-6);
    });
  }

  it('binary loss is Σ w·logloss + ½·l2·‖coef‖², intercept unpenalised', () => {
    const X = makeMatrix(2, 1, ['x'], Float64Array.from([1, -2]));
    const y = Float64Array.from([1, 0]);
    const sw = Float64Array.from([2, 0.5]);
    const w = Float64Array.from([0.3, -0.1]);
    const z = [0.3 - 0.1, -0.6 - 0.1];
    const expected = 2 * Math.log1p(Math.exp(-z[0])) + 0.5 * Math.log1p(Math.exp(z[1])) + 0.5 * 4 * 0.3 * 0.3;
    expect(binaryLogisticObjective(X, y, sw, 4, true)(w, new Float64Array(2))).toBeCloseTo(expected, 14);
  });

  it('multinomial loss is Σ w·(logsumexp(z) − z_y) + ½·l2·‖coef‖²', () => {
    const X = makeMatrix(1, 1, ['x'], Float64Array.from([2]));
    // Fortran layout: [coef_x of class 0..2, intercept of class 0..2].
    const w = Float64Array.from([0.1, -0.2, 0.3, 1, 0, -1]);
    const z = [0.2 + 1, -0.4, 0.6 - 1];
    const lse = Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
    const expected = 1.5 * (lse - z[1]) + 0.5 * 2 * (0.01 + 0.04 + 0.09);
    const f = multinomialLogisticObjective(X, Int32Array.from([1]), 3, Float64Array.from([1.5]), 2, true)(w, new Float64Array(6));
    expect(f).toBeCloseTo(expected, 14);
  });

  it('stays finite for huge scores', () => {
    const X = makeMatrix(2, 1, ['x'], Float64Array.from([1000, -1000]));
    const sw = Float64Array.from([1, 1]);
    const g = new Float64Array(2);
    const fb = binaryLogisticObjective(X, Float64Array.from([0, 1]), sw, 0, true)(Float64Array.from([5, 0]), g);
    expect(Number.isFinite(fb) && g.every(Number.isFinite)).toBe(true);
    expect(fb).toBeCloseTo(10000, 6);
    const gm = new Float64Array(4);
    const fm = multinomialLogisticObjective(X, Int32Array.from([1, 0]), 2, sw, 0, true)(Float64Array.from([5, -5, 0, 0]), gm);
    expect(Number.isFinite(fm) && gm.every(Number.isFinite)).toBe(true);
    expect(fm).toBeCloseTo(20000, 6);
  });
});

describe('four-class fast path', () => {
  it.each([true, false])('is bit-identical to the generic multinomial objective (intercept %s)', (fitIntercept) => {
    const { X, codes, sw, rng } = randomProblem(257, 7, 4, 99);
    const fast = multinomialLogisticObjective(X, codes, 4, sw, 0.7, fitIntercept);
    const generic = genericMultinomialObjective(X, codes, 4, sw, 0.7, fitIntercept);
    for (let trial = 0; trial < 5; trial++) {
      const w = Float64Array.from({ length: 4 * (7 + 1) }, () => 3 * rng.nextNormal());
      const g1 = new Float64Array(w.length);
      const g2 = new Float64Array(w.length);
      expect(Object.is(fast(w, g1), generic(w, g2))).toBe(true);
      expect(Array.from(g1)).toEqual(Array.from(g2));
    }
  });
});
