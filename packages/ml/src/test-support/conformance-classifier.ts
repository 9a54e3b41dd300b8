import { describe, expect, it } from 'vitest';
import { ModelFormatError, NotFittedError } from '../core/errors.js';
import { classifierFromJSON, cloneClassifier } from '../core/registry.js';
import { argmaxRows, makeMatrix } from '../core/types.js';
import type { Classifier, Labels, Matrix } from '../core/types.js';
import { Rng } from '../random/rng.js';

/**
 * The classifier contract, in the spirit of sklearn's check_estimator. Registers vitest tests for
 * `make` (a fresh, unfitted classifier per call) on the data from `data`, and on two built-in data
 * sets with 2 and 4 classes. The module defining the classifier must have registered its type (import
 * its index) so JSON round trips and clones can load it.
 */
export function describeClassifierConformance(name: string, make: () => Classifier, data: () => { X: Matrix; y: Labels }): void {
  describe(`${name} (classifier conformance)`, () => {
    it('fit returns this and leaves X and y untouched', () => {
      const { X, y } = data();
      const xBefore = X.data.slice();
      const yBefore = y.codes.slice();
      const classesBefore = [...y.classes];
      const model = make();
      expect(model.fitted).toBe(false);
      expect(model.fit(X, y)).toBe(model);
      expect(model.fitted).toBe(true);
      expectSameBits(X.data, xBefore, 'X.data after fit');
      expect(Array.from(y.codes)).toEqual(Array.from(yBefore));
      expect([...y.classes]).toEqual(classesBefore);
      model.predictProba(X);
      model.predict(X);
      expectSameBits(X.data, xBefore, 'X.data after predict');
    });

    it('refuses to predict before fit', () => {
      const { X } = data();
      const model = make();
      expect(() => model.predictProba(X)).toThrow(NotFittedError);
      expect(() => model.predict(X)).toThrow(NotFittedError);
    });

    it('keeps y.classes and gives n × k probabilities in [0, 1] summing to 1', () => {
      const { X, y } = data();
      const model = make().fit(X, y);
      expect([...model.classes]).toEqual([...y.classes]);
      expectValidProba(model.predictProba(X), X.nRows, y.classes.length);
    });

    it('predict is argmax(predictProba)', () => {
      const { X, y } = data();
      const model = make().fit(X, y);
      const p = model.predictProba(X);
      expect(Array.from(model.predict(X))).toEqual(Array.from(argmaxRows(p, X.nRows, y.classes.length)));
    });

    it('rejects X with a different number of columns', () => {
      const { X, y } = data();
      const model = make().fit(X, y);
      const wider = makeMatrix(X.nRows, X.nCols + 1, [...X.columnNames, '__extra__']);
      expect(() => model.predictProba(wider)).toThrow(/column/);
    });

    it('JSON round trip gives identical JSON and bit-identical probabilities', () => {
      const { X, y } = data();
      const model = make().fit(X, y);
      const text = JSON.stringify(model.toJSON());
      const loaded = classifierFromJSON(JSON.parse(text));
      expect(loaded.type).toBe(model.type);
      expect(loaded.fitted).toBe(true);
      expect(JSON.stringify(loaded.toJSON())).toBe(text);
      expectSameBits(loaded.predictProba(X), model.predictProba(X), 'probabilities after reload');
      expect(Array.from(loaded.predict(X))).toEqual(Array.from(model.predict(X)));
    });

    it('an unfitted model round-trips as unfitted', () => {
      const model = make();
      const json = JSON.parse(JSON.stringify(model.toJSON()));
      expect(json.state).toBeUndefined();
      const loaded = classifierFromJSON(json);
      expect(loaded.fitted).toBe(false);
      expect(loaded.toJSON()).toEqual(json);
    });

    it('rejects a corrupted model document with ModelFormatError', () => {
      const { X, y } = data();
      const json = make().fit(X, y).toJSON();
      expect(() => classifierFromJSON({ ...json, state: {} })).toThrow(ModelFormatError);
      expect(() => classifierFromJSON({ ...json, state: { ...json.state, classes: 'not an array' } })).toThrow(ModelFormatError);
      expect(() => classifierFromJSON({ ...json, params: { ...json.params, __bogus__: 1 } })).toThrow(ModelFormatError);
    });

    it('is deterministic: two fits give identical JSON', () => {
      const { X, y } = data();
      const a = JSON.stringify(make().fit(X, y).toJSON());
      const b = JSON.stringify(make().fit(X, y).toJSON());
      expect(b).toBe(a);
    });

    it('cloneClassifier gives an unfitted copy with the same params', () => {
      const { X, y } = data();
      const model = make();
      const params = JSON.parse(JSON.stringify(model.toJSON().params));
      model.fit(X, y);
      const clone = cloneClassifier(model);
      expect(clone).not.toBe(model);
      expect(clone.type).toBe(model.type);
      expect(clone.fitted).toBe(false);
      expect(clone.toJSON().state).toBeUndefined();
      expect(JSON.parse(JSON.stringify(clone.toJSON().params))).toEqual(params);
      // Fitting the clone gives the same model: the params are all there is to it.
      expect(JSON.stringify(clone.fit(X, y).toJSON())).toBe(JSON.stringify(model.toJSON()));
    });

    for (const k of [2, 4]) {
      it(`works with ${k} classes`, () => {
        const { X, y } = blobs(k);
        const model = make().fit(X, y);
        expect([...model.classes]).toEqual([...y.classes]);
        const p = model.predictProba(X);
        expectValidProba(p, X.nRows, k);
        expect(Array.from(model.predict(X))).toEqual(Array.from(argmaxRows(p, X.nRows, k)));
        const loaded = classifierFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
        expectSameBits(loaded.predictProba(X), p, `${k}-class probabilities after reload`);
      });
    }
  });
}

/** Well separated Gaussian blobs, k classes, 30 rows each, 3 features; classes are 'c0'..'c{k-1}'. */
export function blobs(k: number, seed = 7): { X: Matrix; y: Labels } {
  const rng = new Rng(seed);
  const perClass = 30;
  const d = 3;
  const n = perClass * k;
  const X = makeMatrix(n, d, ['f0', 'f1', 'f2']);
  const data = X.data as Float64Array;
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // Interleave classes so no model can lean on row order.
    const c = i % k;
    codes[i] = c;
    for (let j = 0; j < d; j++) data[i * d + j] = rng.nextNormal() + (j === c % d ? 2 : 0) + (c >= d ? -2 : 0);
  }
  return { X, y: { codes, classes: Array.from({ length: k }, (_, c) => `c${c}`) } };
}

export function expectValidProba(p: Float64Array, n: number, k: number): void {
  expect(p.length).toBe(n * k);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = p[i * k + j];
      if (!(v >= 0 && v <= 1)) expect(v, `p[${i}, ${j}]`).toBeGreaterThanOrEqual(0);
      if (!(v >= 0 && v <= 1)) expect(v, `p[${i}, ${j}]`).toBeLessThanOrEqual(1);
      sum += v;
    }
    if (!(Math.abs(sum - 1) <= 1e-12)) expect(sum, `row ${i} sum`).toBeCloseTo(1, 12);
  }
}

/** Element-wise Object.is: bit-identical doubles (NaN equals NaN, -0 is not 0). */
export function expectSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect(actual[i], `${what}[${i}]`).toBe(expected[i]);
  }
}
