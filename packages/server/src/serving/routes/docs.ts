import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { LIBRARY_VERSION } from '@custseg/ml';

/**
 * The OpenAPI document, generated from the route schemas (so it cannot drift from the routes), at
 * GET /openapi.json, and Swagger UI at GET /docs. Must be registered before the routes it describes.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'custseg model serving API',
        version: LIBRARY_VERSION,
        description:
          'Predicts customer segments with the model being served (GET /v1/model). Errors are {"error", "details": [{"field", "row", "message"}]}. Every prediction names the model version that produced it (body and X-Model-Version header).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      tags: [
        { name: 'predict', description: 'Predictions' },
        { name: 'model', description: 'The model being served' },
        { name: 'health', description: 'Probes and metrics' },
        { name: 'reference', description: "The reference service's routes, for its Streamlit front-end" },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
