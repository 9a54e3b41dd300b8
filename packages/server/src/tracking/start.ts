import { DEFAULT_STORE_DIR, LocalArtifactRepository, SqliteTrackingStore, invalidParam, resolveTrackingUri } from '@custseg/tracking';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { resolve } from 'node:path';
import { buildTrackingServer } from './server.js';

export interface StartTrackingServerOptions {
  /** Default 127.0.0.1: the server has no authentication, so it is not exposed unless asked. */
  host?: string;
  /** Default 5000, MLflow's; 0 picks a free port. */
  port?: number;
  /** `sqlite:///path.db`, a directory or a `file:` URI (default `.custseg/` in the working directory). */
  backendStoreUri?: string;
  /** Where proxied artifacts are stored (default the `artifacts/` directory beside the database). */
  artifactsDestination?: string;
  logger?: FastifyServerOptions['logger'];
  maxArtifactBytes?: number;
  cwd?: string;
}

export interface RunningTrackingServer {
  app: FastifyInstance;
  store: SqliteTrackingStore;
  host: string;
  port: number;
  /** e.g. `http://127.0.0.1:5000`, the tracking URI clients use. */
  url: string;
  /** Stops accepting requests, lets those in flight finish, then closes the store. */
  close(): Promise<void>;
}

/**
 * `custseg tracking serve`: the embedded store behind the MLflow REST API with proxied artifacts, as
 * `mlflow server --serve-artifacts` runs it: new experiments get `mlflow-artifacts:/<id>` locations, so run
 * artifact URIs are `mlflow-artifacts:/<experiment_id>/<run_id>/artifacts` and clients upload through the server.
 */
export async function startTrackingServer(options: StartTrackingServerOptions = {}): Promise<RunningTrackingServer> {
  const cwd = options.cwd ?? process.cwd();
  // the server's own configuration only: the tracking URI variables name where clients send data, not this
  const target = resolveTrackingUri(options.backendStoreUri ?? DEFAULT_STORE_DIR, {}, cwd);
  if (target.kind !== 'embedded') throw invalidParam(`--backend-store-uri must be a sqlite:/// URI or a directory, got '${options.backendStoreUri}'`);
  const artifactRoot = options.artifactsDestination !== undefined ? resolve(cwd, options.artifactsDestination) : target.artifactRoot;
  const store = new SqliteTrackingStore({ dbPath: target.dbPath, artifactRoot, defaultArtifactUri: 'mlflow-artifacts:' });
  const app = buildTrackingServer({
    store,
    artifacts: new LocalArtifactRepository(artifactRoot),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(options.maxArtifactBytes !== undefined ? { maxArtifactBytes: options.maxArtifactBytes } : {}),
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: options.port ?? 5000 });
  } catch (e) {
    await app.close().catch(() => undefined);
    await store.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 5000);
  let closing: Promise<void> | undefined;
  return {
    app,
    store,
    host,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        try {
          await app.close();
        } finally {
          await store.close();
        }
      })()),
  };
}
