import { describe, expect, it } from 'vitest';
import '../preprocessing/index.js';
import '../linear/index.js';
import { UserError } from '../core/errors.js';
import { parseCsvText, type Dataset } from '../data/csv.js';
import { npStd } from '../metrics/numeric.js';
import { KFold, StratifiedKFold } from '../model_selection/index.js';
import { pipelineFromConfig, type PipelineConfig } from '../pipeline/config.js';
import { getPreset } from '../pipeline/presets.js';
import { synthCsvChunks } from '../synth/index.js';
import { crossValidateConfig } from '../train.js';
import { gridSearchCV } from './grid-search.js';
import { randomizedSearchCV } from './randomized-search.js';
import type { CvResults, SearchResult } from './search-cv.js';

function synthDataset(rows: number, seed: number): Dataset {
  return parseCsvText([...synthCsvChunks({ rows, seed })].join(''), { requireTarget: true, label: 'synth.csv' });
}

const ds = synthDataset(1000, 21);
const frame = ds.frame;
const labels = ds.labels!;
const logistic = getPreset('logistic').build(ds.schema, 0);
const ovr = getPreset('ovr-logistic').build(ds.schema, 0);
const dummy = (strategy: string) => ({ type: 'DummyClassifier', params: { strategy } });

/** Everything but the wall-clock columns, which are the only part allowed to differ between runs. */
function withoutTimes(r: SearchResult): unknown {
  const cv = Object.fromEntries(Object.entries(r.cvResults).filter(([k]) => !k.endsWith('_time')));
  return JSON.stringify({ ...r, cvResults: cv, refitTime: null, bestEstimator: r.bestEstimator?.toJSON() ?? null });
}

function splits(cv: CvResults, c: number, nSplits: number): number[] {
  return Array.from({ length: nSplits }, (_, s) => cv[`split${s}_test_score`][c]);
}

