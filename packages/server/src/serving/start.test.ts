import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SyntheticRows } from '../bench/synthetic-rows.js';
import { servingConfigFromEnv } from './config.js';
import { startServing } from './start.js';
import { CUSTOMER, tempDir, trainTestModel, writeModel } from './test-support/model.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./test-support/serve-child.ts', import.meta.url));

/** startServing in a real process (through tsx, sources resolved by the test tsconfig). */
function serveChild(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: REPO_ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: `${REPO_ROOT}tsconfig.test.json`, CUSTSEG_HOST: '127.0.0.1', CUSTSEG_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\{"url":"([^"]+)"\}/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exited, stderr: () => err, stdout: () => out };
}

describe('startServing', () => {
  it('finishes the request in flight on SIGTERM, refuses new connections, and exits 0', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const model = await writeModel(join(dir, 'model.json'), trainTestModel());
      const s = serveChild({ CUSTSEG_MODEL: model });
      const url = new URL(await s.url);
      const rows = new SyntheticRows(500);
      let body = '';
      const done = new Promise<number>((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, path: '/v1/predict/csv', method: 'POST', headers: { 'content-type': 'text/csv' } }, (res) => {
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.write(rows.header + rows.chunk(1, 1000));
        // the signal arrives with the upload half sent
        setTimeout(() => {
          s.child.kill('SIGTERM');
          setTimeout(() => {
            const probe = request({ host: url.hostname, port: url.port, path: '/healthz' });
            probe.on('error', (e: NodeJS.ErrnoException) => (refused = e.code ?? 'error'));
            probe.on('response', () => (refused = 'answered'));
            probe.end();
            setTimeout(() => req.end(rows.chunk(1001, 1000)), 150);
          }, 150);
        }, 300);
      });
      let refused = '';
      expect(await done).toBe(200);
      const answered = performance.now();
      expect(body.trim().split('\n')).toHaveLength(2001);
      expect(await s.exited).toBe(0);
      // no wait for the keep-alive timeout once the last response is out
      expect(performance.now() - answered).toBeLessThan(2000);
      expect(refused).toBe('ECONNREFUSED');
      expect(s.stderr() + s.stdout()).toMatch(/shutting down/);
    } finally {
      await cleanup();
    }
  }, 30_000);

  it('refuses a model that cannot be loaded with one clear line (the CLI exits 2 with it)', async () => {
    const config = servingConfigFromEnv({ CUSTSEG_MODEL: '/nonexistent/model.json', CUSTSEG_HOST: '127.0.0.1', CUSTSEG_PORT: '0' });
    await expect(startServing({ config, logger: false, handleSignals: false })).rejects.toThrow(/^\/nonexistent\/model\.json: no such model file$/);
    const tracking = servingConfigFromEnv({ CUSTSEG_MODEL: 'model.json', CUSTSEG_SERVE_TRACKING: 'true' });
    await expect(startServing({ config: tracking, logger: false, handleSignals: false })).rejects.toThrow(/no tracking API to mount/);
  });

  it('serves in-process with the configuration from the environment', async () => {
    const { dir, cleanup } = await tempDir();
    const model = await writeModel(join(dir, 'model.json'), trainTestModel());
    const server = await startServing({
      config: servingConfigFromEnv({ CUSTSEG_MODEL: model, CUSTSEG_HOST: '127.0.0.1', CUSTSEG_PORT: '0', CUSTSEG_TOKEN: 't' }),
      logger: false,
      handleSignals: false,
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CUSTOMER) });
      expect(res.status).toBe(200);
      expect((await fetch(`${server.url}/v1/model/reload`, { method: 'POST' })).status).toBe(401);
    } finally {
      await server.close();
      await cleanup();
    }
  });
});
