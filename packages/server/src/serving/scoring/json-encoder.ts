import type { FeatureLayout } from './layout.js';
import type { RowId } from './row-batch.js';
import type { ScoredBatch } from './score.js';

/** Writes one scored row as JSON text: `{"ID":..,"segment":..,"probabilities":{..},"warnings":[..]}`. */
export type RowEncoder = (scored: ScoredBatch, row: number) => string;

/**
 * Builds the row serialiser of one model: class names and keys are escaped once here, so a row costs a few
 * string concatenations (cheaper than a generic serialiser walking an object built for the purpose).
 */
export function compileRowEncoder(layout: FeatureLayout): RowEncoder {
  const k = layout.classes.length;
  const idKey = `{${JSON.stringify(layout.idField)}:`;
  const segments = layout.classes.map((c) => `"segment":${JSON.stringify(c)},"probabilities":{`);
  const probKeys = layout.classes.map((c, j) => `${j > 0 ? ',' : ''}${JSON.stringify(c)}:`);
  return (scored, row) => {
    const id = scored.batch.id(row);
    let s = id === null ? '{' : `${idKey}${encodeId(id)},`;
    const c = scored.pred[row];
    if (c < 0) return `${s}"error":${JSON.stringify(scored.rowErrors?.[row] ?? 'not scored')},"warnings":${encodeWarnings(scored.batch.warnings(row))}}`;
    s += segments[c];
    const base = row * k;
    for (let j = 0; j < k; j++) s += probKeys[j] + encodeNumber(scored.proba[base + j]);
    return `${s}},"warnings":${encodeWarnings(scored.batch.warnings(row))}}`;
  };
}

export function encodeId(id: Exclude<RowId, null>): string {
  return typeof id === 'number' ? encodeNumber(id) : JSON.stringify(id);
}

export function encodeNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

export function encodeWarnings(w: readonly string[] | undefined): string {
  return w === undefined || w.length === 0 ? '[]' : JSON.stringify(w);
}
