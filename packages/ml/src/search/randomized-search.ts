import { ParameterSampler, type ParamDistributions } from './param-sampler.js';
import { searchCandidates, type SearchOptions, type SearchResult } from './search-cv.js';

export interface RandomizedSearchOptions extends SearchOptions {
  /** Key → a list or a distribution object; a list of such objects picks one per draw (sklearn's param_distributions). */
  readonly paramDistributions: ParamDistributions | readonly ParamDistributions[];
  /** Number of candidates drawn. Default 10. */
  readonly nIter?: number;
}

/** scikit-learn's RandomizedSearchCV over a PipelineConfig: `nIter` candidates drawn from `seed` (default 0). */
export function randomizedSearchCV(opts: RandomizedSearchOptions): SearchResult {
  const sampler = new ParameterSampler(opts.paramDistributions, opts.nIter ?? 10, opts.seed ?? 0);
  return searchCandidates(opts, sampler.samples(), sampler.warnings);
}
