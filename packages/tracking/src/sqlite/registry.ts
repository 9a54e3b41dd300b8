import { alreadyExists, invalidParam, notFound } from '../errors.js';
import { decodePageToken, maxResults, page } from '../paging.js';
import { compileSearch } from '../search/sql.js';
import { MODEL_VERSION_SPEC, REGISTERED_MODEL_SPEC } from '../search/specs.js';
import type {
  CreateModelVersionRequest,
  CreateRegisteredModelRequest,
  ModelVersion,
  ModelVersionKey,
  ModelVersionStage,
  RegisteredModel,
  SearchModelVersionsRequest,
  SearchModelVersionsResponse,
  SearchRegisteredModelsRequest,
  SearchRegisteredModelsResponse,
  Tag,
} from '../types.js';
import { MAX_REGISTRY_TAG_VAL_LENGTH, asObject, optionalArray, optionalString, requireNonEmpty, requireString, validateKey, validateTag } from '../validation.js';
import type { StoreContext } from './context.js';
import { runRow } from './runs.js';

/** Deleted versions keep their row under this stage (as in MLflow) so that their numbers are never reused. */
const DELETED_STAGE = 'Deleted_Internal';
const STAGES: readonly ModelVersionStage[] = ['None', 'Staging', 'Production', 'Archived'];
const MODELS_DEFAULT = 100;
const MODELS_LIMIT = 1000;
const VERSIONS_DEFAULT = 10000;
const VERSIONS_LIMIT = 200000;

interface ModelRow {
  name: string;
  creation_time: number;
  last_updated_time: number;
  description: string;
}

interface VersionRow {
  name: string;
  version: number;
  creation_time: number;
  last_updated_time: number;
  description: string;
  user_id: string;
  current_stage: string;
  source: string;
  run_id: string;
  run_link: string;
  status: ModelVersion['status'];
  status_message: string;
}

function modelName(v: unknown, what = 'name'): string {
  return requireNonEmpty(v, what);
}

export function parseVersion(v: unknown): number {
  const s = typeof v === 'number' ? String(v) : requireNonEmpty(v, 'version');
  if (!/^\d{1,15}$/.test(s) || Number(s) < 1) throw invalidParam(`Model version must be a positive integer, got '${s}'`);
  return Number(s);
}

/** `runs:/RUN_ID/path` → its parts; null for any other source. */
export function parseRunsUri(uri: string): { runId: string; path: string } | null {
  const m = /^runs:\/+([^/]+)(?:\/(.*))?$/.exec(uri);
  return m ? { runId: m[1], path: (m[2] ?? '').replace(/\/+$/, '') } : null;
}

function modelRow(ctx: StoreContext, name: string): ModelRow {
  const row = ctx.stmt('SELECT * FROM registered_models WHERE name = ?').get(name) as ModelRow | undefined;
  if (!row) throw notFound(`Registered Model with name=${name} not found`);
  return row;
}

function versionRow(ctx: StoreContext, name: string, version: number): VersionRow {
  const row = ctx.stmt('SELECT * FROM model_versions WHERE name = ? AND version = ? AND current_stage != ?').get(name, version, DELETED_STAGE) as VersionRow | undefined;
  if (!row) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
  return row;
}

function loadVersions(ctx: StoreContext, rows: VersionRow[]): ModelVersion[] {
  if (rows.length === 0) return [];
  const keys = JSON.stringify(rows.map((r) => [r.name, r.version]));
  const IN = `(name, version) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`;
  const tags = new Map<string, Tag[]>();
  for (const t of ctx.stmt(`SELECT name, version, key, value FROM model_version_tags WHERE ${IN} ORDER BY key`).all(keys) as Array<{ name: string; version: number; key: string; value: string }>) {
    const k = `${t.version}\u0000${t.name}`;
    (tags.get(k) ?? tags.set(k, []).get(k)!).push({ key: t.key, value: t.value });
  }
  const aliases = new Map<string, string[]>();
  for (const a of ctx.stmt(`SELECT name, version, alias FROM registered_model_aliases WHERE ${IN} ORDER BY alias`).all(keys) as Array<{ name: string; version: number; alias: string }>) {
    const k = `${a.version}\u0000${a.name}`;
    (aliases.get(k) ?? aliases.set(k, []).get(k)!).push(a.alias);
  }
  return rows.map((r) => {
    const k = `${r.version}\u0000${r.name}`;
    return {
      name: r.name,
      version: String(r.version),
      creation_timestamp: r.creation_time,
      last_updated_timestamp: r.last_updated_time,
      user_id: r.user_id,
      current_stage: r.current_stage as ModelVersionStage,
      description: r.description,
      source: r.source,
      run_id: r.run_id,
      status: r.status,
      status_message: r.status_message,
      tags: tags.get(k) ?? [],
      run_link: r.run_link,
      aliases: aliases.get(k) ?? [],
    };
  });
}

