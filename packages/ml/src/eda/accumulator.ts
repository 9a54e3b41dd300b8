import { MISSING_CODE, type Frame } from '../data/frame.js';
import { parseNumber } from '../data/schema.js';
import { CategoricalAccumulator } from './categorical-acc.js';
import { CorrelationAccumulator } from './correlation.js';
import type { DriftColumn } from './drift.js';
import { finishProfile, type FinishedColumn } from './finish.js';
import { NumericAccumulator } from './numeric-acc.js';
import { DuplicateCounter } from './row-hash.js';
import type { DataProfile } from './types.js';

/** Row patterns of missing columns kept; rarer patterns beyond this are counted together. */
export const MAX_PATTERNS = 1_000;

export interface ProfileOptions {
  /** Name of the data shown in the report (a file name). */
  source?: string;
  /** Name of the target column (its values come in each batch's `target`). */
  targetName?: string;
  /** Name of the id column (its values come in each batch's `ids`). */
  idName?: string;
  /** Column order for display (the file's header); defaults to id, features, target. */
  columnOrder?: readonly string[];
}

export interface ProfileBatch {
  /** Feature columns. */
  frame: Frame;
  /** Target value per row (null when empty), when there is a target. */
  target?: readonly (string | null)[];
  /** Id per row (null when empty), when there is an id column. */
  ids?: readonly (string | null)[];
}

type ColumnAcc = { name: string; kind: 'numeric'; acc: NumericAccumulator } | { name: string; kind: 'categorical'; acc: CategoricalAccumulator };

/**
 * Profiles data batch by batch in bounded memory (see NumericAccumulator and CategoricalAccumulator for what
 * is exact); `finish()` gives the profile. A whole frame is one batch.
 */
export class ProfileAccumulator {
  private columns: ColumnAcc[] | null = null;
  private rows = 0;
  private readonly classIndex = new Map<string, number>();
  private readonly classCounts: number[] = [];
  private targetMissing = 0;
  private readonly targetAcc = new CategoricalAccumulator();
  private readonly idDup = new DuplicateCounter();
  private idMissing = 0;
  private idAllNumeric = true;
  private readonly rowDup = new DuplicateCounter();
  private correlation: CorrelationAccumulator | null = null;
  private numericIdx: number[] = [];
  private readonly patterns = new Map<string, number>();
  private otherPatterns = 0;
  private together: Float64Array | null = null;
  private rowsWithMissing = 0;
  private memory = 0;

  constructor(private readonly opts: ProfileOptions = {}) {}

  add(batch: ProfileBatch): this {
    const { frame, target, ids } = batch;
    const n = frame.nRows;
    if (target && target.length !== n) throw new Error(`target has ${target.length} values for ${n} rows`);
    if (ids && ids.length !== n) throw new Error(`ids has ${ids.length} values for ${n} rows`);
    const cols = this.init(frame);
    const p = cols.length;
    const numVals = new Float64Array(this.numericIdx.length);
    const missingCols: number[] = [];
    const keyParts: string[] = new Array<string>(p + 1);
    for (let i = 0; i < n; i++) {
      let cls = -1;
      if (target) {
        const t = target[i];
        this.targetAcc.add(t, -1);
        if (t === null) this.targetMissing++;
        else {
          let c = this.classIndex.get(t);
          if (c === undefined) {
            c = this.classIndex.size;
            this.classIndex.set(t, c);
            this.classCounts.push(0);
          }
          this.classCounts[c]++;
          cls = c;
        }
        keyParts[p] = t ?? '\u0000';
      }
      if (ids) {
        const id = ids[i];
        if (id === null) this.idMissing++;
        else {
          this.idDup.add(id);
          if (this.idAllNumeric && parseNumber(id) === null) this.idAllNumeric = false;
        }
      }
      missingCols.length = 0;
      let u = 0;
      for (let j = 0; j < p; j++) {
        const c = cols[j];
        const col = frame.columns[j];
        if (c.kind === 'numeric' && col.kind === 'numeric') {
          const x = col.values[i];
          c.acc.add(x, cls);
          numVals[u++] = x;
          if (Number.isNaN(x)) missingCols.push(j);
          keyParts[j] = Number.isNaN(x) ? '\u0000' : String(x);
        } else if (c.kind === 'categorical' && col.kind === 'categorical') {
          const code = col.codes[i];
          const v = code === MISSING_CODE ? null : col.categories[code];
          c.acc.add(v, cls);
          if (v === null) missingCols.push(j);
          keyParts[j] = v ?? '\u0000';
        } else {
          throw new Error(`column ${c.name} changed type between batches`);
        }
      }
      if (target && target[i] === null) missingCols.push(p);
      if (ids && ids[i] === null) missingCols.push(p + 1);
      this.correlation!.addRow(numVals);
      this.rowDup.add(target ? keyParts.join('\u0001') : keyParts.slice(0, p).join('\u0001'));
      if (missingCols.length > 0) {
        this.rowsWithMissing++;
        const key = missingCols.join(',');
        const seen = this.patterns.get(key);
        if (seen !== undefined) this.patterns.set(key, seen + 1);
        else if (this.patterns.size < MAX_PATTERNS) this.patterns.set(key, 1);
        else this.otherPatterns++;
        const t = this.together!;
        const w = p + 2;
        for (let a = 0; a < missingCols.length; a++) {
          for (let b = a; b < missingCols.length; b++) t[missingCols[a] * w + missingCols[b]]++;
        }
      }
    }
    this.rows += n;
    for (const col of frame.columns) this.memory += col.kind === 'numeric' ? 8 * n : 4 * n;
    if (target) this.memory += 4 * n;
    if (ids) this.memory += 8 * n;
    return this;
  }

