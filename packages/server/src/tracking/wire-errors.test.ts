import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, rawRequest, startTestServer, type TestServer } from './test-support/http.js';

// Failures as MLflow's server answers them: the body `{"error_code": ..., "message": ...}` (MlflowException's
// serialize_as_json) with the code's status: RESOURCE_DOES_NOT_EXIST 404, RESOURCE_ALREADY_EXISTS /
// INVALID_PARAMETER_VALUE / INVALID_STATE / BAD_REQUEST 400. Never a 500 for anything a client sends.

let t: TestServer;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(t.url, method, `/api/2.0/mlflow/${path}`, body, headers);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

function expectError(r: { status: number; json: unknown; headers: Headers }, status: number, code: string, message?: RegExp): void {
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(r.json as object).sort()).toEqual(['error_code', 'message']);
  expect((r.json as { error_code: string }).error_code).toBe(code);
  if (message) expect((r.json as { message: string }).message).toMatch(message);
}

describe('store refusals keep their MLflow code and status', () => {
  it('unknown ids and names: 404 RESOURCE_DOES_NOT_EXIST', async () => {
    expectError(await api('GET', 'experiments/get?experiment_id=987654'), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectError(await api('GET', `runs/get?run_id=${'f'.repeat(32)}`), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectError(await api('POST', 'runs/log-metric', { run_id: 'f'.repeat(32), key: 'm', value: 1, timestamp: 1 }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectError(await api('GET', 'registered-models/get?name=nobody'), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectError(await api('GET', 'model-versions/get?name=nobody&version=1'), 404, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('duplicate names: 400 RESOURCE_ALREADY_EXISTS', async () => {
    await api('POST', 'experiments/create', { name: 'dup' });
    expectError(await api('POST', 'experiments/create', { name: 'dup' }), 400, 'RESOURCE_ALREADY_EXISTS', /already exists/);
    await api('POST', 'registered-models/create', { name: 'dup-model' });
    expectError(await api('POST', 'registered-models/create', { name: 'dup-model' }), 400, 'RESOURCE_ALREADY_EXISTS');
  });

  it('a param changed after being set: 400 INVALID_PARAMETER_VALUE, and nothing of the batch written', async () => {
    const experiment_id = (await api('POST', 'experiments/create', { name: 'params' })).json.experiment_id;
    const run_id = (await api('POST', 'runs/create', { experiment_id })).json.run.info.run_id;
    expect((await api('POST', 'runs/log-parameter', { run_id, key: 'C', value: '1' })).status).toBe(200);
    expectError(await api('POST', 'runs/log-parameter', { run_id, key: 'C', value: '2' }), 400, 'INVALID_PARAMETER_VALUE', /Changing param values is not allowed/);
    const batch = { run_id, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], params: [{ key: 'C', value: '3' }], tags: [{ key: 't', value: 'v' }] };
    expectError(await api('POST', 'runs/log-batch', batch), 400, 'INVALID_PARAMETER_VALUE');
    const { run } = (await api('GET', `runs/get?run_id=${run_id}`)).json;
    expect(run.data.metrics).toBeUndefined();
    expect(run.data.params).toEqual([{ key: 'C', value: '1' }]);
  });

  it('a deleted experiment refuses new runs: 400 INVALID_STATE', async () => {
    const experiment_id = (await api('POST', 'experiments/create', { name: 'gone' })).json.experiment_id;
    await api('POST', 'experiments/delete', { experiment_id });
    expectError(await api('POST', 'runs/create', { experiment_id }), 400, 'INVALID_STATE');
  });

  it('malformed filters and page tokens: 400 INVALID_PARAMETER_VALUE', async () => {
    expectError(await api('POST', 'runs/search', { experiment_ids: ['0'], filter: 'metrics.acc >' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await api('POST', 'experiments/search', { page_token: 'not a token' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await api('GET', 'registered-models/search?max_results=0'), 400, 'INVALID_PARAMETER_VALUE');
  });
});

describe('requests that fail before the store', () => {
  it('a missing required field: 400 INVALID_PARAMETER_VALUE naming it, as MLflow words it', async () => {
    expectError(await api('POST', 'experiments/create', {}), 400, 'INVALID_PARAMETER_VALUE', /^Missing value for required parameter 'name'\./);
    expectError(await api('GET', 'experiments/get'), 400, 'INVALID_PARAMETER_VALUE', /'experiment_id'/);
    expectError(await api('GET', 'runs/get'), 400, 'INVALID_PARAMETER_VALUE', /'run_id'/);
    // a POST without any body reads as {} and fails the same way
    expectError(await call(t.url, 'POST', '/api/2.0/mlflow/experiments/create'), 400, 'INVALID_PARAMETER_VALUE', /'name'/);
  });

  it('wrong types, including metric values that are not doubles: 400 INVALID_PARAMETER_VALUE', async () => {
    const experiment_id = (await api('POST', 'experiments/create', { name: 'types' })).json.experiment_id;
    const run_id = (await api('POST', 'runs/create', { experiment_id })).json.run.info.run_id;
    for (const value of ['0.5', null, true, {}, [1], 'nan']) {
      expectError(await api('POST', 'runs/log-metric', { run_id, key: 'm', value, timestamp: 1 }), 400, 'INVALID_PARAMETER_VALUE');
    }
    expectError(await api('POST', 'runs/log-metric', { run_id, key: 'm', value: 1, timestamp: 1.5 }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await api('POST', 'experiments/create', { name: 42 }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await api('POST', 'runs/update', { run_id, status: 'DONE' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await api('GET', 'experiments/search?max_results=many'), 400, 'INVALID_PARAMETER_VALUE', /max_results/);
    // nothing was logged by any of them
    expect((await api('GET', `runs/get?run_id=${run_id}`)).json.run.data.metrics).toBeUndefined();
  });

  it('malformed JSON: 400 BAD_REQUEST', async () => {
    for (const body of ['{"name": ', '{name: "x"}', '[1, 2', '"unterminated']) {
      expectError(await api('POST', 'experiments/create', body, { 'content-type': 'application/json' }), 400, 'BAD_REQUEST', /JSON/);
    }
    expectError(await api('POST', 'experiments/create', '{"name": "p", "__proto__": {"polluted": 1}}', { 'content-type': 'application/json' }), 400, 'BAD_REQUEST');
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('JSON that is not an object: 400 INVALID_PARAMETER_VALUE', async () => {
    for (const body of ['[]', '"name"', '42', 'null']) {
      expectError(await api('POST', 'experiments/create', body, { 'content-type': 'application/json' }), 400, 'INVALID_PARAMETER_VALUE');
    }
  });

  it('a body that is not JSON: 400 INVALID_PARAMETER_VALUE, as mlflow/server/validation.py refuses it', async () => {
    expectError(
      await api('POST', 'experiments/create', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /Content-Type must be one of \[application\/json\]/,
    );
  });

  it('a JSON body over the limit: 413 BAD_REQUEST', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(17 * 1024 * 1024) });
    expectError(await api('POST', 'experiments/create', big, { 'content-type': 'application/json' }), 413, 'BAD_REQUEST');
  });

  it('an unknown endpoint or method: 404 ENDPOINT_NOT_FOUND', async () => {
    expectError(await api('GET', 'experiments/nope'), 404, 'ENDPOINT_NOT_FOUND');
    expectError(await api('GET', 'experiments/create'), 404, 'ENDPOINT_NOT_FOUND');
    expectError(await api('POST', 'runs/get', { run_id: 'x' }), 404, 'ENDPOINT_NOT_FOUND');
    expectError(await call(t.url, 'GET', '/api/2.1/mlflow/experiments/get?experiment_id=0'), 404, 'ENDPOINT_NOT_FOUND');
    expectError(await call(t.url, 'GET', '/'), 404, 'ENDPOINT_NOT_FOUND');
  });

  it('an undecodable URL: 400 BAD_REQUEST', async () => {
    const r = await rawRequest(t.url, 'GET', '/api/2.0/mlflow/experiments/get%?experiment_id=0');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toEqual({ error_code: 'BAD_REQUEST', message: expect.any(String) });
  });
});

describe('other routes', () => {
  it('GET /health answers OK, as MLflow', async () => {
    const r = await call(t.url, 'GET', '/health');
    expect(r.status).toBe(200);
    expect(r.text).toBe('OK');
  });

  it('serves the same API under /ajax-api, where MLflow’s web UI calls it', async () => {
    const r = await call(t.url, 'GET', '/ajax-api/2.0/mlflow/experiments/get?experiment_id=0');
    expect(r.json.experiment).toMatchObject({ experiment_id: '0', name: 'Default' });
  });
});
