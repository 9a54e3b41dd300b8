import { apiUrl, authHeaders, type ScoredLine } from '../../api/client';
import { ApiError, errorFromResponse } from '../../api/errors';
import { csvCell } from '../../model/csv-cell';

export interface ScoreProgress {
  readonly rows: number;
  readonly errors: number;
  readonly counts: Readonly<Record<string, number>>;
}

export interface ScoredFile {
  readonly lines: ScoredLine[];
  readonly counts: Record<string, number>;
  readonly errors: number;
  readonly model: { name: string | null; version: string | null };
}

/**
 * Sends a CSV file to POST /v1/predict/csv and reads the answer as NDJSON while it streams in, one scored line per
 * input row, in order. `onProgress` is called at most every `everyMs` (the page stays responsive on 100,000 rows).
 */
export async function scoreCsvFile(file: Blob, { onProgress, signal, everyMs = 150 }: { onProgress?: (p: ScoreProgress) => void; signal?: AbortSignal; everyMs?: number } = {}): Promise<ScoredFile> {
  let response: Response;
  try {
    response = await fetch(apiUrl('/v1/predict/csv'), {
      method: 'POST',
      body: file,
      headers: { 'content-type': 'text/csv', accept: 'application/x-ndjson', ...authHeaders() },
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(`cannot reach the custseg server (${e instanceof Error ? e.message : String(e)})`, 0);
  }
  if (!response.ok) throw await errorFromResponse(response);
  const lines: ScoredLine[] = [];
  const counts: Record<string, number> = {};
  let errors = 0;
  let last = 0;
  const take = (text: string) => {
    if (!text.trim()) return;
    const line = JSON.parse(text) as ScoredLine;
    lines.push(line);
    if (line.error) errors++;
    else if (line.segment !== undefined) counts[line.segment] = (counts[line.segment] ?? 0) + 1;
  };
  const body = response.body;
  if (!body) {
    for (const l of (await response.text()).split('\n')) take(l);
  } else {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += decoder.decode(value, { stream: true });
      const cut = rest.lastIndexOf('\n');
      if (cut >= 0) {
        for (const l of rest.slice(0, cut).split('\n')) take(l);
        rest = rest.slice(cut + 1);
      }
      const now = Date.now();
      if (onProgress && now - last >= everyMs) {
        last = now;
        onProgress({ rows: lines.length, errors, counts: { ...counts } });
      }
    }
    take(rest + decoder.decode());
  }
  onProgress?.({ rows: lines.length, errors, counts: { ...counts } });
  return { lines, counts, errors, model: { name: response.headers.get('x-model-name'), version: response.headers.get('x-model-version') } };
}


/** The download: one row per customer — ID, Segmentation, one probability per class, warnings, error. */
export function resultsCsv(lines: readonly ScoredLine[], classes: readonly string[], idField: string, target: string): string {
  const out = [[idField, target, ...classes.map((c) => `prob_${c}`), 'warnings', 'error'].map(csvCell).join(',')];
  for (const l of lines) {
    const id = (l as Record<string, unknown>)[idField];
    out.push(
      [
        id === undefined || id === null ? '' : csvCell(String(id)),
        l.segment ?? '',
        ...classes.map((c) => (l.probabilities?.[c] === undefined ? '' : String(l.probabilities[c]))),
        csvCell((l.warnings ?? []).join('; ')),
        csvCell(l.error ?? ''),
      ].join(','),
    );
  }
  return `${out.join('\n')}\n`;
}
