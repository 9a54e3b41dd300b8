import { describe, expect, it } from 'vitest';
import '../preprocessing/index.js';
import '../linear/index.js';
import { UserError } from '../core/errors.js';
import { argmaxRows, type Labels } from '../core/types.js';
import { parseCsvText } from '../data/csv.js';
import { categoricalColumn, Frame, numericColumn } from '../data/frame.js';
import { accuracyScore } from '../metrics/accuracy.js';
import { npMean, npStd } from '../metrics/numeric.js';
import { pipelineFromConfig } from '../pipeline/config.js';
import { getPreset } from '../pipeline/presets.js';
import { Rng } from '../random/rng.js';
import { synthCsvChunks } from '../synth/index.js';
import { permutationImportance, type ProbabilisticModel } from './permutation-importance.js';

/** y depends on x (strongly) and on colour (a little); noise and shape are unrelated to it. */
function toyData(n: number, seed: number): { frame: Frame; labels: Labels } {
  const rng = new Rng(seed);
  const x = new Float64Array(n);
  const noise = new Float64Array(n);
  const colour = new Int32Array(n);
  const shape = new Int32Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.nextNormal();
    noise[i] = rng.nextNormal();
    colour[i] = rng.nextInt(3);
    shape[i] = rng.nextFloat() < 0.1 ? -1 : rng.nextInt(4);
    y[i] = x[i] + 0.4 * (colour[i] - 1) + 0.3 * rng.nextNormal() > 0 ? 1 : 0;
  }
  const frame = new Frame([
    numericColumn('x', x),
    categoricalColumn('colour', colour, ['red', 'green', 'blue']),
    numericColumn('noise', noise),
    categoricalColumn('shape', shape, ['a', 'b', 'c', 'd']),
  ]);
  return { frame, labels: { codes: y, classes: ['no', 'yes'] } };
}

const toy = toyData(1500, 1);
const toyModel = pipelineFromConfig({
  steps: [
    { type: 'CategoricalImputer', params: { variables: ['shape'] } },
    { type: 'OneHotEncoder', params: { variables: ['colour', 'shape'] } },
  ],
  estimator: { type: 'LogisticRegression', params: {} },
}).fit(toy.frame, toy.labels);

