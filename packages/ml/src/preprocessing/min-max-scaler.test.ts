import { describe, expect, it } from 'vitest';
import { frameOf, valuesOf } from '../test-support/conformance-transformer.js';
import { MinMaxScaler } from './index.js';

const frame = () => frameOf({ a: [2, NaN, 6, 4], g: ['x', 'y', null, 'x'], c: [5, 5, NaN, 5] });

describe('MinMaxScaler', () => {
  it('scales numeric variables to [0, 1], ignoring NaN at fit and passing it through', () => {
    const t = new MinMaxScaler({ variables: ['a'] }).fit(frame());
    expect([t.dataMin_!.get('a'), t.dataMax_!.get('a'), t.scale_!.get('a'), t.min_!.get('a')]).toEqual([2, 6, 0.25, -0.5]);
    expect(valuesOf(t.transform(frame()), 'a')).toEqual([0, NaN, 1, 0.5]);
  });

  it('honours featureRange and extrapolates beyond the fitted range, as sklearn does (no clipping)', () => {
    const t = new MinMaxScaler({ featureRange: [-1, 1], variables: ['a'] }).fit(frame());
    expect(valuesOf(t.transform(frameOf({ a: [2, 6, 10] })), 'a')).toEqual([-1, 1, 3]);
  });

  it('gives a constant variable scale 1, so it maps to the range minimum', () => {
    const t = new MinMaxScaler({ featureRange: [0.5, 2] }).fit(frame());
    expect(t.scale_!.get('c')).toBe(1.5);
    expect(valuesOf(t.transform(frame()), 'c')).toEqual([0.5, 0.5, NaN, 0.5]);
  });

  it('refuses all-missing variables and bad ranges', () => {
    expect(() => new MinMaxScaler().fit(frameOf({ e: [NaN, NaN] }))).toThrow(/"e" has no values/);
    expect(() => new MinMaxScaler({ featureRange: [1, 1] })).toThrow(/smaller than maximum/);
    expect(() => new MinMaxScaler({ featureRange: [0] as never })).toThrow(/two finite numbers/);
    expect(() => new MinMaxScaler({ variables: ['g'] }).fit(frame())).toThrow(/"g" is categorical/);
  });
});
