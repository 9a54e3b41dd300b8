import { parseModel } from '@custseg/ml';
import { resolveModelUri, type TrackingStore } from '@custseg/tracking';
import { pollEvery, type ModelSource, type SourcedModel, type WatchOptions } from './source.js';

/** The registry calls this source makes: the alias lookup, the version's source, and (optionally) the run. */
export type AliasStore = Pick<TrackingStore, 'getModelVersionByAlias' | 'getModelVersion'> & Partial<Pick<TrackingStore, 'getRun'>>;

/**
 * The version a registry alias points at (`models:/NAME@ALIAS`). A check is one alias lookup; when the alias
 * has moved, `load` reads exactly the version it found (by number, so a second move during the read cannot mix
 * two versions up).
 */
export class RegistryAliasSource implements ModelSource {
  private loadedVersion: string | null = null;

  constructor(
    private readonly store: AliasStore,
    readonly name: string,
    readonly alias: string,
  ) {}

  get uri(): string {
    return `models:/${this.name}@${this.alias}`;
  }

  async load(): Promise<SourcedModel> {
    const { model_version: mv } = await this.store.getModelVersionByAlias({ name: this.name, alias: this.alias });
    // resolveModelUri only calls what a models:/NAME/VERSION URI and its source need
    const resolved = await resolveModelUri(this.store as TrackingStore, `models:/${mv.name}/${mv.version}`);
    const loaded = parseModel(resolved.bytes.toString('utf8'), `${this.uri} (version ${mv.version})`);
    const runMetrics = await this.runMetrics(mv.run_id);
    this.loadedVersion = mv.version;
    return {
      name: mv.name,
      version: mv.version,
      alias: this.alias,
      runId: mv.run_id || null,
      uri: this.uri,
      document: loaded.document,
      loaded,
      ...(runMetrics ? { runMetrics } : {}),
    };
  }

  watch(onChange: () => void, options: WatchOptions): () => void {
    return pollEvery(
      options.intervalMs,
      async () => {
        const { model_version: mv } = await this.store.getModelVersionByAlias({ name: this.name, alias: this.alias });
        if (mv.version !== this.loadedVersion) onChange();
      },
      options.onError,
    );
  }

  /** The run's latest metrics, shown by GET /v1/model; a model without a readable run simply has none. */
  private async runMetrics(runId: string): Promise<Record<string, number> | undefined> {
    if (!runId || !this.store.getRun) return undefined;
    try {
      const { run } = await this.store.getRun({ run_id: runId });
      return Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
    } catch {
      return undefined;
    }
  }
}
