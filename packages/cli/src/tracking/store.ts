import { loadModel, type LoadedModel } from '@custseg/ml';
import { loadModelFromUri, openTrackingStore, resolveTrackingUri, type TrackingStore } from '@custseg/tracking';

/**
 * The tracking store of this process: CUSTSEG_TRACKING_URI / MLFLOW_TRACKING_URI or `--tracking-uri`, else the
 * embedded store in ./.custseg. http(s) URIs get the REST client, so every command works against a remote
 * custseg or MLflow tracking server too.
 */
export function openTracking(uri?: string): TrackingStore {
  return openTrackingStore(uri);
}

/** Where the store lives, for messages. */
export function describeTracking(uri?: string): string {
  const t = resolveTrackingUri(uri);
  return t.kind === 'rest' ? t.baseUrl : t.dbPath;
}

const REGISTRY_URI = /^(models|runs):/;

/**
 * Loads the model any `--model` names: a file path, or models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN/model
 * through the tracking store (opened only for those, so scoring a file never creates a store).
 */
export async function loadModelArg(uri: string, trackingUri?: string): Promise<LoadedModel & { label: string; version?: string }> {
  if (!REGISTRY_URI.test(uri)) return { ...(await loadModel(uri)), label: uri };
  const store = openTracking(trackingUri);
  try {
    const m = await loadModelFromUri(store, uri);
    return { ...m, label: uri, version: m.resolved.modelVersion?.version };
  } finally {
    await store.close();
  }
}
