import { RestTrackingStore } from '@custseg/tracking';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTrackingStoreContract } from '../../../tracking/src/test-support/contract.js';
import { startTrackingServer } from './start.js';

// The same suite as the embedded store's (packages/tracking/src/sqlite/store.test.ts), through real HTTP:
// a RestTrackingStore against `custseg tracking serve` on a random port over a fresh store.
describeTrackingStoreContract(
  'REST client ↔ server',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custseg-rest-contract-'));
    const server = await startTrackingServer({ port: 0, backendStoreUri: dir });
    const client = new RestTrackingStore(server.url, { retries: 0 });
    const closeClient = client.close.bind(client);
    return Object.assign(client, {
      close: async () => {
        await closeClient();
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  },
  // 2 × N HTTP round trips to populate; the embedded suite times the full 10,000
  { bigSearchRuns: 300 },
);
