import { LocalArtifactRepository, SqliteTrackingStore } from '@custseg/tracking';
import type { TSchema } from '@sinclair/typebox';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTrackingServer } from './server.js';

// Nothing a client sends may produce a 500: every route of the API gets hostile values in each of its fields,
// bodies that are not objects, and random JSON. Requests are injected (no sockets) to keep thousands of them fast;
// the HTTP-level behaviour is covered by the wire tests.

interface Route {
  method: string;
  url: string;
  fields: string[];
}

let dir: string;
let store: SqliteTrackingStore;
let app: FastifyInstance;
const routes: Route[] = [];
const base: Record<string, unknown> = {};

const HOSTILE: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  -9007199254740993,
  '',
  'NaN',
  '-Infinity',
  'x'.repeat(10_000),
  '../../../etc/passwd',
  "' OR 1=1 --",
  '%',
  '\u0000',
  '{}',
  true,
  [],
  {},
  [{}],
  [{ key: 1, value: null }],
  ['a', 'b'],
  { key: 'k', value: 'v' },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'custseg-robust-'));
  store = new SqliteTrackingStore({ dbPath: join(dir, 'tracking.db'), defaultArtifactUri: 'mlflow-artifacts:' });
  app = buildTrackingServer({ store, artifacts: new LocalArtifactRepository(join(dir, 'artifacts')), maxArtifactBytes: 64 * 1024 });
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api/2.0/mlflow/')) return;
    const schema = (r.schema?.body ?? r.schema?.querystring) as (TSchema & { properties?: Record<string, unknown> }) | undefined;
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: r.url, fields: Object.keys(schema?.properties ?? {}) });
    }
  });
  await app.ready();

  // plausible values for every field, so that one hostile field at a time reaches deep into the store
  const { experiment_id } = await store.createExperiment({ name: 'robust' });
  const { run } = await store.createRun({ experiment_id });
  await store.createRegisteredModel({ name: 'robust-model' });
  await store.createModelVersion({ name: 'robust-model', source: `runs:/${run.info.run_id}/model` });
  Object.assign(base, {
    experiment_id,
    experiment_ids: [experiment_id],
    experiment_name: 'robust',
    run_id: run.info.run_id,
    run_uuid: run.info.run_id,
    name: 'robust-model',
    new_name: 'robust-renamed',
    version: '1',
    alias: 'champion',
    key: 'k',
    value: 'v',
    metric_key: 'm',
    timestamp: 1,
    step: 0,
    status: 'FINISHED',
    end_time: 2,
    start_time: 1,
    source: `runs:/${run.info.run_id}/model`,
    stage: 'Staging',
    filter: "name = 'x'",
    order_by: ['name ASC'],
    max_results: 10,
    page_token: undefined,
    view_type: 'ALL',
    run_view_type: 'ALL',
    tags: [{ key: 't', value: 'v' }],
    metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }],
    params: [{ key: 'p', value: 'v' }],
    datasets: [{ tags: [], dataset: { name: 'd', digest: 'x', source_type: 'local', source: '{}' } }],
    stages: ['Staging'],
    path: 'model',
  });
});

afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function toQuery(o: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) {
    for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined) q.append(k, typeof x === 'object' ? JSON.stringify(x) : String(x));
  }
  return q.toString();
}

async function send(route: Route, payload: unknown, rawBody?: string): Promise<{ status: number; body: string }> {
  const opts: InjectOptions =
    route.method === 'GET'
      ? { method: 'GET', url: `${route.url}?${toQuery(payload as Record<string, unknown>)}` }
      : { method: route.method as 'POST', url: route.url, headers: { 'content-type': 'application/json' }, payload: rawBody ?? JSON.stringify(payload) };
  const res = await app.inject(opts);
  return { status: res.statusCode, body: res.body };
}

