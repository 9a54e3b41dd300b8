import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrackingStore } from '../types.js';
import { expectMlflowError, uniqueName } from './helpers.js';

export function artifactContract(store: () => TrackingStore): void {
  const newRun = async () => {
    const { experiment_id } = await store().createExperiment({ name: uniqueName('art') });
    return (await store().createRun({ experiment_id })).run.info.run_id;
  };

  describe('run artifacts', () => {
    it('logs bytes and local files, lists and downloads them', async () => {
      const run_id = await newRun();
      await store().logArtifact(run_id, 'model/model.json', Buffer.from('{"a":1}'));
      await store().logArtifact(run_id, 'notes.txt', new TextEncoder().encode('hello'));
      const local = join(mkdtempSync(join(tmpdir(), 'custseg-art-')), 'report.csv');
      writeFileSync(local, 'a,b\n1,2\n');
      await store().logArtifact(run_id, 'reports/2024/report.csv', local);

      const root = await store().listArtifacts({ run_id });
      expect(root.root_uri).toBe((await store().getRun({ run_id })).run.info.artifact_uri);
      expect(root.files).toEqual([
        { path: 'model', is_dir: true },
        { path: 'notes.txt', is_dir: false, file_size: 5 },
        { path: 'reports', is_dir: true },
      ]);
      expect((await store().listArtifacts({ run_id, path: 'model' })).files).toEqual([{ path: 'model/model.json', is_dir: false, file_size: 7 }]);
      expect((await store().listArtifacts({ run_id, path: 'reports/2024' })).files).toEqual([{ path: 'reports/2024/report.csv', is_dir: false, file_size: 8 }]);
      expect((await store().listArtifacts({ run_id, path: 'missing' })).files).toEqual([]);
      expect((await store().downloadArtifact(run_id, 'model/model.json')).toString()).toBe('{"a":1}');
      expect((await store().downloadArtifact(run_id, 'reports/2024/report.csv')).toString()).toBe('a,b\n1,2\n');
    });

    it('replaces an artifact whole', async () => {
      const run_id = await newRun();
      await store().logArtifact(run_id, 'x.bin', Buffer.alloc(1000, 1));
      await store().logArtifact(run_id, 'x.bin', Buffer.alloc(10, 2));
      expect(await store().downloadArtifact(run_id, 'x.bin')).toEqual(Buffer.alloc(10, 2));
      expect((await store().listArtifacts({ run_id })).files).toEqual([{ path: 'x.bin', is_dir: false, file_size: 10 }]);
    });

    it('refuses paths that would leave the run, unknown runs and missing files', async () => {
      const run_id = await newRun();
      for (const p of ['../escape.txt', 'a/../../escape.txt', '/etc/passwd', '..', 'a/..', '', 'a\\..\\b']) {
        await expectMlflowError(store().logArtifact(run_id, p, Buffer.from('x')), 'INVALID_PARAMETER_VALUE');
      }
      for (const p of ['../escape.txt', '/etc/passwd', '../../../../etc/passwd']) {
        await expectMlflowError(store().downloadArtifact(run_id, p), 'INVALID_PARAMETER_VALUE');
        await expectMlflowError(store().listArtifacts({ run_id, path: p }), 'INVALID_PARAMETER_VALUE');
      }
      await expectMlflowError(store().downloadArtifact(run_id, 'nope.txt'), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().logArtifact('f'.repeat(32), 'a.txt', Buffer.from('x')), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().listArtifacts({ run_id: 'f'.repeat(32) }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().downloadArtifact('f'.repeat(32), 'a.txt'), 'RESOURCE_DOES_NOT_EXIST');
    });
  });
}
