import { ApiError } from '../../api/errors';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useAsync } from '../../hooks/useAsync';
import { useServedModel } from '../../model/ServedModelContext';
import { ProfileReport } from './ProfileReport';
import { loadTrainingProfile } from './profile-api';

/** GET /v1/model/profile: the training data of the model being served, shown like an uploaded file. */
export function TrainingPanel() {
  const served = useServedModel();
  const version = served.status === 'ready' ? `${served.data.name}@${served.data.version}` : served.status;
  // asked for once a model is served, and again when another version is
  const profile = useAsync(() => (served.status === 'ready' ? loadTrainingProfile() : new Promise<never>(() => {})), [version]);

  if (served.status === 'loading') return <Loading what="the served model" />;
  if (served.status === 'error') {
    const noModel = served.error instanceof ApiError && served.error.status === 503;
    return (
      <ErrorState title={noModel ? 'No model is being served' : 'Cannot load the served model'} error={served.error} onRetry={served.reload}>
        {noModel ? <p>Train and register one (custseg train --register); its training data shows here once it is served.</p> : null}
      </ErrorState>
    );
  }
  const model = served.data;
  if (profile.status === 'loading') return <Loading what="the training profile" />;
  if (profile.status === 'error') {
    if (profile.error instanceof ApiError && profile.error.status === 404) {
      return (
        <EmptyState title="This model has no training profile">
          <p>
            {model.name} version {model.version} was trained before models kept the profile of their training data. Train it again with <code>custseg train</code> to
            see its training data here.
          </p>
        </EmptyState>
      );
    }
    return <ErrorState title="Cannot load the training profile" error={profile.error} onRetry={profile.reload} />;
  }
  return (
    <div>
      <p className="lead">
        The data {model.name} version {model.version} was trained on: <strong>{profile.data.source}</strong>, {profile.data.overview.rows.toLocaleString('en')} rows.
      </p>
      <ProfileReport profile={profile.data} />
    </div>
  );
}
