import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { frameOf, valuesOf } from '../test-support/conformance-transformer.js';
import { MeanMedianImputer } from './index.js';

const frame = () => frameOf({ a: [1, NaN, 2, 6], g: ['x', null, 'y', 'x'], b: [NaN, 10, 20, 40] });

describe('MeanMedianImputer', () => {
  it('fills NaN with the mean of every numeric variable by default, leaving categoricals alone', () => {
    const t = new MeanMedianImputer({ imputationMethod: 'mean' }).fit(frame());
    expect(t.variables_).toEqual(['a', 'b']);
    const out = t.transform(frame());
    expect(valuesOf(out, 'a')).toEqual([1, 3, 2, 6]);
    expect(valuesOf(out, 'b')).toEqual([70 / 3, 10, 20, 40]);
    expect(valuesOf(out, 'g')).toEqual(['x', null, 'y', 'x']);
    expect(out.names).toEqual(['a', 'g', 'b']);
  });

  it("defaults to the median (feature-engine's default) and averages the two middle values", () => {
    const t = new MeanMedianImputer({ variables: ['b'] }).fit(frame());
    expect(Object.fromEntries(t.imputerDict_!)).toEqual({ b: 20 });
    expect(valuesOf(new MeanMedianImputer().fit(frame()).transform(frame()), 'a')).toEqual([1, 2, 2, 6]);
  });

  it('refuses an all-missing variable at fit, naming it', () => {
    expect(() => new MeanMedianImputer().fit(frameOf({ a: [1], z: [NaN] }))).toThrow(/"z" has no values/);
  });

  it('names a wrong-kind or absent variable at fit and at transform', () => {
    expect(() => new MeanMedianImputer({ variables: ['g'] }).fit(frame())).toThrow(/"g" is categorical/);
    expect(() => new MeanMedianImputer({ variables: ['nope'] }).fit(frame())).toThrow(/"nope" is not a column/);
    const t = new MeanMedianImputer().fit(frame());
    expect(() => t.transform(frame().drop(['b']))).toThrow(/"b" seen at fit is missing/);
    expect(() => t.transform(frameOf({ a: [1], b: ['text'] }))).toThrow(/"b" was numeric at fit/);
  });

  it('validates its options', () => {
    expect(() => new MeanMedianImputer({ imputationMethod: 'mode' as never })).toThrow(UserError);
    expect(() => new MeanMedianImputer({ variables: [] })).toThrow(/non-empty/);
    expect(() => new MeanMedianImputer({ variables: ['a', 'a'] })).toThrow(/twice/);
  });

  it('refuses infinite values, which could not be saved', () => {
    expect(() => new MeanMedianImputer().fit(frameOf({ a: [1, Infinity] }))).toThrow(/infinite value at row 1/);
  });

  it('serialises params and learned state as plain data', () => {
    expect(new MeanMedianImputer({ imputationMethod: 'mean' }).fit(frame()).toJSON()).toEqual({
      type: 'MeanMedianImputer',
      params: { variables: null, imputationMethod: 'mean' },
      state: { variables: ['a', 'b'], imputerDict: { a: 3, b: 70 / 3 } },
    });
  });
});
