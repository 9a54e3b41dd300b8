import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../preprocessing/index.js';
import '../linear/index.js';
import { parseCsvText } from '../data/csv.js';
import { accumulateCsvFile, profileCsvFile } from '../eda/read.js';
import { getPreset } from '../pipeline/presets.js';
import { synthCsvChunks } from '../synth/index.js';
import { profileTrainingData, trainModel } from '../train.js';
import { parseModel, serializeModel } from './document.js';
import { driftAgainstProfile, numericDriftCuts, profileWithTrainingDrift, validateTrainingProfile } from './training-profile.js';

const dir = mkdtempSync(join(tmpdir(), 'custseg-training-profile-'));
const synth = (rows: number, seed: number, withTarget = true) => [...synthCsvChunks({ rows, seed, withTarget })].join('');
const ds = parseCsvText(synth(1000, 5), { requireTarget: true, label: 'synth.csv' });

function train(extra: { profile?: ReturnType<typeof profileTrainingData> } = {}) {
  return trainModel({ dataset: ds, dataFile: '/x/synth.csv', config: getPreset('logistic').build(ds.schema, 1), preset: 'logistic', seed: 1, testSize: 0, ...extra });
}

describe('training profile in the model document', () => {
  it('is the profile custseg eda computes of the training file (target included), stored last in metadata', async () => {
    const model = train().model;
    const p = model.metadata.training_profile!;
    expect(p.format).toBe('custseg-data-profile');
    expect(p.source).toBe('synth.csv');
    expect(p.overview.rows).toBe(1000);
    expect(p.target!.name).toBe('Segmentation');
    expect(p.columns.map((c) => c.name)).toEqual(['ID', 'Gender', 'Ever_Married', 'Age', 'Graduated', 'Profession', 'Work_Experience', 'Spending_Score', 'Family_Size', 'Var_1', 'Segmentation']);
    expect(Object.keys(model.metadata).at(-1)).toBe('training_profile');
    // the same figures as `custseg eda` on the same file
    const path = join(dir, 'synth.csv');
    writeFileSync(path, synth(1000, 5));
    const eda = await profileCsvFile(path, { label: 'synth.csv' });
    expect(p.overview).toEqual(eda.overview);
    expect(p.target).toEqual(eda.target);
    for (const c of eda.columns) expect(p.columns.find((x) => x.name === c.name)).toEqual(c);
  });

  it('keeps the model byte-identical for the same data, config and seed, and takes a profile passed in', () => {
    expect(serializeModel(train().model)).toBe(serializeModel(train().model));
    const given = profileTrainingData(ds, 'synth.csv');
    expect(serializeModel(train({ profile: given }).model)).toBe(serializeModel(train().model));
  });

  it('loads back, and a model without one (older files) still loads', () => {
    const doc = JSON.parse(serializeModel(train().model));
    expect(parseModel(JSON.stringify(doc)).document.metadata.training_profile).toEqual(doc.metadata.training_profile);
    delete doc.metadata.training_profile;
    expect(parseModel(JSON.stringify(doc)).document.metadata.training_profile).toBeUndefined();
  });

  it('refuses a malformed training profile', () => {
    const doc = JSON.parse(serializeModel(train().model));
    const withProfile = (p: unknown) => JSON.stringify({ ...doc, metadata: { ...doc.metadata, training_profile: p } });
    const p = doc.metadata.training_profile;
    expect(() => parseModel(withProfile('x'), 'm.json')).toThrow('m.json: invalid training_profile: expected an object');
    expect(() => parseModel(withProfile({ ...p, format: 'other' }), 'm.json')).toThrow('m.json: invalid training_profile: format is "other", expected "custseg-data-profile"');
    expect(() => parseModel(withProfile({ ...p, format_version: 2 }), 'm.json')).toThrow(/format version 2 is not supported/);
    expect(() => parseModel(withProfile({ ...p, columns: [{ ...p.columns[3], type: 'text' }] }), 'm.json')).toThrow('m.json: invalid training_profile: column Age has an unknown type');
    const age = p.columns[3];
    expect(() => parseModel(withProfile({ ...p, columns: [{ ...age, numeric: { ...age.numeric, histogram: [{ lo: 'a' }] } }] }), 'm.json')).toThrow(/column Age has a malformed histogram/);
    expect(() => parseModel(withProfile({ ...p, warnings: [1] }), 'm.json')).toThrow(/warnings must be strings/);
    expect(() => validateTrainingProfile(p, 'm.json')).not.toThrow();
  });

  it('adds little to a model: a few kilobytes for 1,000 customers', () => {
    const bytes = JSON.stringify(train().model.metadata.training_profile).length;
    expect(bytes).toBeLessThan(20_000);
  });
});

