import { useEffect, useId, useRef, useState } from 'react';
import { ErrorState } from '../../components/States';
import { useServedModel } from '../../model/ServedModelContext';
import { CsvDropzone } from '../batch/CsvDropzone';
import { bytes } from './format';
import { ProfileReport } from './ProfileReport';
import { profileFile, type DataProfile } from './profile-api';

type Profiling = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; profile: DataProfile } | { kind: 'failed'; error: unknown };

/** Choose or drop a CSV → POST /v1/profile → the report; optionally with the drift against the training data. */
export function UploadPanel() {
  const served = useServedModel();
  const [file, setFile] = useState<File | null>(null);
  const [compare, setCompare] = useState(false);
  const [target, setTarget] = useState('');
  const [state, setState] = useState<Profiling>({ kind: 'idle' });
  const [columns, setColumns] = useState<string[]>([]);
  const abort = useRef<AbortController | null>(null);
  const compareId = useId();
  const targetId = useId();
  const canCompare = served.status === 'ready';
  const withDrift = compare && canCompare;

  useEffect(() => {
    if (!file) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: 'running' });
    profileFile(file, { compare: withDrift, target: target || undefined, signal: controller.signal }).then(
      (profile) => {
        if (controller.signal.aborted) return;
        setState({ kind: 'done', profile });
        setColumns(profile.columns.filter((c) => c.role !== 'id').map((c) => c.name));
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'failed', error });
      },
    );
    return () => controller.abort();
  }, [file, withDrift, target]);

  function choose(f: File) {
    setTarget('');
    setColumns([]);
    setFile(f);
  }

  return (
    <div>
      <CsvDropzone onFile={choose} disabled={state.kind === 'running'} />
      <div className="profile-options">
        <label htmlFor={compareId} className="checkbox">
          <input id={compareId} type="checkbox" checked={compare} disabled={!canCompare} onChange={(e) => setCompare(e.target.checked)} /> Compare with the training data
        </label>
        {!canCompare ? <span className="small muted">(needs a served model)</span> : null}
        {columns.length > 0 ? (
          <span className="field inline-field">
            <label htmlFor={targetId}>Target column</label>
            <select id={targetId} value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">Default ({served.status === 'ready' ? `${served.data.target} when present` : 'Segmentation when present'})</option>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </span>
        ) : null}
      </div>
      {file ? (
        <p className="small">
          <strong>{file.name}</strong> ({bytes(file.size)})
        </p>
      ) : null}
      <div role="status" aria-live="polite">
        {state.kind === 'running' ? (
          <p className="state state-loading">
            <span className="spinner" aria-hidden="true" /> Profiling {file?.name ?? 'the file'}…
          </p>
        ) : null}
      </div>
      {state.kind === 'failed' ? <ErrorState title="Cannot profile this file" error={state.error} /> : null}
      {state.kind === 'done' ? <ProfileReport profile={state.profile} /> : null}
      {state.kind === 'idle' ? (
        <p className="muted">
          Choose a CSV with a header line: every column is profiled (types, missing values, distributions, the target's balance and what relates to it).
        </p>
      ) : null}
    </div>
  );
}
