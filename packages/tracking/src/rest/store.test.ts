import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SqliteTrackingStore } from '../sqlite/store.js';
import { expectMlflowError } from '../test-support/helpers.js';
import { openTrackingStore } from './index.js';
import { RestTrackingStore } from './store.js';

// The client against a scripted stand-in for an MLflow server, answering in protobuf JSON as MLflow does (empty
// lists left out, NaN as "NaN"), to pin what goes on the wire and how answers are read back. The full behaviour
// against the real server is the contract suite in packages/server.

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const seen: Seen[] = [];
const answers = new Map<string, { status?: number; body: unknown }>();
let server: Server;
let base: string;
const RUN_ID = 'a'.repeat(32);

function answer(method: string, path: string, body: unknown, status = 200): void {
  answers.set(`${method} ${path}`, { status, body });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      const a = answers.get(`${req.method} ${req.url!.split('?')[0]}`) ?? { status: 404, body: { error_code: 'ENDPOINT_NOT_FOUND', message: 'no' } };
      if (Buffer.isBuffer(a.body)) res.writeHead(a.status ?? 200).end(a.body);
      else res.writeHead(a.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  seen.length = 0;
  answers.clear();
});

const runInfo = (artifact_uri: string) => ({
  run_id: RUN_ID,
  run_uuid: RUN_ID,
  run_name: 'r',
  experiment_id: '1',
  user_id: 'u',
  status: 'RUNNING',
  start_time: 1,
  artifact_uri,
  lifecycle_stage: 'active',
});

describe('reading protobuf JSON back into the store types', () => {
  it('restores the lists MLflow leaves out and the non-finite metric values', async () => {
    answer('GET', '/api/2.0/mlflow/runs/get', {
      run: { info: runInfo('mlflow-artifacts:/1/r/artifacts'), data: { metrics: [{ key: 'm', value: 'NaN', timestamp: 1, step: 0 }, { key: 'i', value: '-Infinity', timestamp: 1, step: 0 }] }, inputs: {} },
    });
    const { run } = await new RestTrackingStore(base).getRun({ run_id: RUN_ID });
    expect(run.data.params).toEqual([]);
    expect(run.data.tags).toEqual([]);
    expect(run.inputs).toEqual({ dataset_inputs: [] });
    expect(run.data.metrics[0].value).toBeNaN();
    expect(run.data.metrics[1].value).toBe(-Infinity);
    expect(seen[0].url).toBe(`/api/2.0/mlflow/runs/get?run_id=${RUN_ID}`);
  });

  it('reads {} as an empty page without a token', async () => {
    answer('POST', '/api/2.0/mlflow/runs/search', {});
    answer('POST', '/api/2.0/mlflow/experiments/search', { experiments: [{ experiment_id: '1', name: 'e' }], next_page_token: 'tok' });
    answer('GET', '/api/2.0/mlflow/metrics/get-history', {});
    answer('GET', '/api/2.0/mlflow/artifacts/list', { root_uri: 'mlflow-artifacts:/1/r/artifacts' });
    answer('GET', '/api/2.0/mlflow/registered-models/search', { registered_models: [{ name: 'm' }] });
    const store = new RestTrackingStore(base);
    expect(await store.searchRuns({ experiment_ids: ['1'] })).toEqual({ runs: [] });
    expect(await store.searchExperiments()).toEqual({ experiments: [{ experiment_id: '1', name: 'e', tags: [] }], next_page_token: 'tok' });
    expect(await store.getMetricHistory({ run_id: RUN_ID, metric_key: 'm' })).toEqual({ metrics: [] });
    expect(await store.listArtifacts({ run_id: RUN_ID })).toEqual({ root_uri: 'mlflow-artifacts:/1/r/artifacts', files: [] });
    expect(await store.searchRegisteredModels()).toEqual({ registered_models: [{ name: 'm', latest_versions: [], tags: [], aliases: [] }] });
  });
});

describe('MLflow methods and fields', () => {
  it('sends each call with its MLflow method: PATCH updates, DELETE with a JSON body, GET with a query', async () => {
    answer('PATCH', '/api/2.0/mlflow/registered-models/update', { registered_model: { name: 'm' } });
    answer('DELETE', '/api/2.0/mlflow/model-versions/delete', {});
    answer('GET', '/api/2.0/mlflow/registered-models/alias', { model_version: { name: 'm', version: '2' } });
    answer('POST', '/api/2.0/mlflow/registered-models/get-latest-versions', {});
    const store = new RestTrackingStore(base);
    await store.updateRegisteredModel({ name: 'm', description: 'd' });
    await store.deleteModelVersion({ name: 'm', version: '1' });
    expect((await store.getModelVersionByAlias({ name: 'm', alias: 'champion' })).model_version).toEqual({ name: 'm', version: '2', tags: [], aliases: [] });
    expect(await store.getLatestVersions({ name: 'm', stages: ['Production'] })).toEqual({ model_versions: [] });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'PATCH /api/2.0/mlflow/registered-models/update',
      'DELETE /api/2.0/mlflow/model-versions/delete',
      'GET /api/2.0/mlflow/registered-models/alias?name=m&alias=champion',
      'POST /api/2.0/mlflow/registered-models/get-latest-versions',
    ]);
    expect(JSON.parse(seen[1].body.toString())).toEqual({ name: 'm', version: '1' });
    expect(JSON.parse(seen[3].body.toString())).toEqual({ name: 'm', stages: ['Production'] });
  });

  it("fills user_id with the client's user, as MLflow's client does", async () => {
    answer('POST', '/api/2.0/mlflow/runs/create', { run: { info: runInfo('x') } });
    await new RestTrackingStore(base, { user: 'carol' }).createRun({ experiment_id: '1' });
    await new RestTrackingStore(base, { user: 'carol' }).createRun({ experiment_id: '1', user_id: 'dave' });
    expect(seen.map((s) => JSON.parse(s.body.toString()).user_id)).toEqual(['carol', 'dave']);
  });

  it('turns error bodies into MlflowError with the same code', async () => {
    answer('GET', '/api/2.0/mlflow/experiments/get', { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'No experiment 9' }, 404);
    await expectMlflowError(new RestTrackingStore(base).getExperiment({ experiment_id: '9' }), 'RESOURCE_DOES_NOT_EXIST', /No experiment 9/);
  });
});