describe('drift against a training profile', () => {
  it('numeric cut points: histogram edges merged into bins of ≥ 10% of the training values', () => {
    const hist = Array.from({ length: 20 }, (_, i) => ({ lo: i, hi: i + 1, count: i < 10 ? 10 : 1 }));
    const { cuts, counts } = numericDriftCuts(hist);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(110);
    expect(counts.slice(0, -1).every((c) => c >= 11)).toBe(true);
    expect(cuts).toHaveLength(counts.length - 1);
    expect(cuts).toEqual([2, 4, 6, 8, 10]);
    expect(counts).toEqual([20, 20, 20, 20, 20, 10]);
    expect(numericDriftCuts([{ lo: 4.5, hi: 5.5, count: 7 }])).toEqual({ cuts: [], counts: [7] });
  });

  it('is about zero for data like the training data and large for shifted data, flagged at 0.1 and 0.25', async () => {
    const training = profileTrainingData(ds, 'synth.csv');
    const same = join(dir, 'same.csv');
    writeFileSync(same, synth(1000, 5, false));
    const d0 = driftAgainstProfile(training, await accumulateCsvFile(same));
    expect(d0.features.map((f) => f.feature)).toEqual(['Gender', 'Ever_Married', 'Age', 'Graduated', 'Profession', 'Work_Experience', 'Spending_Score', 'Family_Size', 'Var_1']);
    for (const f of d0.features) {
      expect(f.psi).toBeCloseTo(0, 9);
      expect(f.flag).toBe('stable');
    }
    expect([d0.reference, d0.current, d0.reference_rows, d0.current_rows]).toEqual(['synth.csv', 'same.csv', 1000, 1000]);

    const shifted = join(dir, 'shifted.csv');
    const rows = synth(500, 9, false).trim().split('\n');
    const header = rows[0].split(',');
    const age = header.indexOf('Age');
    const gender = header.indexOf('Gender');
    const out = [rows[0], ...rows.slice(1).map((l) => l.split(',').map((v, j) => (j === age && v ? String(Number(v) + 30) : j === gender ? 'Male' : v)).join(','))];
    writeFileSync(shifted, `${out.join('\n')}\n`);
    const p = profileWithTrainingDrift(await accumulateCsvFile(shifted), training, { reference: 'training data' });
    const f = (n: string) => p.drift!.features.find((x) => x.feature === n)!;
    expect(f('Age').flag).toBe('major');
    expect(f('Gender').flag).toBe('major');
    expect(f('Spending_Score').flag).toBe('stable');
    expect(p.drift!.reference).toBe('training data');
    expect(p.warnings.some((w) => w.startsWith('Age has shifted a lot between training data and shifted.csv'))).toBe(true);
    // bins: the training counts are the histogram's, the current ones the upload's (all rows counted)
    expect(f('Age').bins.reduce((s, b) => s + b.reference, 0)).toBe(1000);
    expect(f('Age').bins.reduce((s, b) => s + b.current, 0)).toBe(500);
    expect(f('Gender').bins.map((b) => b.label)).toEqual(training.columns.find((c) => c.name === 'Gender')!.categorical!.frequencies.map((x) => x.value));
  });
});
