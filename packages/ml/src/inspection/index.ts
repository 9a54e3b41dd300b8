export {
  permutationImportance,
  type PermutationImportanceOptions,
  type PermutationImportanceResult,
  type ProbabilisticModel,
} from './permutation-importance.js';
