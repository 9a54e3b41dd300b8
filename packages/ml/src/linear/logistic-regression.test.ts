import { describe, expect, it } from 'vitest';
import { DataError, ModelFormatError, NotFittedError, UserError } from '../core/errors.js';
import { classifierFromJSON } from '../core/registry.js';
import { makeMatrix } from '../core/types.js';
import type { Labels, Matrix } from '../core/types.js';
import { blobs } from '../test-support/conformance-classifier.js';
import { LogisticRegression } from './index.js';

function tiny(): { X: Matrix; y: Labels } {
  const X = makeMatrix(6, 2, ['age', 'income'], Float64Array.from([0, 1, 1, 0, 2, 2, 3, 1, 4, 3, 5, 4]));
  return { X, y: { codes: Int32Array.from([0, 0, 1, 0, 1, 1]), classes: ['no', 'yes'] } };
}

describe('LogisticRegression', () => {
  it('validates options with clear errors', () => {
    expect(() => new LogisticRegression({ C: 0 })).toThrow(/C must be/);
    expect(() => new LogisticRegression({ C: Infinity })).toThrow(/C must be/);
    expect(() => new LogisticRegression({ maxIter: 0 })).toThrow(/maxIter/);
    expect(() => new LogisticRegression({ tol: -1 })).toThrow(/tol/);
    expect(() => new LogisticRegression({ penalty: 'l1' as 'l2' })).toThrow(/penalty/);
    expect(() => new LogisticRegression({ multiClass: 'crammer' as 'ovr' })).toThrow(/multiClass/);
    expect(() => new LogisticRegression({ classWeight: { a: -1 } })).toThrow(/classWeight/);
    expect(() => new LogisticRegression({ max_iter: 10 } as never)).toThrow(/unknown option "max_iter"/);
    expect(() => new LogisticRegression({ C: 0 })).toThrow(UserError);
  });

  it('names the column holding NaN at fit, and at predict', () => {
    const { X, y } = tiny();
    const data = X.data.slice();
    data[5] = NaN;
    const bad = makeMatrix(6, 2, X.columnNames, data);
    expect(() => new LogisticRegression().fit(bad, y)).toThrow(/column "income".*row 2/);
    expect(() => new LogisticRegression().fit(bad, y)).toThrow(DataError);
    const m = new LogisticRegression().fit(X, y);
    expect(() => m.predictProba(bad)).toThrow(/income/);
  });

  it('rejects inconsistent inputs', () => {
    const { X, y } = tiny();
    expect(() => new LogisticRegression().fit(X, { codes: y.codes.slice(0, 5), classes: y.classes })).toThrow(/6 rows but y has 5/);
    expect(() => new LogisticRegression().fit(X, { codes: new Int32Array(6), classes: ['only'] })).toThrow(/at least 2 classes/);
    expect(() => new LogisticRegression().fit(X, { codes: y.codes, classes: ['no', 'yes', 'maybe'] })).toThrow(/"maybe" has no training rows/);
    expect(() => new LogisticRegression().fit(X, { codes: Int32Array.from([0, 0, 2, 0, 1, 1]), classes: y.classes })).toThrow(/outside/);
    const m = new LogisticRegression().fit(X, y);
    expect(() => m.predict(makeMatrix(1, 3, ['a', 'b', 'c']))).toThrow(/3 columns but the model was fitted on 2/);
    expect(() => new LogisticRegression().decisionFunction(X)).toThrow(NotFittedError);
  });

  it('binary: one coefficient row for classes[1], P = [1 − σ(z), σ(z)]', () => {
    const { X, y } = tiny();
    const m = new LogisticRegression().fit(X, y);
    expect(m.coef.length).toBe(1);
    expect(m.coef[0].length).toBe(2);
    expect(m.fittedMultiClass).toBe('ovr');
    const z = m.decisionFunction(X);
    const p = m.predictProba(X);
    for (let i = 0; i < 6; i++) {
      expect(p[2 * i + 1]).toBeCloseTo(1 / (1 + Math.exp(-z[i])), 15);
      expect(p[2 * i] + p[2 * i + 1]).toBeCloseTo(1, 15);
    }
  });

  it("multinomial with 2 classes keeps classes[1]'s row and predicts softmax(−z, z)", () => {
    const { X, y } = tiny();
    const m = new LogisticRegression({ multiClass: 'multinomial' }).fit(X, y);
    expect(m.coef.length).toBe(1);
    const z = m.decisionFunction(X);
    const p = m.predictProba(X);
    for (let i = 0; i < 6; i++) expect(p[2 * i + 1]).toBeCloseTo(1 / (1 + Math.exp(-2 * z[i])), 15);
  });

  it('multinomial: K rows; symmetric parametrisation (rows sum to 0 under L2)', () => {
    const { X, y } = blobs(4);
    const m = new LogisticRegression().fit(X, y);
    expect(m.fittedMultiClass).toBe('multinomial');
    expect(m.coef.length).toBe(4);
    expect(m.nIter.length).toBe(1);
    for (let j = 0; j < X.nCols; j++) expect(Math.abs(m.coef.reduce((s, r) => s + r[j], 0))).toBeLessThan(1e-8);
    expect(Math.abs(m.intercept.reduce((s, v) => s + v, 0))).toBeLessThan(1e-8);
  });

  it("'ovr' fits K binary problems and normalises their sigmoids", () => {
    const { X, y } = blobs(3);
    const m = new LogisticRegression({ multiClass: 'ovr' }).fit(X, y);
    expect(m.coef.length).toBe(3);
    expect(m.nIter.length).toBe(3);
    const z = m.decisionFunction(X);
    const p = m.predictProba(X);
    const s = [0, 1, 2].map((k) => 1 / (1 + Math.exp(-z[k])));
    const total = s[0] + s[1] + s[2];
    for (let k = 0; k < 3; k++) expect(p[k]).toBeCloseTo(s[k] / total, 15);
  });

  it('fitIntercept false leaves intercepts at 0', () => {
    const { X, y } = blobs(3);
    const m = new LogisticRegression({ fitIntercept: false }).fit(X, y);
    expect(Array.from(m.intercept)).toEqual([0, 0, 0]);
  });

  it('stronger regularisation shrinks the coefficients', () => {
    const { X, y } = blobs(2);
    const norm = (m: LogisticRegression) => m.coef[0].reduce((s, v) => s + v * v, 0);
    expect(norm(new LogisticRegression({ C: 0.01 }).fit(X, y))).toBeLessThan(norm(new LogisticRegression({ C: 1 }).fit(X, y)));
  });

  it("'balanced' equals the explicit weights n / (k · count_c)", () => {
    const base = blobs(3);
    // Drop most rows of class 2 to unbalance.
    const keep = Array.from({ length: base.X.nRows }, (_, i) => i).filter((i) => base.y.codes[i] !== 2 || i % 5 === 0);
    const X = makeMatrix(keep.length, 3, base.X.columnNames, Float64Array.from(keep.flatMap((i) => Array.from(base.X.data.slice(i * 3, i * 3 + 3)))));
    const y = { codes: Int32Array.from(keep.map((i) => base.y.codes[i])), classes: base.y.classes };
    const counts = [0, 0, 0];
    for (const c of y.codes) counts[c]++;
    const n = y.codes.length;
    const explicit = Object.fromEntries(y.classes.map((c, k) => [c, n / (3 * counts[k])]));
    const a = new LogisticRegression({ classWeight: 'balanced' }).fit(X, y);
    const b = new LogisticRegression({ classWeight: explicit }).fit(X, y);
    expect(Array.from(a.predictProba(X))).toEqual(Array.from(b.predictProba(X)));
  });

  it('an explicit class weight naming an unknown class fails like sklearn', () => {
    const { X, y } = tiny();
    expect(() => new LogisticRegression({ classWeight: { no: 2, maybe: 1 } }).fit(X, y)).toThrow(/yes/);
    // Naming every class (and more) is fine.
    expect(() => new LogisticRegression({ classWeight: { no: 2, yes: 1, maybe: 1 } }).fit(X, y)).not.toThrow();
  });

  it('warns through onWarning when L-BFGS stops on maxIter, and records it', () => {
    const { X, y } = blobs(4);
    const warnings: string[] = [];
    const m = new LogisticRegression({ maxIter: 2, onWarning: (w) => warnings.push(w) }).fit(X, y);
    expect(m.converged).toBe(false);
    expect(m.nIter).toEqual([2]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/failed to converge.*maxIter/);
    expect(m.toJSON().state?.converged).toBe(false);
    const quiet: string[] = [];
    expect(new LogisticRegression({ onWarning: (w) => quiet.push(w) }).fit(X, y).converged).toBe(true);
    expect(quiet).toEqual([]);
  });

  it("warns that penalty 'none' ignores C", () => {
    const { X, y } = tiny();
    const warnings: string[] = [];
    new LogisticRegression({ penalty: 'none', C: 5, onWarning: (w) => warnings.push(w) }).fit(X, y);
    expect(warnings.join()).toMatch(/ignores C/);
  });

  it('onWarning is not serialised; a stored onWarning is refused', () => {
    const m = new LogisticRegression({ onWarning: () => undefined });
    expect(Object.keys(m.toJSON().params)).not.toContain('onWarning');
    expect(() => LogisticRegression.fromJSON({ type: 'LogisticRegression', params: { onWarning: 'x' } })).toThrow(ModelFormatError);
  });

  it('fromJSON validates shapes and types', () => {
    const { X, y } = blobs(4);
    const json = JSON.parse(JSON.stringify(new LogisticRegression().fit(X, y).toJSON()));
    const broken = (patch: Record<string, unknown>) => ({ ...json, state: { ...json.state, ...patch } });
    expect(() => classifierFromJSON(broken({ coef: json.state.coef.slice(1) }))).toThrow(/coef/);
    expect(() => classifierFromJSON(broken({ coef: json.state.coef.map((r: number[]) => r.slice(1)) }))).toThrow(/coef\[0\]/);
    expect(() => classifierFromJSON(broken({ intercept: [1, 2] }))).toThrow(/intercept/);
    expect(() => classifierFromJSON(broken({ intercept: [1, 2, 3, '4'] }))).toThrow(/intercept/);
    expect(() => classifierFromJSON(broken({ multiClass: 'auto' }))).toThrow(/multiClass/);
    expect(() => classifierFromJSON(broken({ nFeatures: -1 }))).toThrow(/nFeatures/);
    expect(() => classifierFromJSON(broken({ classes: ['a', 'a', 'b', 'c'] }))).toThrow(/duplicates/);
    expect(() => classifierFromJSON({ ...json, params: { ...json.params, C: -1 } })).toThrow(ModelFormatError);
    expect(() => LogisticRegression.fromJSON({ ...json, type: 'DummyClassifier' })).toThrow(ModelFormatError);
  });
});
