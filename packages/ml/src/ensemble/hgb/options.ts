import { UserError } from '../../core/errors.js';
import { validateClassWeight, type ClassWeight } from '../../linear/class-weight.js';
import { checkOptionKeys } from '../../linear/validation.js';

export const HGB_TYPE = 'HistGradientBoostingClassifier';

export type HgbEarlyStopping = 'auto' | boolean;
/** 'loss': validation log loss, as scikit-learn's default; 'accuracy' (or null, sklearn's default scorer). */
export type HgbScoring = 'loss' | 'accuracy' | null;

/** scikit-learn's HistGradientBoostingClassifier hyper-parameters, camelCased (loss is always log loss). */
export interface HistGradientBoostingOptions {
  learningRate?: number;
  maxIter?: number;
  /** null: no limit. */
  maxLeafNodes?: number | null;
  /** null or absent: no limit. */
  maxDepth?: number | null;
  minSamplesLeaf?: number;
  l2Regularization?: number;
  /** Bins for non-missing values, 2..255; missing values get one more. */
  maxBins?: number;
  /** Columns (by name in the fitted matrix, or a mask) holding category codes 0..maxBins-1. */
  categoricalFeatures?: readonly string[] | readonly boolean[] | null;
  /** 'auto': on when there are more than 10,000 rows. */
  earlyStopping?: HgbEarlyStopping;
  /** Held-out share (0, 1) or row count (>= 1) for early stopping; null scores on the training data. */
  validationFraction?: number | null;
  nIterNoChange?: number;
  tol?: number;
  scoring?: HgbScoring;
  classWeight?: ClassWeight | null;
  /** Seeds the validation split and the binning subsample. */
  randomState?: number;
  /**
   * Threads growing the trees of an iteration (one tree per class: more than two classes only): a
   * count, or −1 (the default) for every core, or CUSTSEG_N_JOBS threads when that environment variable
   * is set. An execution setting, not part of the model: the fitted model is identical for every value,
   * and toJSON never writes it.
   */
  nJobs?: number;
}

export type ResolvedOptions = {
  readonly learningRate: number;
  readonly maxIter: number;
  readonly maxLeafNodes: number | null;
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly l2Regularization: number;
  readonly maxBins: number;
  readonly categoricalFeatures: readonly string[] | readonly boolean[] | null;
  readonly earlyStopping: HgbEarlyStopping;
  readonly validationFraction: number | null;
  readonly nIterNoChange: number;
  readonly tol: number;
  readonly scoring: HgbScoring;
  readonly classWeight: ClassWeight | null;
  readonly randomState: number;
  readonly nJobs: number;
};

export const OPTION_KEYS = [
  'learningRate',
  'maxIter',
  'maxLeafNodes',
  'maxDepth',
  'minSamplesLeaf',
  'l2Regularization',
  'maxBins',
  'categoricalFeatures',
  'earlyStopping',
  'validationFraction',
  'nIterNoChange',
  'tol',
  'scoring',
  'classWeight',
  'randomState',
  'nJobs',
] as const;

const who = HGB_TYPE;

function integer(name: string, v: unknown, min: number, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Infinity ? `>= ${min}` : `in ${min}..${max}`;
    throw new UserError(`${who}: ${name} must be an integer ${range}, got ${String(v)}`);
  }
  return v;
}

function finite(name: string, v: unknown, min: number, strict: boolean): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (strict ? !(v > min) : !(v >= min))) {
    throw new UserError(`${who}: ${name} must be a finite number ${strict ? '>' : '>='} ${min}, got ${String(v)}`);
  }
  return v;
}

