import { UserError } from '../core/errors.js';
import { loadSynthParams, type SynthParams } from './params.js';
import { CustomerSampler, type SampledColumn } from './sampler.js';

export interface GenerateOptions {
  /** Number of customers (a non-negative integer). */
  rows: number;
  /** Seed of the random stream; the same seed and params give the same table. Default 0. */
  seed?: number;
  /** Generator parameters; default the built-in ones fitted from train.csv. */
  params?: SynthParams;
  /** Include the target column (Segmentation), as in train.csv; without it the table looks like test.csv. */
  withTarget?: boolean;
  /** IDs are 100000 + idOffset + row index: six digits while idOffset + rows <= 900000, more beyond. */
  idOffset?: number;
}

/** A generated table, column-major: `columns[j][i]` is row i of `header[j]`, '' where missing. */
export interface SyntheticTable {
  header: string[];
  columns: string[][];
}

export const ID_BASE = 100000;

export interface ResolvedOptions {
  rows: number;
  seed: number;
  params: SynthParams;
  withTarget: boolean;
  idOffset: number;
}

export function resolveOptions(opts: GenerateOptions): ResolvedOptions {
  if (typeof opts !== 'object' || opts === null) throw new UserError('synth options must be an object');
  const { rows, seed = 0, withTarget = true, idOffset = 0 } = opts;
  if (!Number.isSafeInteger(rows) || rows < 0) throw new UserError(`rows must be a non-negative integer, got ${rows}`);
  if (!Number.isSafeInteger(seed)) throw new UserError(`seed must be an integer, got ${seed}`);
  if (typeof withTarget !== 'boolean') throw new UserError(`withTarget must be a boolean, got ${String(withTarget)}`);
  if (!Number.isSafeInteger(idOffset) || idOffset < 0) throw new UserError(`idOffset must be a non-negative integer, got ${idOffset}`);
  if (!Number.isSafeInteger(ID_BASE + idOffset + rows)) throw new UserError('idOffset + rows is too large for integer IDs');
  return { rows, seed, params: opts.params ?? loadSynthParams(), withTarget, idOffset };
}

/** The header written for these options: the params' header, without the target when it is not wanted. */
export function outputHeader(params: SynthParams, withTarget: boolean): string[] {
  return params.header.filter((c) => withTarget || c !== params.target);
}

/**
 * Turns sampled codes into cell text. Categorical cells reuse the category strings; integer cells go through
 * a small cache, so the only strings built per row are the IDs.
 */
function cellFormatter(col: SampledColumn): (i: number) => string {
  if (col.kind === 'categorical') {
    const { categories, codes } = col;
    return (i) => {
      const c = codes[i];
      return c < 0 ? '' : categories[c];
    };
  }
  const values = col.values;
  const cache: string[] = [];
  return (i) => {
    const v = values[i];
    if (v !== v) return '';
    if (col.integer && v >= 0 && v < 1024) return (cache[v] ??= String(v));
    return String(v);
  };
}

/** Synthetic customers with the real schema, missing-value rates and segment dependences; deterministic per seed. */
export function generateCustomers(opts: GenerateOptions): SyntheticTable {
  const o = resolveOptions(opts);
  const sampler = new CustomerSampler(o.params, o.seed);
  const block = sampler.sample(o.rows);
  const header = outputHeader(o.params, o.withTarget);
  const byName = new Map(block.columns.map((c) => [c.name, c]));
  const columns = header.map((name) => {
    const out = new Array<string>(o.rows);
    if (name === o.params.id) {
      const first = ID_BASE + o.idOffset;
      for (let i = 0; i < o.rows; i++) out[i] = String(first + i);
    } else {
      const cell = cellFormatter(byName.get(name)!);
      for (let i = 0; i < o.rows; i++) out[i] = cell(i);
    }
    return out;
  });
  return { header, columns };
}
