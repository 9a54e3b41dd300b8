import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER, testApp } from '../test-support/model.js';
import { multipart } from '../test-support/multipart.js';

// The reference FastAPI service's routes, as its Streamlit front-end (FrontEnd/Single_Predict.py and
// pages/Batch_Predict.py) calls them with `requests`.

type App = Awaited<ReturnType<typeof testApp>>;
let t: App;

beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.cleanup());

/** What the front-end's single-customer form posts: text inputs arrive as strings. */
const FORM = {
  Gender: 'Female',
  Ever_Married: 'Yes',
  Age: '36',
  Graduated: 'Yes',
  Profession: 'Engineer',
  Work_Experience: '0',
  Spending_Score: 'Low',
  Family_Size: '1',
  Var_1: 'Cat_6',
};

describe('reference service routes', () => {
  it('GET /home says the system is healthy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/home' });
    expect(res.json()).toEqual({ message: 'System is healthy' });
  });

  it('POST /single_predict answers the segment as a one-element list, coercing numeric strings', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/single_predict', payload: FORM });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^\["[ABCD]"\]$/);
    const v1 = (await t.app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER })).json();
    expect(res.json()).toEqual([v1.segment]);
    expect(res.headers['x-model-version']).toBe(v1.model.version);
  });

  it('POST /single_predict refuses what pydantic refused, with the error shape', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/single_predict', payload: { ...FORM, Age: '' , Gender: undefined } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.map((d: { field: string }) => d.field)).toEqual(['Age', 'Gender']);
  });

  it('POST /batch_predict takes a list of records and answers a pandas column table', async () => {
    const rows = [
      { ...CUSTOMER, ID: 1 },
      { ...FORM, ID: 2 },
    ];
    const res = await t.app.inject({ method: 'POST', url: '/batch_predict', payload: rows });
    expect(res.statusCode).toBe(200);
    const table = res.json();
    expect(Object.keys(table)).toEqual([
      'ID',
      'Gender',
      'Ever_Married',
      'Age',
      'Graduated',
      'Profession',
      'Work_Experience',
      'Spending_Score',
      'Family_Size',
      'Var_1',
      'Segmentation Prediction',
    ]);
    expect(table.ID).toEqual({ 0: 1, 1: 2 });
    expect(table.Age).toEqual({ 0: 36, 1: 36 });
    expect(table['Segmentation Prediction'][0]).toBe(table['Segmentation Prediction'][1]);
  });

  it('POST /batch_predict also takes the older front-end body: a DataFrame.to_json() string', async () => {
    const frame = JSON.stringify({ ID: { 0: 7, 1: 8 }, ...Object.fromEntries(Object.entries(FORM).map(([k, v]) => [k, { 0: v, 1: v }])) });
    const res = await t.app.inject({ method: 'POST', url: '/batch_predict', payload: JSON.stringify(frame), headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().ID).toEqual({ 0: 7, 1: 8 });
    const proto = await t.app.inject({ method: 'POST', url: '/batch_predict', payload: JSON.stringify('{"__proto__": {"0": 1}}'), headers: { 'content-type': 'application/json' } });
    expect(proto.statusCode).toBe(400);
    const junk = await t.app.inject({ method: 'POST', url: '/batch_predict', payload: JSON.stringify('not json'), headers: { 'content-type': 'application/json' } });
    expect(junk.json()).toEqual({ error: 'malformed JSON in the string body', details: [] });
  });

  it('POST /uploadcsv/ answers the uploaded file as records, numbers as numbers and blanks as null', async () => {
    const { body, headers } = multipart([
      { name: 'csv_file', filename: 'sample.csv', value: 'ID,Gender,Age,Profession\n458989,Female,36,Engineer\n458994,Male,37,\n' },
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/uploadcsv/', payload: body, headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { ID: 458989, Gender: 'Female', Age: 36, Profession: 'Engineer' },
      { ID: 458994, Gender: 'Male', Age: 37, Profession: null },
    ]);
    const big = multipart([{ name: 'csv_file', filename: 'big.csv', value: `a\n${'1\n'.repeat(40_000)}` }]);
    const small = await testApp({ maxBodyBytes: 64 * 1024 });
    try {
      const res = await small.app.inject({ method: 'POST', url: '/uploadcsv/', payload: big.body, headers: big.headers });
      expect([res.statusCode, res.json().error]).toEqual([413, 'upload larger than 65536 bytes (use POST /v1/predict/csv for files)']);
    } finally {
      await small.cleanup();
    }
    const proto = multipart([{ name: 'csv_file', filename: 'p.csv', value: '__proto__,constructor\n1,2\n' }]);
    const parsed = (await t.app.inject({ method: 'POST', url: '/uploadcsv/', payload: proto.body, headers: proto.headers })).json();
    expect(Object.keys(parsed[0])).toEqual(['__proto__', 'constructor']);
  });
});
