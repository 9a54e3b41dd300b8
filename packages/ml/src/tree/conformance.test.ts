import { describeClassifierConformance } from '../test-support/conformance-classifier.js';
import '../linear/index.js';
import { OneVsRestClassifier } from '../linear/index.js';
import { DecisionTreeClassifier } from './index.js';
import { mixedDataset } from './test-support/datasets.js';

const data = (n: number, k: number) => () => mixedDataset(n, k, 3);

describeClassifierConformance('DecisionTreeClassifier', () => new DecisionTreeClassifier(), data(400, 3));
describeClassifierConformance(
  'DecisionTreeClassifier(entropy, maxDepth 5, minSamplesLeaf 4, sqrt features)',
  () => new DecisionTreeClassifier({ criterion: 'entropy', maxDepth: 5, minSamplesLeaf: 4, maxFeatures: 'sqrt', randomState: 11 }),
  data(300, 4),
);
describeClassifierConformance(
  "DecisionTreeClassifier(classWeight 'balanced', minImpurityDecrease)",
  () => new DecisionTreeClassifier({ classWeight: 'balanced', minImpurityDecrease: 0.001 }),
  data(300, 3),
);
describeClassifierConformance(
  'OneVsRestClassifier(DecisionTreeClassifier)',
  () => new OneVsRestClassifier({ estimator: new DecisionTreeClassifier({ maxDepth: 6 }) }),
  data(300, 3),
);
