import type { FeatureLayout } from '../scoring/layout.js';

// JSON schemas of the serving API, for the OpenAPI document (/openapi.json, /docs). Requests are validated by the
// validators compiled from the model's signature, not from these, so that a hot-swapped model with other fields
// is enforced exactly; these describe the model loaded at start (GET /v1/model is always current).

export const errorSchema = {
  type: 'object',
  description: 'Every error: a one-line summary and, for validation errors, one entry per problem',
  properties: {
    error: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', nullable: true, description: 'The field (null: the whole row or body)' },
          row: { type: 'integer', nullable: true, description: '0-based row of the request (null: the body)' },
          message: { type: 'string' },
        },
      },
    },
  },
  required: ['error', 'details'],
} as const;

export const errorResponses = {
  400: errorSchema,
  413: errorSchema,
  415: errorSchema,
  503: errorSchema,
};

const modelRef = {
  type: 'object',
  description: 'The model version that produced the response (also in the X-Model-Name / X-Model-Version headers)',
  properties: { name: { type: 'string' }, version: { type: 'string' } },
};

/** One customer as the loaded model takes it. */
export function rowSchema(layout: FeatureLayout | null): Record<string, unknown> {
  if (layout === null) return { type: 'object', additionalProperties: true, description: 'One customer: the fields listed by GET /v1/model' };
  const properties: Record<string, unknown> = {
    [layout.idField]: { oneOf: [{ type: 'string' }, { type: 'number' }], description: 'Echoed back with the prediction' },
  };
  for (const f of layout.features) {
    const base = f.optional ? { nullable: true } : {};
    properties[f.name] =
      f.type === 'numeric'
        ? {
            type: 'number',
            ...(Number.isFinite(f.min) ? { minimum: f.min } : {}),
            ...(Number.isFinite(f.max) ? { maximum: f.max } : {}),
            ...base,
            ...(f.optional ? { description: 'Optional: imputed as in training when absent or null' } : {}),
          }
        : {
            type: 'string',
            description: `Known categories: ${f.categories.join(', ')} (others are scored as unknown, with a warning)${f.optional ? '; optional' : ''}`,
            example: f.categories[0],
            ...base,
          };
  }
  return {
    type: 'object',
    properties,
    required: layout.features.filter((f) => !f.optional).map((f) => f.name),
    example: Object.fromEntries(
      layout.features.map((f) => [f.name, f.type === 'numeric' ? exampleNumber(f.min, f.max, f.trainingMin, f.trainingMax) : f.categories[0]]),
    ),
  };
}

function exampleNumber(min: number, max: number, tmin: number, tmax: number): number {
  const lo = Number.isFinite(tmin) ? tmin : Number.isFinite(min) ? min : 0;
  const hi = Number.isFinite(tmax) ? tmax : Number.isFinite(max) ? max : lo + 1;
  return Math.round((lo + hi) / 2);
}

export function predictionSchema(layout: FeatureLayout | null): Record<string, unknown> {
  const classes = layout?.classes ?? [];
  return {
    type: 'object',
    properties: {
      [layout?.idField ?? 'ID']: { oneOf: [{ type: 'string' }, { type: 'number' }], description: 'The row ID, when given' },
      segment: { type: 'string', ...(classes.length ? { enum: [...classes] } : {}), description: 'The predicted class' },
      probabilities: {
        type: 'object',
        additionalProperties: { type: 'number' },
        description: 'Class → probability',
        ...(classes.length ? { properties: Object.fromEntries(classes.map((c) => [c, { type: 'number' }])) } : {}),
      },
      warnings: { type: 'array', items: { type: 'string' }, description: 'Values the model had to make up: unseen categories, values outside the training range' },
    },
  };
}

export function singleResponseSchema(layout: FeatureLayout | null): Record<string, unknown> {
  const p = predictionSchema(layout);
  return { ...p, properties: { ...(p.properties as object), model: modelRef } };
}

export function batchResponseSchema(layout: FeatureLayout | null): Record<string, unknown> {
  return { type: 'object', properties: { model: modelRef, predictions: { type: 'array', items: predictionSchema(layout) } } };
}

/** Route schemas are for the document only: requests are checked by the model's own validators. */
export const documentOnly = (): ((data: unknown) => boolean) => () => true;
