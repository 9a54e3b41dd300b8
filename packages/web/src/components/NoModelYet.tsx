import { ApiError } from '../api/errors';
import { EmptyState, ErrorState } from './States';

/** No model yet (503 from GET /v1/model) is a normal state of a fresh install, not an error. */
export function NoModelYet({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof ApiError && error.status === 503) {
    return (
      <EmptyState title="No model is being served yet">
        <p>
          Train and register one (<code>npm start</code> does it with the defaults, or <code>custseg train --register</code>); this page picks it up
          within seconds.
        </p>
      </EmptyState>
    );
  }
  return <ErrorState title="Cannot load the model" error={error} onRetry={onRetry} />;
}
