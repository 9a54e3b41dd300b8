import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../preprocessing/index.js';
import '../linear/index.js';
import { parseCsvText } from '../data/csv.js';
import { synthCsvChunks } from '../synth/index.js';
import { getPreset } from '../pipeline/presets.js';
import { trainModel } from '../train.js';
import { loadModel, MODEL_FORMAT_VERSION, parseModel, saveModel, serializeModel } from './document.js';

const ds = parseCsvText([...synthCsvChunks({ rows: 1000, seed: 5 })].join(''), { requireTarget: true, label: 'synth.csv' });

function train(seed = 1) {
  return trainModel({ dataset: ds, dataFile: '/some/where/synth.csv', config: getPreset('logistic').build(ds.schema, seed), preset: 'logistic', seed, testSize: 0.2 });
}

describe('model document', () => {
  it('is byte-identical for the same data, config and seed', () => {
    expect(serializeModel(train().model)).toBe(serializeModel(train().model));
  });

  it('holds the signature, classes, metadata and held-out metrics', () => {
    const { model, heldOut, testRows, trainRows } = train();
    expect(testRows).toBe(200);
    expect(trainRows).toBe(800);
    expect(model.format).toBe('custseg-model');
    expect(model.format_version).toBe(MODEL_FORMAT_VERSION);
    expect(model.signature.classes).toEqual(['A', 'B', 'C', 'D']);
    expect(model.signature.id).toBe('ID');
    expect(model.signature.features.map((f) => f.name)).toEqual(['Gender', 'Ever_Married', 'Age', 'Graduated', 'Profession', 'Work_Experience', 'Spending_Score', 'Family_Size', 'Var_1']);
    const prof = model.signature.features.find((f) => f.name === 'Profession')!;
    expect(prof.categories).toContain('Engineer');
    expect(prof.optional).toBe(true);
    const age = model.signature.features.find((f) => f.name === 'Age')!;
    expect(age).toMatchObject({ type: 'numeric', min: 0, max: 120, optional: false });
    expect(model.metadata.training_data).toMatchObject({ file: 'synth.csv', sha256: ds.sha256, rows: 1000 });
    expect(model.metadata.seed).toBe(1);
    expect(model.metadata.held_out).toMatchObject({ accuracy: heldOut!.accuracy, test_rows: 200 });
  });

  it('saves atomically and loads to the same predictions', async () => {
    const { model, pipeline } = train();
    const dir = mkdtempSync(join(tmpdir(), 'custseg-model-'));
    const path = join(dir, 'm.json');
    await saveModel(path, model);
    expect(readdirSync(dir)).toEqual(['m.json']); // no temp file left behind
    expect(readFileSync(path, 'utf8')).toBe(serializeModel(model));
    const loaded = await loadModel(path);
    expect(loaded.pipeline.predictProba(ds.frame)).toEqual(pipeline.predictProba(ds.frame));
  });

  it('refuses what is not a model, a future format version, and tampered components', () => {
    const text = serializeModel(train().model);
    expect(() => parseModel('{', 'm.json')).toThrow('m.json: not a JSON document (expected a custseg model file)');
    expect(() => parseModel('[]', 'm.json')).toThrow('m.json: expected a JSON object');
    expect(() => parseModel('{"format":"pickle"}', 'm.json')).toThrow('m.json: not a custseg model (format is "pickle", expected "custseg-model")');
    const doc = JSON.parse(text);
    expect(() => parseModel(JSON.stringify({ ...doc, format_version: 99 }), 'm.json')).toThrow('m.json: model format version 99 is not supported (this custseg reads version 1)');
    const evil = { ...doc, pipeline: { ...doc.pipeline, estimator: { type: 'Function', params: { body: 'process.exit(9)' } } } };
    expect(() => parseModel(JSON.stringify(evil), 'm.json')).toThrow(/unknown classifier type "Function"/);
    const badSig = { ...doc, signature: { ...doc.signature, classes: ['A'] } };
    expect(() => parseModel(JSON.stringify(badSig), 'm.json')).toThrow(/invalid signature: classes/);
  });

  it('names a missing model file', async () => {
    await expect(loadModel('/no/such/model.json')).rejects.toThrow('model.json: no such model file');
  });

  it('skips evaluation with testSize 0', () => {
    const r = trainModel({ dataset: ds, dataFile: 'synth.csv', config: getPreset('logistic').build(ds.schema, 1), preset: 'logistic', seed: 1, testSize: 0 });
    expect(r.heldOut).toBeNull();
    expect(r.model.metadata.held_out).toBeUndefined();
  });
});
