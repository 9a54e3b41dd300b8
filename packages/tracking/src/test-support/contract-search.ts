import { describe, expect, it } from 'vitest';
import type { SearchRunsRequest, TrackingStore } from '../types.js';
import { expectMlflowError, uniqueName } from './helpers.js';

export interface SearchContractOptions {
  /** Runs in the timed search (printed, not asserted); 10,000 by default, fewer for a slow store. */
  bigSearchRuns?: number;
}

export function searchContract(store: () => TrackingStore, options: SearchContractOptions = {}): void {
  describe('search runs', () => {
    let experiment_id: string;
    const ids: Record<string, string> = {};

    // five runs with distinct starts: a (oldest) .. e (newest)
    const fixture = [
      { name: 'alpha', acc: 0.9, model: 'seed', status: 'FINISHED', team: 'x' },
      { name: 'beta', acc: 0.5, model: 'forest', status: 'FINISHED', team: 'y' },
      { name: 'gamma', acc: 0.7, model: 'seed', status: 'FAILED', team: 'x' },
      { name: 'Delta', acc: undefined, model: 'logistic', status: 'RUNNING', team: 'y' },
      { name: 'epsilon', acc: 0.2, model: 'seed', status: 'FINISHED', team: 'z' },
    ] as const;

    const names = async (req: Omit<SearchRunsRequest, 'experiment_ids'>) =>
      (await store().searchRuns({ experiment_ids: [experiment_id], ...req })).runs.map((r) => r.info.run_name);

    it('sets up runs', async () => {
      experiment_id = (await store().createExperiment({ name: uniqueName('search') })).experiment_id;
      for (const [i, f] of fixture.entries()) {
        const { run } = await store().createRun({ experiment_id, run_name: f.name, start_time: 1_000 + i, tags: [{ key: 'team', value: f.team }] });
        ids[f.name] = run.info.run_id;
        await store().logBatch({
          run_id: run.info.run_id,
          params: [{ key: 'model', value: f.model }],
          metrics: f.acc === undefined ? [] : [{ key: 'acc', value: f.acc, timestamp: 1, step: 0 }, { key: 'my key', value: f.acc * 10, timestamp: 1, step: 0 }],
        });
        if (f.status !== 'RUNNING') await store().updateRun({ run_id: run.info.run_id, status: f.status, end_time: 2_000 + i });
      }
    });

    it('orders by start_time DESC by default', async () => {
      expect(await names({})).toEqual(['epsilon', 'Delta', 'gamma', 'beta', 'alpha']);
    });

    it('filters on metrics, params, tags and attributes', async () => {
      expect(await names({ filter: 'metrics.acc > 0.5' })).toEqual(['gamma', 'alpha']);
      expect(await names({ filter: 'metrics.acc >= 0.5' })).toEqual(['gamma', 'beta', 'alpha']);
      expect(await names({ filter: 'metrics.acc < 0.5' })).toEqual(['epsilon']);
      expect(await names({ filter: 'metrics.acc <= 0.5' })).toEqual(['epsilon', 'beta']);
      expect(await names({ filter: 'metrics.acc = 0.7' })).toEqual(['gamma']);
      expect(await names({ filter: 'metrics.acc != 0.7' })).toEqual(['epsilon', 'beta', 'alpha']);
      expect(await names({ filter: "params.model = 'seed'" })).toEqual(['epsilon', 'gamma', 'alpha']);
      expect(await names({ filter: "params.model != 'seed'" })).toEqual(['Delta', 'beta']);
      expect(await names({ filter: "tags.team = 'x'" })).toEqual(['gamma', 'alpha']);
      expect(await names({ filter: "attributes.status = 'FINISHED'" })).toEqual(['epsilon', 'beta', 'alpha']);
      expect(await names({ filter: "attributes.status != 'FINISHED'" })).toEqual(['Delta', 'gamma']);
      expect(await names({ filter: "metrics.acc > 0.5 and params.model = 'seed' and tags.team = 'x' and attributes.status = 'FINISHED'" })).toEqual(['alpha']);
      expect(await names({ filter: 'metrics.`my key` > 6' })).toEqual(['gamma', 'alpha']);
      expect(await names({ filter: 'metrics."my key" > 6' })).toEqual(['gamma', 'alpha']);
      expect(await names({ filter: `attributes.run_id = '${ids.beta}'` })).toEqual(['beta']);
      expect(await names({ filter: `attributes.run_id IN ('${ids.beta}', '${ids.gamma}')` })).toEqual(['gamma', 'beta']);
      expect(await names({ filter: 'attributes.start_time >= 1003' })).toEqual(['epsilon', 'Delta']);
      expect(await names({ filter: 'attributes.end_time < 2002' })).toEqual(['beta', 'alpha']);
    });

    it('matches strings with LIKE (case-sensitive) and ILIKE', async () => {
      expect(await names({ filter: "attributes.run_name LIKE '%ta'" })).toEqual(['Delta', 'beta']);
      expect(await names({ filter: "attributes.run_name LIKE 'd%'" })).toEqual([]);
      expect(await names({ filter: "attributes.run_name ILIKE 'd%'" })).toEqual(['Delta']);
      expect(await names({ filter: "attributes.run_name LIKE '_lpha'" })).toEqual(['alpha']);
      expect(await names({ filter: "params.model LIKE 'fo%'" })).toEqual(['beta']);
      expect(await names({ filter: "tags.`mlflow.runName` = 'gamma'" })).toEqual(['gamma']);
    });

    it('orders by metrics, params and attributes, missing values last', async () => {
      expect(await names({ order_by: ['metrics.acc DESC'] })).toEqual(['alpha', 'gamma', 'beta', 'epsilon', 'Delta']);
      expect(await names({ order_by: ['metrics.acc ASC'] })).toEqual(['epsilon', 'beta', 'gamma', 'alpha', 'Delta']);
      expect(await names({ order_by: ['metrics.acc'] })).toEqual(['epsilon', 'beta', 'gamma', 'alpha', 'Delta']);
      expect(await names({ order_by: ['params.model ASC', 'attributes.start_time DESC'] })).toEqual(['beta', 'Delta', 'epsilon', 'gamma', 'alpha']);
      expect(await names({ order_by: ['attributes.start_time'] })).toEqual(['alpha', 'beta', 'gamma', 'Delta', 'epsilon']);
      expect(await names({ order_by: ['attributes.run_name ASC'] })).toEqual(['Delta', 'alpha', 'beta', 'epsilon', 'gamma']);
    });

    it('pages with opaque tokens and MLflow limits', async () => {
      const seen: string[] = [];
      let page_token: string | undefined;
      let pages = 0;
      do {
        const res = await store().searchRuns({ experiment_ids: [experiment_id], max_results: 2, order_by: ['metrics.acc DESC'], ...(page_token ? { page_token } : {}) });
        seen.push(...res.runs.map((r) => r.info.run_name));
        page_token = res.next_page_token;
        pages++;
      } while (page_token);
      expect(pages).toBe(3);
      expect(seen).toEqual(['alpha', 'gamma', 'beta', 'epsilon', 'Delta']);
      await expectMlflowError(store().searchRuns({ experiment_ids: [experiment_id], max_results: 50001 }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().searchRuns({ experiment_ids: [experiment_id], max_results: 0 }), 'INVALID_PARAMETER_VALUE');
      await expectMlflowError(store().searchRuns({ experiment_ids: [experiment_id], page_token: '%%%' }), 'INVALID_PARAMETER_VALUE');
    });

    it('honours the view type', async () => {
      const { run } = await store().createRun({ experiment_id, run_name: 'zeta', start_time: 999 });
      await store().deleteRun({ run_id: run.info.run_id });
      expect(await names({})).not.toContain('zeta');
      expect(await names({ run_view_type: 'DELETED_ONLY' })).toEqual(['zeta']);
      expect(await names({ run_view_type: 'ALL' })).toContain('zeta');
    });

    it('searches several experiments at once', async () => {
      const other = (await store().createExperiment({ name: uniqueName('other') })).experiment_id;
      await store().createRun({ experiment_id: other, run_name: 'omega', start_time: 5_000 });
      const res = await store().searchRuns({ experiment_ids: [experiment_id, other], filter: "attributes.run_name IN ('omega', 'alpha')" });
      expect(res.runs.map((r) => r.info.run_name)).toEqual(['omega', 'alpha']);
    });

    it('refuses malformed filters and order_by clauses', async () => {
      for (const filter of [
        'metrics.acc >',
        "metrics.acc > 'high'",
        'params.model > 1',
        "metrics.acc > 0.5 or params.model = 'x'",
        "foo.bar = 'x'",
        "attributes.colour = 'red'",
        "params.model = 'unterminated",
        'metrics.acc ~ 1',
        "metrics.acc > 0.5 and",
      ]) {
        await expectMlflowError(store().searchRuns({ experiment_ids: [experiment_id], filter }), 'INVALID_PARAMETER_VALUE');
      }
      for (const order of ['metrics.acc sideways', 'attributes.colour', '']) {
        await expectMlflowError(store().searchRuns({ experiment_ids: [experiment_id], order_by: [order] }), 'INVALID_PARAMETER_VALUE');
      }
    });

    it(`searches ${options.bigSearchRuns ?? 10_000} runs (timing printed)`, async () => {
      const n = options.bigSearchRuns ?? 10_000;
      const exp = (await store().createExperiment({ name: uniqueName('big') })).experiment_id;
      for (let i = 0; i < n; i++) {
        const { run } = await store().createRun({ experiment_id: exp, start_time: 1_000_000 + i, run_name: `run-${i}` });
        await store().logBatch({
          run_id: run.info.run_id,
          metrics: [{ key: 'acc', value: (i * 7919) % 10_000 / 10_000, timestamp: 1, step: 0 }],
          params: [{ key: 'model', value: i % 3 === 0 ? 'seed' : 'other' }],
        });
      }
      const timed = async (label: string, req: Omit<SearchRunsRequest, 'experiment_ids'>) => {
        const t0 = performance.now();
        const res = await store().searchRuns({ experiment_ids: [exp], ...req });
        const ms = performance.now() - t0;
        console.log(`[tracking] search over ${n} runs, ${label}: ${ms.toFixed(1)} ms (${res.runs.length} returned)`);
        return res;
      };
      const first = await timed('default order, max_results 100', { max_results: 100 });
      expect(first.runs[0].info.run_name).toBe(`run-${n - 1}`);
      const best = await timed("metrics.acc > 0.5 and params.model = 'seed' ORDER BY metrics.acc DESC, max_results 100", {
        filter: "metrics.acc > 0.5 and params.model = 'seed'",
        order_by: ['metrics.acc DESC'],
        max_results: 100,
      });
      const accs = best.runs.map((r) => r.data.metrics[0].value);
      expect(accs.every((a) => a > 0.5)).toBe(true);
      expect([...accs].sort((a, b) => b - a)).toEqual(accs);
      await timed('all runs (max_results 50000)', { max_results: 50_000 });
    });
  });
}
