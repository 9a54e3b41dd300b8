import { describe, expect, it } from 'vitest';
import { makeMatrix, type Labels, type Matrix } from '../../core/types.js';
import { Rng } from '../../random/rng.js';
import { HistGradientBoostingClassifier, type HistGradientBoostingOptions } from './index.js';
import { treesGrownByHelpers } from './parallel.js';

/** n rows, 4 classes (one tree per class per iteration): a categorical column with NaN, two numeric ones. */
function data(n: number, seed: number): { X: Matrix; y: Labels } {
  const rng = new Rng(seed);
  const X = makeMatrix(n, 3, ['cat', 'num', 'noise']);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cat = rng.nextInt(7);
    const num = rng.nextNormal();
    const score = [1.2, -0.8, 0.3, -1.5, 0.9, 0, 0.4][cat] + num + 0.5 * rng.nextNormal();
    codes[i] = score < -0.9 ? 0 : score < 0 ? 1 : score < 0.9 ? 2 : 3;
    X.data[3 * i] = rng.nextFloat() < 0.05 ? NaN : cat;
    X.data[3 * i + 1] = rng.nextFloat() < 0.1 ? NaN : num;
    X.data[3 * i + 2] = rng.nextNormal();
  }
  return { X, y: { codes, classes: ['a', 'b', 'c', 'd'] } };
}

// The trees of an iteration may grow on several threads: nothing of the model may depend on how many.
describe('HistGradientBoostingClassifier with nJobs > 1', () => {
  const fit = (X: Matrix, y: Labels, options: HistGradientBoostingOptions) =>
    JSON.stringify(new HistGradientBoostingClassifier({ categoricalFeatures: ['cat'], ...options }).fit(X, y).toJSON());

  it('gives byte-identical JSON on 1, 2 and 3 threads, and really hands trees to helper threads', () => {
    const { X, y } = data(3000, 3);
    const options = { maxIter: 60, maxLeafNodes: 15, randomState: 1 };
    const single = fit(X, y, { ...options, nJobs: 1 });
    const before = treesGrownByHelpers();
    // Helpers start (and, under the TypeScript sources, compile) on first use: fit until they have taken part.
    for (let attempt = 0; attempt < 20 && treesGrownByHelpers() === before; attempt++) expect(fit(X, y, { ...options, nJobs: 2 })).toBe(single);
    expect(treesGrownByHelpers()).toBeGreaterThan(before);
    expect(fit(X, y, { ...options, nJobs: 2 })).toBe(single);
    expect(fit(X, y, { ...options, nJobs: 3 })).toBe(single);
    expect(fit(X, y, { ...options, nJobs: -1 })).toBe(single);
  });

  it('gives the same model with early stopping on a validation split, and for two classes (one tree per iteration)', () => {
    const { X, y } = data(1500, 5);
    const options = { maxIter: 80, earlyStopping: true, nIterNoChange: 3, validationFraction: 0.2, randomState: 2 };
    expect(fit(X, y, { ...options, nJobs: 2 })).toBe(fit(X, y, { ...options, nJobs: 1 }));
    const binary = { codes: Int32Array.from(y.codes, (c) => (c >= 2 ? 1 : 0)), classes: ['lo', 'hi'] };
    expect(fit(X, binary, { maxIter: 20, nJobs: 2 })).toBe(fit(X, binary, { maxIter: 20, nJobs: 1 }));
  });

  it('never writes nJobs into the model document, and rejects bad values', () => {
    const json = new HistGradientBoostingClassifier({ nJobs: 2 }).toJSON();
    expect(json.params).not.toHaveProperty('nJobs');
    expect(() => new HistGradientBoostingClassifier({ nJobs: 0 })).toThrow(/nJobs/);
    expect(() => new HistGradientBoostingClassifier({ nJobs: 1.5 })).toThrow(/nJobs/);
  });
});
