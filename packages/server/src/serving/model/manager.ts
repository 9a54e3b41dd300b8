import { ServedModel, type ServeOptions } from './served-model.js';
import type { ModelSource } from './source.js';

/** The part of a pino logger the manager uses. */
export interface ManagerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ModelManagerOptions extends ServeOptions {
  readonly source: ModelSource;
  /** How often a watchable source is checked; 0 turns hot reload off. */
  readonly pollIntervalMs: number;
  readonly log: ManagerLog;
  /** Called after every swap (metrics). */
  readonly onSwap?: (current: ServedModel, previous: ServedModel | null) => void;
  /** Called after every load attempt (metrics). */
  readonly onLoad?: (ok: boolean) => void;
}

/**
 * Holds the served model and replaces it when the source changes. A new version is loaded and compiled in the
 * background while the current one keeps answering; the swap is one reference assignment, so no request fails
 * or waits, and requests already running finish on the version they started with.
 */
export class ModelManager {
  private served: ServedModel | null = null;
  private error: string | null = null;
  private loading: Promise<ServedModel> | null = null;
  private stopWatch: (() => void) | null = null;

  constructor(private readonly options: ModelManagerOptions) {}

  /** The model answering requests now (null until a load has succeeded). */
  get current(): ServedModel | null {
    return this.served;
  }

  /** Why the last load failed, while no model could be loaded since. */
  get lastError(): string | null {
    return this.error;
  }

  get source(): ModelSource {
    return this.options.source;
  }

  /**
   * First load, then watching. A failed first load is recorded (readiness stays false) and, for a watchable
   * source, retried at every check; it is thrown only with `failFast` (a fixed model that cannot load).
   */
  async start(failFast = false): Promise<void> {
    try {
      await this.reload();
    } catch (e) {
      if (failFast) throw e;
    }
    const { source, pollIntervalMs, log } = this.options;
    if (source.watch && pollIntervalMs > 0 && !this.stopWatch) {
      this.stopWatch = source.watch(() => void this.reload().catch(() => undefined), {
        intervalMs: pollIntervalMs,
        onError: (e) => log.warn({ err: errorMessage(e), source: source.uri }, 'model source check failed'),
      });
    }
  }

  /** Loads what the source names now and swaps it in; concurrent calls share one load. */
  reload(): Promise<ServedModel> {
    if (!this.loading) {
      this.loading = this.loadAndSwap().finally(() => {
        this.loading = null;
      });
    }
    return this.loading;
  }

  stop(): void {
    this.stopWatch?.();
    this.stopWatch = null;
  }

  private async loadAndSwap(): Promise<ServedModel> {
    const { source, log } = this.options;
    let next: ServedModel;
    try {
      const sourced = await source.load();
      next = new ServedModel(sourced, this.options);
    } catch (e) {
      this.options.onLoad?.(false);
      const message = errorMessage(e);
      if (!this.served) this.error = message;
      log.error({ err: message, source: source.uri, serving: this.served?.version ?? null }, 'model load failed');
      throw e;
    }
    this.options.onLoad?.(true);
    const previous = this.served;
    if (previous && previous.version === next.version && previous.name === next.name) return previous;
    this.served = next;
    this.error = null;
    log.info({ model: next.name, version: next.version, alias: next.alias, previous: previous?.version ?? null, source: source.uri }, 'serving model');
    this.options.onSwap?.(next, previous);
    return next;
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
