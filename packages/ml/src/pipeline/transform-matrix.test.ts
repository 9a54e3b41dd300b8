import { describe, expect, it } from 'vitest';
import '../preprocessing/index.js';
import '../linear/index.js';
import { ModelFormatError } from '../core/errors.js';
import { parseCsvText } from '../data/csv.js';
import { synthCsvChunks } from '../synth/index.js';
import { pipelineFromConfig } from './config.js';
import { frameToMatrix, Pipeline } from './pipeline.js';
import { getPreset } from './presets.js';

const ds = parseCsvText([...synthCsvChunks({ rows: 900, seed: 5 })].join(''), { requireTarget: true, label: 'synth.csv' });

/**
 * Pipeline.transform builds the estimator's matrix straight from the last frame (no selected frame in
 * between). It must equal the old route, frameToMatrix(frame.select(features)), bit for bit.
 */
describe('Pipeline.transform matrix', () => {
  it.each(['logistic', 'best'])('%s: equals frameToMatrix(select(features)) for the batch and for single rows', (name) => {
    const p = pipelineFromConfig(getPreset(name).build(ds.schema, 0)).fit(ds.frame, ds.labels!);
    for (const frame of [ds.frame, ds.frame.take([0]), ds.frame.take([17]), ds.frame.take([5, 3])]) {
      let f = frame;
      for (const step of p.steps) f = step.transform(f);
      const old = frameToMatrix(f.select(p.features));
      const X = p.transform(frame);
      expect(X.columnNames).toEqual(old.columnNames);
      expect(X.nRows).toBe(old.nRows);
      // Neither preset leaves NaN for the pipeline to fill, so the data are the same bits.
      expect(Buffer.from(X.data.buffer).equals(Buffer.from(old.data.buffer))).toBe(true);
    }
  });

  it('refuses a model whose feature_names lists a column twice', () => {
    const p = pipelineFromConfig(getPreset('logistic').build(ds.schema, 0)).fit(ds.frame, ds.labels!);
    const json = JSON.parse(JSON.stringify(p.toJSON()));
    json.state.feature_names[1] = json.state.feature_names[0];
    expect(() => Pipeline.fromJSON(json)).toThrow(ModelFormatError);
    expect(() => Pipeline.fromJSON(json)).toThrow(/feature_names lists .* twice/);
  });

  it('names a feature that is missing or still categorical', () => {
    const p = pipelineFromConfig(getPreset('best').build(ds.schema, 0)).fit(ds.frame, ds.labels!);
    expect(() => p.transform(ds.frame.drop(['Age']))).toThrow(/Age/);
  });
});
