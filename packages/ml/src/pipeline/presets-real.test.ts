import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../data/csv.js';
import { realDataFile } from '../test-support/data.js';
import { crossValidateConfig } from '../train.js';
import { getPreset } from './presets.js';

const train = realDataFile('train.csv');

// The bar for `best`: beat every scikit-learn model it lists in 5-fold CV on train.csv
// (the best of them, RandomForest(300, min_samples_leaf=5), scored 0.524 with sklearn 1.2).
describe.skipIf(!train)('the best preset on train.csv', () => {
  it('beats every listed scikit-learn model in 5-fold stratified CV', async () => {
    const ds = await readCsvFile(train!, { requireTarget: true });
    const cv = crossValidateConfig(ds.frame, ds.labels!, getPreset('best').build(ds.schema, 0), 5);
    expect(cv.mean.accuracy).toBeGreaterThanOrEqual(0.53);
    expect(cv.mean.log_loss).toBeLessThan(1.06);
  });
});
