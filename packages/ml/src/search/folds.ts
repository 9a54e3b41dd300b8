import { UserError } from '../core/errors.js';
import type { Labels } from '../core/types.js';
import type { Fold } from '../model_selection/folds.js';
import { StratifiedKFold } from '../model_selection/stratifiedKFold.js';

/**
 * The folds of a search, fixed once and reused for every candidate: `cv` as a number is sklearn's default for
 * classifiers, StratifiedKFold(nSplits = cv) unshuffled (the very same folds); any other iterable of folds is
 * read once (a generator could not be replayed per candidate) and checked.
 */
export function resolveFolds(cv: number | Iterable<Fold>, labels: Labels): { folds: Fold[]; warnings: string[] } {
  const n = labels.codes.length;
  if (typeof cv === 'number') {
    const split = new StratifiedKFold({ nSplits: cv }).split(labels);
    return { folds: [...split.folds], warnings: [...split.warnings] };
  }
  if (cv === null || typeof cv !== 'object' || typeof (cv as Iterable<Fold>)[Symbol.iterator] !== 'function') {
    throw new UserError('cv must be a number of folds or an iterable of {train, test} folds');
  }
  const folds = Array.from(cv);
  if (folds.length === 0) throw new UserError('cv gave no folds');
  folds.forEach((f, i) => {
    if (typeof f !== 'object' || f === null) throw new UserError(`cv fold ${i} is not a {train, test} object`);
    checkIndices(f.train, 'train', i, n);
    checkIndices(f.test, 'test', i, n);
    if (f.train.length === 0) throw new UserError(`cv fold ${i} has no training rows`);
    if (f.test.length === 0) throw new UserError(`cv fold ${i} has no test rows`);
  });
  return { folds, warnings: [] };
}

function checkIndices(idx: unknown, name: string, fold: number, n: number): void {
  if (!(idx instanceof Int32Array)) throw new UserError(`cv fold ${fold}: ${name} indices must be an Int32Array`);
  for (let j = 0; j < idx.length; j++) {
    if (idx[j] < 0 || idx[j] >= n) throw new UserError(`cv fold ${fold}: ${name} index ${idx[j]} is outside [0, ${n})`);
  }
}

/** The labels of some rows; the class list stays whole so every fold's model has the same probability columns. */
export function takeLabels(labels: Labels, rows: Int32Array): Labels {
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) codes[i] = labels.codes[rows[i]];
  return { codes, classes: labels.classes };
}
