import { describe, expect, it } from 'vitest';
import { ModelFormatError, UserError } from '../core/errors.js';
import { classifierFromJSON, cloneClassifier } from '../core/registry.js';
import { makeMatrix } from '../core/types.js';
import { blobs, expectValidProba } from '../test-support/conformance-classifier.js';
import { DummyClassifier, LogisticRegression, OneVsRestClassifier } from './index.js';

describe('OneVsRestClassifier', () => {
  it('fits one model per class on labels {0, 1}, leaving the template unfitted', () => {
    const { X, y } = blobs(4);
    const template = new LogisticRegression({ C: 2 });
    const m = new OneVsRestClassifier({ estimator: template }).fit(X, y);
    expect(template.fitted).toBe(false);
    expect(m.estimators.length).toBe(4);
    for (const e of m.estimators) {
      expect(e).not.toBe(template);
      expect(e!.classes).toEqual(['0', '1']);
      expect((e as LogisticRegression).C).toBe(2);
    }
  });

  it('P(c) is the binary P(1) of class c, rows normalised', () => {
    const { X, y } = blobs(3);
    const m = new OneVsRestClassifier({ estimator: new LogisticRegression() }).fit(X, y);
    const raw = m.estimators.map((e) => e!.predictProba(X));
    const p = m.predictProba(X);
    for (let i = 0; i < X.nRows; i++) {
      const s = raw[0][2 * i + 1] + raw[1][2 * i + 1] + raw[2][2 * i + 1];
      for (let k = 0; k < 3; k++) expect(p[i * 3 + k]).toBeCloseTo(raw[k][2 * i + 1] / s, 15);
    }
  });

  it('with 2 classes fits a single model, as sklearn does, and equals it', () => {
    const { X, y } = blobs(2);
    const m = new OneVsRestClassifier({ estimator: new LogisticRegression() }).fit(X, y);
    expect(m.estimators.length).toBe(1);
    const direct = new LogisticRegression().fit(X, y).predictProba(X);
    const p = m.predictProba(X);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(direct[i], 15);
  });

  it('a class with no rows becomes a constant P = 0 member, with a warning, and survives JSON', () => {
    const { X, y } = blobs(3);
    const warnings: string[] = [];
    const withGhost = { codes: y.codes, classes: [...y.classes, 'ghost'] };
    const m = new OneVsRestClassifier({ estimator: new LogisticRegression(), onWarning: (w) => warnings.push(w) }).fit(X, withGhost);
    expect(warnings.join()).toMatch(/"ghost" is in no row/);
    expect(m.estimators[3]).toBeUndefined();
    const p = m.predictProba(X);
    expectValidProba(p, X.nRows, 4);
    for (let i = 0; i < X.nRows; i++) expect(p[i * 4 + 3]).toBe(0);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(json.state.estimators[3]).toEqual({ constant: 0 });
    expect(Array.from(classifierFromJSON(json).predictProba(X))).toEqual(Array.from(p));
  });

  it('a row no model claims gets uniform probabilities', () => {
    // Two constant-0 members and a third never fitted on positives: every row sums to 0 before normalising.
    const X = makeMatrix(3, 1, ['x'], Float64Array.from([1, 2, 3]));
    const m = new OneVsRestClassifier({ estimator: new DummyClassifier() }).fit(X, { codes: Int32Array.from([0, 0, 0]), classes: ['a', 'b', 'c'] });
    const json = m.toJSON() as { type: string; params: Record<string, unknown>; state: Record<string, unknown> };
    const allZero = classifierFromJSON({ ...json, state: { ...json.state, estimators: [{ constant: 0 }, { constant: 0 }, { constant: 0 }] } });
    expect(Array.from(allZero.predictProba(X))).toEqual(new Array(9).fill(1 / 3));
  });

  it('serialises the template as {type, params} and clones unfitted', () => {
    const m = new OneVsRestClassifier({ estimator: new LogisticRegression({ C: 3 }) });
    expect(m.toJSON()).toEqual({
      type: 'OneVsRestClassifier',
      params: { estimator: { type: 'LogisticRegression', params: new LogisticRegression({ C: 3 }).toJSON().params } },
    });
    const { X, y } = blobs(3);
    const c = cloneClassifier(m.fit(X, y)) as OneVsRestClassifier;
    expect(c.fitted).toBe(false);
    expect((c.estimator as LogisticRegression).C).toBe(3);
  });

  it('validates options and documents', () => {
    expect(() => new OneVsRestClassifier({} as never)).toThrow(UserError);
    expect(() => new OneVsRestClassifier({ estimator: {} as never })).toThrow(/estimator must be a Classifier/);
    const { X, y } = blobs(3);
    const json = JSON.parse(JSON.stringify(new OneVsRestClassifier({ estimator: new LogisticRegression() }).fit(X, y).toJSON()));
    const bad = (state: Record<string, unknown>) => () => classifierFromJSON({ ...json, state: { ...json.state, ...state } });
    expect(bad({ estimators: json.state.estimators.slice(1) })).toThrow(/3 entries/);
    expect(bad({ estimators: [{ constant: 2 }, ...json.state.estimators.slice(1)] })).toThrow(/constant/);
    expect(bad({ estimators: [json.params.estimator, ...json.state.estimators.slice(1)] })).toThrow(/fitted LogisticRegression/);
    expect(bad({ estimators: [{ type: 'Evil', params: {} }, ...json.state.estimators.slice(1)] })).toThrow(/unknown classifier type "Evil"/);
    expect(() => classifierFromJSON({ ...json, params: { estimator: { ...json.state.estimators[0] } } })).toThrow(/unfitted/);
    expect(() => classifierFromJSON({ ...json, params: {} })).toThrow(ModelFormatError);
  });
});
