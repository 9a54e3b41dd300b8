import type { FastifyReply } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import type { ModelManager } from '../model/manager.js';
import type { ServedModel } from '../model/served-model.js';
import type { ServingMetrics } from '../metrics.js';
import type { UnknownFields } from '../scoring/json-row-reader.js';

/** What the route modules share: the model holder, the limits, the metrics. */
export interface ServingContext {
  readonly manager: ModelManager;
  readonly metrics: ServingMetrics | null;
  readonly maxBatchRows: number;
  readonly maxUploadBytes: number;
  /** Largest JSON body, also the limit of uploads answered as one JSON document. */
  readonly maxBodyBytes: number;
  readonly unknownFields: UnknownFields;
  readonly token: string | undefined;
}

/**
 * The model a request is answered with, taken once at its start (a hot swap during the request does not change
 * it), and named in the response headers.
 */
export function modelFor(ctx: ServingContext, reply: FastifyReply): ServedModel {
  const served = ctx.manager.current;
  if (served === null) {
    throw new ApiError(503, `no model loaded yet${ctx.manager.lastError ? `: ${ctx.manager.lastError}` : ''}`, [], { 'retry-after': '5' });
  }
  reply.header('x-model-name', served.name);
  reply.header('x-model-version', served.version);
  return served;
}
