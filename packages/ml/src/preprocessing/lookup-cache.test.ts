import { describe, expect, it } from 'vitest';
import { categoricalColumn, Frame, numericColumn, type CategoricalColumn } from '../data/frame.js';
import { Rng } from '../random/rng.js';
import { collectUnseen } from '../test-support/conformance-transformer.js';
import { CountFrequencyEncoder, OneHotEncoder, OrdinalEncoder, RareLabelEncoder } from './index.js';

/**
 * The encoders cache their category lookups per learned list and per column `categories` array. These
 * tests pin the cached transforms to a fresh encoder (no cache yet) on frames that share, reorder or
 * extend categories, row by row, unseen reports included.
 */
const CATS = ['a', 'b', 'c', 'd', 'e'];

function randomColumn(rng: Rng, name: string, categories: readonly string[], n: number): CategoricalColumn {
  return categoricalColumn(name, Int32Array.from({ length: n }, () => (rng.nextFloat() < 0.1 ? -1 : rng.nextInt(categories.length))), categories);
}

function frameWith(rng: Rng, categories: readonly string[], n: number): Frame {
  return new Frame([randomColumn(rng, 'x', categories, n), numericColumn('v', Float64Array.from({ length: n }, () => rng.nextFloat())), randomColumn(rng, 'z', categories, n)]);
}

const encoders = [
  () => new OrdinalEncoder({ encodingMethod: 'arbitrary' }),
  () => new CountFrequencyEncoder({ encodingMethod: 'frequency' }),
  () => new OneHotEncoder({ dropLastBinary: true }),
  () => new RareLabelEncoder({ tol: 0.25, nCategories: 2 }),
];

function dump(f: Frame): unknown {
  return f.columns.map((c) => (c.kind === 'numeric' ? [c.name, Array.from(c.values)] : [c.name, Array.from(c.codes, (k) => (k < 0 ? null : c.categories[k]))]));
}

describe('cached category lookups', () => {
  it('transform as a freshly loaded encoder does, on frames sharing, reordering and extending categories', () => {
    const rng = new Rng(3);
    const train = frameWith(rng, CATS.slice(0, 4), 400);
    // Shared categories array, a reordered copy, unseen categories, and one row at a time.
    const shared = frameWith(rng, train.categorical('x').categories, 50);
    const reordered = frameWith(rng, [...CATS.slice(0, 4)].reverse(), 50);
    const extended = frameWith(rng, ['e', ...CATS.slice(0, 4), 'f'], 50);
    for (const make of encoders) {
      const fitted = make().fit(train);
      for (const f of [shared, reordered, extended, shared.take([3]), reordered.take([7]), extended.take([0]), shared]) {
        const fresh = (fitted.constructor as unknown as { fromJSON(j: unknown): typeof fitted }).fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
        const a = collectUnseen();
        const b = collectUnseen();
        expect(dump(fitted.transform(f, { unseen: a }))).toEqual(dump(fresh.transform(f, { unseen: b })));
        expect(a.reports).toEqual(b.reports);
      }
    }
  });

  it('still rejects codes outside the categories on every call', () => {
    const rng = new Rng(4);
    const train = frameWith(rng, CATS, 100);
    const bad = new Frame([categoricalColumn('x', Int32Array.of(0, 9), train.categorical('x').categories), numericColumn('v', Float64Array.of(1, 2)), train.take([0, 1]).column('z')]);
    for (const make of encoders) {
      const t = make().fit(train);
      t.transform(train);
      expect(() => t.transform(bad)).toThrow(/code 9 at row 1/);
    }
  });

  it('OneHotEncoder.featureNames is a new array on every call', () => {
    const t = new OneHotEncoder().fit(frameWith(new Rng(5), CATS, 60));
    const names = t.featureNames;
    names.push('junk');
    expect(t.featureNames).not.toContain('junk');
    expect(t.transform(frameWith(new Rng(6), CATS, 5)).names).not.toContain('junk');
  });
});
