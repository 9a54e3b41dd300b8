import { describe, expect, it } from 'vitest';
import type { Signature } from '@custseg/ml';
import { ErrorList } from '../errors/details.js';
import { compileJsonRowReader } from './json-row-reader.js';
import { buildLayout } from './layout.js';
import { RowBatch } from './row-batch.js';

const signature: Signature = {
  schema: 'test',
  id: 'ID',
  target: 'Segmentation',
  classes: ['A', 'B'],
  features: [
    { name: 'Gender', type: 'categorical', optional: false, categories: ['Male', 'Female'] },
    { name: 'Age', type: 'numeric', optional: false, min: 0, max: 120, training_min: 18, training_max: 89 },
    { name: 'Profession', type: 'categorical', optional: true, categories: ['Artist', 'Doctor'] },
    { name: 'Family_Size', type: 'numeric', optional: true, min: 1, max: 50 },
  ],
};
const layout = buildLayout(signature);

function read(row: unknown, opts: { unknownFields?: 'reject' | 'ignore'; lax?: boolean } = {}) {
  const reader = compileJsonRowReader(layout, { unknownFields: opts.unknownFields ?? 'reject', lax: opts.lax });
  const batch = new RowBatch(layout, 1);
  const errors = new ErrorList();
  const ok = reader(row, 3, batch, errors);
  return { ok, batch, errors: errors.details };
}

describe('compileJsonRowReader', () => {
  it('stores a valid row column-wise, with its id and no warning', () => {
    const { ok, batch, errors } = read({ ID: 7, Gender: 'Female', Age: 36, Profession: 'Doctor', Family_Size: 2 });
    expect(errors).toEqual([]);
    expect(ok).toBe(true);
    expect(batch.n).toBe(1);
    expect(batch.id(0)).toBe(7);
    expect(batch.categoryAt(0, 0)).toBe('Female');
    expect(batch.numberAt(1, 0)).toBe(36);
    expect(batch.categoryAt(2, 0)).toBe('Doctor');
    expect(batch.warnings(0)).toBeUndefined();
  });

  it('imputes absent or null optional fields and treats an empty category as missing', () => {
    const { ok, batch } = read({ Gender: 'Male', Age: 40, Profession: '', Family_Size: null });
    expect(ok).toBe(true);
    expect(batch.categoryAt(2, 0)).toBeNull();
    expect(Number.isNaN(batch.numberAt(3, 0))).toBe(true);
    expect(batch.id(0)).toBeNull();
  });

  it('names every problem of the row: type, range, required, unknown field', () => {
    const { ok, batch, errors } = read({ Gender: 3, Age: 150, Family_Size: '2', Foo: 1 });
    expect(ok).toBe(false);
    expect(batch.n).toBe(0);
    expect(errors).toEqual([
      { field: 'Gender', row: 3, message: 'expected a string (one of Male, Female), got 3' },
      { field: 'Age', row: 3, message: 'expected a number between 0 and 120, got 150' },
      { field: 'Family_Size', row: 3, message: 'expected a number, got "2"' },
      { field: 'Foo', row: 3, message: 'unknown field (see GET /v1/model for the fields this model takes)' },
    ]);
    expect(read({ Age: 30 }).errors).toEqual([{ field: 'Gender', row: 3, message: 'required field is missing' }]);
    expect(read({ Gender: 'Male', Age: null }).errors).toEqual([{ field: 'Age', row: 3, message: 'required field is missing' }]);
  });

  it('refuses anything but an object', () => {
    for (const v of [null, 1, 'x', [], true]) {
      const { ok, errors } = read(v);
      expect(ok).toBe(false);
      expect(errors[0]).toMatchObject({ field: null, row: 3 });
    }
  });

  it('ignores unknown fields and the target when told to', () => {
    expect(read({ Gender: 'Male', Age: 30, Foo: 1, Segmentation: 'A' }, { unknownFields: 'ignore' }).ok).toBe(true);
    expect(read({ Gender: 'Male', Age: 30, Segmentation: 'A' }).ok).toBe(true);
  });

  it('scores unseen categories (with a code past the known ones) and warns outside the training range', () => {
    const { ok, batch } = read({ Gender: 'Other', Age: 95 });
    expect(ok).toBe(true);
    expect(batch.categoryAt(0, 0)).toBe('Other');
    expect(batch.toFrame().categorical('Gender').categories).toEqual(['Male', 'Female', 'Other']);
    expect(batch.warnings(0)).toEqual(['Age: 95 is outside the training range 18–89']);
  });

  it('treats __proto__ and constructor keys as plain unknown fields', () => {
    const row = JSON.parse('{"Gender":"Male","Age":30,"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}');
    const { errors } = read(row);
    expect(errors.map((e) => e.field)).toEqual(['__proto__', 'constructor']);
    expect(read(row, { unknownFields: 'ignore' }).ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('coerces numeric strings and numeric categories in lax mode (the reference service)', () => {
    const { ok, batch } = read({ Gender: 'Male', Age: ' 36 ', Family_Size: '', Profession: 5 }, { lax: true });
    expect(ok).toBe(true);
    expect(batch.numberAt(1, 0)).toBe(36);
    expect(Number.isNaN(batch.numberAt(3, 0))).toBe(true);
    expect(batch.categoryAt(2, 0)).toBe('5');
    expect(read({ Gender: 'Male', Age: 'abc' }, { lax: true }).errors[0].message).toBe('expected a number, got "abc"');
  });
});
