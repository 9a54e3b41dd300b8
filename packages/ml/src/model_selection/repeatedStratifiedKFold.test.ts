import { describe, it, expect } from 'vitest';
import type { Labels } from '../core/types.js';
import { RepeatedStratifiedKFold, StratifiedKFold } from './index.js';

const y: Labels = {
  codes: Int32Array.from({ length: 60 }, (_, i) => (i % 5 === 0 ? 1 : i % 3 === 0 ? 2 : 0)),
  classes: ['A', 'B', 'C'],
};

function testFoldsOf(folds: { test: Int32Array }[], n: number): number[] {
  const owner = new Array<number>(n).fill(-1);
  folds.forEach((f, i) => f.test.forEach((r) => (owner[r] = i)));
  return owner;
}

describe('RepeatedStratifiedKFold', () => {
  it('gives nRepeats × nSplits folds; each repetition tests every row once, stratified', () => {
    const folds = new RepeatedStratifiedKFold({ nSplits: 4, nRepeats: 3, seed: 7 }).split(y);
    expect(folds).toHaveLength(12);
    const perClass = [0, 1, 2].map((c) => y.codes.filter((k) => k === c).length);
    for (let r = 0; r < 3; r++) {
      const tested = new Int32Array(60);
      for (const f of folds.slice(r * 4, r * 4 + 4)) {
        expect(f.train.length + f.test.length).toBe(60);
        const inTest = new Set(f.test);
        for (const i of f.train) expect(inTest.has(i)).toBe(false);
        for (const i of f.test) tested[i]++;
        // Each class spread over the 4 folds as evenly as StratifiedKFold does (sizes differ by at most 1).
        for (let c = 0; c < 3; c++) {
          const inFold = Array.from(f.test).filter((i) => y.codes[i] === c).length;
          expect(Math.abs(inFold - perClass[c] / 4)).toBeLessThan(1);
        }
      }
      expect(Array.from(tested).every((t) => t === 1)).toBe(true);
    }
  });

  it('repetitions differ from each other and from the unshuffled folds; the same seed gives the same folds', () => {
    const a = new RepeatedStratifiedKFold({ nSplits: 5, nRepeats: 3, seed: 1 }).split(y);
    const b = new RepeatedStratifiedKFold({ nSplits: 5, nRepeats: 3, seed: 1 }).split(y);
    const c = new RepeatedStratifiedKFold({ nSplits: 5, nRepeats: 3, seed: 2 }).split(y);
    const owners = [0, 1, 2].map((r) => testFoldsOf(a.slice(r * 5, r * 5 + 5), 60));
    expect(owners[0]).not.toEqual(owners[1]);
    expect(owners[1]).not.toEqual(owners[2]);
    expect(owners[0]).not.toEqual(Array.from(new StratifiedKFold({ nSplits: 5 }).split(y).testFold));
    expect(a.map((f) => Array.from(f.test))).toEqual(b.map((f) => Array.from(f.test)));
    expect(a.map((f) => Array.from(f.test))).not.toEqual(c.map((f) => Array.from(f.test)));
  });

  it('more repetitions extend the sequence: the first ones do not change', () => {
    const two = new RepeatedStratifiedKFold({ nSplits: 3, nRepeats: 2, seed: 5 }).split(y);
    const four = new RepeatedStratifiedKFold({ nSplits: 3, nRepeats: 4, seed: 5 }).split(y);
    expect(four.slice(0, 6).map((f) => Array.from(f.test))).toEqual(two.map((f) => Array.from(f.test)));
  });

  it('refuses bad options with clear messages', () => {
    expect(() => new RepeatedStratifiedKFold({ nRepeats: 0 })).toThrow(/repetitions must be an integer of at least 1, got 0/);
    expect(() => new RepeatedStratifiedKFold({ nRepeats: 1.5 })).toThrow(/got 1.5/);
    expect(() => new RepeatedStratifiedKFold({ nSplits: 1 })).toThrow(/n_splits=2 or more/);
    expect(() => new RepeatedStratifiedKFold({ seed: 0.5 })).toThrow(/seed must be an integer/);
    expect(() => new RepeatedStratifiedKFold({ nSplits: 61 }).split(y)).toThrow(/greater than the number of samples/);
  });
});
