import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './test-support/http.js';

// Exact wire shapes of the tracking endpoints, after MLflow's REST API reference
// (https://mlflow.org/docs/latest/rest-api.html): request fields are MLflow's snake_case names, GET endpoints
// take query parameters, ids are strings, times are integer milliseconds, and responses are protobuf JSON, which
// leaves out empty repeated fields and a missing next_page_token.

let t: TestServer;
const post = (path: string, body: unknown) => call(t.url, 'POST', `/api/2.0/mlflow/${path}`, body);
const get = (pathAndQuery: string) => call(t.url, 'GET', `/api/2.0/mlflow/${pathAndQuery}`);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('experiments', () => {
  it('create answers only {"experiment_id"} as a string ("Create Experiment", Response Structure)', async () => {
    const r = await post('experiments/create', { name: 'wire-exp', tags: [{ key: 'team', value: 'growth' }] });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(r.json)).toEqual(['experiment_id']);
    expect(r.json.experiment_id).toMatch(/^\d+$/);
  });

  it('get takes ?experiment_id= and answers {"experiment": Experiment} ("Get Experiment", "Experiment" data structure)', async () => {
    const { json: created } = await post('experiments/create', { name: 'wire-get' });
    const r = await get(`experiments/get?experiment_id=${created.experiment_id}`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      experiment: {
        experiment_id: created.experiment_id,
        name: 'wire-get',
        // `mlflow server --serve-artifacts`: experiments are created under the proxy's mlflow-artifacts:/ root
        artifact_location: `mlflow-artifacts:/${created.experiment_id}`,
        lifecycle_stage: 'active',
        creation_time: expect.any(Number),
        last_update_time: expect.any(Number),
      },
    });
    // an experiment without tags has no "tags" key at all: protobuf JSON omits empty repeated fields
    expect(r.text).not.toContain('"tags"');
    const byName = await get(`experiments/get-by-name?experiment_name=${encodeURIComponent('wire-get')}`);
    expect(byName.json).toEqual(r.json);
  });

  it('search is POST and GET; empty results are {} and pages carry next_page_token ("Search Experiments")', async () => {
    const none = await post('experiments/search', { filter: "name = 'no-such-experiment'" });
    expect(none.status).toBe(200);
    expect(none.json).toEqual({});
    for (const i of [1, 2, 3]) await post('experiments/create', { name: `wire-page-${i}` });
    const p1 = await post('experiments/search', { filter: "name LIKE 'wire-page-%'", max_results: 2, order_by: ['name ASC'] });
    expect(p1.json.experiments.map((e: { name: string }) => e.name)).toEqual(['wire-page-1', 'wire-page-2']);
    expect(typeof p1.json.next_page_token).toBe('string');
    // the GET form: order_by is repeated, so a single value still reads as a list
    const q = new URLSearchParams({ filter: "name LIKE 'wire-page-%'", max_results: '2', order_by: 'name ASC', page_token: p1.json.next_page_token });
    const p2 = await get(`experiments/search?${q}`);
    expect(p2.json).toEqual({ experiments: [expect.objectContaining({ name: 'wire-page-3' })] });
    const twoKeys = await get(`experiments/search?filter=${encodeURIComponent("name LIKE 'wire-page-%'")}&order_by=${encodeURIComponent('name DESC')}&order_by=creation_time`);
    expect(twoKeys.json.experiments.map((e: { name: string }) => e.name)).toEqual(['wire-page-3', 'wire-page-2', 'wire-page-1']);
  });

  it('update, delete, restore and tags answer {} with MLflow methods', async () => {
    const { json: created } = await post('experiments/create', { name: 'wire-life' });
    const id = created.experiment_id;
    for (const [path, body] of [
      ['experiments/update', { experiment_id: id, new_name: 'wire-life-2' }],
      ['experiments/set-experiment-tag', { experiment_id: id, key: 'k', value: 'v' }],
      ['experiments/delete-experiment-tag', { experiment_id: id, key: 'k' }],
      ['experiments/delete', { experiment_id: id }],
      ['experiments/restore', { experiment_id: id }],
    ] as const) {
      const r = await post(path, body);
      expect(r.status, path).toBe(200);
      expect(r.json, path).toEqual({});
    }
    expect((await get(`experiments/get?experiment_id=${id}`)).json.experiment).toMatchObject({ name: 'wire-life-2', lifecycle_stage: 'active' });
  });
});

