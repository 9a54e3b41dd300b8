import { afterEach, describe, expect, it } from 'vitest';
import { buildServingApp } from '../app.js';
import { testApp, trainTestModel } from '../test-support/model.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function app(options: Parameters<typeof testApp>[0] = {}) {
  const t = await testApp(options);
  cleanups.push(t.cleanup);
  return t.app;
}

describe('GET /v1/model/profile', () => {
  it("answers the served model's training profile, named by the model headers", async () => {
    const res = await (await app()).inject({ method: 'GET', url: '/v1/model/profile' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-model-version']).toBeTruthy();
    const body = res.json();
    expect(body).toEqual(JSON.parse(JSON.stringify(trainTestModel().metadata.training_profile)));
    expect(body.format).toBe('custseg-data-profile');
    expect(body.source).toBe('synth.csv');
    expect(body.overview.rows).toBe(2000);
    expect(body.target.name).toBe('Segmentation');
    expect(body.columns.find((c: { name: string }) => c.name === 'Age').numeric.histogram.length).toBeGreaterThan(0);
  });

  it('is a 404 with the error body for a model trained before models kept a profile', async () => {
    const doc = JSON.parse(JSON.stringify(trainTestModel()));
    delete doc.metadata.training_profile;
    const res = await (await app({ doc })).inject({ method: 'GET', url: '/v1/model/profile' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: expect.stringMatching(/^model version \S+ has no training profile \(it was trained before models kept one/), details: [] });
  });

  it('is a 503 while no model is loaded', async () => {
    const a = await buildServingApp({ source: { uri: 'none', load: async () => Promise.reject(new Error('nothing here')) } as never, logger: false, pollIntervalMs: 0 });
    cleanups.push(() => a.close());
    const res = await a.inject({ method: 'GET', url: '/v1/model/profile' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: 'no model loaded yet: nothing here', details: [] });
  });

  it('is described in the OpenAPI document with the profile schema', async () => {
    const doc = (await (await app()).inject({ method: 'GET', url: '/openapi.json' })).json();
    const get = doc.paths['/v1/model/profile'].get;
    const schema = get.responses['200'].content['application/json'].schema;
    expect(schema.required).toContain('columns');
    expect(schema.properties.columns.items.properties.numeric.properties.histogram.type).toBe('array');
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['200', '404', '503']));
  });
});
