import type { ArtifactRepository, TrackingStore } from '@custseg/tracking';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { artifactProxyRoutes, getArtifactRoute, runArtifactRoutes } from './artifacts.js';
import { handleError, handleFrameworkError, handleNotFound, schemaErrorMessage } from './errors.js';
import { experimentRoutes } from './experiments.js';
import { healthRoutes } from './health.js';
import { metricRoutes } from './metrics.js';
import { modelVersionRoutes } from './model-versions.js';
import { registeredModelRoutes } from './registered-models.js';
import { runRoutes } from './runs.js';
import type { TrackingRoutes } from './schemas.js';
import { serializeResponse } from './wire.js';

export interface TrackingServerOptions {
  store: TrackingStore;
  /** The root the artifact proxy serves (`--artifacts-destination`). */
  artifacts: ArtifactRepository;
  /** Fastify's logger option; off by default. */
  logger?: FastifyServerOptions['logger'];
  /** Largest artifact upload (default 512 MiB); JSON bodies are limited to `maxJsonBytes` (default 16 MiB). */
  maxArtifactBytes?: number;
  maxJsonBytes?: number;
}

export const DEFAULT_MAX_ARTIFACT_BYTES = 512 * 1024 * 1024;
export const DEFAULT_MAX_JSON_BYTES = 16 * 1024 * 1024;

const API_ROUTES: TrackingRoutes[] = [experimentRoutes, runRoutes, metricRoutes, runArtifactRoutes, registeredModelRoutes, modelVersionRoutes];

/**
 * The MLflow-compatible tracking server over a TrackingStore: MLflow's REST API under /api/2.0/mlflow (and
 * /ajax-api/2.0/mlflow, where MLflow's web UI calls it), the artifact proxy under /api/2.0/mlflow-artifacts,
 * and GET /health. Not listening yet: call `listen`, or use startTrackingServer.
 */
export function buildTrackingServer(options: TrackingServerOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES,
    schemaErrorFormatter: schemaErrorMessage,
    frameworkErrors: handleFrameworkError,
  });
  // The API's own scope sets its validator, serializer and error shapes; the root needs the same error and
  // not-found shapes for requests that match no route at all.
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  void app.register(registerTrackingApi, options);
  // close() drops the keep-alive connections idle at that moment; one whose last response is still finishing
  // becomes idle a moment later and would otherwise hold close() open for the whole keep-alive timeout
  let sweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  });
  app.addHook('onClose', async () => {
    clearInterval(sweep);
  });

  return app as unknown as FastifyInstance;
}

/**
 * The tracking API as a plugin: MLflow's routes with their validator, serializer and error shapes, encapsulated,
 * so `custseg serve` can mount it beside the serving API in one process.
 */
export async function registerTrackingApi(
  scope: FastifyInstance,
  options: Pick<TrackingServerOptions, 'store' | 'artifacts' | 'maxArtifactBytes'>,
): Promise<void> {
  // TypeBox checks bodies without coercion (a "0.5" is not a metric value) and converts query strings
  // ("10" → 10, one value of a repeated key → [value]), as MLflow reads GET parameters
  scope.setValidatorCompiler(TypeBoxValidatorCompiler);
  scope.setReplySerializer(serializeResponse);
  // response schemas document the API; the protobuf-style JSON of serializeResponse stays the one serialisation
  scope.setSerializerCompiler(() => serializeResponse);
  scope.setErrorHandler(handleError);

  // MLflow reads a request without a body as {}; a DELETE may also name its target in the query string
  scope.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.method !== 'GET' && request.method !== 'HEAD') {
      request.body = request.method === 'DELETE' ? { ...(request.query as object) } : {};
    }
  });

  const { store } = options;
  for (const prefix of ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow']) {
    void scope.register(
      async (api) => {
        for (const routes of API_ROUTES) await api.register(routes, { store });
      },
      { prefix },
    );
  }
  for (const prefix of ['/api/2.0/mlflow-artifacts', '/ajax-api/2.0/mlflow-artifacts']) {
    void scope.register(artifactProxyRoutes, { prefix, artifacts: options.artifacts, maxUploadBytes: options.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES });
  }
  void scope.register(getArtifactRoute, { store });
  void scope.register(healthRoutes);
}
