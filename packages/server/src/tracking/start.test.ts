import { RestTrackingStore } from '@custseg/tracking';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTrackingServer, type RunningTrackingServer } from './start.js';

const open: RunningTrackingServer[] = [];
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'custseg-start-'));
  dirs.push(d);
  return d;
};

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startTrackingServer>[0]): Promise<RunningTrackingServer> {
  const s = await startTrackingServer({ port: 0, ...options });
  open.push(s);
  return s;
}

describe('startTrackingServer', () => {
  it('listens on 127.0.0.1 and a free port, over `.custseg/` in the working directory by default', async () => {
    const cwd = tempDir();
    const s = await start({ cwd });
    expect(s.host).toBe('127.0.0.1');
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    expect(await (await fetch(`${s.url}/health`)).text()).toBe('OK');
    expect(s.store.dbPath).toBe(join(cwd, '.custseg', 'tracking.db'));
    expect(existsSync(join(cwd, '.custseg', 'tracking.db'))).toBe(true);
  });

  it('takes --backend-store-uri as sqlite:/// and --artifacts-destination, and proxies run artifacts there', async () => {
    const dir = tempDir();
    const s = await start({ backendStoreUri: `sqlite:///${join(dir, 'db', 'x.db')}`, artifactsDestination: join(dir, 'blobs') });
    expect(s.store.dbPath).toBe(join(dir, 'db', 'x.db'));
    const client = new RestTrackingStore(s.url);
    const { experiment_id } = await client.createExperiment({ name: 'e' });
    const { run } = await client.createRun({ experiment_id });
    expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${experiment_id}/${run.info.run_id}/artifacts`);
    await client.logArtifact(run.info.run_id, 'model/model.json', Buffer.from('{}'));
    expect(readFileSync(join(dir, 'blobs', experiment_id, run.info.run_id, 'artifacts', 'model', 'model.json'), 'utf8')).toBe('{}');
  });

  it('refuses a REST backend and reports a taken port without leaving the store open', async () => {
    await expect(startTrackingServer({ port: 0, backendStoreUri: 'http://elsewhere:5000' })).rejects.toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    const first = await start({ backendStoreUri: tempDir() });
    await expect(startTrackingServer({ port: first.port, backendStoreUri: tempDir() })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('close() is idempotent and closes the store', async () => {
    const s = await startTrackingServer({ port: 0, backendStoreUri: tempDir() });
    await Promise.all([s.close(), s.close()]);
    await s.close();
    await expect(s.store.getExperiment({ experiment_id: '0' })).rejects.toMatchObject({ error_code: 'INTERNAL_ERROR' });
  });
});

describe('artifacts through the REST client', () => {
  it('streams a large file up and down intact', async () => {
    const dir = tempDir();
    const s = await start({ backendStoreUri: dir });
    const client = new RestTrackingStore(s.url);
    const { run } = await client.createRun({ experiment_id: '0' });
    const file = join(dir, 'big.bin');
    const bytes = Buffer.alloc(24 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) % 251;
    writeFileSync(file, bytes);
    await client.logArtifact(run.info.run_id, 'data/big.bin', file);
    expect((await client.listArtifacts({ run_id: run.info.run_id, path: 'data' })).files).toEqual([{ path: 'data/big.bin', is_dir: false, file_size: bytes.length }]);
    expect((await client.downloadArtifact(run.info.run_id, 'data/big.bin')).equals(bytes)).toBe(true);
  });

  it('refuses an artifact over the server limit with BAD_REQUEST and stores nothing', async () => {
    const dir = tempDir();
    const s = await start({ backendStoreUri: dir, maxArtifactBytes: 1024 * 1024 });
    const client = new RestTrackingStore(s.url);
    const { run } = await client.createRun({ experiment_id: '0' });
    const file = join(dir, 'big.bin');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 1));
    await expect(client.logArtifact(run.info.run_id, 'big.bin', file)).rejects.toMatchObject({ error_code: 'BAD_REQUEST', message: /larger than the server's limit/ });
    expect((await client.listArtifacts({ run_id: run.info.run_id })).files).toEqual([]);
  });
});
