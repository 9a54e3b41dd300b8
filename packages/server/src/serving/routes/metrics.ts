import type { FastifyInstance } from 'fastify';
import type { ServingMetrics } from '../metrics.js';

/** GET /metrics in the Prometheus text format. */
export function metricsRoute(app: FastifyInstance, metrics: ServingMetrics): void {
  app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['health'] } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
