import { MISSING_TOKENS, parseNumber } from '@custseg/ml';
import type { FeatureSlot } from '../scoring/layout.js';
import { notANumber, outOfRange, outsideTraining, REQUIRED } from '../scoring/messages.js';
import type { RowBatch } from '../scoring/row-batch.js';
import type { CsvColumns } from './csv-header.js';

/**
 * Reads one record into the batch: a quote-free line as it came (walked in place, no split), or the fields of a
 * record that needed unquoting. Returns null when the row is committed, else why it was refused.
 */
export type CsvRowReader = (record: string | readonly string[], batch: RowBatch) => string | null;

const ID = -1;
const IGNORED = -2;

/**
 * Compiles the reader of one upload's rows (the model's layout and the file's columns fixed). Cells are read as
 * `custseg predict` reads files: trimmed, the usual missing-value tokens, decimal numbers only.
 */
export function compileCsvRowReader(features: readonly FeatureSlot[], cols: CsvColumns): CsvRowReader {
  const width = cols.width;
  const roleOf = new Int32Array(width).fill(IGNORED);
  features.forEach((f) => {
    if (cols.featureAt[f.index] >= 0) roleOf[cols.featureAt[f.index]] = f.index;
  });
  if (cols.idAt >= 0) roleOf[cols.idAt] = ID;
  const absent = features.filter((f) => cols.featureAt[f.index] < 0);
  const matchers = features.map((f) => (f.type === 'categorical' ? categoryMatcher(f) : null));

  /** The state of the row being read: problems and warnings found so far. */
  let problems: string | null = null;
  let warnings: string[] | undefined;

  const problem = (message: string): void => {
    problems = problems === null ? message : `${problems}; ${message}`;
  };

  const cell = (f: FeatureSlot, raw: string, batch: RowBatch): void => {
    if (f.type === 'categorical') {
      // the common case, an exact known category, costs one map lookup
      const code = f.codeOf.get(raw);
      if (code !== undefined) batch.setCode(f.index, code);
      else {
        const t = trim(raw);
        if (t === '' || MISSING_TOKENS.has(t)) missing(f, batch);
        else batch.setCategory(f.index, t);
      }
      return;
    }
    const t = trim(raw);
    if (t === '' || MISSING_TOKENS.has(t)) return missing(f, batch);
    const x = parseNumber(t);
    if (x === null) problem(`${f.name}: ${notANumber(JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t))}`);
    else number(f, x, t, batch);
  };

  const number = (f: FeatureSlot, x: number, text: string | null, batch: RowBatch): void => {
    if (x < f.min || x > f.max) return problem(`${f.name}: ${outOfRange(f, text ?? String(x))}`);
    batch.setNumber(f.index, x);
    if (x < f.trainingMin || x > f.trainingMax) (warnings ??= []).push(outsideTraining(f, x));
  };

  const missing = (f: FeatureSlot, batch: RowBatch): void => {
    if (f.optional) batch.setMissing(f.index);
    else problem(`${f.name}: ${REQUIRED}`);
  };

  const finish = (id: string, batch: RowBatch): string | null => {
    for (const f of absent) missing(f, batch);
    if (problems !== null) return problems;
    batch.commit(id === '' ? null : id, warnings);
    return null;
  };

  const readFields = (fields: readonly string[], batch: RowBatch): string | null => {
    if (fields.length !== width) return `expected ${width} fields like the header, got ${fields.length}`;
    let id = '';
    for (let c = 0; c < width; c++) {
      const role = roleOf[c];
      if (role >= 0) cell(features[role], fields[c], batch);
      else if (role === ID) id = trim(fields[c]);
    }
    return finish(id, batch);
  };

  const readLine = (line: string, batch: RowBatch): string | null => {
    let id = '';
    let start = 0;
    for (let c = 0; c < width; c++) {
      let end: number;
      if (c < width - 1) {
        end = line.indexOf(',', start);
        if (end < 0) return `expected ${width} fields like the header, got ${c + 1}`;
      } else {
        end = line.length;
        if (line.indexOf(',', start) >= 0) return `expected ${width} fields like the header, got ${line.split(',').length}`;
      }
      const role = roleOf[c];
      if (role >= 0) {
        const f = features[role];
        if (f.type === 'numeric') {
          const x = digits(line, start, end);
          if (x >= 0) number(f, x, null, batch);
          else cell(f, line.slice(start, end), batch);
        } else {
          const code = matchers[role]!(line, start, end);
          if (code >= 0) batch.setCode(role, code);
          else cell(f, line.slice(start, end), batch);
        }
      } else if (role === ID) id = trim(line.slice(start, end));
      start = end + 1;
    }
    return finish(id, batch);
  };

  return (record, batch) => {
    problems = null;
    warnings = undefined;
    batch.reserve();
    return typeof record === 'string' ? readLine(record, batch) : readFields(record, batch);
  };
}

/**
 * Finds a known category written exactly at line[start, end) without slicing it out: slicing and hashing a fresh
 * string per cell was the largest cost of reading a row. Candidates are grouped by length; -1 when none matches.
 */
function categoryMatcher(f: FeatureSlot): (line: string, start: number, end: number) => number {
  const byLength: [string, number][][] = [];
  f.categories.forEach((c, code) => (byLength[c.length] ??= []).push([c, code]));
  return (line, start, end) => {
    const candidates = byLength[end - start];
    if (candidates === undefined) return -1;
    for (let i = 0; i < candidates.length; i++) if (line.startsWith(candidates[i][0], start)) return candidates[i][1];
    return -1;
  };
}

/** Trims only when needed: most cells have no surrounding space, and the check is cheaper than trim(). */
function trim(s: string): string {
  const n = s.length;
  return n > 0 && (s.charCodeAt(0) <= 32 || s.charCodeAt(n - 1) <= 32) ? s.trim() : s;
}

/**
 * A cell of plain digits (ages, counts: most numeric cells) read in place, exactly; -1 for anything else, which
 * then goes through the general path.
 */
function digits(line: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let x = 0;
  for (let i = start; i < end; i++) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    x = x * 10 + d;
  }
  return x;
}
