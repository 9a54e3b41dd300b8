import { describe, expect, it } from 'vitest';
import { fixture } from '../test-support/data.js';
import { MoreThuenteSearch } from './more-thuente.js';

interface DcsrchCase {
  function: 'mt1' | 'mt2';
  ftol: number;
  gtol: number;
  xtol: number;
  a0: number;
  stp: number;
  evals: number;
  task: string;
}
// MINPACK-2 dcsrch as scipy 1.10 ships it (scripts/reference/linear.py).
const dcsrch = (await fixture<{ lineSearch: DcsrchCase[] }>('packages/ml/src/optim/__fixtures__/lbfgs.json')).lineSearch;

type Phi = (a: number) => [number, number];

/** Runs the reverse-communication loop to the end. */
function search(phi: Phi, stp: number, ftol: number, gtol: number, xtol: number): { stp: number; task: string; evals: number } {
  const s = new MoreThuenteSearch(ftol, gtol, xtol, 0, 1e10);
  const [f0, g0] = phi(0);
  let task = s.start(stp, f0, g0);
  let evals = 0;
  while (task === 'FG' && evals < 50) {
    const [f, g] = phi(s.stp);
    evals++;
    task = s.next(f, g);
  }
  return { stp: s.stp, task, evals };
}

// Test functions 1 and 2 of Moré & Thuente (1994), "Line search algorithms with guaranteed
// sufficient decrease", with their parameters.
const beta = 2;
const mt1: Phi = (a) => [-a / (a * a + beta), (a * a - beta) / (a * a + beta) ** 2];
const mt2: Phi = (a) => [(a + 0.004) ** 5 - 2 * (a + 0.004) ** 4, 5 * (a + 0.004) ** 4 - 8 * (a + 0.004) ** 3];

describe('MoreThuenteSearch', () => {
  for (const c of dcsrch) {
    it(`${c.function}, xtol ${c.xtol}, a0 = ${c.a0}: same steps as MINPACK-2 dcsrch`, () => {
      const phi = c.function === 'mt1' ? mt1 : mt2;
      const { stp, task, evals } = search(phi, c.a0, c.ftol, c.gtol, c.xtol);
      expect(task).toBe(c.task);
      expect(evals).toBe(c.evals);
      expect(Math.abs(stp - c.stp)).toBeLessThanOrEqual(1e-12 * c.stp);
      if (task === 'CONVERGENCE') {
        // The strong Wolfe conditions hold at the accepted step.
        const [f0, g0] = phi(0);
        const [f, g] = phi(stp);
        expect(f).toBeLessThanOrEqual(f0 + c.ftol * stp * g0);
        expect(Math.abs(g)).toBeLessThanOrEqual(c.gtol * Math.abs(g0));
      }
    });
  }

  it('rejects an ascent direction and bad steps', () => {
    const s = new MoreThuenteSearch(1e-3, 0.9, 0.1, 0, 10);
    expect(s.start(1, 0, 1)).toBe('ERROR');
    expect(s.detail).toMatch(/INITIAL G/);
    expect(s.start(11, 0, -1)).toBe('ERROR');
  });
});
