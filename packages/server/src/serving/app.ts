import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cors from '@fastify/cors';
import { DEFAULT_SERVING_CONFIG } from './config.js';
import { installErrorHandling } from './errors/api-error.js';
import { bearerGuard, changesState } from './http/auth.js';
import type { ServingContext } from './http/context.js';
import { accessLogger, lazyChildLoggerFactory, ServingLogController, type LogLevelName } from './http/request-log.js';
import { ModelManager } from './model/manager.js';
import type { ModelSource } from './model/source.js';
import { ServingMetrics } from './metrics.js';
import type { UnknownFields } from './scoring/json-row-reader.js';
import { registerDocs } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoute } from './routes/metrics.js';
import { modelRoutes } from './routes/model-info.js';
import { modelProfileRoute } from './routes/model-profile.js';
import { predictCsvRoute } from './routes/predict-csv.js';
import { predictRoutes } from './routes/predict.js';
import { profileRoute } from './routes/profile.js';
import { seedRoutes, seedUploadRoute } from './routes/seed.js';
import { acceptUploads } from './routes/upload.js';
import { registerWebUi } from './web-ui.js';

export interface ServingAppOptions {
  readonly source: ModelSource;
  /** Most rows in one JSON request (default 10,000). */
  readonly maxBatchRows?: number;
  /** Largest JSON body (default 32 MiB). */
  readonly maxBodyBytes?: number;
  /** Largest CSV upload; 0 (default) for none. */
  readonly maxUploadBytes?: number;
  /** Fields the model does not take: refused with a 400 (default) or ignored. */
  readonly unknownFields?: UnknownFields;
  /** Allowed CORS origins ('*' for any); none (default) sends no CORS headers. */
  readonly corsOrigins?: readonly string[];
  /** Bearer token for the endpoints that change state; none (default) leaves them open. */
  readonly token?: string;
  /** Milliseconds between checks of a watchable source (default 30 s); 0 turns hot reload off. */
  readonly pollIntervalMs?: number;
  /** Fastify's logger option (pino options, or false); default: pino at info. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Log a line per request answered below 400 (default true); 4xx (warn) and 5xx (error) are always logged. */
  readonly accessLog?: boolean;
  /** The level of those lines (default debug: not written at the default info level). */
  readonly accessLogLevel?: LogLevelName;
  /** Throw when the first load fails instead of starting unready (default false). */
  readonly failFast?: boolean;
  /** Serve /docs and /openapi.json (default true). */
  readonly docs?: boolean;
  /**
   * Mounts more routes in this server, e.g. the tracking REST API, so that one process serves everything locally.
   * Its state-changing requests need the bearer token too.
   */
  readonly trackingApi?: (app: FastifyInstance) => Promise<void>;
  /** Directory of the built web app to serve at `/` (see resolveWebDir); none by default. */
  readonly webDir?: string | null;
}

/**
 * Request ids unique across restarts and processes (a random prefix per app) without a UUID per request: the
 * id only has to tie a request's log lines and its X-Request-Id together. A client's X-Request-Id is kept.
 */
function requestIds(): () => string {
  const prefix = randomUUID().slice(0, 8);
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}

/**
 * The model serving app: loads the model (without failing when it cannot yet, unless `failFast`), watches the
 * source for new versions and registers every route. Call `listen` on the result, or `inject` in tests; `close`
 * stops the watcher.
 */
export async function buildServingApp(options: ServingAppOptions): Promise<FastifyInstance> {
  const d = DEFAULT_SERVING_CONFIG;
  const app = Fastify({
    logger: options.logger ?? { level: d.logLevel },
    logController: new ServingLogController(),
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: options.maxBodyBytes ?? d.maxBodyBytes,
    requestIdHeader: 'x-request-id',
    genReqId: requestIds(),
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  const metrics = new ServingMetrics();
  const manager = new ModelManager({
    source: options.source,
    pollIntervalMs: options.pollIntervalMs ?? d.pollSeconds * 1000,
    unknownFields: options.unknownFields ?? d.unknownFields,
    log: app.log,
    observe: (model, scored) => metrics.observeScored(model, scored),
    onSwap: (current) => metrics.observeModel(current),
    onLoad: (ok) => metrics.observeLoad(ok),
  });
  app.addHook('onClose', async () => manager.stop());
  // close() drops the connections idle at that moment; one still answering (a long CSV stream) turns idle later
  // and would hold close() open for the whole keep-alive timeout, so idle ones are swept until close completes
  let sweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  });
  app.addHook('onClose', async () => clearInterval(sweep));
  await manager.start(options.failFast ?? false);

  const ctx: ServingContext = {
    manager,
    metrics,
    maxBatchRows: options.maxBatchRows ?? d.maxBatchRows,
    maxUploadBytes: options.maxUploadBytes ?? d.maxUploadBytes,
    maxBodyBytes: options.maxBodyBytes ?? d.maxBodyBytes,
    unknownFields: options.unknownFields ?? d.unknownFields,
    token: options.token,
  };

  installErrorHandling(app, options.webDir ? await registerWebUi(app, options.webDir) : undefined);
  // callback-style hooks: an async hook costs a promise per request on the hot path
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  const accessLog = accessLogger({ enabled: options.accessLog, level: options.accessLogLevel });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    accessLog(request, reply, route);
    done();
  });
  if (options.corsOrigins && options.corsOrigins.length > 0) {
    const any = options.corsOrigins.includes('*');
    await app.register(cors, {
      origin: any ? true : [...options.corsOrigins],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      exposedHeaders: ['x-model-name', 'x-model-version', 'x-request-id'],
    });
  }
  if (options.docs !== false) await registerDocs(app);

  healthRoutes(app, ctx);
  modelRoutes(app, ctx);
  modelProfileRoute(app, ctx);
  predictRoutes(app, ctx);
  seedRoutes(app, ctx);
  metricsRoute(app, metrics);
  await app.register(async (scope) => {
    await acceptUploads(scope, ctx);
    predictCsvRoute(scope, ctx);
    profileRoute(scope, ctx);
    seedUploadRoute(scope, ctx);
  });
  if (options.trackingApi) {
    const mount = options.trackingApi;
    const guard = bearerGuard(options.token);
    await app.register(async (scope) => {
      scope.addHook('onRequest', async (request, reply) => (changesState(request) ? guard(request, reply) : undefined));
      await mount(scope);
    });
  }
  await app.ready();
  return app;
}