describe('permutationImportance', () => {
  const result = permutationImportance(toyModel, toy.frame, toy.labels, { nRepeats: 8, seed: 3 });
  const of = (name: string) => result.importancesMean[result.columns.indexOf(name)];

  it('gives a decisive feature a large importance and unrelated ones about zero', () => {
    expect(result.columns).toEqual(['x', 'colour', 'noise', 'shape']);
    expect(of('x')).toBeGreaterThan(0.3);
    expect(of('colour')).toBeGreaterThan(0.02);
    expect(of('colour')).toBeLessThan(of('x'));
    expect(Math.abs(of('noise'))).toBeLessThan(0.01);
    expect(Math.abs(of('shape'))).toBeLessThan(0.01);
  });

  it('is baseline minus permuted score per repeat, with np.mean / np.std summaries', () => {
    const proba = toyModel.predictProba(toy.frame);
    expect(result.baselineScore).toBe(accuracyScore(toy.labels.codes, argmaxRows(proba, toy.frame.nRows, 2)));
    expect(result.importances.map((r) => r.length)).toEqual([8, 8, 8, 8]);
    result.importances.forEach((row, j) => {
      expect(result.importancesMean[j]).toBe(npMean(row));
      expect(result.importancesStd[j]).toBe(npStd(row));
    });
    expect(result.scoring).toBe('accuracy');
  });

  it('is deterministic per seed, and a column\'s figures do not depend on the other columns asked for', () => {
    expect(permutationImportance(toyModel, toy.frame, toy.labels, { nRepeats: 8, seed: 3 })).toEqual(result);
    expect(permutationImportance(toyModel, toy.frame, toy.labels, { nRepeats: 8, seed: 4 }).importances).not.toEqual(result.importances);
    const some = permutationImportance(toyModel, toy.frame, toy.labels, { nRepeats: 8, seed: 3, columns: ['noise', 'x'] });
    expect(some.columns).toEqual(['noise', 'x']);
    expect(some.importances).toEqual([result.importances[2], result.importances[0]]);
  });

  it('permutes values, never the frame it was given; categorical codes keep their categories', () => {
    const seen: Frame[] = [];
    const spy: ProbabilisticModel = {
      classes: ['no', 'yes'],
      predictProba: (f) => {
        seen.push(f);
        return toyModel.predictProba(f);
      },
    };
    const before = toy.frame.columns.map((c) => (c.kind === 'numeric' ? Array.from(c.values) : Array.from(c.codes)));
    permutationImportance(spy, toy.frame, toy.labels, { nRepeats: 2, columns: ['shape'] });
    expect(toy.frame.columns.map((c) => (c.kind === 'numeric' ? Array.from(c.values) : Array.from(c.codes)))).toEqual(before);
    expect(seen.length).toBe(3);
    const permutedShape = seen[1].categorical('shape');
    const original = toy.frame.categorical('shape');
    expect(permutedShape.categories).toBe(original.categories);
    expect(Array.from(permutedShape.codes).sort()).toEqual(Array.from(original.codes).sort());
    expect(Array.from(permutedShape.codes)).not.toEqual(Array.from(original.codes));
    expect(seen[1].numeric('x')).toBe(toy.frame.numeric('x'));
  });

  it('scores exactly zero for columns the model ignores', () => {
    const dummy = pipelineFromConfig({
      steps: [
        { type: 'CategoricalImputer', params: { variables: ['shape'] } },
        { type: 'OneHotEncoder', params: { variables: ['colour', 'shape'] } },
      ],
      estimator: { type: 'DummyClassifier', params: { strategy: 'prior' } },
    }).fit(toy.frame, toy.labels);
    const r = permutationImportance(dummy, toy.frame, toy.labels, { scoring: 'neg_log_loss' });
    expect(r.importancesMean).toEqual([0, 0, 0, 0]);
    expect(r.importancesStd).toEqual([0, 0, 0, 0]);
    expect(r.scoring).toBe('neg_log_loss');
  });

  it('maps labels onto the model\'s classes by name', () => {
    const flipped: Labels = { codes: Int32Array.from(toy.labels.codes, (c) => 1 - c), classes: ['yes', 'no'] };
    const r = permutationImportance(toyModel, toy.frame, flipped, { nRepeats: 8, seed: 3 });
    expect(r).toEqual(result);
    expect(() => permutationImportance(toyModel, toy.frame, { codes: toy.labels.codes, classes: ['no', 'maybe'] })).toThrow(/"maybe" is not a class of the model/);
  });

  it('refuses bad options with a UserError', () => {
    const bad: [object, RegExp][] = [
      [{ nRepeats: 0 }, /nRepeats must be a positive integer/],
      [{ seed: 1.5 }, /seed must be an integer/],
      [{ columns: ['x', 'height'] }, /no column "height"; columns are x, colour, noise, shape/],
      [{ columns: ['x', 'x'] }, /"x" is listed twice/],
      [{ columns: [] }, /no columns/],
      [{ scoring: 'auc' }, /unknown scoring "auc"/],
    ];
    for (const [opts, msg] of bad) {
      expect(() => permutationImportance(toyModel, toy.frame, toy.labels, opts), msg.source).toThrow(UserError);
      expect(() => permutationImportance(toyModel, toy.frame, toy.labels, opts), msg.source).toThrow(msg);
    }
    expect(() => permutationImportance(toyModel, toy.frame, { codes: new Int32Array(3), classes: ['no', 'yes'] })).toThrow(/3 labels for 1500 rows/);
  });

  it('ranks the synthetic customers\' features through the whole logistic preset', () => {
    const ds = parseCsvText([...synthCsvChunks({ rows: 1500, seed: 5 })].join(''), { requireTarget: true });
    const model = pipelineFromConfig(getPreset('logistic').build(ds.schema, 0)).fit(ds.frame, ds.labels!);
    const r = permutationImportance(model, ds.frame, ds.labels!, { nRepeats: 3, seed: 1 });
    expect(r.columns).toEqual(ds.frame.names);
    expect(r.importancesMean.every(Number.isFinite)).toBe(true);
    expect(Math.max(...r.importancesMean)).toBeGreaterThan(0.01);
  });
});
