import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MlflowError } from '../errors.js';
import { RestClient, errorFromResponse, toQueryString } from './http.js';

const refused = () => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fetch that answers from a script, one entry per call, and records the calls. */
function scripted(...steps: Array<Response | Error>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (step instanceof Error) throw step;
    return step.clone();
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe('requests on the wire', () => {
  it('puts GET fields in the query string, repeating the key of a list, as MLflow reads them', () => {
    expect(toQueryString({ name: 'a b', stages: ['Staging', 'Production'], max_results: 5, page_token: undefined })).toBe(
      '?name=a+b&stages=Staging&stages=Production&max_results=5',
    );
    expect(toQueryString({})).toBe('');
  });

  it('sends POST bodies as JSON with non-finite metric values as protobuf strings', async () => {
    const { calls, fetchImpl } = scripted(json(200, {}));
    await new RestClient('http://h:1', { fetch: fetchImpl }).call('POST', 'runs/log-batch', { metrics: [{ value: NaN }, { value: Infinity }, { value: -Infinity }, { value: 1 }] });
    expect(calls[0].url).toBe('http://h:1/api/2.0/mlflow/runs/log-batch');
    expect(calls[0].init.body).toBe('{"metrics":[{"value":"NaN"},{"value":"Infinity"},{"value":"-Infinity"},{"value":1}]}');
    expect((calls[0].init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('keeps a path prefix of the tracking URI and adds configured headers', async () => {
    const { calls, fetchImpl } = scripted(json(200, { experiment: {} }));
    await new RestClient('http://h:1/mlflow', { fetch: fetchImpl, headers: { authorization: 'Bearer t' } }).call('GET', 'experiments/get', { experiment_id: '3' });
    expect(calls[0].url).toBe('http://h:1/mlflow/api/2.0/mlflow/experiments/get?experiment_id=3');
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer t');
  });

  it('reads an empty 200 body as {}', async () => {
    const { fetchImpl } = scripted(new Response('', { status: 200 }));
    expect(await new RestClient('http://h:1', { fetch: fetchImpl }).call('POST', 'runs/delete', {})).toEqual({});
  });
});

describe('errors', () => {
  it("maps MLflow's error body back to the same code and message", () => {
    const e = errorFromResponse(404, JSON.stringify({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Run x not found' }));
    expect(e).toBeInstanceOf(MlflowError);
    expect(e.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(e.message).toBe('Run x not found');
    expect(errorFromResponse(400, JSON.stringify({ error_code: 'INVALID_STATE', message: 'm' })).error_code).toBe('INVALID_STATE');
  });

  it('keeps the name of codes outside the shared set, with a code chosen by status', () => {
    const e = errorFromResponse(404, JSON.stringify({ error_code: 'ENDPOINT_NOT_FOUND', message: 'No API endpoint' }));
    expect(e.error_code).toBe('BAD_REQUEST');
    expect(e.message).toBe('ENDPOINT_NOT_FOUND: No API endpoint');
    expect(errorFromResponse(403, JSON.stringify({ error_code: 'PERMISSION_DENIED', message: 'no' })).error_code).toBe('BAD_REQUEST');
  });

  it('reports a non-JSON error page by status with a snippet', () => {
    const e = errorFromResponse(502, '<html><body>Bad gateway</body></html>');
    expect(e.error_code).toBe('INTERNAL_ERROR');
    expect(e.message).toMatch(/^HTTP 502: <html>/);
  });

  it('refuses a 200 that is not JSON', async () => {
    const { fetchImpl } = scripted(new Response('<html>', { status: 200 }));
    await expect(new RestClient('http://h:1', { fetch: fetchImpl }).call('GET', 'runs/get', {})).rejects.toMatchObject({ error_code: 'INTERNAL_ERROR', message: /not JSON/ });
  });
});

describe('retries', () => {
  it('retries a GET that could not connect, then succeeds', async () => {
    const { calls, fetchImpl } = scripted(refused(), refused(), json(200, { ok: 1 }));
    const client = new RestClient('http://h:1', { fetch: fetchImpl, retries: 3, retryDelayMs: 1 });
    expect(await client.call('GET', 'runs/get', { run_id: 'r' })).toEqual({ ok: 1 });
    expect(calls).toHaveLength(3);
  });

  it('retries a GET answered by a gateway error (502, 503, 504)', async () => {
    const { calls, fetchImpl } = scripted(new Response('busy', { status: 503 }), json(200, { ok: 1 }));
    expect(await new RestClient('http://h:1', { fetch: fetchImpl, retryDelayMs: 1 }).call('GET', 'runs/get', {})).toEqual({ ok: 1 });
    expect(calls).toHaveLength(2);
  });

  it('gives up after the bounded number of attempts with a clear message', async () => {
    const { calls, fetchImpl } = scripted(refused());
    const client = new RestClient('http://h:1', { fetch: fetchImpl, retries: 2, retryDelayMs: 1 });
    await expect(client.call('GET', 'runs/get', {})).rejects.toMatchObject({
      error_code: 'INTERNAL_ERROR',
      message: 'Cannot reach the tracking server at http://h:1 (ECONNREFUSED, 3 attempts)',
    });
    expect(calls).toHaveLength(3);
  });

  it('never retries a POST, which may have been applied', async () => {
    const { calls, fetchImpl } = scripted(refused(), json(200, {}));
    await expect(new RestClient('http://h:1', { fetch: fetchImpl, retryDelayMs: 1 }).call('POST', 'runs/log-metric', {})).rejects.toMatchObject({ error_code: 'INTERNAL_ERROR' });
    expect(calls).toHaveLength(1);
    const busy = scripted(new Response('busy', { status: 503 }), json(200, {}));
    await expect(new RestClient('http://h:1', { fetch: busy.fetchImpl, retryDelayMs: 1 }).call('POST', 'runs/log-metric', {})).rejects.toMatchObject({ error_code: 'INTERNAL_ERROR' });
    expect(busy.calls).toHaveLength(1);
  });

  it('does not retry answers that are errors of the request (4xx)', async () => {
    const { calls, fetchImpl } = scripted(json(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'm' }));
    await expect(new RestClient('http://h:1', { fetch: fetchImpl, retryDelayMs: 1 }).call('GET', 'runs/get', {})).rejects.toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
    expect(calls).toHaveLength(1);
  });

  it('reaches a real server that starts listening while the GET is being retried', async () => {
    // a port that is free now: nothing listens there until the server below starts
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));

    let server: Server | undefined;
    const late = setTimeout(() => {
      server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end('{"experiment":{"experiment_id":"0"}}'));
      server.listen(port, '127.0.0.1');
    }, 150);
    try {
      const client = new RestClient(`http://127.0.0.1:${port}`, { retries: 5, retryDelayMs: 100 });
      expect(await client.call('GET', 'experiments/get', { experiment_id: '0' })).toEqual({ experiment: { experiment_id: '0' } });
    } finally {
      clearTimeout(late);
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    }
  });
});