function loadModels(ctx: StoreContext, rows: ModelRow[]): RegisteredModel[] {
  if (rows.length === 0) return [];
  const names = JSON.stringify(rows.map((r) => r.name));
  const IN = 'name IN (SELECT value FROM json_each(?))';
  const tags = new Map<string, Tag[]>();
  for (const t of ctx.stmt(`SELECT name, key, value FROM registered_model_tags WHERE ${IN} ORDER BY key`).all(names) as Array<{ name: string; key: string; value: string }>) {
    (tags.get(t.name) ?? tags.set(t.name, []).get(t.name)!).push({ key: t.key, value: t.value });
  }
  const aliases = new Map<string, Array<{ alias: string; version: string }>>();
  for (const a of ctx.stmt(`SELECT name, alias, version FROM registered_model_aliases WHERE ${IN} ORDER BY alias`).all(names) as Array<{ name: string; alias: string; version: number }>) {
    (aliases.get(a.name) ?? aliases.set(a.name, []).get(a.name)!).push({ alias: a.alias, version: String(a.version) });
  }
  const latestRows = ctx
    .stmt(
      `SELECT v.* FROM model_versions v
       JOIN (SELECT name, current_stage, max(version) AS version FROM model_versions WHERE ${IN} AND current_stage != ? GROUP BY name, current_stage) l
         ON l.name = v.name AND l.version = v.version
       ORDER BY v.version`,
    )
    .all(names, DELETED_STAGE) as VersionRow[];
  const latest = new Map<string, ModelVersion[]>();
  for (const v of loadVersions(ctx, latestRows)) (latest.get(v.name) ?? latest.set(v.name, []).get(v.name)!).push(v);
  return rows.map((r) => ({
    name: r.name,
    creation_timestamp: r.creation_time,
    last_updated_timestamp: r.last_updated_time,
    description: r.description,
    latest_versions: latest.get(r.name) ?? [],
    tags: tags.get(r.name) ?? [],
    aliases: aliases.get(r.name) ?? [],
  }));
}

export function createRegisteredModel(ctx: StoreContext, req: CreateRegisteredModelRequest): { registered_model: RegisteredModel } {
  const o = asObject(req, 'the request');
  const name = modelName(o.name);
  const description = optionalString(o.description, 'description') ?? '';
  const tags = optionalArray(o.tags, 'tags').map((t) => validateTag(t, MAX_REGISTRY_TAG_VAL_LENGTH));
  return ctx.write(() => {
    if (ctx.stmt('SELECT 1 FROM registered_models WHERE name = ?').get(name)) throw alreadyExists(`Registered Model (name=${name}) already exists.`);
    const now = ctx.now();
    ctx.stmt('INSERT INTO registered_models (name, creation_time, last_updated_time, description) VALUES (?, ?, ?, ?)').run(name, now, now, description);
    const insertTag = ctx.stmt('INSERT OR REPLACE INTO registered_model_tags (name, key, value) VALUES (?, ?, ?)');
    for (const t of tags) insertTag.run(name, t.key, t.value);
    return { registered_model: loadModels(ctx, [modelRow(ctx, name)])[0] };
  });
}

export function getRegisteredModel(ctx: StoreContext, req: { name: string }): { registered_model: RegisteredModel } {
  const name = modelName(asObject(req, 'the request').name);
  return ctx.read(() => ({ registered_model: loadModels(ctx, [modelRow(ctx, name)])[0] }));
}

export function searchRegisteredModels(ctx: StoreContext, req: SearchRegisteredModelsRequest = {}): SearchRegisteredModelsResponse {
  const o = asObject(req ?? {}, 'the request');
  const size = maxResults(o.max_results, MODELS_DEFAULT, MODELS_LIMIT, 'search registered models');
  const offset = decodePageToken(o.page_token);
  const q = compileSearch(REGISTERED_MODEL_SPEC, optionalString(o.filter, 'filter'), o.order_by as string[] | undefined);
  const where = q.where.length ? `WHERE ${q.where.join(' AND ')}` : '';
  const sql = `SELECT m.* FROM registered_models m ${q.joins.join(' ')} ${where} ORDER BY ${[...q.orderBy, 'm.name ASC'].join(', ')} LIMIT ? OFFSET ?`;
  return ctx.read(() => {
    const rows = ctx.db.prepare(sql).all(...q.joinParams, ...q.params, size + 1, offset) as ModelRow[];
    const { items, next_page_token } = page(rows, offset, size);
    return { registered_models: loadModels(ctx, items), ...(next_page_token ? { next_page_token } : {}) };
  });
}

