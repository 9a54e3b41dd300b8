import type { TransformContext } from '../core/types.js';
import { MISSING_CODE, numericColumn, type CategoricalColumn, type NumericColumn } from '../data/frame.js';
import { codeLookup } from './category-stats.js';
import { unseenError, type UnseenPolicy } from './variables.js';

/**
 * Replaces a categorical column by the number its category maps to, shared by the count/frequency and
 * ordinal encoders. Missing rows take `fallback` silently; unseen categories take it too, after being
 * reported (or refused with policy 'error').
 */
export function mapCategories(
  who: string,
  col: CategoricalColumn,
  mapping: ReadonlyMap<string, number>,
  fallback: number,
  unseen: UnseenPolicy,
  ctx: TransformContext | undefined,
): NumericColumn {
  const keys = [...mapping.keys()];
  const values = keys.map((k) => mapping.get(k)!);
  const slot = codeLookup(col, new Map(keys.map((k, i) => [k, i])));
  const codes = col.codes;
  const out = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === MISSING_CODE) {
      out[i] = fallback;
      continue;
    }
    const s = slot[c];
    if (s >= 0) {
      out[i] = values[s];
      continue;
    }
    if (unseen === 'error') throw unseenError(who, col.name, col.categories[c], i);
    ctx?.unseen?.add(col.name, col.categories[c], i);
    out[i] = fallback;
  }
  return numericColumn(col.name, out);
}
