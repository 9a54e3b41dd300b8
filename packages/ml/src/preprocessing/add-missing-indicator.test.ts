import { describe, expect, it } from 'vitest';
import { frameOf, valuesOf } from '../test-support/conformance-transformer.js';
import { AddMissingIndicator } from './index.js';

const frame = () => frameOf({ a: [1, NaN, 3], g: ['x', 'y', null], full: [1, 2, 3], h: ['p', 'p', 'q'] });

describe('AddMissingIndicator', () => {
  it('appends ${var}_na at the end for variables (of any kind) that had missing values at fit', () => {
    const t = new AddMissingIndicator().fit(frame());
    expect(t.variables_).toEqual(['a', 'g']);
    const out = t.transform(frame());
    expect(out.names).toEqual(['a', 'g', 'full', 'h', 'a_na', 'g_na']);
    expect(valuesOf(out, 'a_na')).toEqual([0, 1, 0]);
    expect(valuesOf(out, 'g_na')).toEqual([0, 0, 1]);
    expect(valuesOf(out, 'a')).toEqual([1, NaN, 3]);
  });

  it('with missingOnly false, adds an indicator for every variable', () => {
    const t = new AddMissingIndicator({ missingOnly: false, variables: ['full', 'h'] }).fit(frame());
    const out = t.transform(frameOf({ full: [NaN, 1, 2], h: ['p', null, null] }));
    expect(valuesOf(out, 'full_na')).toEqual([1, 0, 0]);
    expect(valuesOf(out, 'h_na')).toEqual([0, 1, 1]);
  });

  it('refuses to overwrite an existing column', () => {
    const t = new AddMissingIndicator().fit(frame());
    expect(() => t.transform(frame().append(frameOf({ a_na: [0, 0, 0] }).columns))).toThrow(/"a_na" already exists/);
  });

  it('a fit that found nothing missing adds nothing and still round-trips', () => {
    const t = new AddMissingIndicator({ variables: ['full'] }).fit(frame());
    expect(t.variables_).toEqual([]);
    expect(t.transform(frame()).names).toEqual(frame().names);
    expect(AddMissingIndicator.fromJSON(JSON.parse(JSON.stringify(t.toJSON()))).variables_).toEqual([]);
  });
});
