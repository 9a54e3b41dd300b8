import { UserError } from '../core/errors.js';
import { Rng } from '../random/rng.js';
import { compareCodePoints, defineParam, ParameterGrid, type ParamGrid, type ParamSet } from './param-grid.js';

/**
 * A distribution written as data (scipy.stats' names; bounds as [lo, hi]):
 *   a list                      uniform choice among its values
 *   { uniform: [lo, hi] }       continuous uniform between lo and hi (scipy.stats.uniform(lo, hi - lo))
 *   { loguniform: [lo, hi] }    log-uniform between lo and hi, 0 < lo < hi (scipy.stats.loguniform(lo, hi))
 *   { randint: [lo, hi] }       integer in [lo, hi), hi exclusive (scipy.stats.randint(lo, hi))
 */
export type Distribution =
  | readonly unknown[]
  | { readonly uniform: readonly [number, number] }
  | { readonly loguniform: readonly [number, number] }
  | { readonly randint: readonly [number, number] };

export type ParamDistributions = Readonly<Record<string, Distribution>>;

type Continuous = { kind: 'uniform' | 'loguniform' | 'randint'; lo: number; hi: number };
type Parsed = { kind: 'list'; values: readonly unknown[] } | Continuous;

const KINDS = ['uniform', 'loguniform', 'randint'] as const;

function parseDistribution(key: string, d: unknown): Parsed {
  if (Array.isArray(d)) {
    if (d.length === 0) throw new UserError(`Parameter distribution for "${key}" is an empty list`);
    return { kind: 'list', values: d };
  }
  const shape = `a list or one of {"uniform": [lo, hi]}, {"loguniform": [lo, hi]}, {"randint": [lo, hi]}`;
  if (typeof d !== 'object' || d === null) throw new UserError(`Parameter distribution for "${key}" must be ${shape}, got ${JSON.stringify(d)}`);
  const entries = Object.entries(d);
  const kind = entries.length === 1 ? KINDS.find((k) => k === entries[0][0]) : undefined;
  if (!kind) throw new UserError(`Parameter distribution for "${key}" must be ${shape}, got ${JSON.stringify(d)}`);
  const b = entries[0][1];
  if (!Array.isArray(b) || b.length !== 2 || !b.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new UserError(`Parameter distribution for "${key}": ${kind} needs [lo, hi] as two finite numbers, got ${JSON.stringify(b)}`);
  }
  const [lo, hi] = b as [number, number];
  if (!(lo < hi)) throw new UserError(`Parameter distribution for "${key}": ${kind} needs lo < hi, got [${lo}, ${hi}]`);
  if (kind === 'loguniform' && !(lo > 0)) throw new UserError(`Parameter distribution for "${key}": loguniform needs lo > 0, got ${lo}`);
  if (kind === 'randint') {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new UserError(`Parameter distribution for "${key}": randint bounds must be integers, got [${lo}, ${hi}]`);
    if (hi - lo > 4294967296) throw new UserError(`Parameter distribution for "${key}": randint range is wider than 2^32`);
  }
  return { kind, lo, hi };
}

function draw(d: Parsed, rng: Rng): unknown {
  switch (d.kind) {
    case 'list':
      return d.values[rng.nextInt(d.values.length)];
    case 'uniform':
      return d.lo + (d.hi - d.lo) * rng.nextFloat();
    case 'loguniform': {
      const a = Math.log(d.lo);
      return Math.exp(a + (Math.log(d.hi) - a) * rng.nextFloat());
    }
    case 'randint':
      return d.lo + rng.nextInt(d.hi - d.lo);
  }
}

/** A uniform index in [0, n) for n up to 2^53 (nextInt stops at 2^32). */
function drawIndex(rng: Rng, n: number): number {
  return n <= 4294967296 ? rng.nextInt(n) : Math.floor(rng.nextFloat() * n);
}

