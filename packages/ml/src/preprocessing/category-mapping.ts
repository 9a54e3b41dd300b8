import type { TransformContext } from '../core/types.js';
import { MISSING_CODE, numericColumn, type CategoricalColumn, type NumericColumn } from '../data/frame.js';
import { checkCodes } from './category-stats.js';
import { assertMappedOp, encoded, withCatOp, type PlanCheck, type PlanColumn, type PlanFrame } from './row-plan.js';
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
  const { values, slotsFor } = cacheFor(mapping);
  checkCodes(col);
  const slot = slotsFor(col.categories);
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

/**
 * mapCategories over each variable, as column mappings (see row-plan.ts): a category in the mapping becomes its
 * number, missing becomes `fallback`, and any other category is what mapCategories reports or refuses.
 */
export function planMapCategories(frame: PlanFrame, variables: readonly string[], dict: ReadonlyMap<string, ReadonlyMap<string, number>>, fallback: number): PlanFrame {
  const replaced: PlanColumn[] = [];
  const checks: PlanCheck[] = [];
  for (const name of variables) {
    const mapping = dict.get(name)!;
    const { column, check } = withCatOp(frame.categoricalAt(name), assertMappedOp(mapping));
    checks.push(check);
    replaced.push(encoded(column, name, (v) => (v === null ? fallback : mapping.get(v)!)));
  }
  return frame.replace(replaced, checks);
}

interface MappingCache {
  readonly size: number;
  /** The mapped numbers, by slot (the mapping's iteration order). */
  readonly values: Float64Array;
  /** For a column's categories array, the slot of each of its codes (-1: not in the mapping). */
  readonly slotsFor: (categories: readonly string[]) => Int32Array;
}

/**
 * What mapCategories derives from a learned mapping, built once per mapping rather than on every call
 * (a served request transforms one row, where rebuilding the lookups dominated). The per-column lookup
 * is keyed by the column's `categories` array, which every frame read from the same source shares.
 * Learned mappings are replaced by fit/fromJSON, never edited in place; the size check is a cheap guard.
 */
const caches = new WeakMap<ReadonlyMap<string, number>, MappingCache>();

function cacheFor(mapping: ReadonlyMap<string, number>): MappingCache {
  const hit = caches.get(mapping);
  if (hit !== undefined && hit.size === mapping.size) return hit;
  const index = new Map<string, number>();
  const values = new Float64Array(mapping.size);
  for (const [k, v] of mapping) {
    values[index.size] = v;
    index.set(k, index.size);
  }
  const byCategories = new WeakMap<readonly string[], Int32Array>();
  const cache: MappingCache = {
    size: mapping.size,
    values,
    slotsFor: (categories) => {
      let slots = byCategories.get(categories);
      if (slots === undefined || slots.length !== categories.length) {
        slots = Int32Array.from(categories, (c) => index.get(c) ?? -1);
        byCategories.set(categories, slots);
      }
      return slots;
    },
  };
  caches.set(mapping, cache);
  return cache;
}
