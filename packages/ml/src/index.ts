// Public API of @custseg/ml. Importing it also registers every component type (the closed set a
// model document may name) through each area's index module.
export * from './core/errors.js';
export * from './core/types.js';
export * from './core/registry.js';
export * from './data/frame.js';
export * from './data/schema.js';
export * from './data/csv.js';
export * from './random/rng.js';
export * from './io/atomic.js';
export * from './preprocessing/index.js';
export * from './linear/index.js';
export * from './metrics/index.js';
export * from './model_selection/index.js';
export * from './synth/index.js';
export * from './pipeline/pipeline.js';
export * from './pipeline/config.js';
export * from './pipeline/presets.js';
export * from './model/document.js';
export * from './model/version.js';
export * from './train.js';
export * from './search/index.js';
export * from './inspection/index.js';
export * from './meta/index.js';
export * from './ensemble/index.js';
export * from './tree/index.js';
export * from './eda/index.js';
