import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeTrackingStoreContract } from '../test-support/contract.js';
import { SqliteTrackingStore } from './store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describeTrackingStoreContract('SqliteTrackingStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'custseg-contract-'));
  dirs.push(dir);
  return new SqliteTrackingStore({ dbPath: join(dir, 'tracking.db') });
});
