import { describe, expect, it } from 'vitest';
import { fixture } from '../test-support/data.js';
import { rankTestScores } from './rank.js';
import { balancedAccuracyScore, getScorer, SCORING_NAMES } from './scoring.js';

interface SearchFixture {
  ranks: { values: (number | null)[]; mean_test_score: (number | null)[]; rank_test_score: number[]; best_index: number }[];
  scorers: { y_true: number[]; proba: number[][]; scores: Record<string, number> }[];
}
const fx = await fixture<SearchFixture>('packages/ml/src/search/__fixtures__/sklearn-search.json');
const CLASSES = ['A', 'B', 'C', 'D'];

describe('scorers match scikit-learn get_scorer', () => {
  fx.scorers.forEach((c, i) => {
    it(`case ${i} (${c.y_true.length} rows)`, () => {
      const y = Int32Array.from(c.y_true);
      const proba = Float64Array.from(c.proba.flat());
      for (const [name, ref] of Object.entries(c.scores)) {
        expect(getScorer(name as (typeof SCORING_NAMES)[number]).score(y, proba, CLASSES), name).toBe(ref);
      }
    });
  });

  it('balanced accuracy averages recall over the classes present in yTrue only', () => {
    expect(balancedAccuracyScore(Int32Array.of(0, 0, 1, 1), Int32Array.of(0, 2, 1, 1), ['a', 'b', 'c'])).toBe(0.75);
  });

  it('refuses an unknown scoring name', () => {
    expect(() => getScorer('roc_auc' as never)).toThrow('unknown scoring "roc_auc": expected one of accuracy, neg_log_loss, f1_macro, balanced_accuracy');
    expect(() => getScorer('toString' as never)).toThrow(/unknown scoring/);
  });
});

describe('rank_test_score matches a real GridSearchCV', () => {
  for (const c of fx.ranks) {
    it(`values ${JSON.stringify(c.values)}`, () => {
      const means = c.mean_test_score.map((m) => (m === null ? NaN : m));
      const ranks = rankTestScores(means);
      expect(ranks).toEqual(c.rank_test_score);
      expect(ranks.indexOf(Math.min(...ranks))).toBe(c.best_index);
    });
  }

  it('all failed candidates all rank 1', () => {
    expect(rankTestScores([NaN, NaN])).toEqual([1, 1]);
  });
});
