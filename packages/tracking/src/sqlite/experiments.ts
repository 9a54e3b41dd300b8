import { alreadyExists, invalidParam, invalidState, notFound } from '../errors.js';
import { joinUri } from '../artifacts/uri.js';
import { maxResults, decodePageToken, page } from '../paging.js';
import { compileSearch } from '../search/sql.js';
import { EXPERIMENT_SPEC } from '../search/specs.js';
import type { CreateExperimentRequest, Experiment, SearchExperimentsRequest, SearchExperimentsResponse, Tag } from '../types.js';
import { MAX_EXPERIMENT_TAG_VAL_LENGTH, asObject, optionalArray, optionalString, requireNonEmpty, requireString, validateKey, validateTag, validateViewType } from '../validation.js';
import type { StoreContext } from './context.js';
import { lifecycleCondition } from './lifecycle.js';

export const DEFAULT_EXPERIMENT_ID = '0';
const SEARCH_DEFAULT = 1000;
const SEARCH_LIMIT = 50000;

export interface ExperimentRow {
  experiment_id: number;
  name: string;
  artifact_location: string;
  lifecycle_stage: 'active' | 'deleted';
  creation_time: number;
  last_update_time: number;
}

export function parseExperimentId(v: unknown): number {
  const s = requireNonEmpty(typeof v === 'number' ? String(v) : v, 'experiment_id');
  if (!/^\d{1,15}$/.test(s)) throw invalidParam(`Invalid experiment ID '${s}': expected an integer`);
  return Number(s);
}

export function experimentRow(ctx: StoreContext, id: unknown): ExperimentRow {
  const n = parseExperimentId(id);
  const row = ctx.stmt('SELECT * FROM experiments WHERE experiment_id = ?').get(n) as ExperimentRow | undefined;
  if (!row) throw notFound(`No Experiment with id=${n} exists`);
  return row;
}

