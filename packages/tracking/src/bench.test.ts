import { describe, expect, it } from 'vitest';
import { benchTracking } from './bench.js';

describe('benchTracking', () => {
  it('measures log-batch and search (small scale here; npm run bench runs 10,000 runs)', async () => {
    const r = await benchTracking({ runs: 300, batchRepeats: 3 });
    expect(r.runs).toBe(300);
    expect(r.log_batch_1000_metrics.repeats).toBe(3);
    expect(r.search.default_order_first_100.returned).toBe(100);
    expect(r.search.default_order_all_runs.returned).toBe(300);
    expect(r.search.metric_and_param_filter_ordered_by_metric_first_100.returned).toBeGreaterThan(0);
    console.log(`[tracking bench, 300 runs] ${JSON.stringify(r)}`);
  });
});
