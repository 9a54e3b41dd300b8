import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteTrackingStore } from './sqlite/store.js';
import type { Metric, SearchRunsRequest } from './types.js';

export interface TrackingBenchOptions {
  /** Runs in the searched experiment (default 10,000). */
  runs?: number;
  /** log-batch repetitions (default 20). */
  batchRepeats?: number;
  /** Directory for the database (default a fresh temp directory, removed afterwards). */
  dir?: string;
  onProgress?: (message: string) => void;
}

export interface Timing {
  median_ms: number;
  min_ms: number;
  max_ms: number;
  repeats: number;
}

export interface TrackingBenchResult {
  log_batch_1000_metrics: Timing;
  runs: number;
  /** Wall time to create the runs through the public API (createRun + logBatch each). */
  populate_ms: number;
  search: Record<string, Timing & { returned: number }>;
  /** The goal for a search over 10,000 runs. */
  search_goal_ms: 100;
}

function timing(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { median_ms: round(s[Math.floor(s.length / 2)]), min_ms: round(s[0]), max_ms: round(s[s.length - 1]), repeats: s.length };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

/**
 * The embedded store's figures: one log-batch of 1,000 metrics into a fresh run, and searches over `runs` runs
 * (default order, a metric+param filter ordered by a metric, a tag filter), each the median of several calls.
 */
export async function benchTracking(options: TrackingBenchOptions = {}): Promise<TrackingBenchResult> {
  const nRuns = options.runs ?? 10_000;
  const repeats = options.batchRepeats ?? 20;
  const progress = options.onProgress ?? (() => {});
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'custseg-bench-tracking-'));
  const store = new SqliteTrackingStore({ dbPath: join(dir, 'tracking.db') });
  try {
    const batchExp = (await store.createExperiment({ name: 'bench-log-batch' })).experiment_id;
    const batchTimes: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const run_id = (await store.createRun({ experiment_id: batchExp })).run.info.run_id;
      const metrics: Metric[] = Array.from({ length: 1000 }, (_, i) => ({ key: `metric_${i % 10}`, value: Math.random(), timestamp: Date.now(), step: Math.floor(i / 10) }));
      batchTimes.push((await time(() => store.logBatch({ run_id, metrics })))[0]);
    }
    progress(`log-batch of 1,000 metrics: median ${timing(batchTimes).median_ms.toFixed(2)} ms`);

    const exp = (await store.createExperiment({ name: 'bench-search' })).experiment_id;
    const t0 = performance.now();
    for (let i = 0; i < nRuns; i++) {
      const { run } = await store.createRun({ experiment_id: exp, run_name: `run-${i}`, start_time: 1_600_000_000_000 + i, tags: [{ key: 'team', value: `t${i % 7}` }] });
      await store.logBatch({
        run_id: run.info.run_id,
        metrics: [
          { key: 'accuracy', value: ((i * 7919) % 10_007) / 10_007, timestamp: 1, step: 0 },
          { key: 'log_loss', value: 1 + ((i * 104_729) % 1_009) / 1_009, timestamp: 1, step: 0 },
        ],
        params: [
          { key: 'model', value: ['logistic', 'ovr-logistic', 'baseline'][i % 3] },
          { key: 'C', value: String(10 ** ((i % 5) - 2)) },
        ],
      });
      if (i % 2000 === 1999) progress(`created ${i + 1} runs`);
    }
    const populate = performance.now() - t0;

    const queries: Record<string, Omit<SearchRunsRequest, 'experiment_ids'>> = {
      default_order_first_100: { max_results: 100 },
      metric_and_param_filter_ordered_by_metric_first_100: {
        filter: "metrics.accuracy > 0.5 and params.model = 'logistic'",
        order_by: ['metrics.accuracy DESC'],
        max_results: 100,
      },
      tag_filter_ordered_by_param_first_100: { filter: "tags.team = 't3'", order_by: ['params.C ASC'], max_results: 100 },
      default_order_first_1000: { max_results: 1000 },
      default_order_all_runs: { max_results: 50_000 },
    };
    const search: TrackingBenchResult['search'] = {};
    for (const [name, q] of Object.entries(queries)) {
      const samples: number[] = [];
      let returned = 0;
      for (let r = 0; r < 5; r++) {
        const [ms, res] = await time(() => store.searchRuns({ experiment_ids: [exp], ...q }));
        samples.push(ms);
        returned = res.runs.length;
      }
      search[name] = { ...timing(samples), returned };
      progress(`search ${name}: median ${search[name].median_ms.toFixed(2)} ms (${returned} runs)`);
    }
    return { log_batch_1000_metrics: timing(batchTimes), runs: nRuns, populate_ms: Math.round(populate), search, search_goal_ms: 100 };
  } finally {
    await store.close();
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}
