import type { ReactNode } from 'react';
import { ApiError, messageOf } from '../api/errors';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** An error box: says what failed, what the server said, and offers to try again. */
export function ErrorState({ title, error, onRetry, children }: { title: string; error: unknown; onRetry?: () => void; children?: ReactNode }) {
  const unreachable = error instanceof ApiError && error.unreachable;
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <p>{unreachable ? 'The custseg server does not answer. Is `custseg serve` running?' : messageOf(error)}</p>
      {children}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children}
    </div>
  );
}
