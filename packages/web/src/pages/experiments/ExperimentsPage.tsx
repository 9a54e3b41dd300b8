import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, type Experiment, type Run } from '../../api/client';
import { ApiError, messageOf, unwrap } from '../../api/errors';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useAsync } from '../../hooks/useAsync';
import {
  durationMs,
  formatDuration,
  formatMetric,
  formatTime,
  KEY_METRICS,
  KEY_PARAMS,
  LOWER_IS_BETTER,
  loadExperiments,
  metricsOf,
  paramsOf,
  runLabel,
  searchRuns,
} from './run-data';
import { StatusChip } from './StatusChip';

/** At most this many runs are loaded (newest first); an MLflow filter narrows further. */
const MAX_RUNS = 5000;

interface Row {
  readonly run: Run;
  readonly metrics: Map<string, number>;
  readonly params: Map<string, string>;
  /** What the "Filter runs" box matches: name, id, status and every param as key=value, lower case. */
  readonly haystack: string;
}

function toRow(run: Run): Row {
  const params = paramsOf(run);
  const haystack = [run.info.run_name, run.info.run_id, run.info.status, ...[...params].map(([k, v]) => `${k}=${v}`)].join('\n').toLowerCase();
  return { run, metrics: metricsOf(run), params, haystack };
}

/** The experiment the page opens on: the one with the newest run (most recently updated with runs), else the newest. */
async function loadExperimentsAndDefault(): Promise<{ experiments: Experiment[]; defaultId: string | null }> {
  const experiments = await loadExperiments();
  if (experiments.length === 0) return { experiments, defaultId: null };
  const newest = await unwrap(
    api.POST('/api/2.0/mlflow/runs/search', { body: { experiment_ids: experiments.map((e) => e.experiment_id), max_results: 1, run_view_type: 'ACTIVE_ONLY' } }),
  );
  const withRuns = newest.runs?.[0]?.info.experiment_id;
  return { experiments, defaultId: withRuns ?? experiments[0]!.experiment_id };
}

/** Runs of one experiment in a sortable, filterable table; pick two or more to compare them. */
export function ExperimentsPage() {
  const [params, setParams] = useSearchParams();
  const experimentsState = useAsync(loadExperimentsAndDefault, []);

  if (experimentsState.status === 'loading') {
    return (
      <>
        <h1>Experiments</h1>
        <Loading what="experiments" />
      </>
    );
  }
  if (experimentsState.status === 'error') {
    return (
      <>
        <h1>Experiments</h1>
        <ErrorState title="Could not load the experiments" error={experimentsState.error} onRetry={experimentsState.reload} />
      </>
    );
  }
  const { experiments, defaultId } = experimentsState.data;
  if (experiments.length === 0 || defaultId === null) {
    return (
      <>
        <h1>Experiments</h1>
        <EmptyState title="No experiments yet">
          <p>
            Train a model with tracking to create one, e.g. <code>npx custseg train --data train.csv --model best</code>.
          </p>
        </EmptyState>
      </>
    );
  }
  const experimentId = params.get('experiment') ?? defaultId;
  const filter = params.get('filter') ?? '';
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };
  return (
    <ExperimentRuns
      key={experimentId}
      experiments={experiments}
      experimentId={experimentId}
      filter={filter}
      onExperiment={(id) => update({ experiment: id, filter: null })}
      onFilter={(f) => update({ experiment: experimentId, filter: f })}
    />
  );
}

