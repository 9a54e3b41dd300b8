import { ERROR_HTTP_STATUS, type ErrorCode } from '@custseg/tracking';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export interface ErrorBody {
  error_code: string;
  message: string;
}

const JSON_ONLY = 'Bad Request. Content-Type must be one of [application/json].';

function isStoreError(e: unknown): e is { error_code: ErrorCode; message: string } {
  const code = (e as { error_code?: unknown } | null)?.error_code;
  return typeof code === 'string' && code in ERROR_HTTP_STATUS;
}

/**
 * File-system failures that the path a request names provokes (directly, or wrapped by the store as
 * INTERNAL_ERROR with the cause attached): the client's mistake, so 400 rather than 500.
 */
const PATH_ERRNO = new Map<string, string>([
  ['ENAMETOOLONG', 'it is too long for the file system'],
  ['ENOTDIR', 'a part of it is a file, not a directory'],
  // mkdir's answer when a file stands where a directory of the path should be
  ['EEXIST', 'a part of it is a file, not a directory'],
  ['EISDIR', 'it names a directory'],
  ['ELOOP', 'it goes through too many symbolic links'],
]);

function pathProblemOf(e: unknown): string | undefined {
  const own = (e as { code?: unknown } | null)?.code;
  const cause = (e as { cause?: { code?: unknown } } | null)?.cause?.code;
  for (const code of [own, cause]) if (typeof code === 'string' && PATH_ERRNO.has(code)) return PATH_ERRNO.get(code);
  return undefined;
}

/**
 * Every failure as MLflow answers it: `{error_code, message}` with the code's status. Store refusals keep their
 * code; a request that fails its schema is INVALID_PARAMETER_VALUE, as MLflow's request validation reports it;
 * a body that is not JSON, too large, or a URL that cannot be decoded is BAD_REQUEST with Fastify's 4xx status.
 * Only what none of these explains is a 500.
 */
export function errorResponse(e: unknown): { status: number; body: ErrorBody } {
  const pathProblem = pathProblemOf(e);
  if (pathProblem) return { status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: `Invalid artifact path: ${pathProblem}` } };
  if (isStoreError(e)) return { status: ERROR_HTTP_STATUS[e.error_code], body: { error_code: e.error_code, message: e.message } };
  const err = e as Partial<FastifyError>;
  if (err.validation) return { status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: err.message ?? 'Invalid request' } };
  // MLflow refuses non-JSON request bodies this way (mlflow/server/validation.py)
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: JSON_ONLY } };
  const status = err.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { error_code: 'BAD_REQUEST', message: err.message ?? 'Bad request' } };
  }
  return { status: 500, body: { error_code: 'INTERNAL_ERROR', message: 'An internal error occurred in the tracking server' } };
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = errorResponse(error);
  if (status >= 500) request.log.error({ err: error }, 'tracking server error');
  void reply.status(status).send(body);
}

/** Fastify's own refusals before routing (a URL that cannot be decoded), in the same shape. */
export function handleFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = errorResponse(error);
  void reply.status(status).send(body);
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?')[0];
  void reply.status(404).send({ error_code: 'ENDPOINT_NOT_FOUND', message: `No API endpoint ${request.method} ${path}` });
}

/**
 * Turns Fastify's schema errors into MLflow's wording: "Missing value for required parameter 'x'" or
 * "Invalid value for parameter 'x': ...".
 */
export function schemaErrorMessage(errors: ReadonlyArray<{ instancePath?: string; message?: string }>, dataVar: string): Error {
  // TypeBox reports a missing property twice ("required", then "Expected string"): the first error per path says it
  const byPath = new Map<string, string>();
  for (const e of errors) {
    const path = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    if (byPath.has(path)) continue;
    const message = e.message ?? 'invalid';
    byPath.set(
      path,
      /required property/i.test(message)
        ? `Missing value for required parameter '${path}'.`
        : path === ''
          ? `Invalid request ${dataVar}: ${message}.`
          : `Invalid value for parameter '${path}': ${message}.`,
    );
  }
  const parts = [...byPath.values()].slice(0, 3);
  return new Error(`${parts.join(' ')} See the API docs for more information about request parameters.`);
}
