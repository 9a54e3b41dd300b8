/**
 * Pearson correlation of every pair of numeric columns on the rows where both are present (pandas'
 * DataFrame.corr()), streamed with Welford-style co-moments so it is exact and stable over any number of rows.
 */
export class CorrelationAccumulator {
  private readonly p: number;
  private readonly n: Float64Array;
  private readonly mx: Float64Array;
  private readonly my: Float64Array;
  private readonly sxx: Float64Array;
  private readonly syy: Float64Array;
  private readonly sxy: Float64Array;

  constructor(readonly columns: readonly string[]) {
    this.p = columns.length;
    const size = this.p * this.p;
    this.n = new Float64Array(size);
    this.mx = new Float64Array(size);
    this.my = new Float64Array(size);
    this.sxx = new Float64Array(size);
    this.syy = new Float64Array(size);
    this.sxy = new Float64Array(size);
  }

  /** One row's values, in `columns` order (NaN = missing). */
  addRow(x: ArrayLike<number>): void {
    for (let a = 0; a < this.p; a++) {
      const xa = x[a];
      if (Number.isNaN(xa)) continue;
      for (let b = a + 1; b < this.p; b++) {
        const xb = x[b];
        if (Number.isNaN(xb)) continue;
        const k = a * this.p + b;
        const n = ++this.n[k];
        const dx = xa - this.mx[k];
        const dy = xb - this.my[k];
        this.mx[k] += dx / n;
        this.my[k] += dy / n;
        this.sxx[k] += dx * (xa - this.mx[k]);
        this.syy[k] += dy * (xb - this.my[k]);
        this.sxy[k] += dx * (xb - this.my[k]);
      }
    }
  }

  /** Symmetric matrix with 1 on the diagonal (null for a column with no spread), null where undefined. */
  matrix(constant: readonly boolean[]): (number | null)[][] {
    const m: (number | null)[][] = [];
    for (let a = 0; a < this.p; a++) {
      m.push([]);
      for (let b = 0; b < this.p; b++) {
        if (a === b) {
          m[a].push(constant[a] ? null : 1);
          continue;
        }
        const k = a < b ? a * this.p + b : b * this.p + a;
        const denom = Math.sqrt(this.sxx[k] * this.syy[k]);
        if (this.n[k] < 2 || !(denom > 0)) m[a].push(null);
        else m[a].push(Math.max(-1, Math.min(1, this.sxy[k] / denom)));
      }
    }
    return m;
  }
}
