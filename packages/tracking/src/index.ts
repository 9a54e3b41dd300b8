// Public API of @custseg/tracking: the store contract, the embedded SQLite store, URIs and the model registry helpers.
export * from './types.js';
export * from './errors.js';
export { SqliteTrackingStore, DEFAULT_STORE_DIR, type EmbeddedStoreOptions } from './sqlite/store.js';
export { LATEST_SCHEMA_VERSION } from './sqlite/migrations.js';
export { DEFAULT_EXPERIMENT_ID } from './sqlite/experiments.js';
export { RUN_NAME_TAG, USER_TAG } from './sqlite/runs.js';
export { parseRunsUri } from './sqlite/registry.js';
export { LocalArtifactRepository } from './artifacts/local.js';
export { normalizeArtifactPath } from './artifacts/paths.js';
export { artifactUriToPath } from './artifacts/uri.js';
export * from './tracking-uri.js';
export * from './model-uri.js';
export { parseFilter, parseOrderBy, type Clause, type Comparator, type OrderTerm } from './search/filter.js';
export { encodePageToken, decodePageToken } from './paging.js';
export { generateRunName } from './names.js';
export * from './validation.js';
export * from './rest/index.js';
