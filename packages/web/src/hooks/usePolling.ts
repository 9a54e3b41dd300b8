import { useEffect } from 'react';

/** Calls `tick` every `ms` while the page is visible (0: never). */
export function usePolling(tick: () => void, ms: number): void {
  useEffect(() => {
    if (!ms) return;
    const id = setInterval(() => {
      if (typeof document === 'undefined' || document.visibilityState !== 'hidden') tick();
    }, ms);
    return () => clearInterval(id);
  }, [tick, ms]);
}
