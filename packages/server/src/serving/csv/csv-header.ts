import { ErrorList } from '../errors/details.js';
import { ApiError } from '../errors/api-error.js';
import type { UnknownFields } from '../scoring/json-row-reader.js';
import type { FeatureLayout } from '../scoring/layout.js';

/** Where each of the model's inputs sits in an uploaded CSV. */
export interface CsvColumns {
  readonly width: number;
  /** Per feature (layout order): its column, or -1 for an optional feature the file does not have. */
  readonly featureAt: Int32Array;
  /** The id column, or -1. */
  readonly idAt: number;
}

/**
 * Checks an upload's header against the model before any row is read (so a wrong file is one 400, not a
 * million row errors): every required feature present, no duplicate or empty names, and no unknown column
 * unless unknown fields are ignored. The id and target columns are always allowed.
 */
export function mapCsvHeader(header: readonly string[], layout: FeatureLayout, unknownFields: UnknownFields): CsvColumns {
  const names = header.map((h) => h.trim());
  const errors = new ErrorList();
  const seen = new Set<string>();
  names.forEach((h, j) => {
    if (h === '') errors.add(null, 0, `column ${j + 1} of the header has an empty name`);
    else if (seen.has(h)) errors.add(h, 0, 'column appears twice in the header');
    seen.add(h);
  });
  const featureAt = new Int32Array(layout.features.length).fill(-1);
  for (const f of layout.features) {
    const j = names.indexOf(f.name);
    if (j >= 0) featureAt[f.index] = j;
    else if (!f.optional) errors.add(f.name, 0, 'required column is missing from the header');
  }
  if (unknownFields === 'reject') {
    for (const h of names) {
      if (h !== '' && !layout.slotOf.has(h)) errors.add(h, 0, 'unknown column (see GET /v1/model for the fields this model takes)');
    }
  }
  if (!errors.empty) throw ApiError.validation(errors, 'the CSV header does not fit the model');
  return { width: names.length, featureAt, idAt: names.indexOf(layout.idField) };
}
