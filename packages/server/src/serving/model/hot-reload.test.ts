import { rename, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { categoricalColumn, Frame, numericColumn, parseModel, serializeModel, type ModelDocument } from '@custseg/ml';
import { buildServingApp } from '../app.js';
import { CUSTOMER, FakeAliasStore, tempDir, trainTestModel, writeModel } from '../test-support/model.js';
import { FileModelSource } from './file-source.js';
import { RegistryAliasSource } from './registry-source.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The probabilities a model document gives CUSTOMER, computed by its pipeline directly. */
function probabilitiesOf(doc: ModelDocument): number[] {
  const m = parseModel(serializeModel(doc));
  const frame = new Frame(
    m.signature.features.map((f) => {
      const v = (CUSTOMER as Record<string, unknown>)[f.name];
      return f.type === 'numeric' ? numericColumn(f.name, Float64Array.of(v as number)) : categoricalColumn(f.name, Int32Array.of(0), [v as string]);
    }),
  );
  return Array.from(m.pipeline.predictProba(frame));
}

interface Answer {
  status: number;
  headerVersion: string | undefined;
  bodyVersion: string | undefined;
  probabilities: number[];
}

/** One keep-alive POST /v1/predict over real HTTP. */
function predict(port: number, agent: Agent, body: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/predict', method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        const json = JSON.parse(text);
        const row = Array.isArray(body) ? json.predictions?.[0] : json;
        resolve({
          status: res.statusCode ?? 0,
          headerVersion: res.headers['x-model-version'] as string | undefined,
          bodyVersion: json.model?.version,
          probabilities: row?.probabilities ? Object.values(row.probabilities) : [],
        });
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const a = app.server.address();
  return typeof a === 'object' && a ? a.port : 0;
}

describe('hot reload from a registry alias', () => {
  it('moves to the new version while clients keep sending: no failed request, each answer from the version it names', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const v1 = trainTestModel(1);
    const v2 = trainTestModel(2);
    const expected: Record<string, number[]> = { '1': probabilitiesOf(v1), '2': probabilitiesOf(v2) };
    expect(expected['1']).not.toEqual(expected['2']);
    const store = new FakeAliasStore();
    store.addVersion('1', await writeModel(join(dir, 'v1.json'), v1));
    store.addVersion('2', await writeModel(join(dir, 'v2.json'), v2));
    store.setAlias('1');

    const app = await buildServingApp({ source: new RegistryAliasSource(store, 'customer-segmentation', 'champion'), logger: false, pollIntervalMs: 20 });
    cleanups.push(() => app.close());
    const port = await listen(app);
    const info = (await app.inject({ method: 'GET', url: '/v1/model' })).json();
    expect(info).toMatchObject({ name: 'customer-segmentation', version: '1', alias: 'champion', run_id: 'run-1', source: 'models:/customer-segmentation@champion' });

    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    cleanups.push(async () => agent.destroy());
    const answers: Answer[][] = [[], [], [], [], [], []];
    let stop = false;
    let sawV2At = Infinity;
    const clients = answers.map(async (mine, c) => {
      while (!stop) {
        const a = await predict(port, agent, c % 2 === 0 ? CUSTOMER : [CUSTOMER, CUSTOMER]);
        mine.push(a);
        if (a.bodyVersion === '2') sawV2At = Math.min(sawV2At, performance.now());
      }
    });
    await new Promise((r) => setTimeout(r, 250));
    store.setAlias('2');
    const deadline = performance.now() + 10_000;
    while (performance.now() - sawV2At < 250 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await Promise.all(clients);

    const all = answers.flat();
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter((a) => a.status !== 200)).toEqual([]);
    for (const a of all) {
      expect(a.headerVersion).toBe(a.bodyVersion);
      expect(a.probabilities).toEqual(expected[a.bodyVersion!]);
    }
    for (const mine of answers) {
      const versions = mine.map((a) => a.bodyVersion).join('');
      // each client: version 1, then version 2, never back
      expect(versions).toMatch(/^1+2+$/);
    }
    expect((await app.inject({ method: 'GET', url: '/v1/model' })).json()).toMatchObject({ version: '2', run_id: 'run-2' });
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/custseg_model_info\{name="customer-segmentation",version="2",alias="champion"\} 1/);
    expect(metrics).not.toMatch(/version="1"/);
  });

  it('keeps serving the current version when the new one cannot be loaded, and retries', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const store = new FakeAliasStore();
    store.addVersion('1', await writeModel(join(dir, 'v1.json'), trainTestModel(1)));
    const broken = join(dir, 'v2.json');
    await writeFile(broken, '{"format": "something else"}');
    store.addVersion('2', broken);
    store.setAlias('1');
    const app = await buildServingApp({ source: new RegistryAliasSource(store, 'customer-segmentation', 'champion'), logger: false, pollIntervalMs: 20 });
    cleanups.push(() => app.close());
    store.setAlias('2');
    await new Promise((r) => setTimeout(r, 150));
    const res = await app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER });
    expect([res.statusCode, res.json().model.version]).toEqual([200, '1']);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/custseg_model_loads_total\{result="failure"\} [1-9]/);
    // the version is repaired in place: the next checks pick it up
    await writeModel(broken, trainTestModel(2));
    const until = performance.now() + 5000;
    while ((await app.inject({ method: 'GET', url: '/readyz' })).json().model.version !== '2' && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json().model.version).toBe('2');
  });

  it('starts unready while the alias is unset and becomes ready when it is set', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const store = new FakeAliasStore();
    store.addVersion('3', await writeModel(join(dir, 'v3.json'), trainTestModel(1)));
    const app = await buildServingApp({ source: new RegistryAliasSource(store, 'customer-segmentation', 'champion'), logger: false, pollIntervalMs: 20 });
    cleanups.push(() => app.close());
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    store.setAlias('3');
    const until = performance.now() + 5000;
    while ((await app.inject({ method: 'GET', url: '/readyz' })).statusCode !== 200 && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json().model.version).toBe('3');
  });

  it('stops polling when the app closes', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const store = new FakeAliasStore();
    store.addVersion('1', await writeModel(join(dir, 'v1.json'), trainTestModel(1)));
    store.setAlias('1');
    const app = await buildServingApp({ source: new RegistryAliasSource(store, 'customer-segmentation', 'champion'), logger: false, pollIntervalMs: 10 });
    await app.close();
    const lookups = store.aliasLookups;
    await new Promise((r) => setTimeout(r, 80));
    expect(store.aliasLookups).toBe(lookups);
  });
});

describe('hot reload from a file', () => {
  it('picks up a replaced model file (atomic rename) as a new version', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const path = await writeModel(join(dir, 'model.json'), trainTestModel(1));
    const app = await buildServingApp({ source: new FileModelSource(path), logger: false, pollIntervalMs: 20 });
    cleanups.push(() => app.close());
    const before = (await app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER })).json().model.version;
    await writeFile(join(dir, 'model.json.tmp'), serializeModel(trainTestModel(2)));
    await rename(join(dir, 'model.json.tmp'), path);
    const until = performance.now() + 5000;
    let after = before;
    while (after === before && performance.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      after = (await app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER })).json().model.version;
    }
    expect(after).not.toBe(before);
    expect(after).toMatch(/^[0-9a-f]{12}$/);
  });
});
