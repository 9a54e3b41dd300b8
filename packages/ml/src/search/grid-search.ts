import { ParameterGrid, type ParamGrid } from './param-grid.js';
import { searchCandidates, type SearchOptions, type SearchResult } from './search-cv.js';

export interface GridSearchOptions extends SearchOptions {
  /** Key → values to try; a list of such objects searches each grid in turn (sklearn's param_grid). */
  readonly paramGrid: ParamGrid | readonly ParamGrid[];
}

/** scikit-learn's GridSearchCV over a PipelineConfig: every candidate of the grid, in ParameterGrid's order. */
export function gridSearchCV(opts: GridSearchOptions): SearchResult {
  return searchCandidates(opts, [...new ParameterGrid(opts.paramGrid)]);
}
