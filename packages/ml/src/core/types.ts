import type { Frame } from '../data/frame.js';

/**
 * Class labels of a training set: `codes[i]` indexes `classes`. Classes are sorted (as sklearn's
 * `np.unique`), so class order, and hence probability column order, never depends on row order.
 */
export interface Labels {
  readonly codes: Int32Array;
  readonly classes: readonly string[];
}

/** Dense row-major feature matrix handed to estimators. */
export interface Matrix {
  readonly nRows: number;
  readonly nCols: number;
  /** data[i * nCols + j] = feature j of row i. */
  readonly data: Float64Array;
  readonly columnNames: readonly string[];
}

/** Collects values a fitted transformer had not seen at fit time, so callers can warn per row. */
export interface UnseenCollector {
  add(variable: string, value: string, row: number): void;
}

export interface TransformContext {
  unseen?: UnseenCollector;
}

/** JSON form of any fitted or unfitted component: `type` picks the class, `params` the hyper-parameters. */
export interface ComponentJSON {
  readonly type: string;
  readonly params: Record<string, unknown>;
  /** Learned state, absent when not fitted. Plain numbers, strings and arrays only. */
  readonly state?: Record<string, unknown>;
}

/** A feature-engine style transformer: names the variables it touches, frame in, frame out. */
export interface Transformer {
  readonly type: string;
  fit(frame: Frame, y?: Labels): this;
  transform(frame: Frame, ctx?: TransformContext): Frame;
  readonly fitted: boolean;
  toJSON(): ComponentJSON;
}

/** A classifier over a dense matrix. */
export interface Classifier {
  readonly type: string;
  fit(X: Matrix, y: Labels): this;
  /** n × k probabilities, row-major, columns in the order of `classes`. */
  predictProba(X: Matrix): Float64Array;
  /** Index into `classes` per row (argmax of probabilities, first on ties as numpy does). */
  predict(X: Matrix): Int32Array;
  readonly classes: readonly string[];
  readonly fitted: boolean;
  /** True when NaN in X is meaningful input (e.g. gradient boosting's missing-value bin) rather than an error. */
  readonly acceptsMissing?: boolean;
  /**
   * Options that change how, not what, it fits (e.g. the ensembles' nJobs): never in toJSON, but carried
   * over to clones, so that a one-vs-rest's members fit as its template was told to.
   */
  readonly executionParams?: Record<string, unknown>;
  toJSON(): ComponentJSON;
}

export function makeMatrix(nRows: number, nCols: number, columnNames: readonly string[], data?: Float64Array): Matrix {
  if (columnNames.length !== nCols) throw new Error(`matrix has ${nCols} columns but ${columnNames.length} names`);
  const d = data ?? new Float64Array(nRows * nCols);
  if (d.length !== nRows * nCols) throw new Error(`matrix data has length ${d.length}, expected ${nRows * nCols}`);
  return { nRows, nCols, data: d, columnNames };
}

/** Argmax per row of an n × k row-major matrix; ties go to the first column (numpy.argmax). */
export function argmaxRows(p: Float64Array, n: number, k: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestV = p[i * k];
    for (let j = 1; j < k; j++) {
      const v = p[i * k + j];
      if (v > bestV) {
        bestV = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}
