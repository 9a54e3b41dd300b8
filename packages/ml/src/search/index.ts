export { getConfigParam, setConfigParam, setConfigParams, isComponentConfig } from './param-path.js';
export { ParameterGrid, type ParamGrid, type ParamSet } from './param-grid.js';
export { ParameterSampler, sampleWithoutReplacement, type Distribution, type ParamDistributions } from './param-sampler.js';
export { getScorer, balancedAccuracyScore, SCORING_NAMES, type Scorer, type ScoringName } from './scoring.js';
export { rankTestScores } from './rank.js';
export { searchCandidates, type CvResults, type SearchOptions, type SearchResult } from './search-cv.js';
export { gridSearchCV, type GridSearchOptions } from './grid-search.js';
export { randomizedSearchCV, type RandomizedSearchOptions } from './randomized-search.js';
