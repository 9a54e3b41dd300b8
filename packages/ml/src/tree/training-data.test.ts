import { describe, expect, it } from 'vitest';
import { makeMatrix } from '../core/types.js';
import { RandomForestClassifier } from '../ensemble/forest.js';
import { mixedDataset } from './test-support/datasets.js';
import { prepareTrainingData } from './training-data.js';

describe('prepareTrainingData', () => {
  it('bins a matrix once for several fits on it (one-vs-rest), each with its own labels', () => {
    const { X, y } = mixedDataset(300, 3, 4);
    const a = prepareTrainingData('test', X, y.codes, 3);
    const flipped = Int32Array.from(y.codes, (c) => (c === 0 ? 1 : 0));
    const b = prepareTrainingData('test', X, flipped, 2);
    expect(b.bins).toBe(a.bins);
    expect(b.values).toBe(a.values);
    expect(Array.from(b.y)).toEqual(Array.from(flipped));
    expect(b.nClasses).toBe(2);
  });

  it('bins anew a matrix changed in place, the sign of a zero included', () => {
    const { X, y } = mixedDataset(300, 3, 4);
    const a = prepareTrainingData('test', X, y.codes, 3);
    X.data[3] = 0.123456;
    const b = prepareTrainingData('test', X, y.codes, 3);
    expect(b.values).not.toBe(a.values);
    expect(Array.from(b.values[3])).toContain(Math.fround(0.123456));
    const Z = makeMatrix(2, 1, ['z'], Float64Array.of(0, 1));
    const c = prepareTrainingData('test', Z, Int32Array.of(0, 1), 2);
    expect(Object.is(c.values[0][0], 0)).toBe(true);
    Z.data[0] = -0;
    const d = prepareTrainingData('test', Z, Int32Array.of(0, 1), 2);
    expect(Object.is(d.values[0][0], -0)).toBe(true);
  });

  it('gives a forest fitted after an in-place change the model a fresh matrix gives', () => {
    const { X, y } = mixedDataset(400, 2, 6);
    new RandomForestClassifier({ nEstimators: 5, nJobs: 1 }).fit(X, y);
    for (let i = 0; i < X.data.length; i += 7) X.data[i] = 1 - X.data[i];
    const again = new RandomForestClassifier({ nEstimators: 5, nJobs: 1 }).fit(X, y);
    const fresh = new RandomForestClassifier({ nEstimators: 5, nJobs: 1 }).fit(makeMatrix(X.nRows, X.nCols, X.columnNames, X.data.slice()), y);
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(fresh.toJSON()));
  });
});
