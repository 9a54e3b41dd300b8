import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../core/errors.js';
import { decodeFloat64Array, decodeInt32Array, encodeTypedArray } from './base64.js';
import { CompactTree, type CompactTreeJSON } from './compact-tree.js';
import { DecisionTreeClassifier } from './decision-tree.js';
import { mixedDataset } from './test-support/datasets.js';

/** A 5-node tree: root on feature 1, its left child on feature 0; 2 classes. */
function smallTree(): CompactTreeJSON {
  return {
    nNodes: 5,
    feature: encodeTypedArray(Int32Array.from([1, 0, -2, -2, -2])),
    threshold: encodeTypedArray(Float64Array.from([0.5, 2.25, -2, -2, -2])),
    left: encodeTypedArray(Int32Array.from([1, 2, -1, -1, -1])),
    right: encodeTypedArray(Int32Array.from([4, 3, -1, -1, -1])),
    value: encodeTypedArray(Float64Array.from([6, 4, 5, 1, 4, 0, 1, 1, 1, 3])),
  };
}

function withArray(json: CompactTreeJSON, key: 'feature' | 'left' | 'right', values: number[]): CompactTreeJSON {
  return { ...json, [key]: encodeTypedArray(Int32Array.from(values)) };
}

describe('typed arrays as base64', () => {
  it('round-trips little-endian bytes exactly, including -0, subnormals and extremes', () => {
    const f = Float64Array.from([0, -0, 1.5, -2, Number.MIN_VALUE, Number.MAX_VALUE, 1 / 3, -1e-300]);
    const back = decodeFloat64Array(encodeTypedArray(f), 'x', f.length);
    for (let i = 0; i < f.length; i++) expect(Object.is(back[i], f[i])).toBe(true);
    const n = Int32Array.from([0, -1, 2147483647, -2147483648, 7]);
    expect(Array.from(decodeInt32Array(encodeTypedArray(n), 'x', n.length))).toEqual(Array.from(n));
  });

  it('writes little-endian whatever the platform', () => {
    expect(encodeTypedArray(Int32Array.from([1]))).toBe(Buffer.from([1, 0, 0, 0]).toString('base64'));
    expect(encodeTypedArray(Float64Array.from([1]))).toBe(Buffer.from([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]).toString('base64'));
  });

  it('rejects wrong lengths, a bad alphabet and non-strings', () => {
    const s = encodeTypedArray(Int32Array.from([1, 2, 3]));
    expect(() => decodeInt32Array(s, 'x', 4)).toThrow(ModelFormatError);
    expect(() => decodeInt32Array(s, 'x', 2)).toThrow(/expected 8/);
    expect(() => decodeInt32Array(s.slice(0, -1), 'x', 3)).toThrow(ModelFormatError);
    expect(() => decodeInt32Array(`${s.slice(0, 4)}*${s.slice(5)}`, 'x', 3)).toThrow(/base64/);
    expect(() => decodeInt32Array(42, 'x', 1)).toThrow(ModelFormatError);
    expect(() => decodeFloat64Array(null, 'x', 1)).toThrow(ModelFormatError);
  });
});

describe('CompactTree', () => {
  it('loads a valid tree and routes rows by float32(x) <= threshold', () => {
    const t = CompactTree.fromJSON(smallTree(), 2, 2, 'test');
    expect(t.nNodes).toBe(5);
    expect(t.nLeaves).toBe(3);
    expect(t.maxDepth).toBe(2);
    expect(t.leafOf([2.25, 0.5], 0)).toBe(2);
    expect(t.leafOf([2.2500003, 0.5], 0)).toBe(3);
    expect(t.leafOf([0, 0.5000001], 0)).toBe(4);
    // sklearn compares float32 values: float32(2.2500001) is 2.25 and float32(0.50000001) is 0.5.
    expect(t.leafOf([2.2500001, 0.5], 0)).toBe(2);
    expect(t.leafOf([0, 0.50000001], 0)).toBe(2);
    expect(Array.from(t.proba.slice(4, 10))).toEqual([1, 0, 0.5, 0.5, 0.25, 0.75]);
    expect(t.sizeBytes).toBe(5 * (4 + 8 + 4 + 4) + 10 * 8);
    expect(JSON.stringify(t.toJSON())).toBe(JSON.stringify(smallTree()));
  });

  const bad: [string, CompactTreeJSON, RegExp][] = [
    ['a child index not after its parent (a cycle)', withArray(smallTree(), 'left', [1, 0, -1, -1, -1]), /children/],
    ['a child index out of range', withArray(smallTree(), 'right', [5, 3, -1, -1, -1]), /children/],
    ['a node with two parents', withArray(smallTree(), 'right', [4, 2, -1, -1, -1]), /children|parents/],
    ['an unreachable node', { ...withArray(smallTree(), 'right', [3, 4, -1, -1, -1]), left: encodeTypedArray(Int32Array.from([1, 3, -1, -1, -1])) }, /children|parents|unreachable/],
    ['a feature out of range', withArray(smallTree(), 'feature', [2, 0, -2, -2, -2]), /feature 2/],
    ['a half leaf', withArray(smallTree(), 'right', [4, -1, -1, -1, -1]), /leaf/],
    ['a leaf with a feature', withArray(smallTree(), 'feature', [1, 0, 0, -2, -2]), /leaf/],
    ['a NaN threshold', { ...smallTree(), threshold: encodeTypedArray(Float64Array.from([NaN, 2.25, -2, -2, -2])) }, /NaN/],
    ['a negative class weight', { ...smallTree(), value: encodeTypedArray(Float64Array.from([6, 4, 5, 1, 4, 0, 1, -1, 1, 3])) }, /finite number >= 0/],
    ['an empty leaf', { ...smallTree(), value: encodeTypedArray(Float64Array.from([6, 4, 5, 1, 0, 0, 1, 1, 1, 3])) }, /no weight/],
    ['a value array of the wrong length', { ...smallTree(), value: encodeTypedArray(Float64Array.from([1, 2])) }, /bytes/],
    ['a missing array', { ...smallTree(), left: undefined as unknown as string }, /base64/],
    ['a bad node count', { ...smallTree(), nNodes: 0 }, /nNodes/],
  ];
  for (const [what, json, message] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => CompactTree.fromJSON(json, 2, 2, 'test')).toThrow(ModelFormatError);
      expect(() => CompactTree.fromJSON(json, 2, 2, 'test')).toThrow(message);
    });
  }

  it('a fitted tree round-trips to the same arrays and the same predictions', () => {
    const { X, y } = mixedDataset(500, 3, 4);
    const model = new DecisionTreeClassifier().fit(X, y);
    const t = model.tree;
    const back = CompactTree.fromJSON(JSON.parse(JSON.stringify(t.toJSON())), X.nCols, 3, 'test');
    expect(Array.from(back.threshold)).toEqual(Array.from(t.threshold));
    expect(Array.from(back.value)).toEqual(Array.from(t.value));
    const a = new Float64Array(X.nRows * 3);
    const b = new Float64Array(X.nRows * 3);
    t.addProba(X.data, X.nRows, X.nCols, a);
    back.addProba(X.data, X.nRows, X.nCols, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
