import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { parseCsvText, serializeModel, parseModel, synthCsvChunks } from '@custseg/ml';
import { CUSTOMER, testApp, trainTestModel } from '../test-support/model.js';
import { multipart } from '../test-support/multipart.js';

type App = Awaited<ReturnType<typeof testApp>>;
let t: App;

beforeAll(async () => {
  t = await testApp({ maxUploadBytes: 200_000 });
});
afterAll(() => t.cleanup());

const HEADER = 'ID,Gender,Ever_Married,Age,Graduated,Profession,Work_Experience,Spending_Score,Family_Size,Var_1';
const csv = (...lines: string[]): string => `${[HEADER, ...lines].join('\n')}\n`;
const postCsv = (payload: string | Buffer, headers: Record<string, string> = { 'content-type': 'text/csv' }) =>
  t.app.inject({ method: 'POST', url: '/v1/predict/csv', payload, headers });

describe('POST /v1/predict/csv', () => {
  it('answers one line per input row, in order, with ID, segment, probabilities, warnings, error', async () => {
    const res = await postCsv(
      csv(
        '1,Male,No,22,No,Healthcare,1,Low,4,Cat_4',
        '2,Female,,67,Yes,,,Average,,',
        '3,Male,Yes,abc,No,Artist,1,Low,4,Cat_4',
        '4,Male,Yes,30,No,Pilot,1,Low,4,Cat_4',
        '5,Male,Yes,30,No',
        '6,Male,Yes,"30",No,"Artist, painter",1,Low,4,Cat_4',
      ),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['x-model-version']).toBeTruthy();
    const rows = parse(res.body) as string[][];
    expect(rows[0]).toEqual(['ID', 'Segmentation', 'prob_A', 'prob_B', 'prob_C', 'prob_D', 'warnings', 'error']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    const [ok, imputed, bad, unseen, short, quoted] = rows.slice(1);
    expect(ok[1]).toMatch(/^[ABCD]$/);
    expect(ok.slice(2, 6).reduce((s, p) => s + Number(p), 0)).toBeCloseTo(1, 5);
    expect(ok.slice(6)).toEqual(['', '']);
    expect(imputed[1]).toMatch(/^[ABCD]$/);
    expect(bad.slice(1)).toEqual(['', '', '', '', '', '', 'line 4: Age: expected a number, got "abc"']);
    expect(unseen[6]).toBe('Profession: category "Pilot" was not seen in training; scored as unknown');
    expect(short[7]).toBe('line 6: expected 10 fields like the header, got 5');
    expect(quoted[6]).toBe('Profession: category "Artist, painter" was not seen in training; scored as unknown');
  });

  it('scores exactly as custseg predict does (the same pipeline on the same rows)', async () => {
    const text = [...synthCsvChunks({ rows: 300, seed: 5, withTarget: false })].join('');
    const res = await postCsv(text);
    const out = parse(res.body, { columns: true }) as Record<string, string>[];
    const model = parseModel(serializeModel(trainTestModel()));
    const ds = parseCsvText(text, { schema: model.schema });
    const p = model.pipeline.predictProba(ds.frame);
    expect(out).toHaveLength(300);
    out.forEach((r, i) => {
      expect(r.ID).toBe(ds.ids![i]);
      for (let j = 0; j < 4; j++) expect(r[`prob_${'ABCD'[j]}`]).toBe(p[i * 4 + j].toFixed(6));
    });
  });

  it('streams NDJSON when asked, with the /v1/predict row shape', async () => {
    const res = await postCsv(csv('1,Male,No,22,No,Healthcare,1,Low,4,Cat_4', '2,Male,No,200,No,Healthcare,1,Low,4,Cat_4'), {
      'content-type': 'text/csv',
      accept: 'application/x-ndjson',
    });
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(Object.keys(lines[0])).toEqual(['ID', 'segment', 'probabilities', 'warnings']);
    expect(lines[1]).toEqual({ ID: '2', line: 3, error: 'Age: expected a number between 0 and 120, got 200' });
  });

  it('takes a multipart upload (the first file part)', async () => {
    const { body, headers } = multipart([{ name: 'note', value: 'hello' }, { name: 'file', filename: 'x.csv', value: csv('9,Male,No,22,No,Healthcare,1,Low,4,Cat_4') }]);
    const res = await postCsv(body, headers);
    expect(res.statusCode).toBe(200);
    expect(res.body.split('\n')[1]).toMatch(/^9,[ABCD],/);
  });

  it('refuses rows longer than 16 KiB (a batch would otherwise hold their huge cells)', async () => {
    const res = await postCsv(csv(`${'9'.repeat(17_000)},Male,No,22,No,Healthcare,1,Low,4,Cat_4`, '2,Male,No,22,No,Healthcare,1,Low,4,Cat_4'));
    const lines = res.body.trim().split('\n');
    expect(lines[1]).toBe(',,,,,,,line 2: row longer than 16384 characters');
    expect(lines[2]).toMatch(/^2,[ABCD],/);
  });

  it('allows optional columns to be absent and refuses a header that does not fit the model', async () => {
    const ok = await postCsv('Gender,Age,Spending_Score\nMale,30,Low\n');
    expect(ok.statusCode).toBe(200);
    expect(ok.body.split('\n')[1]).toMatch(/^,[ABCD],/);

    const bad = await postCsv('ID,Age,Age,Foo,\n1,2,3,4,5\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/^the CSV header does not fit the model/);
    expect(bad.json().details).toEqual([
      { field: 'Age', row: 0, message: 'column appears twice in the header' },
      { field: null, row: 0, message: 'column 5 of the header has an empty name' },
      { field: 'Gender', row: 0, message: 'required column is missing from the header' },
      { field: 'Spending_Score', row: 0, message: 'required column is missing from the header' },
      { field: 'Foo', row: 0, message: 'unknown column (see GET /v1/model for the fields this model takes)' },
    ]);
  });

  it('refuses empty uploads, other content types and uploads over the limit', async () => {
    expect((await postCsv('')).json()).toEqual({ error: 'empty CSV: expected a header line naming the columns', details: [] });
    const json = await postCsv(JSON.stringify(CUSTOMER), { 'content-type': 'application/json' });
    expect([json.statusCode, json.json().error]).toEqual([415, 'unsupported content type application/json: expected text/csv or a multipart/form-data upload']);
    const none = await t.app.inject({ method: 'POST', url: '/v1/predict/csv' });
    expect(none.statusCode).toBe(415);
    const empty = multipart([{ name: 'note', value: 'no file' }]);
    expect((await postCsv(empty.body, empty.headers)).statusCode).toBe(400);

    const big = csv(...Array.from({ length: 5000 }, (_, i) => `${i},Male,No,22,No,Healthcare,1,Low,4,Cat_4`));
    // over the limit before any output: a plain 413
    const whole = await postCsv(big);
    expect([whole.statusCode, whole.json().error]).toEqual([413, 'upload larger than the limit of 200000 bytes']);
    // over the limit after output began: the rows read are answered and the last line says why it stopped
    const chunks = big.match(/[^]{1,20000}/g)!;
    const res = await t.app.inject({ method: 'POST', url: '/v1/predict/csv', payload: Readable.from(chunks), headers: { 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(200);
    const lines = res.body.trim().split('\n');
    expect(lines.at(-1)).toBe(',,,,,,,upload larger than the limit of 200000 bytes; the rows after this point were not read');
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines.length).toBeLessThan(5000);
    const up = multipart([{ name: 'file', filename: 'big.csv', value: big }]);
    const tooBig = await postCsv(up.body, up.headers);
    expect(tooBig.statusCode).toBe(200);
    expect(tooBig.body.trim().split('\n').at(-1)).toBe(',,,,,,,upload larger than the limit of 200000 bytes; the rows after this point were not read');
  });
});
