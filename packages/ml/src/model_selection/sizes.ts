import { UserError } from '../core/errors.js';
import type { Labels } from '../core/types.js';

/**
 * Train and test sizes as scikit-learn's _validate_shuffle_split with train_size=None:
 * n_test = ceil(testSize * n) for a fraction, testSize itself for a count; n_train = n - n_test.
 * A whole number >= 1 is a count (so 1 means one row, unlike Python's 1.0); anything else must be a
 * fraction in (0, 1).
 */
export function shuffleSplitSizes(n: number, testSize: number): { nTrain: number; nTest: number } {
  if (typeof testSize !== 'number' || Number.isNaN(testSize)) throw new UserError(`testSize must be a number, got ${String(testSize)}`);
  const isCount = Number.isInteger(testSize) && testSize >= 1;
  if (isCount ? testSize >= n : !(testSize > 0 && testSize < 1)) {
    throw new UserError(
      `test_size=${testSize} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`,
    );
  }
  const nTest = isCount ? testSize : Math.ceil(testSize * n);
  const nTrain = n - nTest;
  if (nTrain === 0) {
    throw new UserError(
      `With n_samples=${n}, test_size=${testSize} and train_size=None, the resulting train set will be empty. Adjust any of the aforementioned parameters.`,
    );
  }
  return { nTrain, nTest };
}

/** The class codes of `labels`, or null when only a row count was given. */
export function codesOf(labelsOrN: Labels | Int32Array | number): { n: number; codes: Int32Array | null } {
  if (typeof labelsOrN === 'number') {
    if (!Number.isInteger(labelsOrN) || labelsOrN < 0) throw new UserError(`number of rows must be a non-negative integer, got ${labelsOrN}`);
    return { n: labelsOrN, codes: null };
  }
  const codes = labelsOrN instanceof Int32Array ? labelsOrN : labelsOrN.codes;
  if (!(codes instanceof Int32Array)) throw new UserError('labels must have an Int32Array of class codes');
  for (let i = 0; i < codes.length; i++) if (codes[i] < 0) throw new UserError(`label code ${codes[i]} at row ${i} is negative`);
  return { n: codes.length, codes };
}

/** Validates a seed option: an integer (Rng's requirement), defaulting to 0 so runs repeat. */
export function checkSeed(seed: unknown): number {
  if (seed === undefined) return 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new UserError(`seed must be an integer, got ${String(seed)}`);
  return seed;
}