export function resolveOptions(options: HistGradientBoostingOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new UserError(`${who}: options must be an object`);
  checkOptionKeys(who, options, OPTION_KEYS);
  const o = options;
  const maxLeafNodes = o.maxLeafNodes === undefined ? 31 : o.maxLeafNodes === null ? null : integer('maxLeafNodes', o.maxLeafNodes, 2);
  const maxDepth = o.maxDepth === undefined || o.maxDepth === null ? null : integer('maxDepth', o.maxDepth, 1);
  const earlyStopping = o.earlyStopping ?? 'auto';
  if (earlyStopping !== 'auto' && earlyStopping !== true && earlyStopping !== false) {
    throw new UserError(`${who}: earlyStopping must be 'auto', true or false, got ${String(earlyStopping)}`);
  }
  let validationFraction: number | null = 0.1;
  if (o.validationFraction === null) validationFraction = null;
  else if (o.validationFraction !== undefined) {
    const v = o.validationFraction;
    const ok = typeof v === 'number' && ((v > 0 && v < 1) || (Number.isInteger(v) && v >= 1));
    if (!ok) throw new UserError(`${who}: validationFraction must be in (0, 1), a whole number of rows >= 1, or null, got ${String(v)}`);
    validationFraction = v;
  }
  const scoring = o.scoring === undefined ? 'loss' : o.scoring;
  if (scoring !== 'loss' && scoring !== 'accuracy' && scoring !== null) {
    throw new UserError(`${who}: scoring must be 'loss', 'accuracy' or null, got ${String(scoring)}`);
  }
  return {
    learningRate: finite('learningRate', o.learningRate ?? 0.1, 0, true),
    maxIter: integer('maxIter', o.maxIter ?? 100, 1),
    maxLeafNodes,
    maxDepth,
    minSamplesLeaf: integer('minSamplesLeaf', o.minSamplesLeaf ?? 20, 1),
    l2Regularization: finite('l2Regularization', o.l2Regularization ?? 0, 0, false),
    maxBins: integer('maxBins', o.maxBins ?? 255, 2, 255),
    categoricalFeatures: checkCategoricalFeatures(o.categoricalFeatures),
    earlyStopping,
    validationFraction,
    nIterNoChange: integer('nIterNoChange', o.nIterNoChange ?? 10, 1),
    tol: finite('tol', o.tol ?? 1e-7, 0, false),
    scoring,
    classWeight: validateClassWeight(who, o.classWeight),
    randomState: integer('randomState', o.randomState ?? 0, -2147483648, 2147483647),
    nJobs: jobs(o.nJobs ?? -1),
  };
}

function jobs(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || !(v >= 1 || v === -1)) {
    throw new UserError(`${who}: nJobs must be an integer >= 1, or -1 for every core, got ${String(v)}`);
  }
  return v;
}

function checkCategoricalFeatures(v: unknown): readonly string[] | readonly boolean[] | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) {
      if (new Set(v).size !== v.length) throw new UserError(`${who}: categoricalFeatures names a column twice`);
      return [...(v as string[])];
    }
    if (v.every((x) => typeof x === 'boolean')) return [...(v as boolean[])];
  }
  throw new UserError(`${who}: categoricalFeatures must be an array of column names, a boolean mask, or null`);
}

/** Which columns of a matrix with these names are categorical, per the option. */
export function resolveCategorical(spec: readonly string[] | readonly boolean[] | null, columnNames: readonly string[]): Uint8Array {
  const d = columnNames.length;
  const out = new Uint8Array(d);
  if (spec === null || spec.length === 0) return out;
  if (typeof spec[0] === 'boolean') {
    if (spec.length !== d) throw new UserError(`${who}: categoricalFeatures mask has ${spec.length} entries but X has ${d} columns`);
    spec.forEach((b, j) => (out[j] = b ? 1 : 0));
    return out;
  }
  for (const name of spec as readonly string[]) {
    const j = columnNames.indexOf(name);
    if (j < 0) throw new UserError(`${who}: categoricalFeatures names "${name}", which is not a column of X (${columnNames.join(', ')})`);
    out[j] = 1;
  }
  return out;
}

/** The params object of toJSON (every option but nJobs, explicit nulls for "none"). */
export function optionsToParams(o: ResolvedOptions): Record<string, unknown> {
  return {
    learningRate: o.learningRate,
    maxIter: o.maxIter,
    maxLeafNodes: o.maxLeafNodes,
    maxDepth: o.maxDepth,
    minSamplesLeaf: o.minSamplesLeaf,
    l2Regularization: o.l2Regularization,
    maxBins: o.maxBins,
    categoricalFeatures: o.categoricalFeatures === null ? null : [...o.categoricalFeatures],
    earlyStopping: o.earlyStopping,
    validationFraction: o.validationFraction,
    nIterNoChange: o.nIterNoChange,
    tol: o.tol,
    scoring: o.scoring,
    classWeight: o.classWeight === null || o.classWeight === 'balanced' ? o.classWeight : { ...o.classWeight },
    randomState: o.randomState,
  };
}
