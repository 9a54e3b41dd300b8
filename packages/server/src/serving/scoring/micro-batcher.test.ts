import { describe, expect, it } from 'vitest';
import { MISSING_CODE, type CategoricalColumn, type NumericColumn, type Signature } from '@custseg/ml';
import { ErrorList } from '../errors/details.js';
import { compileJsonRowReader } from './json-row-reader.js';
import { buildLayout } from './layout.js';
import { MicroBatcher } from './micro-batcher.js';
import { RowBatch } from './row-batch.js';
import type { ScoredBatch } from './score.js';

const signature: Signature = {
  schema: 'test',
  id: 'ID',
  target: 'Segmentation',
  classes: ['A', 'B'],
  features: [
    { name: 'Gender', type: 'categorical', optional: false, categories: ['Male', 'Female'] },
    { name: 'Age', type: 'numeric', optional: false, min: 0, max: 120 },
    { name: 'Family_Size', type: 'numeric', optional: true, min: 1, max: 50 },
  ],
};
const layout = buildLayout(signature);
const read = compileJsonRowReader(layout, { unknownFields: 'reject' });

const row = (i: number) => ({ ID: i, Gender: i % 3 === 0 ? 'Male' : i % 3 === 1 ? 'Female' : 'Other', Age: 20 + (i % 90), ...(i % 4 === 0 ? {} : { Family_Size: 1 + (i % 5) }) });

/** A stand-in for a model: P(A) = Age / 1000, recording each call's batch size. */
function fakeScorer(calls: number[]) {
  return (batch: RowBatch): ScoredBatch => {
    calls.push(batch.n);
    const age = batch.toFrame().columns[1] as NumericColumn;
    const proba = new Float64Array(batch.n * 2);
    for (let i = 0; i < batch.n; i++) [proba[2 * i], proba[2 * i + 1]] = [age.values[i] / 1000, 1 - age.values[i] / 1000];
    return { batch, proba, pred: new Int32Array(batch.n).fill(1), rowErrors: null };
  };
}

describe('RowBatch', () => {
  it('grows past its initial capacity and hands every committed row to the frame, small batches too', () => {
    for (const n of [1, 3, 8, 9, 33, 200]) {
      const batch = new RowBatch(layout);
      const errors = new ErrorList();
      for (let i = 0; i < n; i++) expect(read(row(i), i, batch, errors)).toBe(true);
      expect(batch.n).toBe(n);
      const frame = batch.toFrame();
      expect(frame.nRows).toBe(n);
      const [gender, age, size] = frame.columns as [CategoricalColumn, NumericColumn, NumericColumn];
      expect(gender.codes).toHaveLength(n);
      expect(Array.from(age.values)).toEqual(Array.from({ length: n }, (_, i) => 20 + (i % 90)));
      expect(Array.from(size.values).map((x) => (Number.isNaN(x) ? null : x))).toEqual(Array.from({ length: n }, (_, i) => (i % 4 === 0 ? null : 1 + (i % 5))));
      // an unknown category gets a code past the model's own, listed in the frame's categories
      expect(gender.categories).toEqual(n > 2 ? ['Male', 'Female', 'Other'] : ['Male', 'Female']);
      for (let i = 0; i < n; i++) {
        expect(gender.codes[i]).not.toBe(MISSING_CODE);
        expect(batch.categoryAt(0, i)).toBe(row(i).Gender);
        expect(batch.id(i)).toBe(i);
      }
      const last = batch.rowFrame(n - 1).columns[1] as NumericColumn;
      expect(Array.from(last.values)).toEqual([20 + ((n - 1) % 90)]);
    }
  });
});

describe('MicroBatcher', () => {
  it('scores the rows committed before the check phase in one call, each caller told its batch', async () => {
    const calls: number[] = [];
    const batcher = new MicroBatcher(() => new RowBatch(layout), fakeScorer(calls));
    const answers: [number, number][] = [];
    for (let i = 0; i < 5; i++) {
      const batch = batcher.batch();
      read(row(i), 0, batch, new ErrorList());
      const mine = batch.n - 1;
      batcher.whenScored((err, scored) => {
        expect(err).toBeNull();
        answers.push([scored!.batch.id(mine) as number, scored!.proba[2 * mine]]);
      });
    }
    const viaPromise = batcher.batch();
    read(row(5), 0, viaPromise, new ErrorList());
    const scored = await batcher.result();
    expect(calls).toEqual([6]);
    expect(scored.batch).toBe(viaPromise);
    expect(answers).toEqual(Array.from({ length: 5 }, (_, i) => [i, (20 + i) / 1000]));
    // the next turn opens a new batch
    read(row(9), 0, batcher.batch(), new ErrorList());
    expect((await batcher.result()).batch.n).toBe(1);
    expect(calls).toEqual([6, 1]);
  });

  it('flushes at once when a batch is full', () => {
    const calls: number[] = [];
    const batcher = new MicroBatcher(() => new RowBatch(layout), fakeScorer(calls), 4);
    let done = 0;
    for (let i = 0; i < 4; i++) {
      read(row(i), 0, batcher.batch(), new ErrorList());
      batcher.whenScored(() => done++);
    }
    expect(calls).toEqual([4]);
    expect(done).toBe(4);
  });

  it('fails every caller of a batch whose scoring throws', async () => {
    const batcher = new MicroBatcher(
      () => new RowBatch(layout),
      () => {
        throw new Error('model broke');
      },
    );
    const errors: unknown[] = [];
    read(row(1), 0, batcher.batch(), new ErrorList());
    batcher.whenScored((err, scored) => errors.push([err, scored]));
    read(row(2), 0, batcher.batch(), new ErrorList());
    await expect(batcher.result()).rejects.toThrow('model broke');
    expect(errors).toEqual([[new Error('model broke'), null]]);
  });
});
