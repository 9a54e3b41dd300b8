import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServingApp } from './app.js';
import { resolveWebDir } from './web-ui.js';

// The built web app at /: its files, index.html for the app's own deep links, and the API's JSON 404s untouched.

let dir: string;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'custseg-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>custseg</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  const source = { uri: 'none', load: async () => Promise.reject(new Error('no model yet')) };
  app = await buildServingApp({ source, logger: false, pollIntervalMs: 0, webDir: dir });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the web app served at /', () => {
  it('serves index.html at / (never cached) and hashed assets cached for a year', async () => {
    const home = await app.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    expect(home.body).toContain('<div id="root">');
    expect(home.headers['cache-control']).toBe('no-cache');
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it("answers the app's deep links with index.html when a browser asks for a page", async () => {
    for (const url of ['/batch', '/experiments/0/compare?runs=a,b', '/runs/abc', '/models']) {
      const r = await app.inject({ method: 'GET', url, headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(r.statusCode, url).toBe(200);
      expect(r.body).toContain('<div id="root">');
    }
  });

  it('keeps JSON 404s for API paths, other methods, missing assets and clients that do not ask for HTML', async () => {
    const cases = [
      { method: 'GET', url: '/v1/nope', accept: 'text/html' },
      { method: 'GET', url: '/api/2.0/mlflow/nope', accept: 'text/html' },
      { method: 'POST', url: '/batch', accept: 'text/html' },
      { method: 'GET', url: '/batch', accept: 'application/json' },
      { method: 'GET', url: '/assets/missing.js', accept: '*/*' },
    ] as const;
    for (const c of cases) {
      const r = await app.inject({ method: c.method, url: c.url, headers: { accept: c.accept } });
      expect(r.statusCode, `${c.method} ${c.url}`).toBe(404);
      expect(r.json()).toEqual({ error: `no route ${c.method} ${c.url}`, details: [] });
    }
  });

  it('leaves the API routes alone', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
  });
});

describe('resolveWebDir', () => {
  it('takes a configured directory holding index.html, refuses "off", and ignores a directory without a build', () => {
    expect(resolveWebDir(dir)).toBe(dir);
    expect(resolveWebDir('off')).toBeNull();
    expect(resolveWebDir(join(dir, 'assets'))).toBeNull();
  });
});
