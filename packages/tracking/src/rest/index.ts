// The REST client of an MLflow-compatible tracking server, and the store opener that knows it.
import { openStore, type OpenStoreOptions } from '../tracking-uri.js';
import type { TrackingStore } from '../types.js';
import { RestTrackingStore, type RestStoreOptions } from './store.js';

export { RestTrackingStore, type RestStoreOptions } from './store.js';
export { RestClient, errorFromResponse, type RestClientOptions } from './http.js';
export { ARTIFACT_PROXY_PATH } from './artifacts.js';

/** MLflow's client credentials: a bearer token, else basic auth, from the environment. */
export function authHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (env.MLFLOW_TRACKING_TOKEN) return { authorization: `Bearer ${env.MLFLOW_TRACKING_TOKEN}` };
  if (env.MLFLOW_TRACKING_USERNAME && env.MLFLOW_TRACKING_PASSWORD) {
    return { authorization: `Basic ${Buffer.from(`${env.MLFLOW_TRACKING_USERNAME}:${env.MLFLOW_TRACKING_PASSWORD}`).toString('base64')}` };
  }
  return {};
}

export interface OpenTrackingStoreOptions extends OpenStoreOptions {
  rest?: RestStoreOptions;
}

/**
 * Opens the store a tracking URI names (see resolveTrackingUri), http(s) URIs included: those get a
 * RestTrackingStore with MLflow's credential variables applied.
 */
export function openTrackingStore(uri?: string, options: OpenTrackingStoreOptions = {}): TrackingStore {
  const { rest, ...storeOptions } = options;
  return openStore(uri, {
    ...storeOptions,
    restClient:
      options.restClient ??
      ((baseUrl) =>
        new RestTrackingStore(baseUrl, {
          ...rest,
          headers: { ...authHeaders(options.env ?? process.env), ...rest?.headers },
          ...(options.user !== undefined && rest?.user === undefined ? { user: options.user } : {}),
        })),
  });
}
