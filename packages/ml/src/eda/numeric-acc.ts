import type { WeightedValues } from './stats.js';

/** Distinct values counted exactly per numeric column; beyond this the column falls back to its sample. */
export const MAX_EXACT_DISTINCT = 20_000;
/** Size of the per-column uniform sample (reservoir) used once a column has too many distinct values. */
export const RESERVOIR_SIZE = 50_000;

/** Per value: how often it occurs, overall and per class code (classes in order of first appearance). */
interface ValueCounts {
  n: number;
  byClass: number[];
}

/**
 * One numeric column streamed in bounded memory. Counts, missing, min, max, mean and variance are exact
 * (Welford). Quantiles, histogram, outliers and decile bins are exact while the column has at most
 * MAX_EXACT_DISTINCT distinct values (a value → count map: ages, sizes, years); past that they come from a
 * seeded reservoir sample of RESERVOIR_SIZE rows and the profile says `quantiles_exact: false`.
 */
export class NumericAccumulator {
  count = 0;
  missing = 0;
  min = Infinity;
  max = -Infinity;
  private mean = 0;
  private m2 = 0;
  /** Class counts of rows where this column is missing (the missingness-vs-target table). */
  readonly missingByClass: number[] = [];
  private map: Map<number, ValueCounts> | null = new Map();
  private readonly sample = new Float64Array(RESERVOIR_SIZE);
  private readonly sampleClass = new Int32Array(RESERVOIR_SIZE);
  private seen = 0;
  private rng: number;

  constructor(seed: number) {
    this.rng = (seed * 2654435761) >>> 0 || 1;
  }

  /** `cls` is the row's class code, or -1 when there is no target or it is empty. */
  add(x: number, cls: number): void {
    if (Number.isNaN(x)) {
      this.missing++;
      if (cls >= 0) this.missingByClass[cls] = (this.missingByClass[cls] ?? 0) + 1;
      return;
    }
    this.count++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    const d = x - this.mean;
    this.mean += d / this.count;
    this.m2 += d * (x - this.mean);
    if (this.map) {
      let v = this.map.get(x);
      if (!v) {
        if (this.map.size >= MAX_EXACT_DISTINCT) this.map = null;
        else {
          v = { n: 0, byClass: [] };
          this.map.set(x, v);
        }
      }
      if (v) {
        v.n++;
        if (cls >= 0) v.byClass[cls] = (v.byClass[cls] ?? 0) + 1;
      }
    }
    // Algorithm R with a xorshift generator: deterministic for a given file.
    if (this.seen < RESERVOIR_SIZE) {
      this.sample[this.seen] = x;
      this.sampleClass[this.seen] = cls;
    } else {
      const j = this.nextInt(this.seen + 1);
      if (j < RESERVOIR_SIZE) {
        this.sample[j] = x;
        this.sampleClass[j] = cls;
      }
    }
    this.seen++;
  }

  private nextInt(n: number): number {
    let s = this.rng;
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    this.rng = s;
    return Math.floor((s / 4294967296) * n);
  }

  get exact(): boolean {
    return this.map !== null;
  }

  get distinct(): number {
    return this.map ? this.map.size : MAX_EXACT_DISTINCT;
  }

  get meanValue(): number | null {
    return this.count > 0 ? this.mean : null;
  }

  get std(): number | null {
    return this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : null;
  }

  /**
   * Sorted distinct values with counts and per-class counts. When the column is no longer exact, the sample's
   * counts are scaled up to the column's row count so histograms and tables keep the real magnitudes.
   */
  distribution(): WeightedValues & { byClass: number[][] } {
    if (this.map) {
      const keys = [...this.map.keys()].sort((a, b) => a - b);
      return {
        values: Float64Array.from(keys),
        counts: Float64Array.from(keys, (k) => this.map!.get(k)!.n),
        byClass: keys.map((k) => this.map!.get(k)!.byClass),
        total: this.count,
      };
    }
    const m = Math.min(this.seen, RESERVOIR_SIZE);
    const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => this.sample[a] - this.sample[b]);
    const values: number[] = [];
    const counts: number[] = [];
    const byClass: number[][] = [];
    for (const i of order) {
      const x = this.sample[i];
      if (values.length === 0 || values[values.length - 1] !== x) {
        values.push(x);
        counts.push(0);
        byClass.push([]);
      }
      const k = values.length - 1;
      counts[k]++;
      const c = this.sampleClass[i];
      if (c >= 0) byClass[k][c] = (byClass[k][c] ?? 0) + 1;
    }
    return { values: Float64Array.from(values), counts: Float64Array.from(counts), byClass, total: m };
  }
}
