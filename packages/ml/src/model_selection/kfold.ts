import { UserError } from '../core/errors.js';
import type { Labels } from '../core/types.js';
import { Rng } from '../random/rng.js';
import { Folds } from './folds.js';
import { checkSeed, codesOf } from './sizes.js';

export interface KFoldOptions {
  /** Number of folds, at least 2. Default 5. */
  nSplits?: number;
  /** Shuffle rows before cutting folds. Default false. */
  shuffle?: boolean;
  /** Only with shuffle (scikit-learn refuses a random_state that has no effect). Default 0. */
  seed?: number;
}

/** Shared option checks of KFold and StratifiedKFold, with scikit-learn's messages. */
export function checkKFoldOptions(opts: KFoldOptions): { nSplits: number; shuffle: boolean; seed: number } {
  const nSplits = opts.nSplits ?? 5;
  if (typeof nSplits !== 'number' || !Number.isInteger(nSplits)) {
    throw new UserError(`The number of folds must be of Integral type. ${String(nSplits)} of type ${typeof nSplits} was passed.`);
  }
  if (nSplits <= 1) {
    throw new UserError(
      `k-fold cross-validation requires at least one train/test split by setting n_splits=2 or more, got n_splits=${nSplits}.`,
    );
  }
  const shuffle = opts.shuffle ?? false;
  if (typeof shuffle !== 'boolean') throw new UserError(`shuffle must be either true or false, got ${String(shuffle)}.`);
  if (!shuffle && opts.seed !== undefined) {
    throw new UserError(
      'Setting a seed has no effect since shuffle is false. You should leave seed unset, or set shuffle=true.',
    );
  }
  return { nSplits, shuffle, seed: checkSeed(opts.seed) };
}

export function checkEnoughRows(nSplits: number, n: number): void {
  if (nSplits > n) {
    throw new UserError(`Cannot have number of splits n_splits=${nSplits} greater than the number of samples: n_samples=${n}.`);
  }
}

/**
 * scikit-learn's KFold: consecutive folds (after an optional shuffle), the first n % nSplits folds
 * one row larger. Ignores class labels; for classification prefer StratifiedKFold.
 */
export class KFold {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly seed: number;

  constructor(opts: KFoldOptions = {}) {
    const o = checkKFoldOptions(opts);
    this.nSplits = o.nSplits;
    this.shuffle = o.shuffle;
    this.seed = o.seed;
  }

  /** Splits `n` rows (or as many rows as `labels` has). */
  split(labelsOrN: Labels | Int32Array | number): Folds {
    const { n } = codesOf(labelsOrN);
    checkEnoughRows(this.nSplits, n);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (this.shuffle) new Rng(this.seed).shuffle(order);
    const testFold = new Int32Array(n);
    const base = Math.floor(n / this.nSplits);
    const extra = n % this.nSplits;
    let pos = 0;
    for (let f = 0; f < this.nSplits; f++) {
      const size = base + (f < extra ? 1 : 0);
      for (let j = 0; j < size; j++) testFold[order[pos++]] = f;
    }
    return Folds.fromTestFold(testFold, this.nSplits);
  }
}
