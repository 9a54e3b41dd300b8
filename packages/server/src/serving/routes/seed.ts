import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { MISSING_TOKENS, parseNumber } from '@custseg/ml';
import { ApiError } from '../errors/api-error.js';
import { CsvRecordParser, fieldsOf } from '../csv/record-parser.js';
import { requireJson } from '../http/content-type.js';
import { modelFor, type ServingContext } from '../http/context.js';
import { encodeNumber } from '../scoring/json-encoder.js';
import type { ScoredBatch } from '../scoring/score.js';
import { scoreMany, scoreOne } from './predict.js';
import { documentOnly, errorResponses, rowSchema } from './schemas.js';
import { uploadedCsv } from './upload.js';

const JSON_TYPE = 'application/json; charset=utf-8';
/** The column the reference service added to batch predictions. */
const PREDICTION_COLUMN = 'Segmentation Prediction';

/**
 * The reference FastAPI service's routes with its request and response shapes, so its Streamlit front-end works
 * unchanged: numbers may arrive as strings (its pydantic models coerced them), /single_predict answers a
 * one-element list, /batch_predict a pandas `to_json(orient="columns")` table.
 */
export function seedRoutes(app: FastifyInstance, ctx: ServingContext): void {
  const layout = ctx.manager.current?.layout ?? null;
  app.get('/home', { schema: { summary: 'Reference service: health message', tags: ['reference'] } }, async (_request, reply) => {
    reply.type(JSON_TYPE);
    return '{"message":"System is healthy"}';
  });

  app.post(
    '/single_predict',
    {
      schema: {
        summary: 'Reference service: the segment of one customer, as a one-element list',
        tags: ['reference'],
        body: rowSchema(layout),
        response: { 200: { type: 'array', items: { type: 'string' } }, ...errorResponses },
      },
      validatorCompiler: documentOnly,
    },
    async (request, reply) => {
      requireJson(request);
      const served = modelFor(ctx, reply);
      const { scored, row } = await scoreOne(served, request.body, true);
      reply.type(JSON_TYPE);
      return `[${JSON.stringify(served.classes[scored.pred[row]])}]`;
    },
  );

  app.post(
    '/batch_predict',
    {
      schema: {
        summary: 'Reference service: predictions for a list of customers, as a column-oriented table',
        description: `Takes a list of customer objects (or a pandas orient="columns" table, or either as a JSON string). Answers {column: {row: value}} with the ID, the inputs and "${PREDICTION_COLUMN}".`,
        tags: ['reference'],
        response: { 200: { type: 'object', additionalProperties: { type: 'object' } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireJson(request);
      const served = modelFor(ctx, reply);
      const scored = scoreMany(served, seedRecords(request.body), ctx.maxBatchRows, true);
      reply.type(JSON_TYPE);
      return columnsJson(scored);
    },
  );
}

/** POST /uploadcsv/: the uploaded CSV back as records (no prediction), as the reference service did. */
export function seedUploadRoute(scope: FastifyInstance, ctx: ServingContext): void {
  scope.post(
    '/uploadcsv/',
    {
      schema: {
        summary: 'Reference service: the uploaded CSV (multipart field csv_file) as a list of records',
        tags: ['reference'],
        consumes: ['multipart/form-data', 'text/csv'],
        body: { type: 'string', format: 'binary', description: 'The CSV (multipart field csv_file, or the raw body)' },
        response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } }, ...errorResponses },
      },
      validatorCompiler: documentOnly,
    },
    async (request, reply) => {
      const input = await uploadedCsv(request);
      const text = await csvRecordsJson(input, ctx.maxBatchRows, ctx.maxBodyBytes);
      reply.type(JSON_TYPE);
      return text;
    },
  );
}

