import * as Plot from '@observablehq/plot';
import { useId, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Run } from '../../api/client';
import { PlotFigure } from '../../components/PlotFigure';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useAsync } from '../../hooks/useAsync';
import { durationMs, formatDuration, formatMetric, formatTime, getRun, KEY_METRICS, LOWER_IS_BETTER, metricsOf, paramsOf, runLabel } from './run-data';
import { StatusChip } from './StatusChip';

interface Field {
  readonly key: string;
  readonly values: (string | number | undefined)[];
  readonly shown: string[];
  readonly differs: boolean;
}

function fields(keys: string[], values: (key: string) => (string | number | undefined)[], format: (v: string | number | undefined) => string): Field[] {
  return keys.map((key) => {
    const vs = values(key);
    const shown = vs.map(format);
    return { key, values: vs, shown, differs: new Set(vs.map((v) => (v === undefined ? '\u0000missing' : String(v)))).size > 1 };
  });
}

/** The runs of /experiments/:id/compare?runs=a,b,c side by side: every param and metric, differences marked. */
export function ComparePage() {
  const { experimentId = '' } = useParams();
  const [params] = useSearchParams();
  const runIds = useMemo(() => [...new Set((params.get('runs') ?? '').split(',').map((s) => s.trim()).filter(Boolean))], [params]);
  const state = useAsync(() => Promise.all(runIds.map(getRun)), [runIds.join(',')]);
  const back = `/experiments?experiment=${encodeURIComponent(experimentId)}`;

  let body;
  if (runIds.length < 2) {
    body = (
      <EmptyState title="Pick at least two runs to compare">
        <p>
          <Link to={back}>Back to the runs</Link> and select two or more.
        </p>
      </EmptyState>
    );
  } else if (state.status === 'loading') body = <Loading what={`${runIds.length} runs`} />;
  else if (state.status === 'error') body = <ErrorState title="Could not load the runs to compare" error={state.error} onRetry={state.reload} />;
  else body = <Comparison runs={state.data} />;

  return (
    <>
      <p className="small">
        <Link to={back}>← Experiment runs</Link>
      </p>
      <h1>Compare runs</h1>
      {body}
    </>
  );
}

