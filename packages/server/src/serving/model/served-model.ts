import { parseModel, serializeModel, type LoadedModel } from '@custseg/ml';
import { compileRowEncoder, type RowEncoder } from '../scoring/json-encoder.js';
import { compileJsonRowReader, type JsonRowReader, type UnknownFields } from '../scoring/json-row-reader.js';
import { buildLayout, type FeatureLayout } from '../scoring/layout.js';
import { MicroBatcher } from '../scoring/micro-batcher.js';
import { RowBatch } from '../scoring/row-batch.js';
import { scoreBatch, type ScoredBatch } from '../scoring/score.js';
import type { SourcedModel } from './source.js';

export interface ServeOptions {
  readonly unknownFields: UnknownFields;
  /** Told about every scored batch (metrics). */
  readonly observe?: (model: ServedModel, scored: ScoredBatch) => void;
}

/**
 * A loaded model with everything compiled for serving it: the validators, the row serialiser, the single-row
 * batcher. Immutable once built; the manager swaps whole instances, and a request keeps the instance it started
 * with, so each response is produced and labelled by one model version.
 */
export class ServedModel {
  readonly name: string;
  readonly version: string;
  readonly alias: string | null;
  readonly runId: string | null;
  readonly uri: string;
  readonly loadedAt: Date;
  readonly model: LoadedModel;
  readonly layout: FeatureLayout;
  readonly runMetrics: Readonly<Record<string, number>> | undefined;
  /** The /v1 API's validator (strict types). */
  readonly readRow: JsonRowReader;
  /** The seed routes' validator (coerces "36" to 36, as the reference service's pydantic models did). */
  readonly readLaxRow: JsonRowReader;
  readonly encodeRow: RowEncoder;
  /** `{"name":..,"version":..}`, escaped once. */
  readonly modelJson: string;
  readonly batcher: MicroBatcher;

  private readonly observe: ServeOptions['observe'];

  constructor(sourced: SourcedModel, options: ServeOptions) {
    this.observe = options.observe;
    this.name = sourced.name;
    this.version = sourced.version;
    this.alias = sourced.alias;
    this.runId = sourced.runId;
    this.uri = sourced.uri;
    this.loadedAt = new Date();
    this.runMetrics = sourced.runMetrics;
    this.model = sourced.loaded ?? parseModel(serializeModel(sourced.document), `${sourced.name} version ${sourced.version}`);
    this.layout = buildLayout(this.model.signature);
    this.readRow = compileJsonRowReader(this.layout, { unknownFields: options.unknownFields });
    this.readLaxRow = compileJsonRowReader(this.layout, { unknownFields: options.unknownFields, lax: true });
    this.encodeRow = compileRowEncoder(this.layout);
    this.modelJson = JSON.stringify({ name: this.name, version: this.version });
    this.batcher = new MicroBatcher(
      () => this.newBatch(),
      (b) => this.score(b),
    );
  }

  get classes(): readonly string[] {
    return this.layout.classes;
  }

  newBatch(capacity?: number): RowBatch {
    return new RowBatch(this.layout, capacity);
  }

  score(batch: RowBatch): ScoredBatch {
    const scored = scoreBatch(this.model.pipeline, batch);
    this.observe?.(this, scored);
    return scored;
  }
}
