import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '@custseg/ml';
import { loadModelFromUri, type TrackingStore } from '@custseg/tracking';
import { FileModelSource } from './file-source.js';
import { RegistryAliasSource } from './registry-source.js';
import type { ModelSource, SourcedModel } from './source.js';

/** Where `custseg serve` looks when no model is named: the registry's champion. */
export const DEFAULT_MODEL_URI = 'models:/customer-segmentation@champion';

/**
 * A fixed model URI (`models:/NAME/VERSION`, `models:/NAME/latest`, `runs:/RUN_ID/model`): read once, never
 * watched (a version number or a run's artifact does not change).
 */
export class FixedUriSource implements ModelSource {
  constructor(
    private readonly store: TrackingStore | undefined,
    readonly uri: string,
  ) {}

  async load(): Promise<SourcedModel> {
    const m = await loadModelFromUri(this.store, this.uri);
    const mv = m.resolved.modelVersion;
    return {
      name: mv?.name ?? basename(m.resolved.path ?? this.uri).replace(/\.json$/i, ''),
      version: mv?.version ?? createHash('sha256').update(m.resolved.bytes).digest('hex').slice(0, 12),
      alias: null,
      runId: mv?.run_id || (/^runs:\/+([^/]+)/.exec(this.uri)?.[1] ?? null),
      uri: this.uri,
      document: m.document,
      loaded: m,
    };
  }
}

/**
 * The source a model URI names: an alias is followed (and watched), a file is watched for replacement, any
 * other registry or run URI is read once. Registry and run URIs need the tracking store.
 */
export function modelSourceFromUri(uri: string, store?: TrackingStore): ModelSource {
  const alias = /^models:\/*(.+)@([^@/]+)$/.exec(uri);
  if (alias) {
    if (!store) throw new UserError(`model URI ${uri} needs a tracking store (set CUSTSEG_TRACKING_URI)`);
    return new RegistryAliasSource(store, alias[1], alias[2]);
  }
  if (uri.startsWith('models:') || uri.startsWith('runs:')) return new FixedUriSource(store, uri);
  if (uri.startsWith('file:')) return new FileModelSource(fileURLToPath(uri));
  return new FileModelSource(uri);
}
