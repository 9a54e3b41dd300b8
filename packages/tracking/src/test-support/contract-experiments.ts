import { describe, expect, it } from 'vitest';
import type { TrackingStore } from '../types.js';
import { expectMlflowError, uniqueName } from './helpers.js';

export function experimentContract(store: () => TrackingStore): void {
  describe('experiments', () => {
    it('has the Default experiment with id 0 from the start', async () => {
      const { experiment } = await store().getExperiment({ experiment_id: '0' });
      expect(experiment).toMatchObject({ experiment_id: '0', name: 'Default', lifecycle_stage: 'active' });
      expect((await store().getExperimentByName({ experiment_name: 'Default' })).experiment.experiment_id).toBe('0');
    });

    it('creates, gets by id and by name, with tags and MLflow fields', async () => {
      const name = uniqueName('exp');
      const { experiment_id } = await store().createExperiment({ name, tags: [{ key: 'team', value: 'growth' }] });
      expect(experiment_id).toMatch(/^\d+$/);
      const { experiment } = await store().getExperiment({ experiment_id });
      expect(experiment).toMatchObject({ experiment_id, name, lifecycle_stage: 'active', tags: [{ key: 'team', value: 'growth' }] });
      expect(typeof experiment.artifact_location).toBe('string');
      expect(experiment.artifact_location).toContain(experiment_id);
      expect(experiment.creation_time).toBeGreaterThan(0);
      expect(experiment.last_update_time).toBeGreaterThanOrEqual(experiment.creation_time);
      expect((await store().getExperimentByName({ experiment_name: name })).experiment).toEqual(experiment);
    });

    it('keeps an explicit artifact_location', async () => {
      const { experiment_id } = await store().createExperiment({ name: uniqueName('loc'), artifact_location: 'file:///tmp/custseg-somewhere' });
      expect((await store().getExperiment({ experiment_id })).experiment.artifact_location).toBe('file:///tmp/custseg-somewhere');
    });

    it('refuses duplicate and empty names, unknown ids and names', async () => {
      const name = uniqueName('dup');
      await store().createExperiment({ name });
      await expectMlflowError(store().createExperiment({ name }), 'RESOURCE_ALREADY_EXISTS', /already exists/);
      await expectMlflowError(store().createExperiment({ name: '' }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().createExperiment({ name: 42 as unknown as string }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().getExperiment({ experiment_id: '987654321' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().getExperimentByName({ experiment_name: uniqueName('nope') }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('renames, refusing a taken name', async () => {
      const a = uniqueName('a');
      const b = uniqueName('b');
      const { experiment_id } = await store().createExperiment({ name: a });
      await store().createExperiment({ name: b });
      await expectMlflowError(store().updateExperiment({ experiment_id, new_name: b }), 'RESOURCE_ALREADY_EXISTS');
      const renamed = uniqueName('renamed');
      await store().updateExperiment({ experiment_id, new_name: renamed });
      expect((await store().getExperiment({ experiment_id })).experiment.name).toBe(renamed);
      await expectMlflowError(store().getExperimentByName({ experiment_name: a }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().updateExperiment({ experiment_id: '987654321', new_name: uniqueName('x') }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('deletes and restores, with its runs, and refuses what MLflow refuses on a deleted experiment', async () => {
      const name = uniqueName('del');
      const { experiment_id } = await store().createExperiment({ name });
      const { run } = await store().createRun({ experiment_id });
      await store().deleteExperiment({ experiment_id });
      expect((await store().getExperiment({ experiment_id })).experiment.lifecycle_stage).toBe('deleted');
      expect((await store().getRun({ run_id: run.info.run_id })).run.info.lifecycle_stage).toBe('deleted');
      await expectMlflowError(store().createRun({ experiment_id }), 'INVALID_STATE');
      await expectMlflowError(store().updateExperiment({ experiment_id, new_name: uniqueName('x') }), 'INVALID_STATE');
      await expectMlflowError(store().setExperimentTag({ experiment_id, key: 'k', value: 'v' }), 'INVALID_PARAMETER_VALUE');
      // the name stays taken while the experiment is deleted, as in MLflow
      await expectMlflowError(store().createExperiment({ name }), 'RESOURCE_ALREADY_EXISTS');
      const active = await store().searchExperiments({ filter: `name = '${name}'` });
      expect(active.experiments).toEqual([]);
      const deleted = await store().searchExperiments({ filter: `name = '${name}'`, view_type: 'DELETED_ONLY' });
      expect(deleted.experiments.map((e) => e.experiment_id)).toEqual([experiment_id]);
      await store().restoreExperiment({ experiment_id });
      expect((await store().getExperiment({ experiment_id })).experiment.lifecycle_stage).toBe('active');
      expect((await store().getRun({ run_id: run.info.run_id })).run.info.lifecycle_stage).toBe('active');
      await expectMlflowError(store().restoreExperiment({ experiment_id }), 'INVALID_STATE');
      await expectMlflowError(store().deleteExperiment({ experiment_id: '987654321' }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('sets, overwrites and deletes experiment tags', async () => {
      const { experiment_id } = await store().createExperiment({ name: uniqueName('tags') });
      await store().setExperimentTag({ experiment_id, key: 'stage', value: 'dev' });
      await store().setExperimentTag({ experiment_id, key: 'stage', value: 'prod' });
      await store().setExperimentTag({ experiment_id, key: 'owner', value: 'me' });
      expect((await store().getExperiment({ experiment_id })).experiment.tags).toEqual([
        { key: 'owner', value: 'me' },
        { key: 'stage', value: 'prod' },
      ]);
      await store().deleteExperimentTag({ experiment_id, key: 'owner' });
      expect((await store().getExperiment({ experiment_id })).experiment.tags).toEqual([{ key: 'stage', value: 'prod' }]);
      await expectMlflowError(store().deleteExperimentTag({ experiment_id, key: 'owner' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().setExperimentTag({ experiment_id, key: '', value: 'x' }), 'INVALID_PARAMETER_VALUE');
    });

    it('searches by name (=, LIKE, ILIKE) and tags, orders and pages', async () => {
      const prefix = uniqueName('srch');
      const ids: string[] = [];
      for (const [i, flavour] of ['red', 'green', 'blue', 'red'].entries()) {
        ids.push((await store().createExperiment({ name: `${prefix}-${i}`, tags: [{ key: 'flavour', value: flavour }] })).experiment_id);
      }
      const like = await store().searchExperiments({ filter: `name LIKE '${prefix}-%'`, order_by: ['name ASC'] });
      expect(like.experiments.map((e) => e.name)).toEqual([0, 1, 2, 3].map((i) => `${prefix}-${i}`));
      const ilike = await store().searchExperiments({ filter: `name ILIKE '${prefix.toUpperCase()}-%'` });
      expect(ilike.experiments).toHaveLength(4);
      const caseSensitive = await store().searchExperiments({ filter: `name LIKE '${prefix.toUpperCase()}-%'` });
      expect(caseSensitive.experiments).toHaveLength(0);
      const red = await store().searchExperiments({ filter: `name LIKE '${prefix}%' and tags.flavour = 'red'`, order_by: ['name DESC'] });
      expect(red.experiments.map((e) => e.experiment_id)).toEqual([ids[3], ids[0]]);
      const exact = await store().searchExperiments({ filter: `name = '${prefix}-2'` });
      expect(exact.experiments.map((e) => e.experiment_id)).toEqual([ids[2]]);
      // pages of 3 then 1, in the same order as one page
      const p1 = await store().searchExperiments({ filter: `name LIKE '${prefix}%'`, max_results: 3, order_by: ['name ASC'] });
      expect(p1.experiments).toHaveLength(3);
      expect(p1.next_page_token).toBeTruthy();
      const p2 = await store().searchExperiments({ filter: `name LIKE '${prefix}%'`, max_results: 3, order_by: ['name ASC'], page_token: p1.next_page_token });
      expect(p2.experiments.map((e) => e.name)).toEqual([`${prefix}-3`]);
      expect(p2.next_page_token).toBeUndefined();
      await expectMlflowError(store().searchExperiments({ filter: 'nme = 1' }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().searchExperiments({ filter: "name = 'x' or name = 'y'" }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().searchExperiments({ max_results: 50001 }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().searchExperiments({ page_token: 'not a token' }), 'INVALID_PARAMETER_VALUE');
    });
  });
}
