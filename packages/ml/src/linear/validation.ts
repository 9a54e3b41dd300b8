import { DataError, UserError } from '../core/errors.js';
import type { Labels, Matrix } from '../core/types.js';

/**
 * Input checks shared by the classifiers of this folder. They run once per call, outside the hot
 * loops, and name the offending column so a pipeline that forgot to impute is easy to fix.
 */

export function checkMatrixShape(who: string, X: Matrix): void {
  if (!(Number.isInteger(X.nRows) && X.nRows >= 0 && Number.isInteger(X.nCols) && X.nCols >= 0)) {
    throw new UserError(`${who}: X has an invalid shape ${X.nRows} × ${X.nCols}`);
  }
  if (X.data.length !== X.nRows * X.nCols) {
    throw new UserError(`${who}: X.data has length ${X.data.length}, expected ${X.nRows} × ${X.nCols} = ${X.nRows * X.nCols}`);
  }
}

/** Throws naming the first column (and row) holding NaN or ±Infinity. */
export function checkFinite(who: string, X: Matrix): void {
  const { data, nRows, nCols } = X;
  for (let i = 0, t = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++, t++) {
      const v = data[t];
      if (v - v !== 0) {
        const name = X.columnNames[j] ?? `#${j}`;
        const what = Number.isNaN(v) ? 'a missing value (NaN)' : `an infinite value (${v})`;
        throw new DataError(
          `${who}: column "${name}" has ${what} at row ${i}; impute or drop missing values before this model`,
          undefined,
          undefined,
          name,
        );
      }
    }
  }
}

/** Checks X against y and returns the number of rows of each class. */
export function checkFitInput(who: string, X: Matrix, y: Labels, opts: { minClasses: number; finite: boolean }): Float64Array {
  checkMatrixShape(who, X);
  const k = y.classes.length;
  if (k < opts.minClasses) {
    throw new UserError(`${who}: needs at least ${opts.minClasses} classes, got ${k} (${y.classes.join(', ')})`);
  }
  if (new Set(y.classes).size !== k) throw new UserError(`${who}: y.classes has duplicates`);
  if (y.codes.length !== X.nRows) throw new UserError(`${who}: X has ${X.nRows} rows but y has ${y.codes.length} labels`);
  if (X.nRows === 0) throw new UserError(`${who}: cannot fit on 0 rows`);
  const counts = new Float64Array(k);
  for (let i = 0; i < y.codes.length; i++) {
    const c = y.codes[i];
    if (!(c >= 0 && c < k)) throw new UserError(`${who}: label code ${c} at row ${i} is outside 0..${k - 1}`);
    counts[c]++;
  }
  if (opts.finite) checkFinite(who, X);
  return counts;
}

export function checkPredictInput(who: string, X: Matrix, nFeatures: number, finite: boolean): void {
  checkMatrixShape(who, X);
  if (X.nCols !== nFeatures) {
    throw new UserError(`${who}: X has ${X.nCols} columns but the model was fitted on ${nFeatures}`);
  }
  if (finite) checkFinite(who, X);
}

/** Rejects option keys the class does not know, so a typo such as `max_iter` is not silently ignored. */
export function checkOptionKeys(who: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new UserError(`${who}: unknown option "${key}"; known options: ${known.join(', ')}`);
  }
}
