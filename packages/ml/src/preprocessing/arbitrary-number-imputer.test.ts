import { describe, expect, it } from 'vitest';
import { Frame, numericColumn } from '../data/frame.js';
import { frameOf, valuesOf } from '../test-support/conformance-transformer.js';
import { ArbitraryNumberImputer } from './index.js';

const frame = () => frameOf({ a: [1, NaN], g: ['x', null], b: [NaN, 2] });

describe('ArbitraryNumberImputer', () => {
  it('fills every numeric variable with 999 by default', () => {
    const out = new ArbitraryNumberImputer().fit(frame()).transform(frame());
    expect(valuesOf(out, 'a')).toEqual([1, 999]);
    expect(valuesOf(out, 'b')).toEqual([999, 2]);
    expect(valuesOf(out, 'g')).toEqual(['x', null]);
  });

  it('uses arbitraryNumber on the given variables only', () => {
    const out = new ArbitraryNumberImputer({ arbitraryNumber: -1, variables: ['b'] }).fit(frame()).transform(frame());
    expect(valuesOf(out, 'a')).toEqual([1, NaN]);
    expect(valuesOf(out, 'b')).toEqual([-1, 2]);
  });

  it('takes per-variable values from imputerDict, whose keys are the variables', () => {
    const t = new ArbitraryNumberImputer({ imputerDict: { b: 0, a: -5 } }).fit(frame());
    expect(t.variables_).toEqual(['b', 'a']);
    const out = t.transform(frame());
    expect(valuesOf(out, 'a')).toEqual([1, -5]);
    expect(valuesOf(out, 'b')).toEqual([0, 2]);
  });

  it('refuses ambiguous or invalid options and absent variables', () => {
    expect(() => new ArbitraryNumberImputer({ variables: ['a'], imputerDict: { a: 1 } })).toThrow(/either variables or imputerDict/);
    expect(() => new ArbitraryNumberImputer({ imputerDict: { a: NaN } })).toThrow(/finite/);
    expect(() => new ArbitraryNumberImputer({ arbitraryNumber: Infinity })).toThrow(/finite/);
    expect(() => new ArbitraryNumberImputer({ imputerDict: { zz: 1 } }).fit(frame())).toThrow(/"zz"/);
    expect(() => new ArbitraryNumberImputer({ variables: ['g'] }).fit(frame())).toThrow(/"g" is categorical/);
  });

  it('reads imputerDict keys such as "__proto__" as data', () => {
    const dict = JSON.parse('{"__proto__": 7}') as Record<string, number>;
    const f = new Frame([numericColumn('__proto__', Float64Array.of(NaN, 1))]);
    const out = new ArbitraryNumberImputer({ imputerDict: dict }).fit(f).transform(f);
    expect(valuesOf(out, '__proto__')).toEqual([7, 1]);
  });
});
