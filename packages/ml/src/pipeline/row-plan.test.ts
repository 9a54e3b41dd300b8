import { describe, expect, it, vi } from 'vitest';
import '../preprocessing/index.js';
import '../linear/index.js';
import '../ensemble/index.js';
import type { Matrix, Transformer } from '../core/types.js';
import { parseCsvText } from '../data/csv.js';
import { categoricalColumn, categoricalFromValues, Frame, numericColumn, type Column } from '../data/frame.js';
import { synthCsvChunks } from '../synth/index.js';
import { collectUnseen, sampleMixedFrame, type UnseenReport } from '../test-support/conformance-transformer.js';
import { pipelineFromConfig, type PipelineConfig } from './config.js';
import { frameToMatrix, Pipeline, type PredictionWarning } from './pipeline.js';
import { getPreset } from './presets.js';

/**
 * The row plan (row-plan.ts) must be invisible: the same matrix bits, the same unseen reports and warnings in
 * the same order, the same errors, as running the steps one frame at a time, which is what these tests do
 * by hand as the reference.
 */
const ds = parseCsvText([...synthCsvChunks({ rows: 900, seed: 11 })].join(''), { requireTarget: true, label: 'synth.csv' });

interface Outcome {
  data?: Float64Array;
  names?: readonly string[];
  reports: UnseenReport[];
  warnings: PredictionWarning[];
  error?: string;
  errorType?: string;
}

function stepByStep(p: Pipeline, frame: Frame): Outcome {
  const unseen = collectUnseen();
  const warnings: PredictionWarning[] = [];
  try {
    let f = frame;
    for (const step of p.steps) f = step.transform(f, { unseen });
    const X = frameToMatrix(f.select(p.features));
    if (p.estimator.acceptsMissing !== true) {
      const fill = p.toJSON().state!.fill_values;
      for (let i = 0; i < X.nRows; i++) {
        for (let j = 0; j < X.nCols; j++) {
          if (Number.isNaN(X.data[i * X.nCols + j])) {
            X.data[i * X.nCols + j] = fill[j];
            warnings.push({ row: i, variable: p.features[j], message: `missing value of ${p.features[j]} filled with the training mean` });
          }
        }
      }
    }
    return { data: X.data, names: X.columnNames, reports: unseen.reports, warnings };
  } catch (e) {
    return { reports: unseen.reports, warnings, error: (e as Error).message, errorType: (e as Error).constructor.name };
  }
}

function planned(p: Pipeline, frame: Frame): Outcome {
  const unseen = collectUnseen();
  const warnings: PredictionWarning[] = [];
  try {
    const X: Matrix = p.transform(frame, { unseen, warnings });
    return { data: X.data, names: X.columnNames, reports: unseen.reports, warnings };
  } catch (e) {
    return { reports: unseen.reports, warnings, error: (e as Error).message, errorType: (e as Error).constructor.name };
  }
}

