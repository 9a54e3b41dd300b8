import { UserError } from '../core/errors.js';
import type { Labels } from '../core/types.js';
import { categoricalColumn, numericColumn, type Column, type Frame } from '../data/frame.js';
import { npMean, npStd } from '../metrics/numeric.js';
import { Rng } from '../random/rng.js';
import { getScorer, type Scorer, type ScoringName } from '../search/scoring.js';

/** Anything that turns a raw frame into class probabilities: a fitted Pipeline, typically. */
export interface ProbabilisticModel {
  readonly classes: readonly string[];
  predictProba(frame: Frame): Float64Array;
}

export interface PermutationImportanceOptions {
  /** Permutations per column. Default 5. */
  readonly nRepeats?: number;
  /** Default 0. */
  readonly seed?: number;
  /** Default 'accuracy'. */
  readonly scoring?: ScoringName | Scorer;
  /** Raw columns to measure, in this order. Default: every column of the frame. */
  readonly columns?: readonly string[];
}

export interface PermutationImportanceResult {
  readonly columns: string[];
  /** Per column: mean over repeats of baseline − permuted score. */
  readonly importancesMean: number[];
  /** Per column: population standard deviation over repeats (np.std). */
  readonly importancesStd: number[];
  /** Per column, per repeat: baseline − permuted score. */
  readonly importances: number[][];
  readonly baselineScore: number;
  readonly scoring: string;
}

/**
 * scikit-learn's permutation_importance on a Pipeline: how much the score drops when one raw input column's
 * values are shuffled across rows, breaking its link with the target while keeping its distribution (numeric
 * values, or categorical codes over the column's own categories). Because the raw frame is permuted, it works
 * for any pipeline and reports one figure per original feature, however many encoded columns it becomes.
 *
 * As sklearn, one seed is drawn from `seed` and every column replays the same sequence of row permutations
 * (cumulative shuffles of one index array), so a column's figures do not depend on which others are measured.
 */
export function permutationImportance(
  model: ProbabilisticModel,
  frame: Frame,
  labels: Labels,
  opts: PermutationImportanceOptions = {},
): PermutationImportanceResult {
  const nRepeats = opts.nRepeats ?? 5;
  if (!Number.isSafeInteger(nRepeats) || nRepeats < 1) throw new UserError(`nRepeats must be a positive integer, got ${String(nRepeats)}`);
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(seed)) throw new UserError(`seed must be an integer, got ${String(seed)}`);
  const scorer = getScorer(opts.scoring);
  if (!model || typeof model.predictProba !== 'function') throw new UserError('permutationImportance needs a fitted model with predictProba(frame)');
  const n = frame.nRows;
  if (labels.codes.length !== n) throw new UserError(`permutationImportance: ${labels.codes.length} labels for ${n} rows`);
  if (n < 2) throw new UserError('permutationImportance needs at least two rows');
  const columns = opts.columns ? [...opts.columns] : frame.names;
  if (columns.length === 0) throw new UserError('permutationImportance: no columns to permute');
  const seen = new Set<string>();
  for (const c of columns) {
    if (!frame.has(c)) throw new UserError(`permutationImportance: no column "${c}"; columns are ${frame.names.join(', ')}`);
    if (seen.has(c)) throw new UserError(`permutationImportance: column "${c}" is listed twice`);
    seen.add(c);
  }

  const classes = model.classes;
  const yTrue = codesForModel(labels, classes);
  const score = (f: Frame): number => scorer.score(yTrue, model.predictProba(f), classes);
  const baselineScore = score(frame);
  const columnSeed = new Rng(seed).nextUint32() | 0;

  const importances: number[][] = [];
  const shuffled = new Int32Array(n);
  for (const name of columns) {
    const col = frame.column(name);
    const rng = new Rng(columnSeed);
    for (let i = 0; i < n; i++) shuffled[i] = i;
    const row: number[] = [];
    for (let r = 0; r < nRepeats; r++) {
      rng.shuffle(shuffled);
      row.push(baselineScore - score(frame.replace([permuted(col, shuffled)])));
    }
    importances.push(row);
  }
  return {
    columns,
    importancesMean: importances.map(npMean),
    importancesStd: importances.map(npStd),
    importances,
    baselineScore,
    scoring: scorer.name,
  };
}

function permuted(col: Column, idx: Int32Array): Column {
  const n = idx.length;
  if (col.kind === 'numeric') {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = col.values[idx[i]];
    return numericColumn(col.name, v);
  }
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = col.codes[idx[i]];
  return categoricalColumn(col.name, codes, col.categories);
}

/** The true labels as indices into the model's classes (the model may list them differently from `labels`). */
function codesForModel(labels: Labels, classes: readonly string[]): Int32Array {
  if (labels.classes.length === classes.length && labels.classes.every((c, i) => c === classes[i])) return labels.codes;
  const index = new Map(classes.map((c, i) => [c, i] as const));
  const map = labels.classes.map((c) => index.get(c) ?? -1);
  const out = new Int32Array(labels.codes.length);
  for (let i = 0; i < out.length; i++) {
    const m = map[labels.codes[i]];
    if (m === undefined || m < 0) throw new UserError(`permutationImportance: label "${labels.classes[labels.codes[i]]}" is not a class of the model (${classes.join(', ')})`);
    out[i] = m;
  }
  return out;
}
