import { describe, expect, it } from 'vitest';
import { collectUnseen, frameOf, valuesOf } from '../test-support/conformance-transformer.js';
import { RareLabelEncoder } from './index.js';

// a: 5/10, b: 3/10, c: 1/10, d: 1/10, plus one missing row.
const values = ['a', 'b', 'a', 'c', 'a', 'b', null, 'a', 'd', 'a', 'b'];
const frame = () => frameOf({ g: values, few: ['x', 'y', 'x', 'x', 'y', 'x', 'x', 'y', 'x', 'x', 'z'] });

describe('RareLabelEncoder', () => {
  it('groups categories below tol into replaceWith, keeping missing values missing', () => {
    const t = new RareLabelEncoder({ tol: 0.2, nCategories: 3, variables: ['g'] }).fit(frame());
    expect(t.encoderDict_!.get('g')).toEqual(['a', 'b']);
    expect(valuesOf(t.transform(frame()), 'g')).toEqual(['a', 'b', 'a', 'Rare', 'a', 'b', null, 'a', 'Rare', 'a', 'b']);
  });

  it('only groups variables with more than nCategories categories (feature-engine uses >)', () => {
    const atLimit = new RareLabelEncoder({ tol: 0.2, nCategories: 4, variables: ['g'] }).fit(frame());
    expect(atLimit.encoderDict_!.get('g')).toEqual(['a', 'b', 'c', 'd']);
    const t = new RareLabelEncoder({ tol: 0.5 }).fit(frame());
    expect(t.encoderDict_!.get('few')).toEqual(['x', 'y', 'z']);
  });

  it('maps unseen categories to replaceWith and reports them, even for ungrouped variables', () => {
    const ctx = collectUnseen();
    const t = new RareLabelEncoder({ tol: 0.2, nCategories: 3, replaceWith: 'Other' }).fit(frame());
    const out = t.transform(frameOf({ g: ['new', 'c', null], few: ['x', 'w', 'z'] }), { unseen: ctx });
    expect(valuesOf(out, 'g')).toEqual(['Other', 'Other', null]);
    expect(valuesOf(out, 'few')).toEqual(['x', 'Other', 'z']);
    expect(ctx.reports).toEqual([
      { variable: 'g', value: 'new', row: 0 },
      { variable: 'few', value: 'w', row: 1 },
    ]);
  });

  it('builds the output dictionary from the values that occur, in order of first appearance', () => {
    const t = new RareLabelEncoder({ tol: 0.2, nCategories: 3, variables: ['g'] }).fit(frame());
    expect([...t.transform(frameOf({ g: ['d', 'b', 'c'] })).categorical('g').categories]).toEqual(['Rare', 'b']);
  });

  it('validates its options', () => {
    expect(() => new RareLabelEncoder({ tol: 1.5 })).toThrow(/tol/);
    expect(() => new RareLabelEncoder({ nCategories: 2.5 })).toThrow(/nCategories/);
    expect(() => new RareLabelEncoder({ replaceWith: '' })).toThrow(/replaceWith/);
  });
});
