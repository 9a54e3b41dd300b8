import { parseModel, serializeModel, type LoadedModel, type ModelDocument } from '@custseg/ml';
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidParam, isMlflowError, MlflowError, notFound } from './errors.js';
import { parseRunsUri } from './sqlite/registry.js';
import type { ModelVersion, Tag, TrackingStore } from './types.js';

/** The file a logged model directory holds. */
export const MODEL_FILE = 'model.json';
/** Where logModel puts a model inside a run's artifacts by default (so its URI is runs:/RUN_ID/model). */
export const DEFAULT_MODEL_ARTIFACT_PATH = 'model';

export interface ResolvedModel {
  /** The URI or path as given. */
  uri: string;
  /** A short name for messages (the file, or the URI). */
  label: string;
  /** The local file, when the model is one (a file path, or the embedded store's artifacts); absent through REST. */
  path?: string;
  /** The model JSON. */
  bytes: Buffer;
  /** The registry version the URI named, for models:/ URIs. */
  modelVersion?: ModelVersion;
}

/** Stores that can read any artifact URI they hand out (the embedded one); a REST client goes through runs:/. */
interface ArtifactUriReader {
  artifactRepository(uri: string): { rootUri: string; read(path: string): Promise<Buffer>; list(path?: string): Promise<unknown[]> };
}

function canReadUris(store: TrackingStore): store is TrackingStore & ArtifactUriReader {
  return typeof (store as Partial<ArtifactUriReader>).artifactRepository === 'function';
}

/**
 * Finds the model JSON behind a model URI, as every `--model` option takes it:
 * `models:/NAME@ALIAS`, `models:/NAME/VERSION`, `models:/NAME/latest`, `models:/NAME/STAGE`, `runs:/RUN_ID/path`
 * (a directory means its model.json), a `file://` URI or a local path.
 */
export async function resolveModelUri(store: TrackingStore | undefined, uri: string): Promise<ResolvedModel> {
  if (typeof uri !== 'string' || uri.trim() === '') throw invalidParam('Model URI must be a non-empty string');
  if (uri.startsWith('models:')) {
    const version = await resolveRegistryUri(need(store, uri), uri);
    const r = await readSource(need(store, uri), version.source, uri);
    return { ...r, modelVersion: version };
  }
  if (uri.startsWith('runs:')) return readSource(need(store, uri), uri, uri);
  if (uri.startsWith('file:')) return readLocal(fileURLToPath(uri), uri);
  if (/^[A-Za-z][\w+.-]+:/.test(uri)) throw invalidParam(`Unsupported model URI '${uri}': expected models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID/path or a file path`);
  return readLocal(resolve(uri), uri);
}

/** resolveModelUri, then parse: the live model. */
export async function loadModelFromUri(store: TrackingStore | undefined, uri: string): Promise<LoadedModel & { resolved: ResolvedModel }> {
  const resolved = await resolveModelUri(store, uri);
  return { ...parseModel(resolved.bytes.toString('utf8'), resolved.label), resolved };
}

function need(store: TrackingStore | undefined, uri: string): TrackingStore {
  if (!store) throw invalidParam(`Model URI '${uri}' needs a tracking store`);
  return store;
}

async function resolveRegistryUri(store: TrackingStore, uri: string): Promise<ModelVersion> {
  const body = uri.slice('models:'.length).replace(/^\/+/, '');
  const at = body.lastIndexOf('@');
  if (at > 0 && !body.slice(at).includes('/')) {
    const name = body.slice(0, at);
    const alias = body.slice(at + 1);
    if (!alias) throw invalidParam(`Invalid model URI '${uri}': empty alias`);
    return (await store.getModelVersionByAlias({ name, alias })).model_version;
  }
  const slash = body.lastIndexOf('/');
  if (slash <= 0 || slash === body.length - 1) {
    throw invalidParam(`Invalid model URI '${uri}': expected models:/NAME@ALIAS, models:/NAME/VERSION, models:/NAME/latest or models:/NAME/STAGE`);
  }
  const name = body.slice(0, slash);
  const ref = body.slice(slash + 1);
  if (/^\d+$/.test(ref)) return (await store.getModelVersion({ name, version: ref })).model_version;
  const latest = (await store.getLatestVersions({ name, ...(ref.toLowerCase() === 'latest' ? {} : { stages: [ref] }) })).model_versions;
  if (latest.length === 0) throw notFound(`Registered model '${name}' has no version${ref.toLowerCase() === 'latest' ? '' : ` in stage ${ref}`}`);
  return latest.reduce((a, b) => (Number(b.version) > Number(a.version) ? b : a));
}

