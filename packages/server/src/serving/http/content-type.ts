import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';

/** The media type of a request, lower-cased, without parameters ('' when absent). */
export function mediaType(request: FastifyRequest): string {
  const raw = request.headers['content-type'];
  if (typeof raw !== 'string') return '';
  const semi = raw.indexOf(';');
  return (semi < 0 ? raw : raw.slice(0, semi)).trim().toLowerCase();
}

/** JSON endpoints refuse bodies sent as anything else (Fastify also parses text/plain by default). */
export function requireJson(request: FastifyRequest): void {
  const type = mediaType(request);
  if (type === 'application/json' || type.endsWith('+json')) {
    if (request.body === undefined || request.body === null) throw new ApiError(400, 'empty body: expected JSON');
    return;
  }
  if (type === '') throw new ApiError(415, 'missing Content-Type: expected application/json');
  throw new ApiError(415, `unsupported content type ${type}: expected application/json`);
}

/** Whether the client asked for NDJSON rather than CSV. */
export function wantsNdjson(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && /application\/(x-)?ndjson|application\/jsonl/i.test(accept);
}
