import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServingApp } from '../app.js';
import { FileModelSource } from '../model/file-source.js';
import { CUSTOMER, tempDir, testApp } from '../test-support/model.js';

type App = Awaited<ReturnType<typeof testApp>>;

describe('probes, model info, metrics and docs', () => {
  let t: App;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.cleanup());

  it('GET /healthz and GET /readyz', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', model: { name: 'model', version: expect.stringMatching(/^[0-9a-f]{12}$/) } });
  });

  it('GET /v1/model describes the model and its input schema', async () => {
    const info = (await t.app.inject({ method: 'GET', url: '/v1/model' })).json();
    expect(info).toMatchObject({
      name: 'model',
      alias: null,
      run_id: null,
      classes: ['A', 'B', 'C', 'D'],
      target: 'Segmentation',
      metrics: { accuracy: expect.any(Number), macro_f1: expect.any(Number), log_loss: expect.any(Number) },
      training: { preset: 'logistic', seed: 1, rows: 2000 },
      input_schema: { id_field: 'ID', unknown_fields: 'reject', max_batch_rows: 10000 },
    });
    const fields = info.input_schema.fields as { name: string }[];
    expect(fields.map((f) => f.name)).toEqual(['Gender', 'Ever_Married', 'Age', 'Graduated', 'Profession', 'Work_Experience', 'Spending_Score', 'Family_Size', 'Var_1']);
    expect(fields[2]).toEqual({ name: 'Age', type: 'numeric', optional: false, min: 0, max: 120, training_min: 18, training_max: 89 });
    expect(fields[0]).toEqual({ name: 'Gender', type: 'categorical', optional: false, categories: ['Male', 'Female'] });
  });

  it('GET /metrics counts requests per route, predictions per segment, rows and the model version', async () => {
    await t.app.inject({ method: 'POST', url: '/v1/predict', payload: [CUSTOMER, CUSTOMER] });
    await t.app.inject({ method: 'POST', url: '/v1/predict', payload: { nope: 1 } });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0.0.4/);
    const text = res.body;
    expect(text).toMatch(/custseg_http_requests_total\{method="POST",route="\/v1\/predict",status="200"\} 1/);
    expect(text).toMatch(/custseg_http_requests_total\{method="POST",route="\/v1\/predict",status="400"\} 1/);
    expect(text).toMatch(/custseg_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/v1\/predict"\} \d/);
    expect(text).toMatch(/custseg_predictions_total\{segment="[ABCD]"\} 2/);
    expect(text).toMatch(/custseg_rows_scored_total 2/);
    expect(text).toMatch(/custseg_model_info\{name="model",version="[0-9a-f]{12}",alias=""\} 1/);
    expect(text).toMatch(/custseg_model_loads_total\{result="success"\} 1/);
    expect(text).toMatch(/custseg_process_cpu_seconds_total/);
  });

  it('serves the OpenAPI document generated from the routes, and Swagger UI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/v1/model', '/v1/predict', '/v1/predict/csv', '/home', '/single_predict', '/batch_predict', '/uploadcsv/', '/metrics']),
    );
    const body = doc.paths['/v1/predict'].post.requestBody.content['application/json'].schema;
    expect(body.oneOf[0].required).toEqual(['Gender', 'Age', 'Spending_Score']);
    expect(body.oneOf[0].properties.Age).toMatchObject({ type: 'number', minimum: 0, maximum: 120 });
    expect(doc.paths['/v1/predict'].post.responses['400']).toBeDefined();
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toMatch(/swagger/i);
  });
});

describe('without a model', () => {
  it('is alive but not ready, and predictions are 503 with the error shape', async () => {
    const { dir, cleanup } = await tempDir();
    const app = await buildServingApp({ source: new FileModelSource(join(dir, 'missing.json')), logger: false, pollIntervalMs: 0 });
    try {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().error).toMatch(/^not ready: no model loaded \(.*missing\.json: no such model file\)$/);
      const res = await app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json().details).toEqual([]);
      for (const url of ['/v1/model', '/single_predict']) expect((await app.inject({ method: url === '/v1/model' ? 'GET' : 'POST', url, payload: url === '/v1/model' ? undefined : CUSTOMER })).statusCode).toBe(503);
    } finally {
      await app.close();
      await cleanup();
    }
  });

  it('fails fast when asked to', async () => {
    await expect(buildServingApp({ source: new FileModelSource('/nonexistent/model.json'), logger: false, failFast: true })).rejects.toThrow(/no such model file/);
  });
});

describe('CORS, bearer token and a mounted tracking API', () => {
  let t: App;
  beforeAll(async () => {
    t = await testApp({
      corsOrigins: ['http://localhost:8501'],
      token: 's3cret',
      trackingApi: async (scope: FastifyInstance) => {
        scope.get('/api/2.0/mlflow/experiments/get', async () => ({ experiment: { experiment_id: '0' } }));
        scope.post('/api/2.0/mlflow/runs/search', async () => ({ runs: [] }));
        scope.post('/api/2.0/mlflow/runs/create', async () => ({ run: {} }));
      },
    });
  });
  afterAll(() => t.cleanup());

  it('answers CORS preflights and exposes the model headers to the allowed origin only', async () => {
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/predict',
      headers: { origin: 'http://localhost:8501', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:8501');
    const res = await t.app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER, headers: { origin: 'http://localhost:8501' } });
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:8501');
    expect(res.headers['access-control-expose-headers']).toMatch(/x-model-version/);
    const other = await t.app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER, headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('requires the token for state changes only: predictions stay open', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER })).statusCode).toBe(200);
    const none = await t.app.inject({ method: 'POST', url: '/v1/model/reload' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json()).toEqual({ error: 'this endpoint needs a bearer token (Authorization: Bearer ...)', details: [] });
    const wrong = await t.app.inject({ method: 'POST', url: '/v1/model/reload', headers: { authorization: 'Bearer nope' } });
    expect(wrong.json().error).toBe('invalid bearer token');
    const ok = await t.app.inject({ method: 'POST', url: '/v1/model/reload', headers: { authorization: 'Bearer s3cret' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ model: { name: 'model', version: expect.any(String) }, changed: false });
  });

  it('mounts the tracking routes, with the token on their writes', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/2.0/mlflow/experiments/get?experiment_id=0' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/2.0/mlflow/runs/search', payload: {} })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/2.0/mlflow/runs/create', payload: {} })).statusCode).toBe(401);
    const authed = await t.app.inject({ method: 'POST', url: '/api/2.0/mlflow/runs/create', payload: {}, headers: { authorization: 'Bearer s3cret' } });
    expect(authed.statusCode).toBe(200);
  });
});
