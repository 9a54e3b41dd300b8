import { describe, expect, it } from 'vitest';
import { loadModelFromUri, logModel, registerModel, resolveModelUri } from '../model-uri.js';
import type { TrackingStore } from '../types.js';
import { expectMlflowError, tinyModelText, uniqueName } from './helpers.js';

export function registryContract(store: () => TrackingStore): void {
  const runWithModel = async () => {
    const { experiment_id } = await store().createExperiment({ name: uniqueName('reg') });
    const run_id = (await store().createRun({ experiment_id })).run.info.run_id;
    const uri = await logModel(store(), run_id, tinyModelText());
    return { run_id, uri };
  };

  describe('model registry', () => {
    it('creates, gets, updates, renames and deletes registered models', async () => {
      const name = uniqueName('model');
      const { registered_model } = await store().createRegisteredModel({ name, description: 'first', tags: [{ key: 'k', value: 'v' }] });
      expect(registered_model).toMatchObject({ name, description: 'first', tags: [{ key: 'k', value: 'v' }], latest_versions: [], aliases: [] });
      expect(registered_model.creation_timestamp).toBeGreaterThan(0);
      await expectMlflowError(store().createRegisteredModel({ name }), 'RESOURCE_ALREADY_EXISTS');
      await expectMlflowError(store().createRegisteredModel({ name: '' }), 'INVALID_PARAMETER_VALUE');
      expect((await store().updateRegisteredModel({ name, description: 'second' })).registered_model.description).toBe('second');
      const { run_id, uri } = await runWithModel();
      await store().createModelVersion({ name, source: uri, run_id });
      const renamed = uniqueName('renamed');
      const after = (await store().renameRegisteredModel({ name, new_name: renamed })).registered_model;
      expect(after).toMatchObject({ name: renamed, description: 'second' });
      expect(after.latest_versions.map((v) => [v.name, v.version])).toEqual([[renamed, '1']]);
      await expectMlflowError(store().getRegisteredModel({ name }), 'RESOURCE_DOES_NOT_EXIST');
      expect((await store().getModelVersion({ name: renamed, version: '1' })).model_version.source).toBe(uri);
      const other = uniqueName('other');
      await store().createRegisteredModel({ name: other });
      await expectMlflowError(store().renameRegisteredModel({ name: renamed, new_name: other }), 'RESOURCE_ALREADY_EXISTS');
      await store().deleteRegisteredModel({ name: renamed });
      await expectMlflowError(store().getRegisteredModel({ name: renamed }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().getModelVersion({ name: renamed, version: '1' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().deleteRegisteredModel({ name: renamed }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('numbers versions per model from 1, READY, with the run taken from a runs:/ source', async () => {
      const name = uniqueName('versions');
      await store().createRegisteredModel({ name });
      const { run_id, uri } = await runWithModel();
      const v1 = (await store().createModelVersion({ name, source: uri })).model_version;
      expect(v1).toMatchObject({ name, version: '1', source: uri, run_id, status: 'READY', current_stage: 'None', aliases: [], tags: [] });
      const v2 = (await store().createModelVersion({ name, source: uri, run_id, tags: [{ key: 't', value: '1' }], description: 'd' })).model_version;
      expect(v2).toMatchObject({ version: '2', description: 'd', tags: [{ key: 't', value: '1' }] });
      await store().deleteModelVersion({ name, version: '2' });
      await expectMlflowError(store().getModelVersion({ name, version: '2' }), 'RESOURCE_DOES_NOT_EXIST');
      // a deleted version's number is not reused
      expect((await store().createModelVersion({ name, source: uri })).model_version.version).toBe('3');
      const other = uniqueName('versions-b');
      await store().createRegisteredModel({ name: other });
      expect((await store().createModelVersion({ name: other, source: uri })).model_version.version).toBe('1');
      await expectMlflowError(store().createModelVersion({ name: uniqueName('absent'), source: uri }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().createModelVersion({ name, source: `runs:/${'f'.repeat(32)}/model` }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().createModelVersion({ name, source: '' }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().getModelVersion({ name, version: 'one' }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().getModelVersion({ name, version: '99' }), 'RESOURCE_DOES_NOT_EXIST');
      expect((await store().updateModelVersion({ name, version: '1', description: 'best' })).model_version.description).toBe('best');
      await store().setModelVersionTag({ name, version: '1', key: 'validated', value: 'yes' });
      expect((await store().getModelVersion({ name, version: '1' })).model_version.tags).toEqual([{ key: 'validated', value: 'yes' }]);
      await store().deleteModelVersionTag({ name, version: '1', key: 'validated' });
      expect((await store().getModelVersion({ name, version: '1' })).model_version.tags).toEqual([]);
      await store().setRegisteredModelTag({ name, key: 'owner', value: 'ds' });
      expect((await store().getRegisteredModel({ name })).registered_model.tags).toEqual([{ key: 'owner', value: 'ds' }]);
      await store().deleteRegisteredModelTag({ name, key: 'owner' });
      expect((await store().getRegisteredModel({ name })).registered_model.tags).toEqual([]);
      expect((await store().getModelVersionDownloadUri({ name, version: '1' })).artifact_uri).toBe(
        `${(await store().getRun({ run_id })).run.info.artifact_uri}/model`,
      );
    });

    it('moves aliases between versions and resolves them', async () => {
      const name = uniqueName('alias');
      const { run_id, uri } = await runWithModel();
      await registerModel(store(), { name, source: uri, run_id });
      await registerModel(store(), { name, source: uri, run_id });
      await store().setRegisteredModelAlias({ name, alias: 'champion', version: '1' });
      expect((await store().getModelVersionByAlias({ name, alias: 'champion' })).model_version.version).toBe('1');
      expect((await store().getModelVersion({ name, version: '1' })).model_version.aliases).toEqual(['champion']);
      await store().setRegisteredModelAlias({ name, alias: 'champion', version: '2' });
      expect((await store().getModelVersionByAlias({ name, alias: 'champion' })).model_version.version).toBe('2');
      expect((await store().getModelVersion({ name, version: '1' })).model_version.aliases).toEqual([]);
      expect((await store().getModelVersion({ name, version: '2' })).model_version.aliases).toEqual(['champion']);
      await store().setRegisteredModelAlias({ name, alias: 'challenger', version: '1' });
      expect((await store().getRegisteredModel({ name })).registered_model.aliases).toEqual([
        { alias: 'challenger', version: '1' },
        { alias: 'champion', version: '2' },
      ]);
      await store().deleteRegisteredModelAlias({ name, alias: 'challenger' });
      await expectMlflowError(store().getModelVersionByAlias({ name, alias: 'challenger' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().setRegisteredModelAlias({ name, alias: 'x', version: '9' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().setRegisteredModelAlias({ name, alias: 'latest', version: '1' }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().setRegisteredModelAlias({ name, alias: 'v1', version: '1' }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().setRegisteredModelAlias({ name: uniqueName('none'), alias: 'a', version: '1' }), 'RESOURCE_DOES_NOT_EXIST');
      // deleting a version drops the aliases that pointed at it
      await store().deleteModelVersion({ name, version: '2' });
      await expectMlflowError(store().getModelVersionByAlias({ name, alias: 'champion' }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('searches registered models and model versions', async () => {
      const prefix = uniqueName('find');
      const { run_id, uri } = await runWithModel();
      await registerModel(store(), { name: `${prefix}-a`, source: uri });
      await registerModel(store(), { name: `${prefix}-a`, source: uri });
      await registerModel(store(), { name: `${prefix}-b`, source: uri });
      const models = await store().searchRegisteredModels({ filter: `name LIKE '${prefix}%'` });
      expect(models.registered_models.map((m) => m.name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
      expect((await store().searchRegisteredModels({ filter: `name = '${prefix}-b'` })).registered_models).toHaveLength(1);
      expect((await store().searchRegisteredModels({ filter: `name ILIKE '${prefix.toUpperCase()}%'` })).registered_models).toHaveLength(2);
      const paged = await store().searchRegisteredModels({ filter: `name LIKE '${prefix}%'`, max_results: 1 });
      expect(paged.registered_models).toHaveLength(1);
      const next = await store().searchRegisteredModels({ filter: `name LIKE '${prefix}%'`, max_results: 1, page_token: paged.next_page_token });
      expect(next.registered_models.map((m) => m.name)).toEqual([`${prefix}-b`]);
      const versions = await store().searchModelVersions({ filter: `name = '${prefix}-a'` });
      expect(versions.model_versions.map((v) => v.version)).toEqual(['2', '1']);
      const byRun = await store().searchModelVersions({ filter: `run_id = '${run_id}'` });
      expect(byRun.model_versions.map((v) => `${v.name}/${v.version}`)).toEqual([`${prefix}-a/2`, `${prefix}-a/1`, `${prefix}-b/1`]);
      await expectMlflowError(store().searchRegisteredModels({ filter: 'colour = 1' }), 'INVALID_PARAMETER_VALUE');
    });

    it('transitions stages and reports the latest versions per stage', async () => {
      const name = uniqueName('stages');
      const { uri } = await runWithModel();
      for (let i = 0; i < 3; i++) await registerModel(store(), { name, source: uri });
      await store().transitionModelVersionStage({ name, version: '1', stage: 'production' });
      await store().transitionModelVersionStage({ name, version: '2', stage: 'Production', archive_existing_versions: true });
      expect((await store().getModelVersion({ name, version: '1' })).model_version.current_stage).toBe('Archived');
      const latest = (await store().getLatestVersions({ name })).model_versions.map((v) => [v.current_stage, v.version]);
      expect(latest.sort()).toEqual([['Archived', '1'], ['None', '3'], ['Production', '2']]);
      expect((await store().getLatestVersions({ name, stages: ['Production'] })).model_versions.map((v) => v.version)).toEqual(['2']);
      await expectMlflowError(store().transitionModelVersionStage({ name, version: '1', stage: 'Nowhere' }), 'INVALID_PARAMETER_VALUE');
    });

    it('resolves models:/ and runs:/ URIs to the model JSON, with clear errors', async () => {
      const name = uniqueName('resolve');
      const { run_id, uri } = await runWithModel();
      expect(uri).toBe(`runs:/${run_id}/model`);
      await registerModel(store(), { name, source: uri });
      await store().setRegisteredModelAlias({ name, alias: 'prod', version: '1' });
      const text = tinyModelText();
      for (const u of [`models:/${name}@prod`, `models:/${name}/1`, `models:/${name}/latest`, uri, `runs:/${run_id}/model/model.json`]) {
        const r = await resolveModelUri(store(), u);
        expect(r.bytes.toString('utf8'), u).toBe(text);
      }
      const loaded = await loadModelFromUri(store(), `models:/${name}@prod`);
      expect(loaded.signature.classes.length).toBeGreaterThan(1);
      expect(loaded.resolved.modelVersion?.version).toBe('1');
      await expectMlflowError(resolveModelUri(store(), `models:/${name}@missing`), 'RESOURCE_DOES_NOT_EXIST', /missing/);
      await expectMlflowError(resolveModelUri(store(), `models:/${name}/7`), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(resolveModelUri(store(), `models:/${uniqueName('nobody')}/1`), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(resolveModelUri(store(), `runs:/${'f'.repeat(32)}/model`), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(resolveModelUri(store(), `runs:/${run_id}/other`), 'RESOURCE_DOES_NOT_EXIST', /other/);
      await expectMlflowError(resolveModelUri(store(), `models:/${name}`), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(resolveModelUri(store(), 's3://bucket/model.json'), 'INVALID_PARAMETER_VALUE');
    });
  });
}
