import { useRef, useState } from 'react';
import { ErrorState, Loading } from '../../components/States';
import { downloadText } from '../../model/download';
import { sampleCsv } from '../../model/sample-csv';
import { useServedModel } from '../../model/ServedModelContext';
import { NoModelYet } from '../../components/NoModelYet';
import { BatchResults } from './BatchResults';
import { CsvDropzone } from './CsvDropzone';
import { previewCsv, type CsvPreview } from './csv-preview';
import { PreviewTable } from './PreviewTable';
import { resultsCsv, scoreCsvFile, type ScoredFile, type ScoreProgress } from './score-stream';

type Scoring = { kind: 'idle' } | { kind: 'running'; progress: ScoreProgress } | { kind: 'done'; scored: ScoredFile } | { kind: 'failed'; error: unknown };

function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Batch: preview a CSV, score it through POST /v1/predict/csv (streamed), chart and page the results, download them. */
export function BatchPage() {
  const served = useServedModel();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<{ kind: 'none' } | { kind: 'reading' } | { kind: 'ready'; preview: CsvPreview } | { kind: 'failed'; error: unknown }>({ kind: 'none' });
  const [scoring, setScoring] = useState<Scoring>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);

  if (served.status === 'loading') return <Loading what="the model" />;
  if (served.status === 'error') {
    return (
      <section>
        <h1>Score a file of customers</h1>
        <NoModelYet error={served.error} onRetry={served.reload} />
      </section>
    );
  }
  const model = served.data;

  async function choose(f: File) {
    abort.current?.abort();
    setFile(f);
    setScoring({ kind: 'idle' });
    setPreview({ kind: 'reading' });
    try {
      setPreview({ kind: 'ready', preview: await previewCsv(f, model) });
    } catch (e) {
      setPreview({ kind: 'failed', error: e });
    }
  }

  async function score() {
    if (!file) return;
    const controller = new AbortController();
    abort.current = controller;
    setScoring({ kind: 'running', progress: { rows: 0, errors: 0, counts: {} } });
    try {
      const scored = await scoreCsvFile(file, { signal: controller.signal, onProgress: (progress) => setScoring({ kind: 'running', progress }) });
      setScoring({ kind: 'done', scored });
    } catch (e) {
      setScoring(controller.signal.aborted ? { kind: 'idle' } : { kind: 'failed', error: e });
    }
  }

  const blocked = preview.kind === 'ready' && preview.preview.headerProblems.length > 0;
  return (
    <section aria-labelledby="batch-title">
      <h1 id="batch-title">Score a file of customers</h1>
      <p className="lead">
        Upload a CSV with the columns {model.input_schema.fields.map((f) => f.name).join(', ')} (and optionally {model.input_schema.id_field}).{' '}
        <button type="button" className="link-button" onClick={() => downloadText('sample-customers.csv', sampleCsv(model))}>
          Download a sample file
        </button>{' '}
        to try.
      </p>
      <CsvDropzone onFile={(f) => void choose(f)} disabled={scoring.kind === 'running'} />
      {file ? (
        <p className="small">
          <strong>{file.name}</strong> ({sizeText(file.size)})
        </p>
      ) : null}
      {preview.kind === 'reading' ? <Loading what="the preview" /> : null}
      {preview.kind === 'failed' ? <ErrorState title="Cannot read this file" error={preview.error} /> : null}
      {preview.kind === 'ready' ? (
        <>
          {preview.preview.headerProblems.length ? (
            <div className="state state-error" role="alert">
              <strong>This file cannot be scored by the served model</strong>
              <ul>
                {preview.preview.headerProblems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview.preview.unknownColumns.length ? (
            <p className="warnings small">
              Columns the model does not use: {preview.preview.unknownColumns.join(', ')}
              {model.input_schema.unknown_fields === 'reject' ? ' (the server refuses files with them; remove them first)' : ' (ignored)'}.
            </p>
          ) : null}
          <PreviewTable preview={preview.preview} />
          <div className="actions">
            <button type="button" className="primary" onClick={() => void score()} disabled={blocked || scoring.kind === 'running'}>
              Predict
            </button>
            {scoring.kind === 'running' ? (
              <button type="button" onClick={() => abort.current?.abort()}>
                Cancel
              </button>
            ) : null}
            {scoring.kind === 'done' ? (
              <button
                type="button"
                onClick={() =>
                  downloadText(
                    `${file?.name.replace(/\.csv$/i, '') ?? 'customers'}-predictions.csv`,
                    resultsCsv(scoring.scored.lines, model.classes, model.input_schema.id_field, model.target),
                  )
                }
              >
                Download
              </button>
            ) : null}
          </div>
        </>
      ) : null}
      <div role="status" aria-live="polite">
        {scoring.kind === 'running' ? (
          <p>
            <span className="spinner" aria-hidden="true" /> Scoring… {scoring.progress.rows.toLocaleString('en')} rows so far
          </p>
        ) : null}
        {scoring.kind === 'done' ? (
          <p className="small">
            Scored {scoring.scored.lines.length.toLocaleString('en')} rows with {scoring.scored.model.name ?? model.name} version{' '}
            {scoring.scored.model.version ?? '?'}.
          </p>
        ) : null}
      </div>
      {scoring.kind === 'failed' ? <ErrorState title="Scoring failed" error={scoring.error} /> : null}
      {scoring.kind === 'done' ? (
        <BatchResults lines={scoring.scored.lines} counts={scoring.scored.counts} classes={model.classes} idField={model.input_schema.id_field} />
      ) : null}
    </section>
  );
}
