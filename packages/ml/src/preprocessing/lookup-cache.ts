import type { CategoricalColumn } from '../data/frame.js';
import { checkCodes, indexOf } from './category-stats.js';

/**
 * codeLookup(col, indexOf(known)) built once per pair of arrays instead of on every transform: the
 * learned `known` list (replaced by fit/fromJSON, never edited in place) and the column's `categories`
 * array (shared by every frame read from the same source). A served request transforms one row, where
 * rebuilding these maps dominated. The codes are still checked on every call: they change per frame.
 */
const cache = new WeakMap<readonly string[], { length: number; index: Map<string, number>; byCategories: WeakMap<readonly string[], Int32Array> }>();

export function cachedCodeLookup(col: CategoricalColumn, known: readonly string[]): Int32Array {
  checkCodes(col);
  let entry = cache.get(known);
  if (entry === undefined || entry.length !== known.length) {
    entry = { length: known.length, index: indexOf(known), byCategories: new WeakMap() };
    cache.set(known, entry);
  }
  const { index } = entry;
  let slots = entry.byCategories.get(col.categories);
  if (slots === undefined || slots.length !== col.categories.length) {
    slots = Int32Array.from(col.categories, (c) => index.get(c) ?? -1);
    entry.byCategories.set(col.categories, slots);
  }
  return slots;
}
