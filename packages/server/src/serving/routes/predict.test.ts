import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoricalColumn, Frame, numericColumn, parseModel, serializeModel, type LoadedModel } from '@custseg/ml';
import { CUSTOMER, testApp, trainTestModel } from '../test-support/model.js';

type App = Awaited<ReturnType<typeof testApp>>;
let t: App;
let model: LoadedModel;

beforeAll(async () => {
  t = await testApp({ maxBatchRows: 50, maxBodyBytes: 64 * 1024 });
  model = parseModel(serializeModel(trainTestModel()));
});
afterAll(() => t.cleanup());

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/v1/predict', payload: payload as string, headers });

describe('POST /v1/predict', () => {
  it('answers one customer with segment, probabilities, ID, warnings and the model version', async () => {
    const res = await post(CUSTOMER);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json();
    expect(Object.keys(body)).toEqual(['ID', 'segment', 'probabilities', 'warnings', 'model']);
    expect(body.ID).toBe(CUSTOMER.ID);
    expect(Object.keys(body.probabilities)).toEqual(['A', 'B', 'C', 'D']);
    const probs = Object.values(body.probabilities) as number[];
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(body.segment).toBe(['A', 'B', 'C', 'D'][probs.indexOf(Math.max(...probs))]);
    expect(body.warnings).toEqual([]);
    expect(body.model).toEqual({ name: 'model', version: res.headers['x-model-version'] });
    expect(res.headers['x-model-name']).toBe('model');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('gives the same probabilities as the pipeline itself', async () => {
    const frame = new Frame(
      model.signature.features.map((f) => {
        const v = (CUSTOMER as Record<string, unknown>)[f.name];
        return f.type === 'numeric'
          ? numericColumn(f.name, Float64Array.of(v as number))
          : categoricalColumn(f.name, Int32Array.of(0), [v as string]);
      }),
    );
    const p = model.pipeline.predictProba(frame);
    const body = (await post(CUSTOMER)).json();
    expect(Object.values(body.probabilities)).toEqual(Array.from(p));
  });

  it('answers an array in order, each row with its own ID and warnings', async () => {
    const rows = [
      { ...CUSTOMER, ID: 'a' },
      { ...CUSTOMER, ID: 'b', Profession: 'Pilot', Age: 99 },
      { Gender: 'Male', Age: 30, Spending_Score: 'High' },
    ];
    const res = await post(rows);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.model.version).toBe(res.headers['x-model-version']);
    expect(body.predictions.map((p: { ID?: string }) => p.ID)).toEqual(['a', 'b', undefined]);
    expect(body.predictions[1].warnings).toEqual([
      'Age: 99 is outside the training range 18–89',
      'Profession: category "Pilot" was not seen in training; scored as unknown',
    ]);
    expect(body.predictions[2].warnings).toEqual([]);
    // the same customer scores the same alone and in a batch
    const alone = (await post(rows[0])).json();
    expect(body.predictions[0].probabilities).toEqual(alone.probabilities);
  });

  it('answers concurrent single rows (scored together) each with its own row, and a bad one alone with a 400', async () => {
    const customers = Array.from({ length: 40 }, (_, i) => ({ ...CUSTOMER, ID: `c${i}`, Age: 20 + i, Profession: i % 7 === 3 ? 'Pilot' : CUSTOMER.Profession }));
    const bad = { ...CUSTOMER, ID: 'bad', Age: 'old' };
    const alone: { probabilities: Record<string, number>; warnings: string[] }[] = [];
    for (const c of customers) alone.push((await post(c)).json());
    const answers = await Promise.all([...customers.slice(0, 20), bad, ...customers.slice(20)].map((c) => post(c)));
    const refused = answers.splice(20, 1)[0];
    expect([refused.statusCode, refused.json().details]).toEqual([400, [{ field: 'Age', row: 0, message: 'expected a number, got "old"' }]]);
    expect(answers.map((r) => r.statusCode)).toEqual(customers.map(() => 200));
    answers.forEach((r, i) => {
      const body = r.json();
      expect(body.ID).toBe(`c${i}`);
      expect(body.probabilities).toEqual(alone[i].probabilities);
      expect(body.warnings).toEqual(alone[i].warnings);
      expect(body.model.version).toBe(r.headers['x-model-version']);
    });
    expect(answers[3].json().warnings).toEqual(['Profession: category "Pilot" was not seen in training; scored as unknown']);
  });

  it('imputes missing optional fields (absent or null) as in training', async () => {
    const res = await post({ Gender: 'Female', Age: 40, Spending_Score: 'Low', Ever_Married: null, Profession: null });
    expect(res.statusCode).toBe(200);
    expect(res.json().segment).toMatch(/^[ABCD]$/);
  });

  it('refuses invalid rows with a 400 naming each field and row', async () => {
    const res = await post([CUSTOMER, { ...CUSTOMER, Age: 150, Gender: 1 }, { ...CUSTOMER, Spending_Score: undefined, Extra: true }]);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('invalid request: Gender, row 1: expected a string (one of Male, Female), got 1 (and 3 more problems)');
    expect(body.details).toEqual([
      { field: 'Gender', row: 1, message: 'expected a string (one of Male, Female), got 1' },
      { field: 'Age', row: 1, message: 'expected a number between 0 and 120, got 150' },
      { field: 'Extra', row: 2, message: 'unknown field (see GET /v1/model for the fields this model takes)' },
      { field: 'Spending_Score', row: 2, message: 'required field is missing' },
    ]);
  });

  it('lists at most 100 problems however many there are', async () => {
    const rows = Array.from({ length: 50 }, () => ({ Gender: 1, Age: 'x', Spending_Score: 2 }));
    const body = (await post(rows)).json();
    expect(body.details).toHaveLength(100);
    expect(body.error).toMatch(/and 149 more problems/);
  });

  it('refuses bodies that are not what it takes', async () => {
    const cases: [unknown, Record<string, string>, number, RegExp][] = [
      ['{"Gender": "Male",', { 'content-type': 'application/json' }, 400, /^malformed JSON body/],
      ['', { 'content-type': 'application/json' }, 400, /^empty body/],
      ['Gender=Male', { 'content-type': 'application/x-www-form-urlencoded' }, 415, /unsupported content type/],
      ['a,b', { 'content-type': 'text/plain' }, 415, /unsupported content type text\/plain/],
      ['a,b', { 'content-type': 'text/csv' }, 415, /unsupported content type/],
      [[], {}, 400, /^empty array/],
      [Array.from({ length: 51 }, () => CUSTOMER), {}, 413, /51 rows in one request; the limit is 50/],
      [JSON.stringify({ ...CUSTOMER, pad: 'x'.repeat(70 * 1024) }), { 'content-type': 'application/json' }, 413, /too large/],
      ['"just a string"', { 'content-type': 'application/json' }, 400, /expected an object/],
      ['null', { 'content-type': 'application/json' }, 400, /^empty body|expected an object/],
      ['{"__proto__": {"x": 1}, "Gender": "Male"}', { 'content-type': 'application/json' }, 400, /malformed JSON body/],
      ['{"constructor": {"prototype": {"x": 1}}}', { 'content-type': 'application/json' }, 400, /malformed JSON body/],
    ];
    for (const [payload, headers, status, message] of cases) {
      const res = await post(payload, headers);
      expect([res.statusCode, res.json().error]).toEqual([status, expect.stringMatching(message)]);
      expect(res.json().details).toEqual(expect.any(Array));
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('answers 404 and 405-like misses with the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/predict' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'no route GET /v1/predict', details: [] });
  });
});

describe('unknown fields set to ignore', () => {
  it('scores rows with extra fields', async () => {
    const ignoring = await testApp({ unknownFields: 'ignore' });
    try {
      const res = await ignoring.app.inject({ method: 'POST', url: '/v1/predict', payload: { ...CUSTOMER, Foo: 'bar', __x: 1 } });
      expect(res.statusCode).toBe(200);
      const info = (await ignoring.app.inject({ method: 'GET', url: '/v1/model' })).json();
      expect(info.input_schema.unknown_fields).toBe('ignore');
    } finally {
      await ignoring.cleanup();
    }
  });
});
