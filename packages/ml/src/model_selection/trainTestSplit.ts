import { UserError } from '../core/errors.js';
import type { Labels } from '../core/types.js';
import { Rng } from '../random/rng.js';
import { approximateMode } from './approximateMode.js';
import { checkSeed, codesOf, shuffleSplitSizes } from './sizes.js';

export interface TrainTestSplitOptions {
  /** Fraction of rows in (0, 1), or a whole number of rows >= 1, to hold out. Default 0.25. */
  testSize?: number;
  /** Default 0. */
  seed?: number;
  /** Keep class proportions in both parts (when labels are given). Default true. */
  stratify?: boolean;
}

export interface TrainTestIndices {
  /** Row indices, ascending. */
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * Splits rows into train and test as scikit-learn's train_test_split: the same sizes, and with
 * stratification the same per-class allocation as StratifiedShuffleSplit (train counts by
 * approximate mode, then test counts from what is left). Which rows land where is drawn from our
 * seeded Rng, so it is reproducible per seed but not the rows numpy would pick.
 */
export function trainTestSplit(labelsOrN: Labels | Int32Array | number, opts: TrainTestSplitOptions = {}): TrainTestIndices {
  const { n, codes } = codesOf(labelsOrN);
  const { nTrain, nTest } = shuffleSplitSizes(n, opts.testSize ?? 0.25);
  const stratify = opts.stratify ?? true;
  if (typeof stratify !== 'boolean') throw new UserError(`stratify must be true or false, got ${String(stratify)}`);
  const rng = new Rng(checkSeed(opts.seed));

  if (!stratify || codes === null) {
    const perm = rng.permutation(n);
    return { train: perm.slice(nTest, nTest + nTrain).sort(), test: perm.slice(0, nTest).sort() };
  }

  // Members of each present class in row order (np.unique + stable argsort in scikit-learn).
  let maxCode = -1;
  for (let i = 0; i < n; i++) if (codes[i] > maxCode) maxCode = codes[i];
  const countByCode = new Int32Array(maxCode + 1);
  for (let i = 0; i < n; i++) countByCode[codes[i]]++;
  const present: number[] = [];
  for (let c = 0; c <= maxCode; c++) if (countByCode[c] > 0) present.push(c);
  const classCounts = Int32Array.from(present, (c) => countByCode[c]);
  const nClasses = present.length;

  if (Math.min(...classCounts) < 2) {
    throw new UserError(
      'The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.',
    );
  }
  if (nTrain < nClasses) throw new UserError(`The train_size = ${nTrain} should be greater or equal to the number of classes = ${nClasses}`);
  if (nTest < nClasses) throw new UserError(`The test_size = ${nTest} should be greater or equal to the number of classes = ${nClasses}`);

  const slot = new Int32Array(maxCode + 1).fill(-1);
  present.forEach((c, s) => (slot[c] = s));
  const start = new Int32Array(nClasses + 1);
  for (let s = 0; s < nClasses; s++) start[s + 1] = start[s] + classCounts[s];
  const members = new Int32Array(n);
  const fill = start.slice(0, nClasses);
  for (let i = 0; i < n; i++) members[fill[slot[codes[i]]]++] = i;

  const nI = approximateMode(classCounts, nTrain, rng);
  const remaining = Int32Array.from(classCounts, (cnt, s) => cnt - nI[s]);
  const tI = approximateMode(remaining, nTest, rng);

  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let s = 0; s < nClasses; s++) {
    const group = rng.shuffle(members.slice(start[s], start[s + 1]));
    for (let j = 0; j < nI[s]; j++) train[a++] = group[j];
    for (let j = nI[s]; j < nI[s] + tI[s]; j++) test[b++] = group[j];
  }
  return { train: train.sort(), test: test.sort() };
}
