import { MISSING_TOKENS, parseNumber } from '@custseg/ml';
import { describeValue, type ErrorList } from '../errors/details.js';
import { ID_SLOT, TARGET_SLOT, type FeatureLayout, type FeatureSlot } from './layout.js';
import { notACategory, notANumber, outOfRange, outsideTraining, REQUIRED } from './messages.js';
import type { RowBatch, RowId } from './row-batch.js';

export type UnknownFields = 'reject' | 'ignore';

export interface JsonRowReaderOptions {
  readonly unknownFields: UnknownFields;
  /**
   * Accept numbers written as strings ("36") and categories written as numbers, as the reference FastAPI
   * service's pydantic models did. Off for the /v1 API, where a wrong type is an error.
   */
  readonly lax?: boolean;
}

/** Reads one JSON row into the batch; false (with errors added) when the row is refused. */
export type JsonRowReader = (value: unknown, row: number, batch: RowBatch, errors: ErrorList) => boolean;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Compiles the validator of one model's rows from its signature: one pass over the object's own keys with a map
 * lookup each, then a check of the features not given. Nothing is allocated for a valid row without warnings.
 * Keys are only ever looked up, never assigned anywhere, so `__proto__` or `constructor` are just unknown fields.
 */
export function compileJsonRowReader(layout: FeatureLayout, opts: JsonRowReaderOptions): JsonRowReader {
  const features = layout.features;
  const nf = features.length;
  const seen = new Int32Array(nf);
  let stamp = 0;
  const reject = opts.unknownFields === 'reject';
  const lax = opts.lax === true;

  return function readJsonRow(value, row, batch, errors) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.add(null, row, `expected an object with the customer's fields, got ${describeValue(value)}`);
      return false;
    }
    if (++stamp === 0x7fffffff) {
      seen.fill(0);
      stamp = 1;
    }
    batch.reserve();
    const obj = value as Record<string, unknown>;
    let ok = true;
    let id: RowId = null;
    let warnings: string[] | undefined;
    for (const key in obj) {
      if (!hasOwn.call(obj, key)) continue;
      const slot = layout.slotOf.get(key);
      const v = obj[key];
      if (slot === undefined) {
        if (reject) {
          errors.add(key, row, 'unknown field (see GET /v1/model for the fields this model takes)');
          ok = false;
        }
        continue;
      }
      if (slot === ID_SLOT) {
        if (typeof v === 'string' || typeof v === 'number' || v === null) id = v;
        else {
          errors.add(key, row, `expected a string or a number, got ${describeValue(v)}`);
          ok = false;
        }
        continue;
      }
      if (slot === TARGET_SLOT) continue; // a labelled row may be scored as is
      seen[slot] = stamp;
      const f = features[slot];
      if (f.type === 'numeric') {
        const x = readNumber(f, v, lax, batch, key, row, errors);
        if (x === null) ok = false;
        else if (x < f.trainingMin || x > f.trainingMax) (warnings ??= []).push(outsideTraining(f, x));
      } else if (!readCategory(f, v, lax, batch, key, row, errors)) ok = false;
    }
    for (let j = 0; j < nf; j++) {
      if (seen[j] === stamp) continue;
      const f = features[j];
      if (f.optional) batch.setMissing(j);
      else {
        errors.add(f.name, row, REQUIRED);
        ok = false;
      }
    }
    if (!ok) return false;
    batch.commit(id, warnings);
    return true;
  };
}

/** The number stored (NaN when missing), or null when the value is refused. */
function readNumber(f: FeatureSlot, v: unknown, lax: boolean, batch: RowBatch, key: string, row: number, errors: ErrorList): number | null {
  let x: number;
  if (typeof v === 'number') x = v;
  else if (lax && typeof v === 'string' && parseNumber(v.trim()) !== null) x = parseNumber(v.trim())!;
  else if (v === null || (lax && typeof v === 'string' && MISSING_TOKENS.has(v.trim()))) {
    if (!f.optional) {
      errors.add(key, row, REQUIRED);
      return null;
    }
    batch.setMissing(f.index);
    return NaN;
  } else {
    errors.add(key, row, notANumber(describeValue(v)));
    return null;
  }
  if (x < f.min || x > f.max) {
    errors.add(key, row, outOfRange(f, String(x)));
    return null;
  }
  batch.setNumber(f.index, x);
  return x;
}

function readCategory(f: FeatureSlot, v: unknown, lax: boolean, batch: RowBatch, key: string, row: number, errors: ErrorList): boolean {
  if (typeof v === 'string' && v !== '') {
    batch.setCategory(f.index, v);
    return true;
  }
  if (lax && typeof v === 'number') {
    batch.setCategory(f.index, String(v));
    return true;
  }
  if (v === null || v === '') {
    if (!f.optional) {
      errors.add(key, row, REQUIRED);
      return false;
    }
    batch.setMissing(f.index);
    return true;
  }
  errors.add(key, row, notACategory(f, describeValue(v)));
  return false;
}