export function renameRegisteredModel(ctx: StoreContext, req: { name: string; new_name: string }): { registered_model: RegisteredModel } {
  const o = asObject(req, 'the request');
  const name = modelName(o.name);
  const newName = modelName(o.new_name, 'new_name');
  return ctx.write(() => {
    modelRow(ctx, name);
    if (newName !== name) {
      if (ctx.stmt('SELECT 1 FROM registered_models WHERE name = ?').get(newName)) throw alreadyExists(`Registered Model (name=${newName}) already exists.`);
      for (const table of ['registered_model_tags', 'model_versions', 'model_version_tags', 'registered_model_aliases']) {
        ctx.stmt(`UPDATE ${table} SET name = ? WHERE name = ?`).run(newName, name);
      }
      ctx.stmt('UPDATE registered_models SET name = ?, last_updated_time = ? WHERE name = ?').run(newName, ctx.now(), name);
    }
    return { registered_model: loadModels(ctx, [modelRow(ctx, newName)])[0] };
  });
}

export function updateRegisteredModel(ctx: StoreContext, req: { name: string; description?: string }): { registered_model: RegisteredModel } {
  const o = asObject(req, 'the request');
  const name = modelName(o.name);
  const description = optionalString(o.description, 'description');
  return ctx.write(() => {
    modelRow(ctx, name);
    if (description !== undefined) ctx.stmt('UPDATE registered_models SET description = ?, last_updated_time = ? WHERE name = ?').run(description, ctx.now(), name);
    return { registered_model: loadModels(ctx, [modelRow(ctx, name)])[0] };
  });
}

export function deleteRegisteredModel(ctx: StoreContext, req: { name: string }): void {
  const name = modelName(asObject(req, 'the request').name);
  ctx.write(() => {
    modelRow(ctx, name);
    for (const table of ['registered_model_tags', 'model_versions', 'model_version_tags', 'registered_model_aliases', 'registered_models']) {
      ctx.stmt(`DELETE FROM ${table} WHERE name = ?`).run(name);
    }
  });
}

export function setRegisteredModelTag(ctx: StoreContext, req: { name: string; key: string; value: string }): void {
  const o = asObject(req, 'the request');
  const name = modelName(o.name);
  const tag = validateTag({ key: o.key, value: o.value }, MAX_REGISTRY_TAG_VAL_LENGTH);
  ctx.write(() => {
    modelRow(ctx, name);
    ctx.stmt('INSERT OR REPLACE INTO registered_model_tags (name, key, value) VALUES (?, ?, ?)').run(name, tag.key, tag.value);
  });
}

export function deleteRegisteredModelTag(ctx: StoreContext, req: { name: string; key: string }): void {
  const o = asObject(req, 'the request');
  const name = modelName(o.name);
  const key = requireString(o.key, 'key');
  ctx.write(() => {
    modelRow(ctx, name);
    if (ctx.stmt('DELETE FROM registered_model_tags WHERE name = ? AND key = ?').run(name, key).changes === 0) {
      throw notFound(`No tag with key '${key}' on registered model ${name}`);
    }
  });
}

function validateAlias(v: unknown): string {
  const alias = requireNonEmpty(v, 'alias');
  if (alias.length > 255 || !/^[\w-]+$/.test(alias)) {
    throw invalidParam(`Invalid alias '${alias}': aliases may only contain alphanumerics, underscores and dashes, up to 255 characters`);
  }
  // these would be ambiguous in models:/NAME/VERSION and models:/NAME/latest URIs
  if (alias.toLowerCase() === 'latest' || /^v\d+$/i.test(alias)) throw invalidParam(`Alias '${alias}' is reserved`);
  return alias;
}

export function setRegisteredModelAlias(ctx: StoreContext, req: { name: string; alias: string; version: string }): void {
  const o = asObject(req, 'the request');
  const name = modelName(o.name);
  const alias = validateAlias(o.alias);
  const version = parseVersion(o.version);
  ctx.write(() => {
    modelRow(ctx, name);
    versionRow(ctx, name, version);
    ctx.stmt('INSERT OR REPLACE INTO registered_model_aliases (name, alias, version) VALUES (?, ?, ?)').run(name, alias, version);
  });
}

