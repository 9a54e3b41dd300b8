import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { NoModelYet } from '../../components/NoModelYet';
import { ErrorState, Loading } from '../../components/States';
import { toRow } from '../../model/fields';
import { useServedModel } from '../../model/ServedModelContext';
import { PredictForm } from './PredictForm';
import { PredictionResult, type SinglePrediction } from './PredictionResult';

type Outcome = { kind: 'none' } | { kind: 'busy' } | { kind: 'done'; result: SinglePrediction } | { kind: 'failed'; error: unknown };

/** Home: score one customer with the model being served. */
export function PredictPage() {
  const served = useServedModel();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [serverProblems, setServerProblems] = useState<Record<string, string>>({});

  async function predict(values: Record<string, string>) {
    if (served.status !== 'ready') return;
    setOutcome({ kind: 'busy' });
    setServerProblems({});
    try {
      const body = toRow(served.data.input_schema.fields, values);
      const answer = await unwrap(api.POST('/v1/predict', { body }));
      if (!('segment' in answer) || answer.segment === undefined) throw new ApiError('the server answered without a segment', 200);
      setOutcome({
        kind: 'done',
        result: { segment: answer.segment, probabilities: answer.probabilities ?? {}, warnings: answer.warnings ?? [], model: answer.model ?? {} },
      });
      // a prediction from a version other than the one shown means the server swapped models: show the new one
      if (answer.model?.version && answer.model.version !== served.data.version) served.reload();
    } catch (e) {
      if (e instanceof ApiError) setServerProblems(Object.fromEntries(e.details.filter((d) => d.field).map((d) => [d.field!, d.message ?? 'invalid'])));
      setOutcome({ kind: 'failed', error: e });
    }
  }

  return (
    <section aria-labelledby="predict-title">
      <h1 id="predict-title">Predict a customer's segment</h1>
      <p className="lead">Fill in what you know about the customer; optional fields can stay blank.</p>
      {served.status === 'loading' ? <Loading what="the model" /> : null}
      {served.status === 'error' ? <NoModelYet error={served.error} onRetry={served.reload} /> : null}
      {served.status === 'ready' ? (
        <div className="card">
          <PredictForm
            key={`${served.data.name}@${served.data.input_schema.fields.map((f) => f.name).join(',')}`}
            fields={served.data.input_schema.fields}
            busy={outcome.kind === 'busy'}
            serverProblems={serverProblems}
            onSubmit={(v) => void predict(v)}
          />
        </div>
      ) : null}
      <div role="status" aria-live="polite" className={outcome.kind === 'none' ? undefined : 'card'}>
        {outcome.kind === 'busy' ? <span className="muted">Predicting…</span> : null}
        {outcome.kind === 'done' ? <PredictionResult result={outcome.result} /> : null}
        {outcome.kind === 'failed' ? <ErrorState title="The prediction failed" error={outcome.error} /> : null}
      </div>
    </section>
  );
}