describe('gridSearchCV on synthetic customers', () => {
  const Cs = [0.01, 1, 100];
  const progress: [number, number, string][] = [];
  const result = gridSearchCV({
    config: logistic,
    paramGrid: { 'estimator.C': Cs },
    frame,
    labels,
    onProgress: (done, total, message) => progress.push([done, total, message]),
  });

  it('scores each candidate exactly as a manual cross-validation of its config', () => {
    Cs.forEach((C, c) => {
      const config: PipelineConfig = { ...logistic, estimator: { type: 'LogisticRegression', params: { C, maxIter: 100 } } };
      expect(result.candidates[c]).toEqual(config);
      const manual = crossValidateConfig(frame, labels, config, 5);
      expect(splits(result.cvResults, c, 5)).toEqual(manual.folds.map((f) => f.accuracy));
      expect(result.cvResults.mean_test_score[c]).toBe(manual.mean.accuracy);
      expect(result.cvResults.std_test_score[c]).toBe(manual.std.accuracy);
    });
  });

  it('has the shape of sklearn cv_results_', () => {
    const cv = result.cvResults;
    expect(Object.keys(cv)).toEqual([
      'mean_fit_time',
      'std_fit_time',
      'mean_score_time',
      'std_score_time',
      'param_estimator.C',
      'params',
      'split0_test_score',
      'split1_test_score',
      'split2_test_score',
      'split3_test_score',
      'split4_test_score',
      'mean_test_score',
      'std_test_score',
      'rank_test_score',
    ]);
    expect(cv.params).toEqual(Cs.map((C) => ({ 'estimator.C': C })));
    expect(cv['param_estimator.C']).toEqual(Cs);
    for (let c = 0; c < Cs.length; c++) expect(cv.std_test_score[c]).toBe(npStd(splits(cv, c, 5)));
    expect(cv.rank_test_score).toEqual(cv.mean_test_score.map((m) => 1 + cv.mean_test_score.filter((x) => x > m).length));
    expect(cv.mean_fit_time.every((t) => t > 0)).toBe(true);
    expect(result.nSplits).toBe(5);
    expect(result.scoring).toBe('accuracy');
  });

  it('picks the best candidate and refits it on every row', () => {
    const cv = result.cvResults;
    const best = cv.mean_test_score.indexOf(Math.max(...cv.mean_test_score));
    expect(result.bestIndex).toBe(best);
    expect(cv.rank_test_score[best]).toBe(1);
    expect(result.bestScore).toBe(cv.mean_test_score[best]);
    expect(result.bestParams).toEqual({ 'estimator.C': Cs[best] });
    expect(result.bestConfig).toEqual(result.candidates[best]);
    const refit = pipelineFromConfig(result.bestConfig).fit(frame, labels);
    expect(result.bestEstimator!.predictProba(frame)).toEqual(refit.predictProba(frame));
    expect(result.refitTime).toBeGreaterThan(0);
  });

  it('reports progress after every fold fit and after the refit', () => {
    expect(progress.map(([d]) => d)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(progress.every(([, t]) => t === 16)).toBe(true);
    expect(progress[0][2]).toMatch(/^candidate 1\/3 \(estimator.C=0.01\), fold 1\/5: accuracy 0\.\d+/);
    expect(progress[15][2]).toMatch(/^refitted candidate \d/);
  });

  it('is reproducible: the same inputs give the same results, timings aside', () => {
    const again = gridSearchCV({ config: logistic, paramGrid: { 'estimator.C': Cs }, frame, labels });
    expect(withoutTimes(again)).toEqual(withoutTimes(result));
  });

  it('other scorings agree with the manual cross-validation too', () => {
    const configs = Cs.slice(0, 2);
    const ll = gridSearchCV({ config: logistic, paramGrid: { 'estimator.C': configs }, frame, labels, scoring: 'neg_log_loss', refit: false });
    const f1 = gridSearchCV({ config: logistic, paramGrid: { 'estimator.C': configs }, frame, labels, scoring: 'f1_macro', refit: false });
    configs.forEach((_, c) => {
      const manual = crossValidateConfig(frame, labels, ll.candidates[c], 5);
      expect(splits(ll.cvResults, c, 5)).toEqual(manual.folds.map((f) => -f.log_loss));
      expect(splits(f1.cvResults, c, 5)).toEqual(manual.folds.map((f) => f.macro_f1));
    });
    expect(ll.bestEstimator).toBeNull();
    expect(ll.refitTime).toBeNull();
  });
});

describe('gridSearchCV behaviour', () => {
  const small = synthDataset(300, 4);

  it('ranks ties with sklearn\'s "min" method and lets the lowest index win', () => {
    const grid = { estimator: [dummy('prior'), dummy('most_frequent'), { type: 'LogisticRegression', params: {} }] };
    const r = gridSearchCV({ config: logistic, paramGrid: grid, frame: small.frame, labels: small.labels!, refit: false });
    const m = r.cvResults.mean_test_score;
    expect(m[0]).toBe(m[1]);
    expect(m[2]).toBeGreaterThan(m[0]);
    expect(r.cvResults.rank_test_score).toEqual([2, 2, 1]);

    const tied = gridSearchCV({ config: logistic, paramGrid: { estimator: [dummy('most_frequent'), dummy('prior')] }, frame: small.frame, labels: small.labels! });
    expect(tied.cvResults.rank_test_score).toEqual([1, 1]);
    expect(tied.bestIndex).toBe(0);
    expect(tied.bestParams).toEqual({ estimator: dummy('most_frequent') });
  });

  it('searches a list of grids, nested keys and steps addressed by type', () => {
    const r = gridSearchCV({
      config: ovr,
      paramGrid: [{ 'estimator.estimator.C': [0.1, 10] }, { 'steps.OneHotEncoder.topCategories': [1] }],
      frame: small.frame,
      labels: small.labels!,
      cv: 3,
      refit: false,
    });
    expect(r.cvResults.params).toEqual([{ 'estimator.estimator.C': 0.1 }, { 'estimator.estimator.C': 10 }, { 'steps.OneHotEncoder.topCategories': 1 }]);
    expect(r.cvResults['param_estimator.estimator.C']).toEqual([0.1, 10, undefined]);
    expect(r.cvResults['param_steps.OneHotEncoder.topCategories']).toEqual([undefined, undefined, 1]);
    expect(r.candidates[2].steps[2].params.topCategories).toBe(1);
    expect(r.nSplits).toBe(3);
  });

  it('uses the folds it is given, read once', () => {
    const folds = new KFold({ nSplits: 4, shuffle: true, seed: 3 }).split(small.frame.nRows);
    function* once() {
      yield* folds;
    }
    const r = gridSearchCV({ config: logistic, paramGrid: { 'estimator.C': [1, 2] }, frame: small.frame, labels: small.labels!, cv: once(), refit: false });
    expect(r.nSplits).toBe(4);
    const strat = gridSearchCV({ config: logistic, paramGrid: { 'estimator.C': [1, 2] }, frame: small.frame, labels: small.labels!, cv: 4, refit: false });
    const same = gridSearchCV({
      config: logistic,
      paramGrid: { 'estimator.C': [1, 2] },
      frame: small.frame,
      labels: small.labels!,
      cv: new StratifiedKFold({ nSplits: 4 }).split(small.labels!),
      refit: false,
    });
    expect(withoutTimes(same)).toEqual(withoutTimes(strat));
    expect(r.cvResults.split0_test_score).not.toEqual(strat.cvResults.split0_test_score);
  });

  it('validates every candidate before fitting anything', () => {
    let calls = 0;
    const run = () =>
      gridSearchCV({ config: logistic, paramGrid: { 'estimator.C': [1, -1] }, frame: small.frame, labels: small.labels!, onProgress: () => calls++ });
    expect(run).toThrow(UserError);
    expect(run).toThrow(/candidate 1 \(estimator.C=-1\): estimator \(LogisticRegression\).*C must be a finite number > 0/);
    expect(calls).toBe(0);
    expect(() => gridSearchCV({ config: logistic, paramGrid: { 'estimator.Cee': [1] }, frame: small.frame, labels: small.labels! })).toThrow(
      /candidate 0 \(estimator.Cee=1\): parameter key "estimator.Cee"/,
    );
    expect(() => gridSearchCV({ config: logistic, paramGrid: { 'estimator.C': [1] }, frame: small.frame, labels: small.labels!, scoring: 'r2' as never })).toThrow(
      /unknown scoring "r2"/,
    );
    expect(() => gridSearchCV({ config: logistic, paramGrid: { 'estimator.C': [1] }, frame: small.frame, labels: small.labels!, cv: 1 })).toThrow(/n_splits=2 or more/);
  });

  it('a failing fit raises by default, or scores errorScore and ranks last', () => {
    // A one-hot encoder on a numeric column passes construction but fails at fit.
    const bad = { type: 'OneHotEncoder', params: { variables: ['Age'] } };
    const grid = { 'steps.5': [{ type: 'MinMaxScaler', params: {} }, bad] };
    const base = { config: logistic, paramGrid: grid, frame: small.frame, labels: small.labels!, cv: 3 };
    expect(() => gridSearchCV(base)).toThrow(/candidate 1 \(steps.5=.*OneHotEncoder.*\), fold 0: /);
    const r = gridSearchCV({ ...base, errorScore: NaN });
    expect(r.cvResults.mean_test_score[1]).toBeNaN();
    expect(r.cvResults.rank_test_score).toEqual([1, 2]);
    expect(r.bestIndex).toBe(0);
    expect(r.warnings.filter((w) => w.includes('failed and scores NaN')).length).toBe(3);
    expect(() => gridSearchCV({ ...base, paramGrid: { 'steps.5': [bad] }, errorScore: 0 })).toThrow(/^All the 3 fits failed/);
  });
});

describe('randomizedSearchCV', () => {
  const small = synthDataset(300, 8);
  const base = { config: ovr, frame: small.frame, labels: small.labels!, cv: 3, refit: false };

  it('draws nIter candidates deterministically per seed and scores them like a grid search would', () => {
    const dists = { 'estimator.estimator.C': { loguniform: [0.01, 100] as [number, number] }, 'estimator.estimator.fitIntercept': [true, false] };
    const a = randomizedSearchCV({ ...base, paramDistributions: dists, nIter: 4, seed: 7 });
    const b = randomizedSearchCV({ ...base, paramDistributions: dists, nIter: 4, seed: 7 });
    const c = randomizedSearchCV({ ...base, paramDistributions: dists, nIter: 4, seed: 8 });
    expect(withoutTimes(a)).toEqual(withoutTimes(b));
    expect(c.cvResults.params).not.toEqual(a.cvResults.params);
    expect(a.cvResults.params.length).toBe(4);
    for (const p of a.cvResults.params) {
      expect(p['estimator.estimator.C']).toBeGreaterThanOrEqual(0.01);
      expect(p['estimator.estimator.C']).toBeLessThan(100);
    }
    const grid = gridSearchCV({ ...base, paramGrid: a.cvResults.params.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, [v]]))) });
    expect(grid.cvResults.mean_test_score).toEqual(a.cvResults.mean_test_score);
  });

  it('caps nIter at a small all-list space with sklearn\'s warning', () => {
    const r = randomizedSearchCV({ ...base, paramDistributions: { 'estimator.estimator.C': [0.1, 1] }, nIter: 5 });
    expect(r.cvResults.params.length).toBe(2);
    expect(r.warnings).toContain('The total space of parameters 2 is smaller than n_iter=5. Running 2 iterations. For exhaustive searches, use GridSearchCV.');
  });
});