export function deleteRegisteredModelAlias(ctx: StoreContext, req: { name: string; alias: string }): void {
  const o = asObject(req, 'the request');
  const name = modelName(o.name);
  const alias = requireNonEmpty(o.alias, 'alias');
  ctx.write(() => {
    modelRow(ctx, name);
    ctx.stmt('DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?').run(name, alias);
  });
}

export function getModelVersionByAlias(ctx: StoreContext, req: { name: string; alias: string }): { model_version: ModelVersion } {
  const o = asObject(req, 'the request');
  const name = modelName(o.name);
  const alias = requireNonEmpty(o.alias, 'alias');
  return ctx.read(() => {
    modelRow(ctx, name);
    const a = ctx.stmt('SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?').get(name, alias) as { version: number } | undefined;
    if (!a) throw notFound(`Registered model alias ${alias} not found for model ${name}`);
    return { model_version: loadVersions(ctx, [versionRow(ctx, name, a.version)])[0] };
  });
}

export function getLatestVersions(ctx: StoreContext, req: { name: string; stages?: string[] }): { model_versions: ModelVersion[] } {
  const o = asObject(req, 'the request');
  const name = modelName(o.name);
  const stages = optionalArray(o.stages, 'stages').map(canonicalStage);
  return ctx.read(() => {
    const all = loadModels(ctx, [modelRow(ctx, name)])[0].latest_versions;
    return { model_versions: stages.length ? all.filter((v) => stages.includes(v.current_stage)) : all };
  });
}

export function canonicalStage(v: unknown): ModelVersionStage {
  const s = requireNonEmpty(v, 'stage');
  const found = STAGES.find((st) => st.toLowerCase() === s.toLowerCase());
  if (!found) throw invalidParam(`Invalid Model Version stage: ${s}. Value must be one of ${STAGES.join(', ')}.`);
  return found;
}

export function createModelVersion(ctx: StoreContext, req: CreateModelVersionRequest): { model_version: ModelVersion } {
  const o = asObject(req, 'the request');
  const name = modelName(o.name);
  const source = requireNonEmpty(o.source, 'source');
  const fromSource = parseRunsUri(source);
  const runId = optionalString(o.run_id, 'run_id') || fromSource?.runId || '';
  if (fromSource && o.run_id && fromSource.runId !== o.run_id) {
    throw invalidParam(`The source '${source}' names run ${fromSource.runId} but run_id is ${String(o.run_id)}`);
  }
  const tags = optionalArray(o.tags, 'tags').map((t) => validateTag(t, MAX_REGISTRY_TAG_VAL_LENGTH));
  const description = optionalString(o.description, 'description') ?? '';
  const runLink = optionalString(o.run_link, 'run_link') ?? '';
  return ctx.write(() => {
    modelRow(ctx, name);
    if (runId) runRow(ctx, runId);
    const next = (ctx.stmt('SELECT coalesce(max(version), 0) + 1 AS v FROM model_versions WHERE name = ?').get(name) as { v: number }).v;
    const now = ctx.now();
    ctx
      .stmt(
        `INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, run_link, status, status_message)
         VALUES (?, ?, ?, ?, ?, '', 'None', ?, ?, ?, 'READY', '')`,
      )
      .run(name, next, now, now, description, source, runId, runLink);
    const insertTag = ctx.stmt('INSERT OR REPLACE INTO model_version_tags (name, version, key, value) VALUES (?, ?, ?, ?)');
    for (const t of tags) insertTag.run(name, next, t.key, t.value);
    ctx.stmt('UPDATE registered_models SET last_updated_time = ? WHERE name = ?').run(now, name);
    return { model_version: loadVersions(ctx, [versionRow(ctx, name, next)])[0] };
  });
}

function key(req: ModelVersionKey): { name: string; version: number } {
  const o = asObject(req, 'the request');
  return { name: modelName(o.name), version: parseVersion(o.version) };
}

export function getModelVersion(ctx: StoreContext, req: ModelVersionKey): { model_version: ModelVersion } {
  const { name, version } = key(req);
  return ctx.read(() => ({ model_version: loadVersions(ctx, [versionRow(ctx, name, version)])[0] }));
}

