export { trainTestSplit, type TrainTestSplitOptions, type TrainTestIndices } from './trainTestSplit.js';
export { KFold, type KFoldOptions } from './kfold.js';
export { StratifiedKFold } from './stratifiedKFold.js';
export { RepeatedStratifiedKFold, type RepeatedStratifiedKFoldOptions } from './repeatedStratifiedKFold.js';
export { Folds, type Fold } from './folds.js';
export { crossValidate, type CrossValidateOptions, type CrossValidateResult, type FoldScores } from './crossValidate.js';
export { approximateMode } from './approximateMode.js';
export { shuffleSplitSizes } from './sizes.js';
