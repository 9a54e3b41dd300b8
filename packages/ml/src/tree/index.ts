import { registerClassifier } from '../core/registry.js';
import { DECISION_TREE_TYPE, DecisionTreeClassifier } from './decision-tree.js';

export * from './decision-tree.js';
export { CompactTree, type CompactTreeJSON } from './compact-tree.js';
export type { Criterion, MaxFeatures, TreeGrowthParams } from './params.js';
export type { TreeClassWeight } from './class-weight.js';

// Importing this module is what makes the type loadable from a model document.
registerClassifier(DECISION_TREE_TYPE, DecisionTreeClassifier.fromJSON);
