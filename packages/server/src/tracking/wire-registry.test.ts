import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './test-support/http.js';

// The model registry on the wire, after MLflow's REST API reference ("Create RegisteredModel" .. "Get Download
// URI For ModelVersion Artifacts", and the "RegisteredModel" / "ModelVersion" data structures), with its methods:
// registered-models/update and model-versions/update are PATCH, the deletes are DELETE with a JSON body (as
// MLflow's client sends them), registered-models/alias is POST to set, DELETE to remove and GET to resolve.

let t: TestServer;
const api = (method: string, path: string, body?: unknown) => call(t.url, method, `/api/2.0/mlflow/${path}`, body);
let source: string;
let runId: string;

beforeAll(async () => {
  t = await startTestServer();
  const experiment_id = (await api('POST', 'experiments/create', { name: 'wire-registry' })).json.experiment_id;
  runId = (await api('POST', 'runs/create', { experiment_id })).json.run.info.run_id;
  source = `runs:/${runId}/model`;
});
afterAll(async () => {
  await t.close();
});

describe('registered models', () => {
  it('create answers {"registered_model"} without empty lists ("Create RegisteredModel")', async () => {
    const r = await api('POST', 'registered-models/create', { name: 'wire-model', description: 'd' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      registered_model: { name: 'wire-model', description: 'd', creation_timestamp: expect.any(Number), last_updated_timestamp: expect.any(Number) },
    });
    expect((await api('GET', 'registered-models/get?name=wire-model')).json).toEqual(r.json);
  });

  it('update is PATCH, rename is POST, delete is DELETE', async () => {
    await api('POST', 'registered-models/create', { name: 'wire-life' });
    expect((await api('POST', 'registered-models/update', { name: 'wire-life', description: 'x' })).json.error_code).toBe('ENDPOINT_NOT_FOUND');
    const patched = await api('PATCH', 'registered-models/update', { name: 'wire-life', description: 'x' });
    expect(patched.json.registered_model).toMatchObject({ name: 'wire-life', description: 'x' });
    const renamed = await api('POST', 'registered-models/rename', { name: 'wire-life', new_name: 'wire-life-2' });
    expect(renamed.json.registered_model.name).toBe('wire-life-2');
    expect((await api('DELETE', 'registered-models/delete', { name: 'wire-life-2' })).json).toEqual({});
    expect((await api('GET', 'registered-models/get?name=wire-life-2')).status).toBe(404);
  });

  it('a DELETE may name its target in the query string instead of a body', async () => {
    await api('POST', 'registered-models/create', { name: 'wire-del-query' });
    expect((await call(t.url, 'DELETE', '/api/2.0/mlflow/registered-models/delete?name=wire-del-query')).json).toEqual({});
    expect((await api('GET', 'registered-models/get?name=wire-del-query')).status).toBe(404);
  });

  it('search is GET with repeated order_by and answers {"registered_models", "next_page_token"} ("Search RegisteredModels")', async () => {
    for (const n of ['wire-s-a', 'wire-s-b', 'wire-s-c']) await api('POST', 'registered-models/create', { name: n });
    const filter = encodeURIComponent("name LIKE 'wire-s-%'");
    const p1 = await api('GET', `registered-models/search?filter=${filter}&max_results=2&order_by=${encodeURIComponent('name DESC')}&order_by=last_updated_timestamp`);
    expect(p1.json.registered_models.map((m: { name: string }) => m.name)).toEqual(['wire-s-c', 'wire-s-b']);
    const p2 = await api('GET', `registered-models/search?filter=${filter}&max_results=2&order_by=${encodeURIComponent('name DESC')}&page_token=${encodeURIComponent(p1.json.next_page_token)}`);
    expect(p2.json).toEqual({ registered_models: [expect.objectContaining({ name: 'wire-s-a' })] });
    expect((await api('GET', `registered-models/search?filter=${encodeURIComponent("name = 'none'")}`)).json).toEqual({});
  });

  it('sets and deletes tags ("Set Registered Model Tag": POST, "Delete Registered Model Tag": DELETE)', async () => {
    await api('POST', 'registered-models/create', { name: 'wire-tags' });
    expect((await api('POST', 'registered-models/set-tag', { name: 'wire-tags', key: 'k', value: 'v' })).json).toEqual({});
    expect((await api('GET', 'registered-models/get?name=wire-tags')).json.registered_model.tags).toEqual([{ key: 'k', value: 'v' }]);
    expect((await api('DELETE', 'registered-models/delete-tag', { name: 'wire-tags', key: 'k' })).json).toEqual({});
    expect((await api('GET', 'registered-models/get?name=wire-tags')).text).not.toContain('"tags"');
  });
});