  private init(frame: Frame): ColumnAcc[] {
    if (this.columns) {
      const names = this.columns.map((c) => c.name).join('\u0001');
      if (frame.names.join('\u0001') !== names) throw new Error(`batch columns ${frame.names.join(', ')} differ from the first batch's`);
      return this.columns;
    }
    this.columns = frame.columns.map((col, j): ColumnAcc =>
      col.kind === 'numeric'
        ? { name: col.name, kind: 'numeric', acc: new NumericAccumulator(j + 1) }
        : { name: col.name, kind: 'categorical', acc: new CategoricalAccumulator() },
    );
    this.numericIdx = this.columns.flatMap((c, j) => (c.kind === 'numeric' ? [j] : []));
    this.correlation = new CorrelationAccumulator(this.numericIdx.map((j) => this.columns![j].name));
    const w = this.columns.length + 2;
    this.together = new Float64Array(w * w);
    return this.columns;
  }

  /** What drift needs of this data: its per-column accumulators. */
  driftInput(): { source: string; rows: number; columns: readonly DriftColumn[] } {
    return { source: this.opts.source ?? 'data', rows: this.rows, columns: this.columns ?? [] };
  }

  finish(): DataProfile {
    const cols = this.columns ?? [];
    const p = cols.length;
    // Classes sorted by code point (as numpy.unique and encodeLabels), whatever order rows came in.
    const discovered = [...this.classIndex.keys()];
    const classes = [...discovered].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const perm = discovered.map((c) => classes.indexOf(c));
    const remap = (byClass: readonly number[]): number[] => {
      const out = new Array<number>(classes.length).fill(0);
      for (let c = 0; c < discovered.length; c++) out[perm[c]] += byClass[c] ?? 0;
      return out;
    };
    const finished: FinishedColumn[] = cols.map((c) => ({ ...c, remap }));
    const names = [...cols.map((c) => c.name), this.opts.targetName ?? '(target)', this.opts.idName ?? '(id)'];
    const hasTarget = this.opts.targetName !== undefined;
    const hasId = this.opts.idName !== undefined;
    const w = p + 2;
    const present = (k: number) => k < p || (k === p && hasTarget) || (k === p + 1 && hasId);
    const patterns = [...this.patterns.entries()]
      .map(([key, count]) => ({ columns: key.split(',').map((k) => names[Number(k)]), count }))
      .sort((a, b) => b.count - a.count || a.columns.join(',').localeCompare(b.columns.join(',')));
    if (this.otherPatterns > 0) patterns.push({ columns: ['(other patterns)'], count: this.otherPatterns });
    const together: { a: number; b: number; both: number }[] = [];
    for (let a = 0; a < w; a++) for (let b = a + 1; b < w; b++) if (present(a) && present(b)) together.push({ a, b, both: this.together ? this.together[a * w + b] : 0 });
    const missingOf = (k: number) => (this.together ? this.together[k * w + k] : 0);

    return finishProfile({
      source: this.opts.source ?? 'data',
      rows: this.rows,
      columnOrder: this.opts.columnOrder,
      columns: finished,
      target: hasTarget
        ? { name: this.opts.targetName!, classes, counts: remap(this.classCounts), missing: this.targetMissing, acc: this.targetAcc }
        : null,
      id: hasId
        ? { name: this.opts.idName!, missing: this.idMissing, distinct: this.idDup.distinct, duplicates: this.idDup.duplicates, numeric: this.idAllNumeric, saturated: this.idDup.saturated }
        : null,
      duplicateRows: this.rowDup.duplicates,
      memoryBytes: this.memory + this.categoryBytes(),
      correlation: { columns: this.correlation?.columns ?? [], matrix: this.correlation?.matrix(this.numericIdx.map((j) => {
        const acc = (cols[j] as { acc: NumericAccumulator }).acc;
        return !(acc.count > 1 && acc.max > acc.min);
      })) ?? [] },
      missingness: {
        rowsWithMissing: this.rowsWithMissing,
        patterns,
        together: together
          .filter((t) => missingOf(t.a) > 0 && missingOf(t.b) > 0)
          .map((t) => ({ a: names[t.a], b: names[t.b], both: t.both, correlation: phi(this.rows, missingOf(t.a), missingOf(t.b), t.both) })),
      },
    });
  }

  private categoryBytes(): number {
    let bytes = 0;
    for (const c of this.columns ?? []) if (c.kind === 'categorical') for (const k of c.acc.counts.keys()) bytes += 2 * k.length;
    return bytes;
  }
}

/** Pearson correlation of two 0/1 indicators from their counts (what pandas' isna().corr() computes). */
function phi(n: number, na: number, nb: number, nab: number): number | null {
  const denom = Math.sqrt(na * (n - na) * nb * (n - nb));
  if (!(denom > 0)) return null;
  return Math.max(-1, Math.min(1, (n * nab - na * nb) / denom));
}
