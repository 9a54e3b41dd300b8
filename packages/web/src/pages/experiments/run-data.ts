import { api, apiUrl, type Experiment, type FileInfo, type Run } from '../../api/client';
import { unwrap } from '../../api/errors';

// What the experiment, run and model pages share: reading a run's params and metrics, and formatting them.

/** The metrics shown first wherever runs are listed, in this order, when a run has them. */
export const KEY_METRICS = ['accuracy', 'log_loss', 'macro_f1', 'cv_mean_accuracy', 'fit_seconds'] as const;
/** The params shown by default in the runs table. */
export const KEY_PARAMS = ['preset', 'seed'] as const;
/** Metrics where smaller is better (the chart and tables say so). */
export const LOWER_IS_BETTER = new Set(['log_loss', 'cv_mean_log_loss', 'fit_seconds']);

type MetricValue = NonNullable<Run['data']['metrics']>[number]['value'];

export function metricNumber(v: MetricValue): number {
  if (typeof v === 'number') return v;
  return v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN;
}

/** The latest value of each metric of a run. */
export function metricsOf(run: Run): Map<string, number> {
  return new Map((run.data.metrics ?? []).map((m) => [m.key, metricNumber(m.value)]));
}

export function paramsOf(run: Run): Map<string, string> {
  return new Map((run.data.params ?? []).map((p) => [p.key, p.value]));
}

export function tagOf(run: Run, key: string): string | undefined {
  return run.data.tags?.find((t) => t.key === key)?.value;
}

/** The run's name, or the start of its id when it has none. */
export function runLabel(run: Run): string {
  return run.info.run_name || run.info.run_id.slice(0, 8);
}

export function formatMetric(v: number | undefined): string {
  if (v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toFixed(4)));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A local date and time, YYYY-MM-DD HH:MM:SS. */
export function formatTime(ms: number | undefined | null): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms) || ms <= 0) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function durationMs(run: Run): number | undefined {
  const { start_time, end_time } = run.info;
  return end_time && start_time && end_time >= start_time ? end_time - start_time : undefined;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m - h * 60} min`;
}

/** Every active experiment, most recently updated first. */
export async function loadExperiments(): Promise<Experiment[]> {
  const all: Experiment[] = [];
  let page_token: string | undefined;
  for (let i = 0; i < 50; i++) {
    const r = await unwrap(api.GET('/api/2.0/mlflow/experiments/search', { params: { query: { max_results: 1000, view_type: 'ACTIVE_ONLY', ...(page_token ? { page_token } : {}) } } }));
    all.push(...(r.experiments ?? []));
    page_token = r.next_page_token || undefined;
    if (!page_token) break;
  }
  return all.sort((a, b) => b.last_update_time - a.last_update_time);
}

/** The runs of an experiment, newest first, page by page up to `limit`. */
export async function searchRuns(experimentId: string, filter: string, limit: number): Promise<{ runs: Run[]; truncated: boolean }> {
  const runs: Run[] = [];
  let page_token: string | undefined;
  for (;;) {
    const r = await unwrap(
      api.POST('/api/2.0/mlflow/runs/search', {
        body: {
          experiment_ids: [experimentId],
          max_results: Math.min(1000, limit - runs.length),
          run_view_type: 'ACTIVE_ONLY',
          ...(filter.trim() ? { filter: filter.trim() } : {}),
          ...(page_token ? { page_token } : {}),
        },
      }),
    );
    runs.push(...(r.runs ?? []));
    page_token = r.next_page_token || undefined;
    if (!page_token) return { runs, truncated: false };
    if (runs.length >= limit) return { runs, truncated: true };
  }
}

export function getRun(runId: string): Promise<Run> {
  return unwrap(api.GET('/api/2.0/mlflow/runs/get', { params: { query: { run_id: runId } } })).then((r) => r.run);
}

/** One file of a run's artifacts as text (GET /get-artifact). */
export function artifactText(runId: string, path: string): Promise<string> {
  return unwrap(api.GET('/get-artifact', { params: { query: { run_id: runId, path } }, parseAs: 'text' })) as Promise<string>;
}

/** The address that downloads (or shows) one artifact file. */
export function artifactHref(runId: string, path: string): string {
  return apiUrl(`/get-artifact?${new URLSearchParams({ run_id: runId, path })}`);
}

/** One directory of a run's artifacts ('' for the root), every page. */
export async function listArtifacts(runId: string, path: string): Promise<FileInfo[]> {
  const files: FileInfo[] = [];
  let page_token: string | undefined;
  for (let i = 0; i < 100; i++) {
    const r = await unwrap(api.GET('/api/2.0/mlflow/artifacts/list', { params: { query: { run_id: runId, ...(path ? { path } : {}), ...(page_token ? { page_token } : {}) } } }));
    files.push(...(r.files ?? []));
    page_token = r.next_page_token || undefined;
    if (!page_token) break;
  }
  return files.sort((a, b) => (a.is_dir === b.is_dir ? a.path.localeCompare(b.path) : a.is_dir ? -1 : 1));
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
