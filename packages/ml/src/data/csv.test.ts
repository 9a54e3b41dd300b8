import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { categoryAt } from './frame.js';
import { parseCsvText, readCsvBatches, readCsvFile } from './csv.js';
import { CUSTOMER_SEGMENTATION_SCHEMA } from './schema.js';
import { realDataFile } from '../test-support/data.js';

const HEADER = 'ID,Gender,Ever_Married,Age,Graduated,Profession,Work_Experience,Spending_Score,Family_Size,Var_1,Segmentation';
const ROW = '1,Male,Yes,36,Yes,Engineer,0,Low,1,Cat_6,A';

function tmpFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'custseg-csv-'));
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('parseCsvText', () => {
  it('recognises the built-in schema and builds typed columns', () => {
    const ds = parseCsvText(`${HEADER}\n${ROW}\n2,Female,,40,No,,1.0,High,NaN,null,B\n`, { requireTarget: true });
    expect(ds.schema.name).toBe('customer-segmentation');
    expect(ds.frame.names).toEqual(['Gender', 'Ever_Married', 'Age', 'Graduated', 'Profession', 'Work_Experience', 'Spending_Score', 'Family_Size', 'Var_1']);
    expect(ds.ids).toEqual(['1', '2']);
    expect(ds.labels!.classes).toEqual(['A', 'B']);
    expect([...ds.labels!.codes]).toEqual([0, 1]);
    expect([...ds.frame.numeric('Age').values]).toEqual([36, 40]);
  });

  it('names file, line, column and value of a bad number', () => {
    const msg = errorOf(() => parseCsvText(`${HEADER}\n${ROW}\n2,Male,Yes,abc,Yes,Engineer,0,Low,1,Cat_6,A\n`, { label: 'train.csv' }));
    expect(msg).toBe('train.csv line 3, column Age: expected a number, got "abc"');
    const range = errorOf(() => parseCsvText(`${HEADER}\n2,Male,Yes,150,Yes,Engineer,0,Low,1,Cat_6,A\n`, { label: 'train.csv' }));
    expect(range).toBe('train.csv line 2, column Age: expected a number between 0 and 120, got "150"');
  });

  it('rejects a missing value in a column that may not be missing', () => {
    const msg = errorOf(() => parseCsvText(`${HEADER}\n1,Male,Yes,,Yes,Engineer,0,Low,1,Cat_6,A\n`, { label: 'f.csv' }));
    expect(msg).toBe('f.csv line 2, column Age: expected a value, got an empty field');
  });

  it('reads empty, NA, NaN and null as missing in optional columns', () => {
    const ds = parseCsvText(`${HEADER}\n1,Male,,36,NA,NaN,null,Low,,Cat_6,A\n`);
    const f = ds.frame;
    expect(categoryAt(f.categorical('Ever_Married'), 0)).toBeNull();
    expect(categoryAt(f.categorical('Graduated'), 0)).toBeNull();
    expect(categoryAt(f.categorical('Profession'), 0)).toBeNull();
    expect(Number.isNaN(f.numeric('Work_Experience').values[0])).toBe(true);
    expect(Number.isNaN(f.numeric('Family_Size').values[0])).toBe(true);
  });

  it('lists every missing required column at once', () => {
    const msg = errorOf(() => parseCsvText('ID,Gender,Age,Segmentation\n1,Male,3,A\n', { label: 'x.csv', schema: CUSTOMER_SEGMENTATION_SCHEMA, requireTarget: true }));
    expect(msg).toBe(
      'x.csv: missing required columns Ever_Married, Graduated, Profession, Work_Experience, Spending_Score, Family_Size, Var_1 (header has ID, Gender, Age, Segmentation)',
    );
  });

  it('warns about and ignores unknown extra columns', () => {
    const ds = parseCsvText(`${HEADER},Extra\n${ROW},zzz\n`, { label: 'e.csv' });
    expect(ds.warnings).toEqual(['e.csv: ignoring unknown column Extra']);
    expect(ds.frame.has('Extra')).toBe(false);
  });

  it('handles RFC 4180 quoting, CRLF and a BOM', () => {
    const text = '\ufeffname,city,score\r\n"Smith, J","New\r\nYork",1.5\r\n"He said ""hi""",Paris,2\r\n';
    const ds = parseCsvText(text, { target: 'score' });
    expect(ds.frame.names).toEqual(['name', 'city']);
    expect(ds.frame.categorical('name').categories).toEqual(['Smith, J', 'He said "hi"']);
    expect(ds.frame.categorical('city').categories).toEqual(['New\r\nYork', 'Paris']);
    expect(ds.labels!.classes).toEqual(['1.5', '2']);
  });

  it('infers numeric and categorical columns of any CSV', () => {
    const ds = parseCsvText('id,a,b,c,label\n1,1.5,x,,yes\n2,2,y,3,no\n', { target: 'label' });
    expect(ds.schema.columns.map((c) => `${c.name}:${c.role}`)).toEqual(['id:id', 'a:numeric', 'b:categorical', 'c:numeric', 'label:target']);
    expect(ds.ids).toEqual(['1', '2']);
    expect(ds.labels!.classes).toEqual(['no', 'yes']);
  });

  it('reports a row with the wrong number of fields by line', () => {
    const msg = errorOf(() => parseCsvText('a,b\n1,2\n3\n', { label: 'r.csv' }));
    expect(msg).toBe('r.csv line 3: expected 2 fields like the header, got 1');
  });

  it('reports an unknown target column and an empty file', () => {
    expect(errorOf(() => parseCsvText('a,b\n1,2\n', { target: 'y', label: 't.csv' }))).toBe('t.csv: the target column y is not in the header (a, b)');
    expect(errorOf(() => parseCsvText('', { label: 'empty.csv' }))).toBe('empty.csv: the file is empty (expected a header line)');
  });

  it('requires a label on every row when the target is required', () => {
    const msg = errorOf(() => parseCsvText(`${HEADER}\n${ROW}\n${ROW.replace(/,A$/, ',')}\n`, { label: 'l.csv', requireTarget: true }));
    expect(msg).toBe('l.csv line 3, column Segmentation: expected a class label, got an empty field');
  });

  it('reports malformed quoting with its line', () => {
    const msg = errorOf(() => parseCsvText('a,b\n1,"2\n', { label: 'q.csv' }));
    expect(msg).toMatch(/^q\.csv line \d+: malformed CSV/);
  });
});

