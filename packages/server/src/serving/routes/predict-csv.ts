import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { wantsNdjson } from '../http/content-type.js';
import { modelFor, type ServingContext } from '../http/context.js';
import { ClientGoneError, scoreCsvStream } from '../csv/stream-scoring.js';
import { documentOnly, errorResponses } from './schemas.js';
import { uploadedCsv } from './upload.js';

/**
 * POST /v1/predict/csv: a CSV (raw text/csv body or multipart upload) in, a CSV (or NDJSON) of predictions out,
 * streamed both ways so a million-row upload runs in bounded memory. Registered inside a scope that accepts
 * uploads (see acceptUploads).
 */
export function predictCsvRoute(scope: FastifyInstance, ctx: ServingContext): void {
  scope.post(
    '/v1/predict/csv',
    {
      schema: {
        summary: 'Score a CSV file, streaming the predictions back',
        description:
          'Send the CSV as the body (Content-Type: text/csv) or as a multipart/form-data file. The answer is a CSV with the ID, the predicted class, one prob_<class> column per class, warnings and error (or NDJSON with Accept: application/x-ndjson), one line per input row in order. A row that cannot be scored carries an error and never stops the file; a header that does not fit the model is a 400.',
        tags: ['predict'],
        consumes: ['text/csv', 'multipart/form-data'],
        produces: ['text/csv', 'application/x-ndjson'],
        body: { type: 'string', format: 'binary', description: 'The CSV: a header naming the columns, then one customer per line' },
        response: { 200: { type: 'string', description: 'CSV or NDJSON, streamed' }, ...errorResponses },
      },
      validatorCompiler: documentOnly,
    },
    async (request, reply) => {
      const served = modelFor(ctx, reply);
      const input = await uploadedCsv(request);
      const format = wantsNdjson(request) ? 'ndjson' : 'csv';
      let started = false;
      try {
        const result = await scoreCsvStream(input, served, { format, unknownFields: ctx.unknownFields, maxBytes: ctx.maxUploadBytes }, () => {
          started = true;
          return startStream(reply, format === 'ndjson' ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8');
        });
        ctx.metrics?.observeRowErrors(result.rowErrors);
      } catch (e) {
        return failStream(reply, input, started, e);
      }
      return reply;
    },
  );
}

/** Sends the status and headers and hands back the stream the rows are written to. */
export function startStream(reply: FastifyReply, contentType: string): PassThrough {
  const out = new PassThrough();
  reply.type(contentType).header('cache-control', 'no-store');
  void reply.send(out);
  return out;
}

/**
 * After a failure: before any output the error goes to the error handler as usual; once streaming, the response
 * can only be cut short (the client sees an incomplete body), and the rest of the upload is dropped.
 */
export function failStream(reply: FastifyReply, input: Readable, started: boolean, e: unknown): FastifyReply {
  if (!started) {
    input.resume();
    throw e;
  }
  input.destroy();
  if (!(e instanceof ClientGoneError)) reply.log.error({ err: e }, 'CSV scoring failed mid-stream');
  const raw = reply.raw;
  if (!raw.writableEnded) raw.destroy(e instanceof Error ? e : undefined);
  return reply;
}
