import * as Plot from '@observablehq/plot';
import { useId, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type FileInfo, type Run } from '../../api/client';
import { unwrap } from '../../api/errors';
import { DataTable } from '../../components/DataTable';
import { PlotFigure } from '../../components/PlotFigure';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useAsync } from '../../hooks/useAsync';
import {
  artifactHref,
  artifactText,
  durationMs,
  formatBytes,
  formatDuration,
  formatMetric,
  formatTime,
  getRun,
  KEY_METRICS,
  listArtifacts,
  LOWER_IS_BETTER,
  metricsOf,
  paramsOf,
  runLabel,
  tagOf,
} from './run-data';
import { StatusChip } from './StatusChip';

/** /runs/:runId: what a run was, its params and metrics, confusion matrix, classification report and artifacts. */
export function RunPage() {
  const { runId = '' } = useParams();
  const state = useAsync(() => getRun(runId), [runId]);

  if (state.status === 'loading') {
    return (
      <>
        <h1>Run</h1>
        <Loading what="the run" />
      </>
    );
  }
  if (state.status === 'error') {
    return (
      <>
        <h1>Run</h1>
        <ErrorState title={`Could not load run ${runId}`} error={state.error} onRetry={state.reload}>
          <p>
            <Link to="/experiments">Browse the experiments</Link> to find a run.
          </p>
        </ErrorState>
      </>
    );
  }
  return <RunDetails run={state.data} />;
}