describe('readCsvFile / readCsvBatches', () => {
  it('reads a file, hashes its bytes, and gives the same frame as parseCsvText', async () => {
    const text = `${HEADER}\n${ROW}\n2,Female,No,40,No,Artist,3,Average,2,Cat_4,C\n`;
    const p = tmpFile('two.csv', text);
    const a = await readCsvFile(p, { requireTarget: true });
    const b = parseCsvText(text, { requireTarget: true });
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([...a.frame.numeric('Age').values]).toEqual([36, 40]);
  });

  it('names the file when it does not exist', async () => {
    await expect(readCsvFile('/nonexistent/dir/nope.csv')).rejects.toThrow('nope.csv: no such file');
  });

  it('streams batches with line numbers that continue across batches', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `${i},Male,Yes,${20 + i},Yes,Engineer,0,Low,1,Cat_6`);
    const p = tmpFile('many.csv', `${HEADER.replace(',Segmentation', '')}\n${rows.join('\n')}\n`);
    const sizes: number[] = [];
    const lastLines: number[] = [];
    for await (const b of readCsvBatches(p, CUSTOMER_SEGMENTATION_SCHEMA, 10)) {
      sizes.push(b.frame.nRows);
      lastLines.push(b.lines[b.lines.length - 1]);
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(lastLines).toEqual([11, 21, 26]);
  });

  const train = realDataFile('train.csv');
  it.skipIf(!train)('reads the real train.csv', async () => {
    const ds = await readCsvFile(train!, { requireTarget: true });
    expect(ds.frame.nRows).toBe(6454);
    expect(ds.labels!.classes).toEqual(['A', 'B', 'C', 'D']);
    expect(ds.schema.name).toBe('customer-segmentation');
    expect(ds.warnings).toEqual([]);
  });
});
