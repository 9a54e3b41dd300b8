// The OpenAPI document of a `custseg serve` that also serves the tracking API — exactly what the web app talks
// to — generated from the server's own route schemas (built packages/server). Used by generate-api.mjs and the
// test that keeps the committed copy current.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServingApp, registerTrackingApi } from '@custseg/server';
import { LocalArtifactRepository, openTrackingStore } from '@custseg/tracking';

export async function openApiDocument() {
  const dir = mkdtempSync(join(tmpdir(), 'custseg-openapi-'));
  const store = openTrackingStore(join(dir, 'mlruns.db'));
  const source = { uri: 'none', load: async () => { throw new Error('no model'); } };
  const app = await buildServingApp({
    source,
    logger: false,
    pollIntervalMs: 0,
    trackingApi: (scope) => registerTrackingApi(scope, { store, artifacts: new LocalArtifactRepository(join(dir, 'artifacts')) }),
  });
  try {
    return app.swagger();
  } finally {
    await app.close();
    store.close?.();
    rmSync(dir, { recursive: true, force: true });
  }
}
