import '../components.js';
import { ModelFormatError, NotFittedError } from '../core/errors.js';
import { asComponent, classifierFromJSON, transformerFromJSON } from '../core/registry.js';
import type { Classifier, ComponentJSON, Labels, Matrix, TransformContext, Transformer } from '../core/types.js';
import { makeMatrix } from '../core/types.js';
import type { Frame } from '../data/frame.js';
import { RowPlans } from './row-plan.js';

export interface PipelineJSON {
  readonly type: 'Pipeline';
  readonly steps: ComponentJSON[];
  readonly estimator: ComponentJSON;
  readonly state?: { readonly feature_names: string[]; readonly fill_values: number[] };
}

/** A value the model had to make up at prediction time, reported so callers can warn per row. */
export interface PredictionWarning {
  readonly row: number;
  readonly variable: string;
  readonly message: string;
}

/**
 * Transformers (frame → frame) followed by a classifier (matrix). After the last transformer every column
 * must be numeric. As a safety net the pipeline learns each feature's training mean and fills any NaN still
 * present at prediction time (e.g. an unseen category an ordinal encoder mapped to NaN), reporting it —
 * unless the estimator takes missing values natively (`acceptsMissing`), which then sees the NaN as in training.
 */
export class Pipeline {
  readonly type = 'Pipeline';
  private featureNames: string[] | null = null;
  private fillValues: Float64Array | null = null;
  /** The fitted steps compiled per input shape (row-plan.ts); derived from the fitted state, never saved. */
  private plans: RowPlans | null = null;
  /** predictProba's matrices for small batches, by row count, reused from call to call (the estimator keeps no reference). */
  private readonly scratch: (Float64Array | undefined)[] = [];

  constructor(
    readonly steps: readonly Transformer[],
    readonly estimator: Classifier,
  ) {}

  get fitted(): boolean {
    return this.featureNames !== null && this.estimator.fitted;
  }

  get classes(): readonly string[] {
    return this.estimator.classes;
  }

  get features(): readonly string[] {
    if (!this.featureNames) throw new NotFittedError('Pipeline');
    return this.featureNames;
  }

