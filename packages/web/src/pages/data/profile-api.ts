import { api, apiUrl, authHeaders } from '../../api/client';
import type { paths } from '../../api/schema';
import { ApiError, errorFromResponse, unwrap } from '../../api/errors';

/** A data profile (what `custseg eda --json` writes), as the server's OpenAPI document describes it. */
export type DataProfile = paths['/v1/model/profile']['get']['responses'][200]['content']['application/json'];
export type ColumnProfile = DataProfile['columns'][number];
export type TargetProfile = NonNullable<DataProfile['target']>;
export type DriftProfile = NonNullable<DataProfile['drift']>;
type ProfileQuery = NonNullable<paths['/v1/profile']['post']['parameters']['query']>;

/** GET /v1/model/profile: the served model's training profile (404: the model has none, 503: no model yet). */
export function loadTrainingProfile(): Promise<DataProfile> {
  return unwrap(api.GET('/v1/model/profile'));
}

/**
 * POST /v1/profile with the file as the body (the browser streams it; it is never read into the page), with the
 * drift against the served model's training data when `compare` is set.
 */
export async function profileFile(file: File, { compare, target, signal }: { compare: boolean; target?: string; signal?: AbortSignal }): Promise<DataProfile> {
  const query: ProfileQuery = { name: file.name, ...(compare ? { compare: 'training' } : {}), ...(target ? { target } : {}) };
  const url = `${apiUrl('/v1/profile')}?${new URLSearchParams(query as Record<string, string>).toString()}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: file, headers: { 'content-type': 'text/csv', ...authHeaders() }, signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(`cannot reach the custseg server (${e instanceof Error ? e.message : String(e)})`, 0);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as DataProfile;
}