/** Reads a model version's source or a runs:/ URI. */
async function readSource(store: TrackingStore, source: string, uri: string): Promise<ResolvedModel> {
  const runs = parseRunsUri(source);
  if (runs) {
    // a clear "run not found" before any artifact error
    await store.getRun({ run_id: runs.runId });
    const listing = await store.listArtifacts({ run_id: runs.runId, path: runs.path });
    const isDir = listing.files.length > 0;
    const path = isDir ? (runs.path ? `${runs.path}/${MODEL_FILE}` : MODEL_FILE) : runs.path;
    if (path === '') throw invalidParam(`Model URI '${uri}' names no artifact path (expected runs:/RUN_ID/model)`);
    try {
      const bytes = await store.downloadArtifact(runs.runId, path);
      const local = canReadUris(store) ? localPathOf(store, listing.root_uri, path) : undefined;
      return { uri, label: `${uri} (${basename(path)})`, bytes, ...(local ? { path: local } : {}) };
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw notFound(`No model at '${uri}': run ${runs.runId} has no artifact '${path}'`);
      throw e;
    }
  }
  if (source.startsWith('file:') || !/^[A-Za-z][\w+.-]+:/.test(source)) {
    return readLocal(source.startsWith('file:') ? fileURLToPath(source) : resolve(source), uri);
  }
  if (canReadUris(store)) {
    const repo = store.artifactRepository(source);
    const isDir = (await repo.list('')).length > 0;
    const path = localPathOf(store, source, isDir ? MODEL_FILE : '');
    if (path) return readLocal(path, uri);
  }
  throw invalidParam(`Cannot read the model source '${source}' of '${uri}' through this store`);
}

function localPathOf(store: ArtifactUriReader, rootUri: string, rel: string): string | undefined {
  const root = store.artifactRepository(rootUri).rootUri;
  if (!root.startsWith('file:')) return undefined;
  const dir = fileURLToPath(root);
  return rel ? join(dir, ...rel.split('/')) : dir;
}

async function readLocal(path: string, uri: string): Promise<ResolvedModel> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, MODEL_FILE);
    return { uri, label: basename(file), path: file, bytes: await readFile(file) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw notFound(`${file === path ? path : file}: no such model file`);
    throw new MlflowError('INTERNAL_ERROR', `${file}: ${(e as Error).message}`);
  }
}

/** Logs a model document as `<artifactPath>/model.json` of a run: its URI is then `runs:/RUN_ID/<artifactPath>`. */
export async function logModel(store: TrackingStore, runId: string, doc: ModelDocument | string, artifactPath = DEFAULT_MODEL_ARTIFACT_PATH): Promise<string> {
  const text = typeof doc === 'string' ? doc : serializeModel(doc);
  const clean = artifactPath.replace(/^\/+|\/+$/g, '');
  await store.logArtifact(runId, clean ? `${clean}/${MODEL_FILE}` : MODEL_FILE, Buffer.from(text));
  return `runs:/${runId}/${clean}`;
}

/**
 * mlflow.register_model: creates the registered model when missing, then a new version (READY) from a
 * `runs:/RUN_ID/path` URI or an artifact URI.
 */
export async function registerModel(
  store: TrackingStore,
  args: { name: string; source: string; run_id?: string; tags?: Tag[]; description?: string },
): Promise<ModelVersion> {
  try {
    await store.createRegisteredModel({ name: args.name });
  } catch (e) {
    if (!isMlflowError(e, 'RESOURCE_ALREADY_EXISTS')) throw e;
  }
  const { model_version } = await store.createModelVersion({
    name: args.name,
    source: args.source,
    ...(args.run_id ? { run_id: args.run_id } : {}),
    ...(args.tags ? { tags: args.tags } : {}),
    ...(args.description !== undefined ? { description: args.description } : {}),
  });
  return model_version;
}
