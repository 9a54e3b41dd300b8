import { registerClassifier } from '../../core/registry.js';
import { HGB_TYPE, HistGradientBoostingClassifier } from './hist-gradient-boosting.js';

export { HistGradientBoostingClassifier, HGB_TYPE } from './hist-gradient-boosting.js';
export type { HistGradientBoostingOptions, HgbEarlyStopping, HgbScoring } from './options.js';

// Importing this module is what makes the type loadable from a model document.
registerClassifier(HGB_TYPE, HistGradientBoostingClassifier.fromJSON);
