import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { basename } from 'node:path';
import { parse, CsvError, type Options as CsvOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { DataError } from '../core/errors.js';
import type { Labels } from '../core/types.js';
import { categoricalColumn, Frame, MISSING_CODE, numericColumn, type Column } from './frame.js';
import { featureSpecs, idSpec, inferSchema, MISSING_TOKENS, parseNumber, targetSpec, type ColumnSpec, type Schema } from './schema.js';

export interface ReadOptions {
  /** Schema to read with; inferred (or the built-in one recognised) when absent. */
  schema?: Schema;
  /** Target column name (schema inference and the check that it is present). */
  target?: string;
  /** Fail when the target column is absent or has missing values (training, evaluation). */
  requireTarget?: boolean;
  /** Name used in error messages instead of the file's base name. */
  label?: string;
}

export interface Dataset {
  /** Feature columns only, in schema order. */
  frame: Frame;
  labels?: Labels;
  /** Values of the id column (null where empty), when the schema has one present in the file. */
  ids?: (string | null)[];
  schema: Schema;
  warnings: string[];
  /** SHA-256 of the file's bytes (hex), recorded in model metadata. */
  sha256: string;
  /** 1-based line of each data row (header = line 1), for row-level messages. */
  lines: Int32Array;
}

const PARSER_OPTIONS: CsvOptions = { bom: true, skip_empty_lines: true, info: true, relax_quotes: false };

type RawRow = (string | null)[];

function normalise(record: string[]): RawRow {
  return record.map((v) => {
    const t = v.trim();
    return MISSING_TOKENS.has(t) ? null : t;
  });
}

/** Reads a whole CSV file into a dataset (streaming parse; the file's rows are held once as typed columns). */
export async function readCsvFile(path: string, opts: ReadOptions = {}): Promise<Dataset> {
  const label = opts.label ?? basename(path);
  const hash = createHash('sha256');
  const input = createReadStream(path);
  input.on('data', (chunk) => hash.update(chunk));
  const parser = openParser(input);
  let header: string[] | null = null;
  const rows: RawRow[] = [];
  const lines: number[] = [];
  try {
    for await (const { record, info } of parser) {
      if (header === null) header = record.map((h) => h.trim());
      else {
        rows.push(normalise(record));
        lines.push(info.lines);
      }
    }
  } catch (err) {
    throw toDataError(err, label);
  }
  if (header === null) throw new DataError(`${label}: the file is empty (expected a header line)`, label, 1);
  return buildDataset(header, rows, Int32Array.from(lines), label, hash.digest('hex'), opts);
}

/** Parses CSV text held in memory (uploads, tests). */
export function parseCsvText(text: string, opts: ReadOptions = {}): Dataset {
  const label = opts.label ?? 'input';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseSync(text, PARSER_OPTIONS) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    throw toDataError(err, label);
  }
  if (records.length === 0) throw new DataError(`${label}: the file is empty (expected a header line)`, label, 1);
  const header = records[0].record.map((h) => h.trim());
  const rows = records.slice(1).map((r) => normalise(r.record));
  const lines = Int32Array.from(records.slice(1), (r) => r.info.lines);
  const sha256 = createHash('sha256').update(text).digest('hex');
  return buildDataset(header, rows, lines, label, sha256, opts);
}

export interface Batch {
  frame: Frame;
  ids?: (string | null)[];
  lines: Int32Array;
  warnings: string[];
}

/**
 * Reads a CSV in batches against a known schema (a model's signature), so files of millions of rows are
 * scored in bounded memory. The target column, if present, is ignored.
 */
export async function* readCsvBatches(path: string, schema: Schema, batchRows = 10_000, label = basename(path)): AsyncGenerator<Batch> {
  const parser = openParser(createReadStream(path));
  let header: string[] | null = null;
  let rows: RawRow[] = [];
  let lines: number[] = [];
  let first = true;
  const flush = (): Batch => {
    const ds = buildDataset(header!, rows, Int32Array.from(lines), label, '', { schema, requireTarget: false });
    const batch: Batch = { frame: ds.frame, ids: ds.ids, lines: ds.lines, warnings: first ? ds.warnings : [] };
    first = false;
    rows = [];
    lines = [];
    return batch;
  };
  try {
    for await (const { record, info } of parser) {
      if (header === null) {
        header = record.map((h) => h.trim());
        checkHeader(header, schema, label, false);
        continue;
      }
      rows.push(normalise(record));
      lines.push(info.lines);
      if (rows.length >= batchRows) yield flush();
    }
  } catch (err) {
    throw toDataError(err, label);
  }
  if (header === null) throw new DataError(`${label}: the file is empty (expected a header line)`, label, 1);
  if (rows.length > 0 || first) yield flush();
}

/** pipeline (unlike pipe) forwards a read error such as ENOENT to the parser, so the loop reading it throws. */
function openParser(input: NodeJS.ReadableStream): AsyncIterable<{ record: string[]; info: { lines: number } }> {
  const parser = parse(PARSER_OPTIONS);
  pipeline(input, parser, () => {});
  return parser as AsyncIterable<{ record: string[]; info: { lines: number } }>;
}

function checkHeader(header: readonly string[], schema: Schema, label: string, requireTarget: boolean): string[] {
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') throw new DataError(`${label} line 1: a column has an empty name`, label, 1);
    if (seen.has(h)) throw new DataError(`${label} line 1: column ${h} appears twice`, label, 1, h);
    seen.add(h);
  }
  const needed = featureSpecs(schema).map((c) => c.name);
  const target = targetSpec(schema);
  if (requireTarget && target) needed.push(target.name);
  const missing = needed.filter((n) => !seen.has(n));
  if (missing.length > 0) {
    throw new DataError(
      `${label}: missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header has ${header.join(', ')})`,
      label,
      1,
    );
  }
  const known = new Set(schema.columns.map((c) => c.name));
  return header.filter((h) => !known.has(h)).map((h) => `${label}: ignoring unknown column ${h}`);
}

