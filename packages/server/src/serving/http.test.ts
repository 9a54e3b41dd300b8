import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyntheticRows } from '../bench/synthetic-rows.js';
import { uploadCsv } from '../bench/csv-upload.js';
import { CUSTOMER, testApp } from './test-support/model.js';

// The same routes over real sockets: keep-alive, streaming both ways, clients that go away.

type App = Awaited<ReturnType<typeof testApp>>;
let t: App;
let port: number;
const rows = new SyntheticRows(2000);

beforeAll(async () => {
  t = await testApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const a = t.app.server.address();
  port = typeof a === 'object' && a ? a.port : 0;
});
afterAll(() => t.cleanup());

function openUpload(onResponse: (res: IncomingMessage) => void): ClientRequest {
  const req = request(
    { host: '127.0.0.1', port, path: '/v1/predict/csv', method: 'POST', headers: { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } },
    onResponse,
  );
  req.on('error', () => undefined);
  return req;
}

describe('over HTTP', () => {
  it('answers JSON predictions with fetch', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CUSTOMER) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-model-version')).toBeTruthy();
    expect(((await res.json()) as { segment: string }).segment).toMatch(/^[ABCD]$/);
    const bad = await fetch(`http://127.0.0.1:${port}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"Age":' });
    expect([bad.status, ((await bad.json()) as { error: string }).error]).toEqual([400, 'malformed JSON body']);
  });

  it('streams a large CSV upload in order, answering while the upload is still arriving', async () => {
    const firstOutput = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error('no output before the end of the upload'));
      }, 10_000);
      const req = openUpload((res) => {
        res.once('data', () => {
          clearTimeout(timer);
          req.destroy();
          resolve();
        });
      });
      req.write(rows.header);
      // the upload is never finished: output must come while it is still open
      req.write(rows.chunk(100_000, 20_000));
    });
    await firstOutput;

    const result = await uploadCsv(port, rows, 100_000);
    expect(result).toMatchObject({ status: 200, outputLines: 100_000, errorLines: 0 });
  });

  it('survives a client that disconnects mid-stream, and keeps serving', async () => {
    await new Promise<void>((resolve) => {
      const req = openUpload((res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.write(rows.header);
      let id = 1;
      const pump = (): void => {
        while (!req.destroyed && req.write(rows.chunk(id, 5000))) id += 5000;
        if (!req.destroyed) req.once('drain', pump);
      };
      pump();
    });
    await new Promise((r) => setTimeout(r, 50));
    const res = await fetch(`http://127.0.0.1:${port}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([CUSTOMER]) });
    expect(res.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).not.toMatch(/status="5\d\d"/);
  });
});
