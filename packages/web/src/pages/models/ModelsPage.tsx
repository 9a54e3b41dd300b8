import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, authHeaders, getToken, setToken, type ModelVersion, type RegisteredModel, type Run } from '../../api/client';
import { ApiError, messageOf, unwrap } from '../../api/errors';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useAsync } from '../../hooks/useAsync';
import { useServedModel } from '../../model/ServedModelContext';
import { formatMetric, formatTime, getRun, metricsOf, runLabel } from '../experiments/run-data';

const CHAMPION = 'champion';
/** The registered-model tag where `custseg models promote` keeps the alias's earlier versions (newest last). */
const HISTORY_TAG = `custseg.alias_history.${CHAMPION}`;
const VERSION_METRICS = ['accuracy', 'log_loss', 'cv_mean_accuracy'] as const;

async function loadRegisteredModels(): Promise<RegisteredModel[]> {
  const all: RegisteredModel[] = [];
  let page_token: string | undefined;
  for (let i = 0; i < 100; i++) {
    const r = await unwrap(api.GET('/api/2.0/mlflow/registered-models/search', { params: { query: { max_results: 100, ...(page_token ? { page_token } : {}) } } }));
    all.push(...(r.registered_models ?? []));
    page_token = r.next_page_token || undefined;
    if (!page_token) break;
  }
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

interface VersionRow {
  readonly version: ModelVersion;
  /** The source run, null when the version has none or it could not be read (deleted). */
  readonly run: Run | null;
  readonly metrics: Map<string, number>;
}

/** Quotes a value for an MLflow filter: single quotes, doubled inside. */
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

async function loadVersions(name: string): Promise<VersionRow[]> {
  const versions: ModelVersion[] = [];
  let page_token: string | undefined;
  for (let i = 0; i < 100; i++) {
    const r = await unwrap(
      api.GET('/api/2.0/mlflow/model-versions/search', { params: { query: { filter: `name=${quote(name)}`, max_results: 1000, ...(page_token ? { page_token } : {}) } } }),
    );
    versions.push(...(r.model_versions ?? []));
    page_token = r.next_page_token || undefined;
    if (!page_token) break;
  }
  versions.sort((a, b) => Number(b.version) - Number(a.version) || b.creation_timestamp - a.creation_timestamp);
  const runIds = [...new Set(versions.map((v) => v.run_id).filter((id): id is string => !!id))];
  const runs = new Map(await Promise.all(runIds.map(async (id) => [id, await getRun(id).catch(() => null)] as const)));
  return versions.map((version) => {
    const run = (version.run_id && runs.get(version.run_id)) || null;
    return { version, run, metrics: run ? metricsOf(run) : new Map() };
  });
}

function championOf(model: RegisteredModel, rows: VersionRow[] | null): string | undefined {
  return rows?.find((r) => r.version.aliases?.includes(CHAMPION))?.version.version ?? model.aliases?.find((a) => a.alias === CHAMPION)?.version;
}

function historyOf(model: RegisteredModel): string[] {
  const tag = model.tags?.find((t) => t.key === HISTORY_TAG);
  try {
    const v: unknown = tag ? JSON.parse(tag.value) : [];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The version a roll back returns to: the champion before the current one as `custseg models promote` recorded it,
 * else the newest version older than the champion.
 */
function previousChampion(model: RegisteredModel, rows: VersionRow[], champion: string | undefined): string | undefined {
  if (champion === undefined) return undefined;
  const known = new Set(rows.map((r) => r.version.version));
  const recorded = [...historyOf(model)].reverse().find((v) => v !== champion && known.has(v));
  if (recorded) return recorded;
  return rows.map((r) => r.version.version).find((v) => Number(v) < Number(champion));
}

interface Pending {
  readonly model: RegisteredModel;
  readonly version: string;
  readonly from: string | undefined;
  readonly rollback: boolean;
}

/** Registered models, their versions with metrics and source run, and promotion of a version to champion. */
export function ModelsPage() {
  const models = useAsync(loadRegisteredModels, []);
  const served = useServedModel();
  const [tick, setTick] = useState(0);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<{ text: string } | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // after a promotion the focus goes to what happened (the button that opened the dialog may be gone)
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const done = useCallback(
    (message: string) => {
      setPending(null);
      setNotice({ text: message });
      setTick((t) => t + 1);
      models.reload();
      served.reload();
    },
    [models.reload, served.reload],
  );

  let body;
  if (models.status === 'loading') body = <Loading what="the registered models" />;
  else if (models.status === 'error') body = <ErrorState title="Could not load the registered models" error={models.error} onRetry={models.reload} />;
  else if (models.data.length === 0) {
    body = (
      <EmptyState title="No registered models yet">
        <p>
          Register a training run as a model version, e.g. <code>npx custseg train --data train.csv --model best --register customer-segmentation</code>, then
          promote it here.
        </p>
      </EmptyState>
    );
  } else {
    body = models.data.map((m) => <ModelCard key={m.name} model={m} tick={tick} onPromote={setPending} />);
  }

  return (
    <>
      <h1>Models</h1>
      <p className="lead">Registered models and their versions. The version with the alias champion is the one a server of models:/NAME@champion serves.</p>
      <ServedNow />
      {notice ? (
        <p className="notice" role="status" tabIndex={-1} ref={noticeRef}>
          {notice.text}
        </p>
      ) : null}
      {body}
      {pending ? <PromoteDialog pending={pending} onCancel={() => setPending(null)} onDone={done} /> : null}
    </>
  );
}

function ServedNow() {
  const served = useServedModel();
  if (served.status === 'loading') return <Loading what="the model being served" />;
  if (served.status === 'error') {
    const e = served.error;
    return (
      <p className="served-now muted">
        {e instanceof ApiError && e.unreachable ? 'The custseg server does not answer.' : 'No model is being served right now.'}
      </p>
    );
  }
  const m = served.data;
  return (
    <p className="served-now">
      <strong>Serving now:</strong> {m.name} version {m.version}
      {m.alias ? ` (@${m.alias})` : ''}, loaded {formatTime(Date.parse(m.loaded_at))}
      {m.run_id ? (
        <>
          {' '}
          from run <Link to={`/runs/${encodeURIComponent(m.run_id)}`}>{m.run_id.slice(0, 8)}</Link>
        </>
      ) : null}
      .
    </p>
  );
}

function ModelCard({ model, tick, onPromote }: { model: RegisteredModel; tick: number; onPromote: (p: Pending) => void }) {
  const ids = useId();
  const versions = useAsync(() => loadVersions(model.name), [model.name, tick]);
  const served = useServedModel();
  const rows = versions.status === 'ready' ? versions.data : null;
  const champion = championOf(model, rows);
  const previous = rows ? previousChampion(model, rows, champion) : undefined;
  const servedVersion = served.status === 'ready' && served.data.name === model.name ? served.data.version : undefined;

  const columns = useMemo<Column<VersionRow>[]>(
    () => [
      { key: 'version', label: 'Version', numeric: true, sortValue: (r) => Number(r.version.version), render: (r) => r.version.version },
      {
        key: 'created',
        label: 'Created',
        sortValue: (r) => r.version.creation_timestamp,
        render: (r) => <time dateTime={new Date(r.version.creation_timestamp).toISOString()}>{formatTime(r.version.creation_timestamp)}</time>,
      },
      {
        key: 'run',
        label: 'Source run',
        sortValue: (r) => (r.run ? runLabel(r.run) : r.version.run_id),
        render: (r) =>
          r.version.run_id ? (
            <Link to={`/runs/${encodeURIComponent(r.version.run_id)}`}>{r.run ? runLabel(r.run) : r.version.run_id.slice(0, 8)}</Link>
          ) : (
            <span className="muted">none</span>
          ),
      },
      ...VERSION_METRICS.map<Column<VersionRow>>((k) => ({ key: k, label: k, numeric: true, sortValue: (r) => r.metrics.get(k), render: (r) => formatMetric(r.metrics.get(k)) })),
      {
        key: 'aliases',
        label: 'Aliases',
        render: (r) => {
          const v = r.version.version;
          const aliases = [...(r.version.aliases ?? [])].sort((a, b) => (a === CHAMPION ? -1 : b === CHAMPION ? 1 : a.localeCompare(b)));
          return (
            <span className="chips">
              {aliases.map((a) => (
                <span key={a} className={a === CHAMPION ? 'chip champion' : 'chip'}>
                  @{a}
                </span>
              ))}
              {v === servedVersion ? <span className="chip serving">serving now</span> : null}
              {v === previous ? <span className="chip previous">previous champion</span> : null}
            </span>
          );
        },
      },
      {
        key: 'action',
        label: <span className="visually-hidden">Action</span>,
        render: (r) => {
          const v = r.version.version;
          if (v === champion) return <span className="muted small">current champion</span>;
          return (
            <button type="button" className={v === previous ? 'rollback' : undefined} onClick={() => onPromote({ model, version: v, from: champion, rollback: v === previous })}>
              Make version {v} champion
            </button>
          );
        },
      },
    ],
    [champion, previous, servedVersion, model, onPromote],
  );

  return (
    <section className="card model-card" aria-labelledby={`${ids}-name`}>
      <div className="model-head">
        <h2 id={`${ids}-name`}>{model.name}</h2>
        <span className="muted small">
          {champion ? `@champion → version ${champion}` : 'no champion yet'}
          {model.description ? ` · ${model.description}` : ''}
        </span>
        {previous !== undefined ? (
          <button type="button" className="rollback" onClick={() => onPromote({ model, version: previous, from: champion, rollback: true })}>
            Roll back to version {previous}
          </button>
        ) : null}
      </div>
      {versions.status === 'loading' && !rows ? (
        <Loading what={`the versions of ${model.name}`} />
      ) : versions.status === 'error' ? (
        <ErrorState title={`Could not load the versions of ${model.name}`} error={versions.error} onRetry={versions.reload} />
      ) : (
        <DataTable
          caption={`Versions of ${model.name}, newest first`}
          columns={columns}
          rows={rows ?? []}
          rowKey={(r) => r.version.version}
          rowClass={(r) => (r.version.version === champion ? 'champion-row' : r.version.version === previous ? 'previous-row' : undefined)}
          empty={<EmptyState title="This model has no versions yet" />}
        />
      )}
    </section>
  );
}

type Phase = { kind: 'confirm' } | { kind: 'working' } | { kind: 'token'; message: string } | { kind: 'error'; error: unknown };

/** The confirmation of a promotion (or roll back), then the alias move and the server's reload. */
function PromoteDialog({ pending, onCancel, onDone }: { pending: Pending; onCancel: () => void; onDone: (message: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const tokenRef = useRef<HTMLInputElement>(null);
  const ids = useId();
  const [phase, setPhase] = useState<Phase>({ kind: 'confirm' });
  const [token, setTokenValue] = useState('');
  const { model, version, from, rollback } = pending;
  const served = useServedModel();
  const servesThis = served.status === 'ready' && served.data.name === model.name && served.data.alias === CHAMPION;

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // jsdom (tests) has no showModal: the open attribute shows it there
    if (typeof d.showModal === 'function') {
      if (!d.open) d.showModal();
    } else d.setAttribute('open', '');
    cancelRef.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  useEffect(() => {
    if (phase.kind === 'token') tokenRef.current?.focus();
  }, [phase.kind]);

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    if (phase.kind === 'token' && token.trim()) setToken(token.trim());
    setPhase({ kind: 'working' });
    try {
      await unwrap(api.POST('/api/2.0/mlflow/registered-models/alias', { body: { name: model.name, alias: CHAMPION, version }, headers: authHeaders() }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setPhase({ kind: 'token', message: getToken() ? 'The server refused the API token. Enter the right one.' : 'The server needs an API token (CUSTSEG_TOKEN) to change the registry.' });
      } else setPhase({ kind: 'error', error: err });
      return;
    }
    await recordHistory(model, version, from);
    // the server swaps now rather than at its next check; a token it refuses or no alias served is no failure here
    let reloaded = false;
    try {
      const r = await api.POST('/v1/model/reload', { headers: authHeaders() });
      reloaded = r.response.ok;
    } catch {
      // unreachable: it picks the alias up at its next check
    }
    const was = from && from !== version ? ` (was ${from})` : '';
    onDone(
      `${model.name}@${CHAMPION} → version ${version}${was}.` +
        (servesThis ? (reloaded ? ' The server reloaded it.' : ' The server switches to it at its next check.') : ''),
    );
  };

  const working = phase.kind === 'working';
  return (
    <dialog ref={ref} aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-what`} onCancel={(e) => (working ? e.preventDefault() : onCancel())} className="confirm-dialog">
      <form onSubmit={confirm}>
        <h2 id={`${ids}-title`}>Make version {version} the champion?</h2>
        <div id={`${ids}-what`}>
          <p>
            {model.name}@{CHAMPION} moves {from ? `from version ${from} ` : ''}to version {version}.
            {rollback ? ` This rolls back to the previous champion.` : ''}
          </p>
          <p className="muted small">
            A server of models:/{model.name}@{CHAMPION} switches to the new version at its next check of the registry; it is also asked to reload right away.
            {from ? ` You can roll back to version ${from} the same way.` : ''}
          </p>
        </div>
        {phase.kind === 'token' ? (
          <div className="field">
            <label htmlFor={`${ids}-token`}>API token</label>
            <input
              id={`${ids}-token`}
              ref={tokenRef}
              type="password"
              autoComplete="off"
              value={token}
              aria-describedby={`${ids}-token-why`}
              onChange={(e) => setTokenValue(e.target.value)}
            />
            <span className="problem" id={`${ids}-token-why`} role="alert">
              {phase.message}
            </span>
          </div>
        ) : null}
        {phase.kind === 'error' ? (
          <p className="problem" role="alert">
            {phase.error instanceof ApiError && phase.error.unreachable ? 'The custseg server does not answer.' : messageOf(phase.error)}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={working || (phase.kind === 'token' && !token.trim())}>
            {working ? 'Promoting…' : 'Confirm'}
          </button>
          <button type="button" ref={cancelRef} onClick={onCancel} disabled={working}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * Keeps the champion's history tag as `custseg models promote` does, so that `--alias rollback` on the command line
 * agrees with what was done here: a move back to the last recorded version pops it, any other move pushes the old
 * one. Best effort: the alias has moved already.
 */
async function recordHistory(model: RegisteredModel, version: string, from: string | undefined): Promise<void> {
  if (from === undefined || from === version) return;
  const history = historyOf(model);
  const next = history[history.length - 1] === version ? history.slice(0, -1) : [...history, from].slice(-20);
  try {
    await api.POST('/api/2.0/mlflow/registered-models/set-tag', { body: { name: model.name, key: HISTORY_TAG, value: JSON.stringify(next) }, headers: authHeaders() });
  } catch {
    // the history only helps rolling back later
  }
}
