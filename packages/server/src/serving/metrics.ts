import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { RequestStats } from './metrics-requests.js';
import type { ServedModel } from './model/served-model.js';
import type { ScoredBatch } from './scoring/score.js';

/**
 * The Prometheus metrics of one serving app (its own registry, so several apps in one process do not collide).
 * Per-request figures go through RequestStats (cheap on the hot path); per-batch ones through prom-client.
 */
export class ServingMetrics {
  readonly registry = new Registry();
  private readonly requests = new RequestStats(this.registry);
  private readonly predictions = new Counter({
    name: 'custseg_predictions_total',
    help: 'Rows scored, by predicted segment',
    labelNames: ['segment'],
    registers: [this.registry],
  });
  private readonly rows = new Counter({
    name: 'custseg_rows_scored_total',
    help: 'Rows scored by any endpoint (JSON or CSV)',
    registers: [this.registry],
  });
  private readonly rowErrors = new Counter({
    name: 'custseg_row_errors_total',
    help: 'CSV rows reported with an error instead of a prediction',
    registers: [this.registry],
  });
  private readonly modelInfo = new Gauge({
    name: 'custseg_model_info',
    help: 'The model being served (value 1), by name, version and alias',
    labelNames: ['name', 'version', 'alias'],
    registers: [this.registry],
  });
  private readonly loads = new Counter({
    name: 'custseg_model_loads_total',
    help: 'Model load attempts (start and hot reload), by result',
    labelNames: ['result'],
    registers: [this.registry],
  });
  private readonly loadedAt = new Gauge({
    name: 'custseg_model_loaded_timestamp_seconds',
    help: 'When the model being served was loaded',
    registers: [this.registry],
  });

  constructor(defaultMetrics = true) {
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'custseg_' });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe(method, route, status, seconds);
  }

  /** Counts one scored batch: one increment per class present, not per row. */
  observeScored(model: ServedModel, scored: ScoredBatch): void {
    const classes = model.classes;
    const counts = new Float64Array(classes.length);
    let scoredRows = 0;
    for (let i = 0; i < scored.batch.n; i++) {
      const c = scored.pred[i];
      if (c >= 0) {
        counts[c]++;
        scoredRows++;
      }
    }
    for (let j = 0; j < classes.length; j++) if (counts[j] > 0) this.predictions.inc({ segment: classes[j] }, counts[j]);
    if (scoredRows > 0) this.rows.inc(scoredRows);
  }

  observeRowErrors(n: number): void {
    if (n > 0) this.rowErrors.inc(n);
  }

  observeLoad(ok: boolean): void {
    this.loads.inc({ result: ok ? 'success' : 'failure' });
  }

  observeModel(model: ServedModel): void {
    this.modelInfo.reset();
    this.modelInfo.set({ name: model.name, version: model.version, alias: model.alias ?? '' }, 1);
    this.loadedAt.set(model.loadedAt.getTime() / 1000);
  }
}
