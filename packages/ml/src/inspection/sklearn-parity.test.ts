import { describe, expect, it } from 'vitest';
import '../preprocessing/index.js';
import '../linear/index.js';
import { readCsvFile } from '../data/csv.js';
import { pipelineFromConfig } from '../pipeline/config.js';
import { getPreset } from '../pipeline/presets.js';
import { fixture, realDataFile } from '../test-support/data.js';
import { permutationImportance } from './permutation-importance.js';

// sklearn's permutation_importance of the reference logistic pipeline on train.csv (scripts/reference/search.py).
// The permutations come from different generators, so the figures agree only up to sampling noise.
interface Fixture {
  rows: number;
  n_repeats: number;
  baseline_score: number;
  columns: string[];
  importances_mean: number[];
  importances_std: number[];
}

const train = realDataFile('train.csv');

describe.skipIf(!train)('permutationImportance vs scikit-learn on train.csv', async () => {
  const fx = await fixture<Fixture>('packages/ml/src/inspection/__fixtures__/permutation-importance.json');
  const ds = await readCsvFile(train!, { requireTarget: true });

  it('the logistic preset: same baseline, importances within sampling noise, same top features', () => {
    expect(ds.frame.nRows).toBe(fx.rows);
    const model = pipelineFromConfig(getPreset('logistic').build(ds.schema, 0)).fit(ds.frame, ds.labels!);
    const r = permutationImportance(model, ds.frame, ds.labels!, { nRepeats: fx.n_repeats, seed: 0 });
    expect(r.columns).toEqual(fx.columns);
    // The fit itself matches sklearn to solver tolerance: at most a customer or two may flip.
    expect(Math.abs(r.baselineScore - fx.baseline_score)).toBeLessThanOrEqual(2 / fx.rows);
    r.columns.forEach((name, j) => {
      // Two independent means of nRepeats draws each: allow four standard errors of their difference.
      const se = Math.sqrt((r.importancesStd[j] ** 2 + fx.importances_std[j] ** 2) / fx.n_repeats);
      expect(Math.abs(r.importancesMean[j] - fx.importances_mean[j]), name).toBeLessThanOrEqual(4 * se + 2 / fx.rows);
    });
    const top = (m: number[]) => m.map((v, j) => [v, j]).sort((a, b) => b[0] - a[0]).slice(0, 1).map(([, j]) => fx.columns[j]);
    expect(top(r.importancesMean)).toEqual(top(fx.importances_mean));
  });
});
