import { performance } from 'node:perf_hooks';
import { UserError } from '../core/errors.js';
import type { Labels } from '../core/types.js';
import type { Frame } from '../data/frame.js';
import { npMean, npStd } from '../metrics/numeric.js';
import type { Fold } from '../model_selection/folds.js';
import { pipelineFromConfig, type PipelineConfig } from '../pipeline/config.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { resolveFolds, takeLabels } from './folds.js';
import { compareCodePoints, type ParamSet } from './param-grid.js';
import { setConfigParams } from './param-path.js';
import { rankTestScores } from './rank.js';
import { getScorer, type Scorer, type ScoringName } from './scoring.js';

/** Options shared by gridSearchCV and randomizedSearchCV. */
export interface SearchOptions {
  /** The pipeline every candidate starts from; parameter keys address it (see setConfigParam). */
  readonly config: PipelineConfig;
  readonly frame: Frame;
  readonly labels: Labels;
  /** Number of StratifiedKFold folds (unshuffled, sklearn's folds), or the folds themselves. Default 5. */
  readonly cv?: number | Iterable<Fold>;
  /** Default 'accuracy'. */
  readonly scoring?: ScoringName | Scorer;
  /** Fit the best candidate on all rows afterwards. Default true. */
  readonly refit?: boolean;
  /** Seed of the candidate draws (randomized search); grid search has no randomness of its own. Default 0. */
  readonly seed?: number;
  /**
   * What a fold whose fit or scoring throws scores: 'raise' (default) stops the search with the error; a number
   * (NaN as sklearn's default error_score) records it and a warning, and the search goes on.
   */
  readonly errorScore?: 'raise' | number;
  /** Called after each fold is fitted and scored, and after the refit: done of total units of work. */
  readonly onProgress?: (done: number, total: number, message: string) => void;
}

/**
 * scikit-learn's cv_results_, column-wise (one entry per candidate), keys in sklearn's order.
 * `param_<key>` holds the candidate's value, or undefined where the candidate does not set that key
 * (sklearn masks it).
 */
export type CvResults = {
  mean_fit_time: number[];
  std_fit_time: number[];
  mean_score_time: number[];
  std_score_time: number[];
  params: ParamSet[];
  mean_test_score: number[];
  std_test_score: number[];
  rank_test_score: number[];
} & { [split: `split${number}_test_score`]: number[] } & { [param: `param_${string}`]: unknown[] };

export interface SearchResult {
  readonly cvResults: CvResults;
  /** The full config of each candidate. */
  readonly candidates: PipelineConfig[];
  /** First candidate of rank 1 (ties go to the lowest index, as sklearn). */
  readonly bestIndex: number;
  readonly bestParams: ParamSet;
  readonly bestScore: number;
  readonly bestConfig: PipelineConfig;
  /** The best config fitted on all rows (sklearn's best_estimator_), or null when refit is false. */
  readonly bestEstimator: Pipeline | null;
  /** Seconds of the refit, or null. */
  readonly refitTime: number | null;
  readonly nSplits: number;
  readonly scoring: string;
  /** Warnings sklearn would emit: sparse classes for the folds, failed fits, a too small sampling space. */
  readonly warnings: string[];
}

function describeParams(params: ParamSet): string {
  const keys = Object.keys(params);
  return keys.length ? keys.map((k) => `${k}=${JSON.stringify(params[k])}`).join(', ') : '(base config)';
}

function checkOptions(opts: SearchOptions): void {
  if (typeof opts !== 'object' || opts === null) throw new UserError('search options are required');
  const { frame, labels, config } = opts;
  if (!config || !Array.isArray(config.steps) || typeof config.estimator !== 'object' || config.estimator === null) {
    throw new UserError('search: config must be a PipelineConfig ({steps: [...], estimator: {type, params}})');
  }
  if (!frame || typeof frame.take !== 'function') throw new UserError('search: frame must be a Frame');
  if (!labels || !(labels.codes instanceof Int32Array) || !Array.isArray(labels.classes)) throw new UserError('search: labels must be {codes: Int32Array, classes}');
  if (labels.codes.length !== frame.nRows) throw new UserError(`search: ${labels.codes.length} labels for ${frame.nRows} rows`);
  if (labels.classes.length < 2) throw new UserError(`search: need at least two classes, got ${labels.classes.length}`);
  if (opts.refit !== undefined && typeof opts.refit !== 'boolean') throw new UserError('search: refit must be a boolean');
  const e = opts.errorScore;
  if (e !== undefined && e !== 'raise' && typeof e !== 'number') throw new UserError(`search: errorScore must be 'raise' or a number, got ${String(e)}`);
  if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function') throw new UserError('search: onProgress must be a function');
}

/**
 * Cross-validates each candidate (candidates outer, folds inner, as sklearn) and ranks them. Every candidate
 * config is built and validated before the first fit, so a bad value fails at once and names its candidate.
 */
