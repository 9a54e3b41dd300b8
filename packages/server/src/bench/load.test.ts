import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { runLoad } from './load.js';
import { SyntheticRows } from './synthetic-rows.js';

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(req.url === '/fail' ? (res.statusCode = 500, 'no') : '{"ok":true}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('runLoad', () => {
  it('measures requests/s and sub-millisecond latency percentiles for a bounded time', async () => {
    const r = await runLoad({ url: `${url}/`, connections: 2, durationSeconds: 1, method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(r.tool).toBe('autocannon');
    expect(r.requests).toBeGreaterThan(100);
    expect(r.failures).toBe(0);
    expect(r.p50Ms).toBeGreaterThan(0);
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(r.requestsPerSecond).toBeCloseTo(r.requests / r.seconds, 6);
    const failing = await runLoad({ url: `${url}/fail`, connections: 1, durationSeconds: 1 });
    expect(failing.failures).toBeGreaterThan(0);
  });
});

describe('SyntheticRows', () => {
  it('cycles a pool of synthetic customers with fresh IDs', () => {
    const rows = new SyntheticRows(50);
    expect(rows.header).toBe('ID,Gender,Ever_Married,Age,Graduated,Profession,Work_Experience,Spending_Score,Family_Size,Var_1\n');
    const lines = rows.chunk(1000, 120).trim().split('\n');
    expect(lines).toHaveLength(120);
    expect(lines[0].split(',')[0]).toBe('1000');
    expect(lines[119].split(',')).toHaveLength(10);
    expect(rows.objects(2)[0]).toMatchObject({ ID: 100000, Gender: expect.any(String), Age: expect.any(Number) });
  });
});