/**
 * scikit-learn's ParameterSampler semantics with our seeded Rng (so the draws are ours, not numpy's):
 * when every distribution is a list, `nIter` distinct candidates of the ParameterGrid in random order
 * (fewer, with sklearn's warning, when the grid is smaller); otherwise `nIter` independent draws, each
 * picking one of the distribution objects and then every key in sorted order. Same seed, same candidates.
 */
export class ParameterSampler implements Iterable<ParamSet> {
  private readonly dists: readonly { keys: readonly string[]; parsed: readonly Parsed[] }[];
  private readonly grid: ParameterGrid | null;
  readonly nIter: number;
  readonly seed: number;
  /** UserWarning texts sklearn would emit (never printed). */
  readonly warnings: readonly string[];

  constructor(paramDistributions: ParamDistributions | readonly ParamDistributions[], nIter = 10, seed = 0) {
    if (!Number.isSafeInteger(nIter) || nIter < 1) throw new UserError(`nIter must be a positive integer, got ${String(nIter)}`);
    if (!Number.isInteger(seed)) throw new UserError(`seed must be an integer, got ${String(seed)}`);
    const list: readonly unknown[] = Array.isArray(paramDistributions) ? paramDistributions : [paramDistributions];
    if (list.length === 0) throw new UserError('Parameter distributions must not be an empty list');
    this.dists = list.map((d, i) => {
      if (typeof d !== 'object' || d === null || Array.isArray(d)) throw new UserError(`Parameter distribution ${i} is not an object`);
      const keys = Object.keys(d).sort(compareCodePoints);
      return { keys, parsed: keys.map((k) => parseDistribution(k, (d as Record<string, unknown>)[k])) };
    });
    const allLists = this.dists.every((d) => d.parsed.every((p) => p.kind === 'list'));
    this.grid = allLists ? new ParameterGrid(list as readonly ParamGrid[]) : null;
    const warnings: string[] = [];
    let n = nIter;
    if (this.grid && this.grid.size < nIter) {
      warnings.push(
        `The total space of parameters ${this.grid.size} is smaller than n_iter=${nIter}. Running ${this.grid.size} iterations. For exhaustive searches, use GridSearchCV.`,
      );
      n = this.grid.size;
    }
    this.nIter = n;
    this.seed = seed;
    this.warnings = warnings;
  }

  get length(): number {
    return this.nIter;
  }

  /** The candidates; every call (and every iteration) restarts from the seed, so they are always the same. */
  samples(): ParamSet[] {
    const rng = new Rng(this.seed);
    const out: ParamSet[] = [];
    if (this.grid) {
      for (const i of sampleWithoutReplacement(this.grid.size, this.nIter, rng)) out.push(this.grid.at(i));
      return out;
    }
    for (let it = 0; it < this.nIter; it++) {
      const d = this.dists[rng.nextInt(this.dists.length)];
      const params: ParamSet = {};
      d.keys.forEach((k, j) => defineParam(params, k, draw(d.parsed[j], rng)));
      out.push(params);
    }
    return out;
  }

  [Symbol.iterator](): Iterator<ParamSet> {
    return this.samples()[Symbol.iterator]();
  }
}

/**
 * `k` distinct integers of [0, n) in random order: a partial Fisher–Yates shuffle when n is small enough to
 * list, otherwise rejection of repeats (k ≤ n/2 there, so few draws are wasted).
 */
export function sampleWithoutReplacement(n: number, k: number, rng: Rng): number[] {
  if (!(Number.isSafeInteger(n) && Number.isSafeInteger(k) && k >= 0 && k <= n)) throw new UserError(`cannot draw ${k} distinct values from ${n}`);
  if (n <= 1 << 20 || 2 * k > n) {
    const pool = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + drawIndex(rng, n - i);
      const t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    return pool.slice(0, k);
  }
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < k) {
    const i = drawIndex(rng, n);
    if (!seen.has(i)) {
      seen.add(i);
      out.push(i);
    }
  }
  return out;
}
