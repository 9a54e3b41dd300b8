import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthCsvChunks } from '@custseg/ml';
import { buildServingApp } from '../app.js';
import { testApp, trainTestModel } from '../test-support/model.js';
import { multipart } from '../test-support/multipart.js';

type App = Awaited<ReturnType<typeof testApp>>;
let t: App;
let old: App;

beforeAll(async () => {
  t = await testApp({ maxUploadBytes: 300_000 });
  const doc = JSON.parse(JSON.stringify(trainTestModel()));
  delete doc.metadata.training_profile;
  old = await testApp({ doc });
});
afterAll(async () => {
  await t.cleanup();
  await old.cleanup();
});

const synth = (rows: number, seed: number, withTarget = true) => [...synthCsvChunks({ rows, seed, withTarget })].join('');
const post = (payload: string | Buffer | Readable, url = '/v1/profile', headers: Record<string, string> = { 'content-type': 'text/csv' }, app = t.app) =>
  app.inject({ method: 'POST', url, payload, headers });
const spooled = () => readdirSync(tmpdir()).filter((f) => f.startsWith('custseg-profile-'));

describe('POST /v1/profile', () => {
  it('answers the profile custseg eda computes, with the served model’s target by default', async () => {
    const before = spooled().length;
    const res = await post(synth(600, 3), '/v1/profile?name=customers.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const p = res.json();
    expect(p.format).toBe('custseg-data-profile');
    expect(p.source).toBe('customers.csv');
    expect(p.overview.rows).toBe(600);
    expect(p.target.name).toBe('Segmentation');
    expect(p.target.classes).toEqual(['A', 'B', 'C', 'D']);
    expect(p.target.relations).toHaveLength(9);
    expect(p.columns.map((c: { name: string; role: string }) => `${c.name}:${c.role}`)).toContain('ID:id');
    expect(p.columns.find((c: { name: string }) => c.name === 'Age').numeric.quantiles['0.5']).toEqual(expect.any(Number));
    expect(p.drift).toBeNull();
    expect(spooled().length).toBe(before); // the temporary file is gone
  });

  it('takes another target, a file without one, and a multipart upload', async () => {
    const byGender = (await post(synth(200, 4), '/v1/profile?target=Gender')).json();
    expect(byGender.target.name).toBe('Gender');
    const none = (await post(synth(200, 4, false))).json();
    expect(none.target).toBeNull();
    expect(none.warnings).toContain('No target column: the class balance and the relations to the target are not shown.');
    const { body, headers } = multipart([{ name: 'note', value: 'x' }, { name: 'file', filename: 'up.csv', value: synth(50, 2) }]);
    const up = await post(body, '/v1/profile', headers);
    expect(up.statusCode).toBe(200);
    expect(up.json().overview.rows).toBe(50);
  });

  it('adds the drift against the training profile with compare=training', async () => {
    const same = (await post(synth(2000, 1), '/v1/profile?compare=training')).json();
    expect(same.drift.reference).toBe('synth.csv');
    expect(same.drift.reference_rows).toBe(2000);
    expect(same.drift.features).toHaveLength(9);
    for (const f of same.drift.features) expect(f.flag).toBe('stable');

    const lines = synth(400, 8, false).trim().split('\n');
    const age = lines[0].split(',').indexOf('Age');
    const older = [lines[0], ...lines.slice(1).map((l) => l.split(',').map((v, j) => (j === age && v ? String(Number(v) + 25) : v)).join(','))].join('\n');
    const shifted = (await post(older, '/v1/profile?compare=training&name=older.csv')).json();
    const a = shifted.drift.features.find((f: { feature: string }) => f.feature === 'Age');
    expect(a.flag).toBe('major');
    expect(a.psi).toBeGreaterThan(0.25);
    expect(shifted.warnings.some((w: string) => w.startsWith('Age has shifted a lot between synth.csv and older.csv'))).toBe(true);
  });

  it('refuses bad CSV naming the line, empty files, a missing target column and bad parameters', async () => {
    const bad = await post('ID,Gender,Age\n1,Male,30\n2,Female\n', '/v1/profile?name=people.csv');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'people.csv line 3: expected 3 fields like the header, got 2', details: [] });
    const quote = await post('a,b\n1,"x\n2,y\n');
    expect(quote.statusCode).toBe(400);
    expect(quote.json().error).toMatch(/^upload\.csv line \d+: malformed CSV/);
    expect((await post('')).json()).toEqual({ error: 'empty CSV: expected a header line naming the columns', details: [] });
    expect((await post('\n\n')).statusCode).toBe(400);
    expect((await post('a,b\n')).json()).toEqual({ error: 'upload.csv: the file has a header but no data rows', details: [] });
    const target = await post('a,b\n1,2\n', '/v1/profile?target=Segmentation');
    expect([target.statusCode, target.json().error]).toEqual([400, 'upload.csv: the target column Segmentation is not in the header (a, b)']);
    const compare = await post('a,b\n1,2\n', '/v1/profile?compare=test');
    expect([compare.statusCode, compare.json().error]).toEqual([400, 'compare must be "training", got "test"']);
    expect((await post('{}', '/v1/profile', { 'content-type': 'application/json' })).statusCode).toBe(415);
  });

  it('refuses uploads over the limit (413), also streamed', async () => {
    const before = spooled().length;
    const big = synth(7000, 1);
    expect(big.length).toBeGreaterThan(300_000);
    const whole = await post(big);
    expect([whole.statusCode, whole.json().error]).toEqual([413, 'upload larger than the limit of 300000 bytes']);
    const streamed = await post(Readable.from(big.match(/[^]{1,20000}/g)!));
    expect(streamed.statusCode).toBe(413);
    // a multipart file cut at the limit (the temporary file being written when it is dropped)
    const up = multipart([{ name: 'file', filename: 'big.csv', value: big }]);
    const cut = await post(up.body, '/v1/profile', up.headers);
    expect([cut.statusCode, cut.json().error]).toEqual([413, 'upload larger than the limit of 300000 bytes']);
    // and the server goes on answering
    expect((await post(synth(20, 1))).statusCode).toBe(200);
    expect(spooled().length).toBe(before);
  });

  it('compare=training: 404 when the model has no training profile, 503 when no model is loaded', async () => {
    const res = await post('a,b\n1,2\n', '/v1/profile?compare=training', undefined, old.app);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatch(/has no training profile to compare with/);
    // without compare it profiles anyway
    expect((await post('a,b\n1,2\n', '/v1/profile', undefined, old.app)).statusCode).toBe(200);

    const none = await buildServingApp({ source: { uri: 'none', load: async () => Promise.reject(new Error('nothing here')) } as never, logger: false, pollIntervalMs: 0 });
    try {
      expect((await post('a,b\n1,2\n', '/v1/profile?compare=training', undefined, none)).statusCode).toBe(503);
      const plain = await post('a,Segmentation\n1,A\n2,B\n', '/v1/profile', undefined, none);
      expect(plain.statusCode).toBe(200);
      expect(plain.json().target.name).toBe('Segmentation');
    } finally {
      await none.close();
    }
  });
});
