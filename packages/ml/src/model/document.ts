import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ModelFormatError, UserError } from '../core/errors.js';
import type { Labels } from '../core/types.js';
import type { Frame } from '../data/frame.js';
import { featureSpecs, idSpec, targetSpec, type Schema } from '../data/schema.js';
import type { DataProfile } from '../eda/types.js';
import { writeFileAtomic } from '../io/atomic.js';
import { Pipeline, type PipelineJSON } from '../pipeline/pipeline.js';
import { validateTrainingProfile } from './training-profile.js';
import { LIBRARY_VERSION } from './version.js';

export const MODEL_FORMAT = 'custseg-model';
/** Bumped when the document's layout changes incompatibly; loaders refuse versions they do not know. */
export const MODEL_FORMAT_VERSION = 1;

export interface FeatureSignature {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
  /** May be absent or empty: imputed as in training. */
  readonly optional: boolean;
  /** Categories seen in training (categorical), declared ones first. */
  readonly categories?: string[];
  /** Valid range (numeric), when the schema declares one. */
  readonly min?: number;
  readonly max?: number;
  /** Range seen in training (numeric), for "outside the training range" warnings. */
  readonly training_min?: number;
  readonly training_max?: number;
}

/** What a model expects and answers: its input columns and its classes. */
export interface Signature {
  readonly schema: string;
  readonly id: string | null;
  readonly target: string;
  readonly classes: string[];
  readonly features: FeatureSignature[];
}

export interface ModelMetadata {
  readonly library: 'custseg';
  readonly library_version: string;
  readonly preset: string | null;
  readonly seed: number;
  readonly training_data: { readonly file: string; readonly sha256: string; readonly rows: number; readonly class_counts: Record<string, number> };
  /** Metrics on the held-out split before the final refit on all rows (absent when test size is 0). */
  readonly held_out?: Record<string, unknown>;
  /**
   * The training data's profile, as `custseg eda` computes it (target included): what served traffic is
   * compared with. Absent in models written before it existed.
   */
  readonly training_profile?: DataProfile;
}

export interface ModelDocument {
  readonly format: typeof MODEL_FORMAT;
  readonly format_version: number;
  readonly signature: Signature;
  readonly pipeline: PipelineJSON;
  readonly metadata: ModelMetadata;
}

/** A loaded model: the document plus its live pipeline. */
export interface LoadedModel {
  readonly document: ModelDocument;
  readonly pipeline: Pipeline;
  readonly signature: Signature;
  /** The schema a CSV for this model is read with (features + id + target). */
  readonly schema: Schema;
}

