import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../errors/api-error.js';

/**
 * An onRequest hook requiring `Authorization: Bearer <token>` (compared in constant time), for the endpoints
 * that change state: the model reload and the tracking API's writes. With no token configured it lets everything
 * through, as suits a local server. It answers the 401 itself, so it works under any scope's error handler.
 */
export function bearerGuard(token: string | undefined): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const expected = token === undefined ? null : Buffer.from(token);
  return async (request, reply) => {
    if (expected === null) return undefined;
    const header = request.headers.authorization;
    const given = typeof header === 'string' && /^bearer /i.test(header) ? Buffer.from(header.slice(7).trim()) : null;
    if (given !== null && given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
    reply.header('www-authenticate', 'Bearer');
    return sendError(reply, 401, given === null ? 'this endpoint needs a bearer token (Authorization: Bearer ...)' : 'invalid bearer token');
  };
}

/** Tracking API requests that change nothing although sent with POST (MLflow's searches) stay open. */
const READ_ONLY_POST = /\/(search|get-latest-versions)$/;

export function changesState(request: FastifyRequest): boolean {
  const m = request.method;
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return false;
  return !(m === 'POST' && READ_ONLY_POST.test(request.url.split('?')[0]));
}
