import type { FastifyPluginAsync } from 'fastify';

/** MLflow's liveness probe: `GET /health` answers the plain text OK. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('OK'));
};