describe('runs', () => {
  let experimentId: string;
  beforeAll(async () => {
    experimentId = (await post('experiments/create', { name: 'wire-runs' })).json.experiment_id;
  });

  it('create answers {"run": {info, data, inputs}} with the proxied artifact_uri ("Create Run", "Run", "RunInfo")', async () => {
    const r = await post('runs/create', { experiment_id: experimentId, user_id: 'alice', run_name: 'r1', start_time: 1_700_000_000_000 });
    expect(r.status).toBe(200);
    const runId: string = r.json.run.info.run_id;
    expect(r.json).toEqual({
      run: {
        info: {
          run_id: runId,
          run_uuid: runId,
          run_name: 'r1',
          experiment_id: experimentId,
          user_id: 'alice',
          status: 'RUNNING',
          start_time: 1_700_000_000_000,
          artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
          lifecycle_stage: 'active',
        },
        // no metrics or params yet: the keys are absent, not []
        data: { tags: [{ key: 'mlflow.runName', value: 'r1' }, { key: 'mlflow.user', value: 'alice' }] },
        inputs: {},
      },
    });
    // a running run has no end_time in MLflow's JSON
    expect(r.text).not.toContain('end_time');
  });

  it('get takes ?run_id= and the deprecated ?run_uuid= ("Get Run")', async () => {
    const { json } = await post('runs/create', { experiment_id: experimentId });
    const id = json.run.info.run_id;
    expect((await get(`runs/get?run_id=${id}`)).json).toEqual(json);
    expect((await get(`runs/get?run_uuid=${id}`)).json).toEqual(json);
  });

  it('log-metric, log-parameter, set-tag, delete-tag, log-batch and log-inputs answer {} ("Log Metric" .. "Log Inputs")', async () => {
    const id = (await post('runs/create', { experiment_id: experimentId })).json.run.info.run_id;
    const dataset = { name: 'customers', digest: 'abc', source_type: 'local', source: '{"uri":"train.csv"}' };
    for (const [path, body] of [
      ['runs/log-metric', { run_id: id, key: 'acc', value: 0.75, timestamp: 10, step: 1 }],
      ['runs/log-parameter', { run_id: id, key: 'C', value: '1.0' }],
      ['runs/set-tag', { run_id: id, key: 'note', value: 'x' }],
      ['runs/delete-tag', { run_id: id, key: 'note' }],
      ['runs/log-batch', { run_id: id, metrics: [{ key: 'loss', value: 0.5, timestamp: 11, step: 0 }], params: [{ key: 'seed', value: '7' }], tags: [{ key: 't', value: 'v' }] }],
      ['runs/log-inputs', { run_id: id, datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }] }],
    ] as const) {
      const r = await post(path, body);
      expect(r.status, `${path}: ${r.text}`).toBe(200);
      expect(r.json, path).toEqual({});
    }
    const { run } = (await get(`runs/get?run_id=${id}`)).json;
    expect(run.data.metrics).toEqual([
      { key: 'acc', value: 0.75, timestamp: 10, step: 1 },
      { key: 'loss', value: 0.5, timestamp: 11, step: 0 },
    ]);
    expect(run.data.params).toEqual([{ key: 'C', value: '1.0' }, { key: 'seed', value: '7' }]);
    expect(run.inputs).toEqual({ dataset_inputs: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }] });
  });

  it('carries NaN and ±Infinity as protobuf strings both ways ("Metric": value is a double)', async () => {
    const id = (await post('runs/create', { experiment_id: experimentId })).json.run.info.run_id;
    await post('runs/log-metric', { run_id: id, key: 'nan', value: 'NaN', timestamp: 1 });
    await post('runs/log-batch', { run_id: id, metrics: [{ key: 'inf', value: 'Infinity', timestamp: 1, step: 0 }, { key: 'ninf', value: '-Infinity', timestamp: 1, step: 0 }] });
    const { run } = (await get(`runs/get?run_id=${id}`)).json;
    expect(Object.fromEntries(run.data.metrics.map((m: { key: string; value: unknown }) => [m.key, m.value]))).toEqual({ nan: 'NaN', inf: 'Infinity', ninf: '-Infinity' });
    const history = await get(`metrics/get-history?run_id=${id}&metric_key=nan`);
    expect(history.json).toEqual({ metrics: [{ key: 'nan', value: 'NaN', timestamp: 1, step: 0 }] });
  });

  it('update answers {"run_info"} ("Update Run")', async () => {
    const id = (await post('runs/create', { experiment_id: experimentId })).json.run.info.run_id;
    const r = await post('runs/update', { run_id: id, status: 'FINISHED', end_time: 1_800_000_000_000 });
    expect(Object.keys(r.json)).toEqual(['run_info']);
    expect(r.json.run_info).toMatchObject({ run_id: id, status: 'FINISHED', end_time: 1_800_000_000_000 });
    expect((await post('runs/delete', { run_id: id })).json).toEqual({});
    expect((await post('runs/restore', { run_id: id })).json).toEqual({});
  });

  it('search is POST with experiment_ids and answers {"runs", "next_page_token"}, {} when nothing matches ("Search Runs")', async () => {
    const exp = (await post('experiments/create', { name: 'wire-search' })).json.experiment_id;
    expect((await post('runs/search', { experiment_ids: [exp] })).json).toEqual({});
    for (const [i, acc] of [0.2, 0.9, 0.5].entries()) {
      const id = (await post('runs/create', { experiment_id: exp, run_name: `s${i}`, start_time: 1000 + i })).json.run.info.run_id;
      await post('runs/log-metric', { run_id: id, key: 'acc', value: acc, timestamp: 1 });
    }
    const p1 = await post('runs/search', { experiment_ids: [exp], filter: 'metrics.acc > 0.3', order_by: ['metrics.acc DESC'], max_results: 1 });
    expect(p1.json.runs.map((r: { info: { run_name: string } }) => r.info.run_name)).toEqual(['s1']);
    expect(typeof p1.json.next_page_token).toBe('string');
    const p2 = await post('runs/search', { experiment_ids: [exp], filter: 'metrics.acc > 0.3', order_by: ['metrics.acc DESC'], max_results: 1, page_token: p1.json.next_page_token });
    expect(p2.json.runs.map((r: { info: { run_name: string } }) => r.info.run_name)).toEqual(['s2']);
    expect(p2.json.next_page_token).toBeUndefined();
  });

  it('get-history takes GET query parameters and pages ("Get Metric History")', async () => {
    const id = (await post('runs/create', { experiment_id: experimentId })).json.run.info.run_id;
    await post('runs/log-batch', { run_id: id, metrics: [0, 1, 2].map((s) => ({ key: 'm', value: s / 10, timestamp: 100 + s, step: s })) });
    const p1 = await get(`metrics/get-history?run_id=${id}&metric_key=m&max_results=2`);
    expect(p1.json.metrics).toEqual([
      { key: 'm', value: 0, timestamp: 100, step: 0 },
      { key: 'm', value: 0.1, timestamp: 101, step: 1 },
    ]);
    const p2 = await get(`metrics/get-history?run_id=${id}&metric_key=m&max_results=2&page_token=${encodeURIComponent(p1.json.next_page_token)}`);
    expect(p2.json).toEqual({ metrics: [{ key: 'm', value: 0.2, timestamp: 102, step: 2 }] });
    expect((await get(`metrics/get-history?run_id=${id}&metric_key=absent`)).json).toEqual({});
  });

  it('artifacts/list answers {root_uri, files} with paths relative to the run root ("List Artifacts", "FileInfo")', async () => {
    const { run } = (await post('runs/create', { experiment_id: experimentId })).json;
    const id = run.info.run_id;
    const empty = await get(`artifacts/list?run_id=${id}`);
    expect(empty.json).toEqual({ root_uri: run.info.artifact_uri });
    const prefix = `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${id}/artifacts`;
    expect((await call(t.url, 'PUT', `${prefix}/model/model.json`, '{"a":1}')).status).toBe(200);
    expect((await call(t.url, 'PUT', `${prefix}/notes.txt`, 'hello')).status).toBe(200);
    expect((await get(`artifacts/list?run_id=${id}`)).json).toEqual({
      root_uri: run.info.artifact_uri,
      files: [
        { path: 'model', is_dir: true },
        { path: 'notes.txt', is_dir: false, file_size: 5 },
      ],
    });
    expect((await get(`artifacts/list?run_id=${id}&path=model`)).json.files).toEqual([{ path: 'model/model.json', is_dir: false, file_size: 7 }]);
  });
});
