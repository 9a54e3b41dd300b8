import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transformerFromJSON } from '../core/registry.js';
import type { Labels, Transformer } from '../core/types.js';
import { categoricalFromValues, Frame, numericColumn } from '../data/frame.js';
import { collectUnseen, expectIdenticalFrames, valuesOf } from '../test-support/conformance-transformer.js';
import {
  CategoricalImputer,
  CountFrequencyEncoder,
  MeanMedianImputer,
  MinMaxScaler,
  OneHotEncoder,
  OrdinalEncoder,
  RareLabelEncoder,
  StandardScaler,
} from './index.js';

// Awkward category values on purpose: prototype keys, the empty string, integer-like keys (which JS objects
// reorder), and characters outside the BMP.
const category = fc.constantFrom('a', 'b', 'c', '__proto__', 'constructor', '', '10', '2', 'é', '\u{1F600}');
const trainValues = fc.array(fc.option(category, { nil: null }), { minLength: 1, maxLength: 40 }).filter((vs) => vs.some((v) => v !== null));
const testValues = fc.array(fc.option(fc.oneof(category, fc.string({ maxLength: 4 })), { nil: null }), { minLength: 1, maxLength: 40 });

const encoders: [string, () => Transformer, boolean][] = [
  ['OneHotEncoder', () => new OneHotEncoder(), true],
  ['OneHotEncoder(dropLast, topCategories)', () => new OneHotEncoder({ dropLast: true, topCategories: 2 }), true],
  ['CountFrequencyEncoder', () => new CountFrequencyEncoder({ encodingMethod: 'frequency' }), true],
  ['OrdinalEncoder(arbitrary)', () => new OrdinalEncoder({ encodingMethod: 'arbitrary' }), true],
  ['OrdinalEncoder(ordered)', () => new OrdinalEncoder({ encodingMethod: 'ordered' }), true],
  ['RareLabelEncoder', () => new RareLabelEncoder({ tol: 0.2, nCategories: 2 }), true],
  ['CategoricalImputer', () => new CategoricalImputer({ imputationMethod: 'frequent' }), false],
];

function labelsFor(n: number): Labels {
  return { codes: Int32Array.from({ length: n }, (_, i) => (i * 7) % 3), classes: ['x', 'y', 'z'] };
}

describe('categorical transformers never throw on unseen categories with unseen "ignore"', () => {
  it.each(encoders)('%s reports exactly the unseen rows', (_, make, reports) => {
    fc.assert(
      fc.property(trainValues, testValues, (train, test) => {
        const fit = new Frame([categoricalFromValues('v', train)]);
        const t = make().fit(fit, labelsFor(train.length));
        const ctx = collectUnseen();
        const out = t.transform(new Frame([categoricalFromValues('v', test)]), { unseen: ctx });
        expect(out.nRows).toBe(test.length);
        const seen = new Set<string | null>(train);
        const expected = reports ? test.flatMap((v, row) => (v !== null && !seen.has(v) ? [{ variable: 'v', value: v, row }] : [])) : [];
        expect(ctx.reports).toEqual(expected);
        // And the saved model behaves the same, whatever the category names.
        const loaded = transformerFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
        expectIdenticalFrames(loaded.transform(new Frame([categoricalFromValues('v', test)])), out);
      }),
      { numRuns: 150 },
    );
  });
});

describe('output invariants', () => {
  it('OneHotEncoder: each row has at most one 1, and exactly one when its category is encoded', () => {
    fc.assert(
      fc.property(trainValues, testValues, (train, test) => {
        const t = new OneHotEncoder().fit(new Frame([categoricalFromValues('v', train)]));
        const out = t.transform(new Frame([categoricalFromValues('v', test)]));
        const kept = new Set(t.encoderDict_!.get('v'));
        test.forEach((v, i) => {
          const total = out.columns.reduce((s, c) => s + (c.kind === 'numeric' ? c.values[i] : 0), 0);
          expect(total).toBe(v !== null && kept.has(v) ? 1 : 0);
        });
      }),
    );
  });

  it('CountFrequencyEncoder: frequencies sum to 1', () => {
    fc.assert(
      fc.property(trainValues, (train) => {
        const t = new CountFrequencyEncoder({ encodingMethod: 'frequency' }).fit(new Frame([categoricalFromValues('v', train)]));
        const sum = [...t.encoderDict_!.get('v')!.values()].reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
      }),
    );
  });

  const numbers = fc
    .array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN)), { minLength: 1, maxLength: 50 })
    .filter((vs) => vs.some((v) => !Number.isNaN(v)));

  it('MinMaxScaler: fitted data lands in featureRange (to rounding), NaN stays NaN', () => {
    fc.assert(
      fc.property(numbers, (vs) => {
        const f = new Frame([numericColumn('x', Float64Array.from(vs))]);
        const out = valuesOf(new MinMaxScaler({ featureRange: [-2, 3] }).fit(f).transform(f), 'x') as number[];
        out.forEach((o, i) => {
          if (Number.isNaN(vs[i])) expect(o).toBeNaN();
          else {
            expect(o).toBeGreaterThanOrEqual(-2 - 1e-9);
            expect(o).toBeLessThanOrEqual(3 + 1e-9);
          }
        });
      }),
    );
  });

  it('MeanMedianImputer and StandardScaler: imputed columns have no NaN; standardised ones have mean ~0', () => {
    fc.assert(
      fc.property(numbers, (vs) => {
        const f = new Frame([numericColumn('x', Float64Array.from(vs))]);
        const filled = new MeanMedianImputer({ imputationMethod: 'mean' }).fit(f).transform(f);
        expect((valuesOf(filled, 'x') as number[]).some(Number.isNaN)).toBe(false);
        const z = valuesOf(new StandardScaler().fit(f).transform(f), 'x').filter((v) => !Number.isNaN(v)) as number[];
        const mean = z.reduce((a, b) => a + b, 0) / z.length;
        expect(Math.abs(mean)).toBeLessThan(1e-6);
      }),
    );
  });
});
