/**
 * How MLflow's protobuf JSON writes a response: repeated fields that are empty are left out (no "runs": [] and
 * no "tags": []), there is no next_page_token when there is no next page, and NaN / ±Infinity are the strings
 * "NaN", "Infinity", "-Infinity" (JSON.stringify would turn them into null).
 */
export function protobufJsonReplacer(key: string, value: unknown): unknown {
  if (Array.isArray(value) && value.length === 0 && key !== '') return undefined;
  if (key === 'next_page_token' && value === '') return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return value;
}

export function serializeResponse(payload: unknown): string {
  return JSON.stringify(payload, protobufJsonReplacer);
}