function buildDataset(
  header: string[],
  rows: RawRow[],
  lines: Int32Array,
  label: string,
  sha256: string,
  opts: ReadOptions,
): Dataset {
  if (opts.target !== undefined && !header.includes(opts.target)) {
    throw new DataError(`${label}: the target column ${opts.target} is not in the header (${header.join(', ')})`, label, 1, opts.target);
  }
  const schema = opts.schema ?? inferSchema(header, rows, opts.target);
  const warnings = checkHeader(header, schema, label, opts.requireTarget ?? false);
  const n = rows.length;
  for (let i = 0; i < n; i++) {
    if (rows[i].length !== header.length) {
      throw new DataError(`${label} line ${lines[i]}: expected ${header.length} fields like the header, got ${rows[i].length}`, label, lines[i]);
    }
  }
  const columns: Column[] = featureSpecs(schema).map((spec) => readColumn(spec, header.indexOf(spec.name), rows, lines, label));
  const frame = new Frame(columns, n);

  let labels: Labels | undefined;
  const tSpec = targetSpec(schema);
  const tIndex = tSpec ? header.indexOf(tSpec.name) : -1;
  if (tSpec && tIndex >= 0) labels = readLabels(tSpec.name, tIndex, rows, lines, label, opts.requireTarget ?? false);

  let ids: (string | null)[] | undefined;
  const iSpec = idSpec(schema);
  const iIndex = iSpec ? header.indexOf(iSpec.name) : -1;
  if (iIndex >= 0) ids = rows.map((r) => r[iIndex]);

  return { frame, labels, ids, schema, warnings, sha256, lines };
}

function readColumn(spec: ColumnSpec, j: number, rows: RawRow[], lines: Int32Array, label: string): Column {
  const n = rows.length;
  if (spec.role === 'numeric') {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const raw = rows[i][j];
      if (raw === null) {
        if (spec.optional === false || (spec.optional === undefined && isStrict(spec))) missingValue(spec, lines[i], label);
        values[i] = NaN;
        continue;
      }
      const x = parseNumber(raw);
      if (x === null) {
        throw new DataError(`${label} line ${lines[i]}, column ${spec.name}: expected a number, got "${raw}"`, label, lines[i], spec.name);
      }
      if ((spec.min !== undefined && x < spec.min) || (spec.max !== undefined && x > spec.max)) {
        throw new DataError(
          `${label} line ${lines[i]}, column ${spec.name}: expected a number between ${spec.min ?? '-∞'} and ${spec.max ?? '∞'}, got "${raw}"`,
          label,
          lines[i],
          spec.name,
        );
      }
      values[i] = x;
    }
    return numericColumn(spec.name, values);
  }
  const index = new Map<string, number>();
  const categories: string[] = [];
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const raw = rows[i][j];
    if (raw === null) {
      if (spec.optional === false || (spec.optional === undefined && isStrict(spec))) missingValue(spec, lines[i], label);
      codes[i] = MISSING_CODE;
      continue;
    }
    let c = index.get(raw);
    if (c === undefined) {
      c = categories.length;
      categories.push(raw);
      index.set(raw, c);
    }
    codes[i] = c;
  }
  return categoricalColumn(spec.name, codes, categories);
}

/** In a declared schema (with categories or ranges) a column not marked optional must have a value. */
function isStrict(spec: ColumnSpec): boolean {
  return spec.categories !== undefined || spec.min !== undefined;
}

function missingValue(spec: ColumnSpec, line: number, label: string): never {
  throw new DataError(`${label} line ${line}, column ${spec.name}: expected a value, got an empty field`, label, line, spec.name);
}

function readLabels(name: string, j: number, rows: RawRow[], lines: Int32Array, label: string, required: boolean): Labels | undefined {
  const values: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i][j];
    if (v === null) {
      if (!required) return undefined;
      throw new DataError(`${label} line ${lines[i]}, column ${name}: expected a class label, got an empty field`, label, lines[i], name);
    }
    values[i] = v;
  }
  return encodeLabels(values);
}

/** Labels with classes sorted as numpy.unique sorts strings (by code point), so class order is data-order free. */
export function encodeLabels(values: readonly string[], classes?: readonly string[]): Labels {
  const cls = classes ?? [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(cls.map((c, k) => [c, k] as const));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const k = index.get(values[i]);
    if (k === undefined) throw new Error(`label "${values[i]}" is not one of the classes ${cls.join(', ')}`);
    codes[i] = k;
  }
  return { codes, classes: cls };
}

function toDataError(err: unknown, label: string): Error {
  if (err instanceof DataError) return err;
  if (err instanceof CsvError) {
    const e = err as CsvError & { lines?: number; record?: unknown[] };
    const line = e.lines;
    if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      const m = /expect (\d+), got (\d+)/.exec(e.message);
      const detail = m ? `expected ${m[1]} fields like the header, got ${m[2]}` : 'wrong number of fields';
      return new DataError(`${label} line ${line}: ${detail}`, label, line);
    }
    return new DataError(`${label}${line ? ` line ${line}` : ''}: malformed CSV (${e.message.replace(/^Invalid /, 'invalid ')})`, label, line);
  }
  if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
    return new DataError(`${label}: no such file`, label);
  }
  if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'EISDIR') {
    return new DataError(`${label}: is a directory, expected a CSV file`, label);
  }
  return err instanceof Error ? err : new Error(String(err));
}