function Comparison({ runs }: { runs: Run[] }) {
  const ids = useId();
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const metrics = useMemo(() => runs.map(metricsOf), [runs]);
  const params = useMemo(() => runs.map(paramsOf), [runs]);
  const labels = useMemo(() => uniqueLabels(runs), [runs]);

  const metricKeys = useMemo(() => orderKeys(metrics.flatMap((m) => [...m.keys()]), KEY_METRICS), [metrics]);
  const paramKeys = useMemo(() => orderKeys(params.flatMap((p) => [...p.keys()]), []), [params]);
  const metricRows = useMemo(() => fields(metricKeys, (k) => metrics.map((m) => m.get(k)), (v) => formatMetric(v as number | undefined)), [metricKeys, metrics]);
  const paramRows = useMemo(() => fields(paramKeys, (k) => params.map((p) => p.get(k)), (v) => (v === undefined ? '—' : String(v))), [paramKeys, params]);
  const [metric, setMetric] = useState(() => metricKeys.find((k) => k === 'accuracy') ?? metricKeys[0] ?? '');

  const differing = metricRows.filter((f) => f.differs).length + paramRows.filter((f) => f.differs).length;
  const section = (title: string, rows: Field[]) => {
    const visible = onlyDiffs ? rows.filter((f) => f.differs) : rows;
    return (
      <tbody>
        <tr className="section-row">
          <th scope="rowgroup" colSpan={runs.length + 1}>
            {title} ({visible.length})
          </th>
        </tr>
        {visible.length === 0 ? (
          <tr>
            <td colSpan={runs.length + 1} className="muted">
              {rows.length === 0 ? `No ${title.toLowerCase()} logged.` : `No ${title.toLowerCase()} differ.`}
            </td>
          </tr>
        ) : (
          visible.map((f) => (
            <tr key={f.key} className={f.differs ? 'differs' : undefined}>
              <th scope="row">
                {f.key}
                {f.differs ? <span className="diff-flag"> differs</span> : null}
              </th>
              {f.shown.map((v, i) => (
                <td key={runs[i]!.info.run_id} className={[title === 'Metrics' ? 'num' : '', f.differs ? 'diff' : ''].join(' ').trim() || undefined}>
                  {v}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    );
  };

  return (
    <>
      <p className="lead">
        {runs.length} runs; {differing === 0 ? 'every param and metric is the same.' : `${differing} params and metrics differ (highlighted, marked “differs”).`}
      </p>
      <section className="card" aria-labelledby={`${ids}-chart`}>
        <h2 id={`${ids}-chart`}>Metric per run</h2>
        {metricKeys.length === 0 ? (
          <EmptyState title="These runs have no metrics" />
        ) : (
          <>
            <div className="field metric-picker">
              <label htmlFor={`${ids}-metric`}>Metric</label>
              <select id={`${ids}-metric`} value={metric} onChange={(e) => setMetric(e.target.value)}>
                {metricKeys.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </div>
            <MetricChart metric={metric} labels={labels} values={metrics.map((m) => m.get(metric))} />
          </>
        )}
      </section>
      <section aria-labelledby={`${ids}-table`}>
        <h2 id={`${ids}-table`}>Params and metrics</h2>
        <label className="check">
          <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} /> Only rows that differ
        </label>
        <div className="table-wrap compare-table">
          <table>
            <caption className="visually-hidden">Params and metrics of the compared runs, one column per run</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                {runs.map((r, i) => (
                  <th scope="col" key={r.info.run_id}>
                    <Link to={`/runs/${encodeURIComponent(r.info.run_id)}`}>{labels[i]}</Link>
                    <div className="small muted run-head">
                      <StatusChip status={r.info.status} /> {formatTime(r.info.start_time)} · {formatDuration(durationMs(r))}
                    </div>
                  </th>
                ))}
              </tr>
            </thead>
            {section('Metrics', metricRows)}
            {section('Params', paramRows)}
          </table>
        </div>
      </section>
    </>
  );
}

function MetricChart({ metric, labels, values }: { metric: string; labels: string[]; values: (number | undefined)[] }) {
  const data = useMemo(
    () => labels.map((run, i) => ({ run, value: values[i] })).filter((d): d is { run: string; value: number } => d.value !== undefined && Number.isFinite(d.value)),
    [labels, values],
  );
  const missing = labels.filter((_, i) => values[i] === undefined || !Number.isFinite(values[i]!));
  const lower = LOWER_IS_BETTER.has(metric);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      marginBottom: 60,
      marginLeft: 56,
      height: 280,
      x: { domain: data.map((d) => d.run), label: null, tickRotate: data.length > 4 ? -25 : 0 },
      y: { grid: true, label: `${metric}${lower ? ' (lower is better)' : ''}`, zero: true },
      marks: [
        Plot.barY(data, { x: 'run', y: 'value', fill: 'var(--accent)', title: (d: { run: string; value: number }) => `${d.run}: ${formatMetric(d.value)}` }),
        Plot.text(data, { x: 'run', y: 'value', text: (d: { value: number }) => formatMetric(d.value), dy: -8, fill: 'currentColor' }),
        Plot.ruleY([0]),
      ],
    }),
    [data, metric, lower],
  );
  if (data.length === 0) return <EmptyState title={`None of these runs has a value for ${metric}`} />;
  return (
    <>
      <PlotFigure options={options} label={`Bar chart of ${metric} per run`} />
      <p className="muted small">
        {data.map((d) => `${d.run}: ${formatMetric(d.value)}`).join(' · ')}
        {missing.length ? ` · no value: ${missing.join(', ')}` : ''}
      </p>
    </>
  );
}

/** Run names as column and bar labels, made unique with the start of the run id when two runs share a name. */
function uniqueLabels(runs: Run[]): string[] {
  const names = runs.map(runLabel);
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  return names.map((n, i) => ((count.get(n) ?? 0) > 1 ? `${n} (${runs[i]!.info.run_id.slice(0, 7)})` : n));
}

/** Distinct keys: the preferred ones first in their order, then the rest alphabetically. */
function orderKeys(keys: string[], preferred: readonly string[]): string[] {
  const set = new Set(keys);
  return [...preferred.filter((k) => set.has(k)), ...[...set].filter((k) => !preferred.includes(k)).sort((a, b) => a.localeCompare(b))];
}
