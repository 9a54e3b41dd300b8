import { describe, expect, it } from 'vitest';
import '../linear/index.js';
import './index.js';
import { makeMatrix, type Matrix } from '../core/types.js';
import { LogisticRegression } from '../linear/index.js';
import { Rng } from '../random/rng.js';
import { describeClassifierConformance } from '../test-support/conformance-classifier.js';
import { VotingClassifier } from './voting.js';

function blobs(n: number, k: number, seed: number): { X: Matrix; y: { codes: Int32Array; classes: string[] } } {
  const rng = new Rng(seed);
  const X = makeMatrix(n, 3, ['a', 'b', 'c']);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    codes[i] = c;
    for (let j = 0; j < 3; j++) (X.data as Float64Array)[i * 3 + j] = rng.nextNormal() + (j === c % 3 ? 1.5 : 0);
  }
  return { X, y: { codes, classes: Array.from({ length: k }, (_, c) => `c${c}`) } };
}

const members = [
  { type: 'LogisticRegression', params: { C: 0.1 } },
  { type: 'LogisticRegression', params: { C: 10 } },
  { type: 'DummyClassifier', params: { strategy: 'prior' } },
];

describeClassifierConformance('VotingClassifier(soft)', () => new VotingClassifier({ estimators: members, weights: [2, 1, 1] }), () => blobs(120, 4, 1));
describeClassifierConformance('VotingClassifier(hard)', () => new VotingClassifier({ estimators: members, voting: 'hard' }), () => blobs(120, 3, 2));

describe('VotingClassifier', () => {
  it('soft voting is the weighted average of the members (np.average)', () => {
    const { X, y } = blobs(90, 3, 3);
    const v = new VotingClassifier({ estimators: members.slice(0, 2), weights: [3, 1] }).fit(X, y);
    const p1 = new LogisticRegression({ C: 0.1 }).fit(X, y).predictProba(X);
    const p2 = new LogisticRegression({ C: 10 }).fit(X, y).predictProba(X);
    const p = v.predictProba(X);
    for (let t = 0; t < p.length; t++) expect(p[t]).toBeCloseTo((3 * p1[t] + p2[t]) / 4, 14);
  });

  it('hard voting takes the weighted majority, ties to the first class', () => {
    const { X, y } = blobs(60, 2, 4);
    const v = new VotingClassifier({ estimators: [members[0], members[2]], voting: 'hard' }).fit(X, y);
    const lr = new LogisticRegression({ C: 0.1 }).fit(X, y).predict(X);
    const dummy = 0; // prior strategy predicts the first of two equally frequent classes
    const pred = v.predict(X);
    for (let i = 0; i < 60; i++) expect(pred[i]).toBe(Math.min(lr[i], dummy));
  });

  it('rejects bad options with the field named', () => {
    expect(() => new VotingClassifier({ estimators: [] })).toThrow('VotingClassifier: estimators must be a non-empty array');
    expect(() => new VotingClassifier({ estimators: members, weights: [1] })).toThrow('weights must be 3 non-negative numbers');
    expect(() => new VotingClassifier({ estimators: members, voting: 'loud' as 'soft' })).toThrow('voting must be "soft" or "hard"');
    expect(() => new VotingClassifier({ estimators: [{ type: 'Nope', params: {} }] })).toThrow(/unknown classifier type "Nope"/);
  });
});
