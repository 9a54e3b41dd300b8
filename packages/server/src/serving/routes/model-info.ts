import type { FastifyInstance } from 'fastify';
import { bearerGuard } from '../http/auth.js';
import { modelFor, type ServingContext } from '../http/context.js';
import type { ServedModel } from '../model/served-model.js';
import { errorResponses } from './schemas.js';

const num = { type: 'number' } as const;
const str = { type: 'string' } as const;
const nullableStr = { type: 'string', nullable: true } as const;

/** The body of GET /v1/model, for the OpenAPI document (and the web app's client types generated from it). */
export const modelInfoSchema = {
  type: 'object',
  required: ['name', 'version', 'alias', 'run_id', 'source', 'loaded_at', 'classes', 'target', 'metrics', 'run_metrics', 'training', 'input_schema'],
  properties: {
    name: str,
    version: str,
    alias: nullableStr,
    run_id: nullableStr,
    source: { type: 'string', description: 'The model URI or file it was loaded from' },
    loaded_at: { type: 'string', format: 'date-time' },
    classes: { type: 'array', items: str },
    target: str,
    metrics: { type: 'object', additionalProperties: num, description: 'Held-out metrics recorded in the model' },
    run_metrics: { type: 'object', nullable: true, additionalProperties: num, description: "The training run's logged metrics" },
    training: {
      type: 'object',
      required: ['preset', 'seed', 'library_version', 'rows', 'file', 'sha256', 'class_counts'],
      properties: {
        preset: nullableStr,
        seed: num,
        library_version: str,
        rows: num,
        file: str,
        sha256: str,
        class_counts: { type: 'object', additionalProperties: num },
      },
    },
    input_schema: {
      type: 'object',
      required: ['schema', 'id_field', 'unknown_fields', 'max_batch_rows', 'fields'],
      properties: {
        schema: str,
        id_field: str,
        unknown_fields: { type: 'string', enum: ['reject', 'ignore'] },
        max_batch_rows: num,
        fields: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'type', 'optional'],
            properties: {
              name: str,
              type: { type: 'string', enum: ['numeric', 'categorical'] },
              optional: { type: 'boolean' },
              categories: { type: 'array', items: str },
              min: num,
              max: num,
              training_min: num,
              training_max: num,
            },
          },
        },
      },
    },
  },
} as const;

/** GET /v1/model (what is served and what it takes) and POST /v1/model/reload (token-protected). */
export function modelRoutes(app: FastifyInstance, ctx: ServingContext): void {
  app.get(
    '/v1/model',
    {
      schema: {
        summary: 'The model being served: name, version, alias, run, metrics, classes and input schema',
        tags: ['model'],
        response: { 200: modelInfoSchema, 503: errorResponses[503] },
      },
    },
    async (_request, reply) => {
      const served = modelFor(ctx, reply);
      reply.type('application/json; charset=utf-8');
      return JSON.stringify(modelInfo(served, ctx));
    },
  );

  app.post(
    '/v1/model/reload',
    {
      schema: {
        summary: 'Load what the model source names now (e.g. after moving an alias) without waiting for the next check',
        description: 'Needs the bearer token when the server has one (CUSTSEG_TOKEN).',
        tags: ['model'],
        security: [{ bearer: [] }],
      },
      onRequest: bearerGuard(ctx.token),
    },
    async (_request, reply) => {
      const before = ctx.manager.current?.version ?? null;
      const served = await ctx.manager.reload();
      reply.type('application/json; charset=utf-8');
      return JSON.stringify({ model: { name: served.name, version: served.version }, changed: served.version !== before });
    },
  );
}

/** The JSON of GET /v1/model. */
export function modelInfo(served: ServedModel, ctx: Pick<ServingContext, 'unknownFields' | 'maxBatchRows'>): Record<string, unknown> {
  const { document, signature } = served.model;
  const meta = document.metadata;
  const heldOut = meta.held_out ?? {};
  const metrics = Object.fromEntries(Object.entries(heldOut).filter(([, v]) => typeof v === 'number'));
  return {
    name: served.name,
    version: served.version,
    alias: served.alias,
    run_id: served.runId,
    source: served.uri,
    loaded_at: served.loadedAt.toISOString(),
    classes: signature.classes,
    target: signature.target,
    metrics,
    run_metrics: served.runMetrics ?? null,
    training: {
      preset: meta.preset,
      seed: meta.seed,
      library_version: meta.library_version,
      rows: meta.training_data.rows,
      file: meta.training_data.file,
      sha256: meta.training_data.sha256,
      class_counts: meta.training_data.class_counts,
    },
    input_schema: {
      schema: signature.schema,
      id_field: served.layout.idField,
      unknown_fields: ctx.unknownFields,
      max_batch_rows: ctx.maxBatchRows,
      fields: signature.features.map((f) => ({
        name: f.name,
        type: f.type,
        optional: f.optional,
        ...(f.type === 'categorical' ? { categories: f.categories ?? [] } : {}),
        ...(f.min !== undefined ? { min: f.min } : {}),
        ...(f.max !== undefined ? { max: f.max } : {}),
        ...(f.training_min !== undefined ? { training_min: f.training_min, training_max: f.training_max } : {}),
      })),
    },
  };
}
