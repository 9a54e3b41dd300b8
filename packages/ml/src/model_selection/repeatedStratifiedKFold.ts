import { UserError } from '../core/errors.js';
import type { Labels } from '../core/types.js';
import { Rng } from '../random/rng.js';
import type { Fold } from './folds.js';
import { checkKFoldOptions } from './kfold.js';
import { checkSeed } from './sizes.js';
import { StratifiedKFold } from './stratifiedKFold.js';

export interface RepeatedStratifiedKFoldOptions {
  /** Folds per repetition, at least 2. Default 5. */
  nSplits?: number;
  /** Repetitions, at least 1. Default 10 (scikit-learn's default). */
  nRepeats?: number;
  /** Seed of the whole sequence; each repetition draws its own shuffle seed from it. Default 0. */
  seed?: number;
}

/**
 * scikit-learn's RepeatedStratifiedKFold: nRepeats shuffled StratifiedKFold partitions, one after the other, so
 * every row is a test row once per repetition. One K-fold split's figures swing by a point or more with which
 * customers land in which fold; the mean over repetitions says how the model does on customers it never saw.
 * The repetition seeds come from our Rng (scikit-learn's from numpy), so the rows differ from scikit-learn's.
 */
export class RepeatedStratifiedKFold {
  readonly nSplits: number;
  readonly nRepeats: number;
  readonly seed: number;

  constructor(opts: RepeatedStratifiedKFoldOptions = {}) {
    const nRepeats = opts.nRepeats ?? 10;
    if (typeof nRepeats !== 'number' || !Number.isInteger(nRepeats) || nRepeats < 1) {
      throw new UserError(`Number of repetitions must be an integer of at least 1, got ${String(nRepeats)}.`);
    }
    this.nRepeats = nRepeats;
    this.seed = checkSeed(opts.seed);
    // nSplits checked with the K-fold splitters' own messages.
    this.nSplits = checkKFoldOptions({ nSplits: opts.nSplits ?? 5 }).nSplits;
  }

  /** The nRepeats × nSplits folds, repetition by repetition. */
  split(labels: Labels | Int32Array): Fold[] {
    const rng = new Rng(this.seed);
    const folds: Fold[] = [];
    for (let r = 0; r < this.nRepeats; r++) {
      // Drawn in order, so repetition r's partition depends only on the seed and r.
      const seed = rng.nextUint32() >>> 1;
      folds.push(...new StratifiedKFold({ nSplits: this.nSplits, shuffle: true, seed }).split(labels));
    }
    return folds;
  }
}
