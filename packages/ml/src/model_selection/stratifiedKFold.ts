import { UserError } from '../core/errors.js';
import type { Labels } from '../core/types.js';
import { Rng } from '../random/rng.js';
import { Folds } from './folds.js';
import { checkEnoughRows, checkKFoldOptions, type KFoldOptions } from './kfold.js';
import { codesOf } from './sizes.js';

/**
 * scikit-learn 1.2's StratifiedKFold. Without shuffle the fold of every row is exactly
 * scikit-learn's; with shuffle each class's fold labels are permuted by our Rng (scikit-learn
 * permutes with numpy's), so fold sizes and per-class counts still match but not the rows.
 */
export class StratifiedKFold {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly seed: number;

  constructor(opts: KFoldOptions = {}) {
    const o = checkKFoldOptions(opts);
    this.nSplits = o.nSplits;
    this.shuffle = o.shuffle;
    this.seed = o.seed;
  }

  split(labels: Labels | Int32Array): Folds {
    const { n, codes } = codesOf(labels);
    if (codes === null) throw new UserError('StratifiedKFold needs class labels');
    checkEnoughRows(this.nSplits, n);
    const k = this.nSplits;

    // Classes are numbered by first appearance, not by code: it decides which class gets the
    // leftover rows in the round robin below, so it must match scikit-learn.
    let maxCode = -1;
    for (let i = 0; i < n; i++) if (codes[i] > maxCode) maxCode = codes[i];
    const order = new Int32Array(maxCode + 1).fill(-1);
    const encoded = new Int32Array(n);
    let nClasses = 0;
    for (let i = 0; i < n; i++) {
      if (order[codes[i]] < 0) order[codes[i]] = nClasses++;
      encoded[i] = order[codes[i]];
    }
    const counts = new Int32Array(nClasses);
    for (let i = 0; i < n; i++) counts[encoded[i]]++;

    if (counts.every((c) => k > c)) throw new UserError(`n_splits=${k} cannot be greater than the number of members in each class.`);
    const warnings: string[] = [];
    const minGroup = Math.min(...counts);
    if (k > minGroup) warnings.push(`The least populated class in y has only ${minGroup} members, which is less than n_splits=${k}.`);

    // allocation[f * nClasses + c] = rows of class c in fold f: deal the class-sorted rows round robin.
    const allocation = new Int32Array(k * nClasses);
    let p = 0;
    for (let c = 0; c < nClasses; c++) for (let j = 0; j < counts[c]; j++, p++) allocation[(p % k) * nClasses + c]++;

    const rng = this.shuffle ? new Rng(this.seed) : null;
    const testFold = new Int32Array(n);
    const cursor = new Int32Array(nClasses);
    const foldsOf: Int32Array[] = [];
    for (let c = 0; c < nClasses; c++) {
      const folds = new Int32Array(counts[c]);
      let q = 0;
      for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f * nClasses + c]; j++) folds[q++] = f;
      if (rng) rng.shuffle(folds);
      foldsOf.push(folds);
    }
    for (let i = 0; i < n; i++) {
      const c = encoded[i];
      testFold[i] = foldsOf[c][cursor[c]++];
    }
    return Folds.fromTestFold(testFold, k, warnings);
  }
}
