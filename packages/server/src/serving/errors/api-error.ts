import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UserError } from '@custseg/ml';
import type { ErrorDetail, ErrorList } from './details.js';
import { REFUSAL } from '../http/request-log.js';

/** The body of every error response: `{"error": "...", "details": [{"field", "row", "message"}]}`. */
export interface ErrorBody {
  readonly error: string;
  readonly details: readonly ErrorDetail[];
}

/** A refusal with its HTTP status, thrown by handlers and turned into the error body by the error handler. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  static validation(errors: ErrorList, what?: string): ApiError {
    return new ApiError(400, errors.summary(what), errors.details);
  }
}

export function sendError(reply: FastifyReply, status: number, error: string, details: readonly ErrorDetail[] = []): FastifyReply {
  (reply as unknown as Record<symbol, string>)[REFUSAL] = error; // for the request's access-log line
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify({ error, details } satisfies ErrorBody));
}

/** Fastify's own refusals (body parsing, content type, size), in words a client can act on. */
const FASTIFY_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported content type'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'request body too large'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'empty body: expected JSON'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed JSON body'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'request body size did not match Content-Length'],
  FST_ERR_CTP_INVALID_TYPE: [415, 'unsupported content type'],
  FST_ERR_BAD_URL: [400, 'malformed URL'],
  FST_ERR_VALIDATION: [400, 'invalid request'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'expected a multipart/form-data upload'],
  FST_REQ_FILE_TOO_LARGE: [413, 'uploaded file too large'],
  FST_PARTS_LIMIT: [413, 'too many parts in the upload'],
  FST_FILES_LIMIT: [413, 'too many files in the upload'],
  FST_FIELDS_LIMIT: [413, 'too many fields in the upload'],
};

/**
 * Every error leaves as the error body. Client mistakes keep their 4xx; anything else is a 500 whose cause is
 * logged but never shown. A JSON syntax error (and a `__proto__` key, which the JSON parser refuses) is a 400.
 */
export function installErrorHandling(app: FastifyInstance, notFoundFallback?: (request: FastifyRequest, reply: FastifyReply) => boolean): void {
  app.setErrorHandler((err: FastifyError | ApiError | Error, request, reply) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return sendError(reply, err.statusCode, err.message, err.details);
    }
    const code = (err as FastifyError).code;
    const known = code ? FASTIFY_ERRORS[code] : undefined;
    if (known) {
      const details = code === 'FST_ERR_VALIDATION' ? validationDetails(err as FastifyError) : [];
      return sendError(reply, known[0], code === 'FST_ERR_VALIDATION' ? `invalid request: ${err.message}` : known[1], details);
    }
    const status = (err as FastifyError).statusCode;
    if (err instanceof SyntaxError || (status !== undefined && status >= 400 && status < 500)) {
      // body parser errors: bad JSON, prototype poisoning, bad content length ...
      return sendError(reply, status !== undefined && status >= 400 && status < 500 ? status : 400, clientMessage(err));
    }
    if (err instanceof UserError) return sendError(reply, 400, err.message);
    request.log.error({ err }, 'request failed');
    return sendError(reply, 500, 'internal error (logged with the request id)');
  });
  app.setNotFoundHandler((request, reply) => {
    if (notFoundFallback?.(request, reply)) return;
    sendError(reply, 404, `no route ${request.method} ${request.url.split('?')[0]}`);
  });
}

function clientMessage(err: Error): string {
  if (/proto|constructor/i.test(err.message)) return 'malformed JSON body: forbidden property name';
  if (err instanceof SyntaxError) return `malformed JSON body: ${err.message}`;
  return err.message;
}

function validationDetails(err: FastifyError): ErrorDetail[] {
  const v = (err as FastifyError & { validation?: { instancePath?: string; message?: string }[] }).validation ?? [];
  return v.map((e) => ({ field: e.instancePath ? e.instancePath.replace(/^\//, '') : null, row: null, message: e.message ?? 'invalid' }));
}
