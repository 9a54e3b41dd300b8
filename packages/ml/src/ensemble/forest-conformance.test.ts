import { describeClassifierConformance } from '../test-support/conformance-classifier.js';
import '../linear/index.js';
import { OneVsRestClassifier } from '../linear/index.js';
import { mixedDataset } from '../tree/test-support/datasets.js';
import { RandomForestClassifier } from './index.js';

const data = (n: number, k: number) => () => mixedDataset(n, k, 3);

describeClassifierConformance('RandomForestClassifier', () => new RandomForestClassifier(), data(300, 3));
describeClassifierConformance(
  'RandomForestClassifier(entropy, oobScore, maxSamples, balanced_subsample)',
  () => new RandomForestClassifier({ nEstimators: 15, criterion: 'entropy', oobScore: true, maxSamples: 0.7, classWeight: 'balanced_subsample', randomState: 4 }),
  data(300, 4),
);
describeClassifierConformance(
  'RandomForestClassifier(no bootstrap, maxDepth, minSamplesLeaf, balanced)',
  () => new RandomForestClassifier({ nEstimators: 10, bootstrap: false, maxDepth: 5, minSamplesLeaf: 3, classWeight: 'balanced', maxFeatures: null }),
  data(250, 3),
);
describeClassifierConformance(
  'OneVsRestClassifier(RandomForestClassifier)',
  () => new OneVsRestClassifier({ estimator: new RandomForestClassifier({ nEstimators: 20 }) }),
  data(300, 3),
);
