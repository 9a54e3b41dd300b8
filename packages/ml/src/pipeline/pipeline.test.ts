import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../preprocessing/index.js';
import '../linear/index.js';
import { parseCsvText, type Dataset } from '../data/csv.js';
import { Frame, categoricalFromValues, numericColumn } from '../data/frame.js';
import { synthCsvChunks } from '../synth/index.js';
import { pipelineFromConfig, validateConfig } from './config.js';
import { Pipeline } from './pipeline.js';
import { getPreset, presetNames } from './presets.js';
import { Rng } from '../random/rng.js';

function synthDataset(rows: number, seed: number): Dataset {
  return parseCsvText([...synthCsvChunks({ rows, seed })].join(''), { requireTarget: true, label: 'synth.csv' });
}

const ds = synthDataset(1200, 11);

function roundTrip(p: Pipeline): Pipeline {
  return Pipeline.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
}

describe('Pipeline', () => {
  it.each(presetNames())('preset %s fits, predicts and round-trips through JSON bit for bit', (name) => {
    const p = pipelineFromConfig(getPreset(name).build(ds.schema, 1)).fit(ds.frame, ds.labels!);
    expect(p.fitted).toBe(true);
    const a = p.predictProba(ds.frame);
    expect(a.length).toBe(ds.frame.nRows * 4);
    const q = roundTrip(p);
    expect(q.predictProba(ds.frame)).toEqual(a);
    expect(JSON.stringify(q.toJSON())).toBe(JSON.stringify(p.toJSON()));
  });

  it('is deterministic: two fits give the same JSON', () => {
    const config = getPreset('logistic').build(ds.schema, 1);
    const a = pipelineFromConfig(config).fit(ds.frame, ds.labels!);
    const b = pipelineFromConfig(config).fit(ds.frame, ds.labels!);
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
  });

  it('does not mutate its input frame', () => {
    const before = ds.frame.columns.map((c) => (c.kind === 'numeric' ? Array.from(c.values) : Array.from(c.codes)));
    const p = pipelineFromConfig(getPreset('logistic').build(ds.schema, 1)).fit(ds.frame, ds.labels!);
    p.predictProba(ds.frame);
    const after = ds.frame.columns.map((c) => (c.kind === 'numeric' ? Array.from(c.values) : Array.from(c.codes)));
    expect(after).toEqual(before);
  });

  it('scores unseen categories and missing values, reporting them instead of failing', () => {
    const p = pipelineFromConfig(getPreset('logistic').build(ds.schema, 1)).fit(ds.frame, ds.labels!);
    const text =
      'ID,Gender,Ever_Married,Age,Graduated,Profession,Work_Experience,Spending_Score,Family_Size,Var_1\n' +
      '1,Male,Yes,40,Yes,Astronaut,,Low,,Cat_9\n2,Female,,30,,,,Average,,\n';
    const rows = parseCsvText(text, { schema: ds.schema });
    const unseen: { variable: string; value: string; row: number }[] = [];
    const proba = p.predictProba(rows.frame, { unseen: { add: (variable, value, row) => unseen.push({ variable, value, row }) } });
    expect(proba.every((x) => Number.isFinite(x))).toBe(true);
    expect(unseen).toEqual([
      { variable: 'Profession', value: 'Astronaut', row: 0 },
      { variable: 'Var_1', value: 'Cat_9', row: 0 },
    ]);
  });

  it('fills a NaN left by an encoder with the training mean and says so', () => {
    const frame = new Frame([categoricalFromValues('c', ['a', 'b', 'a', 'b', 'a', 'b']), numericColumn('x', Float64Array.of(1, 2, 3, 4, 5, 6))]);
    const y = { codes: Int32Array.of(0, 1, 0, 1, 0, 1), classes: ['n', 'y'] };
    const p = pipelineFromConfig(
      validateConfig({
        steps: [{ type: 'OrdinalEncoder', params: { encodingMethod: 'arbitrary', variables: ['c'] } }],
        estimator: { type: 'LogisticRegression', params: {} },
      }),
    ).fit(frame, y);
    const warnings: { row: number; variable: string; message: string }[] = [];
    const test = new Frame([categoricalFromValues('c', ['zzz']), numericColumn('x', Float64Array.of(3))]);
    const proba = p.predictProba(test, { warnings, unseen: { add() {} } });
    expect(proba.every(Number.isFinite)).toBe(true);
    expect(warnings).toEqual([{ row: 0, variable: 'c', message: 'missing value of c filled with the training mean' }]);
  });

  it('explains a categorical column left without an encoder, and NaN left without an imputer', () => {
    const frame = new Frame([categoricalFromValues('c', ['a', 'b', 'a', 'b']), numericColumn('x', Float64Array.of(1, NaN, 3, 4))]);
    const y = { codes: Int32Array.of(0, 1, 0, 1), classes: ['n', 'y'] };
    const noEncoder = pipelineFromConfig({ steps: [], estimator: { type: 'LogisticRegression', params: {} } });
    expect(() => noEncoder.fit(frame, y)).toThrow('column c is still categorical after preprocessing: add an encoder for it to the pipeline');
    const noImputer = pipelineFromConfig({
      steps: [{ type: 'OneHotEncoder', params: { variables: ['c'] } }],
      estimator: { type: 'LogisticRegression', params: {} },
    });
    expect(() => noImputer.fit(frame, y)).toThrow('feature x still has 1 missing values after preprocessing: add an imputer for it to the pipeline');
  });

  it('refuses pipeline JSON that names unknown types or has a malformed state', () => {
    const p = pipelineFromConfig(getPreset('logistic').build(ds.schema, 1)).fit(ds.frame, ds.labels!);
    const json = JSON.parse(JSON.stringify(p.toJSON()));
    expect(() => Pipeline.fromJSON({ ...json, steps: [{ type: 'constructor', params: {} }] })).toThrow(/unknown transformer type "constructor"/);
    expect(() => Pipeline.fromJSON({ ...json, steps: [{ type: '__proto__', params: {} }] })).toThrow(/unknown transformer type/);
    expect(() => Pipeline.fromJSON({ ...json, state: { feature_names: ['a'], fill_values: [] } })).toThrow(/fill_values/);
    expect(() => Pipeline.fromJSON('x')).toThrow(/expected an object/);
  });

  it('property: a JSON round trip keeps predictions identical for any seed and data', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(...presetNames()), (seed, preset) => {
        const d = synthDataset(150, seed);
        const p = pipelineFromConfig(getPreset(preset).build(d.schema, seed)).fit(d.frame, d.labels!);
        expect(roundTrip(p).predictProba(d.frame)).toEqual(p.predictProba(d.frame));
      }),
      { numRuns: 15 },
    );
  });

  it('property: shuffling the training rows does not change the fit beyond solver tolerance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        const d = synthDataset(400, seed);
        const config = getPreset('logistic').build(d.schema, 0);
        const tight = { ...config, estimator: { type: 'LogisticRegression', params: { tol: 1e-10, maxIter: 5000 } } };
        const perm = new Rng(seed).permutation(d.frame.nRows);
        const a = pipelineFromConfig(tight).fit(d.frame, d.labels!);
        const shuffledLabels = { codes: Int32Array.from(perm, (i) => d.labels!.codes[i]), classes: d.labels!.classes };
        const b = pipelineFromConfig(tight).fit(d.frame.take(perm), shuffledLabels);
        const pa = a.predictProba(d.frame);
        const pb = b.predictProba(d.frame);
        // sklearn 1.2 stops L-BFGS on a relative decrease of 1e7·eps, so row order moves the stopping point a little.
        for (let i = 0; i < pa.length; i++) expect(Math.abs(pa[i] - pb[i])).toBeLessThan(1e-3);
      }),
      { numRuns: 8 },
    );
  });
});
