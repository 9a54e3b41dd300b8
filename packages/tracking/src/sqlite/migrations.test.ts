import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MlflowError } from '../errors.js';
import { LATEST_SCHEMA_VERSION } from './migrations.js';
import { SqliteTrackingStore } from './store.js';

const dbFile = (): string => join(mkdtempSync(join(tmpdir(), 'custseg-mig-')), 'tracking.db');

describe('schema migrations', () => {
  it('creates the schema at the latest version, in WAL mode, once', async () => {
    const path = dbFile();
    const store = new SqliteTrackingStore({ dbPath: path });
    await store.createExperiment({ name: 'kept' });
    await store.close();
    const again = new SqliteTrackingStore({ dbPath: path });
    expect(again.database.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: LATEST_SCHEMA_VERSION }]);
    expect(again.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect((await again.getExperimentByName({ experiment_name: 'kept' })).experiment.name).toBe('kept');
    expect((await again.searchExperiments()).experiments.filter((e) => e.name === 'Default')).toHaveLength(1);
    await again.close();
  });

  it('refuses a database from a newer custseg', async () => {
    const path = dbFile();
    await new SqliteTrackingStore({ dbPath: path }).close();
    const raw = new Database(path);
    raw.prepare('UPDATE schema_version SET version = ?').run(LATEST_SCHEMA_VERSION + 1);
    raw.close();
    expect(() => new SqliteTrackingStore({ dbPath: path })).toThrow(MlflowError);
    expect(() => new SqliteTrackingStore({ dbPath: path })).toThrow(/newer/);
  });

  it('uses indexes for the default search order and metric filters', async () => {
    const store = new SqliteTrackingStore({ dbPath: dbFile() });
    const plan = (sql: string): string =>
      (store.database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan("SELECT * FROM runs r WHERE r.experiment_id IN (1) AND r.lifecycle_stage = 'active' ORDER BY r.start_time DESC, r.run_uuid LIMIT 10")).toMatch(/runs_search/);
    expect(plan("SELECT run_uuid FROM latest_metrics WHERE key = 'acc' AND value > 0.5")).toMatch(/latest_metrics_key_value|PRIMARY/);
    await store.close();
  });

  it('reports a closed store', async () => {
    const store = new SqliteTrackingStore({ dbPath: dbFile() });
    await store.close();
    await expect(store.getExperiment({ experiment_id: '0' })).rejects.toMatchObject({ error_code: 'INTERNAL_ERROR' });
  });
});
