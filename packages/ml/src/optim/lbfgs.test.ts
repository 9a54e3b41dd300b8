import { describe, expect, it } from 'vitest';
import { fixture } from '../test-support/data.js';
import { minimizeLbfgs, type Objective } from './lbfgs.js';

interface ScipyCase {
  name: string;
  x0: number[];
  options: { gtol: number; ftol: number; maxIter: number };
  nIter: number;
  nFev: number;
  status: number;
  x: number[];
  f: number;
}
// scipy 1.10 minimize(method="L-BFGS-B") runs, from scripts/reference/linear.py.
const scipyCases = (await fixture<{ cases: ScipyCase[] }>('packages/ml/src/optim/__fixtures__/lbfgs.json')).cases;

const rosenbrock: Objective = (x, g) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
};

/**
 * f(x) = ½ (x − x*)ᵀ A (x − x*) with A = tridiag(−1, 4, −1) (SPD, condition number < 3). Written
 * around the minimiser so f → 0 there and rounding does not stall the descent before gtol.
 */
function quadratic(n: number): { fun: Objective; xStar: Float64Array } {
  const xStar = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
  const fun: Objective = (x, g) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] - xStar[i];
      const rl = i > 0 ? x[i - 1] - xStar[i - 1] : 0;
      const rr = i < n - 1 ? x[i + 1] - xStar[i + 1] : 0;
      g[i] = 4 * r - rl - rr;
      f += 0.5 * r * g[i];
    }
    return f;
  };
  return { fun, xStar };
}

describe('minimizeLbfgs', () => {
  describe('follows scipy L-BFGS-B step for step on Rosenbrock', () => {
    for (const c of scipyCases) {
      it(c.name, () => {
        const res = minimizeLbfgs(rosenbrock, Float64Array.from(c.x0), c.options);
        expect(res.nIter).toBe(c.nIter);
        expect(res.nFev).toBe(c.nFev);
        expect(res.converged).toBe(c.status === 0);
        if (c.status === 1) expect(res.status).toBe('maxIter');
        for (let i = 0; i < c.x.length; i++) expect(Math.abs(res.x[i] - c.x[i])).toBeLessThan(1e-10);
        expect(Math.abs(res.f - c.f)).toBeLessThan(1e-10 * Math.max(1, c.f));
      });
    }
  });

  it('reaches the minimum of Rosenbrock with default options', () => {
    const res = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1, -1.2, 1, -1.2, 1]));
    expect(res.converged).toBe(true);
    for (const v of res.x) expect(v).toBeCloseTo(1, 4);
  });

  it('solves a quadratic to gtol: x = x*', () => {
    const n = 50;
    const { fun, xStar } = quadratic(n);
    const res = minimizeLbfgs(fun, new Float64Array(n), { gtol: 1e-10, ftol: 0 });
    expect(res.status).toBe('gtol');
    // ‖x − x*‖∞ <= ‖A⁻¹‖∞ · ‖g‖∞ <= 1 · gtol.
    for (let i = 0; i < n; i++) expect(Math.abs(res.x[i] - xStar[i])).toBeLessThanOrEqual(1e-10);
    // Well conditioned (cond ≤ 3): far fewer iterations than dimensions.
    expect(res.nIter).toBeLessThan(n);
  });

  it('does not touch x0 and is deterministic', () => {
    const x0 = Float64Array.from([-1.2, 1]);
    const a = minimizeLbfgs(rosenbrock, x0);
    const b = minimizeLbfgs(rosenbrock, x0);
    expect(Array.from(x0)).toEqual([-1.2, 1]);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.nFev).toBe(b.nFev);
  });

  it('stops at once when the start already satisfies gtol', () => {
    const res = minimizeLbfgs(rosenbrock, Float64Array.from([1, 1]));
    expect(res).toMatchObject({ nIter: 0, nFev: 1, converged: true, status: 'gtol', f: 0 });
  });

  it('reports maxIter as not converged', () => {
    const res = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIter: 3 });
    expect(res).toMatchObject({ nIter: 3, converged: false, status: 'maxIter' });
  });

  it('reports a failed line search (gradient inconsistent with f) instead of looping', () => {
    // The gradient points the wrong way: no step can decrease f along -g.
    const wrong: Objective = (x, g) => {
      g[0] = -2 * x[0];
      return x[0] * x[0];
    };
    const res = minimizeLbfgs(wrong, Float64Array.from([3]));
    expect(res.converged).toBe(false);
    expect(res.status).toBe('lineSearchFailed');
    expect(res.x[0]).toBe(3);
  });

  it('survives trial steps where f overflows', () => {
    // exp(x) - 2x has its minimum at ln 2; a long first step overflows exp.
    const fun: Objective = (x, g) => {
      g[0] = Math.exp(x[0]) - 2;
      return Math.exp(x[0]) - 2 * x[0];
    };
    const res = minimizeLbfgs(fun, Float64Array.from([-800]), { gtol: 1e-12 });
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(Math.LN2, 10);
  });

  it('rejects a non-finite start and bad options', () => {
    expect(minimizeLbfgs(() => NaN, new Float64Array(1)).status).toBe('lineSearchFailed');
    expect(() => minimizeLbfgs(rosenbrock, new Float64Array(2), { m: 0 })).toThrow(/memory/);
    expect(() => minimizeLbfgs(rosenbrock, new Float64Array(2), { maxIter: 1.5 })).toThrow(/maxIter/);
    expect(() => minimizeLbfgs(rosenbrock, new Float64Array(2), { gtol: -1 })).toThrow(/gtol/);
  });
});
