import { describe, expect, it } from 'vitest';
import { categoricalColumn, categoricalFromValues } from '../data/frame.js';
import { byDecreasingCount, codeLookup, compareCodePoints, countCategories, modeOf } from './category-stats.js';

describe('countCategories', () => {
  it('learns values from the rows in order of first appearance, not from the dictionary', () => {
    // Dictionary ordered by a schema and holding a value that never occurs.
    const col = categoricalColumn('c', Int32Array.of(2, -1, 0, 2, 0, 2), ['x', 'never', 'y']);
    expect(countCategories(col)).toEqual({ values: ['y', 'x'], counts: [3, 2], present: 5, missing: 1 });
  });

  it('merges duplicate dictionary entries by value', () => {
    const col = categoricalColumn('c', Int32Array.of(0, 1, 0), ['a', 'a']);
    expect(countCategories(col).values).toEqual(['a']);
    expect(countCategories(col).counts).toEqual([3]);
  });

  it('refuses codes outside the dictionary', () => {
    expect(() => countCategories(categoricalColumn('c', Int32Array.of(0, 3), ['a']))).toThrow(/code 3 at row 1/);
  });
});

describe('ordering helpers', () => {
  it('byDecreasingCount breaks ties by first appearance', () => {
    const c = countCategories(categoricalFromValues('c', ['b', 'a', 'c', 'a', 'c', 'd']));
    expect(byDecreasingCount(c).map((i) => c.values[i])).toEqual(['a', 'c', 'b', 'd']);
  });

  it('modeOf breaks ties by sorted order, like pandas mode()[0]', () => {
    expect(modeOf(countCategories(categoricalFromValues('c', ['z', 'b', 'z', 'b', 'a'])))).toBe('b');
    expect(modeOf(countCategories(categoricalFromValues('c', [null, null])))).toBeUndefined();
  });

  it('compareCodePoints orders like Python str (astral characters after U+FFFF-range ones)', () => {
    const values = ['\u{1F600}', '\uFF5E', 'b', 'B', 'ab', 'a'];
    // UTF-16 code-unit order would put the emoji (surrogate 0xD83D) before U+FF5E; Python does not.
    expect([...values].sort(compareCodePoints)).toEqual(['B', 'a', 'ab', 'b', '\uFF5E', '\u{1F600}']);
  });

  it('codeLookup maps each dictionary code to its index among known values, -1 otherwise', () => {
    const col = categoricalColumn('c', Int32Array.of(0), ['q', 'p', 'r']);
    expect(Array.from(codeLookup(col, new Map([['p', 0], ['r', 1]])))).toEqual([-1, 0, 1]);
  });
});
