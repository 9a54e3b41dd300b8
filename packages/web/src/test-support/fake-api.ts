import { vi } from 'vitest';

export type Handler = (request: { method: string; path: string; query: URLSearchParams; body: unknown; headers: Headers }) => unknown;

/**
 * Replaces globalThis.fetch with a fake server for component tests: `routes` maps "METHOD /path" to a handler
 * returning the JSON body, or a Response for anything else (errors, CSV). Unknown routes answer 404. Returns
 * the mock, whose calls the test can inspect; `requests` lists what was sent (bodies parsed, as the handlers saw them).
 */
export function fakeApi(routes: Record<string, Handler>) {
  const requests: { method: string; path: string; query: URLSearchParams; body: unknown }[] = [];
  const mock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}`;
    const handler = routes[key];
    // a jsdom File is not a Blob of Node's fetch (it would arrive as "[object File]"): read it directly
    const raw = init?.body;
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : typeof Blob !== 'undefined' && raw instanceof Blob ? await readBlob(raw) : await request.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: the handler gets the text
    }
    requests.push({ method: request.method, path: url.pathname, query: url.searchParams, body });
    if (!handler) return json({ error: `no route ${key}`, details: [] }, 404);
    const out = await handler({ method: request.method, path: url.pathname, query: url.searchParams, body, headers: request.headers });
    return out instanceof Response ? out : json(out, 200);
  });
  vi.stubGlobal('fetch', mock);
  return Object.assign(mock, { requests });
}

function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
