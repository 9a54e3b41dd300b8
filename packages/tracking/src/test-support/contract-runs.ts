import { describe, expect, it } from 'vitest';
import type { Metric, TrackingStore } from '../types.js';
import { expectMlflowError, uniqueName } from './helpers.js';

export function runContract(store: () => TrackingStore): void {
  const newRun = async (extra: { run_name?: string } = {}) => {
    const { experiment_id } = await store().createExperiment({ name: uniqueName('runs') });
    const { run } = await store().createRun({ experiment_id, ...extra });
    return { experiment_id, run, run_id: run.info.run_id };
  };

  describe('runs', () => {
    it('creates a run with MLflow fields, tags and a generated name', async () => {
      const { experiment_id } = await store().createExperiment({ name: uniqueName('create') });
      const { run } = await store().createRun({ experiment_id, user_id: 'alice', start_time: 1_700_000_000_000, tags: [{ key: 'k', value: 'v' }] });
      expect(run.info).toMatchObject({ experiment_id, user_id: 'alice', status: 'RUNNING', start_time: 1_700_000_000_000, lifecycle_stage: 'active' });
      expect(run.info.run_id).toMatch(/^[0-9a-f]{32}$/);
      expect(run.info.run_uuid).toBe(run.info.run_id);
      expect(run.info.end_time).toBeUndefined();
      expect(run.info.run_name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
      expect(run.info.artifact_uri).toContain(run.info.run_id);
      expect(run.data).toEqual({
        metrics: [],
        params: [],
        tags: [
          { key: 'k', value: 'v' },
          { key: 'mlflow.runName', value: run.info.run_name },
          { key: 'mlflow.user', value: 'alice' },
        ],
      });
      expect(run.inputs).toEqual({ dataset_inputs: [] });
      expect((await store().getRun({ run_id: run.info.run_id })).run).toEqual(run);
    });

    it('names a run from run_name or the mlflow.runName tag, refusing both with different values', async () => {
      const { run } = await newRun({ run_name: 'my-run' });
      expect(run.info.run_name).toBe('my-run');
      const { experiment_id } = await store().createExperiment({ name: uniqueName('names') });
      const fromTag = (await store().createRun({ experiment_id, tags: [{ key: 'mlflow.runName', value: 'tagged' }] })).run;
      expect(fromTag.info.run_name).toBe('tagged');
      await expectMlflowError(store().createRun({ experiment_id, run_name: 'a', tags: [{ key: 'mlflow.runName', value: 'b' }] }), 'INVALID_PARAMETER_VALUE');
    });

    it('refuses runs in unknown experiments and unknown run ids', async () => {
      await expectMlflowError(store().createRun({ experiment_id: '987654321' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().getRun({ run_id: 'f'.repeat(32) }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().logMetric({ run_id: 'f'.repeat(32), key: 'm', value: 1, timestamp: 1 }), 'RESOURCE_DOES_NOT_EXIST');
      await expectMlflowError(store().updateRun({ run_id: 'f'.repeat(32), status: 'FINISHED' }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('updates status, end time and name', async () => {
      const { run_id } = await newRun();
      const { run_info } = await store().updateRun({ run_id, status: 'FINISHED', end_time: 1_800_000_000_000, run_name: 'final' });
      expect(run_info).toMatchObject({ status: 'FINISHED', end_time: 1_800_000_000_000, run_name: 'final' });
      const { run } = await store().getRun({ run_id });
      expect(run.info).toEqual(run_info);
      expect(run.data.tags).toContainEqual({ key: 'mlflow.runName', value: 'final' });
      await expectMlflowError(store().updateRun({ run_id, status: 'DONE' as never }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().updateRun({ run_id, end_time: 'soon' as never }), 'INVALID_PARAMETER_VALUE');
    });

    it('deletes and restores a run; a deleted run refuses logging but can still be read', async () => {
      const { run_id } = await newRun();
      await store().deleteRun({ run_id });
      expect((await store().getRun({ run_id })).run.info.lifecycle_stage).toBe('deleted');
      await expectMlflowError(store().logMetric({ run_id, key: 'm', value: 1, timestamp: 1 }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().logParam({ run_id, key: 'p', value: '1' }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().setTag({ run_id, key: 't', value: '1' }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().updateRun({ run_id, status: 'FINISHED' }), 'INVALID_PARAMETER_VALUE');
      await store().restoreRun({ run_id });
      expect((await store().getRun({ run_id })).run.info.lifecycle_stage).toBe('active');
      await store().logMetric({ run_id, key: 'm', value: 1, timestamp: 1 });
      await expectMlflowError(store().deleteRun({ run_id: 'f'.repeat(32) }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('keeps the full metric history, ordered by step then timestamp, and the latest value per key', async () => {
      const { run_id } = await newRun();
      await store().logMetric({ run_id, key: 'loss', value: 0.5, timestamp: 30, step: 2 });
      await store().logMetric({ run_id, key: 'loss', value: 0.9, timestamp: 10, step: 0 });
      await store().logMetric({ run_id, key: 'loss', value: 0.7, timestamp: 20, step: 1 });
      await store().logMetric({ run_id, key: 'loss', value: 0.6, timestamp: 25, step: 1 });
      await store().logMetric({ run_id, key: 'acc', value: 0.8, timestamp: 5 });
      const { metrics } = await store().getMetricHistory({ run_id, metric_key: 'loss' });
      expect(metrics).toEqual([
        { key: 'loss', value: 0.9, timestamp: 10, step: 0 },
        { key: 'loss', value: 0.7, timestamp: 20, step: 1 },
        { key: 'loss', value: 0.6, timestamp: 25, step: 1 },
        { key: 'loss', value: 0.5, timestamp: 30, step: 2 },
      ]);
      const { run } = await store().getRun({ run_id });
      expect(run.data.metrics).toEqual([
        { key: 'acc', value: 0.8, timestamp: 5, step: 0 },
        { key: 'loss', value: 0.5, timestamp: 30, step: 2 },
      ]);
      // a later point at a lower step does not become the latest value (MLflow compares step first)
      await store().logMetric({ run_id, key: 'loss', value: 0.1, timestamp: 99, step: 1 });
      expect((await store().getRun({ run_id })).run.data.metrics.find((m) => m.key === 'loss')?.value).toBe(0.5);
      expect((await store().getMetricHistory({ run_id, metric_key: 'missing' })).metrics).toEqual([]);
      await expectMlflowError(store().getMetricHistory({ run_id: 'f'.repeat(32), metric_key: 'loss' }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('pages the metric history', async () => {
      const { run_id } = await newRun();
      const metrics: Metric[] = Array.from({ length: 7 }, (_, i) => ({ key: 'm', value: i, timestamp: 100 + i, step: i }));
      await store().logBatch({ run_id, metrics });
      const seen: number[] = [];
      let page_token: string | undefined;
      do {
        const page = await store().getMetricHistory({ run_id, metric_key: 'm', max_results: 3, ...(page_token ? { page_token } : {}) });
        seen.push(...page.metrics.map((m) => m.step));
        page_token = page.next_page_token;
      } while (page_token);
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    });

    it('accepts NaN and infinities as metric values, refuses non-numbers and bad timestamps or steps', async () => {
      const { run_id } = await newRun();
      await store().logMetric({ run_id, key: 'nan', value: NaN, timestamp: 1 });
      await store().logMetric({ run_id, key: 'inf', value: Infinity, timestamp: 1 });
      await store().logMetric({ run_id, key: 'ninf', value: -Infinity, timestamp: 1 });
      const byKey = Object.fromEntries((await store().getRun({ run_id })).run.data.metrics.map((m) => [m.key, m.value]));
      expect(byKey.nan).toBeNaN();
      expect(byKey.inf).toBe(Infinity);
      expect(byKey.ninf).toBe(-Infinity);
      for (const value of ['0.5', null, undefined, {}, true]) {
        await expectMlflowError(store().logMetric({ run_id, key: 'bad', value: value as never, timestamp: 1 }), 'INVALID_PARAMETER_VALUE');
      }
      await expectMlflowError(store().logMetric({ run_id, key: 'bad', value: 1, timestamp: 1.5 }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().logMetric({ run_id, key: 'bad', value: 1, timestamp: 1, step: 0.5 }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().logMetric({ run_id, key: 'bad', value: 1, timestamp: undefined as never }), 'INVALID_PARAMETER_VALUE');
      for (const key of ['', '../x', '/abs', 'a//b', 'semi;colon', 'x'.repeat(251)]) {
        await expectMlflowError(store().logMetric({ run_id, key, value: 1, timestamp: 1 }), 'INVALID_PARAMETER_VALUE');
      }
      expect((await store().getRun({ run_id })).run.data.metrics.map((m) => m.key).sort()).toEqual(['inf', 'nan', 'ninf']);
    });

    it('makes params immutable: the same value again is fine, a different one is refused', async () => {
      const { run_id } = await newRun();
      await store().logParam({ run_id, key: 'C', value: '1.0' });
      await store().logParam({ run_id, key: 'C', value: '1.0' });
      const err = await expectMlflowError(store().logParam({ run_id, key: 'C', value: '2.0' }), 'INVALID_PARAMETER_VALUE');
      expect(err.message).toMatch(/C/);
      await expectMlflowError(store().logBatch({ run_id, params: [{ key: 'C', value: '3.0' }] }), 'INVALID_PARAMETER_VALUE');
      expect((await store().getRun({ run_id })).run.data.params).toEqual([{ key: 'C', value: '1.0' }]);
      await expectMlflowError(store().logParam({ run_id, key: 'long', value: 'x'.repeat(6001) }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().logParam({ run_id, key: 'num', value: 1 as never }), 'INVALID_PARAMETER_VALUE');
    });

    it('logs a batch atomically: one bad entry writes nothing', async () => {
      const { run_id } = await newRun();
      await store().logParam({ run_id, key: 'fixed', value: 'a' });
      const good = { metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], tags: [{ key: 't', value: 'v' }], params: [{ key: 'p', value: 'x' }] };
      await expectMlflowError(store().logBatch({ run_id, ...good, params: [...good.params, { key: 'fixed', value: 'b' }] }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().logBatch({ run_id, ...good, metrics: [...good.metrics, { key: 'm2', value: 'x' as never, timestamp: 1, step: 0 }] }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().logBatch({ run_id, ...good, params: [{ key: 'd', value: '1' }, { key: 'd', value: '2' }] }), 'INVALID_PARAMETER_VALUE');
      const tooMany = Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: i, step: i }));
      await expectMlflowError(store().logBatch({ run_id, metrics: tooMany }), 'INVALID_PARAMETER_VALUE');
      const { run } = await store().getRun({ run_id });
      expect(run.data.metrics).toEqual([]);
      expect(run.data.params).toEqual([{ key: 'fixed', value: 'a' }]);
      expect(run.data.tags.find((t) => t.key === 't')).toBeUndefined();
      await store().logBatch({ run_id, ...good });
      const after = (await store().getRun({ run_id })).run;
      expect(after.data.metrics).toEqual([{ key: 'm', value: 1, timestamp: 1, step: 0 }]);
      expect(after.data.params).toEqual([{ key: 'fixed', value: 'a' }, { key: 'p', value: 'x' }]);
      expect(after.data.tags).toContainEqual({ key: 't', value: 'v' });
    });

    it('logs 1,000 metrics in one batch', async () => {
      const { run_id } = await newRun();
      const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: `m${i % 10}`, value: i / 1000, timestamp: 1000 + i, step: Math.floor(i / 10) }));
      await store().logBatch({ run_id, metrics });
      const history = await store().getMetricHistory({ run_id, metric_key: 'm3' });
      expect(history.metrics).toHaveLength(100);
      expect((await store().getRun({ run_id })).run.data.metrics).toHaveLength(10);
    });

    it('sets, overwrites and deletes tags; mlflow.runName renames the run', async () => {
      const { run_id } = await newRun();
      await store().setTag({ run_id, key: 'note', value: 'a' });
      await store().setTag({ run_id, key: 'note', value: 'b' });
      expect((await store().getRun({ run_id })).run.data.tags).toContainEqual({ key: 'note', value: 'b' });
      await store().deleteTag({ run_id, key: 'note' });
      expect((await store().getRun({ run_id })).run.data.tags.find((t) => t.key === 'note')).toBeUndefined();
      await expectMlflowError(store().deleteTag({ run_id, key: 'note' }), 'RESOURCE_DOES_NOT_EXIST');
      await store().setTag({ run_id, key: 'mlflow.runName', value: 'renamed' });
      expect((await store().getRun({ run_id })).run.info.run_name).toBe('renamed');
      await expectMlflowError(store().setTag({ run_id, key: 'big', value: 'x'.repeat(8001) }), 'INVALID_PARAMETER_VALUE');
    });

    it('logs dataset inputs', async () => {
      const { run_id } = await newRun();
      const input = {
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
        dataset: { name: 'customers', digest: 'abc123', source_type: 'local', source: '{"uri": "train.csv"}', schema: '{}' },
      };
      await store().logInputs({ run_id, datasets: [input] });
      await store().logInputs({ run_id, datasets: [input] });
      expect((await store().getRun({ run_id })).run.inputs.dataset_inputs).toEqual([input]);
      await expectMlflowError(store().logInputs({ run_id, datasets: [{ tags: [], dataset: { name: 'x' } as never }] }), 'INVALID_PARAMETER_VALUE');
    });
  });
}
