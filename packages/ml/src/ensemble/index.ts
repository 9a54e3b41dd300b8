import { registerClassifier } from '../core/registry.js';
import { RANDOM_FOREST_TYPE, RandomForestClassifier } from './forest.js';

export * from './forest.js';

// Importing this module is what makes the type loadable from a model document.
registerClassifier(RANDOM_FOREST_TYPE, RandomForestClassifier.fromJSON);
export * from './hgb/index.js';