describe('artifacts', () => {
  it('goes through the proxy for mlflow-artifacts:/ run roots, streaming local files', async () => {
    answer('GET', '/api/2.0/mlflow/runs/get', { run: { info: runInfo(`mlflow-artifacts:/1/${RUN_ID}/artifacts`) } });
    const proxied = `/api/2.0/mlflow-artifacts/artifacts/1/${RUN_ID}/artifacts/model/my%20model.json`;
    answer('PUT', proxied, {});
    answer('GET', proxied, Buffer.from('{"a":1}'));
    const store = new RestTrackingStore(base);
    await store.logArtifact(RUN_ID, 'model/my model.json', Buffer.from('{"a":1}'));
    const file = join(mkdtempSync(join(tmpdir(), 'custseg-rest-')), 'big.bin');
    writeFileSync(file, Buffer.alloc(300_000, 9));
    await store.logArtifact(RUN_ID, 'model/my model.json', file);
    expect((await store.downloadArtifact(RUN_ID, 'model/my model.json')).toString()).toBe('{"a":1}');
    const puts = seen.filter((s) => s.method === 'PUT');
    expect(puts.map((s) => s.url)).toEqual([proxied, proxied]);
    expect(puts[0].body.toString()).toBe('{"a":1}');
    expect(puts[1].headers['content-length']).toBe('300000');
    expect(puts[1].body.equals(Buffer.alloc(300_000, 9))).toBe(true);
  });

  it('uses an http(s) artifact URI of a proxy as it is', async () => {
    answer('GET', '/api/2.0/mlflow/runs/get', { run: { info: runInfo(`${base}/api/2.0/mlflow-artifacts/artifacts/team%20a/${RUN_ID}/artifacts`) } });
    answer('PUT', `/api/2.0/mlflow-artifacts/artifacts/team%20a/${RUN_ID}/artifacts/notes.txt`, {});
    await new RestTrackingStore(base).logArtifact(RUN_ID, 'notes.txt', Buffer.from('hi'));
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', url: `/api/2.0/mlflow-artifacts/artifacts/team%20a/${RUN_ID}/artifacts/notes.txt` });
  });

  it('reads and writes file:// run roots directly, as MLflow’s client does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custseg-rest-local-'));
    answer('GET', '/api/2.0/mlflow/runs/get', { run: { info: runInfo(pathToFileURL(dir).href) } });
    const store = new RestTrackingStore(base);
    await store.logArtifact(RUN_ID, 'notes.txt', Buffer.from('hi'));
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('hi');
    expect((await store.downloadArtifact(RUN_ID, 'notes.txt')).toString()).toBe('hi');
  });

  it('refuses bad paths before any request, and artifact stores it cannot reach', async () => {
    const store = new RestTrackingStore(base);
    for (const p of ['../x', '/etc/passwd', '', 'a\\b']) await expectMlflowError(store.logArtifact(RUN_ID, p, Buffer.from('x')), 'INVALID_PARAMETER_VALUE');
    await expectMlflowError(store.listArtifacts({ run_id: RUN_ID, path: '../..' }), 'INVALID_PARAMETER_VALUE');
    expect(seen).toEqual([]);
    answer('GET', '/api/2.0/mlflow/runs/get', { run: { info: runInfo('s3://bucket/1/r/artifacts') } });
    await expectMlflowError(store.downloadArtifact(RUN_ID, 'model.json'), 'INVALID_PARAMETER_VALUE', /s3:/);
  });
});

describe('openTrackingStore', () => {
  it('opens a REST client for http(s) URIs with MLflow’s credential variables, the embedded store otherwise', async () => {
    answer('GET', '/api/2.0/mlflow/experiments/get', { experiment: { experiment_id: '0', name: 'Default' } });
    const rest = openTrackingStore(base, { env: { MLFLOW_TRACKING_TOKEN: 'sekret' } });
    expect(rest).toBeInstanceOf(RestTrackingStore);
    expect((await rest.getExperiment({ experiment_id: '0' })).experiment).toEqual({ experiment_id: '0', name: 'Default', tags: [] });
    expect(seen[0].headers.authorization).toBe('Bearer sekret');
    const basic = openTrackingStore(undefined, { env: { MLFLOW_TRACKING_URI: base, MLFLOW_TRACKING_USERNAME: 'u', MLFLOW_TRACKING_PASSWORD: 'p' } });
    await basic.getExperiment({ experiment_id: '0' });
    expect(seen[1].headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);

    const dir = mkdtempSync(join(tmpdir(), 'custseg-open-'));
    const embedded = openTrackingStore(dir, { env: {} });
    expect(embedded).toBeInstanceOf(SqliteTrackingStore);
    await embedded.close();
  });
});
