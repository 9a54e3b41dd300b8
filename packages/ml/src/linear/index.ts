import { registerClassifier } from '../core/registry.js';
import { DUMMY_CLASSIFIER_TYPE, DummyClassifier } from './dummy.js';
import { LOGISTIC_REGRESSION_TYPE, LogisticRegression } from './logistic-regression.js';
import { ONE_VS_REST_TYPE, OneVsRestClassifier } from './one-vs-rest.js';

export type { ClassWeight } from './class-weight.js';
export * from './dummy.js';
export * from './logistic-regression.js';
export * from './one-vs-rest.js';

// Importing this module is what makes these types loadable from a model document.
registerClassifier(LOGISTIC_REGRESSION_TYPE, LogisticRegression.fromJSON);
registerClassifier(ONE_VS_REST_TYPE, OneVsRestClassifier.fromJSON);
registerClassifier(DUMMY_CLASSIFIER_TYPE, DummyClassifier.fromJSON);