function bits(a: Float64Array | undefined): Buffer | undefined {
  return a === undefined ? undefined : Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function expectSame(p: Pipeline, frame: Frame): Outcome {
  const want = stepByStep(p, frame);
  const got = planned(p, frame);
  expect(got.error).toBe(want.error);
  expect(got.errorType).toBe(want.errorType);
  expect(got.reports).toEqual(want.reports);
  expect(got.warnings).toEqual(want.warnings);
  expect(got.names).toEqual(want.names);
  expect(bits(got.data)?.equals(bits(want.data)!) ?? got.data === want.data).toBe(true);
  // predictProba through the plan (and its reused buffer) gives the estimator the same matrix.
  if (want.data !== undefined) {
    const X = { nRows: frame.nRows, nCols: want.names!.length, data: want.data, columnNames: want.names! };
    expect(bits(p.predictProba(frame))!.equals(bits(p.estimator.predictProba(X))!)).toBe(true);
  }
  return got;
}

/** Counts the steps' transform calls: none means the plan did the work. */
function spySteps(p: Pipeline): { calls: () => number; restore: () => void } {
  const spies = p.steps.map((s) => vi.spyOn(s as Transformer, 'transform'));
  return { calls: () => spies.reduce((n, s) => n + s.mock.calls.length, 0), restore: () => spies.forEach((s) => s.mockRestore()) };
}

/** The frame with row `row` of categorical column `name` set to a category the model never saw (as a served batch holds one). */
function withUnseen(frame: Frame, name: string, row: number, value = '__never_seen__'): Frame {
  return new Frame(
    frame.columns.map((c): Column => {
      if (c.name !== name || c.kind !== 'categorical') return c;
      const codes = c.codes.slice();
      codes[row] = c.categories.length;
      return categoricalColumn(c.name, codes, [...c.categories, value]);
    }),
    frame.nRows,
  );
}

function withNumber(frame: Frame, name: string, row: number, value: number): Frame {
  return frame.replace([numericColumn(name, Float64Array.from(frame.numeric(name).values, (v, i) => (i === row ? value : v)))]);
}

const customConfigs: [string, PipelineConfig][] = [
  [
    'every transformer',
    {
      steps: [
        { type: 'AddMissingIndicator', params: { missingOnly: false, variables: ['Work_Experience', 'Ever_Married', 'Profession'] } },
        { type: 'RareLabelEncoder', params: { tol: 0.12, nCategories: 3, replaceWith: 'Other', variables: ['Profession', 'Var_1'] } },
        { type: 'CategoricalImputer', params: { imputationMethod: 'missing', variables: ['Ever_Married', 'Graduated', 'Profession', 'Var_1'] } },
        { type: 'OrdinalEncoder', params: { encodingMethod: 'arbitrary', variables: ['Var_1'] } },
        { type: 'OrdinalEncoder', params: { encodingMethod: 'ordered', variables: ['Gender'] } },
        { type: 'OneHotEncoder', params: { topCategories: 2, variables: ['Profession'] } },
        { type: 'OneHotEncoder', params: { dropLast: true, variables: ['Ever_Married', 'Graduated'] } },
        { type: 'CountFrequencyEncoder', params: { encodingMethod: 'count', variables: ['Spending_Score'] } },
        { type: 'ArbitraryNumberImputer', params: { imputerDict: { Work_Experience: -1 } } },
        { type: 'MeanMedianImputer', params: { imputationMethod: 'median' } },
        { type: 'StandardScaler', params: { withMean: false, variables: ['Age', 'Var_1'] } },
        { type: 'StandardScaler', params: { withStd: false, variables: ['Family_Size'] } },
        { type: 'StandardScaler', params: { variables: ['Spending_Score', 'Work_Experience_na'] } },
        { type: 'MinMaxScaler', params: { featureRange: [-1, 3] } },
      ],
      estimator: { type: 'LogisticRegression', params: { C: 0.5, maxIter: 30 } },
    },
  ],
  [
    'NaN left for the model',
    {
      steps: [
        { type: 'RareLabelEncoder', params: { tol: 0.05, nCategories: 4 } },
        { type: 'OrdinalEncoder', params: { encodingMethod: 'ordered', unseen: 'ignore' } },
        { type: 'MinMaxScaler', params: {} },
      ],
      estimator: { type: 'HistGradientBoostingClassifier', params: { maxIter: 5, randomState: 0 } },
    },
  ],
];

const examplesConfig: PipelineConfig = {
  steps: [
    { type: 'MeanMedianImputer', params: { imputationMethod: 'median', variables: ['Work_Experience', 'Family_Size'] } },
    { type: 'CategoricalImputer', params: { imputationMethod: 'missing', variables: ['Ever_Married', 'Graduated', 'Profession', 'Var_1'] } },
    { type: 'RareLabelEncoder', params: { tol: 0.03, nCategories: 5, variables: ['Profession'] } },
    { type: 'OneHotEncoder', params: { variables: ['Gender', 'Ever_Married', 'Graduated', 'Profession', 'Var_1', 'Spending_Score'] } },
    { type: 'StandardScaler', params: {} },
  ],
  estimator: { type: 'LogisticRegression', params: { C: 0.5, classWeight: 'balanced', maxIter: 30 } },
};

const configs: [string, PipelineConfig][] = [
  ...['logistic', 'ovr-logistic', 'baseline', 'hist-gbdt', 'best', 'blend'].map((name): [string, PipelineConfig] => {
    const c = getPreset(name).build(ds.schema, 0);
    // Small ensembles: the matrix is what is tested here, not the model.
    const small = JSON.parse(JSON.stringify(c).replace(/"maxIter":150/g, '"maxIter":5').replace(/"nEstimators":150/g, '"nEstimators":3'));
    return [name, small];
  }),
  ['examples/pipeline-config.json', examplesConfig],
  ...customConfigs,
];

const fitted = new Map<string, Pipeline>();
function fit(name: string, config: PipelineConfig): Pipeline {
  let p = fitted.get(name);
  if (!p) fitted.set(name, (p = pipelineFromConfig(config).fit(ds.frame, ds.labels!)));
  return p;
}

describe.each(configs)('row plan of %s', (name, config) => {
  it('writes the same matrix as the steps, for the batch and for single and small batches of rows, without running them', () => {
    const p = fit(name, config);
    const frames = [ds.frame, ds.frame.take([0]), ds.frame.take([1]), ds.frame.take([5, 3]), ds.frame.take([7, 8, 9, 10]), ds.frame.take([])];
    // rows with missing values in every column that has some
    const missing = new Set<number>();
    for (const c of ds.frame.columns) {
      const at = c.kind === 'numeric' ? c.values.findIndex((v) => Number.isNaN(v)) : c.codes.indexOf(-1);
      if (at >= 0) missing.add(at);
    }
    frames.push(ds.frame.take([...missing]));
    for (const f of frames) expectSame(p, f);
    const spy = spySteps(p);
    try {
      for (const f of frames) p.transform(f);
      for (const f of frames) p.predictProba(f);
      expect(spy.calls()).toBe(0);
    } finally {
      spy.restore();
    }
  });

  it('saved and reloaded, plans the same', () => {
    const p = fit(name, config);
    const loaded = Pipeline.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    for (const f of [ds.frame, ds.frame.take([2]), ds.frame.take([4, 6])]) {
      expect(bits(loaded.transform(f).data)!.equals(bits(p.transform(f).data)!)).toBe(true);
      expectSame(loaded, f);
    }
  });

  it('leaves unseen categories to the steps: same reports, in the same order, and the same numbers', () => {
    const p = fit(name, config);
    let f = ds.frame.take([0, 1, 2, 3]);
    f = withUnseen(f, 'Profession', 2, 'Astronaut');
    f = withUnseen(f, 'Var_1', 0, 'Cat_99');
    f = withUnseen(f, 'Spending_Score', 3, 'Extreme');
    const got = expectSame(p, f);
    if (name !== 'baseline') expect(got.reports.length + got.warnings.length).toBeGreaterThan(0);
    expectSame(p, withUnseen(ds.frame.take([9]), 'Gender', 0, 'Other'));
  });

  it('fills and reports values missing where training had none', () => {
    const p = fit(name, config);
    expectSame(p, withNumber(ds.frame.take([0, 1, 2]), 'Age', 1, NaN));
  });

  it('gives the same errors as the steps for malformed frames', () => {
    const p = fit(name, config);
    const one = ds.frame.take([3]);
    // a missing column, a column of the other kind, a code outside the dictionary
    expectSame(p, one.drop(['Age']));
    expectSame(p, one.drop(['Profession']));
    expectSame(p, one.replace([categoricalFromValues('Age', ['40'])]));
    expectSame(p, one.replace([numericColumn('Gender', Float64Array.of(1))]));
    const bad = one.columns.map((c): Column => (c.kind === 'categorical' && c.name === 'Var_1' ? categoricalColumn(c.name, Int32Array.of(99), c.categories) : c));
    expectSame(p, new Frame(bad, 1));
  });

  it('plans frames with other column orders, extra columns and other category dictionaries', () => {
    const p = fit(name, config);
    const f = ds.frame.take([0, 1, 2, 3, 4, 5]);
    expectSame(p, new Frame([...f.columns].reverse(), f.nRows));
    expectSame(p, f.append([numericColumn('extra', new Float64Array(6).fill(1)), categoricalFromValues('other', ['a', 'b', null, 'a', 'b', 'c'])]));
    // The same values, dictionary-encoded afresh (other codes, other category order).
    const reversedRows = ds.frame.take([5, 4, 3, 2, 1, 0]);
    const recoded = new Frame(
      reversedRows.columns.map((c): Column =>
        c.kind === 'categorical' ? categoricalFromValues(c.name, Array.from(c.codes, (k) => (k === -1 ? null : c.categories[k]))) : c,
      ),
      reversedRows.nRows,
    );
    expect(recoded.categorical('Profession').categories).not.toEqual(reversedRows.categorical('Profession').categories);
    expectSame(p, recoded);
    expect(bits(p.transform(recoded).data)!.equals(bits(p.transform(reversedRows).data)!)).toBe(true);
  });
});

describe('row plan bookkeeping', () => {
  it('follows a refit and a step refitted on its own', () => {
    const p = pipelineFromConfig(getPreset('logistic').build(ds.schema, 0)).fit(ds.frame, ds.labels!);
    const row = ds.frame.take([0, 1]);
    expectSame(p, row);
    const half = ds.frame.take(Array.from({ length: 300 }, (_, i) => i * 3));
    p.fit(half, { codes: Int32Array.from({ length: 300 }, (_, i) => ds.labels!.codes[i * 3]), classes: ds.labels!.classes });
    expectSame(p, row);
    // A step refitted behind the pipeline's back: the plan notices its learned state changed.
    p.steps[p.steps.length - 1].fit(p.steps.slice(0, -1).reduce((f, s) => s.transform(f), half));
    expectSame(p, row);
    const scaler = p.steps[p.steps.length - 1];
    scaler.fit(p.steps.slice(0, -1).reduce((f, s) => s.transform(f), ds.frame.take([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])));
    expectSame(p, row);
  });

  it('does not reuse the matrix transform returns, nor let one call change another call’s probabilities', () => {
    const p = pipelineFromConfig(getPreset('logistic').build(ds.schema, 0)).fit(ds.frame, ds.labels!);
    const a = ds.frame.take([0]);
    const b = ds.frame.take([1]);
    const Xa = p.transform(a);
    const copy = Xa.data.slice();
    const pa = p.predictProba(a);
    const paCopy = pa.slice();
    p.predictProba(b);
    p.transform(b);
    expect(bits(Xa.data)!.equals(bits(copy)!)).toBe(true);
    expect(bits(pa)!.equals(bits(paCopy)!)).toBe(true);
    expect(bits(p.predictProba(a))!.equals(bits(paCopy)!)).toBe(true);
  });

  it('runs the steps for a pipeline holding a transformer that cannot plan', () => {
    const p = pipelineFromConfig(getPreset('logistic').build(ds.schema, 0)).fit(ds.frame, ds.labels!);
    const base = p.steps[0];
    const opaque: Transformer = {
      type: base.type,
      fitted: true,
      fit: () => opaque,
      transform: (f, ctx) => base.transform(f, ctx),
      toJSON: () => base.toJSON(),
    };
    const q = new Pipeline([opaque, ...p.steps.slice(1)], p.estimator);
    Object.assign(q, { featureNames: [...p.features], fillValues: Float64Array.from(p.toJSON().state!.fill_values) });
    const spy = vi.spyOn(opaque, 'transform');
    const row = ds.frame.take([4]);
    expect(bits(q.transform(row).data)!.equals(bits(p.transform(row).data)!)).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('matches the steps on the awkward mixed frame (prototype-like names aside), transformer by transformer', () => {
    const { frame, y } = sampleMixedFrame(3, 80);
    const config: PipelineConfig = {
      steps: [
        { type: 'AddMissingIndicator', params: { missingOnly: true } },
        { type: 'RareLabelEncoder', params: { tol: 0.1, nCategories: 4, variables: ['city'] } },
        { type: 'CategoricalImputer', params: { imputationMethod: 'frequent' } },
        { type: 'OneHotEncoder', params: { dropLastBinary: true } },
        { type: 'MeanMedianImputer', params: { imputationMethod: 'mean' } },
        { type: 'StandardScaler', params: {} },
      ],
      estimator: { type: 'LogisticRegression', params: { maxIter: 20 } },
    };
    const p = pipelineFromConfig(config).fit(frame, y);
    for (const rows of [[0], [1, 2], [3, 4, 5, 6], Array.from({ length: 80 }, (_, i) => 79 - i)]) expectSame(p, frame.take(rows));
    expectSame(p, withUnseen(frame.take([0, 1, 2]), 'city', 1, 'atlantis'));
    expectSame(p, withUnseen(frame.take([0, 1, 2]), 'color', 2, 'ultraviolet'));
  });

  it('gives unseen: "error" the same error as the steps', () => {
    const config: PipelineConfig = {
      steps: [
        { type: 'CategoricalImputer', params: { imputationMethod: 'frequent', variables: ['Ever_Married', 'Graduated', 'Profession', 'Var_1'] } },
        { type: 'OneHotEncoder', params: { unseen: 'error', variables: ['Gender', 'Ever_Married', 'Graduated', 'Profession'] } },
        { type: 'CountFrequencyEncoder', params: { unseen: 'error', variables: ['Var_1'] } },
        { type: 'OrdinalEncoder', params: { encodingMethod: 'explicit', mapping: { Spending_Score: { Low: 1, Average: 2, High: 3 } }, unseen: 'error' } },
        { type: 'MeanMedianImputer', params: {} },
      ],
      estimator: { type: 'LogisticRegression', params: { maxIter: 20 } },
    };
    const p = pipelineFromConfig(config).fit(ds.frame, ds.labels!);
    for (const col of ['Gender', 'Profession', 'Var_1', 'Spending_Score']) {
      const got = expectSame(p, withUnseen(ds.frame.take([0, 1, 2]), col, 1));
      expect(got.errorType).toBe('UserError');
    }
  });
});