function expectNo500(route: Route, what: string, res: { status: number; body: string }): void {
  expect(res.status, `${route.method} ${route.url} with ${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) expect(JSON.parse(res.body)).toEqual({ error_code: expect.any(String), message: expect.any(String) });
}

describe('no request yields a 500', () => {
  it('covers every API route', () => {
    expect(routes.length).toBeGreaterThanOrEqual(40);
  });

  it('one hostile value at a time in every field of every route', async () => {
    for (const route of routes) {
      const valid = Object.fromEntries(route.fields.map((f) => [f, base[f]]));
      for (const field of route.fields) {
        for (const v of HOSTILE) {
          expectNo500(route, `${field}=${JSON.stringify(v)?.slice(0, 40)}`, await send(route, { ...valid, [field]: v }));
        }
      }
    }
  });

  it('every field hostile at once, and bodies that are not objects', async () => {
    for (const route of routes) {
      for (const v of HOSTILE) expectNo500(route, `all fields ${JSON.stringify(v)?.slice(0, 40)}`, await send(route, Object.fromEntries(route.fields.map((f) => [f, v]))));
      if (route.method === 'GET') continue;
      for (const raw of ['', 'null', '[]', '"x"', '42', '{"a":', 'nul', '{"__proto__": {"x": 1}}', '{"constructor": {"prototype": {"x": 1}}}']) {
        expectNo500(route, `raw ${raw}`, await send(route, undefined, raw));
      }
    }
  });

  it('random JSON in random routes (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.dictionary(fc.constantFrom(...Object.keys(base)), fc.jsonValue({ maxDepth: 3 })), async (route, body) => {
        const res = await send(route, body);
        return res.status < 500;
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it('hostile artifact proxy paths and bodies', async () => {
    const paths = ['', '..', '%2e%2e', 'a/%2e%2e/..', '%00', '%ff%fe', 'a'.repeat(5000), 'a/'.repeat(300), '%', '%%32%65', 'x?y=1', '..%2f..%2fetc'];
    for (const p of paths) {
      for (const method of ['GET', 'PUT', 'DELETE'] as const) {
        const res = await app.inject({ method, url: `/api/2.0/mlflow-artifacts/artifacts/${p}`, ...(method === 'PUT' ? { payload: 'x' } : {}) });
        expect(res.statusCode, `${method} ${p}: ${res.body}`).toBeLessThan(500);
      }
      const list = await app.inject({ method: 'GET', url: `/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(p)}` });
      expect(list.statusCode, `list ${p}: ${list.body}`).toBeLessThan(500);
    }
    const big = await app.inject({ method: 'PUT', url: '/api/2.0/mlflow-artifacts/artifacts/big.bin', payload: Buffer.alloc(64 * 1024 + 1) });
    expect(big.statusCode).toBe(413);
  });

  it('paths the file system refuses (too long, through a file) are 400, in the proxy and in a run', async () => {
    const run = (await store.getRun({ run_id: base.run_id as string })).run;
    const prefix = `/api/2.0/mlflow-artifacts/artifacts/${run.info.artifact_uri.replace('mlflow-artifacts:/', '')}`;
    expect((await app.inject({ method: 'PUT', url: `${prefix}/file.txt`, payload: 'x' })).statusCode).toBe(200);
    for (const [method, url] of [
      ['PUT', `${prefix}/file.txt/inner.txt`],
      ['GET', `${prefix}/file.txt/inner.txt`],
      ['PUT', `${prefix}/${'n'.repeat(300)}`],
      ['GET', `${prefix}/${'n'.repeat(300)}`],
      ['GET', `/api/2.0/mlflow/artifacts/list?run_id=${run.info.run_id}&path=${'n'.repeat(5000)}`],
      ['GET', `/api/2.0/mlflow/artifacts/list?run_id=${run.info.run_id}&path=file.txt/inner`],
    ] as const) {
      const res = await app.inject({ method, url, ...(method === 'PUT' ? { payload: 'x' } : {}) });
      expect(res.statusCode, `${method} ${url.slice(0, 120)}: ${res.body}`).toBeLessThan(500);
    }
  });
});