  fit(frame: Frame, y: Labels): this {
    this.plans = null;
    let f = frame;
    for (const step of this.steps) f = step.fit(f, y).transform(f);
    const X = frameToMatrix(f);
    const { nRows: n, nCols: d, data } = X;
    const fill = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < n; i++) {
        const v = data[i * d + j];
        if (v === v) {
          sum += v;
          count++;
        }
      }
      if (count < n && this.estimator.acceptsMissing !== true) {
        throw new Error(
          `feature ${X.columnNames[j]} still has ${n - count} missing values after preprocessing: add an imputer for it to the pipeline`,
        );
      }
      fill[j] = count > 0 ? sum / count : 0;
    }
    this.estimator.fit(X, y);
    this.featureNames = [...X.columnNames];
    this.fillValues = fill;
    this.plans = null;
    return this;
  }

  /** The estimator's input matrix for a frame (all steps applied, residual NaN filled and reported). */
  transform(frame: Frame, ctx?: TransformContext & { warnings?: PredictionWarning[] }): Matrix {
    return this.matrix(frame, ctx, false);
  }

  /**
   * transform, with the matrix of a small batch written into a buffer kept for the next call when `reuse` (the
   * caller hands it to the estimator and lets it go). The steps' row plan writes the matrix straight from the
   * input columns; when there is none for this frame, or it bails (something to report or refuse), the steps run.
   */
  private matrix(frame: Frame, ctx: (TransformContext & { warnings?: PredictionWarning[] }) | undefined, reuse: boolean): Matrix {
    const names = this.featureNames;
    const fill = this.fillValues;
    if (!names || !fill) throw new NotFittedError('Pipeline');
    const plan = (this.plans ??= new RowPlans(this.steps, names)).planFor(frame);
    let X: Matrix | null = null;
    if (plan !== null) {
      const n = frame.nRows;
      const d = names.length;
      let data = reuse && n < SCRATCH_ROWS ? this.scratch[n] : undefined;
      if (data === undefined || data.length !== n * d) {
        data = new Float64Array(n * d);
        if (reuse && n < SCRATCH_ROWS) this.scratch[n] = data;
      }
      if (plan.run(frame, data)) X = makeMatrix(n, d, names, data);
    }
    if (X === null) {
      let f = frame;
      for (const step of this.steps) f = step.transform(f, ctx);
      X = selectToMatrix(f, names);
    }
    const { nRows: n, nCols: d, data } = X;
    if (this.estimator.acceptsMissing === true) return X;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = data[i * d + j];
        if (v !== v) {
          data[i * d + j] = fill[j];
          ctx?.warnings?.push({ row: i, variable: names[j], message: `missing value of ${names[j]} filled with the training mean` });
        }
      }
    }
    return X;
  }

  predictProba(frame: Frame, ctx?: TransformContext & { warnings?: PredictionWarning[] }): Float64Array {
    return this.estimator.predictProba(this.matrix(frame, ctx, true));
  }

  predict(frame: Frame, ctx?: TransformContext & { warnings?: PredictionWarning[] }): Int32Array {
    return this.estimator.predict(this.matrix(frame, ctx, true));
  }

  toJSON(): PipelineJSON {
    const base = { type: 'Pipeline' as const, steps: this.steps.map((s) => s.toJSON()), estimator: this.estimator.toJSON() };
    if (!this.featureNames || !this.fillValues) return base;
    return { ...base, state: { feature_names: [...this.featureNames], fill_values: Array.from(this.fillValues) } };
  }

  static fromJSON(json: unknown): Pipeline {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelFormatError('pipeline: expected an object');
    const o = json as Record<string, unknown>;
    if (o.type !== undefined && o.type !== 'Pipeline') throw new ModelFormatError(`pipeline: unexpected type ${String(o.type)}`);
    if (!Array.isArray(o.steps)) throw new ModelFormatError('pipeline: "steps" must be an array');
    const steps = o.steps.map((s: unknown, i: number) => {
      try {
        return transformerFromJSON(s);
      } catch (e) {
        throw new ModelFormatError(`pipeline step ${i + 1}: ${(e as Error).message}`);
      }
    });
    const estimator = classifierFromJSON(asComponent(o.estimator, 'pipeline estimator'));
    const p = new Pipeline(steps, estimator);
    if (o.state !== undefined) {
      const st = o.state as Record<string, unknown>;
      const names = st.feature_names;
      const fill = st.fill_values;
      if (!Array.isArray(names) || !names.every((x) => typeof x === 'string')) throw new ModelFormatError('pipeline state: feature_names must be strings');
      if (!Array.isArray(fill) || fill.length !== names.length || !fill.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new ModelFormatError('pipeline state: fill_values must be one finite number per feature');
      }
      const twice = (names as string[]).find((x, i) => names.indexOf(x) !== i);
      if (twice !== undefined) throw new ModelFormatError(`pipeline state: feature_names lists ${twice} twice`);
      p.featureNames = [...(names as string[])];
      p.fillValues = Float64Array.from(fill as number[]);
      p.plans = null;
    }
    return p;
  }
}

/** Batches below this many rows reuse predictProba's matrix buffer. */
const SCRATCH_ROWS = 16;

/**
 * frameToMatrix(frame.select(names)) without the intermediate frame (a served row pays for every object):
 * same columns, same errors. The column names are the learned `names` array itself, which is never mutated.
 */
function selectToMatrix(frame: Frame, names: readonly string[]): Matrix {
  const n = frame.nRows;
  const d = names.length;
  const cols = names.map((name) => frame.column(name));
  const data = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const col = cols[j];
    if (col.kind !== 'numeric') {
      throw new Error(`column ${col.name} is still categorical after preprocessing: add an encoder for it to the pipeline`);
    }
    const v = col.values;
    for (let i = 0, at = j; i < n; i++, at += d) data[at] = v[i];
  }
  return makeMatrix(n, d, names, data);
}

/** Row-major matrix of an all-numeric frame; a categorical column left over is a configuration error. */
export function frameToMatrix(frame: Frame): Matrix {
  const n = frame.nRows;
  const d = frame.columns.length;
  const data = new Float64Array(n * d);
  frame.columns.forEach((col, j) => {
    if (col.kind !== 'numeric') {
      throw new Error(`column ${col.name} is still categorical after preprocessing: add an encoder for it to the pipeline`);
    }
    const v = col.values;
    for (let i = 0; i < n; i++) data[i * d + j] = v[i];
  });
  return makeMatrix(n, d, frame.names, data);
}
