import { ERROR_HTTP_STATUS, MlflowError, type ErrorCode } from '../errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

export interface RestClientOptions {
  /** Extra headers on every request (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** Attempts after the first for GET requests that failed to connect or met a gateway error (default 3). */
  retries?: number;
  /** First pause between GET attempts, doubled each time (default 200 ms). */
  retryDelayMs?: number;
  /** Per JSON request; artifact transfers have none, as their size is unbounded (default 120 s). */
  timeoutMs?: number;
  /** For tests: a replacement for the global fetch. */
  fetch?: typeof fetch;
}

/** Gateways answer these while the tracking server restarts; a GET may safely try again. */
const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * MLflow's JSON carries NaN and ±Infinity as the strings protobuf uses, where JSON.stringify would write null.
 * Only metric values can be non-finite in a request.
 */
export function encodeNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return value;
}

/** GET requests carry their fields as query parameters; a repeated field repeats its key, as MLflow reads it. */
export function toQueryString(req: object): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(req)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined || v === null) continue;
      q.append(key, typeof v === 'number' ? String(encodeNonFinite(key, v)) : String(v));
    }
  }
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/**
 * The wire to one MLflow-compatible server: JSON calls with MLflow's error bodies turned back into MlflowError,
 * bounded retries of GETs, and raw byte transfers for the artifact proxy.
 */
export class RestClient {
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly headers: Record<string, string>;

  constructor(
    readonly baseUrl: string,
    options: RestClientOptions = {},
  ) {
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.fetchImpl = options.fetch ?? fetch;
    this.headers = options.headers ?? {};
  }

  /** Calls `/api/2.0/mlflow/<endpoint>` (or any path starting with '/api') and resolves to the parsed body. */
  async call<T>(method: Exclude<HttpMethod, 'PUT'>, endpoint: string, req: object = {}): Promise<T> {
    const path = endpoint.startsWith('/') ? endpoint : `/api/2.0/mlflow/${endpoint}`;
    const init: RequestInit =
      method === 'GET'
        ? { method, headers: this.headers }
        : { method, headers: { ...this.headers, 'content-type': 'application/json' }, body: JSON.stringify(req, encodeNonFinite) };
    const url = method === 'GET' ? `${this.baseUrl}${path}${toQueryString(req)}` : `${this.baseUrl}${path}`;
    const res = await this.send(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) }, method === 'GET');
    const text = await res.text();
    if (!res.ok) throw errorFromResponse(res.status, text);
    if (text.trim() === '') return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new MlflowError('INTERNAL_ERROR', `The tracking server at ${this.baseUrl} answered ${method} ${path} with something that is not JSON: ${snippet(text)}`);
    }
  }

  /** GETs raw bytes (the artifact proxy). */
  async download(url: string): Promise<Buffer> {
    const res = await this.send(url, { method: 'GET', headers: this.headers }, true);
    if (!res.ok) throw errorFromResponse(res.status, await res.text());
    return Buffer.from(await res.arrayBuffer());
  }

  /** PUTs raw bytes or a stream of known length (the artifact proxy). */
  async upload(url: string, body: Uint8Array | ReadableStream<Uint8Array>, length: number): Promise<void> {
    const init: RequestInit & { duplex?: 'half' } = {
      method: 'PUT',
      headers: { ...this.headers, 'content-type': 'application/octet-stream', 'content-length': String(length) },
      body,
      // Node's fetch needs this to send a stream as the body
      ...(body instanceof Uint8Array ? {} : { duplex: 'half' as const }),
    };
    const res = await this.send(url, init, false);
    const text = await res.text();
    if (!res.ok) throw errorFromResponse(res.status, text);
  }

  private async send(url: string, init: RequestInit, idempotent: boolean): Promise<Response> {
    const attempts = idempotent ? this.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      let res: Response | undefined;
      let failure: unknown;
      try {
        res = await this.fetchImpl(url, init);
      } catch (e) {
        failure = e;
      }
      const retryable = res === undefined ? !isTimeout(failure) : RETRYABLE_STATUS.has(res.status);
      if (!retryable || attempt >= attempts) {
        if (res) return res;
        throw unreachable(this.baseUrl, failure, attempt);
      }
      // frees the connection; not awaited, as a tee'd body only settles once every branch is cancelled
      void res?.body?.cancel().catch(() => undefined);
      await new Promise((r) => setTimeout(r, this.retryDelayMs * 2 ** (attempt - 1)));
    }
  }
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
}

function unreachable(baseUrl: string, e: unknown, attempts: number): MlflowError {
  if (isTimeout(e)) return new MlflowError('INTERNAL_ERROR', `The tracking server at ${baseUrl} did not answer in time`);
  const cause = (e as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const why = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
  const err = new MlflowError('INTERNAL_ERROR', `Cannot reach the tracking server at ${baseUrl} (${why}${attempts > 1 ? `, ${attempts} attempts` : ''})`);
  (err as { cause?: unknown }).cause = e;
  return err;
}

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 200 ? `${t.slice(0, 200)}...` : t || '(empty)';
}

/**
 * MLflow's `{"error_code", "message"}` back into the same MlflowError. Codes outside the shared set
 * (ENDPOINT_NOT_FOUND, PERMISSION_DENIED, ...) keep their name in the message and become BAD_REQUEST or
 * INTERNAL_ERROR by status, so that no caller mistakes them for RESOURCE_DOES_NOT_EXIST and the like.
 */
export function errorFromResponse(status: number, text: string): MlflowError {
  let body: { error_code?: unknown; message?: unknown } | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as typeof body;
  } catch {
    // not JSON: a proxy's error page, reported by status below
  }
  const remoteCode = typeof body?.error_code === 'string' ? body.error_code : undefined;
  const message = typeof body?.message === 'string' ? body.message : snippet(text);
  if (remoteCode !== undefined && remoteCode in ERROR_HTTP_STATUS) return new MlflowError(remoteCode as ErrorCode, message);
  const code: ErrorCode = status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR';
  return new MlflowError(code, `${remoteCode ?? `HTTP ${status}`}: ${message}`);
}
