import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { ApiError } from '../errors/api-error.js';
import { mediaType } from '../http/content-type.js';
import type { ServingContext } from '../http/context.js';

/** Media types taken as a raw CSV body. */
export const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];

/**
 * Lets a scope's routes receive a CSV either as the raw body (streamed, never buffered) or as a multipart upload
 * (the first file part, streamed too). Registered per scope so that the JSON routes keep refusing text bodies.
 */
export async function acceptUploads(scope: FastifyInstance, ctx: ServingContext): Promise<void> {
  scope.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));
  await scope.register(multipart, {
    limits: { fileSize: ctx.maxUploadBytes > 0 ? ctx.maxUploadBytes : Number.MAX_SAFE_INTEGER, files: 1, fields: 20, parts: 25 },
  });
}

/** The uploaded CSV as a byte stream: the body itself, or the multipart upload's file. */
export async function uploadedCsv(request: FastifyRequest): Promise<Readable> {
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file) throw new ApiError(400, 'the multipart upload holds no file (send the CSV as a file part, e.g. csv_file)');
    return file.file;
  }
  const type = mediaType(request);
  const body = request.body as Readable | undefined;
  if (!CSV_TYPES.includes(type) || !body || typeof body.pipe !== 'function') {
    throw new ApiError(415, `${type ? `unsupported content type ${type}` : 'missing Content-Type'}: expected text/csv or a multipart/form-data upload`);
  }
  return body;
}
