import { categoricalColumn, Frame, MISSING_CODE, numericColumn, type Column } from '@custseg/ml';
import type { FeatureLayout } from './layout.js';

/** A request's ID as given: echoed back unchanged. */
export type RowId = string | number | null;

/**
 * Rows read from requests (JSON objects or CSV records), held column-wise so that one `predictProba` call scores
 * them all. Readers append a row by writing its slot `n` and then calling `commit`; a row abandoned half-way (a
 * validation error) is simply overwritten by the next one. Categorical values are stored as codes into the
 * model's own category list; a category the model does not know gets a code past the end, kept per batch.
 */
export class RowBatch {
  n = 0;
  private numeric: Float64Array[];
  private codes: Int32Array[];
  private ids: RowId[] = [];
  private rowWarnings: (string[] | undefined)[] = [];
  /** Unknown categories seen in this batch, per feature (allocated on first use: rare). */
  private extras: (Map<string, number> | undefined)[] | null = null;
  private cap: number;

  /**
   * The default capacity suits the single-row micro-batches: V8 keeps typed arrays of at most 64 bytes on its
   * heap (≈ 50 ns each) and gives larger ones a separate backing store (≈ 1 µs each), so eight rows per column
   * make a new batch cost about a microsecond instead of several. Batches that fill up grow fourfold.
   */
  constructor(
    readonly layout: FeatureLayout,
    capacity = 8,
  ) {
    const cap = (this.cap = Math.max(1, capacity));
    const features = layout.features;
    const nf = features.length;
    this.numeric = new Array<Float64Array>(nf);
    this.codes = new Array<Int32Array>(nf);
    for (let j = 0; j < nf; j++) {
      const numeric = features[j].type === 'numeric';
      // a feature's other-kind array is never written: one shared empty array stands for it
      this.numeric[j] = numeric ? new Float64Array(cap) : NO_NUMBERS;
      this.codes[j] = numeric ? NO_CODES : new Int32Array(cap);
    }
  }

  /** Makes room for the row about to be written at index `n`. */
  reserve(): void {
    if (this.n < this.cap) return;
    const cap = this.cap * 4;
    this.numeric = this.numeric.map((a) => (a.length === 0 ? a : grow(new Float64Array(cap), a)));
    this.codes = this.codes.map((a) => (a.length === 0 ? a : grow(new Int32Array(cap), a)));
    this.cap = cap;
  }

  setNumber(feature: number, value: number): void {
    this.numeric[feature][this.n] = value;
  }

  setMissing(feature: number): void {
    if (this.layout.features[feature].type === 'numeric') this.numeric[feature][this.n] = NaN;
    else this.codes[feature][this.n] = MISSING_CODE;
  }

  /** Stores a known category by its code (the caller looked it up in the layout already). */
  setCode(feature: number, code: number): void {
    this.codes[feature][this.n] = code;
  }

  /** Stores a category; returns false when the model never saw it (it is still scored, as "unknown"). */
  setCategory(feature: number, value: string): boolean {
    const known = this.layout.features[feature].codeOf.get(value);
    if (known !== undefined) {
      this.codes[feature][this.n] = known;
      return true;
    }
    const extras = (this.extras ??= this.layout.features.map(() => undefined));
    let extra = extras[feature];
    if (!extra) extra = extras[feature] = new Map();
    let code = extra.get(value);
    if (code === undefined) {
      code = this.layout.features[feature].categories.length + extra.size;
      extra.set(value, code);
    }
    this.codes[feature][this.n] = code;
    return false;
  }

  /** Accepts the row written at index `n`. */
  commit(id: RowId, warnings: string[] | undefined): number {
    const i = this.n++;
    this.ids[i] = id;
    this.rowWarnings[i] = warnings;
    return i;
  }

  id(row: number): RowId {
    return this.ids[row];
  }

  warnings(row: number): string[] | undefined {
    return this.rowWarnings[row];
  }

  addWarning(row: number, message: string): void {
    const list = this.rowWarnings[row];
    if (!list) this.rowWarnings[row] = [message];
    else if (!list.includes(message)) list.push(message);
  }

  /** The numeric value of a feature at a row (NaN when missing), for echoing inputs back. */
  numberAt(feature: number, row: number): number {
    return this.numeric[feature][row];
  }

  /** The category of a feature at a row, or null when missing. */
  categoryAt(feature: number, row: number): string | null {
    const c = this.codes[feature][row];
    if (c === MISSING_CODE) return null;
    const cats = this.layout.features[feature].categories;
    if (c < cats.length) return cats[c];
    for (const [value, code] of this.extras?.[feature] ?? []) if (code === c) return value;
    return null;
  }

  /** The committed rows as a frame (views on the buffers, or copies of small ones: see `head`). */
  toFrame(): Frame {
    const n = this.n;
    const columns = this.layout.features.map((f): Column => {
      if (f.type === 'numeric') return numericColumn(f.name, head(this.numeric[f.index], n));
      const extra = this.extras?.[f.index];
      const categories = extra ? [...f.categories, ...extra.keys()] : f.categories;
      return categoricalColumn(f.name, head(this.codes[f.index], n), categories);
    });
    return new Frame(columns, n);
  }

  /** A frame of one committed row, to isolate a row a whole-batch call refused. */
  rowFrame(row: number): Frame {
    const columns = this.layout.features.map((f): Column => {
      if (f.type === 'numeric') return numericColumn(f.name, this.numeric[f.index].subarray(row, row + 1));
      const extra = this.extras?.[f.index];
      const categories = extra ? [...f.categories, ...extra.keys()] : f.categories;
      return categoricalColumn(f.name, this.codes[f.index].subarray(row, row + 1), categories);
    });
    return new Frame(columns, 1);
  }
}

const NO_NUMBERS = new Float64Array(0);
const NO_CODES = new Int32Array(0);

/**
 * The first n values. A view (subarray) of a typed array V8 keeps on its heap (at most 64 bytes) makes V8 move
 * the array off the heap first, which costs more than copying a few values, so small arrays are copied.
 */
function head<T extends Float64Array | Int32Array>(a: T, n: number): T {
  if (a.length === n) return a;
  return (a.byteLength <= 64 ? a.slice(0, n) : a.subarray(0, n)) as T;
}

function grow<T extends Float64Array | Int32Array>(into: T, from: T): T {
  into.set(from);
  return into;
}
