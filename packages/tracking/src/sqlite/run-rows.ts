import type { DatasetInput, LifecycleStage, Metric, Param, Run, RunInfo, RunStatus, Tag } from '../types.js';
import type { StoreContext } from './context.js';

export interface RunRow {
  run_uuid: string;
  name: string;
  experiment_id: number;
  user_id: string;
  status: RunStatus;
  start_time: number;
  end_time: number | null;
  lifecycle_stage: LifecycleStage;
  artifact_uri: string;
  deleted_time: number | null;
}

export function runInfo(r: RunRow): RunInfo {
  return {
    run_id: r.run_uuid,
    run_uuid: r.run_uuid,
    run_name: r.name,
    experiment_id: String(r.experiment_id),
    user_id: r.user_id,
    status: r.status,
    start_time: r.start_time,
    ...(r.end_time !== null ? { end_time: r.end_time } : {}),
    artifact_uri: r.artifact_uri,
    lifecycle_stage: r.lifecycle_stage,
  };
}

export function metricOf(row: { key: string; value: number; timestamp: number; step: number; is_nan: number }): Metric {
  return { key: row.key, value: row.is_nan ? NaN : row.value, timestamp: row.timestamp, step: row.step };
}

function group<T>(rows: Array<{ run_uuid: string } & T>, map: (row: T) => unknown): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const r of rows) {
    let list = out.get(r.run_uuid);
    if (!list) out.set(r.run_uuid, (list = []));
    list.push(map(r));
  }
  return out;
}

/**
 * Whole runs for a page of rows, in the rows' order: five set queries whatever the page size (the ids travel as
 * one JSON parameter, so there is no limit on bound variables).
 */
export function loadRuns(ctx: StoreContext, rows: RunRow[]): Run[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.run_uuid));
  const IN = 'run_uuid IN (SELECT value FROM json_each(?))';
  type KV = { key: string; value: string };
  type M = { key: string; value: number; timestamp: number; step: number; is_nan: number };
  const metrics = group(ctx.stmt(`SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE ${IN} ORDER BY run_uuid, key`).all(ids) as Array<{ run_uuid: string } & M>, metricOf);
  const params = group(ctx.stmt(`SELECT run_uuid, key, value FROM params WHERE ${IN} ORDER BY run_uuid, key`).all(ids) as Array<{ run_uuid: string } & KV>, (p): Param => ({ key: p.key, value: p.value }));
  const tags = group(ctx.stmt(`SELECT run_uuid, key, value FROM tags WHERE ${IN} ORDER BY run_uuid, key`).all(ids) as Array<{ run_uuid: string } & KV>, (t): Tag => ({ key: t.key, value: t.value }));
  type I = { name: string; digest: string; source_type: string; source: string; schema: string | null; profile: string | null; tags: string };
  const inputs = group(
    ctx
      .stmt(
        `SELECT i.run_uuid, i.tags, d.name, d.digest, d.source_type, d.source, d.schema, d.profile
         FROM run_inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid WHERE i.${IN} ORDER BY i.run_uuid, i.position`,
      )
      .all(ids) as Array<{ run_uuid: string } & I>,
    (i): DatasetInput => ({
      tags: JSON.parse(i.tags) as DatasetInput['tags'],
      dataset: {
        name: i.name,
        digest: i.digest,
        source_type: i.source_type,
        source: i.source,
        ...(i.schema !== null ? { schema: i.schema } : {}),
        ...(i.profile !== null ? { profile: i.profile } : {}),
      },
    }),
  );
  return rows.map((r) => ({
    info: runInfo(r),
    data: {
      metrics: (metrics.get(r.run_uuid) ?? []) as Metric[],
      params: (params.get(r.run_uuid) ?? []) as Param[],
      tags: (tags.get(r.run_uuid) ?? []) as Tag[],
    },
    inputs: { dataset_inputs: (inputs.get(r.run_uuid) ?? []) as DatasetInput[] },
  }));
}
