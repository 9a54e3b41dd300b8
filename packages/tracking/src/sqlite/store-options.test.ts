import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteTrackingStore } from './store.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'custseg-opts-'));

describe('SqliteTrackingStore options', () => {
  it('puts artifacts beside the database by default, as file:// URIs', async () => {
    const dir = tempDir();
    const store = new SqliteTrackingStore({ dbPath: join(dir, 'db', 'tracking.db'), user: 'bob' });
    expect(store.artifactRoot).toBe(join(dir, 'db', 'artifacts'));
    const { run } = await store.createRun({});
    expect(run.info).toMatchObject({ experiment_id: '0', user_id: 'bob' });
    expect(run.info.artifact_uri).toBe(`file://${join(dir, 'db', 'artifacts', '0', run.info.run_id, 'artifacts')}`);
    await store.logArtifact(run.info.run_id, 'a.txt', Buffer.from('a'));
    expect(existsSync(join(dir, 'db', 'artifacts', '0', run.info.run_id, 'artifacts', 'a.txt'))).toBe(true);
    await store.close();
  });

  it('hands out mlflow-artifacts:/ URIs when a proxying server asks, and still stores under the artifact root', async () => {
    const dir = tempDir();
    const store = new SqliteTrackingStore({ dbPath: join(dir, 'tracking.db'), artifactRoot: join(dir, 'store'), defaultArtifactUri: 'mlflow-artifacts:' });
    const { experiment_id } = await store.createExperiment({ name: 'proxied' });
    expect((await store.getExperiment({ experiment_id })).experiment.artifact_location).toBe(`mlflow-artifacts:/${experiment_id}`);
    const { run } = await store.createRun({ experiment_id });
    expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${experiment_id}/${run.info.run_id}/artifacts`);
    await store.logArtifact(run.info.run_id, 'model/model.json', Buffer.from('{}'));
    expect(existsSync(join(dir, 'store', experiment_id, run.info.run_id, 'artifacts', 'model', 'model.json'))).toBe(true);
    expect((await store.listArtifacts({ run_id: run.info.run_id })).root_uri).toBe(run.info.artifact_uri);
    await store.close();
  });
});
