import { UserError } from '../../core/errors.js';
import type { Matrix } from '../../core/types.js';
import { Rng } from '../../random/rng.js';

/** Thresholds are capped here so that +inf stays reserved for "every non-missing value goes left". */
export const ALMOST_INF = 1e300;

/** Rows used to find thresholds; more rows barely move the quantiles (scikit-learn's `subsample`). */
export const BINNING_SUBSAMPLE = 200_000;

/**
 * scikit-learn's `_find_binning_thresholds`: with at most `maxBins` distinct values, the midpoints
 * between consecutive ones; otherwise the `maxBins - 1` inner percentiles of the data with numpy's
 * 'midpoint' method, computed the way numpy does so the thresholds are bit-identical. NaN is ignored.
 * `values` must not be needed afterwards: it is sorted in place.
 */
export function findBinningThresholds(values: Float64Array, maxBins: number): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) values[n++] = values[i];
  const sorted = values.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;

  let out: Float64Array;
  if (distinct <= maxBins) {
    out = new Float64Array(Math.max(0, distinct - 1));
    let prev = sorted[0];
    for (let i = 1, j = 0; i < n; i++) {
      const v = sorted[i];
      if (v !== prev) {
        out[j++] = (prev + v) * 0.5;
        prev = v;
      }
    }
  } else {
    out = new Float64Array(maxBins - 1);
    // np.linspace(0, 100, maxBins + 1)[1:-1], then np.percentile(..., method="midpoint").
    const step = 100 / maxBins;
    for (let i = 1; i < maxBins; i++) out[i - 1] = midpointPercentile(sorted, (i * step) / 100);
  }
  for (let i = 0; i < out.length; i++) if (out[i] > ALMOST_INF) out[i] = ALMOST_INF;
  return out;
}

/** numpy 1.24's quantile with method="midpoint" on sorted data, including its lerp rounding. */
function midpointPercentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const x = (n - 1) * q;
  const virtual = 0.5 * (Math.floor(x) + Math.ceil(x));
  let prev = Math.floor(virtual);
  let next = prev + 1;
  if (virtual >= n - 1) prev = next = n - 1;
  const gamma = virtual % 1 === 0 ? 0 : 0.5;
  const a = sorted[prev];
  const b = sorted[next];
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/**
 * The distinct non-missing category codes of a categorical column, ascending. Codes must be whole
 * numbers below `maxBins` (scikit-learn's rule); negative codes mean "missing" here, as NaN does.
 */
export function knownCategories(X: Matrix, f: number, maxBins: number): Float64Array {
  const { data, nRows, nCols } = X;
  const seen = new Uint8Array(maxBins);
  for (let i = 0, t = f; i < nRows; i++, t += nCols) {
    const v = data[t];
    if (v !== v || v < 0) continue;
    if (!Number.isInteger(v) || v >= maxBins) {
      throw new UserError(
        `HistGradientBoostingClassifier: categorical feature "${X.columnNames[f]}" must hold category codes 0..${maxBins - 1} ` +
          `(e.g. from OrdinalEncoder 'arbitrary'), got ${v} at row ${i}`,
      );
    }
    seen[v] = 1;
  }
  const out: number[] = [];
  for (let c = 0; c < maxBins; c++) if (seen[c]) out.push(c);
  return Float64Array.from(out);
}

/**
 * scikit-learn's `_BinMapper`: maps each feature to small integers, bins 0..nBinsNonMissing[f]-1 for
 * values and the dedicated bin `maxBins` for missing ones. For a categorical feature the "thresholds"
 * are its known categories, so bin i is the i-th smallest category code.
 */
export class BinMapper {
  /** Bin of missing values (and of unknown categories), the same for every feature. */
  readonly missingBin: number;
  /** Per categorical feature, raw code → bin (-1 for codes never seen at fit); null for numeric ones. */
  private readonly categoryBin: (Int16Array | null)[];

  constructor(
    readonly maxBins: number,
    readonly thresholds: readonly Float64Array[],
    readonly isCategorical: Uint8Array,
  ) {
    this.missingBin = maxBins;
    this.categoryBin = thresholds.map((t, f) => {
      if (!isCategorical[f]) return null;
      const lut = new Int16Array(maxBins).fill(-1);
      t.forEach((code, bin) => (lut[code] = bin));
      return lut;
    });
  }

  get nFeatures(): number {
    return this.thresholds.length;
  }

  /** Bins used by non-missing values, per feature. */
  get nBinsNonMissing(): Int32Array {
    return Int32Array.from(this.thresholds, (t, f) => (this.isCategorical[f] ? t.length : t.length + 1));
  }

  /**
   * Fits the thresholds on X's rows (a seeded subsample of BINNING_SUBSAMPLE rows when there are more).
   * `categories[f]` are the known categories of categorical feature f, found on all the training data.
   */
  static fit(X: Matrix, maxBins: number, isCategorical: Uint8Array, categories: readonly (Float64Array | null)[], seed: number): BinMapper {
    const { nRows, nCols, data } = X;
    let rows: Int32Array | null = null;
    if (nRows > BINNING_SUBSAMPLE) rows = sampleWithoutReplacement(nRows, BINNING_SUBSAMPLE, new Rng(seed)).sort();
    const m = rows ? rows.length : nRows;
    const thresholds: Float64Array[] = [];
    const column = new Float64Array(m);
    for (let f = 0; f < nCols; f++) {
      if (isCategorical[f]) {
        thresholds.push(categories[f]!.slice());
        continue;
      }
      if (rows) for (let i = 0; i < m; i++) column[i] = data[rows[i] * nCols + f];
      else for (let i = 0, t = f; i < m; i++, t += nCols) column[i] = data[t];
      thresholds.push(findBinningThresholds(column.slice(), maxBins));
    }
    return new BinMapper(maxBins, thresholds, isCategorical);
  }

  /** Binned X, column-major (feature f of row i at f·n + i). */
  transform(X: Matrix): Uint8Array {
    const { nRows: n, nCols, data } = X;
    const out = new Uint8Array(n * nCols);
    const missing = this.missingBin;
    for (let f = 0; f < nCols; f++) {
      const base = f * n;
      const lut = this.categoryBin[f];
      if (lut !== null) {
        const size = lut.length;
        for (let i = 0, t = f; i < n; i++, t += nCols) {
          const v = data[t];
          // NaN fails both comparisons; fractional codes fail the lookup's integer check.
          const bin = v >= 0 && v < size && (v | 0) === v ? lut[v] : -1;
          out[base + i] = bin < 0 ? missing : bin;
        }
        continue;
      }
      const th = this.thresholds[f];
      const nt = th.length;
      for (let i = 0, t = f; i < n; i++, t += nCols) {
        const v = data[t];
        if (v !== v) {
          out[base + i] = missing;
          continue;
        }
        // First threshold >= v (the bin's upper bound), by the same binary search as scikit-learn.
        let lo = 0;
        let hi = nt;
        while (lo < hi) {
          const mid = lo + ((hi - lo - 1) >> 1);
          if (v <= th[mid]) hi = mid;
          else lo = mid + 1;
        }
        out[base + i] = lo;
      }
    }
    return out;
  }
}

/** `k` distinct indices of 0..n-1 (partial Fisher–Yates). */
function sampleWithoutReplacement(n: number, k: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(n - i);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p.slice(0, k);
}
