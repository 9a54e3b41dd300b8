import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, serializeModel, UserError } from '@custseg/ml';
import { logModel, openTrackingStore, registerModel } from '@custseg/tracking';
import { trainSmallModel } from '../deploy/test-model.js';
import { modelsExportCommand } from './models-export.js';

let dir: string;
const doc = trainSmallModel();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custseg-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('custseg models export', () => {
  it('copies a model file to DIR/model.json byte for byte, with MLmodel metadata, deterministically', async () => {
    const src = join(dir, 'src.json');
    await writeFile(src, serializeModel(doc));
    const out = join(dir, 'a', 'b');
    expect(await modelsExportCommand([src, '--out', out])).toBe(0);
    expect(await readFile(join(out, 'model.json'), 'utf8')).toBe(serializeModel(doc));
    const mlmodel = await readFile(join(out, 'MLmodel'), 'utf8');
    expect(mlmodel).toContain('    data: model.json');
    expect(mlmodel).toContain('"name":"Age"');
    expect((await loadModel(join(out, 'model.json'))).signature.classes).toEqual(doc.signature.classes);
    // a second export is identical (no timestamps), so baked image layers stay cached
    await modelsExportCommand([src, '--out', out]);
    expect(await readFile(join(out, 'MLmodel'), 'utf8')).toBe(mlmodel);
  });

  it('resolves models:/NAME@ALIAS through the tracking store and reports the version', async () => {
    const storeDir = join(dir, 'store');
    const store = openTrackingStore(storeDir);
    try {
      const runId = (await store.createRun({ experiment_id: '0' })).run.info.run_id;
      const source = await logModel(store, runId, doc);
      const v = await registerModel(store, { name: 'customer-segmentation', source, run_id: runId });
      await store.setRegisteredModelAlias({ name: 'customer-segmentation', alias: 'champion', version: v.version });
    } finally {
      await store.close();
    }
    const out = join(dir, 'from-registry');
    expect(await modelsExportCommand(['models:/customer-segmentation@champion', '--out', out, '--tracking-uri', storeDir])).toBe(0);
    expect(await readFile(join(out, 'model.json'), 'utf8')).toBe(serializeModel(doc));
    const mlmodel = await readFile(join(out, 'MLmodel'), 'utf8');
    expect(mlmodel).toContain("  uri: 'models:/customer-segmentation@champion'");
    expect(mlmodel).toContain("  version: '1'");
  });

  it('names the problem when the URI, --out or the model is wrong', async () => {
    await expect(modelsExportCommand(['--out', dir])).rejects.toThrow(/URI is required/);
    await expect(modelsExportCommand([join(dir, 'nope.json')])).rejects.toThrow(/--out is required/);
    await expect(modelsExportCommand([join(dir, 'nope.json'), '--out', join(dir, 'x')])).rejects.toThrow(/nope\.json: no such model file/);
    const file = join(dir, 'file');
    await writeFile(file, 'x');
    await expect(modelsExportCommand([join(dir, 'src.json'), '--out', file])).rejects.toThrow(UserError);
  });
});
