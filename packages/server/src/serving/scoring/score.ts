import { argmaxRows, UserError, type Pipeline, type PredictionWarning } from '@custseg/ml';
import { unseenCategory } from './messages.js';
import type { RowBatch } from './row-batch.js';

/** A batch after one predictProba call: probabilities row-major (n × classes), the predicted class per row. */
export interface ScoredBatch {
  readonly batch: RowBatch;
  readonly proba: Float64Array;
  /** Index into the classes, or -1 for a row the model refused (see rowErrors). */
  readonly pred: Int32Array;
  /** Per row, why the model refused it (e.g. an encoder with unseen: "error"); null when every row scored. */
  readonly rowErrors: (string | undefined)[] | null;
}

/**
 * Scores every committed row of a batch in one call. Values the model had to make up (unseen categories,
 * missing values filled by the pipeline) become per-row warnings. When the model refuses the batch because of
 * one row's value, each row is scored alone so that only the offending rows fail.
 */
export function scoreBatch(pipeline: Pipeline, batch: RowBatch): ScoredBatch {
  const n = batch.n;
  const k = batch.layout.classes.length;
  if (n === 0) return { batch, proba: new Float64Array(0), pred: new Int32Array(0), rowErrors: null };
  const warnings: PredictionWarning[] = [];
  const unseen = { add: (variable: string, value: string, row: number) => batch.addWarning(row, unseenCategory(variable, value)) };
  let proba: Float64Array;
  try {
    proba = pipeline.predictProba(batch.toFrame(), { unseen, warnings });
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return scoreRowByRow(pipeline, batch, k);
  }
  for (const w of warnings) batch.addWarning(w.row, w.message);
  return { batch, proba, pred: argmaxRows(proba, n, k), rowErrors: null };
}

function scoreRowByRow(pipeline: Pipeline, batch: RowBatch, k: number): ScoredBatch {
  const n = batch.n;
  const proba = new Float64Array(n * k).fill(NaN);
  const pred = new Int32Array(n).fill(-1);
  const rowErrors: (string | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const warnings: PredictionWarning[] = [];
    const unseen = { add: (variable: string, value: string) => batch.addWarning(i, unseenCategory(variable, value)) };
    try {
      const p = pipeline.predictProba(batch.rowFrame(i), { unseen, warnings });
      proba.set(p, i * k);
      pred[i] = argmaxRows(p, 1, k)[0];
      for (const w of warnings) batch.addWarning(i, w.message);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      rowErrors[i] = e.message.replace(/ at row \d+/, '');
    }
  }
  return { batch, proba, pred, rowErrors };
}
