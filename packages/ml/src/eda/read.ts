import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { DataError } from '../core/errors.js';
import { readCsvBatches } from '../data/csv.js';
import { MISSING_CODE } from '../data/frame.js';
import { MISSING_TOKENS, parseNumber, type ColumnSpec, type Schema } from '../data/schema.js';
import { ProfileAccumulator } from './accumulator.js';
import { driftBetween } from './drift.js';
import { withDrift } from './profile.js';
import type { DataProfile } from './types.js';

const ID_NAME = /^(id|ID|Id|customer_id|CustomerID)$/;

export interface ProfileFileOptions {
  /** Target column; absent means "Segmentation" when the header has it, else no target. */
  target?: string;
  /** Rows per batch (memory is bounded by this and the accumulators' caps). */
  batchRows?: number;
  label?: string;
}

/**
 * Column types of a whole file, found by a first streaming pass: a column is numeric when every present
 * value is a number (as schema inference decides, but over all rows, so row 9,000 cannot break pass two).
 */
async function scanTypes(path: string, label: string): Promise<{ header: string[]; numeric: boolean[] }> {
  let isDir = false;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch {
    throw new DataError(`${label}: no such file`, label);
  }
  if (isDir) throw new DataError(`${label}: is a directory, expected a CSV file`, label);
  const parser = parse({ bom: true, skip_empty_lines: true, relax_quotes: false });
  pipeline(createReadStream(path), parser, () => {});
  let header: string[] | null = null;
  let numeric: boolean[] = [];
  let present: boolean[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header === null) {
        header = record.map((h) => h.trim());
        numeric = header.map(() => true);
        present = header.map(() => false);
        continue;
      }
      for (let j = 0; j < record.length && j < header.length; j++) {
        const t = record[j].trim();
        if (MISSING_TOKENS.has(t)) continue;
        present[j] = true;
        if (numeric[j] && parseNumber(t) === null) numeric[j] = false;
      }
    }
  } catch {
    // The second pass reports the CSV error with its line; here we only need the types.
  }
  if (header === null) throw new DataError(`${label}: the file is empty (expected a header line)`, label, 1);
  return { header, numeric: numeric.map((x, j) => x && present[j]) };
}

/** Streams a CSV into a profile accumulator (two passes: column types, then the figures). */
export async function accumulateCsvFile(path: string, opts: ProfileFileOptions = {}): Promise<ProfileAccumulator> {
  const label = opts.label ?? basename(path);
  const { header, numeric } = await scanTypes(path, label);
  if (opts.target !== undefined && !header.includes(opts.target)) {
    throw new DataError(`${label}: the target column ${opts.target} is not in the header (${header.join(', ')})`, label, 1, opts.target);
  }
  const target = opts.target ?? (header.includes('Segmentation') ? 'Segmentation' : undefined);
  const idName = header.find((h) => ID_NAME.test(h) && h !== target);
  // Every column is optional and unbounded here: a profile reports missing and odd values, it does not reject them.
  const columns: ColumnSpec[] = header.map((name, j) => {
    if (name === idName) return { name, role: 'id' };
    return { name, role: name !== target && numeric[j] ? 'numeric' : 'categorical', optional: true };
  });
  const schema: Schema = { name: 'eda', columns };
  const acc = new ProfileAccumulator({ source: label, targetName: target, idName, columnOrder: header });
  for await (const batch of readCsvBatches(path, schema, opts.batchRows ?? 10_000, label)) {
    let frame = batch.frame;
    let values: (string | null)[] | undefined;
    if (target !== undefined) {
      const t = frame.categorical(target);
      values = Array.from(t.codes, (c) => (c === MISSING_CODE ? null : t.categories[c]));
      frame = frame.drop([target]);
    }
    acc.add({ frame, target: values, ids: idName !== undefined ? batch.ids : undefined });
  }
  return acc;
}

/** Profiles a CSV file in bounded memory; with `compare`, adds PSI drift of that file against this one. */
export async function profileCsvFile(path: string, opts: ProfileFileOptions & { compare?: string } = {}): Promise<DataProfile> {
  const acc = await accumulateCsvFile(path, opts);
  const profile = acc.finish();
  if (opts.compare === undefined) return profile;
  const other = await accumulateCsvFile(opts.compare, { batchRows: opts.batchRows, target: undefined });
  return withDrift(profile, driftBetween(acc.driftInput(), other.driftInput()));
}
