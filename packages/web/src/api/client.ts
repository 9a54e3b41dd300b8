import createClient from 'openapi-fetch';
import type { paths } from './schema';

// The one HTTP client of the app, typed by the server's OpenAPI document (schema.d.ts is generated from it by
// scripts/generate-api.mjs): a request or response that does not match the server's schemas does not compile.

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type ModelInfo = Json<'/v1/model', 'get'>;
export type InputField = ModelInfo['input_schema']['fields'][number];
export type PredictResponse = Json<'/v1/predict', 'post'>;
/** One scored row, as in the `predictions` of a batch answer. */
export type Prediction = Extract<PredictResponse, { predictions?: unknown }>['predictions'] extends (infer R)[] | undefined ? R : never;
/** One line of POST /v1/predict/csv with Accept: application/x-ndjson: a prediction, or the row's error. */
export type ScoredLine = Partial<Prediction> & { line?: number; error?: string };
export type Experiment = NonNullable<Json<'/api/2.0/mlflow/experiments/search', 'get'>['experiments']>[number];
export type Run = Json<'/api/2.0/mlflow/runs/get', 'get'>['run'];
export type RegisteredModel = NonNullable<Json<'/api/2.0/mlflow/registered-models/search', 'get'>['registered_models']>[number];
export type ModelVersion = NonNullable<Json<'/api/2.0/mlflow/model-versions/search', 'get'>['model_versions']>[number];
export type FileInfo = NonNullable<Json<'/api/2.0/mlflow/artifacts/list', 'get'>['files']>[number];

/** The bearer token for state-changing requests, when the server asks for one (kept for this browser tab only). */
const TOKEN_KEY = 'custseg.token';
export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
export function setToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the token lasts until the page reloads
  }
}

export function authHeaders(): Record<string, string> {
  const t = getToken();
  return t ? { authorization: `Bearer ${t}` } : {};
}

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  // looked up per request, so tests that replace globalThis.fetch are honoured
  fetch: (request: Request) => globalThis.fetch(request),
});

/** A URL of the API, for links and fetches that stream (CSV scoring, artifact files). */
export function apiUrl(path: string): string {
  return new URL(path, typeof window === 'undefined' ? 'http://localhost' : window.location.origin).toString();
}
