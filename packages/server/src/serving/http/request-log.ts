import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildLoggerOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;

// Request logging on the hot path. Fastify's own request logging (two lines per request, a pino child logger per
// request) is a large share of a single-row prediction's cost, so the serving app turns it off and writes one
// line per answered request itself: successful ones at a configurable level (default debug, so not written at
// the default info level), client errors (4xx) at warn and server errors (5xx) at error, always with the request
// id. Every line of a request, its own or a handler's, carries `reqId`.

/** Where the error handler leaves a refusal's message for the request's log line. */
export const REFUSAL = Symbol('custseg.refusal');

export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface AccessLogOptions {
  /** Log requests answered with a status below 400 (default true); 4xx and 5xx are logged regardless. */
  readonly enabled?: boolean;
  /** The level of those lines (default debug). */
  readonly level?: LogLevelName;
}

/**
 * Writes the access-log line of an answered request: `{reqId, method, url, route, statusCode, responseTime}`
 * (plus `error`, the message the client got, for a refusal). Cheap when the line is not wanted: two comparisons.
 */
export function accessLogger(options: AccessLogOptions = {}): (request: FastifyRequest, reply: FastifyReply, route: string) => void {
  const enabled = options.enabled !== false;
  const level = options.level ?? 'debug';
  return (request, reply, route) => {
    const status = reply.statusCode;
    const lineLevel: LogLevelName = status >= 500 ? 'error' : status >= 400 ? 'warn' : level;
    if (status < 400 && !enabled) return;
    const log = request.log;
    if (!isLevelEnabled(log, lineLevel)) return;
    const refusal = (reply as unknown as Record<symbol, string | undefined>)[REFUSAL];
    log[lineLevel](
      {
        method: request.method,
        url: request.url,
        route,
        statusCode: status,
        responseTime: Math.round(reply.elapsedTime * 1000) / 1000,
        ...(refusal !== undefined ? { error: refusal } : {}),
      },
      'request completed',
    );
  };
}

function isLevelEnabled(log: FastifyBaseLogger, level: LogLevelName): boolean {
  const check = (log as FastifyBaseLogger & { isLevelEnabled?: (l: string) => boolean }).isLevelEnabled;
  return check === undefined ? true : check.call(log, level);
}

/**
 * Fastify's internal log lines without its two per-request ones ("incoming request", "request completed"): the
 * access log above replaces them. A response that failed (a socket or stream error) is still logged by Fastify.
 */
export class ServingLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) super.requestCompleted(error, request, reply);
  }
}

/**
 * Fastify's child-logger factory for request loggers: a request's logger is only made (a pino child with its
 * `reqId` binding, ≈ 1 µs) when something is actually logged at an enabled level, which most requests never do.
 */
export function lazyChildLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChildLogger(logger, bindings, opts);
}

type Method = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export class LazyChildLogger implements FastifyBaseLogger {
  private real: FastifyBaseLogger | null = null;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly opts: ChildLoggerOptions,
  ) {}

  /** The pino child, made on first use. */
  private get logger(): FastifyBaseLogger {
    return (this.real ??= this.parent.child(this.bindings, this.opts));
  }

  /** Whether a call at this level would write anything (the parent decides while no child exists). */
  private wants(level: Method): boolean {
    if (this.real !== null || this.opts.level !== undefined) return true;
    return isLevelEnabled(this.parent, level);
  }

  private write(level: Method, args: unknown[]): void {
    if (this.wants(level)) (this.logger[level] as (...a: unknown[]) => void)(...args);
  }

  get level(): string {
    return this.real?.level ?? this.opts.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  isLevelEnabled(level: string): boolean {
    if (this.real === null && this.opts.level === undefined) return isLevelEnabled(this.parent, level as Method);
    return isLevelEnabled(this.logger, level as Method);
  }

  // prototype methods, not arrow fields: nothing is allocated per request but the object itself
  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }

  error(...args: unknown[]): void {
    this.write('error', args);
  }

  warn(...args: unknown[]): void {
    this.write('warn', args);
  }

  info(...args: unknown[]): void {
    this.write('info', args);
  }

  debug(...args: unknown[]): void {
    this.write('debug', args);
  }

  trace(...args: unknown[]): void {
    this.write('trace', args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}