/** The body of /batch_predict as rows: a list of records, or a column table, possibly sent as a JSON string. */
export function seedRecords(body: unknown): unknown[] {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b);
    } catch {
      throw new ApiError(400, 'malformed JSON in the string body');
    }
  }
  if (Array.isArray(b)) return b;
  if (typeof b !== 'object' || b === null) throw new ApiError(400, 'expected a list of customers (or a column-oriented table)');
  // pandas orient="columns": {column: {rowLabel: value}}; rows are null-prototype objects, so no key is special
  const rows = new Map<string, Record<string, unknown>>();
  for (const [column, cells] of Object.entries(b)) {
    if (typeof cells !== 'object' || cells === null || Array.isArray(cells)) {
      throw new ApiError(400, `column ${JSON.stringify(column)} of the table is not an object of row values`);
    }
    for (const [label, value] of Object.entries(cells)) {
      let row = rows.get(label);
      if (!row) rows.set(label, (row = Object.create(null) as Record<string, unknown>));
      row[column] = value;
    }
  }
  return [...rows.values()];
}

/** pandas' to_json(orient="columns") of the inputs and predictions: ID first, the features, the prediction. */
function columnsJson(scored: ScoredBatch): string {
  const { batch, pred } = scored;
  const { layout } = batch;
  const n = batch.n;
  const column = (name: string, cell: (i: number) => string): string => {
    let s = `${JSON.stringify(name)}:{`;
    for (let i = 0; i < n; i++) s += `${i > 0 ? ',' : ''}"${i}":${cell(i)}`;
    return `${s}}`;
  };
  const parts = [
    column(layout.idField, (i) => {
      const id = batch.id(i);
      return id === null ? 'null' : typeof id === 'number' ? encodeNumber(id) : JSON.stringify(id);
    }),
    ...layout.features.map((f) =>
      column(f.name, (i) => {
        if (f.type === 'numeric') return encodeNumber(batch.numberAt(f.index, i));
        const c = batch.categoryAt(f.index, i);
        return c === null ? 'null' : JSON.stringify(c);
      }),
    ),
    column(PREDICTION_COLUMN, (i) => JSON.stringify(layout.classes[pred[i]])),
  ];
  return `{${parts.join(',')}}`;
}

/**
 * A CSV as pandas' read_csv + to_json(orient="records") gives it: a column whose every present value is a
 * number holds numbers, missing values are null. Built as text, so header names are never object keys.
 */
export async function csvRecordsJson(input: Readable, maxRows: number, maxBytes: number): Promise<string> {
  const parser = new CsvRecordParser();
  const decoder = new StringDecoder('utf8');
  let header: string[] | null = null;
  const rows: (string | null)[][] = [];
  let problem: ApiError | null = null;
  const onRecord = (record: string | string[] | null, line: number, error?: string): void => {
    if (problem) return;
    const fields = record === null ? null : fieldsOf(record);
    if (fields === null) problem = new ApiError(400, `line ${line}: ${error ?? 'malformed record'}`);
    else if (header === null) header = fields.map((h) => h.trim());
    else if (fields.length !== header.length) problem = new ApiError(400, `line ${line}: expected ${header.length} fields like the header, got ${fields.length}`);
    else if (rows.length >= maxRows) problem = new ApiError(413, `more than ${maxRows} rows (use POST /v1/predict/csv for files)`);
    else
      rows.push(
        fields.map((v) => {
          const t = v.trim();
          return MISSING_TOKENS.has(t) ? null : t;
        }),
      );
  };
  let bytes = 0;
  for await (const chunk of input) {
    // the whole file comes back as one JSON answer, so it is held whole: limited like a JSON body
    bytes += (chunk as Buffer).length;
    if (bytes > maxBytes) problem ??= new ApiError(413, `upload larger than ${maxBytes} bytes (use POST /v1/predict/csv for files)`);
    else parser.push(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer), onRecord);
    if (problem) {
      input.resume();
      throw problem;
    }
  }
  parser.push(decoder.end(), onRecord);
  parser.end(onRecord);
  if (problem) throw problem;
  if (header === null) throw new ApiError(400, 'empty CSV: expected a header line naming the columns');
  const names: string[] = header;
  const numeric = names.map((_, j) => rows.every((r) => r[j] === null || parseNumber(r[j]!) !== null));
  const keys = names.map((h) => `${JSON.stringify(h)}:`);
  const out = rows.map(
    (r) => `{${r.map((v, j) => keys[j] + (v === null ? 'null' : numeric[j] ? encodeNumber(parseNumber(v)!) : JSON.stringify(v))).join(',')}}`,
  );
  return `[${out.join(',')}]`;
}
