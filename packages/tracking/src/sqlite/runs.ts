import { randomUUID } from 'node:crypto';
import { joinUri } from '../artifacts/uri.js';
import { invalidParam, invalidState, notFound } from '../errors.js';
import { generateRunName, newRunId } from '../names.js';
import { decodePageToken, maxResults, page } from '../paging.js';
import { compileSearch } from '../search/sql.js';
import { RUN_SPEC } from '../search/specs.js';
import type {
  CreateRunRequest,
  DatasetInput,
  GetMetricHistoryRequest,
  GetMetricHistoryResponse,
  LogBatchRequest,
  LogInputsRequest,
  Metric,
  Param,
  Run,
  RunInfo,
  SearchRunsRequest,
  SearchRunsResponse,
  Tag,
  UpdateRunRequest,
} from '../types.js';
import {
  MAX_ENTITIES_PER_BATCH,
  MAX_METRICS_PER_BATCH,
  MAX_PARAMS_TAGS_PER_BATCH,
  asObject,
  optionalArray,
  optionalString,
  requireString,
  validateKey,
  validateMetric,
  validateParam,
  validateRunId,
  validateRunStatus,
  validateTag,
  validateTimestamp,
  validateViewType,
} from '../validation.js';
import type { StoreContext } from './context.js';
import { DEFAULT_EXPERIMENT_ID, experimentRow, parseExperimentId } from './experiments.js';
import { lifecycleCondition } from './lifecycle.js';
import { loadRuns, metricOf, runInfo, type RunRow } from './run-rows.js';

export const RUN_NAME_TAG = 'mlflow.runName';
export const USER_TAG = 'mlflow.user';
const SEARCH_DEFAULT = 1000;
const SEARCH_LIMIT = 50000;
const HISTORY_LIMIT = 25000;

export function runRow(ctx: StoreContext, runId: unknown): RunRow {
  const id = validateRunId(runId);
  const row = ctx.stmt('SELECT * FROM runs WHERE run_uuid = ?').get(id) as RunRow | undefined;
  if (!row) throw notFound(`Run with id=${id} not found`);
  return row;
}

