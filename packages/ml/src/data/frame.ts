/**
 * Columnar data frame. Numeric columns are Float64Array with NaN for missing; categorical columns are
 * dictionary-encoded (Int32Array codes into `categories`, -1 for missing). Frames are immutable by
 * convention: transformers return new frames and never write into the arrays of their input.
 */
export const MISSING_CODE = -1;

export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly name: string;
  /** Index into `categories`, or MISSING_CODE. */
  readonly codes: Int32Array;
  /** Distinct values in order of first appearance (order carries no meaning). */
  readonly categories: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

export function numericColumn(name: string, values: Float64Array): NumericColumn {
  return { kind: 'numeric', name, values };
}

export function categoricalColumn(name: string, codes: Int32Array, categories: readonly string[]): CategoricalColumn {
  return { kind: 'categorical', name, codes, categories };
}

/** Dictionary-encodes string values; null/undefined become missing. */
export function categoricalFromValues(name: string, values: ReadonlyArray<string | null | undefined>): CategoricalColumn {
  const index = new Map<string, number>();
  const categories: string[] = [];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = MISSING_CODE;
      continue;
    }
    let c = index.get(v);
    if (c === undefined) {
      c = categories.length;
      categories.push(v);
      index.set(v, c);
    }
    codes[i] = c;
  }
  return { kind: 'categorical', name, codes, categories };
}

/** The string value of a categorical column at a row, or null when missing. */
export function categoryAt(col: CategoricalColumn, row: number): string | null {
  const c = col.codes[row];
  return c === MISSING_CODE ? null : col.categories[c];
}

export class Frame {
  readonly nRows: number;
  readonly columns: readonly Column[];
  /** Columns by name, built on first lookup: a served batch's frame goes to a row plan that reads `columns` only. */
  private index: Map<string, Column> | null = null;

  constructor(columns: readonly Column[], nRows?: number) {
    const n = nRows ?? (columns.length > 0 ? columnLength(columns[0]) : 0);
    // Same checks in the same order as ever; a few columns are compared pairwise rather than hashed.
    const byName = columns.length > SMALL_FRAME ? new Map<string, Column>() : null;
    for (let j = 0; j < columns.length; j++) {
      const col = columns[j];
      if (columnLength(col) !== n) {
        throw new Error(`column ${col.name} has ${columnLength(col)} rows, expected ${n}`);
      }
      if (byName === null) {
        for (let i = 0; i < j; i++) if (columns[i].name === col.name) throw new Error(`duplicate column name ${col.name}`);
      } else {
        if (byName.has(col.name)) throw new Error(`duplicate column name ${col.name}`);
        byName.set(col.name, col);
      }
    }
    this.nRows = n;
    this.columns = columns;
    this.index = byName;
  }

  private get byName(): Map<string, Column> {
    return (this.index ??= new Map(this.columns.map((c) => [c.name, c] as const)));
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  column(name: string): Column {
    const col = this.byName.get(name);
    if (!col) throw new Error(`no column named ${name}; columns are ${this.names.join(', ')}`);
    return col;
  }

  numeric(name: string): NumericColumn {
    const col = this.column(name);
    if (col.kind !== 'numeric') throw new Error(`column ${name} is categorical, expected numeric`);
    return col;
  }

  categorical(name: string): CategoricalColumn {
    const col = this.column(name);
    if (col.kind !== 'categorical') throw new Error(`column ${name} is numeric, expected categorical`);
    return col;
  }

  /** A new frame where each named column is replaced in place (same position). */
  replace(replacements: readonly Column[]): Frame {
    const map = new Map(replacements.map((c) => [c.name, c] as const));
    return new Frame(this.columns.map((c) => map.get(c.name) ?? c), this.nRows);
  }

  /** A new frame without the named columns. */
  drop(names: readonly string[]): Frame {
    const set = new Set(names);
    return new Frame(this.columns.filter((c) => !set.has(c.name)), this.nRows);
  }

  /** A new frame with columns appended at the end (feature-engine appends new variables last). */
  append(extra: readonly Column[]): Frame {
    return new Frame([...this.columns, ...extra], this.nRows);
  }

  /** A new frame with only the named columns, in the given order. */
  select(names: readonly string[]): Frame {
    return new Frame(names.map((n) => this.column(n)), this.nRows);
  }

  /** A new frame holding the given rows (in that order); categories are kept as they are. */
  take(rows: ArrayLike<number>): Frame {
    const n = rows.length;
    const cols = this.columns.map((col): Column => {
      if (col.kind === 'numeric') {
        const v = new Float64Array(n);
        for (let i = 0; i < n; i++) v[i] = col.values[rows[i]];
        return numericColumn(col.name, v);
      }
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = col.codes[rows[i]];
      return categoricalColumn(col.name, codes, col.categories);
    });
    return new Frame(cols, n);
  }
}

/** Frames of at most this many columns check for duplicate names pairwise and index their columns lazily. */
const SMALL_FRAME = 16;

function columnLength(col: Column): number {
  return col.kind === 'numeric' ? col.values.length : col.codes.length;
}
