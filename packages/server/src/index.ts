// Public API of @custseg/server: the MLflow-compatible tracking server.
export { buildTrackingServer, registerTrackingApi, DEFAULT_MAX_ARTIFACT_BYTES, DEFAULT_MAX_JSON_BYTES, type TrackingServerOptions } from './tracking/server.js';
export { startTrackingServer, type RunningTrackingServer, type StartTrackingServerOptions } from './tracking/start.js';
export { errorResponse, type ErrorBody } from './tracking/errors.js';
export * from './serving/index.js';
