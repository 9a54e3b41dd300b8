import { DataError } from '../core/errors.js';
import type { Matrix } from '../core/types.js';

/**
 * The training matrix as the split search wants it, built once per fit (once per forest, shared by all
 * its trees and worker threads).
 *
 * sklearn trees work on float32 copies of X (its DTYPE), so thresholds are midpoints of float32 values
 * and prediction compares float32(x) with them; we round every value with Math.fround for the same
 * candidate thresholds and the same predictions.
 *
 * Each column is replaced by codes into its sorted distinct values. A column with at most 256 distinct
 * values gets Uint8 codes and its split search is a per-bin class histogram plus a scan of the bins;
 * a column with more gets Int32 ranks and the search sorts the node's samples by rank. Both visit
 * exactly the candidate thresholds of sorting the raw values: midpoints between consecutive distinct
 * values present in the node.
 *
 * Arrays live in SharedArrayBuffers so worker threads read them without a copy.
 */
export interface TrainingData {
  readonly nRows: number;
  readonly nCols: number;
  readonly nClasses: number;
  readonly columnNames: readonly string[];
  /** Class code per row. */
  readonly y: Int32Array;
  /** Per column: its sorted distinct float32 values (as doubles). */
  readonly values: readonly Float64Array[];
  /** Per column: Uint8 bin codes (≤ 256 distinct values), else null. */
  readonly bins: readonly (Uint8Array | null)[];
  /** Per column: Int32 ranks into `values` (> 256 distinct values), else null. */
  readonly ranks: readonly (Int32Array | null)[];
}

export const MAX_BINS = 256;

function shared<T extends Int32Array | Float64Array | Uint8Array | Float32Array>(
  ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new ctor(new SharedArrayBuffer(length * ctor.BYTES_PER_ELEMENT));
}

/** The columns' part of TrainingData: it depends on X alone. */
interface BinnedColumns {
  readonly values: readonly Float64Array[];
  readonly bins: readonly (Uint8Array | null)[];
  readonly ranks: readonly (Int32Array | null)[];
}

/** Matrices up to this many values keep their binned columns for the next fit on them (a snapshot of X included). */
const CACHE_MAX_VALUES = 1 << 22;

/**
 * Binned columns of recent training matrices, by their data array, with a copy of the data they were
 * computed from: a one-vs-rest of forests fits every class's forest on the same X, and bins it once.
 * An entry is used only while the data still equals its copy, so a matrix changed in place is binned anew.
 */
const binnedCache = new WeakMap<Float64Array, { readonly nRows: number; readonly nCols: number; readonly snapshot: Float64Array; readonly columns: BinnedColumns }>();

/** Throws a DataError naming the column for NaN (sklearn 1.2 refuses missing values) and ±Infinity. */
export function prepareTrainingData(who: string, X: Matrix, codes: Int32Array, nClasses: number): TrainingData {
  const { nRows: n, nCols: d, data } = X;
  const y = shared(Int32Array, n);
  y.set(codes);
  let columns: BinnedColumns | null = null;
  const cached = binnedCache.get(data);
  if (cached !== undefined && cached.nRows === n && cached.nCols === d && sameValues(cached.snapshot, data)) columns = cached.columns;
  if (columns === null) {
    columns = binColumns(who, X);
    if (data.length <= CACHE_MAX_VALUES) binnedCache.set(data, { nRows: n, nCols: d, snapshot: data.slice(), columns });
  }
  return { nRows: n, nCols: d, nClasses, columnNames: [...X.columnNames], y, ...columns };
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  // The cached data was finite (binning refuses anything else), so === compares exactly, but for the sign of 0.
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] || (a[i] === 0 && 1 / a[i] !== 1 / b[i])) return false;
  return true;
}

function binColumns(who: string, X: Matrix): BinnedColumns {
  const { nRows: n, nCols: d, data } = X;
  const column = new Float32Array(n);
  const values: Float64Array[] = [];
  const bins: (Uint8Array | null)[] = [];
  const ranks: (Int32Array | null)[] = [];
  for (let j = 0; j < d; j++) {
    for (let i = 0, t = j; i < n; i++, t += d) {
      const v = Math.fround(data[t]);
      if (v - v !== 0) throw nonFinite(who, X, i, j);
      column[i] = v;
    }
    const sorted = column.slice().sort();
    let nDistinct = 0;
    for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[nDistinct++] = sorted[i];
    const vals = shared(Float64Array, nDistinct);
    for (let b = 0; b < nDistinct; b++) vals[b] = sorted[b];
    values.push(vals);
    const out = nDistinct <= MAX_BINS ? shared(Uint8Array, n) : shared(Int32Array, n);
    for (let i = 0; i < n; i++) out[i] = lowerBound(vals, column[i]);
    bins.push(out instanceof Uint8Array ? out : null);
    ranks.push(out instanceof Int32Array ? out : null);
  }
  return { values, bins, ranks };
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function nonFinite(who: string, X: Matrix, row: number, col: number): DataError {
  const v = X.data[row * X.nCols + col];
  const name = X.columnNames[col] ?? `#${col}`;
  const what = Number.isNaN(v) ? 'a missing value (NaN)' : Number.isFinite(v) ? `a value too large for float32 (${v})` : `an infinite value (${v})`;
  return new DataError(`${who}: column "${name}" has ${what} at row ${row}; impute or drop missing values before this model`, undefined, undefined, name);
}

/** The same check at prediction time (sklearn refuses NaN there too); one pass, no allocation. */
export function checkFinitePredictInput(who: string, X: Matrix): void {
  const { data, nCols } = X;
  for (let t = 0; t < data.length; t++) {
    const v = Math.fround(data[t]);
    if (v - v !== 0) throw nonFinite(who, X, Math.floor(t / nCols), t % nCols);
  }
}
