import type { FastifyInstance } from 'fastify';
import type { ServingContext } from '../http/context.js';
import { sendError } from '../errors/api-error.js';

/** GET /healthz (the process answers) and GET /readyz (a model is loaded: 200, else 503). */
export function healthRoutes(app: FastifyInstance, ctx: ServingContext): void {
  app.get('/healthz', { schema: { summary: 'Liveness: the process answers', tags: ['health'] } }, async (_request, reply) => {
    reply.type('application/json; charset=utf-8');
    return '{"status":"ok"}';
  });
  app.get('/readyz', { schema: { summary: 'Readiness: 200 once a model is loaded, else 503', tags: ['health'] } }, async (_request, reply) => {
    const served = ctx.manager.current;
    if (served === null) {
      reply.header('retry-after', '5');
      return sendError(reply, 503, `not ready: no model loaded${ctx.manager.lastError ? ` (${ctx.manager.lastError})` : ''}`);
    }
    reply.type('application/json; charset=utf-8');
    return `{"status":"ready","model":${served.modelJson}}`;
  });
}