function RunDetails({ run }: { run: Run }) {
  const ids = useId();
  const { info } = run;
  const experiment = useAsync(
    () => unwrap(api.GET('/api/2.0/mlflow/experiments/get', { params: { query: { experiment_id: info.experiment_id } } })).then((r) => r.experiment.name),
    [info.experiment_id],
  );
  const artifacts = useAsync(() => listArtifacts(info.run_id, ''), [info.run_id]);
  const metrics = useMemo(() => [...metricsOf(run)].map(([key, value]) => ({ key, value })), [run]);
  const params = useMemo(() => [...paramsOf(run)].map(([key, value]) => ({ key, value })), [run]);
  const source = tagOf(run, 'mlflow.source.name');
  const commit = tagOf(run, 'mlflow.source.git.commit');
  const keyRank = (k: string) => {
    const i = (KEY_METRICS as readonly string[]).indexOf(k);
    return i < 0 ? KEY_METRICS.length : i;
  };

  return (
    <>
      <p className="small">
        <Link to={`/experiments?experiment=${encodeURIComponent(info.experiment_id)}`}>← Experiment runs</Link>
      </p>
      <h1>
        Run {runLabel(run)} <StatusChip status={info.status} />
      </h1>
      <section className="card" aria-label="Run facts">
        <dl className="facts run-facts">
          <dt>Name</dt>
          <dd>{info.run_name || '—'}</dd>
          <dt>Run ID</dt>
          <dd>
            <code>{info.run_id}</code>
          </dd>
          <dt>Status</dt>
          <dd>{info.status}</dd>
          <dt>Experiment</dt>
          <dd>
            <Link to={`/experiments?experiment=${encodeURIComponent(info.experiment_id)}`}>
              {experiment.status === 'ready' ? experiment.data : `experiment ${info.experiment_id}`}
            </Link>
          </dd>
          <dt>Started</dt>
          <dd>{formatTime(info.start_time)}</dd>
          <dt>Ended</dt>
          <dd>{formatTime(info.end_time)}</dd>
          <dt>Duration</dt>
          <dd>{formatDuration(durationMs(run))}</dd>
          <dt>User</dt>
          <dd>{info.user_id || '—'}</dd>
          {source ? (
            <>
              <dt>Source</dt>
              <dd>{source}</dd>
            </>
          ) : null}
          {commit ? (
            <>
              <dt>Git commit</dt>
              <dd>
                <code>{commit.slice(0, 12)}</code>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <div className="grid-2">
        <section aria-labelledby={`${ids}-metrics`}>
          <h2 id={`${ids}-metrics`}>Metrics</h2>
          <DataTable
            caption="Metrics"
            columns={[
              { key: 'key', label: 'Metric', sortValue: (m) => m.key, render: (m) => (LOWER_IS_BETTER.has(m.key) ? `${m.key} (lower is better)` : m.key) },
              { key: 'value', label: 'Value', numeric: true, sortValue: (m) => m.value, render: (m) => formatMetric(m.value) },
            ]}
            rows={[...metrics].sort((a, b) => keyRank(a.key) - keyRank(b.key) || a.key.localeCompare(b.key))}
            rowKey={(m) => m.key}
            empty={<EmptyState title="No metrics logged" />}
          />
        </section>
        <section aria-labelledby={`${ids}-params`}>
          <h2 id={`${ids}-params`}>Params</h2>
          <DataTable
            caption="Params"
            columns={[
              { key: 'key', label: 'Param', sortValue: (p) => p.key },
              { key: 'value', label: 'Value', sortValue: (p) => p.value, render: (p) => <span className="wrap">{p.value}</span> },
            ]}
            rows={params}
            rowKey={(p) => p.key}
            pageSize={25}
            empty={<EmptyState title="No params logged" />}
          />
        </section>
      </div>

      {artifacts.status === 'loading' ? (
        <Loading what="the artifacts" />
      ) : artifacts.status === 'error' ? (
        <ErrorState title="Could not list the run's artifacts" error={artifacts.error} onRetry={artifacts.reload} />
      ) : (
        <>
          <div className="grid-2">
            <section aria-labelledby={`${ids}-cm`}>
              <h2 id={`${ids}-cm`}>Confusion matrix</h2>
              <ConfusionMatrixSection runId={info.run_id} files={artifacts.data} />
            </section>
            <section aria-labelledby={`${ids}-report`}>
              <h2 id={`${ids}-report`}>Classification report</h2>
              <ReportSection runId={info.run_id} files={artifacts.data} />
            </section>
          </div>
          <section aria-labelledby={`${ids}-artifacts`}>
            <h2 id={`${ids}-artifacts`}>Artifacts</h2>
            {artifacts.data.length === 0 ? (
              <EmptyState title="This run has no artifacts" />
            ) : (
              <div className="card">
                <ArtifactTree runId={info.run_id} files={artifacts.data} />
              </div>
            )}
          </section>
        </>
      )}
    </>
  );
}

interface ConfusionMatrix {
  classes: string[];
  matrix: number[][];
}

function parseConfusionMatrix(text: string): ConfusionMatrix {
  const o = JSON.parse(text) as Partial<ConfusionMatrix>;
  const k = Array.isArray(o.classes) ? o.classes.length : -1;
  const ok =
    k > 0 &&
    Array.isArray(o.matrix) &&
    o.matrix.length === k &&
    o.matrix.every((row) => Array.isArray(row) && row.length === k && row.every((v) => typeof v === 'number' && Number.isFinite(v)));
  if (!ok) throw new Error('confusion_matrix.json is not {"classes": [...], "matrix": [[...]]} with one row and column per class');
  return { classes: o.classes!.map(String), matrix: o.matrix! };
}

const has = (files: FileInfo[], path: string) => files.some((f) => !f.is_dir && f.path === path);

function ConfusionMatrixSection({ runId, files }: { runId: string; files: FileInfo[] }) {
  const hasJson = has(files, 'confusion_matrix.json');
  const state = useAsync(() => (hasJson ? artifactText(runId, 'confusion_matrix.json').then(parseConfusionMatrix) : Promise.resolve(null)), [runId, hasJson]);
  const svg = has(files, 'confusion_matrix.svg');
  if (state.status === 'loading') return <Loading what="the confusion matrix" />;
  if (state.status === 'ready' && state.data) return <ConfusionMatrixChart cm={state.data} />;
  // older runs logged only the picture
  if (svg) return <img className="artifact-image" src={artifactHref(runId, 'confusion_matrix.svg')} alt="Confusion matrix of the held-out split (rows: true class, columns: predicted class)" />;
  if (state.status === 'error') return <ErrorState title="Could not read confusion_matrix.json" error={state.error} onRetry={state.reload} />;
  return (
    <EmptyState title="No confusion matrix">
      <p>Runs trained without a held-out split (--test-size 0) have none.</p>
    </EmptyState>
  );
}

function ConfusionMatrixChart({ cm }: { cm: ConfusionMatrix }) {
  const { classes, matrix } = cm;
  const data = useMemo(() => classes.flatMap((actual, i) => classes.map((predicted, j) => ({ actual, predicted, count: matrix[i]![j]! }))), [classes, matrix]);
  const total = data.reduce((s, d) => s + d.count, 0);
  const correct = classes.reduce((s, _, i) => s + matrix[i]![i]!, 0);
  const max = Math.max(1, ...data.map((d) => d.count));
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      padding: 0,
      marginLeft: 60,
      marginTop: 40,
      width: Math.max(240, 60 + 64 * classes.length),
      height: Math.max(200, 60 + 56 * classes.length),
      x: { domain: classes, axis: 'top', label: 'Predicted class' },
      y: { domain: classes, label: 'True class' },
      color: { type: 'linear', scheme: 'blues', domain: [0, max] },
      marks: [
        Plot.cell(data, { x: 'predicted', y: 'actual', fill: 'count', inset: 0.5 }),
        Plot.text(data, { x: 'predicted', y: 'actual', text: (d: { count: number }) => String(d.count), fill: (d: { count: number }) => (d.count > max / 2 ? 'white' : 'black') }),
      ],
    }),
    [data, classes, max],
  );
  return (
    <>
      <PlotFigure options={options} label="Confusion matrix of the held-out split: rows are the true class, columns the predicted class" />
      <p className="muted small">
        {total.toLocaleString('en')} held-out customers, {correct.toLocaleString('en')} on the diagonal ({total ? ((100 * correct) / total).toFixed(1) : '0'}% correct).
      </p>
      <details>
        <summary>As a table</summary>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Confusion matrix: rows are the true class, columns the predicted class</caption>
            <thead>
              <tr>
                <th scope="col">True \ predicted</th>
                {classes.map((c) => (
                  <th scope="col" className="num" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {classes.map((c, i) => (
                <tr key={c}>
                  <th scope="row">{c}</th>
                  {matrix[i]!.map((v, j) => (
                    <td className="num" key={classes[j]}>
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

function ReportSection({ runId, files }: { runId: string; files: FileInfo[] }) {
  const present = has(files, 'classification_report.txt');
  const state = useAsync(() => (present ? artifactText(runId, 'classification_report.txt') : Promise.resolve(null)), [runId, present]);
  if (!present) {
    return (
      <EmptyState title="No classification report">
        <p>Runs trained without a held-out split (--test-size 0) have none.</p>
      </EmptyState>
    );
  }
  if (state.status === 'loading') return <Loading what="the classification report" />;
  if (state.status === 'error') return <ErrorState title="Could not read classification_report.txt" error={state.error} onRetry={state.reload} />;
  return (
    <pre className="report" tabIndex={0} aria-label="Classification report, as text">
      {state.data}
    </pre>
  );
}

/** A run's artifact files with download links; directories open on demand. */
function ArtifactTree({ runId, files }: { runId: string; files: FileInfo[] }) {
  return (
    <ul className="artifact-tree">
      {files.map((f) => (f.is_dir ? <ArtifactDir key={f.path} runId={runId} dir={f} /> : <ArtifactFile key={f.path} runId={runId} file={f} />))}
    </ul>
  );
}

const baseName = (path: string) => path.split('/').pop() ?? path;

function ArtifactFile({ runId, file }: { runId: string; file: FileInfo }) {
  return (
    <li>
      <a href={artifactHref(runId, file.path)} download={baseName(file.path)}>
        {baseName(file.path)}
      </a>{' '}
      <span className="muted small">{formatBytes(file.file_size)}</span>
    </li>
  );
}

function ArtifactDir({ runId, dir }: { runId: string; dir: FileInfo }) {
  const [open, setOpen] = useState(false);
  const ids = useId();
  return (
    <li>
      <button type="button" className="link-button" aria-expanded={open} aria-controls={`${ids}-children`} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {baseName(dir.path)}/
      </button>
      <div id={`${ids}-children`}>{open ? <ArtifactChildren runId={runId} path={dir.path} /> : null}</div>
    </li>
  );
}

function ArtifactChildren({ runId, path }: { runId: string; path: string }) {
  const state = useAsync(() => listArtifacts(runId, path), [runId, path]);
  if (state.status === 'loading') return <Loading what={`${path}/`} />;
  if (state.status === 'error') return <ErrorState title={`Could not list ${path}/`} error={state.error} onRetry={state.reload} />;
  if (state.data.length === 0) return <p className="muted small">(empty)</p>;
  return <ArtifactTree runId={runId} files={state.data} />;
}
