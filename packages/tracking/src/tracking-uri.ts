import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidParam } from './errors.js';
import { DEFAULT_STORE_DIR, SqliteTrackingStore, type EmbeddedStoreOptions } from './sqlite/store.js';
import type { TrackingStore } from './types.js';

export type ResolvedTrackingUri =
  | { kind: 'embedded'; dbPath: string; artifactRoot: string }
  | { kind: 'rest'; baseUrl: string };

export const TRACKING_URI_ENV = 'CUSTSEG_TRACKING_URI';
export const MLFLOW_TRACKING_URI_ENV = 'MLFLOW_TRACKING_URI';

/**
 * Where tracking goes, as MLflow decides it: the explicit URI, else CUSTSEG_TRACKING_URI, else MLFLOW_TRACKING_URI,
 * else `.custseg/` in the working directory.
 * - `sqlite:///relative/path.db`, `sqlite:////abs/path.db` → that database, artifacts in `artifacts/` beside it;
 * - `http(s)://host:port[/prefix]` → a REST server;
 * - a directory path or `file:` URI (MLflow's file store location) → DIR/tracking.db and DIR/artifacts.
 */
export function resolveTrackingUri(uri?: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ResolvedTrackingUri {
  const chosen = [uri, env[TRACKING_URI_ENV], env[MLFLOW_TRACKING_URI_ENV]].find((u) => u !== undefined && u.trim() !== '')?.trim();
  if (chosen === undefined) return embeddedIn(resolve(cwd, DEFAULT_STORE_DIR));
  if (/^https?:\/\//i.test(chosen)) {
    let url: URL;
    try {
      url = new URL(chosen);
    } catch {
      throw invalidParam(`Invalid tracking URI '${chosen}': not a valid URL`);
    }
    return { kind: 'rest', baseUrl: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}` };
  }
  if (/^sqlite:/i.test(chosen)) {
    // SQLAlchemy's form: three slashes then the path, so a fourth slash makes it absolute
    const m = /^sqlite:\/\/\/(.+)$/i.exec(chosen);
    if (!m || m[1].includes('?')) throw invalidParam(`Invalid tracking URI '${chosen}': expected sqlite:///relative/path.db or sqlite:////absolute/path.db`);
    const dbPath = resolve(cwd, decodeURIComponent(m[1]));
    return { kind: 'embedded', dbPath, artifactRoot: join(resolve(dbPath, '..'), 'artifacts') };
  }
  if (/^file:/i.test(chosen)) {
    try {
      return embeddedIn(fileURLToPath(chosen));
    } catch {
      throw invalidParam(`Invalid tracking URI '${chosen}': not a valid file: URI`);
    }
  }
  if (/^[A-Za-z][\w+.-]+:/.test(chosen) || /^databricks(-uc)?$/i.test(chosen)) {
    throw invalidParam(`Unsupported tracking URI '${chosen}': use sqlite:///path.db, a directory, or http(s)://host:port`);
  }
  return embeddedIn(isAbsolute(chosen) ? chosen : resolve(cwd, chosen));
}

function embeddedIn(dir: string): ResolvedTrackingUri {
  return { kind: 'embedded', dbPath: join(dir, 'tracking.db'), artifactRoot: join(dir, 'artifacts') };
}

export function openEmbeddedStore(options: EmbeddedStoreOptions = {}): SqliteTrackingStore {
  return new SqliteTrackingStore(options);
}

export interface OpenStoreOptions extends Omit<EmbeddedStoreOptions, 'dbPath'> {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Builds the client for http(s) tracking URIs (the REST client lives with the server package). */
  restClient?: (baseUrl: string) => TrackingStore;
}

/** Opens the store a tracking URI names (see resolveTrackingUri). */
export function openStore(uri?: string, options: OpenStoreOptions = {}): TrackingStore {
  const target = resolveTrackingUri(uri, options.env ?? process.env, options.cwd ?? process.cwd());
  if (target.kind === 'rest') {
    if (!options.restClient) throw invalidParam(`Tracking URI ${target.baseUrl} needs the REST client, which was not provided to openStore`);
    return options.restClient(target.baseUrl);
  }
  return openEmbeddedStore({
    dbPath: target.dbPath,
    artifactRoot: options.artifactRoot ?? target.artifactRoot,
    ...(options.defaultArtifactUri !== undefined ? { defaultArtifactUri: options.defaultArtifactUri } : {}),
    ...(options.user !== undefined ? { user: options.user } : {}),
  });
}
