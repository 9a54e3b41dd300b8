import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { UserError } from '@custseg/ml';
import { openTrackingStore, type TrackingStore } from '@custseg/tracking';
import { buildServingApp } from './app.js';
import type { ServingConfig } from './config.js';
import { RegistryAliasSource } from './model/registry-source.js';
import { modelSourceFromUri } from './model/uri-source.js';
import { resolveWebDir } from './web-ui.js';

export interface StartServingOptions {
  readonly config: ServingConfig;
  /** The tracking store for registry and run URIs; opened from `config.trackingUri` when needed and not given. */
  readonly store?: TrackingStore;
  /** Mounts the tracking REST API (needed when `config.serveTracking`). */
  readonly trackingApi?: (app: FastifyInstance) => Promise<void>;
  /** Stop gracefully on SIGTERM/SIGINT and exit (default true; tests turn it off). */
  readonly handleSignals?: boolean;
  readonly logger?: FastifyServerOptions['logger'];
  /** How the process ends after a signal (default process.exit). */
  readonly exit?: (code: number) => void;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** e.g. http://127.0.0.1:8000 */
  readonly url: string;
  /** Stops accepting connections, finishes in-flight requests, stops watching, closes a store it opened. */
  close(): Promise<void>;
}

/**
 * `custseg serve`: resolves the model source, builds the app and listens. A model that cannot be loaded at start
 * is an error (one line, exit 2 in the CLI), except for a registry alias, which may be set later: the server then
 * starts unready and picks the model up at the next check.
 */
export async function startServing(options: StartServingOptions): Promise<RunningServer> {
  const { config } = options;
  const needsStore = /^(models|runs):/.test(config.model);
  let ownedStore: TrackingStore | undefined;
  let store = options.store;
  if (!store && needsStore) store = ownedStore = openTrackingStore(config.trackingUri);
  if (config.serveTracking && !options.trackingApi) {
    throw new UserError('CUSTSEG_SERVE_TRACKING is set but this build has no tracking API to mount');
  }
  const source = modelSourceFromUri(config.model, store);
  let app: FastifyInstance;
  try {
    app = await buildServingApp({
      source,
      maxBatchRows: config.maxBatchRows,
      maxBodyBytes: config.maxBodyBytes,
      maxUploadBytes: config.maxUploadBytes,
      unknownFields: config.unknownFields,
      corsOrigins: config.corsOrigins,
      ...(config.token !== undefined ? { token: config.token } : {}),
      pollIntervalMs: config.pollSeconds * 1000,
      logger: options.logger ?? { level: config.logLevel },
      accessLog: config.accessLog,
      accessLogLevel: config.accessLogLevel,
      failFast: !(source instanceof RegistryAliasSource),
      ...(config.serveTracking && options.trackingApi ? { trackingApi: options.trackingApi } : {}),
      webDir: resolveWebDir(config.webDir),
    });
    await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    await ownedStore?.close();
    throw e;
  }

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await app.close();
      await ownedStore?.close();
    })();
    return closing;
  };
  const exit = options.exit ?? ((code: number) => process.exit(code));
  function onSignal(signal: NodeJS.Signals): void {
    app.log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    const timer = setTimeout(() => {
      app.log.error({ timeoutSeconds: config.shutdownTimeoutSeconds }, 'shutdown timed out with requests still in flight');
      exit(1);
    }, config.shutdownTimeoutSeconds * 1000);
    timer.unref();
    close().then(
      () => exit(0),
      (e: unknown) => {
        app.log.error({ err: e }, 'shutdown failed');
        exit(1);
      },
    );
  }
  if (options.handleSignals !== false) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return { app, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, close };
}
