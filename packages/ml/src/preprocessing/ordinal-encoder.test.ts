import { describe, expect, it } from 'vitest';
import { collectUnseen, frameOf, valuesOf } from '../test-support/conformance-transformer.js';
import { OrdinalEncoder } from './index.js';

const frame = () => frameOf({ s: ['Low', 'High', 'Average', null, 'Low', 'High'], n: [1, 2, 3, 4, 5, 6] });
const y = { codes: Int32Array.of(0, 2, 1, 2, 0, 1), classes: ['A', 'B', 'C'] };

describe('OrdinalEncoder', () => {
  it("'explicit' applies the given mapping in place; missing becomes NaN", () => {
    const t = new OrdinalEncoder({ encodingMethod: 'explicit', mapping: { s: { Low: 1, Average: 2, High: 3 } } }).fit(frame());
    expect(t.variables_).toEqual(['s']);
    const out = t.transform(frame());
    expect(out.names).toEqual(['s', 'n']);
    expect(valuesOf(out, 's')).toEqual([1, 3, 2, NaN, 1, 3]);
  });

  it("'explicit' names categories missing from the mapping at fit", () => {
    const t = new OrdinalEncoder({ encodingMethod: 'explicit', mapping: { s: { Low: 1 } } });
    expect(() => t.fit(frame())).toThrow(/"s" has categories missing from its mapping: "High", "Average"/);
  });

  it("'explicit' needs a mapping for each variable, and mapping needs 'explicit'", () => {
    expect(() => new OrdinalEncoder({ encodingMethod: 'explicit' })).toThrow(/needs mapping/);
    expect(() => new OrdinalEncoder({ encodingMethod: 'explicit', variables: ['t'], mapping: { s: { a: 1 } } })).toThrow(/"t" has no entry/);
    expect(() => new OrdinalEncoder({ encodingMethod: 'arbitrary', mapping: { s: { a: 1 } } })).toThrow(/only used with encodingMethod 'explicit'/);
  });

  it("'arbitrary' numbers categories in order of first appearance", () => {
    const t = new OrdinalEncoder({ encodingMethod: 'arbitrary' }).fit(frame());
    expect(Object.fromEntries(t.encoderDict_!.get('s')!)).toEqual({ Low: 0, High: 1, Average: 2 });
  });

  it("'ordered' ranks by mean target code, ties by first appearance, and needs y", () => {
    // Means: Low 0, High 1.5, Average 1.
    const t = new OrdinalEncoder({ encodingMethod: 'ordered' }).fit(frame(), y);
    expect(Object.fromEntries(t.encoderDict_!.get('s')!)).toEqual({ Low: 0, Average: 1, High: 2 });
    const tie = new OrdinalEncoder().fit(frameOf({ s: ['b', 'a', 'c'] }), { codes: Int32Array.of(1, 1, 0), classes: ['x', 'y'] });
    expect(Object.fromEntries(tie.encoderDict_!.get('s')!)).toEqual({ c: 0, b: 1, a: 2 });
    expect(() => new OrdinalEncoder().fit(frame())).toThrow(/needs y/);
    expect(() => new OrdinalEncoder().fit(frame(), { codes: Int32Array.of(0), classes: ['A'] })).toThrow(/1 labels but the frame has 6 rows/);
  });

  it('unseen categories become NaN and are reported; missing is not reported', () => {
    const ctx = collectUnseen();
    const t = new OrdinalEncoder({ encodingMethod: 'arbitrary' }).fit(frame());
    const out = t.transform(frameOf({ s: [null, 'Huge', 'Low'] }), { unseen: ctx });
    expect(valuesOf(out, 's')).toEqual([NaN, NaN, 0]);
    expect(ctx.reports).toEqual([{ variable: 's', value: 'Huge', row: 1 }]);
    const strict = new OrdinalEncoder({ encodingMethod: 'arbitrary', unseen: 'error' }).fit(frame());
    expect(() => strict.transform(frameOf({ s: ['Huge'] }))).toThrow(/"s" has category "Huge" at row 0/);
  });
});
