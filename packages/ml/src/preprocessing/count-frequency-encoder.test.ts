import { describe, expect, it } from 'vitest';
import { collectUnseen, frameOf, valuesOf } from '../test-support/conformance-transformer.js';
import { CountFrequencyEncoder } from './index.js';

const frame = () => frameOf({ g: ['a', 'b', null, 'a', 'c', 'a'], n: [1, 2, 3, 4, 5, 6] });

describe('CountFrequencyEncoder', () => {
  it('replaces categories by their count, in place, by default', () => {
    const t = new CountFrequencyEncoder().fit(frame());
    const out = t.transform(frame());
    expect(out.names).toEqual(['g', 'n']);
    expect(out.column('g').kind).toBe('numeric');
    expect(valuesOf(out, 'g')).toEqual([3, 1, 0, 3, 1, 3]);
  });

  it("'frequency' divides by the non-missing rows, as value_counts(normalize=True)", () => {
    const t = new CountFrequencyEncoder({ encodingMethod: 'frequency' }).fit(frame());
    expect([...t.encoderDict_!.get('g')!]).toEqual([
      ['a', 3 / 5],
      ['b', 1 / 5],
      ['c', 1 / 5],
    ]);
  });

  it('maps missing and unseen categories to 0, reporting only the unseen', () => {
    const ctx = collectUnseen();
    const out = new CountFrequencyEncoder().fit(frame()).transform(frameOf({ g: ['zz', null, 'b'] }), { unseen: ctx });
    expect(valuesOf(out, 'g')).toEqual([0, 0, 1]);
    expect(ctx.reports).toEqual([{ variable: 'g', value: 'zz', row: 0 }]);
  });

  it("unseen 'error' throws naming variable, value and row", () => {
    const t = new CountFrequencyEncoder({ unseen: 'error' }).fit(frame());
    expect(() => t.transform(frameOf({ g: ['a', 'zz'] }))).toThrow(/"g" has category "zz" at row 1/);
  });

  it('refuses numeric variables, all-missing variables and bad options', () => {
    expect(() => new CountFrequencyEncoder({ variables: ['n'] }).fit(frame())).toThrow(/"n" is numeric/);
    expect(() => new CountFrequencyEncoder().fit(frameOf({ e: [null] }))).toThrow(/"e" has no values/);
    expect(() => new CountFrequencyEncoder({ encodingMethod: 'share' as never })).toThrow(/encodingMethod/);
  });
});
