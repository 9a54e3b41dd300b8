import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModelFromUri, logModel, registerModel, resolveModelUri } from './model-uri.js';
import { SqliteTrackingStore } from './sqlite/store.js';
import { tinyModelText } from './test-support/helpers.js';

describe('resolveModelUri with local files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'custseg-model-uri-'));
  const text = tinyModelText();
  writeFileSync(join(dir, 'm.json'), text);
  mkdirSync(join(dir, 'saved'));
  writeFileSync(join(dir, 'saved', 'model.json'), text);

  it('reads a path, a directory holding model.json and a file:// URI, without a store', async () => {
    for (const uri of [join(dir, 'm.json'), join(dir, 'saved'), pathToFileURL(join(dir, 'm.json')).href]) {
      const r = await resolveModelUri(undefined, uri);
      expect(r.bytes.toString(), uri).toBe(text);
      expect(r.path).toMatch(/\.json$/);
    }
    expect((await loadModelFromUri(undefined, join(dir, 'm.json'))).signature.target).toBe('Segmentation');
  });

  it('reports a missing file and a store-less registry URI', async () => {
    await expect(resolveModelUri(undefined, join(dir, 'nope.json'))).rejects.toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
    await expect(resolveModelUri(undefined, 'models:/x/1')).rejects.toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    await expect(resolveModelUri(undefined, '')).rejects.toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });

  it('gives the local path of a model in the embedded store, and reads file:// model version sources', async () => {
    const store = new SqliteTrackingStore({ dbPath: join(dir, 'store', 'tracking.db') });
    const run_id = (await store.createRun({ experiment_id: '0' })).run.info.run_id;
    const uri = await logModel(store, run_id, tinyModelText(), 'classifier');
    expect(uri).toBe(`runs:/${run_id}/classifier`);
    const r = await resolveModelUri(store, uri);
    expect(r.path).toBe(join(dir, 'store', 'artifacts', '0', run_id, 'artifacts', 'classifier', 'model.json'));
    const { artifact_uri } = (await store.getRun({ run_id })).run.info;
    await registerModel(store, { name: 'by-uri', source: `${artifact_uri}/classifier` });
    expect((await resolveModelUri(store, 'models:/by-uri/1')).bytes.toString()).toBe(text);
    await registerModel(store, { name: 'by-path', source: join(dir, 'm.json') });
    expect((await resolveModelUri(store, 'models:/by-path/latest')).bytes.toString()).toBe(text);
    await store.close();
  });
});
