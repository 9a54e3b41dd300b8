import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './test-support/http.js';

// GET /get-artifact?run_id=..&path=.. (MLflow's UI endpoint): one file of a run, inline, sandboxed; paths that
// leave the run's artifacts and unknown runs or files are 4xx with MLflow's error shape.

let t: TestServer;
let runId: string;

beforeAll(async () => {
  t = await startTestServer();
  const exp = await call(t.url, 'POST', '/api/2.0/mlflow/experiments/create', { name: 'artifacts' });
  const run = await call(t.url, 'POST', '/api/2.0/mlflow/runs/create', { experiment_id: exp.json.experiment_id });
  runId = run.json.run.info.run_id;
  // as an MLflow client logs artifacts to a served store: through the artifact proxy, under the run's artifact URI
  const root = String(run.json.run.info.artifact_uri).replace(/^mlflow-artifacts:\/*/, '');
  const put = (path: string, text: string) => call(t.url, 'PUT', `/api/2.0/mlflow-artifacts/artifacts/${root}/${path}`, text, { 'content-type': 'text/plain' });
  expect((await put('plots/confusion_matrix.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>')).status).toBe(200);
  expect((await put('classification_report.txt', 'precision recall\n')).status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

describe('GET /get-artifact', () => {
  it('returns the file inline with its type, sandboxed', async () => {
    const r = await call(t.url, 'GET', `/get-artifact?run_id=${runId}&path=plots/confusion_matrix.svg`);
    expect(r.status).toBe(200);
    expect(r.text).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(r.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(r.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''confusion_matrix.svg");
    expect(r.headers.get('content-security-policy')).toBe('sandbox');
    const txt = await call(t.url, 'GET', `/get-artifact?run_uuid=${runId}&path=classification_report.txt`);
    expect(txt.text).toBe('precision recall\n');
  });

  it('refuses paths outside the run, unknown files and unknown runs with an MLflow error', async () => {
    const up = await call(t.url, 'GET', `/get-artifact?run_id=${runId}&path=../../x`);
    expect(up.status).toBe(400);
    expect(up.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    const missing = await call(t.url, 'GET', `/get-artifact?run_id=${runId}&path=nope.txt`);
    expect(missing.status).toBe(404);
    expect(missing.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    const run = await call(t.url, 'GET', `/get-artifact?run_id=0123456789abcdef0123456789abcdef&path=a.txt`);
    expect(run.status).toBe(404);
    const noPath = await call(t.url, 'GET', `/get-artifact?run_id=${runId}`);
    expect(noPath.status).toBe(400);
  });
});