export function searchModelVersions(ctx: StoreContext, req: SearchModelVersionsRequest = {}): SearchModelVersionsResponse {
  const o = asObject(req ?? {}, 'the request');
  const size = maxResults(o.max_results, VERSIONS_DEFAULT, VERSIONS_LIMIT, 'search model versions');
  const offset = decodePageToken(o.page_token);
  const q = compileSearch(MODEL_VERSION_SPEC, optionalString(o.filter, 'filter'), o.order_by as string[] | undefined);
  const sql = `SELECT v.* FROM model_versions v ${q.joins.join(' ')}
    WHERE ${['v.current_stage != ?', ...q.where].join(' AND ')}
    ORDER BY ${[...q.orderBy, 'v.name ASC', 'v.version DESC'].join(', ')} LIMIT ? OFFSET ?`;
  return ctx.read(() => {
    const rows = ctx.db.prepare(sql).all(...q.joinParams, DELETED_STAGE, ...q.params, size + 1, offset) as VersionRow[];
    const { items, next_page_token } = page(rows, offset, size);
    return { model_versions: loadVersions(ctx, items), ...(next_page_token ? { next_page_token } : {}) };
  });
}

export function updateModelVersion(ctx: StoreContext, req: ModelVersionKey & { description?: string }): { model_version: ModelVersion } {
  const { name, version } = key(req);
  const description = optionalString((req as { description?: unknown }).description, 'description');
  return ctx.write(() => {
    versionRow(ctx, name, version);
    if (description !== undefined) {
      ctx.stmt('UPDATE model_versions SET description = ?, last_updated_time = ? WHERE name = ? AND version = ?').run(description, ctx.now(), name, version);
    }
    return { model_version: loadVersions(ctx, [versionRow(ctx, name, version)])[0] };
  });
}

export function deleteModelVersion(ctx: StoreContext, req: ModelVersionKey): void {
  const { name, version } = key(req);
  ctx.write(() => {
    versionRow(ctx, name, version);
    ctx
      .stmt(
        `UPDATE model_versions SET current_stage = ?, description = '', user_id = '', source = 'REDACTED-SOURCE-PATH', run_id = '', run_link = '',
           status_message = '', last_updated_time = ? WHERE name = ? AND version = ?`,
      )
      .run(DELETED_STAGE, ctx.now(), name, version);
    ctx.stmt('DELETE FROM model_version_tags WHERE name = ? AND version = ?').run(name, version);
    ctx.stmt('DELETE FROM registered_model_aliases WHERE name = ? AND version = ?').run(name, version);
  });
}

export function setModelVersionTag(ctx: StoreContext, req: ModelVersionKey & { key: string; value: string }): void {
  const { name, version } = key(req);
  const tag = validateTag({ key: req.key, value: req.value }, MAX_REGISTRY_TAG_VAL_LENGTH);
  ctx.write(() => {
    versionRow(ctx, name, version);
    ctx.stmt('INSERT OR REPLACE INTO model_version_tags (name, version, key, value) VALUES (?, ?, ?, ?)').run(name, version, tag.key, tag.value);
  });
}

export function deleteModelVersionTag(ctx: StoreContext, req: ModelVersionKey & { key: string }): void {
  const { name, version } = key(req);
  const k = requireString(req.key, 'key');
  validateKey(k, 'Tag');
  ctx.write(() => {
    versionRow(ctx, name, version);
    if (ctx.stmt('DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?').run(name, version, k).changes === 0) {
      throw notFound(`No tag with key '${k}' on model version ${name}/${version}`);
    }
  });
}

export function transitionModelVersionStage(
  ctx: StoreContext,
  req: ModelVersionKey & { stage: string; archive_existing_versions?: boolean },
): { model_version: ModelVersion } {
  const { name, version } = key(req);
  const stage = canonicalStage(req.stage);
  const archive = req.archive_existing_versions === true;
  return ctx.write(() => {
    versionRow(ctx, name, version);
    const now = ctx.now();
    if (archive && (stage === 'Staging' || stage === 'Production')) {
      ctx
        .stmt("UPDATE model_versions SET current_stage = 'Archived', last_updated_time = ? WHERE name = ? AND version != ? AND current_stage = ?")
        .run(now, name, version, stage);
    }
    ctx.stmt('UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE name = ? AND version = ?').run(stage, now, name, version);
    ctx.stmt('UPDATE registered_models SET last_updated_time = ? WHERE name = ?').run(now, name);
    return { model_version: loadVersions(ctx, [versionRow(ctx, name, version)])[0] };
  });
}

/** Where a version's files are: a `runs:/` source becomes the run's artifact URI plus the path. */
export function getModelVersionDownloadUri(ctx: StoreContext, req: ModelVersionKey): { artifact_uri: string } {
  const { name, version } = key(req);
  return ctx.read(() => {
    const v = versionRow(ctx, name, version);
    const runs = parseRunsUri(v.source);
    if (!runs) return { artifact_uri: v.source };
    const run = runRow(ctx, runs.runId);
    return { artifact_uri: runs.path ? `${run.artifact_uri.replace(/\/+$/, '')}/${runs.path}` : run.artifact_uri };
  });
}
