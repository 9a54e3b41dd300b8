import { describe, expect, it } from 'vitest';
import { collectUnseen, frameOf, valuesOf } from '../test-support/conformance-transformer.js';
import { OneHotEncoder } from './index.js';

const frame = () =>
  frameOf({
    color: ['red', 'blue', null, 'green', 'blue', 'red', 'blue'],
    n: [1, 2, 3, 4, 5, 6, 7],
    yes: ['Y', 'N', 'N', null, 'Y', 'N', 'Y'],
  });

describe('OneHotEncoder', () => {
  it('replaces each variable by 0/1 columns appended at the end, in variable then first-appearance order', () => {
    const t = new OneHotEncoder().fit(frame());
    const out = t.transform(frame());
    expect(out.names).toEqual(['n', 'color_red', 'color_blue', 'color_green', 'yes_Y', 'yes_N']);
    expect(valuesOf(out, 'color_red')).toEqual([1, 0, 0, 0, 0, 1, 0]);
    expect(valuesOf(out, 'color_blue')).toEqual([0, 1, 0, 0, 1, 0, 1]);
    expect(valuesOf(out, 'yes_N')).toEqual([0, 1, 1, 0, 0, 1, 0]);
    expect(t.variablesBinary_).toEqual(['yes']);
  });

  it('gives missing values an all-zero row and does not report them', () => {
    const ctx = collectUnseen();
    const out = new OneHotEncoder().fit(frame()).transform(frame(), { unseen: ctx });
    expect([valuesOf(out, 'color_red')[2], valuesOf(out, 'color_blue')[2], valuesOf(out, 'color_green')[2]]).toEqual([0, 0, 0]);
    expect(ctx.reports).toEqual([]);
  });

  it('dropLast drops the last category; dropLastBinary keeps only the first category of binary variables', () => {
    expect(new OneHotEncoder({ dropLast: true }).fit(frame()).featureNames).toEqual(['color_red', 'color_blue', 'yes_Y']);
    expect(new OneHotEncoder({ dropLastBinary: true }).fit(frame()).featureNames).toEqual(['color_red', 'color_blue', 'color_green', 'yes_Y']);
  });

  it('topCategories keeps the most frequent categories, ties by first appearance', () => {
    const t = new OneHotEncoder({ topCategories: 2 }).fit(frame());
    expect(Object.fromEntries(t.encoderDict_!)).toEqual({ color: ['blue', 'red'], yes: ['Y', 'N'] });
    // As in feature-engine, dropLastBinary still applies afterwards.
    expect(new OneHotEncoder({ topCategories: 1, dropLastBinary: true }).fit(frame()).featureNames).toEqual(['color_blue', 'yes_Y']);
  });

  it('a category seen at fit but not encoded is not unseen', () => {
    const ctx = collectUnseen();
    const t = new OneHotEncoder({ topCategories: 1, variables: ['color'] }).fit(frame());
    const out = t.transform(frameOf({ color: ['green', 'blue'] }), { unseen: ctx });
    expect(valuesOf(out, 'color_blue')).toEqual([0, 1]);
    expect(ctx.reports).toEqual([]);
  });

  it("unseen 'ignore' gives zeros and reports variable, value and row", () => {
    const ctx = collectUnseen();
    const t = new OneHotEncoder({ variables: ['color'] }).fit(frame());
    const out = t.transform(frameOf({ color: ['red', 'purple', null] }), { unseen: ctx });
    expect(valuesOf(out, 'color_red')).toEqual([1, 0, 0]);
    expect(ctx.reports).toEqual([{ variable: 'color', value: 'purple', row: 1 }]);
  });

  it("unseen 'error' throws naming variable, value and row", () => {
    const t = new OneHotEncoder({ unseen: 'error', variables: ['color'] }).fit(frame());
    expect(() => t.transform(frameOf({ color: ['red', null, 'purple'] }))).toThrow(/"color" has category "purple" at row 2/);
  });

  it('refuses numeric variables, all-missing variables, name clashes and bad options', () => {
    expect(() => new OneHotEncoder({ variables: ['n'] }).fit(frame())).toThrow(/"n" is numeric/);
    expect(() => new OneHotEncoder().fit(frameOf({ e: [null, null] }))).toThrow(/"e" has no values/);
    const t = new OneHotEncoder({ variables: ['yes'] }).fit(frame());
    expect(() => t.transform(frame().append(frameOf({ yes_Y: [0, 0, 0, 0, 0, 0, 0] }).columns))).toThrow(/"yes_Y" already exists/);
    expect(() => new OneHotEncoder({ topCategories: 0 })).toThrow(/topCategories/);
    expect(() => new OneHotEncoder({ unseen: 'encode' as never })).toThrow(/unseen/);
  });
});
