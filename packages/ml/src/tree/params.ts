import { UserError } from '../core/errors.js';

/** 'log_loss' is sklearn 1.2's newer name for 'entropy'; both use Shannon entropy in bits. */
export type Criterion = 'gini' | 'entropy' | 'log_loss';
export type MaxFeatures = number | 'sqrt' | 'log2' | null;

/** The hyper-parameters a single tree is grown with (shared by DecisionTree and RandomForest). */
export interface TreeGrowthParams {
  readonly criterion: Criterion;
  /** null: grow until leaves are pure or too small. */
  readonly maxDepth: number | null;
  /** Integer >= 2: a count of samples; a number in (0, 1): a fraction of the rows, as sklearn's floats. */
  readonly minSamplesSplit: number;
  /** Integer >= 1: a count; a number in (0, 1): a fraction of the rows. */
  readonly minSamplesLeaf: number;
  /** Integer >= 1: a count; a number in (0, 1): a fraction of the columns; null: all columns. */
  readonly maxFeatures: MaxFeatures;
  readonly minImpurityDecrease: number;
}

/** What the builder needs, every option turned into a number for a given data set (sklearn's fit-time resolution). */
export interface ResolvedTreeParams {
  /** 0 = gini, 1 = entropy. */
  readonly criterion: 0 | 1;
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  readonly maxFeatures: number;
  readonly minImpurityDecrease: number;
}

export const GINI = 0;
export const ENTROPY = 1;

/** sklearn's max_depth=None: np.iinfo(np.int32).max. */
const UNLIMITED_DEPTH = 2147483647;

function isFraction(v: number): boolean {
  return v > 0 && v < 1;
}

export function validateGrowthParams(who: string, o: Partial<Record<keyof TreeGrowthParams, unknown>>, defaultMaxFeatures: MaxFeatures): TreeGrowthParams {
  const criterion = o.criterion ?? 'gini';
  if (criterion !== 'gini' && criterion !== 'entropy' && criterion !== 'log_loss') {
    throw new UserError(`${who}: criterion must be 'gini', 'entropy' or 'log_loss', got ${JSON.stringify(criterion)}`);
  }
  const maxDepth = o.maxDepth ?? null;
  if (maxDepth !== null && !(typeof maxDepth === 'number' && Number.isInteger(maxDepth) && maxDepth >= 1)) {
    throw new UserError(`${who}: maxDepth must be an integer >= 1 or null, got ${JSON.stringify(maxDepth)}`);
  }
  const minSamplesSplit = o.minSamplesSplit ?? 2;
  if (!(typeof minSamplesSplit === 'number' && ((Number.isInteger(minSamplesSplit) && minSamplesSplit >= 2) || isFraction(minSamplesSplit)))) {
    throw new UserError(`${who}: minSamplesSplit must be an integer >= 2 or a fraction in (0, 1), got ${JSON.stringify(minSamplesSplit)}`);
  }
  const minSamplesLeaf = o.minSamplesLeaf ?? 1;
  if (!(typeof minSamplesLeaf === 'number' && ((Number.isInteger(minSamplesLeaf) && minSamplesLeaf >= 1) || isFraction(minSamplesLeaf)))) {
    throw new UserError(`${who}: minSamplesLeaf must be an integer >= 1 or a fraction in (0, 1), got ${JSON.stringify(minSamplesLeaf)}`);
  }
  const maxFeatures = o.maxFeatures === undefined ? defaultMaxFeatures : o.maxFeatures;
  if (
    maxFeatures !== null &&
    maxFeatures !== 'sqrt' &&
    maxFeatures !== 'log2' &&
    !(typeof maxFeatures === 'number' && ((Number.isInteger(maxFeatures) && maxFeatures >= 1) || isFraction(maxFeatures)))
  ) {
    throw new UserError(
      `${who}: maxFeatures must be an integer >= 1, a fraction in (0, 1), 'sqrt', 'log2' or null, got ${JSON.stringify(maxFeatures)}`,
    );
  }
  const minImpurityDecrease = o.minImpurityDecrease ?? 0;
  if (!(typeof minImpurityDecrease === 'number' && Number.isFinite(minImpurityDecrease) && minImpurityDecrease >= 0)) {
    throw new UserError(`${who}: minImpurityDecrease must be a finite number >= 0, got ${JSON.stringify(minImpurityDecrease)}`);
  }
  return { criterion, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, minImpurityDecrease };
}

export function validateRandomState(who: string, v: unknown): number {
  const r = v ?? 0;
  if (!(typeof r === 'number' && Number.isSafeInteger(r))) throw new UserError(`${who}: randomState must be an integer, got ${JSON.stringify(r)}`);
  return r;
}

/** sklearn 1.2 BaseDecisionTree.fit's resolution of the size options for nRows × nCols data. */
export function resolveGrowthParams(who: string, p: TreeGrowthParams, nRows: number, nCols: number): ResolvedTreeParams {
  const minSamplesLeaf = Number.isInteger(p.minSamplesLeaf) ? p.minSamplesLeaf : Math.ceil(p.minSamplesLeaf * nRows);
  let minSamplesSplit = Number.isInteger(p.minSamplesSplit) ? p.minSamplesSplit : Math.max(2, Math.ceil(p.minSamplesSplit * nRows));
  minSamplesSplit = Math.max(minSamplesSplit, 2 * minSamplesLeaf);
  let maxFeatures: number;
  const mf = p.maxFeatures;
  if (mf === null) maxFeatures = nCols;
  else if (mf === 'sqrt') maxFeatures = Math.max(1, Math.floor(Math.sqrt(nCols)));
  else if (mf === 'log2') maxFeatures = Math.max(1, Math.floor(Math.log2(nCols)));
  else if (Number.isInteger(mf)) maxFeatures = mf;
  else maxFeatures = Math.max(1, Math.floor(mf * nCols));
  if (!(maxFeatures >= 1 && maxFeatures <= nCols)) {
    throw new UserError(`${who}: maxFeatures must be in (0, n_features] = (0, ${nCols}], got ${JSON.stringify(mf)}`);
  }
  return {
    criterion: p.criterion === 'gini' ? GINI : ENTROPY,
    maxDepth: p.maxDepth ?? UNLIMITED_DEPTH,
    minSamplesSplit,
    minSamplesLeaf,
    maxFeatures,
    minImpurityDecrease: p.minImpurityDecrease,
  };
}
