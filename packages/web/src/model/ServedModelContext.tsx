import { createContext, useContext, type ReactNode } from 'react';
import { api, type ModelInfo } from '../api/client';
import { unwrap } from '../api/errors';
import { useAsync, type AsyncState } from '../hooks/useAsync';
import { usePolling } from '../hooks/usePolling';

type Served = AsyncState<ModelInfo> & { reload: () => void };

const ServedModel = createContext<Served>({ status: 'loading', reload: () => {} });

export function loadModelInfo(): Promise<ModelInfo> {
  return unwrap(api.GET('/v1/model'));
}

/**
 * GET /v1/model for the whole app, checked again every few seconds so that a promotion (the server hot-reloads
 * the alias) shows on every page without a reload.
 */
export function ServedModelProvider({ children, pollMs = 5000 }: { children: ReactNode; pollMs?: number }) {
  const state = useAsync(loadModelInfo, []);
  usePolling(state.reload, pollMs);
  return <ServedModel.Provider value={state}>{children}</ServedModel.Provider>;
}

export function useServedModel(): Served {
  return useContext(ServedModel);
}
