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

  it("'arbitrary' with maxCategories: the most frequent keep their own codes, the rest share the last (sklearn max_categories)", () => {
    // counts: a 1, b 3, c 2, d 2, e 1 (first appearance a, b, c, d, e)
    const f = frameOf({ g: ['a', 'b', 'c', 'b', 'd', 'c', 'b', 'd', 'e', null] });
    const t = new OrdinalEncoder({ encodingMethod: 'arbitrary', maxCategories: 3 }).fit(f);
    // kept: b (3) and c (2, ties with d broken by first appearance), numbered in order of appearance
    expect(Object.fromEntries(t.encoderDict_!.get('g')!)).toEqual({ a: 2, b: 0, c: 1, d: 2, e: 2 });
    const ctx = collectUnseen();
    expect(valuesOf(t.transform(frameOf({ g: ['e', 'b', 'zz', null] }), { unseen: ctx }), 'g')).toEqual([2, 0, NaN, NaN]);
    expect(ctx.reports).toEqual([{ variable: 'g', value: 'zz', row: 2 }]);
    // at or under the limit: plain codes
    const small = new OrdinalEncoder({ encodingMethod: 'arbitrary', maxCategories: 5 }).fit(f);
    expect(Object.fromEntries(small.encoderDict_!.get('g')!)).toEqual({ a: 0, b: 1, c: 2, d: 3, e: 4 });
    // round trip; a document without the key (written before the option) means no limit
    const again = OrdinalEncoder.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(again.maxCategories).toBe(3);
    expect(Object.fromEntries(again.encoderDict_!.get('g')!)).toEqual({ a: 2, b: 0, c: 1, d: 2, e: 2 });
    expect(new OrdinalEncoder({ encodingMethod: 'arbitrary' }).toJSON().params).not.toHaveProperty('maxCategories');
    expect(() => new OrdinalEncoder({ encodingMethod: 'arbitrary', maxCategories: 1 })).toThrow(/maxCategories must be an integer of at least 2, got 1/);
    expect(() => new OrdinalEncoder({ encodingMethod: 'ordered', maxCategories: 3 })).toThrow(/maxCategories is only used with encodingMethod 'arbitrary'/);
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
