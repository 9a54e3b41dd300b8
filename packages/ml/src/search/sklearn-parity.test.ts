import { describe, expect, it } from 'vitest';
import '../preprocessing/index.js';
import '../linear/index.js';
import { readCsvFile } from '../data/csv.js';
import { getPreset } from '../pipeline/presets.js';
import { fixture, realDataFile } from '../test-support/data.js';
import { gridSearchCV } from './grid-search.js';
import type { ScoringName } from './scoring.js';

// GridSearchCV over the reference scikit-learn pipeline (scripts/reference/search.py) against ours on the real
// train.csv, same unshuffled StratifiedKFold(5) folds.
interface RealSearch {
  preset: string;
  scoring: ScoringName;
  key: string;
  values: number[];
  split_test_scores: number[][];
  mean_test_score: number[];
  std_test_score: number[];
  rank_test_score: number[];
  best_index: number;
}
interface Fixture {
  real?: { rows: number; fold_test_sizes: number[]; searches: Record<string, RealSearch> };
}

const train = realDataFile('train.csv');

describe.skipIf(!train)('gridSearchCV vs scikit-learn GridSearchCV on train.csv', async () => {
  const fx = await fixture<Fixture>('packages/ml/src/search/__fixtures__/sklearn-search.json');
  const ds = await readCsvFile(train!, { requireTarget: true });
  const real = fx.real!;

  it('the fixture was made from this file', () => {
    expect(ds.frame.nRows).toBe(real.rows);
  });

  for (const [name, ref] of Object.entries(real.searches)) {
    it(`${name}: ${ref.key} ∈ {${ref.values.join(', ')}} scores within one customer per fold`, () => {
      const r = gridSearchCV({
        config: getPreset(ref.preset).build(ds.schema, 0),
        paramGrid: { [ref.key]: ref.values },
        frame: ds.frame,
        labels: ds.labels!,
        scoring: ref.scoring,
        refit: false,
      });
      expect(r.cvResults.params).toEqual(ref.values.map((v) => ({ [ref.key]: v })));
      ref.values.forEach((_, c) => {
        let meanBound = 0;
        real.fold_test_sizes.forEach((m, s) => {
          const ours = r.cvResults[`split${s}_test_score`][c];
          const theirs = ref.split_test_scores[c][s];
          // One customer flipping between two classes the solvers leave within tolerance moves accuracy by 1/m;
          // macro F1 by at most about 2/m per affected class; the log loss only by the solvers' tolerance.
          const bound = ref.scoring === 'accuracy' ? 1 / m : ref.scoring === 'f1_macro' ? 4 / m : 1e-8;
          expect(Math.abs(ours - theirs), `candidate ${c} fold ${s}`).toBeLessThanOrEqual(bound + 1e-12);
          meanBound += bound / real.fold_test_sizes.length;
        });
        expect(Math.abs(r.cvResults.mean_test_score[c] - ref.mean_test_score[c])).toBeLessThanOrEqual(meanBound + 1e-12);
      });
      expect(r.cvResults.rank_test_score).toEqual(ref.rank_test_score);
      expect(r.bestIndex).toBe(ref.best_index);
    });
  }
});
