import { describe, expect, it } from 'vitest';
import { frameOf, valuesOf } from '../test-support/conformance-transformer.js';
import { StandardScaler } from './index.js';

const frame = () => frameOf({ a: [2, 4, NaN, 4, 4, 5, 5, 7, 9], c: [3, 3, 3, 3, 3, 3, 3, 3, NaN] });

describe('StandardScaler', () => {
  it('centres and scales by the population standard deviation, NaN ignored and passed through', () => {
    const t = new StandardScaler().fit(frame());
    expect([t.mean_!.get('a'), t.var_!.get('a'), t.scale_!.get('a'), t.nSamplesSeen_!.get('a')]).toEqual([5, 4, 2, 8]);
    expect(valuesOf(t.transform(frame()), 'a')).toEqual([-1.5, -0.5, NaN, -0.5, -0.5, 0, 0, 1, 2]);
  });

  it('scales a constant variable by 1', () => {
    const t = new StandardScaler().fit(frame());
    expect(t.scale_!.get('c')).toBe(1);
    expect(valuesOf(t.transform(frame()), 'c')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, NaN]);
  });

  it('withMean false only scales; withStd false only centres and learns no variance', () => {
    expect(valuesOf(new StandardScaler({ withMean: false }).fit(frame()).transform(frame()), 'a')[0]).toBe(1);
    const centre = new StandardScaler({ withStd: false }).fit(frame());
    expect(valuesOf(centre.transform(frame()), 'a')[0]).toBe(-3);
    expect(centre.toJSON().state).toMatchObject({ var: null, scale: null });
  });

  it('refuses all-missing variables and rejects a document whose state contradicts withStd', () => {
    expect(() => new StandardScaler().fit(frameOf({ e: [NaN] }))).toThrow(/"e" has no values/);
    const json = new StandardScaler({ withStd: false }).fit(frame()).toJSON();
    expect(() => StandardScaler.fromJSON({ ...json, state: { ...json.state, var: { a: 1, c: 1 } } })).toThrow(/must be null/);
  });
});
