import type { LoadedModel, ModelDocument } from '@custseg/ml';

/** A model as a source hands it over: its identity and its document. */
export interface SourcedModel {
  /** Registered model name, or the file's base name. */
  readonly name: string;
  /** Registry version, or a content hash for files (so any change reads as a new version). */
  readonly version: string;
  /** The alias followed, when the source follows one. */
  readonly alias: string | null;
  /** The tracking run that produced the model, when known. */
  readonly runId: string | null;
  /** Where it came from (URI or path), for logs and GET /v1/model. */
  readonly uri: string;
  readonly document: ModelDocument;
  /** The live model, when the source parsed it already (saves parsing the document twice). */
  readonly loaded?: LoadedModel;
  /** The run's logged metrics, when the source could read them. */
  readonly runMetrics?: Readonly<Record<string, number>>;
}

export interface WatchOptions {
  readonly intervalMs: number;
  /** A failed check (registry unreachable, ...): reported, and the next check tries again. */
  readonly onError?: (e: unknown) => void;
}

/**
 * Where the served model comes from. `load` reads what the source names now; `watch`, for sources that can
 * change (an alias, a file), calls `onChange` whenever a check finds something other than what `load` last
 * returned (again on every check until a load succeeds). It returns a function that stops watching.
 */
export interface ModelSource {
  readonly uri: string;
  load(): Promise<SourcedModel>;
  watch?(onChange: () => void, options: WatchOptions): () => void;
}

/**
 * Runs `check` every interval (never two at once) until stopped; the timer does not keep the process alive.
 */
export function pollEvery(intervalMs: number, check: () => Promise<void>, onError?: (e: unknown) => void): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async (): Promise<void> => {
    try {
      await check();
    } catch (e) {
      onError?.(e);
    }
    if (!stopped) schedule();
  };
  const schedule = (): void => {
    timer = setTimeout(() => void tick(), intervalMs);
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
