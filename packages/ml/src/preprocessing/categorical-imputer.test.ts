import { describe, expect, it } from 'vitest';
import { categoricalColumn, Frame } from '../data/frame.js';
import { frameOf, valuesOf } from '../test-support/conformance-transformer.js';
import { CategoricalImputer } from './index.js';

const frame = () => frameOf({ g: ['b', null, 'a', 'b', null], n: [1, NaN, 3, 4, 5], h: [null, 'q', 'p', 'p', 'q'] });

describe('CategoricalImputer', () => {
  it("fills missing categories with 'Missing' by default, on every categorical variable", () => {
    const out = new CategoricalImputer().fit(frame()).transform(frame());
    expect(valuesOf(out, 'g')).toEqual(['b', 'Missing', 'a', 'b', 'Missing']);
    expect(valuesOf(out, 'h')).toEqual(['Missing', 'q', 'p', 'p', 'q']);
    expect(valuesOf(out, 'n')).toEqual([1, NaN, 3, 4, 5]);
  });

  it('uses fillValue, reusing an existing category code when it is one', () => {
    const f = new Frame([categoricalColumn('g', Int32Array.of(0, -1, 1), ['x', 'other'])]);
    const out = new CategoricalImputer({ fillValue: 'other' }).fit(f).transform(f);
    const col = out.categorical('g');
    expect([...col.categories]).toEqual(['x', 'other']);
    expect(Array.from(col.codes)).toEqual([0, 1, 1]);
  });

  it("'frequent' uses the mode, ties going to the first in sorted order (pandas mode()[0])", () => {
    const t = new CategoricalImputer({ imputationMethod: 'frequent' }).fit(frame());
    expect(Object.fromEntries(t.imputerDict_!)).toEqual({ g: 'b', h: 'p' });
    expect(valuesOf(t.transform(frame()), 'h')).toEqual(['p', 'q', 'p', 'p', 'q']);
  });

  it("'frequent' refuses an all-missing variable, naming it", () => {
    expect(() => new CategoricalImputer({ imputationMethod: 'frequent' }).fit(frameOf({ e: [null, null] }))).toThrow(/"e" has no values/);
  });

  it('rejects numeric variables and bad options', () => {
    expect(() => new CategoricalImputer({ variables: ['n'] }).fit(frame())).toThrow(/"n" is numeric/);
    expect(() => new CategoricalImputer({ fillValue: '' })).toThrow(/fillValue/);
    expect(() => new CategoricalImputer({ imputationMethod: 'mean' as never })).toThrow(/imputationMethod/);
  });
});
