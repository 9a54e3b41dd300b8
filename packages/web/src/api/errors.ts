/** What went wrong with a call, in words for the page: the server's own message when it sent one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Per-field problems of a 400 from the serving API. */
    readonly details: { field?: string | null; row?: number | null; message?: string }[] = [],
  ) {
    super(message);
  }

  get unreachable(): boolean {
    return this.status === 0;
  }
}

/** Turns an openapi-fetch result (or a thrown network error) into data or an ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (e) {
    throw new ApiError(`cannot reach the custseg server (${e instanceof Error ? e.message : String(e)})`, 0);
  }
  if (result.response.ok) return result.data as T;
  throw errorFromBody(result.response.status, result.error);
}

/** The serving API answers {"error", "details"}; the tracking API answers MLflow's {"error_code", "message"}. */
export function errorFromBody(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const b = body as { error?: unknown; details?: unknown; message?: unknown; error_code?: unknown };
    if (typeof b.error === 'string') return new ApiError(b.error, status, Array.isArray(b.details) ? b.details : []);
    if (typeof b.message === 'string') return new ApiError(b.message, status);
  }
  if (typeof body === 'string' && body.trim()) return new ApiError(body.trim().slice(0, 300), status);
  return new ApiError(`the server answered ${status}`, status);
}

export async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    return errorFromBody(response.status, JSON.parse(text));
  } catch {
    return errorFromBody(response.status, text);
  }
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