export function activeRunRow(ctx: StoreContext, runId: unknown): RunRow {
  const row = runRow(ctx, runId);
  if (row.lifecycle_stage !== 'active') {
    throw invalidParam(`The run ${row.run_uuid} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
  }
  return row;
}

export function createRun(ctx: StoreContext, req: CreateRunRequest): { run: Run } {
  const o = asObject(req ?? {}, 'the request');
  const experimentId = o.experiment_id === undefined || o.experiment_id === null ? DEFAULT_EXPERIMENT_ID : o.experiment_id;
  parseExperimentId(experimentId);
  const tags = optionalArray(o.tags, 'tags').map((t) => validateTag(t));
  const userId = optionalString(o.user_id, 'user_id') ?? ctx.defaultUser;
  const startTime = o.start_time === undefined || o.start_time === null ? ctx.now() : validateTimestamp(o.start_time, 'start_time');
  const tagName = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
  let runName = optionalString(o.run_name, 'run_name');
  if (runName !== undefined && runName !== '' && tagName !== undefined && tagName !== runName) {
    throw invalidParam(`Both 'run_name' argument and '${RUN_NAME_TAG}' tag are specified, but with different values (run_name='${runName}', ${RUN_NAME_TAG}='${tagName}').`);
  }
  runName = runName || tagName || generateRunName();
  const byKey = new Map<string, string>(tags.map((t) => [t.key, t.value]));
  byKey.set(RUN_NAME_TAG, runName);
  if (userId !== '' && !byKey.has(USER_TAG)) byKey.set(USER_TAG, userId);
  const runId = newRunId();
  return ctx.write(() => {
    const exp = experimentRow(ctx, experimentId);
    if (exp.lifecycle_stage !== 'active') throw invalidState(`Could not create run under non-active experiment with ID ${exp.experiment_id}.`);
    const artifactUri = joinUri(exp.artifact_location, runId, 'artifacts');
    ctx
      .stmt(
        `INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri)
         VALUES (?, ?, ?, ?, 'RUNNING', ?, NULL, 'active', ?)`,
      )
      .run(runId, runName, exp.experiment_id, userId, startTime, artifactUri);
    const insertTag = ctx.stmt('INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?)');
    for (const [k, v] of byKey) insertTag.run(runId, k, v);
    return { run: loadRuns(ctx, [runRow(ctx, runId)])[0] };
  });
}

export function getRun(ctx: StoreContext, req: { run_id: string }): { run: Run } {
  const o = asObject(req, 'the request');
  return ctx.read(() => ({ run: loadRuns(ctx, [runRow(ctx, o.run_id)])[0] }));
}

export function updateRun(ctx: StoreContext, req: UpdateRunRequest): { run_info: RunInfo } {
  const o = asObject(req, 'the request');
  const status = o.status === undefined || o.status === null ? undefined : validateRunStatus(o.status);
  const endTime = o.end_time === undefined || o.end_time === null ? undefined : validateTimestamp(o.end_time, 'end_time');
  const runName = optionalString(o.run_name, 'run_name');
  return ctx.write(() => {
    const row = activeRunRow(ctx, o.run_id);
    ctx
      .stmt('UPDATE runs SET status = coalesce(?, status), end_time = coalesce(?, end_time), name = coalesce(?, name) WHERE run_uuid = ?')
      .run(status ?? null, endTime ?? null, runName || null, row.run_uuid);
    if (runName) ctx.stmt('INSERT OR REPLACE INTO tags (run_uuid, key, value) VALUES (?, ?, ?)').run(row.run_uuid, RUN_NAME_TAG, runName);
    return { run_info: runInfo(runRow(ctx, row.run_uuid)) };
  });
}

export function deleteRun(ctx: StoreContext, req: { run_id: string }): void {
  const o = asObject(req, 'the request');
  ctx.write(() => {
    const row = runRow(ctx, o.run_id);
    if (row.lifecycle_stage === 'deleted') return;
    ctx.stmt("UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE run_uuid = ?").run(ctx.now(), row.run_uuid);
  });
}

export function restoreRun(ctx: StoreContext, req: { run_id: string }): void {
  const o = asObject(req, 'the request');
  ctx.write(() => {
    const row = runRow(ctx, o.run_id);
    ctx.stmt("UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE run_uuid = ?").run(row.run_uuid);
  });
}

export function searchRuns(ctx: StoreContext, req: SearchRunsRequest): SearchRunsResponse {
  const o = asObject(req ?? {}, 'the request');
  const expIds = optionalArray(o.experiment_ids, 'experiment_ids').map(parseExperimentId);
  const size = maxResults(o.max_results, SEARCH_DEFAULT, SEARCH_LIMIT, 'search runs');
  const offset = decodePageToken(o.page_token);
  const view = validateViewType(o.run_view_type);
  if (expIds.length === 0) return { runs: [] };
  const q = compileSearch(RUN_SPEC, optionalString(o.filter, 'filter'), o.order_by as string[] | undefined);
  const sql = `SELECT r.* FROM runs r ${q.joins.join(' ')}
    WHERE r.experiment_id IN (${expIds.map(() => '?').join(', ')}) AND ${[lifecycleCondition('r', view), ...q.where].join(' AND ')}
    ORDER BY ${[...q.orderBy, 'r.start_time DESC', 'r.run_uuid ASC'].join(', ')}
    LIMIT ? OFFSET ?`;
  return ctx.read(() => {
    const rows = ctx.db.prepare(sql).all(...q.joinParams, ...expIds, ...q.params, size + 1, offset) as RunRow[];
    const { items, next_page_token } = page(rows, offset, size);
    return { runs: loadRuns(ctx, items), ...(next_page_token ? { next_page_token } : {}) };
  });
}

export function logMetric(ctx: StoreContext, req: Metric & { run_id: string }): void {
  const o = asObject(req, 'the request');
  logBatch(ctx, { run_id: o.run_id as string, metrics: [{ key: o.key, value: o.value, timestamp: o.timestamp, step: o.step } as Metric] });
}

export function logParam(ctx: StoreContext, req: Param & { run_id: string }): void {
  const o = asObject(req, 'the request');
  logBatch(ctx, { run_id: o.run_id as string, params: [{ key: o.key, value: o.value } as Param] });
}

export function setTag(ctx: StoreContext, req: Tag & { run_id: string }): void {
  const o = asObject(req, 'the request');
  logBatch(ctx, { run_id: o.run_id as string, tags: [{ key: o.key, value: o.value } as Tag] });
}

export function deleteTag(ctx: StoreContext, req: { run_id: string; key: string }): void {
  const o = asObject(req, 'the request');
  const key = requireString(o.key, 'key');
  ctx.write(() => {
    const row = activeRunRow(ctx, o.run_id);
    const r = ctx.stmt('DELETE FROM tags WHERE run_uuid = ? AND key = ?').run(row.run_uuid, key);
    if (r.changes === 0) throw notFound(`No tag with name: ${key} in run with id ${row.run_uuid}`);
  });
}

/** Validates everything first, then writes everything in one transaction: a refused batch writes nothing. */
export function logBatch(ctx: StoreContext, req: LogBatchRequest): void {
  const o = asObject(req, 'the request');
  const rawMetrics = optionalArray(o.metrics, 'metrics');
  const rawParams = optionalArray(o.params, 'params');
  const rawTags = optionalArray(o.tags, 'tags');
  if (rawMetrics.length > MAX_METRICS_PER_BATCH) throw invalidParam(`A batch logging request can contain at most ${MAX_METRICS_PER_BATCH} metrics. Got ${rawMetrics.length} metrics.`);
  if (rawParams.length > MAX_PARAMS_TAGS_PER_BATCH) throw invalidParam(`A batch logging request can contain at most ${MAX_PARAMS_TAGS_PER_BATCH} params. Got ${rawParams.length} params.`);
  if (rawTags.length > MAX_PARAMS_TAGS_PER_BATCH) throw invalidParam(`A batch logging request can contain at most ${MAX_PARAMS_TAGS_PER_BATCH} tags. Got ${rawTags.length} tags.`);
  const total = rawMetrics.length + rawParams.length + rawTags.length;
  if (total > MAX_ENTITIES_PER_BATCH) throw invalidParam(`A batch logging request can contain at most ${MAX_ENTITIES_PER_BATCH} metrics, params and tags in total. Got ${total}.`);
  const metrics = rawMetrics.map(validateMetric);
  const params = rawParams.map(validateParam);
  const tags = rawTags.map((t) => validateTag(t));
  const paramValues = new Map<string, string>();
  for (const p of params) {
    const prev = paramValues.get(p.key);
    if (prev !== undefined && prev !== p.value) throw invalidParam(`Duplicate parameter keys have been submitted with different values: '${p.key}' ('${prev}' and '${p.value}').`);
    paramValues.set(p.key, p.value);
  }
  ctx.write(() => {
    const run = activeRunRow(ctx, o.run_id);
    const getParam = ctx.stmt('SELECT value FROM params WHERE run_uuid = ? AND key = ?');
    const insertParam = ctx.stmt('INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?)');
    for (const [key, value] of paramValues) {
      const existing = getParam.get(run.run_uuid, key) as { value: string } | undefined;
      if (existing === undefined) insertParam.run(run.run_uuid, key, value);
      else if (existing.value !== value) {
        throw invalidParam(
          `Changing param values is not allowed. Param with key='${key}' was already logged with value='${existing.value}' for run ID='${run.run_uuid}'. Attempted logging new value '${value}'.`,
        );
      }
    }
    const insertMetric = ctx.stmt('INSERT OR IGNORE INTO metrics (run_uuid, key, value, timestamp, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)');
    // MLflow's "latest" value of a metric: the highest (step, timestamp, value)
    const upsertLatest = ctx.stmt(
      `INSERT INTO latest_metrics (run_uuid, key, value, timestamp, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan
       WHERE (excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)`,
    );
    for (const m of metrics) {
      const isNan = Number.isNaN(m.value) ? 1 : 0;
      const value = isNan ? 0 : m.value;
      insertMetric.run(run.run_uuid, m.key, value, m.timestamp, m.step, isNan);
      upsertLatest.run(run.run_uuid, m.key, value, m.timestamp, m.step, isNan);
    }
    const upsertTag = ctx.stmt('INSERT OR REPLACE INTO tags (run_uuid, key, value) VALUES (?, ?, ?)');
    for (const t of tags) {
      upsertTag.run(run.run_uuid, t.key, t.value);
      // the run name lives in both places in MLflow; keep them in step
      if (t.key === RUN_NAME_TAG) ctx.stmt('UPDATE runs SET name = ? WHERE run_uuid = ?').run(t.value, run.run_uuid);
    }
  });
}

export function logInputs(ctx: StoreContext, req: LogInputsRequest): void {
  const o = asObject(req, 'the request');
  const inputs = optionalArray(o.datasets, 'datasets').map(validateDatasetInput);
  ctx.write(() => {
    const run = activeRunRow(ctx, o.run_id);
    const findDataset = ctx.stmt('SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?');
    const insertDataset = ctx.stmt(
      'INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const count = ctx.stmt('SELECT count(*) AS n FROM run_inputs WHERE run_uuid = ?');
    const insertInput = ctx.stmt('INSERT OR IGNORE INTO run_inputs (run_uuid, dataset_uuid, position, tags) VALUES (?, ?, ?, ?)');
    for (const input of inputs) {
      const d = input.dataset;
      // datasets are shared within an experiment by (name, digest), as in MLflow
      let uuid = (findDataset.get(run.experiment_id, d.name, d.digest) as { dataset_uuid: string } | undefined)?.dataset_uuid;
      if (!uuid) {
        uuid = randomUUID().replaceAll('-', '');
        insertDataset.run(uuid, run.experiment_id, d.name, d.digest, d.source_type, d.source, d.schema ?? null, d.profile ?? null);
      }
      const n = (count.get(run.run_uuid) as { n: number }).n;
      insertInput.run(run.run_uuid, uuid, n, JSON.stringify(input.tags));
    }
  });
}

function validateDatasetInput(v: unknown): DatasetInput {
  const o = asObject(v, 'dataset input');
  const d = asObject(o.dataset, 'dataset');
  const field = (name: string, required: boolean): string | undefined => {
    const x = d[name];
    if (x === undefined || x === null) {
      if (required) throw invalidParam(`Dataset is missing the required field '${name}'`);
      return undefined;
    }
    if (typeof x !== 'string') throw invalidParam(`Dataset field '${name}' must be a string`);
    return x;
  };
  const tags = optionalArray(o.tags, 'dataset input tags').map((t) => {
    const tt = asObject(t, 'input tag');
    return { key: requireString(tt.key, 'input tag key'), value: requireString(tt.value, 'input tag value') };
  });
  const schema = field('schema', false);
  const profile = field('profile', false);
  return {
    tags,
    dataset: {
      name: field('name', true)!,
      digest: field('digest', true)!,
      source_type: field('source_type', true)!,
      source: field('source', true)!,
      ...(schema !== undefined ? { schema } : {}),
      ...(profile !== undefined ? { profile } : {}),
    },
  };
}

/** Every logged point of one metric, ordered by step, then timestamp, then logging order. */
export function getMetricHistory(ctx: StoreContext, req: GetMetricHistoryRequest): GetMetricHistoryResponse {
  const o = asObject(req, 'the request');
  const key = validateKey(o.metric_key, 'Metric');
  const paged = o.max_results !== undefined && o.max_results !== null;
  const size = paged ? maxResults(o.max_results, HISTORY_LIMIT, HISTORY_LIMIT, 'get metric history') : -1;
  const offset = decodePageToken(o.page_token);
  return ctx.read(() => {
    const run = runRow(ctx, o.run_id);
    const rows = ctx
      .stmt('SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY step, timestamp, id LIMIT ? OFFSET ?')
      .all(run.run_uuid, key, paged ? size + 1 : -1, offset) as Array<{ key: string; value: number; timestamp: number; step: number; is_nan: number }>;
    if (!paged) return { metrics: rows.map(metricOf) };
    const { items, next_page_token } = page(rows, offset, size);
    return { metrics: items.map(metricOf), ...(next_page_token ? { next_page_token } : {}) };
  });
}

export function readRun(ctx: StoreContext, runId: unknown): RunRow {
  return ctx.read(() => runRow(ctx, runId));
}
