import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { modelFor, type ServingContext } from '../http/context.js';
import { dataProfileSchema } from './data-profile-schema.js';
import { errorSchema } from './schemas.js';

/**
 * GET /v1/model/profile: the profile of the served model's training data (metadata.training_profile, written by
 * `custseg train`), what other data is compared with. 404 for a model trained before models kept one.
 */
export function modelProfileRoute(app: FastifyInstance, ctx: ServingContext): void {
  app.get(
    '/v1/model/profile',
    {
      schema: {
        summary: "The profile of the served model's training data",
        description:
          'The data profile `custseg eda` computes (columns, target balance and relations, missingness, correlations, warnings), stored in the model when it was trained. 404 when the model has none (trained by an older custseg); 503 while no model is loaded.',
        tags: ['model'],
        response: { 200: dataProfileSchema, 404: errorSchema, 503: errorSchema },
      },
    },
    async (_request, reply) => {
      const served = modelFor(ctx, reply);
      const profile = served.model.document.metadata.training_profile;
      if (!profile) {
        throw new ApiError(404, `${served.name} version ${served.version} has no training profile (it was trained before models kept one; train it again to get one)`);
      }
      reply.type('application/json; charset=utf-8');
      return JSON.stringify(profile);
    },
  );
}
