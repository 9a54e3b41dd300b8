import type { FastifyInstance } from 'fastify';
import { ErrorList } from '../errors/details.js';
import { ApiError } from '../errors/api-error.js';
import type { ServedModel } from '../model/served-model.js';
import type { ScoredBatch } from '../scoring/score.js';
import { requireJson } from '../http/content-type.js';
import { modelFor, type ServingContext } from '../http/context.js';
import { batchResponseSchema, documentOnly, errorResponses, rowSchema, singleResponseSchema } from './schemas.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** POST /v1/predict: one customer object, or an array of them. */
export function predictRoutes(app: FastifyInstance, ctx: ServingContext): void {
  const layout = ctx.manager.current?.layout ?? null;
  app.post(
    '/v1/predict',
    {
      schema: {
        summary: 'Predict the segment of one customer (an object) or of many (an array)',
        description: `Missing optional fields are imputed as in training. Arrays hold at most ${ctx.maxBatchRows} rows. A wrong type, an out-of-range value or (unless the server ignores them) an unknown field is a 400 naming each field and row.`,
        tags: ['predict'],
        body: { oneOf: [rowSchema(layout), { type: 'array', items: rowSchema(layout), maxItems: ctx.maxBatchRows }] },
        response: { 200: { oneOf: [singleResponseSchema(layout), batchResponseSchema(layout)] }, ...errorResponses },
      },
      validatorCompiler: documentOnly,
    },
    // not async: a single row is answered from the micro-batcher's callback, with no promise per request
    (request, reply) => {
      requireJson(request);
      const served = modelFor(ctx, reply);
      reply.type(JSON_TYPE);
      const body = request.body;
      if (!Array.isArray(body)) {
        scoreOneThen(served, body, false, (err, scored, row) => {
          try {
            if (scored === null) throw err;
            const s = served.encodeRow(scored, row);
            reply.send(`${s.slice(0, -1)},"model":${served.modelJson}}`);
          } catch (e) {
            reply.send(e); // to the error handler, as a throw from an async handler would be
          }
        });
        return;
      }
      const scored = scoreMany(served, body, ctx.maxBatchRows, false);
      let s = `{"model":${served.modelJson},"predictions":[`;
      for (let i = 0; i < scored.batch.n; i++) s += (i > 0 ? ',' : '') + served.encodeRow(scored, i);
      return `${s}]}`;
    },
  );
}

/**
 * Scores one row through the model's micro-batcher (shared with concurrent single-row requests).
 * Throws the 400 for an invalid row or one the model refuses.
 */
export function scoreOne(served: ServedModel, body: unknown, lax: boolean): Promise<{ scored: ScoredBatch; row: number }> {
  return new Promise((resolve, reject) => scoreOneThen(served, body, lax, (err, scored, row) => (scored === null ? reject(err) : resolve({ scored, row }))));
}

/** Called with the scored batch and the row's index in it, or with the error (a 400 for a refused row). */
export type ScoredRowCallback = (err: unknown, scored: ScoredBatch | null, row: number) => void;

/**
 * `scoreOne` with a callback, for the hot path. An invalid row is answered at once (before this returns); a
 * valid one when its batch is scored. The callback is called exactly once and must not throw.
 */
export function scoreOneThen(served: ServedModel, body: unknown, lax: boolean, done: ScoredRowCallback): void {
  const errors = new ErrorList();
  const batch = served.batcher.batch();
  const ok = (lax ? served.readLaxRow : served.readRow)(body, 0, batch, errors);
  if (!ok) return done(ApiError.validation(errors), null, -1);
  const row = batch.n - 1;
  served.batcher.whenScored((err, scored) => {
    if (scored === null) return done(err, null, row);
    try {
      refuseUnscored(scored, (r) => (r === row ? 0 : -1));
    } catch (e) {
      return done(e, null, row);
    }
    done(null, scored, row);
  });
}

/** Scores an array of rows in one call; every row must be valid (else one 400 listing each problem). */
export function scoreMany(served: ServedModel, body: unknown[], maxRows: number, lax: boolean): ScoredBatch {
  if (body.length === 0) throw new ApiError(400, 'empty array: expected at least one customer');
  if (body.length > maxRows) throw new ApiError(413, `${body.length} rows in one request; the limit is ${maxRows} (use POST /v1/predict/csv for files)`);
  const errors = new ErrorList();
  const batch = served.newBatch(body.length);
  const read = lax ? served.readLaxRow : served.readRow;
  for (let i = 0; i < body.length; i++) read(body[i], i, batch, errors);
  if (!errors.empty) throw ApiError.validation(errors);
  const scored = served.score(batch);
  refuseUnscored(scored, (r) => r);
  return scored;
}

/** Rows the model itself refused (an encoder set to refuse unseen categories) make the request a 400. */
function refuseUnscored(scored: ScoredBatch, requestRow: (batchRow: number) => number): void {
  if (scored.rowErrors === null) return;
  const errors = new ErrorList();
  scored.rowErrors.forEach((message, r) => {
    const row = requestRow(r);
    if (message !== undefined && row >= 0) errors.add(/variable "([^"]+)"/.exec(message)?.[1] ?? null, row, message);
  });
  if (!errors.empty) throw ApiError.validation(errors, 'the model refused the input');
}
