import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logModel, registerModel, SqliteTrackingStore } from '@custseg/tracking';
import { buildServingApp } from '../app.js';
import { CUSTOMER, tempDir, trainTestModel } from '../test-support/model.js';
import { modelSourceFromUri } from './uri-source.js';

// The same flow against the real embedded store: log a model in a run, register it, point the alias at it.

describe('serving from the embedded registry', () => {
  it('follows models:/NAME@ALIAS, shows the run metrics, and moves with the alias', async () => {
    const { dir, cleanup } = await tempDir();
    const store = new SqliteTrackingStore({ dbPath: join(dir, 'tracking.db') });
    try {
      const versions: string[] = [];
      for (const seed of [1, 2]) {
        const run_id = (await store.createRun({ experiment_id: '0' })).run.info.run_id;
        await store.logMetric({ run_id, key: 'accuracy', value: [0, 0.41, 0.42][seed], timestamp: 1 });
        const source = await logModel(store, run_id, trainTestModel(seed));
        versions.push((await registerModel(store, { name: 'customer-segmentation', source, run_id })).version);
      }
      await store.setRegisteredModelAlias({ name: 'customer-segmentation', alias: 'champion', version: versions[0] });

      const app = await buildServingApp({ source: modelSourceFromUri('models:/customer-segmentation@champion', store), logger: false, pollIntervalMs: 20 });
      try {
        const info = (await app.inject({ method: 'GET', url: '/v1/model' })).json();
        expect(info).toMatchObject({ name: 'customer-segmentation', version: versions[0], alias: 'champion', run_metrics: { accuracy: 0.41 } });
        await store.setRegisteredModelAlias({ name: 'customer-segmentation', alias: 'champion', version: versions[1] });
        const until = performance.now() + 5000;
        let version = versions[0];
        while (version !== versions[1] && performance.now() < until) {
          await new Promise((r) => setTimeout(r, 20));
          version = (await app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER })).json().model.version;
        }
        expect(version).toBe(versions[1]);
        expect((await app.inject({ method: 'GET', url: '/v1/model' })).json().run_metrics).toEqual({ accuracy: 0.42 });
      } finally {
        await app.close();
      }

      // a fixed version URI is read once and served as that version
      const fixed = await buildServingApp({ source: modelSourceFromUri(`models:/customer-segmentation/${versions[0]}`, store), logger: false });
      try {
        expect((await fixed.inject({ method: 'GET', url: '/readyz' })).json().model).toEqual({ name: 'customer-segmentation', version: versions[0] });
      } finally {
        await fixed.close();
      }
    } finally {
      await store.close();
      await cleanup();
    }
  });
});
