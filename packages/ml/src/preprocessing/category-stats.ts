import { MISSING_CODE, type CategoricalColumn } from '../data/frame.js';

/**
 * Distinct values present in a categorical column, learned from the rows (never from the column's category
 * dictionary, which may list values that do not occur or be ordered by a schema rather than by the data).
 */
export interface CategoryCounts {
  /** Present values in order of first appearance (pandas `unique()` without NaN). */
  readonly values: string[];
  /** Occurrences of each value, aligned with `values`. */
  readonly counts: number[];
  /** Rows with a value (pandas `value_counts()` total). */
  readonly present: number;
  readonly missing: number;
}

export function countCategories(col: CategoricalColumn): CategoryCounts {
  checkCodes(col);
  const values: string[] = [];
  const counts: number[] = [];
  const slotIndex = new Map<string, number>();
  // Dictionary codes are resolved to value slots once per code, then the row loop only does array lookups.
  const firstSlot = new Int32Array(col.categories.length).fill(-1);
  let missing = 0;
  const codes = col.codes;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === MISSING_CODE) {
      missing++;
      continue;
    }
    let s = firstSlot[c];
    if (s === -1) {
      const v = col.categories[c];
      const known = slotIndex.get(v);
      if (known === undefined) {
        s = values.length;
        values.push(v);
        counts.push(0);
        slotIndex.set(v, s);
      } else {
        s = known;
      }
      firstSlot[c] = s;
    }
    counts[s]++;
  }
  return { values, counts, present: codes.length - missing, missing };
}

/** Validates codes against the dictionary, so later lookups cannot read past it. */
export function checkCodes(col: CategoricalColumn): void {
  const k = col.categories.length;
  const codes = col.codes;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c !== MISSING_CODE && (c < 0 || c >= k)) {
      throw new Error(`column ${col.name}: code ${c} at row ${i} is outside its ${k} categories`);
    }
  }
}

/**
 * Indices of `counts` by decreasing count, ties kept in first-appearance order: pandas `value_counts()` order
 * as feature-engine documents it (the sort is stable here so the result never depends on the sort algorithm).
 */
export function byDecreasingCount(c: CategoryCounts): number[] {
  const idx = c.values.map((_, i) => i);
  return idx.sort((a, b) => c.counts[b] - c.counts[a] || a - b);
}

/** Python's `str` ordering (by code point), which pandas uses when it sorts object values. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** pandas `Series.mode()[0]`: the most frequent value; among ties the smallest in sorted order. */
export function modeOf(c: CategoryCounts): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (let i = 0; i < c.values.length; i++) {
    const n = c.counts[i];
    if (n > bestCount || (n === bestCount && best !== undefined && compareCodePoints(c.values[i], best) < 0)) {
      best = c.values[i];
      bestCount = n;
    }
  }
  return best;
}

/**
 * For each code of `col`, the index of its value in `known` (or -1 when the value was not seen at fit), so
 * transforms map rows with one array lookup and no string hashing per row.
 */
export function codeLookup(col: CategoricalColumn, known: ReadonlyMap<string, number>): Int32Array {
  checkCodes(col);
  const out = new Int32Array(col.categories.length);
  for (let c = 0; c < col.categories.length; c++) out[c] = known.get(col.categories[c]) ?? -1;
  return out;
}

export function indexOf(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  values.forEach((v, i) => {
    if (!m.has(v)) m.set(v, i);
  });
  return m;
}