describe('model versions', () => {
  it('create answers {"model_version"} with string versions, READY, the run taken from runs:/ ("Create ModelVersion")', async () => {
    await api('POST', 'registered-models/create', { name: 'wire-mv' });
    const r = await api('POST', 'model-versions/create', { name: 'wire-mv', source });
    expect(r.json).toEqual({
      model_version: expect.objectContaining({ name: 'wire-mv', version: '1', source, run_id: runId, status: 'READY', current_stage: 'None' }),
    });
    expect(r.json.model_version).not.toHaveProperty('tags');
    expect(r.json.model_version).not.toHaveProperty('aliases');
    expect((await api('GET', 'model-versions/get?name=wire-mv&version=1')).json).toEqual(r.json);
  });

  it('update is PATCH, delete is DELETE, get-download-uri answers {"artifact_uri"}', async () => {
    await api('POST', 'registered-models/create', { name: 'wire-mv2' });
    await api('POST', 'model-versions/create', { name: 'wire-mv2', source });
    expect((await api('PATCH', 'model-versions/update', { name: 'wire-mv2', version: '1', description: 'best' })).json.model_version.description).toBe('best');
    const { run } = (await api('GET', `runs/get?run_id=${runId}`)).json;
    expect((await api('GET', 'model-versions/get-download-uri?name=wire-mv2&version=1')).json).toEqual({ artifact_uri: `${run.info.artifact_uri}/model` });
    expect((await api('POST', 'model-versions/set-tag', { name: 'wire-mv2', version: '1', key: 'ok', value: 'yes' })).json).toEqual({});
    expect((await api('DELETE', 'model-versions/delete-tag', { name: 'wire-mv2', version: '1', key: 'ok' })).json).toEqual({});
    expect((await api('DELETE', 'model-versions/delete', { name: 'wire-mv2', version: '1' })).json).toEqual({});
    expect((await api('GET', 'model-versions/get?name=wire-mv2&version=1')).json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('search is GET ("Search ModelVersions"); get-latest-versions is POST and GET; transition-stage is POST', async () => {
    await api('POST', 'registered-models/create', { name: 'wire-mv3' });
    for (let i = 0; i < 3; i++) await api('POST', 'model-versions/create', { name: 'wire-mv3', source });
    const found = await api('GET', `model-versions/search?filter=${encodeURIComponent("name = 'wire-mv3'")}`);
    expect(found.json.model_versions.map((v: { version: string }) => v.version)).toEqual(['3', '2', '1']);
    const moved = await api('POST', 'model-versions/transition-stage', { name: 'wire-mv3', version: '2', stage: 'Production', archive_existing_versions: false });
    expect(moved.json.model_version.current_stage).toBe('Production');
    const latestPost = await api('POST', 'registered-models/get-latest-versions', { name: 'wire-mv3', stages: ['Production'] });
    expect(latestPost.json.model_versions.map((v: { version: string }) => v.version)).toEqual(['2']);
    const latestGet = await api('GET', 'registered-models/get-latest-versions?name=wire-mv3&stages=Production');
    expect(latestGet.json).toEqual(latestPost.json);
  });

  it('aliases: POST sets, GET resolves to {"model_version"}, DELETE removes ("Set/Delete Registered Model Alias", "Get Model Version by Alias")', async () => {
    await api('POST', 'registered-models/create', { name: 'wire-alias' });
    await api('POST', 'model-versions/create', { name: 'wire-alias', source });
    expect((await api('POST', 'registered-models/alias', { name: 'wire-alias', alias: 'champion', version: '1' })).json).toEqual({});
    const got = await api('GET', 'registered-models/alias?name=wire-alias&alias=champion');
    expect(got.json.model_version).toMatchObject({ name: 'wire-alias', version: '1', aliases: ['champion'] });
    expect((await api('GET', 'registered-models/get?name=wire-alias')).json.registered_model.aliases).toEqual([{ alias: 'champion', version: '1' }]);
    expect((await api('DELETE', 'registered-models/alias', { name: 'wire-alias', alias: 'champion' })).json).toEqual({});
    const gone = await api('GET', 'registered-models/alias?name=wire-alias&alias=champion');
    expect(gone.status).toBe(404);
    expect(gone.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});