export function searchCandidates(opts: SearchOptions, paramSets: readonly ParamSet[], extraWarnings: readonly string[] = []): SearchResult {
  checkOptions(opts);
  const { frame, labels, onProgress } = opts;
  const scorer = getScorer(opts.scoring);
  const refit = opts.refit ?? true;
  const errorScore = opts.errorScore ?? 'raise';
  if (paramSets.length === 0) throw new UserError('search: no candidates to evaluate');

  const candidates = paramSets.map((params, c) => {
    let config: PipelineConfig;
    try {
      config = setConfigParams(opts.config, params);
    } catch (e) {
      throw new UserError(`candidate ${c} (${describeParams(params)}): ${(e as Error).message}`);
    }
    pipelineFromConfig(config, `candidate ${c} (${describeParams(params)})`);
    return config;
  });

  const { folds, warnings: foldWarnings } = resolveFolds(opts.cv ?? 5, labels);
  const warnings = [...foldWarnings, ...extraWarnings];
  const nSplits = folds.length;
  const nCand = candidates.length;
  const total = nCand * nSplits + (refit ? 1 : 0);
  // Labels are small and shared by all candidates; fold frames are taken per fit instead, so memory stays near
  // one extra copy of the data whatever the number of folds (taking rows costs little next to a fit).
  const parts = folds.map((f) => ({ train: f.train, test: f.test, trainLabels: takeLabels(labels, f.train), yTest: takeLabels(labels, f.test).codes }));

  const scores = paramSets.map(() => new Float64Array(nSplits));
  const fitTimes = paramSets.map(() => new Float64Array(nSplits));
  const scoreTimes = paramSets.map(() => new Float64Array(nSplits));
  let failures = 0;
  let firstFailure = '';
  let done = 0;
  for (let c = 0; c < nCand; c++) {
    for (let s = 0; s < nSplits; s++) {
      const part = parts[s];
      const where = `candidate ${c} (${describeParams(paramSets[c])}), fold ${s}`;
      let score: number;
      // sklearn times the fit and the scoring, not the taking of the fold's rows.
      const trainFrame = frame.take(part.train);
      const testFrame = frame.take(part.test);
      const t0 = performance.now();
      let t1: number | null = null;
      try {
        const model = pipelineFromConfig(candidates[c]).fit(trainFrame, part.trainLabels);
        t1 = performance.now();
        score = scorer.score(part.yTest, model.predictProba(testFrame), labels.classes);
      } catch (e) {
        t1 ??= performance.now();
        if (errorScore === 'raise') {
          const msg = `${where}: ${(e as Error)?.message ?? String(e)}`;
          throw e instanceof UserError ? new UserError(msg) : new Error(msg, { cause: e });
        }
        failures++;
        const msg = `${where} failed and scores ${errorScore}: ${(e as Error).message}`;
        if (!firstFailure) firstFailure = msg;
        warnings.push(msg);
        score = errorScore;
      }
      const t2 = performance.now();
      scores[c][s] = score;
      const fitEnd = t1 ?? t2;
      fitTimes[c][s] = (fitEnd - t0) / 1000;
      scoreTimes[c][s] = (t2 - fitEnd) / 1000;
      done++;
      onProgress?.(done, total, `candidate ${c + 1}/${nCand} (${describeParams(paramSets[c])}), fold ${s + 1}/${nSplits}: ${scorer.name} ${score}`);
    }
  }
  if (failures === nCand * nSplits) throw new UserError(`All the ${failures} fits failed. The first: ${firstFailure}`);

  const cvResults = buildResults(paramSets, scores, fitTimes, scoreTimes, nSplits);
  const ranks = cvResults.rank_test_score;
  // The first candidate of the best rank (sklearn's rank_test_score.argmin()).
  let bestIndex = 0;
  for (let c = 1; c < ranks.length; c++) if (ranks[c] < ranks[bestIndex]) bestIndex = c;
  const bestConfig = candidates[bestIndex];
  let bestEstimator: Pipeline | null = null;
  let refitTime: number | null = null;
  if (refit) {
    const t0 = performance.now();
    bestEstimator = pipelineFromConfig(bestConfig).fit(frame, labels);
    refitTime = (performance.now() - t0) / 1000;
    onProgress?.(total, total, `refitted candidate ${bestIndex + 1} (${describeParams(paramSets[bestIndex])}) on all ${frame.nRows} rows`);
  }
  return {
    cvResults,
    candidates,
    bestIndex,
    bestParams: { ...paramSets[bestIndex] },
    bestScore: cvResults.mean_test_score[bestIndex],
    bestConfig,
    bestEstimator,
    refitTime,
    nSplits,
    scoring: scorer.name,
    warnings,
  };
}

function buildResults(
  paramSets: readonly ParamSet[],
  scores: readonly Float64Array[],
  fitTimes: readonly Float64Array[],
  scoreTimes: readonly Float64Array[],
  nSplits: number,
): CvResults {
  const out: Record<string, unknown> = {};
  out.mean_fit_time = fitTimes.map(npMean);
  out.std_fit_time = fitTimes.map(npStd);
  out.mean_score_time = scoreTimes.map(npMean);
  out.std_score_time = scoreTimes.map(npStd);
  // sklearn lists the param_ columns in sorted key order over every candidate's keys.
  const keys = [...new Set(paramSets.flatMap((p) => Object.keys(p)))].sort(compareCodePoints);
  for (const k of keys) out[`param_${k}`] = paramSets.map((p) => (Object.hasOwn(p, k) ? p[k] : undefined));
  out.params = paramSets.map((p) => ({ ...p }));
  for (let s = 0; s < nSplits; s++) out[`split${s}_test_score`] = scores.map((row) => row[s]);
  const means = scores.map(npMean);
  out.mean_test_score = means;
  out.std_test_score = scores.map(npStd);
  out.rank_test_score = rankTestScores(means);
  return out as CvResults;
}
