import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalArtifactRepository } from '../artifacts/local.js';
import { startWorker } from '../test-support/processes.js';
import { SqliteTrackingStore } from './store.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'custseg-proc-'));

describe('embedded store across processes', () => {
  it('loses nothing when 4 processes log 200 metrics each into one database at once', async () => {
    const dbPath = join(tempDir(), 'tracking.db');
    const store = new SqliteTrackingStore({ dbPath });
    const runId = (await store.createRun({ experiment_id: '0', run_name: 'shared' })).run.info.run_id;
    const workers = [1, 2, 3, 4].map((w) => startWorker(['metrics', dbPath, runId, String(w), '200']));
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes, workers.map((w) => w.stderr()).join('\n')).toEqual([0, 0, 0, 0]);
    const { metrics } = await store.getMetricHistory({ run_id: runId, metric_key: 'shared' });
    expect(metrics).toHaveLength(800);
    for (const w of [1, 2, 3, 4]) expect(metrics.filter((m) => Math.floor(m.value) === w)).toHaveLength(200);
    const own = await store.searchRuns({ experiment_ids: ['0'], filter: "attributes.run_name LIKE 'worker-%' and attributes.status = 'FINISHED'" });
    expect(own.runs).toHaveLength(4);
    for (const r of own.runs) expect(r.data.params).toHaveLength(10);
    await store.close();
  });

  it('opens and lists after a writer is killed (SIGKILL) in the middle of logging', async () => {
    const dbPath = join(tempDir(), 'tracking.db');
    const setup = new SqliteTrackingStore({ dbPath });
    const runId = (await setup.createRun({ experiment_id: '0', run_name: 'doomed' })).run.info.run_id;
    await setup.close();
    const worker = startWorker(['log-forever', dbPath, runId]);
    await worker.waitFor((m) => typeof m.batch === 'number' && m.batch >= 20);
    worker.child.kill('SIGKILL');
    expect(await worker.exited).toBe('SIGKILL');

    const store = new SqliteTrackingStore({ dbPath });
    expect(store.database.pragma('integrity_check', { simple: true })).toBe('ok');
    const { runs } = await store.searchRuns({ experiment_ids: ['0'] });
    expect(runs.map((r) => r.info.run_id)).toContain(runId);
    const { run } = await store.getRun({ run_id: runId });
    expect(run.info.status).toBe('RUNNING');
    // batches are all-or-nothing: whole batches of 50 points and one param each
    const points = (store.database.prepare('SELECT count(*) AS n FROM metrics WHERE run_uuid = ?').get(runId) as { n: number }).n;
    expect(points % 50).toBe(0);
    expect(points / 50).toBe(run.data.params.length);
    expect(points).toBeGreaterThanOrEqual(21 * 50);
    // and the store keeps working
    await store.logMetric({ run_id: runId, key: 'after', value: 1, timestamp: 1 });
    await store.updateRun({ run_id: runId, status: 'KILLED', end_time: Date.now() });
    await store.close();
  });

  it('never shows a partial artifact: readers see whole files, a killed writer leaves none', async () => {
    const root = tempDir();
    const size = 8 * 1024 * 1024;
    const worker = startWorker(['write-forever', root, 'model/big.bin', String(size)]);
    const repo = new LocalArtifactRepository(root);
    const final = join(root, 'model', 'big.bin');
    await worker.waitFor((m) => m.written === 0);
    // poll while the writer rewrites: the final name always holds a complete file
    let checks = 0;
    const until = Date.now() + 1_500;
    while (Date.now() < until) {
      expect(statSync(final).size).toBe(size);
      const listed = await repo.list('model');
      expect(listed).toEqual([{ path: 'model/big.bin', is_dir: false, file_size: size }]);
      checks++;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(checks).toBeGreaterThan(10);
    worker.child.kill('SIGKILL');
    await worker.exited;
    expect(statSync(final).size).toBe(size);
    const bytes = await repo.read('model/big.bin');
    expect(bytes.length).toBe(size);
    expect(bytes.every((b) => b === bytes[0])).toBe(true);
    // whatever the kill left is a hidden temp file, never listed
    expect(readdirSync(join(root, 'model')).filter((n) => n !== 'big.bin').every((n) => n.startsWith('.custseg-tmp-'))).toBe(true);
    expect((await repo.list('model')).map((f) => f.path)).toEqual(['model/big.bin']);
  });

  it('leaves no file at all when the first write of an artifact is killed', async () => {
    const root = tempDir();
    const worker = startWorker(['write-forever', root, 'first.bin', String(64 * 1024 * 1024)]);
    // kill as soon as the worker is up and writing its first (large) file
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const dir = (() => {
          try {
            return readdirSync(root);
          } catch {
            return [];
          }
        })();
        if (dir.some((n) => n.startsWith('.custseg-tmp-'))) {
          clearInterval(timer);
          resolve();
        }
      }, 2);
    });
    worker.child.kill('SIGKILL');
    await worker.exited;
    const names = readdirSync(root);
    if (names.includes('first.bin')) {
      // the rename won the race: then the file is whole
      expect(statSync(join(root, 'first.bin')).size).toBe(64 * 1024 * 1024);
    } else {
      expect(await new LocalArtifactRepository(root).list()).toEqual([]);
    }
  });
});
