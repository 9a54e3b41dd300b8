import { describe, expect, it } from 'vitest';
import { classifierFromJSON } from '../core/registry.js';
import { makeMatrix } from '../core/types.js';
import { DummyClassifier } from './index.js';

const X = makeMatrix(10, 1, ['x'], new Float64Array(10));
// 5 × "b", 3 × "a", 2 × "c"
const y = { codes: Int32Array.from([1, 0, 1, 2, 1, 0, 1, 2, 0, 1]), classes: ['a', 'b', 'c'] };

describe('DummyClassifier', () => {
  it('learns the class priors', () => {
    const m = new DummyClassifier().fit(X, y);
    expect(Array.from(m.classPrior)).toEqual([0.3, 0.5, 0.2]);
  });

  it("'prior' predicts the priors and the mode; 'most_frequent' one-hot of the mode", () => {
    const prior = new DummyClassifier({ strategy: 'prior' }).fit(X, y);
    expect(Array.from(prior.predictProba(makeMatrix(1, 1, ['x'])))).toEqual([0.3, 0.5, 0.2]);
    expect(Array.from(prior.predict(X))).toEqual(new Array(10).fill(1));
    const mf = new DummyClassifier({ strategy: 'most_frequent' }).fit(X, y);
    expect(Array.from(mf.predictProba(makeMatrix(2, 1, ['x'])))).toEqual([0, 1, 0, 0, 1, 0]);
  });

  it("'most_frequent' breaks ties towards the first class, as numpy's argmax", () => {
    const tie = { codes: Int32Array.from([2, 1, 2, 1]), classes: ['a', 'b', 'c'] };
    const m = new DummyClassifier({ strategy: 'most_frequent' }).fit(makeMatrix(4, 1, ['x']), tie);
    expect(Array.from(m.predict(makeMatrix(1, 1, ['x'])))).toEqual([1]);
  });

  it("'uniform' gives 1/k", () => {
    const m = new DummyClassifier({ strategy: 'uniform' }).fit(X, y);
    expect(Array.from(m.predictProba(makeMatrix(1, 1, ['x'])))).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it("'stratified' draws one-hot rows with the prior frequencies, reproducibly per randomState", () => {
    const n = 20000;
    const big = makeMatrix(n, 1, ['x']);
    const m = new DummyClassifier({ strategy: 'stratified', randomState: 11 }).fit(X, y);
    const p = m.predictProba(big);
    const counts = [0, 0, 0];
    let oneHot = 0;
    for (let i = 0; i < n; i++) {
      if (p[i * 3] + p[i * 3 + 1] + p[i * 3 + 2] === 1 && p.slice(i * 3, i * 3 + 3).every((v) => v === 0 || v === 1)) oneHot++;
      for (let k = 0; k < 3; k++) counts[k] += p[i * 3 + k];
    }
    expect(oneHot).toBe(n);
    // Binomial standard deviation at n = 20000 is below 0.004; allow 4 of them.
    expect(Math.abs(counts[0] / n - 0.3)).toBeLessThan(0.016);
    expect(Math.abs(counts[1] / n - 0.5)).toBeLessThan(0.016);
    expect(Math.abs(counts[2] / n - 0.2)).toBeLessThan(0.016);
    expect(Array.from(m.predictProba(big))).toEqual(Array.from(p));
    const other = new DummyClassifier({ strategy: 'stratified', randomState: 12 }).fit(X, y);
    expect(Array.from(other.predictProba(big))).not.toEqual(Array.from(p));
  });

  it('works with a single class', () => {
    const m = new DummyClassifier().fit(X, { codes: new Int32Array(10), classes: ['only'] });
    expect(Array.from(m.predictProba(makeMatrix(2, 1, ['x'])))).toEqual([1, 1]);
  });

  it('validates options and stored state', () => {
    expect(() => new DummyClassifier({ strategy: 'constant' as 'prior' })).toThrow(/strategy/);
    expect(() => new DummyClassifier({ randomState: 1.5 })).toThrow(/randomState/);
    const json = JSON.parse(JSON.stringify(new DummyClassifier().fit(X, y).toJSON()));
    expect(() => classifierFromJSON({ ...json, state: { ...json.state, classPrior: [0.5, 0.5, 0.5] } })).toThrow(/sum to 1/);
    expect(() => classifierFromJSON({ ...json, state: { ...json.state, classPrior: [0.5, 0.5] } })).toThrow(/length/);
  });
});
