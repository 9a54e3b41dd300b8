import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseModel } from '@custseg/ml';
import { resolveModelUri } from '@custseg/tracking';
import { pollEvery, type ModelSource, type SourcedModel, type WatchOptions } from './source.js';

/**
 * A model file (or a directory holding model.json). Its version is a hash of its bytes, so replacing the file
 * (atomically, as custseg writes models) is a new version; `watch` notices a changed modification time or size.
 */
export class FileModelSource implements ModelSource {
  readonly path: string;
  private file: string;
  private loadedStamp: string | null = null;

  constructor(path: string) {
    this.path = resolve(path);
    this.file = this.path;
  }

  get uri(): string {
    return this.path;
  }

  async load(): Promise<SourcedModel> {
    const resolved = await resolveModelUri(undefined, this.path);
    this.file = resolved.path ?? this.path;
    const stamp = await stampOf(this.file);
    const loaded = parseModel(resolved.bytes.toString('utf8'), resolved.label);
    this.loadedStamp = stamp;
    return {
      name: basename(this.file).replace(/\.json$/i, ''),
      version: createHash('sha256').update(resolved.bytes).digest('hex').slice(0, 12),
      alias: null,
      runId: null,
      uri: this.path,
      document: loaded.document,
      loaded,
    };
  }

  watch(onChange: () => void, options: WatchOptions): () => void {
    return pollEvery(
      options.intervalMs,
      async () => {
        if ((await stampOf(this.file)) !== this.loadedStamp) onChange();
      },
      options.onError,
    );
  }
}

async function stampOf(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return null;
  }
}
