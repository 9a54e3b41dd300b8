import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CUSTOMER, testApp } from './test-support/model.js';

// Whatever a client sends, the server answers: never a 5xx, and every 4xx in the error shape.

type App = Awaited<ReturnType<typeof testApp>>;
let t: App;

beforeAll(async () => {
  t = await testApp({ maxBatchRows: 20, maxBodyBytes: 16 * 1024, maxUploadBytes: 8 * 1024 });
});
afterAll(() => t.cleanup());

const FIELDS = Object.keys(CUSTOMER);
const nasty = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'Age ', 'ID', 'Segmentation');
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(-1, 0, 1e308, -1e308, 121, 0.5, 'NaN', 'Infinity', '', ' ', 'Male', 'Cat_1', '36', '1e3', '\u0000', 'é'),
);

/** A valid customer with a few fields changed, removed or added. */
const mutatedCustomer = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), anyValue), { maxLength: 3 }),
    fc.array(fc.constantFrom(...FIELDS), { maxLength: 2 }),
    fc.array(fc.tuple(fc.oneof(nasty, fc.string({ maxLength: 5 })), anyValue), { maxLength: 2 }),
  )
  .map(([changes, removed, added]) => {
    const row: Record<string, unknown> = { ...CUSTOMER };
    for (const [k, v] of changes) row[k] = v;
    for (const k of removed) delete row[k];
    for (const [k, v] of added) Object.defineProperty(row, k, { value: v, enumerable: true, writable: true, configurable: true });
    return row;
  });

const jsonBody = fc.oneof(
  mutatedCustomer,
  fc.array(mutatedCustomer, { maxLength: 22 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.oneof(nasty, fc.string({ maxLength: 4 })), anyValue, { maxKeys: 5 }),
);

/** Body text: JSON of the above, JSON with a corruption, or arbitrary text. */
const bodyText = fc.oneof(
  { weight: 6, arbitrary: jsonBody.map((b) => JSON.stringify(b) ?? 'null') },
  { weight: 2, arbitrary: fc.tuple(jsonBody, fc.nat(), fc.string({ maxLength: 3 })).map(([b, at, junk]) => {
    const s = JSON.stringify(b) ?? '';
    const i = at % (s.length + 1);
    return s.slice(0, i) + junk + s.slice(i);
  }) },
  { weight: 1, arbitrary: fc.constantFrom('{"__proto__":{"polluted":true},"Gender":"Male"}', '[{"constructor":{"prototype":{"polluted":true}}}]', '"x"', `"${'x'.repeat(17 * 1024)}"`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

const csvText = fc
  .array(fc.array(fc.oneof(fc.constantFrom('Male', 'Female', '36', '', 'Low', 'Cat_1', '"a,b"', '"', 'x"y', '1e9'), fc.string({ maxLength: 4 })), { maxLength: 11 }), { maxLength: 6 })
  .map((rows) => `${Object.keys(CUSTOMER).join(',')}\n${rows.map((r) => r.join(',')).join('\n')}`);

const request = fc.oneof(
  { weight: 5, arbitrary: fc.record({ url: fc.constant('/v1/predict'), payload: bodyText, type: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml') }) },
  { weight: 2, arbitrary: fc.record({ url: fc.constantFrom('/single_predict', '/batch_predict'), payload: bodyText, type: fc.constant('application/json') }) },
  { weight: 2, arbitrary: fc.record({ url: fc.constant('/v1/predict/csv'), payload: fc.oneof(csvText, fc.string({ maxLength: 30 })), type: fc.constantFrom('text/csv', 'application/json', 'multipart/form-data; boundary=x') }) },
  { weight: 1, arbitrary: fc.record({ url: fc.constant('/uploadcsv/'), payload: csvText, type: fc.constantFrom('text/csv', 'multipart/form-data; boundary=zz') }) },
);

/** Checks one answer; returns what was wrong, or null. */
function problem(status: number, text: string): string | null {
  if (status >= 500) return `status ${status}`;
  if (status < 400) return null;
  let body: { error?: unknown; details?: unknown };
  try {
    body = JSON.parse(text);
  } catch {
    return 'error body is not JSON';
  }
  if (typeof body.error !== 'string' || !Array.isArray(body.details)) return 'error body lacks error/details';
  for (const d of body.details as Record<string, unknown>[]) {
    if (Object.keys(d).join() !== 'field,row,message' || typeof d.message !== 'string') return 'malformed detail';
  }
  return null;
}

describe('fuzzing the request bodies', () => {
  it('never answers 5xx, and every 4xx has the error shape', async () => {
    // 10,000 generated requests, sent 25 at a time (as concurrent clients would) to keep the run short
    const requests = fc.sample(request, { numRuns: 10_000, seed: 20261126 });
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (let i = 0; i < requests.length; i += 25) {
      await Promise.all(
        requests.slice(i, i + 25).map(async ({ url, payload, type }) => {
          const res = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': type } });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const p = problem(res.statusCode, res.body);
          if (p) failures.push(`${p}: POST ${url} (${type}) ${JSON.stringify(payload).slice(0, 300)} → ${res.body.slice(0, 300)}`);
        }),
      );
    }
    expect(failures).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(10_000);
    // both outcomes occur: the generators reach valid and invalid requests
    expect(statuses.get(200)).toBeGreaterThan(300);
    expect(statuses.get(400)).toBeGreaterThan(1000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // the server is still healthy afterwards
    expect((await t.app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER })).statusCode).toBe(200);
  }, 30_000);

  it('also holds with shrinking, on a smaller sample', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ url, payload, type }) => {
        const res = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': type } });
        expect(problem(res.statusCode, res.body)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