export function activeExperimentRow(ctx: StoreContext, id: unknown): ExperimentRow {
  const row = experimentRow(ctx, id);
  if (row.lifecycle_stage !== 'active') {
    throw invalidParam(`The experiment ${row.experiment_id} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
  }
  return row;
}

function loadExperiments(ctx: StoreContext, rows: ExperimentRow[]): Experiment[] {
  if (rows.length === 0) return [];
  const tags = ctx
    .stmt('SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN (SELECT value FROM json_each(?)) ORDER BY experiment_id, key')
    .all(JSON.stringify(rows.map((r) => r.experiment_id))) as Array<{ experiment_id: number; key: string; value: string }>;
  const byId = new Map<number, Tag[]>();
  for (const t of tags) {
    let list = byId.get(t.experiment_id);
    if (!list) byId.set(t.experiment_id, (list = []));
    list.push({ key: t.key, value: t.value });
  }
  return rows.map((r) => ({
    experiment_id: String(r.experiment_id),
    name: r.name,
    artifact_location: r.artifact_location,
    lifecycle_stage: r.lifecycle_stage,
    last_update_time: r.last_update_time,
    creation_time: r.creation_time,
    tags: byId.get(r.experiment_id) ?? [],
  }));
}

export function createExperiment(ctx: StoreContext, req: CreateExperimentRequest): { experiment_id: string } {
  const o = asObject(req, 'the request');
  const name = requireNonEmpty(o.name, 'name');
  const location = optionalString(o.artifact_location, 'artifact_location');
  const tags = optionalArray(o.tags, 'tags').map((t) => validateTag(t, MAX_EXPERIMENT_TAG_VAL_LENGTH));
  return ctx.write(() => {
    const existing = ctx.stmt('SELECT lifecycle_stage FROM experiments WHERE name = ?').get(name) as { lifecycle_stage: string } | undefined;
    if (existing) {
      throw alreadyExists(`Experiment(name=${name}) already exists${existing.lifecycle_stage === 'deleted' ? ' (deleted: restore it or choose another name)' : ''}`);
    }
    const now = ctx.now();
    const id = Number(
      ctx
        .stmt('INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?)')
        .run(name, location ?? '', 'active', now, now).lastInsertRowid,
    );
    if (!location) ctx.stmt('UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?').run(joinUri(ctx.defaultArtifactUri, String(id)), id);
    const insertTag = ctx.stmt('INSERT OR REPLACE INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)');
    for (const t of tags) insertTag.run(id, t.key, t.value);
    return { experiment_id: String(id) };
  });
}

export function getExperiment(ctx: StoreContext, req: { experiment_id: string }): { experiment: Experiment } {
  return ctx.read(() => ({ experiment: loadExperiments(ctx, [experimentRow(ctx, asObject(req, 'the request').experiment_id)])[0] }));
}

export function getExperimentByName(ctx: StoreContext, req: { experiment_name: string }): { experiment: Experiment } {
  const name = requireNonEmpty(asObject(req, 'the request').experiment_name, 'experiment_name');
  return ctx.read(() => {
    const row = ctx.stmt('SELECT * FROM experiments WHERE name = ?').get(name) as ExperimentRow | undefined;
    if (!row) throw notFound(`Could not find experiment with name '${name}'`);
    return { experiment: loadExperiments(ctx, [row])[0] };
  });
}

export function searchExperiments(ctx: StoreContext, req: SearchExperimentsRequest = {}): SearchExperimentsResponse {
  const o = asObject(req ?? {}, 'the request');
  const size = maxResults(o.max_results, SEARCH_DEFAULT, SEARCH_LIMIT, 'search experiments');
  const offset = decodePageToken(o.page_token);
  const view = validateViewType(o.view_type);
  const q = compileSearch(EXPERIMENT_SPEC, optionalString(o.filter, 'filter'), o.order_by as string[] | undefined);
  const sql = `SELECT e.* FROM experiments e ${q.joins.join(' ')}
    WHERE ${[lifecycleCondition('e', view), ...q.where].join(' AND ')}
    ORDER BY ${[...q.orderBy, 'e.creation_time DESC', 'e.experiment_id ASC'].join(', ')}
    LIMIT ? OFFSET ?`;
  return ctx.read(() => {
    const rows = ctx.db.prepare(sql).all(...q.joinParams, ...q.params, size + 1, offset) as ExperimentRow[];
    const { items, next_page_token } = page(rows, offset, size);
    return { experiments: loadExperiments(ctx, items), ...(next_page_token ? { next_page_token } : {}) };
  });
}

export function updateExperiment(ctx: StoreContext, req: { experiment_id: string; new_name: string }): void {
  const o = asObject(req, 'the request');
  const newName = requireNonEmpty(o.new_name, 'new_name');
  ctx.write(() => {
    const row = experimentRow(ctx, o.experiment_id);
    if (row.lifecycle_stage !== 'active') throw invalidState('Cannot rename a non-active experiment.');
    if (row.name === newName) return;
    if (ctx.stmt('SELECT 1 FROM experiments WHERE name = ?').get(newName)) throw alreadyExists(`Experiment(name=${newName}) already exists`);
    ctx.stmt('UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?').run(newName, ctx.now(), row.experiment_id);
  });
}

export function deleteExperiment(ctx: StoreContext, req: { experiment_id: string }): void {
  const o = asObject(req, 'the request');
  ctx.write(() => {
    const row = experimentRow(ctx, o.experiment_id);
    if (String(row.experiment_id) === DEFAULT_EXPERIMENT_ID) throw invalidParam('Cannot delete the default experiment (id 0)');
    if (row.lifecycle_stage === 'deleted') return;
    const now = ctx.now();
    ctx.stmt("UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = ? WHERE experiment_id = ?").run(now, row.experiment_id);
    // the runs go with their experiment, stamped with its deletion time so a restore brings back exactly these
    ctx.stmt("UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE experiment_id = ? AND lifecycle_stage = 'active'").run(now, row.experiment_id);
  });
}

export function restoreExperiment(ctx: StoreContext, req: { experiment_id: string }): void {
  const o = asObject(req, 'the request');
  ctx.write(() => {
    const row = experimentRow(ctx, o.experiment_id);
    if (row.lifecycle_stage !== 'deleted') throw invalidState(`Cannot restore an active experiment (id ${row.experiment_id}).`);
    const now = ctx.now();
    ctx.stmt("UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE experiment_id = ? AND lifecycle_stage = 'deleted' AND deleted_time = ?").run(row.experiment_id, row.last_update_time);
    ctx.stmt("UPDATE experiments SET lifecycle_stage = 'active', last_update_time = ? WHERE experiment_id = ?").run(now, row.experiment_id);
  });
}

export function setExperimentTag(ctx: StoreContext, req: { experiment_id: string; key: string; value: string }): void {
  const o = asObject(req, 'the request');
  const tag = validateTag({ key: o.key, value: o.value }, MAX_EXPERIMENT_TAG_VAL_LENGTH);
  ctx.write(() => {
    const row = activeExperimentRow(ctx, o.experiment_id);
    ctx.stmt('INSERT OR REPLACE INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)').run(row.experiment_id, tag.key, tag.value);
  });
}

export function deleteExperimentTag(ctx: StoreContext, req: { experiment_id: string; key: string }): void {
  const o = asObject(req, 'the request');
  const key = requireString(o.key, 'key');
  validateKey(key, 'Tag');
  ctx.write(() => {
    const row = activeExperimentRow(ctx, o.experiment_id);
    const r = ctx.stmt('DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?').run(row.experiment_id, key);
    if (r.changes === 0) throw notFound(`No tag with name: ${key} in experiment with id ${row.experiment_id}`);
  });
}
