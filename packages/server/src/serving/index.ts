// Public API of the model serving part of @custseg/server.
export { buildServingApp, type ServingAppOptions } from './app.js';
export { resolveWebDir, BUNDLED_WEB_DIR } from './web-ui.js';
export { startServing, type StartServingOptions, type RunningServer } from './start.js';
export { servingConfigFromEnv, DEFAULT_SERVING_CONFIG, SERVING_ENV, ServingConfigError, type ServingConfig } from './config.js';
export type { ModelSource, SourcedModel, WatchOptions } from './model/source.js';
export { FileModelSource } from './model/file-source.js';
export { RegistryAliasSource, type AliasStore } from './model/registry-source.js';
export { FixedUriSource, modelSourceFromUri, DEFAULT_MODEL_URI } from './model/uri-source.js';
export { ModelManager } from './model/manager.js';
export { ServedModel } from './model/served-model.js';
export type { ErrorBody as ServingErrorBody } from './errors/api-error.js';
export type { ErrorDetail } from './errors/details.js';
export { runServingBench, type ServingBenchOptions, type ServingBenchResult } from '../bench/serving-bench.js';