export function buildSignature(schema: Schema, frame: Frame, labels: Labels): Signature {
  const features = featureSpecs(schema).map((spec): FeatureSignature => {
    const col = frame.column(spec.name);
    let anyMissing = false;
    if (col.kind === 'numeric') {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of col.values) {
        if (v !== v) anyMissing = true;
        else {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      return {
        name: spec.name,
        type: 'numeric',
        optional: spec.optional ?? anyMissing,
        ...(spec.min !== undefined ? { min: spec.min } : {}),
        ...(spec.max !== undefined ? { max: spec.max } : {}),
        ...(lo <= hi ? { training_min: lo, training_max: hi } : {}),
      };
    }
    const seen = new Set<string>();
    for (const c of col.codes) {
      if (c < 0) anyMissing = true;
      else seen.add(col.categories[c]);
    }
    const declared = spec.categories ?? [];
    const extra = [...seen].filter((c) => !declared.includes(c)).sort();
    return {
      name: spec.name,
      type: 'categorical',
      optional: spec.optional ?? anyMissing,
      categories: [...declared.filter((c) => seen.has(c) || spec.categories !== undefined), ...extra],
    };
  });
  return {
    schema: schema.name,
    id: idSpec(schema)?.name ?? null,
    target: targetSpec(schema)?.name ?? 'target',
    classes: [...labels.classes],
    features,
  };
}

/** The reading schema implied by a signature (so any CSV scored by a model is read with its training types). */
export function schemaOfSignature(sig: Signature): Schema {
  return {
    name: sig.schema,
    columns: [
      ...(sig.id ? [{ name: sig.id, role: 'id' as const }] : []),
      ...sig.features.map((f) =>
        f.type === 'numeric'
          ? { name: f.name, role: 'numeric' as const, optional: f.optional, min: f.min, max: f.max }
          : { name: f.name, role: 'categorical' as const, optional: f.optional, categories: f.categories },
      ),
      { name: sig.target, role: 'target' as const, categories: sig.classes },
    ],
  };
}

export function makeModelDocument(args: {
  pipeline: Pipeline;
  signature: Signature;
  preset: string | null;
  seed: number;
  dataFile: string;
  sha256: string;
  labels: Labels;
  heldOut?: Record<string, unknown>;
  profile?: DataProfile;
}): ModelDocument {
  const counts: Record<string, number> = {};
  args.labels.classes.forEach((c) => (counts[c] = 0));
  for (const k of args.labels.codes) counts[args.labels.classes[k]]++;
  return {
    format: MODEL_FORMAT,
    format_version: MODEL_FORMAT_VERSION,
    signature: args.signature,
    pipeline: args.pipeline.toJSON(),
    metadata: {
      library: 'custseg',
      library_version: LIBRARY_VERSION,
      preset: args.preset,
      seed: args.seed,
      training_data: { file: basename(args.dataFile), sha256: args.sha256, rows: args.labels.codes.length, class_counts: counts },
      ...(args.heldOut ? { held_out: args.heldOut } : {}),
      ...(args.profile ? { training_profile: args.profile } : {}),
    },
  };
}

/**
 * Canonical text of a model: compact JSON (tree ensembles get large) with key order fixed by construction and
 * a trailing newline. JSON.stringify writes the shortest text that reads back as the same double, so a
 * save/load round trip is exact.
 */
export function serializeModel(doc: ModelDocument): string {
  return `${JSON.stringify(doc)}\n`;
}

export async function saveModel(path: string, doc: ModelDocument): Promise<void> {
  await writeFileAtomic(path, serializeModel(doc));
}

/** Parses and validates a model document; runs no code from it (component types come from a closed registry). */
export function parseModel(text: string, label = 'model'): LoadedModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ModelFormatError(`${label}: not a JSON document (expected a custseg model file)`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ModelFormatError(`${label}: expected a JSON object`);
  const o = raw as Record<string, unknown>;
  if (o.format !== MODEL_FORMAT) throw new ModelFormatError(`${label}: not a custseg model (format is ${JSON.stringify(o.format ?? null)}, expected "${MODEL_FORMAT}")`);
  if (o.format_version !== MODEL_FORMAT_VERSION) {
    throw new ModelFormatError(`${label}: model format version ${String(o.format_version)} is not supported (this custseg reads version ${MODEL_FORMAT_VERSION})`);
  }
  const signature = validateSignature(o.signature, label);
  const profile = typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as Record<string, unknown>).training_profile : undefined;
  if (profile !== undefined) validateTrainingProfile(profile, label);
  let pipeline: Pipeline;
  try {
    pipeline = Pipeline.fromJSON(o.pipeline);
  } catch (e) {
    throw new ModelFormatError(`${label}: ${(e as Error).message}`);
  }
  if (!pipeline.fitted) throw new ModelFormatError(`${label}: the pipeline is not fitted`);
  if (pipeline.classes.join('\u0000') !== signature.classes.join('\u0000')) {
    throw new ModelFormatError(`${label}: the estimator's classes do not match the signature's`);
  }
  const document = o as unknown as ModelDocument;
  return { document, pipeline, signature, schema: schemaOfSignature(signature) };
}

export async function loadModel(path: string): Promise<LoadedModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${basename(path)}: ${code === 'ENOENT' ? 'no such model file' : code === 'EISDIR' ? 'is a directory, expected a model file' : (e as Error).message}`);
  }
  return parseModel(text, basename(path));
}

function validateSignature(x: unknown, label: string): Signature {
  const bad = (what: string): never => {
    throw new ModelFormatError(`${label}: invalid signature: ${what}`);
  };
  if (typeof x !== 'object' || x === null) return bad('missing');
  const s = x as Record<string, unknown>;
  if (typeof s.schema !== 'string') bad('schema must be a string');
  if (s.id !== null && typeof s.id !== 'string') bad('id must be a string or null');
  if (typeof s.target !== 'string') bad('target must be a string');
  if (!Array.isArray(s.classes) || s.classes.length < 2 || !s.classes.every((c) => typeof c === 'string')) bad('classes must be at least two strings');
  if (!Array.isArray(s.features) || s.features.length === 0) bad('features must be a non-empty array');
  for (const f of s.features as unknown[]) {
    const ff = f as Record<string, unknown>;
    if (typeof ff !== 'object' || ff === null || typeof ff.name !== 'string') bad('each feature needs a name');
    if (ff.type !== 'numeric' && ff.type !== 'categorical') bad(`feature ${String(ff.name)} has an unknown type`);
    if (ff.type === 'categorical' && !(Array.isArray(ff.categories) && ff.categories.every((c) => typeof c === 'string'))) {
      bad(`feature ${String(ff.name)} needs its categories`);
    }
  }
  return x as Signature;
}

export { DRIFT_BIN_SHARE, driftAgainstProfile, numericDriftCuts, profileWithTrainingDrift, validateTrainingProfile } from './training-profile.js';