function ExperimentRuns({
  experiments,
  experimentId,
  filter,
  onExperiment,
  onFilter,
}: {
  experiments: Experiment[];
  experimentId: string;
  filter: string;
  onExperiment: (id: string) => void;
  onFilter: (filter: string) => void;
}) {
  const navigate = useNavigate();
  const ids = useId();
  const experiment = experiments.find((e) => e.experiment_id === experimentId);
  const runsState = useAsync(() => (experiment ? searchRuns(experimentId, filter, MAX_RUNS) : Promise.resolve({ runs: [], truncated: false })), [experimentId, filter, !!experiment]);
  const [query, setQuery] = useState('');
  const [draftFilter, setDraftFilter] = useState(filter);
  useEffect(() => setDraftFilter(filter), [filter]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [shown, setShown] = useState<ReadonlySet<string> | null>(null);

  const rows = useMemo(() => (runsState.status === 'ready' ? runsState.data.runs.map(toRow) : []), [runsState]);
  const metricKeys = useMemo(() => sortKeys(rows.flatMap((r) => [...r.metrics.keys()]), KEY_METRICS), [rows]);
  const paramKeys = useMemo(() => sortKeys(rows.flatMap((r) => [...r.params.keys()]), KEY_PARAMS), [rows]);
  const visible = useMemo(
    () => shown ?? new Set([...KEY_METRICS.filter((k) => metricKeys.includes(k)).map((k) => `metric:${k}`), ...KEY_PARAMS.filter((k) => paramKeys.includes(k)).map((k) => `param:${k}`)]),
    [shown, metricKeys, paramKeys],
  );
  const filtered = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return words.length ? rows.filter((r) => words.every((w) => r.haystack.includes(w))) : rows;
  }, [rows, query]);

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const toggleColumn = (key: string, on: boolean) => {
    const next = new Set(visible);
    if (on) next.add(key);
    else next.delete(key);
    setShown(next);
  };

  const columns = useMemo<Column<Row>[]>(() => {
    const cols: Column<Row>[] = [
      {
        key: 'select',
        label: <span className="visually-hidden">Select</span>,
        render: (r) => (
          <input
            type="checkbox"
            aria-label={`Select run ${runLabel(r.run)}`}
            checked={selected.has(r.run.info.run_id)}
            onChange={(e) => toggle(r.run.info.run_id, e.target.checked)}
          />
        ),
      },
      {
        key: 'name',
        label: 'Run',
        sortValue: (r) => runLabel(r.run),
        render: (r) => <Link to={`/runs/${encodeURIComponent(r.run.info.run_id)}`}>{runLabel(r.run)}</Link>,
      },
      { key: 'status', label: 'Status', sortValue: (r) => r.run.info.status, render: (r) => <StatusChip status={r.run.info.status} /> },
      {
        key: 'start',
        label: 'Started',
        sortValue: (r) => r.run.info.start_time,
        render: (r) => <time dateTime={new Date(r.run.info.start_time).toISOString()}>{formatTime(r.run.info.start_time)}</time>,
      },
      { key: 'duration', label: 'Duration', numeric: true, sortValue: (r) => durationMs(r.run), render: (r) => formatDuration(durationMs(r.run)) },
    ];
    for (const k of metricKeys) {
      if (!visible.has(`metric:${k}`)) continue;
      cols.push({
        key: `metric:${k}`,
        label: k,
        numeric: true,
        sortValue: (r) => r.metrics.get(k),
        render: (r) => formatMetric(r.metrics.get(k)),
      });
    }
    for (const k of paramKeys) {
      if (!visible.has(`param:${k}`)) continue;
      cols.push({ key: `param:${k}`, label: k, sortValue: (r) => r.params.get(k), render: (r) => r.params.get(k) ?? '—' });
    }
    return cols;
  }, [metricKeys, paramKeys, visible, selected]);

  const selectedIds = rows.map((r) => r.run.info.run_id).filter((id) => selected.has(id));
  const filterError = runsState.status === 'error' && filter ? runsState.error : null;
  const applyFilter = (e: FormEvent) => {
    e.preventDefault();
    onFilter(draftFilter.trim());
  };

  return (
    <>
      <h1>Experiments</h1>
      <p className="lead">Runs of an experiment: sort by a column, filter, and select two or more to compare them.</p>
      <div className="card">
        <div className="fields experiment-controls">
          <div className="field">
            <label htmlFor={`${ids}-experiment`}>Experiment</label>
            <select id={`${ids}-experiment`} value={experiment ? experimentId : ''} onChange={(e) => onExperiment(e.target.value)}>
              {experiment ? null : <option value="">(unknown experiment {experimentId})</option>}
              {experiments.map((e) => (
                <option key={e.experiment_id} value={e.experiment_id}>
                  {e.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-query`}>Filter runs</label>
            <input id={`${ids}-query`} type="search" value={query} placeholder="name, status or param value" onChange={(e) => setQuery(e.target.value)} />
          </div>
        </div>
        <form className="mlflow-filter" onSubmit={applyFilter}>
          <div className="field">
            <label htmlFor={`${ids}-filter`}>MLflow filter</label>
            <div className="inline-input">
              <input
                id={`${ids}-filter`}
                type="text"
                value={draftFilter}
                spellCheck={false}
                placeholder="metrics.accuracy > 0.5 and params.preset = 'best'"
                aria-invalid={filterError ? true : undefined}
                aria-describedby={`${ids}-filter-hint${filterError ? ` ${ids}-filter-error` : ''}`}
                onChange={(e) => setDraftFilter(e.target.value)}
              />
              <button type="submit">Apply filter</button>
              {filter ? (
                <button type="button" onClick={() => onFilter('')}>
                  Clear filter
                </button>
              ) : null}
            </div>
            <span className="hint" id={`${ids}-filter-hint`}>
              Sent to the server as MLflow&apos;s search filter (metrics., params., tags., attributes.).
            </span>
            {filterError ? (
              <span className="problem" id={`${ids}-filter-error`} role="alert">
                {filterError instanceof ApiError && !filterError.unreachable ? messageOf(filterError) : 'The custseg server does not answer.'}
              </span>
            ) : null}
          </div>
        </form>
      </div>

      {!experiment ? (
        <EmptyState title={`No experiment with id ${experimentId}`}>
          <p>Pick one of the experiments above.</p>
        </EmptyState>
      ) : runsState.status === 'loading' ? (
        <Loading what="runs" />
      ) : runsState.status === 'error' ? (
        filterError ? null : <ErrorState title="Could not load the runs" error={runsState.error} onRetry={runsState.reload} />
      ) : (
        <>
          <div className="actions run-actions">
            <button
              type="button"
              className="primary"
              disabled={selectedIds.length < 2}
              onClick={() => navigate(`/experiments/${encodeURIComponent(experimentId)}/compare?runs=${selectedIds.map(encodeURIComponent).join(',')}`)}
            >
              Compare
            </button>
            <span className="muted" aria-live="polite">
              {selectedIds.length === 0 ? 'Select two or more runs to compare them.' : `${selectedIds.length} selected`}
            </span>
            {selectedIds.length > 0 ? (
              <button type="button" onClick={() => setSelected(new Set())}>
                Clear selection
              </button>
            ) : null}
            <ColumnPicker metricKeys={metricKeys} paramKeys={paramKeys} visible={visible} onToggle={toggleColumn} />
          </div>
          <p className="muted small">
            {filtered.length === rows.length ? `${rows.length.toLocaleString('en')} runs` : `${filtered.length.toLocaleString('en')} of ${rows.length.toLocaleString('en')} runs`}
            {runsState.data.truncated ? ` (the newest ${MAX_RUNS.toLocaleString('en')}; an MLflow filter narrows the search)` : ''}
          </p>
          <DataTable
            caption={`Runs of ${experiment.name}`}
            columns={columns}
            rows={filtered}
            rowKey={(r) => r.run.info.run_id}
            rowClass={(r) => (selected.has(r.run.info.run_id) ? 'selected' : undefined)}
            initialSort={{ key: 'start', desc: true }}
            empty={
              rows.length === 0 ? (
                <EmptyState title={filter ? 'No run matches this MLflow filter' : 'This experiment has no runs yet'} />
              ) : (
                <EmptyState title="No run matches the filter">
                  <p>Nothing in the name, status or params contains “{query}”.</p>
                </EmptyState>
              )
            }
          />
        </>
      )}
    </>
  );
}

function ColumnPicker({
  metricKeys,
  paramKeys,
  visible,
  onToggle,
}: {
  metricKeys: string[];
  paramKeys: string[];
  visible: ReadonlySet<string>;
  onToggle: (key: string, on: boolean) => void;
}) {
  if (metricKeys.length === 0 && paramKeys.length === 0) return null;
  const group = (title: string, prefix: string, keys: string[]) =>
    keys.length ? (
      <fieldset>
        <legend>{title}</legend>
        {keys.map((k) => (
          <label key={k} className="check">
            <input type="checkbox" checked={visible.has(`${prefix}:${k}`)} onChange={(e) => onToggle(`${prefix}:${k}`, e.target.checked)} />
            {k}
            {prefix === 'metric' && LOWER_IS_BETTER.has(k) ? <span className="muted"> (lower is better)</span> : null}
          </label>
        ))}
      </fieldset>
    ) : null;
  return (
    <details className="column-picker">
      <summary>Columns</summary>
      <div className="column-picker-body">
        {group('Metrics', 'metric', metricKeys)}
        {group('Params', 'param', paramKeys)}
      </div>
    </details>
  );
}

/** Distinct keys: the preferred ones first in their order, then the rest alphabetically. */
function sortKeys(keys: string[], preferred: readonly string[]): string[] {
  const set = new Set(keys);
  const first = preferred.filter((k) => set.has(k));
  const rest = [...set].filter((k) => !preferred.includes(k)).sort((a, b) => a.localeCompare(b));
  return [...first, ...rest];
}
